"""The network's eight working lines, in the four languages of the site."""

from django.db import migrations

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


def seed(apps, schema_editor):
    WorkingLine = apps.get_model("groups", "WorkingLine")
    for order, (slug, names) in enumerate(WORKING_LINES, start=1):
        fields = {f"name_{code}": name for code, name in names.items()}
        WorkingLine.objects.update_or_create(
            slug=slug,
            defaults={
                "order": order,
                "name": names["es"],
                "dimension_code": DIMENSIONS.get(slug, ""),
                **fields,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
