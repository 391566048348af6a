"""Practice attachments through the practice form: accepted only when their bytes are what
their name says; refused with a message naming the file, nothing saved."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from gealc.knowledge.models import Practice
from tests.core import samples
from tests.knowledge.test_views import client_for, url
from tests.knowledge.test_views_forms import practice_post

pytestmark = pytest.mark.django_db


def _attach(member: User, practice: Practice, name: str, content: bytes) -> tuple[int, str]:
    data = practice_post(
        country=practice.country.pk,
        attachment_title="Anexo",
        attachment_file=SimpleUploadedFile(name, content),
    )
    response = client_for(member).post(url("practice_edit", practice.slug), data)
    return response.status_code, response.content.decode().replace("&ldquo;", "“")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("informe.pdf", b"A report typed as text.\n", "is not a PDF document"),
        ("informe.pdf", samples.SCRIPT_HTML, "is not a PDF document"),
        ("grafico.png", samples.SCRIPT_SVG, "is not a PNG image"),
        ("datos.xlsx", samples.zip_bomb(), "would expand to an extreme size"),
        ("notas.txt", samples.SCRIPT_HTML, "holds HTML, SVG or XML markup"),
        ("informe.pdf", b"", "empty"),
    ],
)
def test_an_attachment_that_is_not_what_its_name_says_is_refused(
    member_ury: User, practice_draft: Practice, name: str, content: bytes, message: str
) -> None:
    status, page = _attach(member_ury, practice_draft, name, content)

    assert status == 400
    assert message in page
    assert not practice_draft.attachments.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("informe.pdf", samples.pdf()), ("grafico.png", samples.image()), ("acta.odt", samples.odt())],
)
def test_a_real_attachment_is_added(
    member_ury: User, practice_draft: Practice, name: str, content: bytes
) -> None:
    status, _page = _attach(member_ury, practice_draft, name, content)

    assert status == 302
    assert practice_draft.attachments.get().file.read() == content
