"""The submission form helps: a section per dimension saved on its own, yes/no as radio
buttons, numbers in the reader's grouping and decimal marks with the unit beside them, an
error summary at the top that takes the focus and links to each field, each error in its
control's aria-describedby, messages without internal codes, one issue per cause."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.utils import translation

from gealc.measurement import selectors, validation
from gealc.measurement.forms import delocalize_number
from gealc.measurement.models import FrameworkVersion, Submission

from .test_views import client_for, submission_url


@pytest.mark.parametrize(
    ("language", "typed", "number"),
    [
        ("en", "250,000,000", "250000000"),
        ("en", "1,234.5", "1234.5"),
        ("es", "250.000.000", "250000000"),
        ("es", "250\xa0000\xa0000", "250000000"),
        ("es", "1.234,5", "1234.5"),
        ("es", "75,5", "75.5"),
        ("es", "75.5", "75.5"),  # a dot that cannot be grouping is still a decimal mark
        ("pt", "1.234,5", "1234.5"),
        ("fr", "1\u202f234,5", "1234.5"),
        ("fr", "1 234,5", "1234.5"),
        ("en", "12,5", "12,5"),  # left for the field to refuse: not a number in English
    ],
)
def test_numbers_are_read_in_the_readers_marks(language: str, typed: str, number: str) -> None:
    with translation.override(language):
        assert delocalize_number(typed) == number


def _page(user: User, submission: Submission, language: str = "en") -> str:
    response = client_for(user).get(submission_url(submission, language=language))
    assert response.status_code == 200
    return response.content.decode()


def _post(user: User, submission: Submission, data: dict[str, str], language: str = "en"):  # type: ignore[no-untyped-def]
    submission.refresh_from_db()
    body = {"lock-expected_version": str(submission.lock_version), **data}
    return client_for(user).post(submission_url(submission, language=language), body)


def test_stored_numbers_show_the_readers_grouping_and_their_unit(
    member_ury: User, submission_ury: Submission, fill: object
) -> None:
    fill(submission_ury, procedures_total=250000000)  # type: ignore[operator]

    english = _page(member_ury, submission_ury)
    spanish = _page(member_ury, submission_ury, "es")

    assert 'value="250,000,000"' in english
    assert 'value="250\xa0000\xa0000"' in spanish  # Spanish groups with a space
    assert re.search(r'<span class="unit" aria-hidden="true">procedures</span>', english)


def test_a_number_typed_with_grouping_marks_is_saved(
    member_ury: User, submission_ury: Submission
) -> None:
    response = _post(
        member_ury,
        submission_ury,
        {"v-procedures_total-value": "1.234", "v-procedures_total-status": "reported"},
        language="es",
    )
    assert response.status_code == 302
    assert submission_ury.values.get(variable__code="procedures_total").value == Decimal(1234)


def test_yes_no_is_a_pair_of_radio_buttons_in_a_fieldset(
    member_ury: User, submission_ury: Submission
) -> None:
    page = _page(member_ury, submission_ury)
    assert 'type="radio" name="v-signature_law-value" value="1"' in page
    assert 'type="radio" name="v-signature_law-value" value="0"' in page
    assert 'name="v-signature_law-value" type="text"' not in page

    response = _post(
        member_ury,
        submission_ury,
        {"v-signature_law-value": "0", "v-signature_law-status": "reported"},
    )
    assert response.status_code == 302
    assert submission_ury.values.get(variable__code="signature_law").value == 0


def test_each_dimension_is_a_form_of_its_own_with_its_progress(
    member_ury: User, submission_ury: Submission, fill: object
) -> None:
    fill(submission_ury, satisfaction_score=None, signature_law=None)  # type: ignore[operator]
    page = _page(member_ury, submission_ury)
    assert page.count('class="entry-form"') == 3
    assert page.count('name="section"') == 3
    assert "2 of 2 filled in" in page  # procedures_total and procedures_transactional
    assert "0 of 1 filled in" in page
    assert page.count("Save this section") == 3


def test_a_section_saved_alone_changes_only_its_rows_and_comes_back_to_it(
    member_ury: User, submission_ury: Submission, fill: object
) -> None:
    fill(submission_ury)  # type: ignore[operator]
    before = {v.variable.code: v.value for v in submission_ury.values.select_related("variable")}

    response = _post(
        member_ury,
        submission_ury,
        {
            "section": "satisfaction",
            "v-satisfaction_score-value": "80",
            "v-satisfaction_score-status": "reported",
        },
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#dimension-satisfaction")
    after = {v.variable.code: v.value for v in submission_ury.values.select_related("variable")}
    assert after == {**before, "satisfaction_score": Decimal(80)}


def test_a_failed_save_puts_a_focused_summary_on_top_and_describes_each_control(
    member_ury: User, submission_ury: Submission, fill: object
) -> None:
    fill(submission_ury)  # type: ignore[operator]

    response = _post(
        member_ury,
        submission_ury,
        {
            "section": "services",
            "v-procedures_total-value": "many",
            "v-procedures_total-status": "reported",
            "v-procedures_transactional-value": "60",
            "v-procedures_transactional-status": "reported",
        },
    )

    assert response.status_code == 400
    page = response.content.decode()
    summary = page.index('id="entry-errors"')
    assert summary < page.index("validation-report")  # at the top, before the report
    assert re.search(r'id="entry-errors" tabindex="-1" autofocus', page)
    assert '<a href="#id_v-procedures_total-value">' in page
    control = re.search(r'<input[^>]*id="id_v-procedures_total-value"[^>]*>', page)
    assert control is not None
    assert "id_v-procedures_total-value_error" in control.group(0)
    assert 'id="id_v-procedures_total-value_error"' in page
    # The other sections still show what is stored, not empty inputs.
    assert 'name="v-satisfaction_score-value" value="75.5"' in page


def test_a_radio_group_error_links_to_its_first_button(
    member_ury: User, submission_ury: Submission
) -> None:
    response = _post(
        member_ury,
        submission_ury,
        {"v-signature_law-value": "7", "v-signature_law-status": "reported"},
    )
    assert response.status_code == 400
    assert '<a href="#id_v-signature_law-value_0">' in response.content.decode()


def test_a_rule_and_a_plausible_range_never_fire_for_one_cause(
    framework: FrameworkVersion,
) -> None:
    entered = {
        "procedures_total": validation.EnteredValue("reported", Decimal(100)),
        "procedures_transactional": validation.EnteredValue("reported", Decimal(150)),
    }
    report = validation.validate(
        variables=framework.variables.filter(code__in=entered),
        indicators=framework.indicators.all(),
        rules=framework.rules.all(),
        entered=entered,
    )
    assert [issue.rule for issue in report.errors] == ["transactional_le_total"]


def test_a_warning_can_be_justified_without_an_error_beside_it(
    framework: FrameworkVersion, english: None
) -> None:
    """The DGI framework's identities warning (more identities than 1.2 per inhabitant) and
    the identities indicator's plausible maximum (1,200 per 1,000) describe one cause."""
    from gealc.measurement.models import Indicator, ValidationRule

    share = Indicator.objects.get(framework=framework, code="transactional_share")
    rule = ValidationRule(
        framework=framework,
        code="share_warning",
        kind=ValidationRule.Kind.CROSS,
        left="procedures_transactional",
        operator="<=",
        right="procedures_total",
        severity=ValidationRule.Severity.WARNING,
        message="More online procedures than procedures; explain why.",
    )
    entered = {
        "procedures_total": validation.EnteredValue("reported", Decimal(100)),
        "procedures_transactional": validation.EnteredValue("reported", Decimal(150)),
    }
    report = validation.validate(
        variables=framework.variables.filter(code__in=entered),
        indicators=[share],
        rules=[rule],
        entered=entered,
    )
    assert report.errors == []
    assert [issue.rule for issue in report.warnings] == ["share_warning"]


