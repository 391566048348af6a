"""Locking per value: two people of a country's team editing different values of one submission
both save; the same value conflicts, naming it, and nothing is written; rows that give no
value version keep the submission-level rule. Through the services, the entry page (as a
browser sends it back) and the API. Simultaneous saves are in ``test_concurrency.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from gealc.core.results import Saved
from gealc.measurement import services
from gealc.measurement.models import Submission, Value
from gealc.network import services as network_services
from gealc.network.models import Appointment, Institution
from tests.network.conftest import START

from .test_api import client_for as api_client_for
from .test_api import url as api_url
from .test_views import client_for, submission_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague_ury(
    administrator: User, make_user: Callable[..., User], authority_ury: Institution
) -> User:
    """A focal point of Uruguay, working on the same submission as ``member_ury``."""
    user = make_user("focal_ury")
    person = network_services.person_create(
        actor=administrator, given_name="Fabiana", family_name="Focal", user=user
    )
    network_services.appointment_start(
        actor=administrator,
        person=person,
        institution=authority_ury,
        role=Appointment.Role.FOCAL_POINT,
        start=START,
        working_line="measurement",
    )
    return user


def _stored(submission: Submission) -> dict[str, tuple[Decimal | None, int]]:
    """Every value (number, version), to show that a refused save changed nothing."""
    values = Value.objects.filter(submission=submission).select_related("variable")
    return {value.variable.code: (value.value, value.version) for value in values}


def _state(submission: Submission) -> tuple[int, dict[str, tuple[Decimal | None, int]], int]:
    stored = Submission.objects.get(pk=submission.pk)
    history = Value.history.filter(submission_id=submission.pk).count()  # type: ignore[attr-defined]
    return stored.lock_version, _stored(submission), history


def _save(
    submission: Submission, actor: User, opened: int, code: str, value: Any, seen: Any
) -> list[Saved[Value]]:
    return services.values_save_many(
        actor=actor,
        submission=submission,
        rows=[services.ValueRow(code, value, expected_version=seen)],
        expected_version=opened,
    )


# Services -----------------------------------------------------------------------------------


def test_different_values_by_two_people_after_each_other_are_both_saved(
    submission_ury: Submission, member_ury: User, colleague_ury: User
) -> None:
    opened = submission_ury.lock_version  # both opened the empty submission

    _save(submission_ury, member_ury, opened, "procedures_total", "120", None)
    _save(submission_ury, colleague_ury, opened, "satisfaction_score", "75.5", None)

    lock_version, stored, _history = _state(submission_ury)
    assert stored == {
        "procedures_total": (Decimal(120), 1),
        "satisfaction_score": (Decimal("75.5"), 1),
    }
    assert lock_version == opened + 2
    authors = Value.history.filter(submission_id=submission_ury.pk).values_list(  # type: ignore[attr-defined]
        "variable__code", "history_user__username"
    )
    assert set(authors) == {
        ("procedures_total", "member_ury"),
        ("satisfaction_score", "focal_ury"),
    }


def test_changing_a_value_someone_changed_since_conflicts_naming_it_and_writes_nothing(
    submission_ury: Submission,
    member_ury: User,
    colleague_ury: User,
    fill: Callable[..., list[Value]],
) -> None:
    fill(submission_ury)  # procedures_total = 120, version 1
    opened = Submission.objects.get(pk=submission_ury.pk).lock_version
    _save(submission_ury, colleague_ury, opened, "procedures_total", "125", 1)
    before = _state(submission_ury)

    with pytest.raises(services.ConflictError) as error:
        _save(submission_ury, member_ury, opened, "procedures_total", "130", 1)

    assert error.value.conflicts == [
        services.ValueConflict("procedures_total", "125", "130", "focal_ury", 2)
    ]
    assert error.value.current_version == opened + 1
    assert _state(submission_ury) == before
    # Saving again against the version the conflict names replaces the value knowingly.
    _save(submission_ury, member_ury, opened, "procedures_total", "130", 2)
    assert _stored(submission_ury)["procedures_total"] == (Decimal(130), 3)


def test_a_value_created_by_someone_else_since_conflicts(
    submission_ury: Submission, member_ury: User, colleague_ury: User
) -> None:
    opened = submission_ury.lock_version
    _save(submission_ury, colleague_ury, opened, "procedures_total", "125", None)
    before = _state(submission_ury)

    with pytest.raises(services.ConflictError) as error:
        _save(submission_ury, member_ury, opened, "procedures_total", "130", None)

    assert [item.variable for item in error.value.conflicts] == ["procedures_total"]
    assert _state(submission_ury) == before


def test_one_stale_row_among_others_refuses_the_whole_save(
    submission_ury: Submission,
    member_ury: User,
    colleague_ury: User,
    fill: Callable[..., list[Value]],
) -> None:
    fill(submission_ury)
    opened = Submission.objects.get(pk=submission_ury.pk).lock_version
    _save(submission_ury, colleague_ury, opened, "satisfaction_score", "80", 1)
    before = _state(submission_ury)

    with pytest.raises(services.ConflictError) as error:
        services.values_save_many(
            actor=member_ury,
            submission=submission_ury,
            rows=[
                services.ValueRow("procedures_total", "130", expected_version=1),
                services.ValueRow("satisfaction_score", "70", expected_version=1),
                services.ValueRow("procedures_transactional", "65", expected_version=1),
            ],
            expected_version=opened,
        )

    assert [item.variable for item in error.value.conflicts] == ["satisfaction_score"]
    assert error.value.conflicts[0].current_version == 2
    assert _state(submission_ury) == before


def test_a_version_that_does_not_match_conflicts_even_with_a_current_lock_version(
    submission_ury: Submission, member_ury: User, fill: Callable[..., list[Value]]
) -> None:
    fill(submission_ury)
    current = Submission.objects.get(pk=submission_ury.pk).lock_version
    before = _state(submission_ury)

    with pytest.raises(services.ConflictError) as error:
        _save(submission_ury, member_ury, current, "procedures_total", "130", None)

    assert [item.variable for item in error.value.conflicts] == ["procedures_total"]
    assert _state(submission_ury) == before


def test_rows_without_a_version_keep_the_submission_level_rule(
    submission_ury: Submission, member_ury: User, colleague_ury: User
) -> None:
    opened = submission_ury.lock_version
    _save(submission_ury, colleague_ury, opened, "procedures_total", "125", None)
    before = _state(submission_ury)

    # Another value, but one row gives no version: any change since `opened` is a conflict.
    for rows in (
        [services.ValueRow("satisfaction_score", "70")],
        [
            services.ValueRow("satisfaction_score", "70", expected_version=None),
            services.ValueRow("procedures_transactional", "60"),
        ],
    ):
        with pytest.raises(services.ConflictError) as error:
            services.values_save_many(
                actor=member_ury, submission=submission_ury, rows=rows, expected_version=opened
            )
        assert error.value.current_version == opened + 1
        assert _state(submission_ury) == before


def test_value_save_takes_the_version_of_the_value(
    submission_ury: Submission, member_ury: User, colleague_ury: User
) -> None:
    opened = submission_ury.lock_version
    services.value_save(
        actor=colleague_ury,
        submission=submission_ury,
        variable_code="procedures_total",
        value=125,
        expected_version=opened,
        expected_value_version=None,
    )
    services.value_save(
        actor=member_ury,
        submission=submission_ury,
        variable_code="satisfaction_score",
        value=70,
        expected_version=opened,
        expected_value_version=None,
    )
    with pytest.raises(services.ConflictError):
        services.value_save(
            actor=member_ury,
            submission=submission_ury,
            variable_code="procedures_total",
            value=130,
            expected_version=opened,
            expected_value_version=None,
        )
    assert _stored(submission_ury) == {
        "procedures_total": (Decimal(125), 1),
        "satisfaction_score": (Decimal(70), 1),
    }


def test_a_workflow_step_in_between_still_refuses_the_save(
    submission_ury: Submission,
    member_ury: User,
    administrator: User,
    fill: Callable[..., list[Value]],
) -> None:
    fill(submission_ury)
    opened = Submission.objects.get(pk=submission_ury.pk).lock_version
    services.submission_submit(actor=member_ury, submission=submission_ury)
    before = _state(submission_ury)

    # The administrator passes every permission check; the state is checked under the lock.
    with pytest.raises(ValidationError) as error:
        _save(submission_ury, administrator, opened, "procedures_total", "130", 1)

    assert "state" in error.value.message_dict
    assert _state(submission_ury) == before


# The entry page -----------------------------------------------------------------------------


class _EntryForm(HTMLParser):
    """What a browser sends back from the entry form, unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._in_form = "entry-form" in found.get("class", "")
        if tag == "option" and self._select and "selected" in found:
            self.data[self._select] = found["value"]
        if not self._in_form or "name" not in found:
            return
        name = found["name"]
        if tag == "input" and found.get("type") == "radio":
            if "checked" in found:  # a browser sends the chosen button only
                self.data[name] = found.get("value", "")
        elif tag == "input" and found.get("type") not in ("file", "submit"):
            self.data[name] = found.get("value", "")
        elif tag == "select":
            self._select = name
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea] += data.removeprefix("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _entry_form(body: str) -> dict[str, str]:
    parser = _EntryForm()
    parser.feed(body)
    parser.data.pop("csrfmiddlewaretoken", None)
    return parser.data


def _opened(user: User, submission: Submission) -> dict[str, str]:
    response = client_for(user).get(submission_url(submission))
    assert response.status_code == 200
    return _entry_form(response.content.decode())


def test_the_page_sends_each_values_version_and_what_it_showed(
    submission_ury: Submission, member_ury: User, fill: Callable[..., list[Value]]
) -> None:
    fill(submission_ury, satisfaction_score=None)

    form = _opened(member_ury, submission_ury)

    assert form["lock-version_procedures_total"] == "1"
    assert form["lock-version_satisfaction_score"] == ""  # no value yet: "I saw none"
    assert form["initial-v-procedures_total-value"] == "120"
    assert form["initial-v-procedures_total-status"] == "reported"


def test_two_people_saving_different_values_on_the_page_both_save(
    submission_ury: Submission,
    member_ury: User,
    colleague_ury: User,
    fill: Callable[..., list[Value]],
) -> None:
    fill(submission_ury)
    mine = _opened(member_ury, submission_ury)
    theirs = _opened(colleague_ury, submission_ury)

    mine["v-procedures_total-value"] = "130"
    theirs["v-satisfaction_score-value"] = "80"
    first = client_for(member_ury).post(submission_url(submission_ury), mine)
    second = client_for(colleague_ury).post(submission_url(submission_ury), theirs)

    assert (first.status_code, second.status_code) == (302, 302)
    stored = _stored(submission_ury)
    assert stored["procedures_total"] == (Decimal(130), 2)  # not put back to 120
    assert stored["satisfaction_score"] == (Decimal(80), 2)
    assert stored["procedures_transactional"] == (Decimal(60), 1)  # untouched: not resaved


def test_the_same_value_on_the_page_conflicts_and_saving_again_replaces_it(
    submission_ury: Submission,
    member_ury: User,
    colleague_ury: User,
    fill: Callable[..., list[Value]],
) -> None:
    fill(submission_ury)
    mine = _opened(member_ury, submission_ury)
    theirs = _opened(colleague_ury, submission_ury)
    theirs["v-procedures_total-value"] = "125"
    theirs["v-satisfaction_score-value"] = "80"
    client_for(colleague_ury).post(submission_url(submission_ury), theirs)
    before = _state(submission_ury)

    mine["v-procedures_total-value"] = "130"
    mine["v-procedures_transactional-value"] = "65"
    response = client_for(member_ury).post(submission_url(submission_ury), mine)

    body = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this submission" in body
    assert '<a href="#variable-procedures_total">' in body
    assert '<a href="#variable-satisfaction_score">' not in body  # theirs alone: no conflict
    assert "<td>125</td>" in body
    assert "<td>130</td>" in body
    assert _state(submission_ury) == before
    # The page keeps the input; sent again as it is, it replaces the value knowingly and
    # leaves the colleague's other change alone.
    again = client_for(member_ury).post(submission_url(submission_ury), _entry_form(body))
    assert again.status_code == 302
    stored = _stored(submission_ury)
    assert stored["procedures_total"] == (Decimal(130), 3)
    assert stored["procedures_transactional"] == (Decimal(65), 2)
    assert stored["satisfaction_score"] == (Decimal(80), 2)


def test_a_page_without_value_versions_keeps_the_submission_level_rule(
    submission_ury: Submission, member_ury: User, colleague_ury: User
) -> None:
    opened = submission_ury.lock_version
    _save(submission_ury, colleague_ury, opened, "procedures_total", "125", None)

    response = client_for(member_ury).post(
        submission_url(submission_ury),
        {
            "lock-expected_version": opened,
            "v-satisfaction_score-value": "80",
            "v-satisfaction_score-status": "reported",
        },
    )

    assert response.status_code == 409
    assert "satisfaction_score" not in _stored(submission_ury)
    # The page shown again still sends no value versions: the same rule applies next time.
    assert "lock-version_" not in response.content.decode()


def test_a_tampered_value_version_is_refused_without_saving(
    submission_ury: Submission, member_ury: User, fill: Callable[..., list[Value]]
) -> None:
    fill(submission_ury)
    before = _state(submission_ury)
    for tampered in ("abc", "0", "-1"):
        form = _opened(member_ury, submission_ury)
        form["lock-version_procedures_total"] = tampered
        form["v-procedures_total-value"] = "130"

        response = client_for(member_ury).post(submission_url(submission_ury), form)

        assert response.status_code == 400
        assert "This page is out of date or incomplete" in response.content.decode()
        assert _state(submission_ury) == before


# The API ------------------------------------------------------------------------------------


def _versions(user: User, submission: Submission) -> dict[str, int]:
    response = api_client_for(user).get(api_url(submission.round, tail="values/"))
    return {row["variable"]: row["version"] for row in response.json()}


def test_api_rows_with_their_version_conflict_only_on_the_same_value(
    submission_ury: Submission,
    member_ury: User,
    colleague_ury: User,
    fill: Callable[..., list[Value]],
) -> None:
    fill(submission_ury)
    opened = Submission.objects.get(pk=submission_ury.pk).lock_version
    seen = _versions(member_ury, submission_ury)
    values_url = api_url(submission_ury.round, tail="values/")

    def put(user: User, code: str, value: str, version: int | None) -> Any:
        body = {
            "expected_version": opened,
            "values": [{"variable": code, "value": value, "version": version}],
        }
        return api_client_for(user).put(values_url, body, format="json")

    assert (
        put(colleague_ury, "procedures_total", "125", seen["procedures_total"]).status_code == 200
    )
    other = put(member_ury, "satisfaction_score", "80", seen["satisfaction_score"])
    assert other.status_code == 200, other.json()
    before = _state(submission_ury)

    same = put(member_ury, "procedures_total", "130", seen["procedures_total"])

    assert same.status_code == 409
    assert same.json()["conflicts"] == [
        {"variable": "procedures_total", "theirs": "125", "theirs_by": "focal_ury", "mine": "130"}
    ]
    assert _state(submission_ury) == before
    created = put(member_ury, "signature_law", "0", None)  # "none existed", but one does
    assert created.status_code == 409
    assert _state(submission_ury) == before


def test_api_patch_of_one_value_with_its_version(
    submission_ury: Submission,
    member_ury: User,
    colleague_ury: User,
    fill: Callable[..., list[Value]],
) -> None:
    fill(submission_ury)
    opened = Submission.objects.get(pk=submission_ury.pk).lock_version
    client = api_client_for(member_ury)
    _save(submission_ury, colleague_ury, opened, "satisfaction_score", "80", 1)  # lock moves on

    patched = client.patch(
        api_url(submission_ury.round, tail="values/procedures_total/"),
        {"expected_version": opened, "value": "121", "version": 1},
        format="json",
    )
    stale = client.patch(
        api_url(submission_ury.round, tail="values/satisfaction_score/"),
        {"expected_version": opened, "value": "70", "version": 1},
        format="json",
    )
    bad = client.patch(
        api_url(submission_ury.round, tail="values/satisfaction_score/"),
        {"expected_version": opened, "value": "70", "version": "one"},
        format="json",
    )

    assert patched.status_code == 200, patched.json()
    assert patched.json()["value"] == "121"
    assert stale.status_code == 409
    assert bad.status_code == 400
    assert bad.json()["field"] == "version"
    assert _stored(submission_ury)["satisfaction_score"] == (Decimal(80), 2)
