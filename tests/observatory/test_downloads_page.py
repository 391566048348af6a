"""The open data downloads page lists every published file with its size: it reads each run's
and each round's rows once for all formats, in a fixed number of queries, shares the files
with the downloads it links (built once per publication) and, in every language, gives the
size of the very file ``/data/`` serves."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.utils import translation

from gealc.network.models import Country
from gealc.observatory import exports, files, services
from gealc.observatory.models import IndexRun

PAGE = "/{language}/observatory/downloads/"
# A file's link and its size, as the page's table rows give them.
LISTED = re.compile(
    r'href="(/data/(?:runs|values)/[^"]+)" download>[^<]*</a></td><td[^>]*>([^<]+)<'
)
# As measured: one query per run (its scores), three per round (its values and their units),
# six more for a correction (both runs' scores and inputs, compared for its changes and again
# for its JSON, and its units), the rest fixed (the runs, the rounds, the citation, the
# published generation). On the demo (four published years) the
# first load made 88 queries before rows were read once for all formats, 24 since.
QUERIES_ONE_RUN = 12
QUERIES_WITH_CORRECTION = 19


def _sizes(client: Client, language: str) -> dict[str, str]:
    response = client.get(PAGE.format(language=language))
    assert response.status_code == 200
    return dict(LISTED.findall(response.content.decode()))


def test_the_first_load_reads_each_run_and_round_once(
    client: Client,
    published_run: IndexRun,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    with django_assert_max_num_queries(QUERIES_ONE_RUN):
        assert client.get(PAGE.format(language="fr")).status_code == 200


def test_a_published_correction_costs_a_few_queries_more_not_a_few_per_format(
    client: Client,
    correction_run: IndexRun,
    secretariat: User,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    services.run_publish(actor=secretariat, run=correction_run)
    with django_assert_max_num_queries(QUERIES_WITH_CORRECTION):
        body = client.get(PAGE.format(language="en")).content.decode()
    assert f"/data/runs/{correction_run.pk}.changes.xlsx" in body


def test_the_files_are_built_once_for_the_page_and_the_downloads(
    client: Client,
    published_run: IndexRun,
    django_assert_max_num_queries: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[str] = []
    write = exports.values_exports
    monkeypatch.setattr(
        exports, "values_exports", lambda *args: built.append("values") or write(*args)
    )
    sizes = _sizes(client, "fr")
    assert built == ["values"]  # every format from one call
    _sizes(client, "es")  # another language's page: the files are the same
    for path in sizes:
        with django_assert_max_num_queries(4):  # the run or round is looked up, nothing built
            assert client.get(path).status_code == 200
    assert built == ["values"]


def test_every_language_lists_the_size_of_the_file_served(
    client: Client, published_run: IndexRun, brazil: Country
) -> None:
    """Country names are translated; a file under /data/ is the same for every reader (in
    the data's language, English), so every page's sizes are those of the bytes served."""
    brazil.name_es, brazil.name_en = "Brasil", "Brazil"
    brazil.name_fr = "République fédérative du Brésil"
    brazil.save()
    languages = ("fr", "es", "en")
    sizes = {language: _sizes(client, language) for language in languages}
    cache.clear()  # the downloads build their files again, for a Spanish reader first
    served = {path: client.get(path, HTTP_ACCEPT_LANGUAGE="es").content for path in sizes["en"]}
    scores = served[f"/data/runs/{published_run.pk}.csv"]
    assert b"Brazil" in scores
    assert b"Brasil" not in scores
    for language in languages:
        for path, content in served.items():
            if not path.endswith(".xlsx"):  # a workbook records when it was written
                assert sizes[language][path] == _size(len(content), language), (language, path)


def _size(length: int, language: str) -> str:
    with translation.override(language):
        return str(filesizeformat(length))


def test_all_formats_at_once_are_the_files_one_by_one(published_run: IndexRun) -> None:
    together = exports.values_exports(published_run.round, files.FILE_FORMATS)
    for file_format, content in together.items():
        one = exports.values_exports(published_run.round, (file_format,))
        if file_format != "xlsx":  # a workbook records when it was written
            assert content == one[file_format]
    assert set(exports.run_exports(published_run, files.FILE_FORMATS)) == set(files.FILE_FORMATS)
