"""The measurement API: a round run from entry to publication, conflicts, imports and specs."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import yaml
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from gealc.measurement.models import FrameworkVersion, Round, Submission, Value
from tests.measurement.io_helpers import (
    csv_file,
    english,  # noqa: F401  (autouse)
)

EVIDENCE = "https://evidence.example.org/law.pdf"
VALUES = [
    {"variable": "procedures_total", "value": "120"},
    {"variable": "procedures_transactional", "value": "60"},
    {"variable": "satisfaction_score", "value": "75.5"},
    {"variable": "signature_law", "value": "1", "evidence_url": EVIDENCE},
]


def url(round_: Round, iso3: str = "URY", tail: str = "") -> str:
    return f"/api/v1/rounds/{round_.pk}/submissions/{iso3}/{tail}"


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def version_of(submission: Submission) -> int:
    return Submission.objects.get(pk=submission.pk).lock_version


def stored(submission: Submission) -> dict[str, Decimal | None]:
    values = Value.objects.filter(submission=submission).select_related("variable")
    return {value.variable.code: value.value for value in values}


def put_values(client: APIClient, submission: Submission, rows: list[dict[str, Any]]) -> Any:
    body = {"expected_version": version_of(submission), "values": rows}
    return client.put(
        url(submission.round, submission.country.iso3, "values/"), body, format="json"
    )


def test_rounds_are_listed_for_everyone(open_round: Round) -> None:
    response = client_for(None).get("/api/v1/rounds/")
    assert response.status_code == 200
    [item] = response.json()["results"]
    assert item["reference_year"] == 2025
    assert item["framework"] == "TEST-DGI"
    assert sorted(item["countries"]) == ["BRA", "CHL", "URY"]
    assert client_for(None).get(f"/api/v1/rounds/{open_round.pk}/").json()["status"] == "open"


def test_a_round_from_entry_to_publication(
    open_round: Round,
    submission_ury: Submission,
    member_ury: User,
    reviewer: User,
    secretariat: User,
) -> None:
    member = client_for(member_ury)
    response = put_values(member, submission_ury, VALUES)
    assert response.status_code == 200, response.json()
    assert {row["variable"]: row["value"] for row in response.json()}[
        "satisfaction_score"
    ] == "75.5"
    detail = member.get(url(open_round)).json()
    assert detail["state"] == "draft"
    assert detail["validation"]["is_valid"] is True

    assert member.post(url(open_round, tail="submit/"), {}, format="json").status_code == 200
    response = client_for(secretariat).post(
        url(open_round, tail="return/"),
        {"reason": "Check the number of procedures."},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "returned"

    comment = client_for(secretariat).post(
        url(open_round, tail="comments/"),
        {"variable": "procedures_total", "text": "Where does 120 come from?"},
        format="json",
    )
    assert comment.status_code == 201, comment.json()
    answer = member.post(
        url(open_round, tail="comments/"),
        {
            "variable": "procedures_total",
            "text": "The 2025 catalogue.",
            "parent": comment.json()["id"],
        },
        format="json",
    )
    assert answer.status_code == 201
    assert len(member.get(url(open_round, tail="comments/")).json()) == 2

    assert member.post(url(open_round, tail="submit/"), {}, format="json").status_code == 200
    assert client_for(reviewer).post(url(open_round, tail="validate/")).status_code == 200
    published = client_for(secretariat).post(url(open_round, tail="publish/"))
    assert published.status_code == 200
    assert published.json()["state"] == "published"
    states = [step["to_state"] for step in published.json()["transitions"]]
    assert states == ["draft", "submitted", "returned", "submitted", "validated", "published"]

    public = client_for(None).get(url(open_round, tail="values/"))
    assert public.status_code == 200
    assert len(public.json()) == 4
    listed = client_for(None).get(f"/api/v1/rounds/{open_round.pk}/submissions/").json()
    assert [row["country"] for row in listed["results"]] == ["URY"]


def test_a_stale_lock_version_is_409_with_both_values(
    submission_ury: Submission, member_ury: User, fill: Callable[..., list[Value]]
) -> None:
    opened_at = version_of(submission_ury)
    fill(submission_ury, procedures_total=125)
    response = client_for(member_ury).put(
        url(submission_ury.round, tail="values/"),
        {
            "expected_version": opened_at,
            "values": [{"variable": "procedures_total", "value": "130"}],
        },
        format="json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["field"] == "expected_version"
    assert body["current_version"] == version_of(submission_ury)
    assert body["conflicts"] == [
        {
            "variable": "procedures_total",
            "theirs": "125",
            "theirs_by": "administrator",
            "mine": "130",
        }
    ]
    assert stored(submission_ury)["procedures_total"] == Decimal("125")


def test_one_value_is_patched_with_its_lock_version(
    submission_ury: Submission, member_ury: User, fill: Callable[..., list[Value]]
) -> None:
    fill(submission_ury)
    client = client_for(member_ury)
    value_url = url(submission_ury.round, tail="values/procedures_total/")
    response = client.patch(
        value_url, {"expected_version": version_of(submission_ury), "value": "121"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["value"] == "121"
    assert response.json()["status"] == "reported"
    stale = client.patch(value_url, {"expected_version": 1, "value": "122"}, format="json")
    assert stale.status_code == 409
    assert client.get(value_url).json()["value"] == "121"
    assert client.get(url(submission_ury.round, tail="values/nope/")).status_code == 404


def test_invalid_values_are_400_naming_the_row_and_field(
    submission_ury: Submission, member_ury: User
) -> None:
    client = client_for(member_ury)
    response = put_values(
        client,
        submission_ury,
        [
            {"variable": "procedures_total", "value": "12"},
            {"variable": "procedures_transactional", "value": "2.5"},
        ],
    )
    assert response.status_code == 400
    assert response.json()["field"] == "values.1.value"
    unknown = put_values(client, submission_ury, [{"variable": "nope", "value": "1"}])
    assert unknown.status_code == 400
    assert unknown.json()["field"] == "values.0.variable"
    missing = client.put(url(submission_ury.round, tail="values/"), {"values": []}, format="json")
    assert missing.status_code == 400
    assert stored(submission_ury) == {}


def test_submit_with_an_error_is_refused_and_the_report_says_why(
    submission_ury: Submission, member_ury: User, fill: Callable[..., list[Value]]
) -> None:
    fill(submission_ury, procedures_transactional=130)
    client = client_for(member_ury)
    report = client.get(url(submission_ury.round, tail="validation/")).json()
    assert report["is_valid"] is False
    assert "transactional_le_total" in [issue["rule"] for issue in report["errors"]]
    response = client.post(url(submission_ury.round, tail="submit/"), {}, format="json")
    assert response.status_code == 400
    assert Submission.objects.get(pk=submission_ury.pk).state == "draft"


def test_import_by_api_dry_run_then_for_real(submission_ury: Submission, member_ury: User) -> None:
    client = client_for(member_ury)
    data = csv_file(
        ["procedures_total", "120", "", "", ""], ["satisfaction_score", "80", "", "", ""]
    )
    import_url = url(submission_ury.round, tail="import/")

    dry = client.post(f"{import_url}?dry_run=1", {"file": SimpleUploadedFile("v.csv", data)})
    assert dry.status_code == 200, dry.json()
    assert dry.json()["saved"] is False
    assert len(dry.json()["changes"]) == 2
    assert stored(submission_ury) == {}

    no_version = client.post(import_url, {"file": SimpleUploadedFile("v.csv", data)})
    assert no_version.status_code == 400
    assert no_version.json()["field"] == "expected_version"

    real = client.post(
        import_url,
        {"file": SimpleUploadedFile("v.csv", data), "expected_version": version_of(submission_ury)},
    )
    assert real.status_code == 200, real.json()
    assert real.json()["saved"] is True
    assert stored(submission_ury) == {
        "procedures_total": Decimal("120"),
        "satisfaction_score": Decimal("80"),
    }


def test_an_import_with_problems_is_400_with_every_problem(
    submission_ury: Submission, member_ury: User
) -> None:
    data = csv_file(["procedures_total", "x", "", "", ""], ["nope", "1", "", "", ""])
    response = client_for(member_ury).post(
        url(submission_ury.round, tail="import/"),
        {"file": SimpleUploadedFile("v.csv", data), "expected_version": version_of(submission_ury)},
    )
    assert response.status_code == 400
    problems = response.json()["problems"]
    assert [(p["row"], p["column"]) for p in problems] == [(2, "value"), (3, "variable")]
    assert stored(submission_ury) == {}


def test_template_and_export_downloads(
    submission_ury: Submission, member_ury: User, fill: Callable[..., list[Value]]
) -> None:
    fill(submission_ury)
    client = client_for(member_ury)
    xlsx = client.get(url(submission_ury.round, tail="template/"))
    assert xlsx.status_code == 200
    assert xlsx.content.startswith(b"PK")
    assert 'filename="ury-2025-template.xlsx"' in xlsx["Content-Disposition"]
    exported = client.get(url(submission_ury.round, tail="export/?format=csv"))
    assert exported.status_code == 200
    assert exported.content.decode("utf-8-sig").splitlines()[0].startswith("variable,value,status")


def test_framework_spec_in_yaml_and_json(framework: FrameworkVersion) -> None:
    client = client_for(None)
    listed = client.get("/api/v1/frameworks/").json()["results"]
    assert [(f["code"], f["version"]) for f in listed] == [("TEST-DGI", "1.0")]
    spec_url = "/api/v1/frameworks/TEST-DGI/1.0/spec/"
    as_yaml = client.get(spec_url)
    assert as_yaml.status_code == 200
    assert as_yaml["Content-Type"].startswith("application/yaml")
    document = yaml.safe_load(as_yaml.content)
    assert document["framework"]["code"] == "TEST-DGI"
    assert client.get(f"{spec_url}?format=json").json() == document
    assert client.get(f"{spec_url}?format=yaml").content == as_yaml.content
    assert client.get("/api/v1/frameworks/TEST-DGI/9.9/spec/").status_code == 404


def test_token_authentication(submission_ury: Submission, member_ury: User) -> None:
    token = Token.objects.create(user=member_ury)
    client = APIClient()
    assert client.get(url(submission_ury.round)).status_code == 404  # a draft, anonymously
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get(url(submission_ury.round))
    assert response.status_code == 200
    assert response.json()["lock_version"] == submission_ury.lock_version


@pytest.mark.parametrize("path", ["", "values/", "validation/", "comments/"])
def test_unknown_round_or_country_is_404(open_round: Round, administrator: User, path: str) -> None:
    client = client_for(administrator)
    assert client.get(url(open_round, "ZZZ", path)).status_code == 404
    assert client.get(f"/api/v1/rounds/999999/submissions/URY/{path}").status_code == 404


@pytest.mark.django_db
def test_schema_lists_the_measurement_endpoints() -> None:
    schema = yaml.safe_load(client_for(None).get("/api/v1/schema/").content)
    paths = schema["paths"]
    for tail in (
        "values/",
        "submit/",
        "return/",
        "validate/",
        "publish/",
        "import/",
        "validation/",
    ):
        assert f"/api/v1/rounds/{{id}}/submissions/{{iso3}}/{tail}" in paths
    assert "/api/v1/frameworks/{code}/{version}/spec/" in paths


def test_a_bad_number_in_a_later_row_is_400_naming_that_row(
    submission_ury: Submission, member_ury: User
) -> None:
    response = put_values(
        client_for(member_ury),
        submission_ury,
        [
            {"variable": "procedures_total", "value": "12"},
            {"variable": "satisfaction_score", "value": "x"},
        ],
    )
    assert response.status_code == 400
    assert response.json()["field"] == "values.1.value"
    assert stored(submission_ury) == {}


def test_submitting_what_someone_else_just_changed_is_409(
    submission_ury: Submission, member_ury: User, fill: Callable[..., list[Value]]
) -> None:
    fill(submission_ury)
    reviewed = version_of(submission_ury)
    fill(submission_ury, procedures_total=121)
    response = client_for(member_ury).post(
        url(submission_ury.round, tail="submit/"), {"expected_version": reviewed}, format="json"
    )
    assert response.status_code == 409
    assert Submission.objects.get(pk=submission_ury.pk).state == "draft"
