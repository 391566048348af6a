"""Downloads under ``/data/``: plain, cacheable files with a filename and the licence.

Only published (and superseded) runs and the values of rounds with a published run are
served; anything else is a 404. The bytes are cached per published generation, so a download
never recomputes anything and a new publication is visible at once; the data files come from
``files``, shared with the downloads page that lists their sizes.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.core.cache import cache as django_cache
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotModified,
    HttpResponseRedirect,
)
from django.urls import reverse
from django.views.decorators.http import require_safe

from gealc.core import http as core_http
from gealc.observatory import bulk, exports, files, http, sdmx_structures, selectors
from gealc.observatory import catalogue as dcat
from gealc.observatory.cache import cache_key
from gealc.observatory.models import IndexRun

CACHE_SECONDS = 60 * 60
PUBLIC_MAX_AGE = 300
PUBLIC_CACHE = f"public, max-age={PUBLIC_MAX_AGE}"
MEDIA_TYPES = files.MEDIA_TYPES


def _cached(key: str, build: Callable[[], bytes]) -> bytes:
    full_key = cache_key("download", key)
    content = django_cache.get(full_key)
    if content is None:
        content = build()
        django_cache.set(full_key, content, CACHE_SECONDS)
    return content


def _file(
    content: bytes,
    content_type: str,
    filename: str,
    inline: bool = False,
    licence: str = exports.LICENCE_URL,
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = PUBLIC_CACHE
    response["Access-Control-Allow-Origin"] = "*"
    response["Link"] = f'<{licence}>; rel="license"'
    return response


@require_safe
def run_download(request: HttpRequest, run_id: str, file_format: str) -> HttpResponse:
    try:
        run = selectors.run_get(run_id)
    except IndexRun.DoesNotExist:
        raise Http404("No such published run.") from None
    content = files.run_files(run, (file_format,))[file_format]
    filename = f"gealc-run-{run.pk}.{file_format}"
    return _described(_file(content, MEDIA_TYPES[file_format], filename), request)


@require_safe
def changes_download(request: HttpRequest, run_id: str, file_format: str) -> HttpResponse:
    """What a published correction changed against the run it corrects (404 for a run that
    corrects nothing)."""
    try:
        run = selectors.run_get(run_id)
    except IndexRun.DoesNotExist:
        raise Http404("No such published run.") from None
    if run.corrects_id is None:
        raise Http404("This run corrects no other run.")
    content = files.changes_files(run, (file_format,))[file_format]
    filename = f"gealc-run-{run.pk}-changes.{file_format}"
    return _file(content, MEDIA_TYPES[file_format], filename)


@require_safe
def values_download(request: HttpRequest, round_id: str, file_format: str) -> HttpResponse:
    found = files.round_values_file(int(round_id), file_format)
    if found is None:
        raise Http404("No published values for this round.")
    return _described(_file(found.content, found.media_type, found.filename), request)


@require_safe
def egdi_download(request: HttpRequest) -> HttpResponse:
    content = _cached("egdi", exports.egdi_export)
    # The UN's terms, not CC BY: the licence the catalogue gives this file.
    licence = dcat.egdi_licence_url(request.build_absolute_uri)
    return _file(content, exports.MEDIA_TYPES["csv"], "un-egdi-2014-2024.csv", licence=licence)


@require_safe
def bulk_download(request: HttpRequest, collection: str, file_format: str) -> HttpResponseBase:
    """Every published year in one file (``/data/index/all.csv``, ``/data/values/all.xlsx``…)."""

    def respond() -> HttpResponse:
        content = files.bulk_file(collection, file_format)
        filename = f"gealc-{collection}-all.{file_format}"
        return _described(_file(content, MEDIA_TYPES[file_format], filename), request)

    return _validated(request, file_format, respond)


@require_safe
def latest_download(request: HttpRequest, file_format: str) -> HttpResponse:
    """``/data/index/latest.<format>``: a stable address for the newest published run's
    file (a temporary redirect, so a citation can name the run it reached)."""
    path = bulk.latest_path(file_format)
    if path is None:
        raise Http404("Nothing has been published yet.")
    response = HttpResponseRedirect(path)
    response["Cache-Control"] = PUBLIC_CACHE
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def datapackage(request: HttpRequest) -> HttpResponseBase:
    """The Frictionless Data Package describing the every-year files (``bulk.datapackage``)."""

    def build() -> bytes:
        document = bulk.datapackage(request.build_absolute_uri)
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")

    key = f"datapackage:{request.get_host()}:{request.is_secure()}"
    return _validated(
        request,
        "datapackage",
        lambda: _file(_cached(key, build), "application/json", "datapackage.json", inline=True),
    )


def _described(response: HttpResponse, request: HttpRequest) -> HttpResponse:
    """A CSV or workbook points to the dictionary that defines its columns and units."""
    dictionary_url = request.build_absolute_uri(reverse("data_dictionary"))
    response["Link"] += f', <{dictionary_url}>; rel="describedby"'
    return response


@require_safe
def dictionary(request: HttpRequest) -> HttpResponse:
    return _file(exports.dictionary_csv(), exports.MEDIA_TYPES["csv"], "gealc-dictionary.csv")


@require_safe
def sdmx_structure(request: HttpRequest) -> HttpResponseBase:
    """The SDMX-ML 2.1 structures (code lists, concepts, DSDs, dataflows) of the SDMX-CSV
    files, for a registry or a .Stat Suite to validate and load them."""

    def respond() -> HttpResponse:
        content = _cached("sdmx-structure", sdmx_structures.structure_message)
        return _file(content, sdmx_structures.MEDIA_TYPE, "gealc-sdmx-structure.xml", inline=True)

    return _validated(request, "sdmx-structure", respond)


@require_safe
def licence(request: HttpRequest) -> HttpResponse:
    return _file(
        exports.licence_text().encode("utf-8"), "text/plain; charset=utf-8", "LICENCE", True
    )


CATALOGUE_TYPES = {"jsonld": "application/ld+json", "ttl": "text/turtle; charset=utf-8"}


@require_safe
def catalogue(request: HttpRequest) -> HttpResponseBase:
    """The DCAT-AP catalogue as JSON-LD (``/data/catalogue.jsonld``)."""
    return _catalogue(request, "jsonld")


@require_safe
def catalogue_turtle(request: HttpRequest) -> HttpResponseBase:
    """The same catalogue as Turtle (``/data/catalogue.ttl``)."""
    return _catalogue(request, "ttl")


@require_safe
def catalogue_negotiated(request: HttpRequest) -> HttpResponseBase:
    """``/data/catalogue``: Turtle when the client prefers ``text/turtle``, else JSON-LD."""
    preferred = request.get_preferred_type(["application/ld+json", "text/turtle"])
    return _catalogue(request, "ttl" if preferred == "text/turtle" else "jsonld")


def _catalogue(request: HttpRequest, serialisation: str) -> HttpResponseBase:
    def build() -> bytes:
        if serialisation == "ttl":
            return dcat.as_turtle(request.build_absolute_uri)
        return dcat.as_jsonld(request.build_absolute_uri)

    key = f"catalogue:{serialisation}:{request.get_host()}:{request.is_secure()}"
    return _validated(
        request,
        serialisation,
        lambda: _file(
            _cached(key, build),
            CATALOGUE_TYPES[serialisation],
            f"catalogue.{serialisation}",
            inline=True,
        ),
    )


def _validated(
    request: HttpRequest, representation: str, respond: Callable[[], HttpResponse]
) -> HttpResponseBase:
    """ETag and Last-Modified of the published generation; a client's current copy gets a
    304 before anything is read or built."""
    etag = http.entity_tag(request, representation)
    modified = http.last_publication()
    if core_http.is_not_modified(request, etag, modified):
        response: HttpResponseBase = HttpResponseNotModified()
    else:
        response = respond()
    return core_http.add_validators(response, etag, modified, PUBLIC_MAX_AGE)
