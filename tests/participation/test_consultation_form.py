"""The secretariat creates and changes a consultation on its pages, through
``consultation_create`` and ``consultation_update``: who may (the secretariat only), the
field named on bad input with nothing saved, and questions that keep their answers (wording
fixes only). A framework consultation is on a draft version, and takes no contribution once a
round uses that version."""

from __future__ import annotations

import datetime
from importlib import resources

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from gealc.measurement import services as measurement_services
from gealc.measurement.models import FrameworkVersion
from gealc.participation import services
from gealc.participation.models import Consultation, Contribution, Option, Question
from gealc.participation.services import QuestionInput
from tests.participation.conftest import english_client as _client
from tests.participation.conftest import english_url as _url
from tests.participation.conftest import option_ids, question

pytestmark = pytest.mark.django_db


def _management(total: int, initial: int = 0) -> dict[str, str]:
    return {
        "questions-TOTAL_FORMS": str(total),
        "questions-INITIAL_FORMS": str(initial),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "200",
    }


def _new(**changes: str) -> dict[str, str]:
    data = {
        "subject": "topic",
        "title_en": "Open standards (test)",
        "description_en": "Which standards should the network adopt?",
        "opens_at": "2030-03-01T09:00",
        "closes_at": "2030-04-01T18:00",
        "time_zone": "America/Montevideo",
        "languages": ["es", "en"],
        **_management(2),
        "questions-0-kind": "single",
        "questions-0-text_en": "Which first?",
        "questions-0-options": "ODF\nPDF/A",
        "questions-1-kind": "text",
        "questions-1-text_en": "Why?",
    }
    data.update(changes)
    return data


def test_only_the_secretariat_opens_the_pages(
    secretariat: User, verified: User, member_ury: User, consultation: Consultation
) -> None:
    create, edit = _url("consultation_create"), _url("consultation_edit", consultation.slug)
    for user in (verified, member_ury):
        assert _client(user).get(create).status_code == 403
        assert _client(user).get(edit).status_code == 403
        assert _client(user).post(create, _new()).status_code == 403
    assert _client().get(create).status_code == 302  # to the sign-in page
    assert _client().post(edit, {}).status_code == 302
    assert _client(secretariat).get(create).status_code == 200
    page = _client(secretariat).get(edit)
    assert page.status_code == 200
    assert b"Digital identity roadmap (test)" in page.content
    assert Consultation.objects.count() == 1


