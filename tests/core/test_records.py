"""The addresses and downloads every app's records share: a slug no other row has, and a
stored document served only to a reader who may read it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404

from gealc.core.records import document_download, file_download, unique_slug
from gealc.groups.models import Document, WorkingLine

pytestmark = pytest.mark.django_db


def test_a_slug_is_the_text_made_an_address():
    assert unique_slug(WorkingLine, "Señales públicas, 2026") == "senales-publicas-2026"


def test_a_taken_slug_gets_the_next_free_number():
    taken = WorkingLine.objects.first()
    assert taken is not None
    WorkingLine.objects.create(slug=f"{taken.slug}-2", name="copy")  # the second is taken too

    assert unique_slug(WorkingLine, taken.slug) == f"{taken.slug}-3"


def test_a_text_without_letters_gets_the_fallback_and_a_reserved_word_a_number():
    assert unique_slug(WorkingLine, "¿¡…!?", fallback="line") == "line"
    assert unique_slug(WorkingLine, "New", reserved={"new"}) == "new-2"


def test_a_slug_is_never_longer_than_an_address_holds():
    assert len(unique_slug(WorkingLine, "word " * 60)) <= 100


def _stored(name: str, content: bytes) -> Document:
    saved = default_storage.save(name, ContentFile(content))
    return Document(title="Minutes", file=saved)


# A permission only the secretariat (and a superuser) holds.
PERMISSION = "groups.manage_training"


def test_a_reader_who_may_read_gets_the_file_as_a_download_that_is_not_sniffed():
    document = _stored("records/minutes.txt", b"the minutes")
    reader = User.objects.create_superuser("root")

    response = document_download(reader, document.file, permission=PERMISSION, obj=None)

    assert b"".join(response.streaming_content) == b"the minutes"
    assert "attachment" in response["Content-Disposition"]
    assert "minutes" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_reader_who_may_not_read_gets_a_404_that_hides_the_document(english):
    document = _stored("records/secret.txt", b"secret")

    with pytest.raises(Http404, match="No document to show here"):
        document_download(AnonymousUser(), document.file, permission=PERMISSION, obj=None)


def test_a_file_missing_from_the_storage_is_a_404_that_says_so(english):
    document = Document(title="Gone", file="records/never-stored.pdf")

    with pytest.raises(Http404, match="The file of this document is missing"):
        file_download(document.file)
