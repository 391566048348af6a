"""Vega-Lite spec → SVG on the server with vl-convert, cached by a hash of the spec.

Specs refer to large vendored data sets (the world atlas) by their static path, so the
spec stays small to hash and to send to the browser; the data is put inline only for
vl-convert.
"""

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

import vl_convert
from django.core.cache import cache
from django.templatetags.static import static
from django.utils.translation import get_language

from gealc.charts.geo import load_topology

# The Vega-Lite version bundled in vl-convert-python and vendored for the browser.
VEGA_LITE_VERSION = "6.4"
SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v6.json"
CACHE_PREFIX = "gealc:chart-svg:"
CACHE_SECONDS = 7 * 24 * 3600
# vl-convert loads data only from what we inline: never from the network or the disk.
NO_EXTERNAL_DATA: list[str] = []

# Static files a spec may refer to with {"url": "static:<path>"}.
STATIC_DATA_PREFIX = "static:"

# A tenth of a pixel is finer than any screen or printer needs; the rest is bytes.
_PATH_DATA = re.compile(r' d="[^"]*"')
_EXCESS_DECIMALS = re.compile(r"(\d\.\d)\d+")

# Vega's ARIA roles and labels on inner groups: the figure gives the SVG one name and a
# description (chart.Chart.svg), and roles inside an image confuse checkers and readers.
_VEGA_ARIA = re.compile(r'\s(?:role|aria-[a-z-]+)="[^"]*"')
# A mark drawn with "aria": true and a "description" (a map's countries): Vega names it;
# it keeps the name as a <title> (shown on hover) and as an image's accessible name.
_VEGA_NAMED_MARK = re.compile(
    r'<path aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="[^"]*"([^>]*?)/>'
)
_NAMED_MARK = re.compile(r'<path data-mark-name="([^"]*)"([^>]*?)/>')

_NUMBER_LOCALES = {"es": "es-ES", "pt": "pt-BR", "en": "en-US", "fr": "fr-FR"}


def number_locale() -> str:
    """The d3-format locale of the active language (decimal comma in es, pt and fr)."""
    return _NUMBER_LOCALES.get((get_language() or "en").split("-")[0], "en-US")


def cache_key(spec: Mapping[str, Any]) -> str:
    """A key that changes whenever the spec, the renderer or the number locale does."""
    payload = json.dumps(
        [spec, VEGA_LITE_VERSION, vl_convert.get_vega_version(), number_locale()],
        sort_keys=True,
        ensure_ascii=True,
        default=str,
    )
    return CACHE_PREFIX + hashlib.sha256(payload.encode()).hexdigest()


def render_svg(spec: Mapping[str, Any]) -> str:
    """The SVG of the spec, from the cache when it was rendered before."""
    key = cache_key(spec)
    svg = cache.get(key)
    if svg is None:
        svg = vl_convert.vegalite_to_svg(
            _with_inline_data(spec),
            vl_version=VEGA_LITE_VERSION,
            allowed_base_urls=NO_EXTERNAL_DATA,
            format_locale=number_locale(),
        )
        svg = _PATH_DATA.sub(lambda path: _EXCESS_DECIMALS.sub(r"\1", path.group(0)), svg)
        svg = _VEGA_NAMED_MARK.sub(r'<path data-mark-name="\1"\2/>', svg)
        svg = _VEGA_ARIA.sub("", svg)
        svg = _NAMED_MARK.sub(r'<path role="img" aria-label="\1"\2><title>\1</title></path>', svg)
        cache.set(key, svg, CACHE_SECONDS)
    return svg


def browser_spec(spec: Mapping[str, Any]) -> dict[str, Any]:
    """The spec for vega-embed: static data references become URLs the browser can fetch."""
    return _map_static_urls(spec, lambda path: {"url": static(path)})


def _with_inline_data(spec: Mapping[str, Any]) -> dict[str, Any]:
    return _map_static_urls(spec, lambda path: {"values": load_topology(path)})


def _map_static_urls(node: Any, replace: Any) -> Any:
    """Copy of the spec in which every {"url": "static:…"} data source is replaced."""
    if isinstance(node, Mapping):
        url = node.get("url")
        if isinstance(url, str) and url.startswith(STATIC_DATA_PREFIX):
            rest = {key: value for key, value in node.items() if key != "url"}
            return {**rest, **replace(url.removeprefix(STATIC_DATA_PREFIX))}
        return {key: _map_static_urls(value, replace) for key, value in node.items()}
    if isinstance(node, list):
        return [_map_static_urls(item, replace) for item in node]
    return node
