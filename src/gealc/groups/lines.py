"""The network's eight working lines in the four languages of the site, and the index
dimension each works on. Seeded by the data migration ``0002_working_lines`` and again after
every ``migrate`` and ``flush`` (a ``post_migrate`` receiver in ``apps.py``) by
``services.working_lines_sync``, so they are always there; a line's names and dimension are
kept equal to this declaration."""

from __future__ import annotations

WORKING_LINES = [
    (
        "digital-identity",
        {
            "es": "Identidad y firma digital",
            "pt": "Identidade e assinatura digital",
            "en": "Digital identity and signature",
            "fr": "Identité et signature numériques",
        },
    ),
    (
        "interoperability",
        {
            "es": "Interoperabilidad",
            "pt": "Interoperabilidade",
            "en": "Interoperability",
            "fr": "Interopérabilité",
        },
    ),
    (
        "public-software",
        {
            "es": "Software público",
            "pt": "Software público",
            "en": "Public software",
            "fr": "Logiciels publics",
        },
    ),
    (
        "open-data",
        {
            "es": "Datos abiertos",
            "pt": "Dados abertos",
            "en": "Open data",
            "fr": "Données ouvertes",
        },
    ),
    (
        "measurement",
        {"es": "Medición", "pt": "Medição", "en": "Measurement", "fr": "Mesure"},
    ),
    (
        "cybersecurity",
        {
            "es": "Ciberseguridad",
            "pt": "Cibersegurança",
            "en": "Cybersecurity",
            "fr": "Cybersécurité",
        },
    ),
    (
        "emerging-technologies",
        {
            "es": "Tecnologías emergentes",
            "pt": "Tecnologias emergentes",
            "en": "Emerging technologies",
            "fr": "Technologies émergentes",
        },
    ),
    (
        "innovation",
        {"es": "Innovación", "pt": "Inovação", "en": "Innovation", "fr": "Innovation"},
    ),
]


# The index dimension each line works on (GEALC-DGI codes), to set training against scores.
DIMENSIONS = {
    "digital-identity": "signature_identity",
    "interoperability": "interoperability",
    "public-software": "public_software",
}
