"""Real files of every accepted kind, made by the libraries that write them, and the hostile
ones an upload check must refuse. Use them in any test that uploads a file."""

import functools
import io
import zipfile

import openpyxl
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

SCRIPT_HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SCRIPT_SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(document.cookie)</script></svg>"
)


def pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _javascript_action() -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hello');"),
        }
    )


def _pdf_with_catalog_entry(key: str, value: object) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.root_object[NameObject(key)] = writer._add_object(value)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_javascript() -> bytes:
    """A document-level script, in the catalog's /Names /JavaScript tree."""
    tree = DictionaryObject(
        {
            NameObject("/JavaScript"): DictionaryObject(
                {
                    NameObject("/Names"): ArrayObject(
                        [TextStringObject("hello"), _javascript_action()]
                    )
                }
            )
        }
    )
    return _pdf_with_catalog_entry("/Names", tree)


def pdf_opening_with_javascript() -> bytes:
    return _pdf_with_catalog_entry("/OpenAction", _javascript_action())


def image(image_format: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(out, image_format)
    return out.getvalue()


def xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "país"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _zip(members: dict[str, bytes], *, stored_first: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for position, (name, content) in enumerate(members.items()):
            stored = stored_first and position == 0
            archive.writestr(name, content, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return out.getvalue()


def docx() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def odt() -> bytes:
    mimetype = b"application/vnd.oasis.opendocument.text"
    return _zip({"mimetype": mimetype, "content.xml": b"<office/>"}, stored_first=True)


@functools.cache
def zip_bomb() -> bytes:
    """An XLSX-looking archive whose one sheet expands from about 100 KB to 100 MB."""
    return _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"\0" * (100 * 1024 * 1024),
        }
    )


def plain_zip() -> bytes:
    return _zip({"notes.txt": b"not a workbook"})
