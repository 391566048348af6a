"""The DCAT catalogue is JSON-LD and every distribution it lists downloads."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from django.contrib.auth.models import User
from django.test import Client

from gealc.observatory import bulk, exports, services
from gealc.observatory.catalogue import IANA
from gealc.observatory.models import IndexRun


def test_catalogue_lists_runs_values_and_the_benchmark(
    published_run: IndexRun, egdi_loaded: int, client: Client
) -> None:
    response = client.get("/data/catalogue.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    document = json.loads(response.content)
    assert document["@type"] == "dcat:Catalog"
    assert "dcat" in document["@context"]
    identifiers = {d["dct:identifier"] for d in document["dcat:dataset"]}
    assert identifiers == {
        f"run-{published_run.pk}",
        f"values-{published_run.round_id}",
        "un-egdi-2014-2024",
        "data-dictionary",
        "index-all",
        "values-all",
    }
    distributions = [d for ds in document["dcat:dataset"] for d in ds["dcat:distribution"]]
    # a run, its values, the benchmark, the dictionary; every year of both in three formats
    # and the Data Package
    per_run = len(exports.FORMATS)
    assert len(distributions) == per_run + per_run + 1 + 1 + 2 * (len(bulk.FORMATS) + 1)
    for distribution in distributions:
        assert {"dcat:accessURL", "dcat:downloadURL", "dcat:mediaType", "dct:license"} <= set(
            distribution
        )
        download = client.get(urlsplit(distribution["dcat:downloadURL"]).path)
        assert download.status_code == 200, distribution["dcat:downloadURL"]
        media_type = distribution["dcat:mediaType"]["@id"].removeprefix(IANA)
        assert download["Content-Type"].split(";")[0] == media_type


def test_previews_are_not_catalogued(preview_run: IndexRun, client: Client) -> None:
    document = json.loads(client.get("/data/catalogue.jsonld").content)
    identifiers = [d["dct:identifier"] for d in document["dcat:dataset"]]
    assert identifiers == ["un-egdi-2014-2024", "data-dictionary"]


def test_a_published_correction_also_catalogues_what_it_changed(
    correction_run: IndexRun, secretariat: User, client: Client
) -> None:
    correction = services.run_publish(actor=secretariat, run=correction_run)
    document = json.loads(client.get("/data/catalogue.jsonld").content)
    datasets = {d["dct:identifier"]: d for d in document["dcat:dataset"]}
    urls = [d["dcat:downloadURL"] for d in datasets[f"run-{correction.pk}"]["dcat:distribution"]]
    changes = [url for url in urls if ".changes." in url]
    assert len(changes) == 4
    for url in changes:
        assert client.get(urlsplit(url).path).status_code == 200, url
    original = datasets[f"run-{correction.corrects_id}"]["dcat:distribution"]
    assert not any(".changes." in d["dcat:downloadURL"] for d in original)
