"""A state is asked, never compared, outside the rules and the models (issue 12): a test that
reads the source and fails on a comparison anywhere else.

Whether a record's state allows something (the round is open, the run is a preview, the
commitment is still open) is a predicate in the app's ``rules.py`` or a property of the model,
and pages, the API and the services ask it, so the rule is written once. This walks

- every template, and fails on a tag that compares a state (``.state``, ``.status``,
  ``.outcome``, ``.phase``, ``.review_state``) with ``==``, ``!=`` or ``in``, or compares a
  state-like name (those, ``kind``, ``level``) with a string: ``{% if run.status == "failed" %}``;
- every view module (``views.py``, ``*_views.py``, ``pages.py``, ``api.py``, ``forms.py``), and
  fails on a Python comparison of such an attribute: ``run.status == IndexRun.Status.FAILED``.

Models, ``rules.py``, services and selectors are where states are read, so they are not walked.
It is a reading of names: a state reached under another name escapes it, which review catches.
The few comparisons that are not a rule are listed in ``ALLOWED`` with the reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import gealc

from .source_walking import find_in_file

SOURCE = Path(gealc.__file__).parent
TEMPLATES = SOURCE / "templates"

STATES = r"(?:state|status|outcome|phase|review_state)"
STATE_LIKE = r"(?:state|status|kind|level|review_state|outcome|phase)"
STATE_COMPARED = re.compile(
    rf"\.{STATES}\s*(?:==|!=|\bin\b|\bnot in\b)"
    rf"|(?:==|!=)\s*[\w.]*\.{STATES}\b"
    rf"|\b{STATE_LIKE}\s*(?:==|!=)\s*[\"']"
    rf"|[\"']\s*(?:==|!=)\s*[\w.]*\b{STATE_LIKE}\b"
)
TAG = re.compile(r"\{%.*?%\}", re.DOTALL)

STATE_ATTRIBUTES = {"state", "status", "outcome", "phase", "review_state"}
COMPARISONS = (ast.Eq, ast.NotEq, ast.In, ast.NotIn)

# (module path under gealc/, function) -> why this comparison is not a rule.
ALLOWED: dict[tuple[str, str], str] = {
    ("groups/forms.py", "reviewed_actions"): (
        "which carried actions the minutes change: the form's status against the stored one, "
        "so that only changes are sent; reading the form, not a rule"
    ),
}


def _template_comparisons(text: str) -> list[str]:
    return [tag for tag in TAG.findall(text) if STATE_COMPARED.search(tag)]


def _is_view_module(path: Path) -> bool:
    return path.name in {"views.py", "pages.py", "api.py", "forms.py"} or path.name.endswith(
        "_views.py"
    )


def _compares_a_state(node: ast.AST) -> bool:
    if not isinstance(node, ast.Compare) or not any(isinstance(op, COMPARISONS) for op in node.ops):
        return False
    sides = [node.left, *node.comparators]
    return any(isinstance(side, ast.Attribute) and side.attr in STATE_ATTRIBUTES for side in sides)


def view_offenders(root: Path = SOURCE) -> list[str]:
    """``path:line function: comparison`` for each state compared in a view module."""
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if not _is_view_module(path) or "migrations" in path.parts:
            continue
        found += [
            f"{relative}:{line} {function}: {comparison}"
            for line, function, comparison in find_in_file(path, _compares_a_state)
            if (relative, function) not in ALLOWED
        ]
    return found


def test_no_template_compares_a_state() -> None:
    found = {
        str(path.relative_to(TEMPLATES)): comparisons
        for path in sorted(TEMPLATES.rglob("*.html"))
        if (comparisons := _template_comparisons(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "ask a model property or a rules predicate instead"


def test_no_view_module_compares_a_state() -> None:
    assert view_offenders() == [], "ask a model property or a rules predicate instead"


def test_the_allow_list_names_comparisons_that_exist() -> None:
    """An entry whose comparison became a rule is removed, not left to excuse another."""
    stale = [
        (relative, function)
        for relative, function in ALLOWED
        if not any(
            name == function
            for _line, name, _c in find_in_file(SOURCE / relative, _compares_a_state)
        )
    ]
    assert stale == []


def test_the_template_check_finds_a_comparison() -> None:
    """It must fail on the comparisons it is for, or it would pass on anything."""
    for comparison in (
        '{% if run.status == "failed" %}',
        "{% elif 'open' != action.status %}",
        '{% if level == "complete" %}',
        "{% if run.status == other.status %}",
        "{% if request.state in states %}",
        "{% if states.draft != request.state %}",
    ):
        assert _template_comparisons(comparison), comparison
    for namesake in (
        "{% if run.is_failed %}",
        '{% if field.widget_type == "checkbox" %}',
        "{% if kind == facet_kind %}",
        "{% for status in row.statuses %}",
        "{% if round.status_reason %}",
    ):
        assert not _template_comparisons(namesake), namesake


def test_the_view_check_finds_a_comparison() -> None:
    def found(source: str) -> bool:
        return any(_compares_a_state(node) for node in ast.walk(ast.parse(source)))

    for comparison in (
        "run.status == IndexRun.Status.FAILED",
        "entry.state != 'published'",
        "commitment.outcome == 'open'",
        "run.status in IndexRun.DISCARDABLE_STATUSES",
        "'draft' == request.state",
    ):
        assert found(comparison), comparison
    for namesake in ("run.is_failed", "node.level == 1", "question.kind == Kind.TEXT", "a < b"):
        assert not found(namesake), namesake
