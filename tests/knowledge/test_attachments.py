"""Practice attachments are served by a permission-checked view, never from the media URL.

A draft's documents are as private as the draft (404 for whoever may not see it); a published
practice's are everyone's. Every answer is a download of a declared type with ``nosniff``, so
an uploaded file is never rendered as a page of the site.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from gealc.knowledge import services
from gealc.knowledge.models import Practice, PracticeAttachment
from tests.core import samples

pytestmark = pytest.mark.django_db

ROLES = ("public", "stakeholder", "member_own", "member_other", "reviewer", "secretariat")
PDF = samples.pdf()
NOTES = "Notas de la reunión: <b> no es una etiqueta aquí.\n".encode()


def _client(user: User | AnonymousUser) -> Client:
    client = Client()
    if user.is_authenticated:
        client.force_login(user)
    return client


def _attach(practice: Practice, actor: User, name: str, body: bytes) -> PracticeAttachment:
    return services.practice_attachment_add(
        actor=actor, practice=practice, title=f"About {name}", file=ContentFile(body, name=name)
    )


def _url(attachment: PracticeAttachment) -> str:
    return f"/en/practices/{attachment.practice.slug}/attachments/{attachment.pk}/"


@pytest.mark.parametrize("role", ROLES)
def test_a_drafts_attachment_is_as_private_as_the_draft(
    role: str, practice_draft: Practice, member_ury: User, users_by_role: dict[str, Any]
) -> None:
    attachment = _attach(practice_draft, member_ury, "plan.pdf", PDF)
    response = _client(users_by_role[role]).get(_url(attachment))
    if role in ("member_own", "secretariat"):
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_a_published_practices_attachment_is_everyones_download(
    role: str, practice_published: Practice, secretariat: User, users_by_role: dict[str, Any]
) -> None:
    attachment = _attach(practice_published, secretariat, "report.pdf", PDF)
    response = _client(users_by_role[role]).get(_url(attachment))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_a_text_file_is_a_plain_text_download(
    practice_published: Practice, secretariat: User, public: AnonymousUser
) -> None:
    attachment = _attach(practice_published, secretariat, "notes.txt", NOTES)
    response = _client(public).get(_url(attachment))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_practice_page_links_the_view_and_the_media_url_serves_nothing(
    practice_published: Practice, secretariat: User, public: AnonymousUser
) -> None:
    attachment = _attach(practice_published, secretariat, "report.pdf", PDF)
    client = _client(public)
    page = client.get(f"/en/practices/{practice_published.slug}/").content.decode()
    assert f'href="{_url(attachment)}"' in page
    assert attachment.file.url not in page
    assert client.get(attachment.file.url).status_code == 404


def test_an_attachment_is_found_only_under_its_own_practice(
    practice_published: Practice,
    practice_published_bra: Practice,
    secretariat: User,
    public: AnonymousUser,
) -> None:
    attachment = _attach(practice_published, secretariat, "report.pdf", PDF)
    client = _client(public)
    other = f"/en/practices/{practice_published_bra.slug}/attachments/{attachment.pk}/"
    assert client.get(other).status_code == 404
    missing = f"/en/practices/{practice_published.slug}/attachments/{attachment.pk + 1}/"
    assert client.get(missing).status_code == 404


def test_a_lost_file_is_a_404_not_a_server_error(
    practice_published: Practice, secretariat: User, public: AnonymousUser
) -> None:
    attachment = _attach(practice_published, secretariat, "report.pdf", PDF)
    default_storage.delete(attachment.file.name)
    response = _client(public).get(_url(attachment))
    assert response.status_code == 404
