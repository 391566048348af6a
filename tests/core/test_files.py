"""Uploads are accepted only when their bytes are what their name says; stored files are
served as downloads of a fixed type that no browser sniffs or renders."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gealc.core.files import (
    KINDS,
    MAX_EXPANDED_BYTES,
    MAX_ZIP_MEMBERS,
    UploadValidator,
    ZipBomb,
    attachment_response,
    check_upload_content,
    check_zip_expansion,
    is_new_upload,
    served_content_type,
)
from tests.core import samples

ALL = tuple(KINDS)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", samples.pdf()),
        ("chart.png", samples.image("PNG")),
        ("photo.jpg", samples.image("JPEG")),
        ("photo.JPEG", samples.image("JPEG")),
        ("data.xlsx", samples.xlsx()),
        ("letter.docx", samples.docx()),
        ("minutes.odt", samples.odt()),
        ("values.csv", "país;valor\nUruguay;1,5\n".encode()),
        ("values.csv", "país;valor\nUruguay;1,5\n".encode("cp1252")),
        ("notes.txt", b"\xef\xbb\xbfPlain notes, with a BOM.\n"),
    ],
)
def test_real_files_of_each_kind_are_accepted(name: str, content: bytes, english: None) -> None:
    upload = SimpleUploadedFile(name, content)
    check_upload_content(upload, name=name, allowed=ALL)
    assert upload.read() == content  # left at the start, for the storage to save it whole


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"Just some text, not a PDF.\n", "is not a PDF document"),
        ("report.pdf", b"%PDF-1.4 then nothing a parser can read", "could not be read as a PDF"),
        ("report.pdf", samples.SCRIPT_HTML, "its content is of another type (HTML)"),
        ("report.pdf", samples.SCRIPT_SVG, "its content is of another type (SVG)"),
        ("chart.png", samples.SCRIPT_SVG, "is not a PNG image: its content is of another type"),
        ("chart.png", samples.SCRIPT_HTML, "is not a PNG image"),
        ("chart.png", samples.image("JPEG"), "is not a PNG image"),
        ("chart.png", samples.image("PNG")[:40], "could not be read as a PNG image"),
        ("data.xlsx", samples.zip_bomb(), "would expand to an extreme size"),
        ("data.xlsx", samples.plain_zip(), "is a zip archive but not an Excel workbook"),
        ("letter.docx", samples.xlsx(), "is a zip archive but not a Word document"),
        ("minutes.odt", samples.docx(), "is a zip archive but not an OpenDocument text"),
        ("data.xlsx", samples.pdf(), "is not an Excel workbook"),
        ("notes.txt", samples.SCRIPT_HTML, "holds HTML, SVG or XML markup"),
        ("values.csv", samples.SCRIPT_SVG, "holds HTML, SVG or XML markup"),
        ("notes.txt", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "it holds binary data"),
        ("notes.txt", samples.image("PNG"), "it holds binary data"),
        ("report.pdf", samples.pdf_with_javascript(), "contains JavaScript"),
        ("report.pdf", samples.pdf_opening_with_javascript(), "contains JavaScript"),
        ("report.pdf", b"", "is empty"),
        ("page.html", samples.SCRIPT_HTML, "Files of type “html” are not accepted"),
        ("logo.svg", samples.SCRIPT_SVG, "Files of type “svg” are not accepted"),
    ],
)
def test_files_whose_bytes_disagree_with_their_name_are_refused(
    name: str, content: bytes, message: str, english: None
) -> None:
    with pytest.raises(ValidationError) as refused:
        check_upload_content(io.BytesIO(content), name=name, allowed=ALL)
    (text,) = refused.value.messages
    assert message in text
    assert name in text or "are not accepted" in text


def _member(name: str, *, size: int, compressed: int) -> zipfile.ZipInfo:
    member = zipfile.ZipInfo(name)
    member.file_size, member.compress_size = size, compressed
    return member


MEGABYTE = 1024 * 1024


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (
            [_member(f"p{n}.xml", size=10, compressed=10) for n in range(MAX_ZIP_MEMBERS + 1)],
            "holds 1001 parts, more than the limit of 1000.",
        ),
        # Under the ratio, but more than an upload or an import may unpack (uploads allowed
        # 200 MB before the import's 64 MB became the one limit).
        (
            [
                _member(
                    "word/media/a.png",
                    size=MAX_EXPANDED_BYTES + MEGABYTE,
                    compressed=MAX_EXPANDED_BYTES,
                )
            ],
            "unpacks to 65.0 MB, more than the limit of 64.0 MB.",
        ),
        (
            [_member("xl/styles.xml", size=2 * MEGABYTE, compressed=8 * 1024)],
            "part xl/styles.xml is compressed 256 times, more than the limit of 200 times.",
        ),
    ],
)
def test_one_set_of_zip_bomb_limits_names_the_one_passed(
    members: list[zipfile.ZipInfo], message: str, english: None
) -> None:
    with pytest.raises(ZipBomb, match=message):
        check_zip_expansion(members)


def test_a_small_part_is_not_refused_for_its_ratio() -> None:
    """A cell of 30,000 "x" compresses hundreds of times; a part under 1 MB is no bomb."""
    check_zip_expansion([_member("xl/sharedStrings.xml", size=MEGABYTE - 1, compressed=1000)])


def test_an_upload_refused_as_a_zip_bomb_says_which_limit(english: None) -> None:
    with pytest.raises(ValidationError) as refused:
        check_upload_content(io.BytesIO(samples.zip_bomb()), name="data.xlsx", allowed=ALL)
    (text,) = refused.value.messages
    assert "“data.xlsx” would expand to an extreme size" in text
    assert "The file unpacks to 100.0 MB, more than the limit of 64.0 MB." in text


def test_an_extension_outside_the_allowed_ones_is_refused(english: None) -> None:
    with pytest.raises(ValidationError, match="Use one of: pdf, png"):
        check_upload_content(io.BytesIO(samples.xlsx()), name="a.xlsx", allowed=("pdf", "png"))


def test_the_upload_validator_checks_type_then_size_then_content(english: None) -> None:
    validator = UploadValidator(allowed=("pdf", "txt"), max_bytes=1024 * 1024)

    validator(SimpleUploadedFile("report.pdf", samples.pdf()))
    with pytest.raises(ValidationError, match="Files of type “exe” are not accepted") as wrong:
        validator(SimpleUploadedFile("run.exe", b"MZ"))
    with pytest.raises(ValidationError, match="larger than 1 MB") as big:
        validator(SimpleUploadedFile("notes.txt", b"a" * (1024 * 1024 + 1)))
    with pytest.raises(ValidationError, match="is not a PDF document") as disguised:
        validator(SimpleUploadedFile("report.pdf", b"Just text."))
    assert [wrong.value.code, big.value.code, disguised.value.code] == [
        "extension",
        "size",
        "content",
    ]


def test_a_stored_file_is_not_read_again() -> None:
    class Stored:
        name = "evidence/report.pdf"
        size = 10
        _committed = True

        def read(self) -> bytes:
            raise AssertionError("a stored file was read")

    UploadValidator(allowed=("pdf",), max_bytes=100)(Stored())


def test_the_upload_validator_is_stable_in_migrations() -> None:
    validator = UploadValidator(allowed=("pdf",), max_bytes=5)

    assert validator.deconstruct() == (
        "gealc.core.files.UploadValidator",
        (),
        {"allowed": ("pdf",), "max_bytes": 5},
    )
    assert validator == UploadValidator(allowed=("pdf",), max_bytes=5)
    assert validator != UploadValidator(allowed=("pdf",), max_bytes=6)


def test_only_new_uploads_are_read() -> None:
    class Stored:
        _committed = True

    assert is_new_upload(SimpleUploadedFile("a.pdf", b"x"))
    assert not is_new_upload(Stored())


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("report.PDF", "application/pdf"),
        ("chart.png", "image/png"),
        ("notes.txt", "text/plain; charset=utf-8"),
        ("page.html", "application/octet-stream"),
        ("logo.svg", "application/octet-stream"),
        ("noextension", "application/octet-stream"),
    ],
)
def test_a_download_has_a_fixed_safe_type(name: str, content_type: str) -> None:
    response = attachment_response(io.BytesIO(b"bytes"), filename=name)

    assert served_content_type(name) == content_type
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["X-Content-Type-Options"] == "nosniff"
