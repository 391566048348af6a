"""The submission page through a whole round: entry, bad input, conflicts, validation report,
submit with justifications, comments, return, validate, publish, history, downloads, import,
and the secretariat's round pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from gealc.measurement import spreadsheets
from gealc.measurement.models import FrameworkVersion, Round, Submission, Value

from .conftest import EVIDENCE, VALID_VALUES
from .test_views import client_for, submission_url, url


def entry_data(submission: Submission, **values: Any) -> dict[str, Any]:
    """What the browser sends: every row (stored values unless overridden) and the lock."""
    submission.refresh_from_db()
    stored = {v.variable.code: v for v in submission.values.select_related("variable")}
    data: dict[str, Any] = {"lock-expected_version": submission.lock_version}
    for variable in submission.round.framework_version.variables.all():
        value = stored.get(variable.code)
        prefix = f"v-{variable.code}-"
        number = values.get(variable.code, value.value if value else "")
        data[prefix + "value"] = "" if number is None else number
        data[prefix + "status"] = value.status if value else "reported"
        evidence = EVIDENCE if variable.code == "signature_law" else ""
        data[prefix + "evidence_url"] = value.evidence_url if value else evidence
        data[prefix + "comment"] = value.comment if value else ""
    return data


def stored(submission: Submission, code: str) -> Any:
    value = submission.values.filter(variable__code=code).first()
    return None if value is None else value.value


def test_focal_point_fills_in_and_sees_the_report(
    member_ury: User, submission_ury: Submission
) -> None:
    client = client_for(member_ury)

    response = client.post(
        submission_url(submission_ury), entry_data(submission_ury, **VALID_VALUES)
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#validation-report")
    assert stored(submission_ury, "procedures_total") == 120
    page = client.get(submission_url(submission_ury)).content.decode()
    assert "No errors and no warnings" in page


def test_bad_input_names_the_variable_and_saves_nothing(
    member_ury: User, submission_ury: Submission
) -> None:
    data = entry_data(submission_ury, procedures_total="many", satisfaction_score="75")

    response = client_for(member_ury).post(submission_url(submission_ury), data)

    body = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was saved" in body
    assert 'href="#id_v-procedures_total-value"' in body
    assert "National procedures" in body
    assert submission_ury.values.count() == 0
    # The reader's input is kept in the form.
    assert 'value="many"' in body


def test_service_errors_appear_on_the_row_of_the_variable(
    member_ury: User, submission_ury: Submission
) -> None:
    data = entry_data(submission_ury, procedures_total="12.5")  # an integer variable

    response = client_for(member_ury).post(submission_url(submission_ury), data)

    body = response.content.decode()
    assert response.status_code == 400
    assert "Give a whole number." in body
    assert submission_ury.values.count() == 0


def test_a_broken_rule_blocks_the_submit_button_until_fixed(
    member_ury: User, submission_ury: Submission
) -> None:
    client = client_for(member_ury)
    broken = {**VALID_VALUES, "procedures_transactional": 500}
    client.post(submission_url(submission_ury), entry_data(submission_ury, **broken))

    page = client.get(submission_url(submission_ury)).content.decode()

    assert "Transactional procedures cannot exceed all procedures." in page
    assert (
        'aria-describedby="submit-blocked" disabled' in page or "disabled aria-describedby" in page
    )
    refused = client.post(submission_url(submission_ury, "submission_transition", "submit"))
    assert refused.status_code == 400
    submission_ury.refresh_from_db()
    assert submission_ury.state == Submission.State.DRAFT

    client.post(
        submission_url(submission_ury), entry_data(submission_ury, procedures_transactional=60)
    )
    submitted = client.post(submission_url(submission_ury, "submission_transition", "submit"))
    assert submitted.status_code == 302
    submission_ury.refresh_from_db()
    assert submission_ury.state == Submission.State.SUBMITTED


def test_a_warning_needs_a_justification(
    member_ury: User, submission_ury: Submission, previous_round: Round
) -> None:
    client = client_for(member_ury)
    jump = {**VALID_VALUES, "procedures_total": 400, "procedures_transactional": 100}
    client.post(submission_url(submission_ury), entry_data(submission_ury, **jump))
    path = submission_url(submission_ury, "submission_transition", "submit")

    refused = client.post(path, {"justification_procedures_total_yoy": ""})

    assert refused.status_code == 400
    assert "justification_procedures_total_yoy" in refused.content.decode()
    accepted = client.post(
        path, {"justification_procedures_total_yoy": "A new catalogue counts every step."}
    )
    assert accepted.status_code == 302
    submission_ury.refresh_from_db()
    assert submission_ury.state == Submission.State.SUBMITTED
    assert submission_ury.justifications.get().text.startswith("A new catalogue")


def test_a_conflict_shows_both_values_and_keeps_the_users_input(
    member_ury: User,
    administrator: User,
    submission_ury: Submission,
    fill: Callable[..., list[Value]],
) -> None:
    fill(submission_ury)
    mine = entry_data(submission_ury, procedures_total="130")  # read at the current version
    fill(submission_ury, procedures_total=125)  # someone else saves meanwhile

    response = client_for(member_ury).post(submission_url(submission_ury), mine)

    body = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this submission" in body
    assert "<td>125</td>" in body
    assert "<td>130</td>" in body
    assert 'value="130"' in body  # the user's input is still in the form
    submission_ury.refresh_from_db()
    assert f'name="lock-expected_version" value="{submission_ury.lock_version}"' in body
    assert stored(submission_ury, "procedures_total") == 125
    # Sending it again, knowingly, replaces the stored value.
    mine["lock-expected_version"] = submission_ury.lock_version
    again = client_for(member_ury).post(submission_url(submission_ury), mine)
    assert again.status_code == 302
    assert stored(submission_ury, "procedures_total") == 130


def test_review_round_trip_with_comments(
    member_ury: User, reviewer: User, secretariat: User, submitted_ury: Submission
) -> None:
    code = "procedures_total"
    comment_path = submission_url(submitted_ury, "comment_add", code)
    reviewing = client_for(reviewer)

    page = reviewing.get(submission_url(submitted_ury)).content.decode()
    assert 'form="comment-form-procedures_total"' in page
    partial = reviewing.post(comment_path, {"text": "Where is the source?"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert "Where is the source?" in partial.content.decode()
    assert "<html" not in partial.content.decode()
    reviewing.post(
        submission_url(submitted_ury, "submission_transition", "return"),
        {"return-reason": "Please give the source of the total."},
    )
    submitted_ury.refresh_from_db()
    assert submitted_ury.state == Submission.State.RETURNED

    answering = client_for(member_ury)
    root = submitted_ury.values.get(variable__code=code).comments.get()
    answer = answering.post(comment_path, {"text": "The national catalogue.", "parent": root.pk})
    assert answer.status_code == 302
    assert root.replies.get().text == "The national catalogue."
    assert (
        answering.post(submission_url(submitted_ury, "submission_transition", "submit")).status_code
        == 302
    )

    assert (
        reviewing.post(
            submission_url(submitted_ury, "submission_transition", "validate")
        ).status_code
        == 302
    )
    publishing = client_for(secretariat)
    assert (
        publishing.post(
            submission_url(submitted_ury, "submission_transition", "publish")
        ).status_code
        == 302
    )
    submitted_ury.refresh_from_db()
    assert submitted_ury.state == Submission.State.PUBLISHED

    public_page = client_for(None).get(submission_url(submitted_ury))
    assert public_page.status_code == 200
    assert "<strong>120</strong>" in public_page.content.decode()
    history = client_for(secretariat).get(submission_url(submitted_ury, "submission_history"))
    body = history.content.decode()
    assert "Please give the source of the total." in body
    assert "Returned for changes" in body


def test_an_empty_comment_is_refused_with_a_message(
    reviewer: User, submitted_ury: Submission
) -> None:
    path = submission_url(submitted_ury, "comment_add", "procedures_total")

    response = client_for(reviewer).post(path, {"text": ""}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200  # htmx swaps only successful responses
    assert "This field is required." in response.content.decode()
    assert not submitted_ury.values.filter(comments__isnull=False).exists()
    without_js = client_for(reviewer).post(path, {"text": ""}, follow=True)
    assert "This field is required." in without_js.content.decode()


def test_value_history_shows_from_and_to(
    member_ury: User, submission_ury: Submission, fill: Callable[..., list[Value]]
) -> None:
    fill(submission_ury, actor=member_ury)
    fill(submission_ury, actor=member_ury, procedures_total=121)

    response = client_for(member_ury).get(
        submission_url(submission_ury, "value_history", "procedures_total")
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "120 → 121" in body
    assert "member_ury" in body or member_ury.get_full_name() in body


def test_template_and_export_downloads(member_ury: User, submission_ury: Submission) -> None:
    client = client_for(member_ury)
    for name in ("submission_template", "submission_export"):
        for fmt in ("csv", "xlsx"):
            response = client.get(submission_url(submission_ury, name, fmt))
            assert response.status_code == 200, (name, fmt)
            assert response["Content-Disposition"].endswith(f'.{fmt}"')


def test_import_checks_first_then_saves_on_confirmation(
    member_ury: User, submission_ury: Submission
) -> None:
    client = client_for(member_ury)
    text = spreadsheets.submission_template_csv(submission_ury).decode("utf-8-sig")
    lines = text.splitlines()
    filled = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        if cells[0] == "procedures_total":
            cells[1], cells[2] = "140", "reported"
        filled.append(",".join(cells))
    upload = SimpleUploadedFile("filled.csv", "\n".join(filled).encode(), "text/csv")
    path = submission_url(submission_ury, "submission_import")

    checked = client.post(path, {"file": upload})

    body = checked.content.decode()
    assert checked.status_code == 200, body
    assert "What the import will change" in body
    assert submission_ury.values.count() == 0
    token = checked.context["token"]
    confirmed = client.post(
        path, {"token": token, "expected_version": checked.context["expected_version"]}
    )
    assert confirmed.status_code == 302
    assert stored(submission_ury, "procedures_total") == 140


def test_import_of_a_bad_file_reports_every_problem(
    member_ury: User, submission_ury: Submission
) -> None:
    upload = SimpleUploadedFile("bad.csv", b"\xff\xfe\x00garbage", "text/csv")

    response = client_for(member_ury).post(
        submission_url(submission_ury, "submission_import"), {"file": upload}
    )

    assert response.status_code == 400
    assert "nothing was imported" in response.content.decode()
    assert submission_ury.values.count() == 0


def test_secretariat_opens_closes_and_reopens_a_round(
    secretariat: User, framework: FrameworkVersion, uruguay: Any, brazil: Any
) -> None:
    client = client_for(secretariat)
    data = {
        "framework_version": framework.pk,
        "reference_year": 2030,
        "opens_on": "2031-01-01",
        "closes_on": "2031-03-31",
        "countries": [uruguay.pk, brazil.pk],
    }
    assert client.get(url("round_create")).status_code == 200

    created = client.post(url("round_create"), data)

    assert created.status_code == 302
    round_ = Round.objects.get(reference_year=2030)
    assert round_.submissions.count() == 2
    assert client.post(url("round_close", round_.pk), {"reason": ""}).status_code == 200
    client.post(url("round_close", round_.pk), {"reason": "Deadline passed."})
    round_.refresh_from_db()
    assert round_.status == Round.Status.CLOSED
    client.post(url("round_reopen", round_.pk), {"reason": "Two countries asked for a week."})
    round_.refresh_from_db()
    assert round_.status == Round.Status.OPEN
    dashboard = client.get(url("round_detail", round_.pk)).content.decode()
    assert "Two countries asked for a week." in dashboard
    assert "<svg" in dashboard


def test_round_dates_are_checked(
    secretariat: User, framework: FrameworkVersion, uruguay: Any
) -> None:
    data = {
        "framework_version": framework.pk,
        "reference_year": 2030,
        "opens_on": "2031-05-01",
        "closes_on": "2031-03-31",
        "countries": [uruguay.pk],
    }

    response = client_for(secretariat).post(url("round_create"), data)

    assert response.status_code == 200
    assert "The round cannot close before it opens." in response.content.decode()
    assert not Round.objects.filter(reference_year=2030).exists()


def test_only_the_secretariat_runs_rounds(
    member_ury: User, reviewer: User, open_round: Round
) -> None:
    for user in (member_ury, reviewer):
        client = client_for(user)
        assert client.get(url("round_create")).status_code == 403
        assert client.post(url("round_close", open_round.pk), {"reason": "x"}).status_code == 403
        assert client.post(url("round_publish", open_round.pk)).status_code == 403
    open_round.refresh_from_db()
    assert open_round.status == Round.Status.OPEN


def test_dashboard_hides_other_countries_figures(
    member_bra: User, submission_ury: Submission, fill: Callable[..., list[Value]]
) -> None:
    fill(submission_ury)

    body = client_for(member_bra).get(url("round_detail", submission_ury.round_id)).content.decode()

    assert submission_url(submission_ury) not in body
    assert "Visible to the country" in body


def test_framework_spec_downloads_yaml(framework: FrameworkVersion) -> None:
    response = client_for(None).get(url("framework_spec", framework.code, framework.version))

    assert response.status_code == 200
    assert b"procedures_transactional" in response.content


def test_unknown_things_are_404(member_ury: User, submission_ury: Submission) -> None:
    client = client_for(member_ury)
    assert client.get(url("round_detail", 99999)).status_code == 404
    assert client.get(url("framework_detail", "NOPE", "1")).status_code == 404
    assert client.get(submission_url(submission_ury).replace("/ury/", "/zzz/")).status_code == 404
    assert (
        client.get(submission_url(submission_ury, "value_history", "no_such_variable")).status_code
        == 404
    )
    assert (
        client.post(submission_url(submission_ury, "submission_transition", "explode")).status_code
        == 404
    )
