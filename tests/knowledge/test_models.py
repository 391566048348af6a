"""Knowledge models: constraints, normalised search text, change history in every language,
attachment validation and data-set status rules."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from gealc.knowledge.models import (
    DatasetStatus,
    MaturityAssessment,
    OpenDataSet,
    Practice,
    SoftwareEntry,
    SoftwareUsage,
    validate_attachment,
)
from gealc.network.models import Country
from tests.core import samples

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_practice_end_after_start_is_a_database_constraint(practice_draft: Practice) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Practice.objects.filter(pk=practice_draft.pk).update(
            start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2020, 1, 1)
        )


def test_practice_cost_needs_currency(practice_draft: Practice) -> None:
    practice_draft.cost_currency = ""
    with pytest.raises(ValidationError) as error:
        practice_draft.full_clean()
    assert "cost_currency" in error.value.message_dict


def test_search_text_holds_every_language(practice_draft: Practice) -> None:
    practice_draft.title_fr = "Guichet unique"
    practice_draft.save()
    assert "guichet unique" in practice_draft.search_text
    assert "ventanilla unica" in practice_draft.search_text
    assert "python" in practice_draft.search_text


def test_history_keeps_every_language_and_skips_search_columns(
    practice_draft: Practice, member_ury: User
) -> None:
    historical = practice_draft.history.model
    names = {field.name for field in historical._meta.fields}
    assert {"title_es", "title_pt", "title_en", "title_fr"} <= names
    assert "search_vector" not in names
    assert "search_text" not in names
    assert practice_draft.history.first().history_user == member_ury


def test_one_status_per_dataset_and_country(status_ury_budget: DatasetStatus) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        DatasetStatus.objects.create(
            dataset=status_ury_budget.dataset, country=status_ury_budget.country
        )


def test_published_status_needs_an_address(dataset_budget: OpenDataSet, uruguay: Country) -> None:
    status = DatasetStatus(dataset=dataset_budget, country=uruguay, published=True)
    with pytest.raises(ValidationError) as error:
        status.full_clean()
    assert "url" in error.value.message_dict


def test_software_licence_is_validated(software_participa: SoftwareEntry, english: None) -> None:
    software_participa.licence = "GPL-9"
    with pytest.raises(ValidationError) as error:
        software_participa.full_clean()
    assert error.value.message_dict["licence"] == ["“GPL-9” is not an SPDX licence."]


def test_software_cannot_be_based_on_itself(software_participa: SoftwareEntry) -> None:
    software_participa.is_based_on = software_participa
    with pytest.raises(ValidationError) as error:
        software_participa.full_clean()
    assert "is_based_on" in error.value.message_dict


def test_usage_unique_per_relation(software_participa: SoftwareEntry, uruguay: Country) -> None:
    SoftwareUsage.objects.create(entry=software_participa, country=uruguay, relation="uses")
    SoftwareUsage.objects.create(entry=software_participa, country=uruguay, relation="maintains")
    with pytest.raises(IntegrityError), transaction.atomic():
        SoftwareUsage.objects.create(entry=software_participa, country=uruguay, relation="uses")


def test_assessment_answers_are_validated(uruguay: Country, english: None) -> None:
    assessment = MaturityAssessment(country=uruguay, year=2025, answers={"policy_strategy": 7})
    with pytest.raises(ValidationError) as error:
        assessment.full_clean()
    messages = error.value.message_dict["answers"]
    assert "policy_strategy: Choose one of the levels offered." in messages
    assert len(messages) == 20


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("a.pdf", samples.pdf(), True),
        ("a.PDF", samples.pdf(), True),
        ("a.exe", b"0" * 10, False),
        ("noext", b"0" * 10, False),
        ("a.pdf", samples.pdf() + b"0" * 11 * 1024 * 1024, False),
        ("a.pdf", b"0" * 10, False),
    ],
)
def test_attachment_validator(name: str, content: bytes, ok: bool) -> None:
    upload = SimpleUploadedFile(name, content)
    if ok:
        validate_attachment(upload)
    else:
        with pytest.raises(ValidationError):
            validate_attachment(upload)
