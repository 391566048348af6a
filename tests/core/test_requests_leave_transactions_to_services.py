"""A page or API answer never marks the request's transaction for rollback: a test that reads
the source and fails on ``transaction.set_rollback`` outside the services.

Every request runs in one transaction (``ATOMIC_REQUESTS``) and every service in its own
atomic block, so a service that refuses has already undone what it wrote. Marking the
request's transaction for rollback on top of that broke every query the view made next:
rendering the refused form (its choices, the session, the messages) answered a 500 instead of
the 400 with the error on its field.
"""

from __future__ import annotations

import ast
from pathlib import Path

import gealc

from .source_walking import Found, find_in_file, find_in_source

SOURCE = Path(gealc.__file__).parent


def _is_set_rollback(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "set_rollback"
    )


def _found_outside_services() -> dict[str, list[Found]]:
    found = {}
    for path in sorted(SOURCE.rglob("*.py")):
        if path.name == "services.py" or "migrations" in path.parts:
            continue
        if hits := find_in_file(path, _is_set_rollback):
            found[str(path.relative_to(SOURCE))] = hits
    return found


def test_the_check_finds_a_rollback_marked_in_a_view() -> None:
    source = (
        "def page(request):\n"
        "    try:\n"
        "        services.thing_create()\n"
        "    except ValidationError:\n"
        "        transaction.set_rollback(True)\n"
    )
    assert find_in_source(source, _is_set_rollback) == [
        (5, "page", "transaction.set_rollback(True)")
    ]


def test_no_page_or_api_marks_the_requests_transaction_for_rollback() -> None:
    assert _found_outside_services() == {}
