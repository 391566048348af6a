"""Templates ask the model (``run.is_failed``, ``certificate.is_revoked``) or a rules
predicate (issue 12); here the model's answers are tested. That no template compares a state
is checked by ``tests/core/test_states_are_asked_not_compared.py``."""

from __future__ import annotations

import datetime

import pytest

from gealc.groups.models import Action, Certificate, Commitment, ProgressUpdate
from gealc.knowledge.models import Practice, SoftwareEntry
from gealc.observatory.models import IndexRun


@pytest.mark.parametrize(
    ("status", "asked"),
    [
        ("queued", "is_queued"),
        ("computing", "is_computing"),
        ("failed", "is_failed"),
        ("preview", "is_preview"),
        ("superseded", "is_superseded"),
        ("published", "is_published"),
    ],
)
def test_a_run_answers_for_its_status(status: str, asked: str) -> None:
    predicates = (
        "is_queued",
        "is_computing",
        "is_failed",
        "is_preview",
        "is_superseded",
        "is_published",
    )
    run = IndexRun(status=status)
    assert {name for name in predicates if getattr(run, name)} == {asked}


@pytest.mark.parametrize(
    ("status", "computed", "discardable"),
    [
        ("queued", False, True),
        ("computing", False, False),
        ("failed", False, True),
        ("preview", True, True),
        ("published", True, False),
        ("superseded", True, False),
    ],
)
def test_a_run_says_whether_it_has_results_and_may_be_discarded(
    status: str, computed: bool, discardable: bool
) -> None:
    run = IndexRun(status=status)
    assert (run.is_computed, run.is_discardable) == (computed, discardable)


def test_an_action_is_overdue_only_while_open_and_past_due() -> None:
    day = datetime.date(2026, 5, 10)
    assert Action(status="open", due=day - datetime.timedelta(days=1)).is_overdue(day)
    assert not Action(status="open", due=day).is_overdue(day)
    assert not Action(status="done", due=day - datetime.timedelta(days=1)).is_overdue(day)


def test_a_certificate_is_valid_revoked_or_expired() -> None:
    today = datetime.date.today()
    valid = Certificate(issued_on=today)
    revoked = Certificate(issued_on=today, revoked_on=today)
    expired = Certificate(issued_on=today, expires_on=today - datetime.timedelta(days=400))
    assert (valid.is_valid, valid.is_revoked) == (True, False)
    assert (revoked.is_valid, revoked.is_revoked) == (False, True)
    assert (expired.is_valid, expired.is_revoked) == (False, False)


def test_progress_updates_and_commitments_answer_for_their_state(english: None) -> None:
    update = ProgressUpdate(level="substantial")
    assert update.is_pending
    assert update.level_choice.label == "Substantial"
    assert str(update.level_choice) == "substantial"
    assert not ProgressUpdate(level="limited", review_state="accepted").is_pending
    assert not Commitment(outcome="open").has_outcome
    assert Commitment(outcome="carried_over").has_outcome


@pytest.mark.parametrize(
    ("state", "editable"),
    [("draft", True), ("returned", True), ("in_review", False), ("published", False)],
)
def test_a_practice_is_editable_while_draft_or_returned(state: str, editable: bool) -> None:
    assert Practice(state=state).is_editable is editable


def test_a_software_entry_says_whether_it_is_published() -> None:
    assert SoftwareEntry(state="published").is_published
    assert not SoftwareEntry(state="draft").is_published
