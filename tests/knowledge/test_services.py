"""Knowledge services: the practice workflow with its log, awards, software usages, data-set
status and maturity; invalid input names the field and changes nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gealc.knowledge import services
from gealc.knowledge.models import (
    Award,
    DatasetStatus,
    OpenDataSet,
    Practice,
    PracticeAttachment,
    SoftwareEntry,
    SoftwareUsage,
)
from gealc.knowledge.services import MetricInput
from gealc.network.models import Country, Institution
from tests.core import samples

from .conftest import MATURITY_ANSWERS

pytestmark = pytest.mark.usefixtures("english")


def _field_errors(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, Any]:
    return error.value.message_dict


def test_proposed_practice_is_a_draft_with_its_relations(
    practice_draft: Practice, member_ury: User
) -> None:
    assert practice_draft.state == Practice.State.DRAFT
    assert practice_draft.slug == "ventanilla-unica-de-tramites-demo"
    assert practice_draft.created_by == member_ury
    assert practice_draft.metrics.count() == 2
    assert practice_draft.links.get().url == "https://proyecto.example.org"
    assert practice_draft.tags.count() == 2
    assert "ventanilla unica" in practice_draft.search_text
    assert practice_draft.history.count() == 1


def test_slugs_are_unique(member_ury: User, uruguay: Country) -> None:
    first = services.practice_propose(actor=member_ury, country=uruguay, data={"title_es": "Á"})
    second = services.practice_propose(actor=member_ury, country=uruguay, data={"title_es": "A"})
    assert (first.slug, second.slug) == ("a", "a-2")


def test_workflow_is_logged(
    practice_in_review: Practice, secretariat: User, member_ury: User
) -> None:
    services.practice_return(
        actor=secretariat, practice=practice_in_review, reason="Add the costs."
    )
    services.practice_submit_for_review(actor=member_ury, practice=practice_in_review)
    services.practice_publish(actor=secretariat, practice=practice_in_review)
    log = list(practice_in_review.transitions.values_list("from_state", "to_state", "reason"))
    assert log == [
        ("draft", "in_review", ""),
        ("in_review", "returned", "Add the costs."),
        ("returned", "in_review", ""),
        ("in_review", "published", ""),
    ]
    assert practice_in_review.published_at is not None
    assert practice_in_review.transitions.last().actor == secretariat


def test_impossible_transitions_name_the_state(practice_draft: Practice, secretariat: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.practice_return(actor=secretariat, practice=practice_draft, reason="No.")
    assert "state" in _field_errors(error)
    with pytest.raises(ValidationError) as error:
        services.practice_return(actor=secretariat, practice=practice_draft, reason=" ")
    assert "reason" in _field_errors(error)
    practice_draft.refresh_from_db()
    assert practice_draft.state == Practice.State.DRAFT
    assert not practice_draft.transitions.exists()


def test_invalid_practice_data_names_the_field(practice_draft: Practice, member_ury: User) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"end_date": datetime.date(2020, 1, 1)}, "end_date"),
        ({"cost_currency": "dollars"}, "cost_currency"),
        ({"cost_amount": "-5"}, "cost_amount"),
        ({"technologies": "Python"}, "technologies"),
        ({"state": "published"}, "state"),
        ({"original_language": "de"}, "original_language"),
    ]
    for data, field in cases:
        with pytest.raises(ValidationError) as error:
            services.practice_update(actor=member_ury, practice=practice_draft, data=data)
        assert field in _field_errors(error), field
        practice_draft.refresh_from_db()
    assert practice_draft.state == Practice.State.DRAFT
    assert practice_draft.end_date == datetime.date(2023, 6, 30)
    with pytest.raises(ValidationError) as error:
        services.practice_update(
            actor=member_ury, practice=practice_draft, data={}, metrics=[MetricInput("", "x")]
        )
    assert {"metrics[0].name", "metrics[0].value"} <= set(_field_errors(error))
    assert practice_draft.metrics.count() == 2


def test_institutions_must_belong_to_the_country(
    practice_draft: Practice, member_ury: User, authority_bra: Institution
) -> None:
    with pytest.raises(ValidationError) as error:
        services.practice_update(
            actor=member_ury, practice=practice_draft, data={}, institutions=[authority_bra]
        )
    assert "institutions" in _field_errors(error)


def test_attachments_are_checked(practice_draft: Practice, member_ury: User) -> None:
    good = SimpleUploadedFile("report.pdf", samples.pdf(), content_type="application/pdf")
    attachment = services.practice_attachment_add(
        actor=member_ury, practice=practice_draft, title="Report", file=good
    )
    assert attachment.file.name.endswith(".pdf")
    bad = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ValidationError) as error:
        services.practice_attachment_add(
            actor=member_ury, practice=practice_draft, title="Program", file=bad
        )
    assert "file" in _field_errors(error)
    big = SimpleUploadedFile("big.pdf", b"0" * (10 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError):
        services.practice_attachment_add(
            actor=member_ury, practice=practice_draft, title="Big", file=big
        )
    assert PracticeAttachment.objects.count() == 1


def test_award_only_for_published_practices(
    award: Award, practice_draft: Practice, secretariat: User
) -> None:
    assert award.practice.awards.get() == award
    with pytest.raises(ValidationError) as error:
        services.award_grant(
            actor=secretariat,
            practice=practice_draft,
            year=2024,
            category="excellence",
            titles={"es": "Premio"},
        )
    assert "practice" in _field_errors(error)
    with pytest.raises(ValidationError):
        services.award_grant(
            actor=secretariat,
            practice=award.practice,
            year=2024,
            category="excellence",
            titles={"es": "Otra vez"},
        )
    assert Award.objects.count() == 1


def test_software_usage_set_and_remove(
    software_participa: SoftwareEntry, member_ury: User, uruguay: Country
) -> None:
    usage = services.software_usage_set(
        actor=member_ury, entry=software_participa, country=uruguay, relation="uses"
    )
    again = services.software_usage_set(
        actor=member_ury, entry=software_participa, country=uruguay, relation="uses"
    )
    assert usage is not None
    assert again is not None
    assert usage.pk == again.pk
    with pytest.raises(ValidationError) as error:
        services.software_usage_set(
            actor=member_ury, entry=software_participa, country=uruguay, relation="sells"
        )
    assert "relation" in _field_errors(error)
    services.software_usage_set(
        actor=member_ury, entry=software_participa, country=uruguay, relation="uses", present=False
    )
    assert not SoftwareUsage.objects.exists()


def test_member_import_is_a_draft_of_their_country(
    software_draft_ury: SoftwareEntry, uruguay: Country
) -> None:
    assert software_draft_ury.country == uruguay
    assert software_draft_ury.state == SoftwareEntry.State.DRAFT
    assert software_draft_ury.publiccode_yml.startswith("# This repository")


def test_dataset_status_created_then_updated(
    status_ury_budget: DatasetStatus,
    member_ury: User,
    uruguay: Country,
    dataset_budget: OpenDataSet,
) -> None:
    assert status_ury_budget.published
    assert status_ury_budget.machine_readable
    updated = services.dataset_status_update(
        actor=member_ury, dataset=dataset_budget, country=uruguay, data={"format": "JSON"}
    )
    assert updated.pk == status_ury_budget.pk
    assert updated.format == "JSON"
    for data, field in (
        ({"url": ""}, "url"),
        ({"update_frequency": "hourly"}, "update_frequency"),
        ({"url": "not a url"}, "url"),
        ({"dataset": 1}, "dataset"),
    ):
        with pytest.raises(ValidationError) as error:
            services.dataset_status_update(
                actor=member_ury, dataset=dataset_budget, country=uruguay, data=data
            )
        assert field in _field_errors(error)
    status_ury_budget.refresh_from_db()
    assert status_ury_budget.format == "JSON"
    assert status_ury_budget.url.startswith("https://")
    assert status_ury_budget.history.count() == 2


def test_dataset_slug_unique(dataset_budget: OpenDataSet, secretariat: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.dataset_create(actor=secretariat, slug="budget", names={"es": "Otro"})
    assert "slug" in _field_errors(error)


def test_maturity_submit_scores_and_replaces(member_ury: User, uruguay: Country) -> None:
    result = services.maturity_submit(
        actor=member_ury, country=uruguay, answers=MATURITY_ANSWERS, year=2025
    )
    assert result.scores == {"policy": 66.7, "portal": 66.7, "quality": 66.7, "impact": 66.7}
    assert result.overall == 66.7
    assert set(result.recommendations) == {"policy", "portal", "quality", "impact"}
    answers = dict.fromkeys(MATURITY_ANSWERS, 3) | {"policy_strategy": "0"}
    again = services.maturity_submit(actor=member_ury, country=uruguay, answers=answers, year=2025)
    assert again.assessment.pk == result.assessment.pk
    assert again.scores["policy"] == 80.0
    assert again.scores["impact"] == 100.0
    assert uruguay.maturity_assessments.count() == 1


def test_maturity_problems_name_each_question(member_ury: User, uruguay: Country) -> None:
    answers = dict(MATURITY_ANSWERS) | {"policy_strategy": 9, "portal_api": "high", "unknown": 1}
    del answers["impact_events"]
    with pytest.raises(ValidationError) as error:
        services.maturity_submit(actor=member_ury, country=uruguay, answers=answers)
    assert set(_field_errors(error)) == {
        "answers.policy_strategy",
        "answers.portal_api",
        "answers.unknown",
        "answers.impact_events",
    }
    assert not uruguay.maturity_assessments.exists()