def test_the_secretariat_creates_a_draft_with_its_questions(secretariat: User) -> None:
    response = _client(secretariat).post(_url("consultation_create"), _new())
    assert response.status_code == 302
    made = Consultation.objects.get()
    assert made.is_draft
    assert made.title_en == "Open standards (test)"
    assert made.time_zone == "America/Montevideo"
    assert made.opens_at == datetime.datetime(2030, 3, 1, 12, tzinfo=datetime.UTC)
    assert [q.kind for q in made.questions.all()] == ["single", "text"]
    assert [o.label_en for o in question(made, "single").options.all()] == ["ODF", "PDF/A"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"closes_at": "2030-02-01T09:00"}, "closes_at", "closes after it opens"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Unknown time zone"),
        ({"questions-0-options": "Only one"}, "questions-0-options", "at least two options"),
        ({"questions-1-options": "A\nB"}, "questions-1-options", "Only a choice or a ranking"),
        ({"title_en": ""}, "title_es", "at least one language"),
        ({"questions-1-kind": ""}, "questions-1-kind", "kind of question"),
        ({"subject": "practice"}, "practice", "Choose what this consultation is on"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(
    secretariat: User, changes: dict[str, str], field: str, message: str
) -> None:
    response = _client(secretariat).post(_url("consultation_create"), _new(**changes))
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert f'id="id_{field}"' in content
    assert not Consultation.objects.exists()
    assert not Question.objects.exists()


def test_a_framework_consultation_is_on_a_draft_version(secretariat: User) -> None:
    document = resources.files("gealc.measurement").joinpath("data/gealc-dgi-2025.1.yaml")
    framework = measurement_services.framework_import(
        actor=secretariat, document=document.read_text(encoding="utf-8")
    )
    FrameworkVersion.objects.filter(pk=framework.pk).update(status="frozen")
    refused = _client(secretariat).post(
        _url("consultation_create"), _new(subject="framework", framework=str(framework.pk))
    )
    assert refused.status_code == 400
    assert not Consultation.objects.exists()
    framework.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.consultation_create(
            actor=secretariat,
            data={"title_en": "On a frozen version", **_dates()},
            subject="framework",
            subject_object=framework,
        )
    assert "no longer a draft" in error.value.message_dict["framework"][0]
    assert not Consultation.objects.exists()


def _dates() -> dict[str, datetime.datetime]:
    now = timezone.now()
    return {
        "opens_at": now - datetime.timedelta(hours=1),
        "closes_at": now + datetime.timedelta(days=3),
    }


def test_contributions_stop_once_the_framework_version_is_used(
    secretariat: User, verified: User, english: None
) -> None:
    document = resources.files("gealc.measurement").joinpath("data/gealc-dgi-2025.1.yaml")
    framework = measurement_services.framework_import(
        actor=secretariat, document=document.read_text(encoding="utf-8")
    )
    made = services.consultation_create(
        actor=secretariat,
        data={"title_en": "On the draft", **_dates()},
        subject="framework",
        subject_object=framework,
    )
    assert made.questions.filter(indicator__isnull=False).exists()
    services.consultation_announce(actor=secretariat, consultation=made)
    services.consultation_open(actor=secretariat, consultation=made)
    first = made.questions.first()
    services.contribution_submit(actor=verified, question=first, language="en", text="Fine")
    FrameworkVersion.objects.filter(pk=framework.pk).update(status="frozen")
    with pytest.raises(ValidationError, match="no longer a draft"):
        services.contribution_submit(actor=verified, question=first, language="en", text="Late")
    assert Contribution.objects.get().text == "Fine"


def _row(item: Question, **changes: object) -> QuestionInput:
    values: dict[str, object] = {
        "kind": item.kind,
        "text": {"text_en": item.text_en or ""},
        "options": [{"label_en": o.label_en} for o in item.options.all()],
        "pk": item.pk,
    }
    values.update(changes)
    return QuestionInput(**values)  # type: ignore[arg-type]


def test_answered_questions_take_wording_fixes_only(
    secretariat: User, verified: User, consultation: Consultation, english: None
) -> None:
    single = question(consultation, "single")
    services.contribution_submit(
        actor=verified, question=single, language="en", choices=[option_ids(single)[0]]
    )
    others = [_row(q) for q in consultation.questions.exclude(pk=single.pk)]
    reworded = _row(
        single,
        text={"text_en": "Which one first?"},
        options=[{"label_en": "Identity (eID)"}, {"label_en": "Signature"}, {"label_en": "Wallet"}],
    )
    services.consultation_update(
        actor=secretariat, consultation=consultation, data={}, questions=[reworded, *others]
    )
    single.refresh_from_db()
    assert single.text_en == "Which one first?"
    assert single.options.first().label_en == "Identity (eID)"
    assert Contribution.objects.get().choices == [option_ids(single)[0]]
    refusals = [
        [_row(single, kind="multiple"), *others],
        [_row(single, options=[{"label_en": "Identity"}, {"label_en": "Signature"}]), *others],
        others,  # removed
    ]
    options = list(Option.objects.values_list("pk", "label_en"))
    for questions in refusals:
        with pytest.raises(ValidationError, match="has answers"):
            services.consultation_update(
                actor=secretariat,
                consultation=consultation,
                data={"title_en": "Renamed"},
                questions=questions,
            )
    consultation.refresh_from_db()
    assert consultation.title_en == "Digital identity roadmap (test)"  # nothing partial
    assert list(Option.objects.values_list("pk", "label_en")) == options
    assert consultation.questions.count() == 5


def test_unanswered_questions_change_and_a_closed_consultation_does_not(
    secretariat: User, consultation: Consultation, english: None
) -> None:
    ranking = question(consultation, "ranking")
    rows = [_row(q) for q in consultation.questions.exclude(pk=ranking.pk)]
    rows.append(_row(ranking, kind="text", options=[]))
    services.consultation_update(
        actor=secretariat, consultation=consultation, data={}, questions=rows
    )
    ranking.refresh_from_db()
    assert ranking.kind == "text"
    assert not ranking.options.exists()
    services.consultation_close(actor=secretariat, consultation=consultation)
    with pytest.raises(ValidationError, match="closed consultation"):
        services.consultation_update(
            actor=secretariat, consultation=consultation, data={"title_en": "Later"}
        )


def test_the_edit_page_refuses_orphaning_answers_with_a_message(
    secretariat: User, verified: User, consultation: Consultation
) -> None:
    text = question(consultation, "text")
    services.contribution_submit(actor=verified, question=text, language="en", text="Mine")
    page = _client(secretariat).get(_url("consultation_edit", consultation.slug))
    data = {}
    form = page.context["form"]
    for name, value in form.initial.items():
        if value is not None:
            data[name] = value if isinstance(value, list) else str(value)
    data["opens_at"] = timezone.localtime(consultation.opens_at, consultation.zone).strftime(
        "%Y-%m-%dT%H:%M"
    )
    data["closes_at"] = consultation.local_closes.strftime("%Y-%m-%dT%H:%M")
    rows = page.context["questions"]
    data.update(_management(len(rows.forms), len(rows.initial)))
    for index, row in enumerate(rows.forms):
        for name, value in row.initial.items():
            data[f"questions-{index}-{name}"] = "" if value is None else str(value)
    position = [r.initial.get("question") for r in rows.forms].index(text.pk)
    data[f"questions-{position}-DELETE"] = "on"
    response = _client(secretariat).post(_url("consultation_edit", consultation.slug), data)
    assert response.status_code == 400
    assert "has answers: it cannot be removed" in response.content.decode().replace("&quot;", '"')
    assert Question.objects.filter(pk=text.pk).exists()
    data.pop(f"questions-{position}-DELETE")
    data[f"questions-{position}-text_en"] = "What should change, and why?"
    assert (
        _client(secretariat).post(_url("consultation_edit", consultation.slug), data).status_code
        == 302
    )
    text.refresh_from_db()
    assert text.text_en == "What should change, and why?"
