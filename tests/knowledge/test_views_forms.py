"""The knowledge hub's forms: each change goes through the services, invalid or refused input
changes nothing and says why, next to the field it concerns."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from gealc.knowledge.models import (
    DatasetStatus,
    MaturityAssessment,
    OpenDataSet,
    Practice,
    SoftwareEntry,
)
from gealc.network.models import Country
from tests.core import samples

from .conftest import MATURITY_ANSWERS, publiccode_text
from .test_views import client_for, url


def practice_post(**changes: object) -> dict[str, object]:
    """A complete practice form: two metric rows (one filled), two link rows (one filled)."""
    data: dict[str, object] = {
        "language": "es",
        "title": "Consultas ciudadanas en línea (demo)",
        "summary": "Un portal de participación.",
        "problem": "Poca participación.",
        "solution": "Consultas abiertas en línea.",
        "results": "Más aportes.",
        "replication_conditions": "Un equipo pequeño.",
        "original_language": "es",
        "cost_amount": "1000",
        "cost_currency": "usd",
        "start_date": "2022-01-01",
        "end_date": "2023-12-31",
        "technologies": "Django, PostgreSQL",
        "metrics-TOTAL_FORMS": "2",
        "metrics-INITIAL_FORMS": "0",
        "metrics-0-name": "Aportes",
        "metrics-0-value": "1500",
        "metrics-0-unit": "aportes",
        "metrics-0-year": "2023",
        "links-TOTAL_FORMS": "2",
        "links-INITIAL_FORMS": "0",
        "links-0-title": "Portal",
        "links-0-url": "https://consultas.example.org",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.django_db
def test_member_proposes_a_practice_for_their_country(
    member_ury: User, uruguay: Country, working_line_tag: object
) -> None:
    response = client_for(member_ury).post(
        url("practice_propose"), practice_post(country=uruguay.pk, tags=[working_line_tag.pk])
    )

    practice = Practice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("practice_detail", practice.slug)
    assert practice.country == uruguay
    assert practice.state == Practice.State.DRAFT
    assert practice.title_es == "Consultas ciudadanas en línea (demo)"
    assert practice.cost_currency == "USD"
    assert practice.technologies == ["Django", "PostgreSQL"]
    assert [(m.name, int(m.value)) for m in practice.metrics.all()] == [("Aportes", 1500)]
    assert [link.url for link in practice.links.all()] == ["https://consultas.example.org"]
    assert list(practice.tags.all()) == [working_line_tag]


@pytest.mark.django_db
def test_member_cannot_propose_for_another_country(
    member_ury: User, uruguay: Country, brazil: Country
) -> None:
    response = client_for(member_ury).post(
        url("practice_propose"), practice_post(country=brazil.pk)
    )

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Practice.objects.exists()


@pytest.mark.django_db
def test_invalid_practice_names_each_field_and_row_and_saves_nothing(
    member_ury: User, uruguay: Country
) -> None:
    response = client_for(member_ury).post(
        url("practice_propose"),
        practice_post(
            country=uruguay.pk,
            title="",
            end_date="2020-01-01",
            **{"metrics-1-unit": "h", "links-1-url": "not a url"},
        ),
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in page  # title
    assert "Name the metric." in page  # the second metric row has a unit only
    assert "Enter a valid URL." in page
    assert not Practice.objects.exists()


@pytest.mark.django_db
def test_end_before_start_is_reported_by_the_service(member_ury: User, uruguay: Country) -> None:
    response = client_for(member_ury).post(
        url("practice_propose"), practice_post(country=uruguay.pk, end_date="2020-01-01")
    )

    assert response.status_code == 400
    assert "The end date cannot be before the start date." in response.content.decode()
    assert not Practice.objects.exists()


@pytest.mark.django_db
def test_edit_writes_a_translation_and_sends_for_review(
    member_ury: User, practice_draft: Practice, authority_ury: object
) -> None:
    data = practice_post(
        language="en",
        title="One-stop shop (demo)",
        country=practice_draft.country.pk,
        institutions=[authority_ury.pk],
        submit_for_review="1",
    )
    response = client_for(member_ury).post(url("practice_edit", practice_draft.slug), data)

    practice_draft.refresh_from_db()
    assert response.status_code == 302
    assert practice_draft.title_en == "One-stop shop (demo)"
    assert practice_draft.title_es == "Ventanilla única de trámites (demo)"
    assert practice_draft.state == Practice.State.IN_REVIEW
    assert list(practice_draft.institutions.all()) == [authority_ury]


@pytest.mark.django_db
def test_edit_form_offers_the_saved_text_of_the_chosen_language(
    member_ury: User, practice_draft: Practice
) -> None:
    client = client_for(member_ury)

    spanish = client.get(url("practice_edit", practice_draft.slug)).content.decode()
    english = client.get(
        url("practice_edit", practice_draft.slug, query="language=en")
    ).content.decode()
    assert 'value="Ventanilla única de trámites (demo)"' in spanish
    assert 'value="Trámites en línea"' in spanish  # the metric rows
    assert 'value="Ventanilla única de trámites (demo)"' not in english


@pytest.mark.django_db
def test_attachment_of_a_refused_type_keeps_the_practice_unchanged(
    member_ury: User, practice_draft: Practice
) -> None:
    upload = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    data = practice_post(
        country=practice_draft.country.pk, title="Changed (demo)", attachment_file=upload
    )
    response = client_for(member_ury).post(url("practice_edit", practice_draft.slug), data)

    practice_draft.refresh_from_db()
    assert response.status_code == 400
    assert "are not accepted" in response.content.decode()
    assert practice_draft.title_es == "Ventanilla única de trámites (demo)"
    assert not practice_draft.attachments.exists()


@pytest.mark.django_db
def test_attachment_is_added_and_listed(member_ury: User, practice_draft: Practice) -> None:
    upload = SimpleUploadedFile("informe.pdf", samples.pdf(), content_type="application/pdf")
    data = practice_post(
        country=practice_draft.country.pk, attachment_title="Informe", attachment_file=upload
    )
    client = client_for(member_ury)
    assert client.post(url("practice_edit", practice_draft.slug), data).status_code == 302

    page = client.get(url("practice_detail", practice_draft.slug)).content.decode()
    assert "Informe" in page
    assert practice_draft.attachments.count() == 1


@pytest.mark.django_db
def test_other_country_cannot_edit_and_nothing_changes(
    member_bra: User, practice_draft: Practice
) -> None:
    data = practice_post(country=practice_draft.country.pk, title="Hijacked")
    response = client_for(member_bra).post(url("practice_edit", practice_draft.slug), data)

    practice_draft.refresh_from_db()
    assert response.status_code == 404
    assert practice_draft.title_es == "Ventanilla única de trámites (demo)"


@pytest.mark.django_db
def test_secretariat_publishes_a_practice_in_review(
    secretariat: User, practice_in_review: Practice
) -> None:
    response = client_for(secretariat).post(
        url("practice_review", practice_in_review.slug), {"decision": "publish"}
    )

    practice_in_review.refresh_from_db()
    assert response.status_code == 302
    assert practice_in_review.state == Practice.State.PUBLISHED


@pytest.mark.django_db
def test_returning_needs_a_reason(secretariat: User, practice_in_review: Practice) -> None:
    client = client_for(secretariat)
    address = url("practice_review", practice_in_review.slug)

    refused = client.post(address, {"decision": "return", "reason": " "})
    practice_in_review.refresh_from_db()
    assert refused.status_code == 400
    assert "Say what the country should change." in refused.content.decode()
    assert practice_in_review.state == Practice.State.IN_REVIEW

    returned = client.post(address, {"decision": "return", "reason": "Add the costs."})
    practice_in_review.refresh_from_db()
    assert returned.status_code == 302
    assert practice_in_review.state == Practice.State.RETURNED
    assert practice_in_review.transitions.last().reason == "Add the costs."


@pytest.mark.django_db
def test_member_cannot_review(member_ury: User, practice_in_review: Practice) -> None:
    response = client_for(member_ury).post(
        url("practice_review", practice_in_review.slug), {"decision": "publish"}
    )

    practice_in_review.refresh_from_db()
    assert response.status_code == 403
    assert practice_in_review.state == Practice.State.IN_REVIEW


@pytest.mark.django_db
def test_import_pasted_publiccode_creates_a_draft(member_ury: User, uruguay: Country) -> None:
    response = client_for(member_ury).post(
        url("software_import"), {"text": publiccode_text("participa.yml")}
    )

    entry = SoftwareEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("software_detail", entry.slug)
    assert entry.state == SoftwareEntry.State.DRAFT
    assert entry.country == uruguay


@pytest.mark.django_db
def test_import_uploaded_file(secretariat: User) -> None:
    upload = SimpleUploadedFile(
        "publiccode.yml", publiccode_text("datos-abiertos-ckan.yml").encode("utf-8")
    )
    response = client_for(secretariat).post(url("software_import"), {"file": upload})

    assert response.status_code == 302
    assert SoftwareEntry.objects.count() == 1


@pytest.mark.django_db
def test_import_lists_every_problem_with_its_key_and_saves_nothing(secretariat: User) -> None:
    text = publiccode_text("participa.yml")
    text = text.replace("developmentStatus: stable", "developmentStatus: finished")
    broken = "\n".join(line for line in text.splitlines() if not line.startswith("url:"))
    response = client_for(secretariat).post(url("software_import"), {"text": broken})

    page = response.content.decode()
    assert response.status_code == 400
    assert "<code>url</code>" in page
    assert "<code>developmentStatus</code>" in page
    assert "nothing was saved" in page
    assert not SoftwareEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["name: [unclosed", "just text", "- a\n- list"])
def test_import_of_broken_yaml_is_a_clear_error(secretariat: User, text: str) -> None:
    response = client_for(secretariat).post(url("software_import"), {"text": text})

    assert response.status_code == 400
    assert 'id="publiccode-problems"' in response.content.decode()
    assert not SoftwareEntry.objects.exists()


@pytest.mark.django_db
def test_import_without_input_asks_for_a_file(secretariat: User) -> None:
    response = client_for(secretariat).post(url("software_import"), {"text": "  "})

    assert response.status_code == 200
    assert "Choose a publiccode.yml file or paste its text." in response.content.decode()


@pytest.mark.django_db
def test_member_updates_own_country_dataset_status(
    member_ury: User, dataset_budget: OpenDataSet, uruguay: Country
) -> None:
    response = client_for(member_ury).post(
        url("dataset_status_edit", "budget", "ury"),
        {
            "published": "on",
            "url": "https://datos.example.org/presupuesto",
            "format": "CSV",
            "licence": "CC-BY-4.0",
            "update_frequency": "yearly",
            "machine_readable": "on",
            "last_checked": "2025-04-01",
        },
    )

    status = DatasetStatus.objects.get(dataset=dataset_budget, country=uruguay)
    assert response.status_code == 302
    assert status.published
    assert status.machine_readable
    assert status.last_checked == datetime.date(2025, 4, 1)


@pytest.mark.django_db
def test_published_status_needs_an_address(member_ury: User, dataset_budget: OpenDataSet) -> None:
    response = client_for(member_ury).post(
        url("dataset_status_edit", "budget", "ury"),
        {"published": "on", "update_frequency": "yearly"},
    )

    assert response.status_code == 400
    assert "Give the address where the data set is published." in response.content.decode()
    assert not DatasetStatus.objects.exists()


@pytest.mark.django_db
def test_member_cannot_edit_another_country_status(
    member_bra: User, status_ury_budget: DatasetStatus
) -> None:
    address = url("dataset_status_edit", "budget", "ury")
    client = client_for(member_bra)

    assert client.get(address).status_code == 403
    response = client.post(address, {"published": "", "update_frequency": "daily"})
    status_ury_budget.refresh_from_db()
    assert response.status_code == 403
    assert status_ury_budget.published
    assert status_ury_budget.update_frequency == "yearly"


@pytest.mark.django_db
def test_member_submits_the_maturity_questionnaire(member_ury: User, uruguay: Country) -> None:
    answers = dict.fromkeys(MATURITY_ANSWERS, 3)
    response = client_for(member_ury).post(url("maturity_assessment", "ury"), answers)

    assessment = MaturityAssessment.objects.get(country=uruguay)
    assert response.status_code == 302
    assert assessment.overall == 100.0
    page = client_for(member_ury).get(url("maturity_assessment", "ury")).content.decode()
    assert "Share your policy with the network" in page


@pytest.mark.django_db
def test_unanswered_questions_are_named_and_nothing_saved(member_ury: User) -> None:
    answers = dict.fromkeys(list(MATURITY_ANSWERS)[1:], 2)
    answers["portal_api"] = "7"
    response = client_for(member_ury).post(url("maturity_assessment", "ury"), answers)

    page = response.content.decode()
    assert response.status_code == 400
    assert "2 questions need an answer" in page
    assert not MaturityAssessment.objects.exists()


@pytest.mark.django_db
def test_maturity_of_another_country_is_refused(member_bra: User, uruguay: Country) -> None:
    response = client_for(member_bra).post(url("maturity_assessment", "ury"), MATURITY_ANSWERS)

    assert response.status_code == 403
    assert not MaturityAssessment.objects.exists()
