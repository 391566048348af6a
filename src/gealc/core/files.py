"""Uploaded files checked by what they contain, and served so that no browser runs them.

An upload's name says what it claims to be; its bytes must agree. ``check_upload_content``
identifies the bytes with puremagic (a file-type detection library) and then looks inside:
a PDF must parse (pypdf) and carry no JavaScript, an image must decode (Pillow), an office
document must be the zip container of its kind with its main part and no extreme expansion
(a zip bomb), a text file must be text without HTML, SVG or XML markup, and no file may be
empty. A refusal is a ``ValidationError`` that names the file and says why.

``UploadValidator`` is the one validator of the apps' upload file fields: the allowed
extensions and the size, then the content check. ``check_zip_expansion`` is the one zip-bomb
check, with one set of limits, for these uploads and the spreadsheet import
(``gealc.measurement.imports``) alike.

``attachment_response`` serves a stored file as a download (``Content-Disposition:
attachment``) with a content type fixed by its kind — never what the uploader sent — and
``X-Content-Type-Options: nosniff``: every app serves uploads through it
(``gealc.core.records.file_download``).
"""

import io
import warnings
import zipfile
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any

import puremagic
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader

# The limits past which a zip container counts as a zip bomb, for every upload and the
# spreadsheet import alike. They are checked on the sizes the archive's directory declares
# (zipfile never inflates a member past its declared size), so nothing is unpacked to find
# out. Real files stay far below: a workbook of the most rows an import allows unpacks to
# about 33 MB, an XML part compresses 10 to 20 times, an office document holds tens of parts.
MAX_ZIP_MEMBERS = 1000
MAX_EXPANDED_BYTES = 64 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
# A part that unpacks to less is never refused for its ratio: it cannot be a bomb (the total
# is limited above), and a short run of one character (a cell of 30,000 "x") compresses far
# more than 200 times.
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
# Text files are checked on their first bytes: enough to tell text from a binary format.
TEXT_SAMPLE_BYTES = 64 * 1024
MARKUP_STARTS = (b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script", b"<body", b"<head")
ZIP_SIGNATURES = frozenset({".zip", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"})


@dataclass(frozen=True)
class Kind:
    """What a file of one extension must be, and how it is served."""

    label: Any  # a lazy translation, e.g. "a PDF document"
    content_type: str
    signatures: frozenset[str]  # puremagic extensions that fit; empty: text, no signature
    inspect: Callable[[bytes, "Kind"], str | None]  # None, or why the content is refused


def _refusal(message: Any, name: str, **params: Any) -> ValidationError:
    return ValidationError(message, code="content", params={"name": name, **params})


def _inspect_pdf(data: bytes, kind: Kind) -> str | None:
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = len(reader.pages)
        catalog = reader.trailer["/Root"]
        names = catalog.get("/Names")
        scripted = bool(names and "/JavaScript" in names.get_object())
        action = catalog.get("/OpenAction")
        action = action.get_object() if action is not None else None
        scripted = scripted or (isinstance(action, dict) and action.get("/S") == "/JavaScript")
    except Exception:  # a malformed PDF can make the parser raise anything
        return "unreadable"
    if pages == 0:
        return "unreadable"
    return "scripted" if scripted else None


def _inspect_image(image_format: str) -> Callable[[bytes, Kind], str | None]:
    def inspect(data: bytes, kind: Kind) -> str | None:
        try:
            with warnings.catch_warnings():
                # An image of absurd dimensions (a decompression bomb) is refused too.
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(io.BytesIO(data)) as image:
                    same_format = image.format == image_format
                    image.verify()
        except (
            UnidentifiedImageError,
            Image.DecompressionBombError,
            OSError,
            SyntaxError,
            ValueError,
            Warning,
        ):
            return "unreadable"
        return None if same_format else "unreadable"

    return inspect


class ZipBomb(Exception):
    """An archive whose directory declares more than the limits allow; says which, and how."""


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


def check_zip_expansion(members: Sequence[zipfile.ZipInfo]) -> None:
    """Raise ``ZipBomb`` when an archive holds more members than ``MAX_ZIP_MEMBERS``, unpacks
    to more than ``MAX_EXPANDED_BYTES`` or has a member compressed more than
    ``MAX_COMPRESSION_RATIO`` times among those of ``RATIO_CHECKED_FROM_BYTES`` or more (from
    its directory alone: cheap, nothing is inflated)."""
    if len(members) > MAX_ZIP_MEMBERS:
        raise ZipBomb(
            gettext("The file holds %(count)s parts, more than the limit of %(limit)s.")
            % {"count": len(members), "limit": MAX_ZIP_MEMBERS}
        )
    expanded = sum(member.file_size for member in members)
    if expanded > MAX_EXPANDED_BYTES:
        raise ZipBomb(
            gettext("The file unpacks to %(size)s MB, more than the limit of %(limit)s MB.")
            % {"size": _megabytes(expanded), "limit": _megabytes(MAX_EXPANDED_BYTES)}
        )
    for member in members:
        if member.file_size < RATIO_CHECKED_FROM_BYTES:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > MAX_COMPRESSION_RATIO:
            raise ZipBomb(
                gettext(
                    "The file's part %(part)s is compressed %(ratio)s times, more than the "
                    "limit of %(limit)s times."
                )
                % {
                    "part": member.filename[:100],
                    "ratio": int(ratio),
                    "limit": MAX_COMPRESSION_RATIO,
                }
            )


def _zip_members(data: bytes) -> list[zipfile.ZipInfo] | str:
    """The members, or "unreadable", from the central directory alone; ``ZipBomb`` past the
    limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return "unreadable"
    check_zip_expansion(members)
    return members


def _inspect_office_open_xml(main_part: str) -> Callable[[bytes, Kind], str | None]:
    def inspect(data: bytes, kind: Kind) -> str | None:
        members = _zip_members(data)
        if isinstance(members, str):
            return members
        names = {member.filename for member in members}
        return None if {"[Content_Types].xml", main_part} <= names else "wrong_container"

    return inspect


def _inspect_open_document(mimetype: str) -> Callable[[bytes, Kind], str | None]:
    def inspect(data: bytes, kind: Kind) -> str | None:
        members = _zip_members(data)
        if isinstance(members, str):
            return members
        # The format puts its type, uncompressed, in the first member "mimetype".
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            first = members[0] if members else None
            if first is None or first.filename != "mimetype" or first.file_size > 200:
                return "wrong_container"
            declared = archive.read(first).decode("ascii", "replace").strip()
        return None if declared == mimetype else "wrong_container"

    return inspect


def _inspect_text(data: bytes, kind: Kind) -> str | None:
    sample = data[:TEXT_SAMPLE_BYTES]
    if any(byte < 0x20 and byte not in b"\t\n\r\f" for byte in sample):
        return "binary"
    text = sample.removeprefix(b"\xef\xbb\xbf")
    try:
        text.decode("utf-8")
    except UnicodeDecodeError as error:
        # Cut at the sample's end, or another encoding (Windows-1252 spreadsheets) is fine.
        if error.start < len(text) - 4:
            try:
                text.decode("cp1252")
            except UnicodeDecodeError:
                return "binary"
    if text.lstrip().lower().startswith(MARKUP_STARTS):
        return "markup"
    return None


OOXML = "application/vnd.openxmlformats-officedocument"
ODF = "application/vnd.oasis.opendocument"
KINDS: dict[str, Kind] = {
    "pdf": Kind(_("a PDF document"), "application/pdf", frozenset({".pdf"}), _inspect_pdf),
    "png": Kind(_("a PNG image"), "image/png", frozenset({".png"}), _inspect_image("PNG")),
    "jpg": Kind(
        _("a JPEG image"),
        "image/jpeg",
        frozenset({".jpg", ".jpeg", ".jfif", ".jpe"}),
        _inspect_image("JPEG"),
    ),
    "docx": Kind(
        _("a Word document (DOCX)"),
        f"{OOXML}.wordprocessingml.document",
        ZIP_SIGNATURES,
        _inspect_office_open_xml("word/document.xml"),
    ),
    "xlsx": Kind(
        _("an Excel workbook (XLSX)"),
        f"{OOXML}.spreadsheetml.sheet",
        ZIP_SIGNATURES,
        _inspect_office_open_xml("xl/workbook.xml"),
    ),
    "pptx": Kind(
        _("a PowerPoint presentation (PPTX)"),
        f"{OOXML}.presentationml.presentation",
        ZIP_SIGNATURES,
        _inspect_office_open_xml("ppt/presentation.xml"),
    ),
    "odt": Kind(
        _("an OpenDocument text (ODT)"),
        f"{ODF}.text",
        ZIP_SIGNATURES,
        _inspect_open_document(f"{ODF}.text"),
    ),
    "ods": Kind(
        _("an OpenDocument spreadsheet (ODS)"),
        f"{ODF}.spreadsheet",
        ZIP_SIGNATURES,
        _inspect_open_document(f"{ODF}.spreadsheet"),
    ),
    "odp": Kind(
        _("an OpenDocument presentation (ODP)"),
        f"{ODF}.presentation",
        ZIP_SIGNATURES,
        _inspect_open_document(f"{ODF}.presentation"),
    ),
    "csv": Kind(_("a CSV file"), "text/csv; charset=utf-8", frozenset(), _inspect_text),
    "txt": Kind(_("a text file"), "text/plain; charset=utf-8", frozenset(), _inspect_text),
}
KINDS["jpeg"] = KINDS["jpg"]

REFUSALS = {
    "unreadable": _(
        "The file “%(name)s” could not be read as %(kind)s: it is damaged or not what its "
        "name says."
    ),
    "scripted": _("The file “%(name)s” contains JavaScript, which uploads may not contain."),
    "wrong_container": _("The file “%(name)s” is a zip archive but not %(kind)s."),
    "binary": _("The file “%(name)s” is not %(kind)s: it holds binary data."),
    "markup": _(
        "The file “%(name)s” holds HTML, SVG or XML markup, which is not accepted as %(kind)s."
    ),
}


def extension_of(name: str) -> str:
    return PurePosixPath(name).suffix.lower().lstrip(".")


def _detected(data: bytes) -> list[puremagic.main.PureMagicWithConfidence]:
    try:
        return list(puremagic.magic_string(data))
    except puremagic.PureError:
        return []


def _read_all(file: IO[bytes]) -> bytes:
    """The whole upload (its size was checked before), leaving it at the start for saving."""
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def _type_refusal(name: str, allowed: Collection[str], *, code: str) -> ValidationError:
    return ValidationError(
        _("Files of type “%(extension)s” are not accepted. Use one of: %(allowed)s."),
        code=code,
        params={
            "name": name,
            "extension": extension_of(name) or "?",
            "allowed": ", ".join(allowed),
        },
    )


def check_upload_content(file: IO[bytes], *, name: str, allowed: Collection[str]) -> None:
    """Refuse an upload whose bytes are not what its extension (one of ``allowed``) says."""
    extension = extension_of(name)
    kind = KINDS.get(extension)
    if kind is None or extension not in allowed:
        raise _type_refusal(name, allowed, code="content")
    data = _read_all(file)
    if not data:
        raise _refusal(_("The file “%(name)s” is empty."), name)
    detected = _detected(data)
    if kind.signatures and not kind.signatures & {match.extension for match in detected}:
        found = detected[0].extension.lstrip(".").upper() if detected else ""
        raise _refusal(
            _("The file “%(name)s” is not %(kind)s: its content is of another type (%(found)s).")
            if found
            else _("The file “%(name)s” is not %(kind)s: its content is of an unknown type."),
            name,
            kind=kind.label,
            found=found,
        )
    try:
        reason = kind.inspect(data, kind)
    except ZipBomb as bomb:
        raise _refusal(
            _(
                "The file “%(name)s” would expand to an extreme size when opened (a “zip "
                "bomb”); it is not accepted. %(reason)s"
            ),
            name,
            reason=str(bomb),
        ) from None
    if reason is not None:
        raise _refusal(REFUSALS[reason], name, kind=kind.label)


def is_new_upload(file: object) -> bool:
    """A model file field's value that was just assigned, not yet stored: only those are read
    (``FieldFile._committed``; re-validating a stored file would read it from the storage)."""
    return getattr(file, "_committed", False) is False


@deconstructible(path="gealc.core.files.UploadValidator")
class UploadValidator:
    """The validator of every upload file field: refuse a file whose extension is not one of
    ``allowed``, that is over ``max_bytes``, or (a new upload; a stored file was checked when
    it came) whose bytes are not what its extension says (``check_upload_content``)."""

    def __init__(self, *, allowed: Sequence[str], max_bytes: int) -> None:
        self.allowed = tuple(allowed)
        self.max_bytes = max_bytes

    def __call__(self, file: Any) -> None:
        name = PurePosixPath(str(getattr(file, "name", "") or "")).name
        if extension_of(name) not in self.allowed:
            raise _type_refusal(name, self.allowed, code="extension")
        if (getattr(file, "size", 0) or 0) > self.max_bytes:
            raise ValidationError(
                _("The file is larger than %(limit)s MB."),
                code="size",
                params={"limit": self.max_bytes // (1024 * 1024)},
            )
        if is_new_upload(file):
            check_upload_content(file, name=name, allowed=self.allowed)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, UploadValidator)
            and other.allowed == self.allowed
            and other.max_bytes == self.max_bytes
        )


def served_content_type(name: str) -> str:
    """The content type a stored file is served with: fixed by its kind, else a download."""
    kind = KINDS.get(extension_of(name))
    return kind.content_type if kind else "application/octet-stream"


def attachment_response(file: IO[bytes], *, filename: str) -> FileResponse:
    """A stored upload as a download that no browser renders or sniffs into something else."""
    response = FileResponse(
        file, as_attachment=True, filename=filename, content_type=served_content_type(filename)
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
