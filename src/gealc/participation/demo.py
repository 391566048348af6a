"""Demo participation: stakeholders of every sector from several countries (their
organisations verified, one newcomer pending), two closed consultations with their published
summaries (one on the framework, with comments per dimension and indicator; one on the work
plan), and one open consultation with contributions, a thread, reported and hidden ones.

Everything is fictional, titled "(demo)" and flagged ``is_demo``; it is written through the
real services, deterministically (fixed names, texts and dates; only the open consultation is
placed around the day the demo is loaded, so that it is open), and notifies nobody. Loading
twice writes nothing: it is skipped when demo consultations exist.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils import timezone

from gealc.core.demo_loading import DemoAccount
from gealc.groups.models import WorkPlan
from gealc.measurement import services as measurement_services
from gealc.measurement.models import FrameworkVersion
from gealc.network import services as network_services
from gealc.network.models import Country
from gealc.notifications.services import muted
from gealc.participation import services
from gealc.participation.models import Consultation, Contribution, Question, Stakeholder
from gealc.participation.services import NewOrganisation, QuestionInput

PASSWORD = "demo-password"
UTC = datetime.UTC


@dataclass(frozen=True)
class StakeholderSpec:
    username: str
    name: str
    sector: str
    iso3: str
    organisation: str
    languages: tuple[str, ...]


STAKEHOLDERS = [
    StakeholderSpec(
        "stakeholder",
        "Pablo Sociedad",
        "civil_society",
        "URY",
        "Observatorio Cívico Digital (demo)",
        ("es",),
    ),
    StakeholderSpec(
        "academia-bra",
        "Beatriz Universidade",
        "academia",
        "BRA",
        "Laboratório de Governo Digital (demo)",
        ("pt", "es"),
    ),
    StakeholderSpec(
        "private-mex",
        "Mateo Empresa",
        "private_sector",
        "MEX",
        "Cámara de Tecnología (demo)",
        ("es", "en"),
    ),
    StakeholderSpec(
        "technical-chl",
        "Camila Técnica",
        "technical_community",
        "CHL",
        "Comunidad de Software Público (demo)",
        ("es",),
    ),
    StakeholderSpec(
        "international-col",
        "Laura Internacional",
        "international_organisation",
        "COL",
        "Alianza Regional de Datos (demo)",
        ("es", "en", "fr"),
    ),
    StakeholderSpec(
        "civil-jam",
        "Andre Civic",
        "civil_society",
        "JAM",
        "Caribbean Open Government Forum (demo)",
        ("en",),
    ),
]
PENDING = StakeholderSpec(
    "stakeholder-pending",
    "Nuevo Participante",
    "academia",
    "PER",
    "Instituto de Estudios Digitales (demo)",
    ("es",),
)
ACCOUNTS = [
    DemoAccount(
        "stakeholder-pending",
        PASSWORD,
        "stakeholder",
        "Registered as a stakeholder, waiting for verification: reads and follows.",
    ),
    DemoAccount(
        "academia-bra",
        PASSWORD,
        "stakeholder",
        "Verified stakeholder from academia in Brazil: contributes and reports.",
    ),
]


def _at(year: int, month: int, day: int, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=UTC)


def _texts(field: str, es: str, en: str, pt: str = "", fr: str = "") -> dict[str, str]:
    return {f"{field}_es": es, f"{field}_en": en, f"{field}_pt": pt or en, f"{field}_fr": fr or en}


def load() -> list[DemoAccount]:
    if Consultation.objects.filter(is_demo=True).exists():
        return ACCOUNTS
    admin = User.objects.get(username="admin")
    with muted():
        people = _stakeholders(admin)
        _framework_consultation(admin, people)
        _plan_consultation(admin, people)
        _open_consultation(admin, people)
    return ACCOUNTS


# Stakeholders ---------------------------------------------------------------------------------


def _stakeholder(spec: StakeholderSpec) -> User | None:
    country = Country.objects.filter(iso3=spec.iso3).first()
    if country is None:
        return None
    user = network_services.demo_account_ensure(
        username=spec.username, email=f"{spec.username}@example.org", password=PASSWORD
    )
    services.demo_address_confirm(user=user)
    if not Stakeholder.objects.filter(user=user).exists():
        services.stakeholder_register(
            actor=user,
            display_name=spec.name,
            sector=spec.sector,
            country=country,
            languages=spec.languages,
            new_organisation=NewOrganisation(spec.organisation, "https://example.org/"),
            is_demo=True,
        )
    return user


def _stakeholders(admin: User) -> list[User]:
    people = []
    for spec in STAKEHOLDERS:
        user = _stakeholder(spec)
        if user is not None:
            services.stakeholder_verify(actor=admin, stakeholder=user.stakeholder)
            people.append(user)
    _stakeholder(PENDING)
    return people


# Consultations --------------------------------------------------------------------------------


def _consultation(
    admin: User,
    *,
    title: tuple[str, str],
    description: tuple[str, str],
    subject: str,
    subject_object: object,
    opens: datetime.datetime,
    closes: datetime.datetime,
    questions: list[QuestionInput],
) -> Consultation:
    """A consultation with its questions (on a framework: a comment question per dimension
    and indicator too), announced and opened at ``opens``."""
    consultation = services.consultation_create(
        actor=admin,
        data={
            **_texts("title", *title),
            **_texts("description", *description),
            "opens_at": opens,
            "closes_at": closes,
            "time_zone": "America/Montevideo",
            "languages": ["es", "pt", "en", "fr"],
        },
        subject=subject,
        subject_object=subject_object,
        questions=questions,
        is_demo=True,
    )
    services.consultation_announce(actor=admin, consultation=consultation)
    services.consultation_open(actor=admin, consultation=consultation, now=opens)
    return consultation


def _options(*labels: tuple[str, str]) -> list[dict[str, str]]:
    return [_texts("label", es, en) for es, en in labels]


PRIORITIES = _options(
    ("Identidad digital", "Digital identity"),
    ("Interoperabilidad", "Interoperability"),
    ("Datos abiertos", "Open data"),
    ("Ciberseguridad", "Cybersecurity"),
)
COMMENTS = [
    ("Conviene medir también la accesibilidad de los servicios.", "es"),
    ("Sugerimos separar los servicios transaccionales de los informativos.", "es"),
    ("Os dados deveriam ser publicados em formato aberto.", "pt"),
    ("The indicator should count services used, not only those offered.", "en"),
    ("Hace falta una definición común de trámite en línea.", "es"),
    ("Please publish the evidence links with each value.", "en"),
]


def _answer(user: User, question: Question, when: datetime.datetime, index: int) -> Contribution:
    """A deterministic answer of the right kind for the ``index``-th participant."""
    options = list(question.options.values_list("pk", flat=True))
    text, language = COMMENTS[index % len(COMMENTS)]
    answer: dict[str, object] = {"language": language, "text": ""}
    if question.kind == Question.Kind.TEXT:
        answer["text"] = text
    elif question.kind == Question.Kind.SINGLE:
        answer["choices"] = [options[index % 2]]
    elif question.kind == Question.Kind.MULTIPLE:
        answer["choices"] = options[: 1 + index % len(options)]
    elif question.kind == Question.Kind.SCALE:
        answer["scale"] = 3 + index % 3
    else:
        shift = index % len(options)
        answer["choices"] = options[shift:] + options[:shift]
    moment = when + datetime.timedelta(hours=index * 5)
    return services.contribution_submit(
        actor=user, question=question, now=moment, **answer
    ).instance


def _contribute(
    people: list[User], consultation: Consultation, when: datetime.datetime, limit: int = 0
) -> list[Contribution]:
    saved = []
    for index, user in enumerate(people):
        for question in list(consultation.questions.all())[: limit or None]:
            saved.append(_answer(user, question, when + datetime.timedelta(days=index), index))
    return saved


def _publish(admin: User, consultation: Consultation, synthesis: tuple[str, str]) -> None:
    closes = consultation.closes_at
    services.consultation_close(actor=admin, consultation=consultation, now=closes)
    data = {
        **_texts("synthesis", *synthesis),
        **_texts(
            "response",
            "La red incorporará las propuestas con más apoyo en su próxima versión.",
            "The network will take up the most supported proposals in its next version.",
        ),
    }
    services.consultation_publish_summary(
        actor=admin,
        consultation=consultation,
        data=data,
        now=closes + datetime.timedelta(days=14),
    )


def _draft_framework(admin: User) -> FrameworkVersion | None:
    """The demo framework's latest version if it is a draft, else the draft of its next one:
    people comment on a draft (the versions the demo's rounds use are frozen)."""
    latest = FrameworkVersion.objects.filter(is_demo=True).order_by("-created_at").first()
    if latest is None or not latest.is_frozen:
        return latest
    document = measurement_services.framework_export(version=latest)
    following = f"{int(latest.version.split('.')[0]) + 1}.1"
    document["framework"].update(version=following, previous=latest.version)
    return measurement_services.framework_import(actor=admin, document=document, is_demo=True)


def _framework_consultation(admin: User, people: list[User]) -> None:
    framework = _draft_framework(admin)
    if framework is None:
        return
    opens, closes = _at(2025, 3, 3), _at(2025, 4, 30, 23)
    consultation = _consultation(
        admin,
        title=(
            f"Consulta sobre el marco {framework} (demo)",
            f"Consultation on the framework {framework} (demo)",
        ),
        description=(
            "Comente cada dimensión e indicador del marco de medición.",
            "Comment on each dimension and indicator of the measurement framework.",
        ),
        subject=Consultation.Subject.FRAMEWORK,
        subject_object=framework,
        opens=opens,
        closes=closes,
        questions=[
            QuestionInput(
                kind=Question.Kind.SCALE,
                text=_texts(
                    "text",
                    "¿Cuán útil es el marco para comparar países?",
                    "How useful is the framework to compare countries?",
                ),
            )
        ],
    )
    _contribute(people, consultation, opens + datetime.timedelta(days=1), limit=4)
    _publish(
        admin,
        consultation,
        (
            "Los participantes valoran el marco y piden medir el uso de los servicios.",
            "Participants value the framework and ask to measure the use of services.",
        ),
    )


def _plan_consultation(admin: User, people: list[User]) -> None:
    plan = WorkPlan.objects.filter(is_demo=True).order_by("-year").first()
    if plan is None:
        return
    opens, closes = _at(plan.year - 1, 10, 1), _at(plan.year - 1, 11, 15, 23)
    consultation = _consultation(
        admin,
        title=(
            f"Prioridades del plan de trabajo {plan.year} (demo)",
            f"Priorities of the {plan.year} work plan (demo)",
        ),
        description=(
            "¿En qué debería concentrarse la red el próximo año?",
            "What should the network focus on next year?",
        ),
        subject=Consultation.Subject.WORK_PLAN,
        subject_object=plan,
        opens=opens,
        closes=closes,
        questions=[
            QuestionInput(
                kind=Question.Kind.SINGLE,
                text=_texts("text", "¿Cuál es la primera prioridad?", "What comes first?"),
                options=PRIORITIES,
            ),
            QuestionInput(
                kind=Question.Kind.MULTIPLE,
                text=_texts("text", "¿Qué líneas apoya?", "Which lines do you support?"),
                options=PRIORITIES,
            ),
            QuestionInput(
                kind=Question.Kind.RANKING,
                text=_texts("text", "Ordene las líneas", "Rank the lines"),
                options=PRIORITIES,
            ),
            QuestionInput(
                kind=Question.Kind.TEXT,
                text=_texts("text", "¿Qué más debería hacer la red?", "What else?"),
            ),
        ],
    )
    _contribute(people, consultation, opens + datetime.timedelta(days=2))
    _publish(
        admin,
        consultation,
        (
            "La identidad digital y la interoperabilidad encabezan las prioridades.",
            "Digital identity and interoperability lead the priorities.",
        ),
    )


def _open_consultation(admin: User, people: list[User]) -> None:
    today = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    opens, closes = today - datetime.timedelta(days=10), today + datetime.timedelta(days=50)
    consultation = _consultation(
        admin,
        title=(
            "Hoja de ruta regional de identidad digital (demo)",
            "Regional digital identity roadmap (demo)",
        ),
        description=(
            "La red prepara una hoja de ruta común: ¿qué debería incluir?",
            "The network is preparing a common roadmap: what should it include?",
        ),
        subject=Consultation.Subject.TOPIC,
        subject_object=None,
        opens=opens,
        closes=closes,
        questions=[
            QuestionInput(
                kind=Question.Kind.TEXT,
                text=_texts(
                    "text", "¿Qué debería incluir la hoja de ruta?", "What should it include?"
                ),
            ),
            QuestionInput(
                kind=Question.Kind.SCALE,
                text=_texts("text", "¿Qué urgencia tiene?", "How urgent is it?"),
            ),
        ],
    )
    answers = _contribute(people, consultation, opens + datetime.timedelta(days=1))
    _moderation(admin, people, [a for a in answers if a.question.kind == Question.Kind.TEXT])


def _moderation(admin: User, people: list[User], texts: list[Contribution]) -> None:
    """One answer reported once (pending review), one hidden after three reports, one hidden
    by the secretariat, and a reply in a thread."""
    if len(texts) < 3 or len(people) < 5:
        return
    services.contribution_report(actor=people[1], contribution=texts[0], reason="off_topic")
    for reporter in people[2:5]:
        services.contribution_report(actor=reporter, contribution=texts[1], reason="spam")
    services.contribution_hide(
        actor=admin,
        contribution=texts[2],
        reason="Datos personales de terceros / Personal data of others",
    )
    member = User.objects.filter(username="delegate-ury").first()
    if member is not None:
        services.contribution_reply(
            actor=member,
            parent=texts[3],
            language="es",
            text="Gracias: el grupo de identidad digital lo tendrá en cuenta.",
            now=texts[3].created_at + datetime.timedelta(days=1),
        )
