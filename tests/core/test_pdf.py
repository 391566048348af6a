"""Every app's PDF comes from one renderer: the page's content in the print layout, with the
section in the running header and the page's address in the footer, fetching nothing."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from gealc.core.pdf import render_pdf
from tests.core import samples


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_fragment_is_rendered_with_its_header_and_address(english: None) -> None:
    fragment = {"title": "Year-end report", "html": "<h1>Results</h1>", "header": "Working groups"}

    pdf = render_pdf(fragment, "https://hub.example.org/groups/report/")

    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata is not None
    assert reader.metadata.title == "Year-end report · GEALC Hub"
    text = _text(pdf)
    assert "GEALC Hub · Working groups" in text
    assert "Results" in text
    assert "https://hub.example.org/groups/report/" in text


def test_nothing_is_fetched_while_rendering(tmp_path: Path, english: None) -> None:
    """A page that points at a local file or the network gets neither into its PDF."""
    image = tmp_path / "chart.png"
    image.write_bytes(samples.image("PNG"))
    html = f'<p>Shown</p><img src="{image.as_uri()}"><img src="http://127.0.0.1:9/a.png">'

    pdf = render_pdf({"title": "T", "html": html, "header": "H"}, "https://hub.example.org/")

    reader = PdfReader(io.BytesIO(pdf))
    assert "Shown" in _text(pdf)
    assert not any(page.images for page in reader.pages)
