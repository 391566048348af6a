"""Templates ask the model (``run.is_failed``, ``certificate.is_revoked``) or a rules
predicate; they never compare a state to a string, so renaming a state cannot silently
change a page (issue 12)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from gealc.groups.models import Action, Certificate, Commitment, ProgressUpdate
from gealc.knowledge.models import Practice, SoftwareEntry
from gealc.observatory.models import IndexRun

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "gealc" / "templates"

STATE_NAMES = r"(?:state|status|kind|level|review_state|outcome)"
STATE_COMPARED = re.compile(
    rf"\b{STATE_NAMES}\s*(?:==|!=)\s*[\"']|[\"']\s*(?:==|!=)\s*[\w.]*\b{STATE_NAMES}\b"
)
TAG = re.compile(r"\{%.*?%\}", re.DOTALL)


def _state_comparisons(text: str) -> list[str]:
    return [tag for tag in TAG.findall(text) if STATE_COMPARED.search(tag)]


def test_the_check_finds_a_comparison() -> None:
    assert _state_comparisons('{% if run.status == "failed" %}x{% endif %}')
    assert _state_comparisons("{% elif 'open' != action.status %}")
    assert _state_comparisons('{% if level == "complete" %}')
    assert not _state_comparisons('{% if run.is_failed %}{% if field.widget_type == "checkbox" %}')


def test_no_template_compares_a_state_to_a_string() -> None:
    found = {
        str(path.relative_to(TEMPLATES)): comparisons
        for path in sorted(TEMPLATES.rglob("*.html"))
        if (comparisons := _state_comparisons(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "ask a model property or a rules predicate instead"


@pytest.mark.parametrize(
    ("status", "asked"),
    [
        ("queued", "is_queued"),
        ("computing", "is_computing"),
        ("failed", "is_failed"),
        ("superseded", "is_superseded"),
        ("published", "is_published"),
    ],
)
def test_a_run_answers_for_its_status(status: str, asked: str) -> None:
    predicates = ("is_queued", "is_computing", "is_failed", "is_superseded", "is_published")
    run = IndexRun(status=status)
    assert {name for name in predicates if getattr(run, name)} == {asked}


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
