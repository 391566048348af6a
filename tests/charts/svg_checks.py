"""Checks on a rendered chart's SVG: every text whole and inside the picture, one legend per
encoding. Text is measured with Liberation Sans, the font vl-convert lays charts out with
(the pages draw them in Source Sans 3, which is narrower, so a label that fits here fits
there)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import ImageFont

FONTS = Path("/usr/share/fonts/truetype/liberation")
SVG = "{http://www.w3.org/2000/svg}"
_TRANSLATE = re.compile(r"translate\(\s*([-\d.e]+)[ ,]+([-\d.e]+)\s*\)")
_ROTATE = re.compile(r"rotate\(\s*([-\d.e]+)")
ELLIPSIS = "…"
TOLERANCE = 1.0  # pixels


@dataclass(frozen=True)
class Box:
    text: str
    left: float
    right: float
    top: float
    bottom: float


@cache
def _font(size: float, bold: bool) -> ImageFont.FreeTypeFont:
    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    return ImageFont.truetype(str(FONTS / name), size=max(1, round(size)))


def text_boxes(svg: str) -> list[Box]:
    """Where each text of the SVG lies, in the SVG's own pixels."""
    root = ElementTree.fromstring(svg)
    boxes: list[Box] = []
    _walk(root, 0.0, 0.0, boxes)
    return boxes


def _walk(element: ElementTree.Element, x: float, y: float, boxes: list[Box]) -> None:
    transform = element.get("transform", "")
    moved = _TRANSLATE.search(transform)
    if moved:
        x, y = x + float(moved.group(1)), y + float(moved.group(2))
    if element.tag == SVG + "text":
        boxes.append(_box(element, x, y, transform))
        return
    for child in element:
        _walk(child, x, y, boxes)


def _box(element: ElementTree.Element, x: float, y: float, transform: str) -> Box:
    # A label on several lines is a <tspan> a line: the widest line counts.
    lines = ["".join(span.itertext()) for span in element.iter(SVG + "tspan")]
    lines = lines or ["".join(element.itertext())]
    text = " ".join(lines)
    size = float(element.get("font-size", "11px").removesuffix("px"))
    bold = element.get("font-weight", "400") in {"bold", "600", "700", "800", "900"}
    width = max(_font(size, bold).getlength(line) for line in lines)
    anchor = element.get("text-anchor", "start")
    start = {"start": 0.0, "middle": -width / 2, "end": -width}[anchor]
    rotation = _ROTATE.search(transform)
    if rotation and abs(abs(float(rotation.group(1))) - 90) < 1:  # vertical text
        sign = -1 if float(rotation.group(1)) < 0 else 1
        ends = sorted((y + sign * start, y + sign * (start + width)))
        return Box(text, x - size, x, ends[0], ends[1])
    return Box(text, x + start, x + start + width, y - size, y + size * (len(lines) - 1))


def clipped_texts(svg: str) -> list[str]:
    """Texts cut with an ellipsis or reaching outside the SVG."""
    root = ElementTree.fromstring(svg)
    width, height = float(root.get("width", 0)), float(root.get("height", 0))
    problems = []
    for box in text_boxes(svg):
        if ELLIPSIS in box.text:
            problems.append(f"{box.text!r} is truncated")
        elif box.left < -TOLERANCE or box.right > width + TOLERANCE:
            problems.append(f"{box.text!r} spans x {box.left:.0f}-{box.right:.0f} of {width:.0f}")
        elif box.top < -TOLERANCE or box.bottom > height + TOLERANCE:
            problems.append(f"{box.text!r} spans y {box.top:.0f}-{box.bottom:.0f} of {height:.0f}")
    return problems


def legend_titles(svg: str) -> list[str]:
    """The title of each legend (Vega draws a legend as a group of class role-legend)."""
    root = ElementTree.fromstring(svg)
    titles = []
    for group in root.iter(SVG + "g"):
        if "role-legend-title" in group.get("class", "").split():
            titles.append("".join(group.itertext()))
    return titles


def duplicate_legends(svg: str) -> list[str]:
    titles = legend_titles(svg)
    return sorted({title for title in titles if titles.count(title) > 1})