def test_a_plausible_range_message_names_the_indicator_in_words(
    framework: FrameworkVersion, english: None
) -> None:
    entered = {
        "procedures_total": validation.EnteredValue("reported", Decimal(7)),
        "procedures_transactional": validation.EnteredValue("reported", Decimal(20)),
    }
    report = validation.validate(
        variables=framework.variables.filter(code__in=entered),
        indicators=framework.indicators.all(),
        rules=[],
        entered=entered,
    )
    (issue,) = report.errors
    assert issue.message == (
        "“Transactional procedures” comes to 285.71, outside its plausible range (0 to 100): "
        "check the values it is computed from."
    )
    assert "plausible:" not in issue.message
    assert issue.variable == "procedures_total"  # the report links to a value to check


def test_the_report_names_checks_in_words_not_codes(
    member_ury: User, submission_ury: Submission, fill: object
) -> None:
    fill(submission_ury, procedures_total=10, procedures_transactional=20)  # type: ignore[operator]
    page = _page(member_ury, submission_ury)
    report = page[page.index('id="validation-report"') :]
    assert "transactional_le_total" not in report
    assert "missing:" not in report
    assert "range:" not in report
    assert "Comparison between variables" in report
    assert selectors.submission_validation_report(submission_ury).errors


def test_autosave_answers_the_stored_versions_so_the_next_save_does_not_conflict(
    member_ury: User, submission_ury: Submission
) -> None:
    client = client_for(member_ury)
    path = submission_url(submission_ury)
    submission_ury.refresh_from_db()
    sent = {
        "lock-expected_version": str(submission_ury.lock_version),
        "lock-version_procedures_total": "",
        "section": "services",
        "v-procedures_total-value": "120",
        "v-procedures_total-status": "reported",
        "initial-v-procedures_total-value": "",
        "initial-v-procedures_total-status": "reported",
    }

    first = client.post(path, sent, HTTP_X_AUTOSAVE="1")
    assert first.status_code == 200
    answer = first.json()
    assert answer["versions"] == {"procedures_total": 1}
    again = {
        **sent,
        "lock-expected_version": str(answer["expected_version"]),
        "lock-version_procedures_total": str(answer["versions"]["procedures_total"]),
        "initial-v-procedures_total-value": "120",
        "v-procedures_total-value": "125",
    }
    second = client.post(path, again, HTTP_X_AUTOSAVE="1")
    assert second.status_code == 200
    assert second.json()["versions"] == {"procedures_total": 2}
    assert submission_ury.values.get().value == 125
    stale = client.post(path, {**again, "v-procedures_total-value": "130"}, HTTP_X_AUTOSAVE="1")
    assert stale.status_code == 409
    assert "someone else changed" in stale.json()["message"]
    wrong = client.post(path, {**sent, "v-procedures_total-value": "x"}, HTTP_X_AUTOSAVE="1")
    assert wrong.status_code == 400
    assert submission_ury.values.get().value == 125


def test_a_yes_written_as_a_stored_number_is_still_yes(
    member_ury: User, submission_ury: Submission
) -> None:
    response = _post(
        member_ury,
        submission_ury,
        {"v-signature_law-value": "1.000000", "v-signature_law-status": "reported"},
    )
    assert response.status_code == 302
    assert submission_ury.values.get(variable__code="signature_law").value == 1


def test_a_tampered_yes_no_initial_counts_as_a_change_not_a_crash(
    member_ury: User, submission_ury: Submission
) -> None:
    """The page's hidden copy of what it showed came back as no number at all."""
    response = _post(
        member_ury,
        submission_ury,
        {
            "v-signature_law-value": "1",
            "v-signature_law-status": "reported",
            "initial-v-signature_law-value": "abc",
            "initial-v-signature_law-status": "reported",
        },
    )
    assert response.status_code == 302
    assert submission_ury.values.get(variable__code="signature_law").value == 1
