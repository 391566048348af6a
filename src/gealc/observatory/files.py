"""The published data files that ``/data/`` serves and the downloads page lists with their
sizes: a run's scores, a correction's changes, a round's values, every year in one file. The
API serves a round's values file too (``/api/v1/rounds/<id>/published-values/``): the same
bytes, from the same cache.

A file is built at most once per publication and kept in the cache under the published
generation: the downloads page (which needs every file's size) and the download (which
serves its bytes) share it, whichever asks first builds it. Every format of a run or a round
is written from one read of its rows. Files are built in the data's language (English, as
the catalogue declares), never the reader's: ``/data/`` has no language prefix, so a file is
the same for everyone and the size each language's page shows is the size of the file
served.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.cache import cache as django_cache
from django.utils import translation

from gealc.measurement.models import Round
from gealc.observatory import bulk, exports, sdmx, selectors
from gealc.observatory.cache import cache_key
from gealc.observatory.catalogue import DATA_LANGUAGE
from gealc.observatory.models import IndexRun

# As long as the cached pages that list their sizes (``views.PAGE_SECONDS``): a language's
# page built later then finds them (a new publication changes every key long before).
CACHE_SECONDS = 24 * 3600
# A run's and a round's files: the exports' formats and SDMX-CSV 2.0 beside 1.0.
FILE_FORMATS = (*exports.FORMATS, "sdmx2.csv")
MEDIA_TYPES = {**exports.MEDIA_TYPES, **sdmx.MEDIA_TYPES}

Build = Callable[[Sequence[str]], dict[str, bytes]]


def run_files(run: IndexRun, formats: Sequence[str] = FILE_FORMATS) -> dict[str, bytes]:
    """A published run's scores, by format."""
    return _cached(f"run:{run.pk}", formats, lambda missing: exports.run_exports(run, missing))


def changes_files(run: IndexRun, formats: Sequence[str] = FILE_FORMATS) -> dict[str, bytes]:
    """What a published correction changed, by format."""
    return _cached(
        f"changes:{run.pk}", formats, lambda missing: exports.changes_exports(run, missing)
    )


def values_files(
    measurement_round: Round, formats: Sequence[str] = FILE_FORMATS
) -> dict[str, bytes]:
    """A round's published values, by format."""
    return _cached(
        f"values:{measurement_round.pk}",
        formats,
        lambda missing: exports.values_exports(measurement_round, missing),
    )


@dataclass(frozen=True)
class DataFile:
    content: bytes
    media_type: str
    filename: str


def round_values_file(round_id: int, file_format: str) -> DataFile | None:
    """A round's published values in one format, under the name it is saved as wherever it
    is downloaded from; None for a round without a published run."""
    measurement_round = selectors.rounds_with_published_values().filter(pk=round_id).first()
    if measurement_round is None:
        return None
    return DataFile(
        values_files(measurement_round, (file_format,))[file_format],
        MEDIA_TYPES[file_format],
        f"gealc-values-{measurement_round.reference_year}.{file_format}",
    )


def bulk_file(collection: str, file_format: str) -> bytes:
    """Every published year of ``index`` or ``values`` in one file."""

    def build(missing: Sequence[str]) -> dict[str, bytes]:
        return {fmt: bulk.bulk_export(collection, fmt) for fmt in missing}

    return _cached(f"bulk:{collection}", (file_format,), build)[file_format]


def _cached(name: str, formats: Sequence[str], build: Build) -> dict[str, bytes]:
    """The files of ``name`` in ``formats``, building only those the cache lacks (in one
    call, so that their rows are read once)."""
    keys = {fmt: cache_key("download", f"{name}:{fmt}") for fmt in formats}
    found = django_cache.get_many(keys.values())
    missing = [fmt for fmt in formats if keys[fmt] not in found]
    built: dict[str, bytes] = {}
    if missing:
        with translation.override(DATA_LANGUAGE):
            built = build(missing)
        django_cache.set_many({keys[fmt]: built[fmt] for fmt in missing}, CACHE_SECONDS)
    return {fmt: built[fmt] if fmt in built else found[keys[fmt]] for fmt in formats}
