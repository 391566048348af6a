"""Evidence files through the submission page: accepted only when their bytes are what their
name says, refused with a message naming the file (and nothing saved), served as downloads."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from gealc.measurement.models import Submission
from tests.core import samples
from tests.measurement.test_views import client_for, submission_url

pytestmark = pytest.mark.django_db


def _post_evidence(member: User, submission: Submission, name: str, content: bytes) -> str:
    response = client_for(member).post(
        submission_url(submission),
        {
            "lock-expected_version": submission.lock_version,
            "v-signature_law-value": "1",
            "v-signature_law-status": "reported",
            "v-signature_law-evidence_file": SimpleUploadedFile(name, content),
        },
    )
    return f"{response.status_code} {response.content.decode()}"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("law.pdf", b"The law, typed in a text file.\n", "is not a PDF document"),
        ("law.pdf", samples.SCRIPT_HTML, "is not a PDF document"),
        ("seal.png", samples.SCRIPT_SVG, "is not a PNG image"),
        ("data.xlsx", samples.zip_bomb(), "would expand to an extreme size"),
        ("law.pdf", samples.pdf_with_javascript(), "contains JavaScript"),
    ],
)
def test_evidence_that_is_not_what_its_name_says_is_refused_and_nothing_saved(
    member_ury: User, submission_ury: Submission, name: str, content: bytes, message: str
) -> None:
    answer = _post_evidence(member_ury, submission_ury, name, content)

    assert answer.startswith("400 ")
    assert message in answer.replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert name in answer
    value = submission_ury.values.filter(variable__code="signature_law").first()
    assert value is None or not value.evidence_file


def test_an_empty_evidence_file_is_refused(member_ury: User, submission_ury: Submission) -> None:
    answer = _post_evidence(member_ury, submission_ury, "law.pdf", b"")

    assert answer.startswith("400 ")
    assert "empty" in answer
    value = submission_ury.values.filter(variable__code="signature_law").first()
    assert value is None or not value.evidence_file


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("law.pdf", samples.pdf(), "application/pdf"),
        ("seal.png", samples.image("PNG"), "image/png"),
        (
            "data.xlsx",
            samples.xlsx(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_real_evidence_is_stored_and_served_as_a_download(
    member_ury: User, submission_ury: Submission, name: str, content: bytes, content_type: str
) -> None:
    answer = _post_evidence(member_ury, submission_ury, name, content)

    assert answer.startswith("302 ")
    response = client_for(member_ury).get(
        submission_url(submission_ury, "value_evidence", "signature_law")
    )
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content
