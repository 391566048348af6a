"""The catalogue conforms to the official DCAT-AP 3.0.0 SHACL shapes, in JSON-LD and Turtle,
and says what DCAT-AP asks of every data set, distribution and the API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pyshacl import validate
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from gealc.observatory import bulk, exports, services
from gealc.observatory.models import IndexRun

SHAPES = Path(__file__).parent / "dcat_ap"
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
SITE_LANGUAGES = {"es", "pt", "en", "fr"}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    graph = Graph()
    for name in ("shapes.ttl", "range.ttl"):
        graph.parse(SHAPES / name, format="turtle")
    return graph


def _conformance(data: Graph, shapes: Graph) -> tuple[bool, str]:
    conforms, _report, text = validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True
    )
    return bool(conforms), str(text)


def _graph(client: Client, path: str, rdf_format: str, **headers: str) -> Graph:
    response = client.get(path, **headers)
    assert response.status_code == 200, path
    return Graph().parse(data=response.content, format=rdf_format)


@pytest.mark.parametrize(
    ("path", "rdf_format"),
    [("/data/catalogue.jsonld", "json-ld"), ("/data/catalogue.ttl", "turtle")],
)
def test_the_catalogue_conforms_to_dcat_ap(
    correction_run: IndexRun,
    secretariat: User,
    egdi_loaded: int,
    client: Client,
    shapes: Graph,
    path: str,
    rdf_format: str,
) -> None:
    """With everything a catalogue can hold: a superseded run, its published correction
    (with what it changed), both rounds' values, the every-year files, the benchmark."""
    services.run_publish(actor=secretariat, run=correction_run)
    graph = _graph(client, path, rdf_format)
    conforms, report = _conformance(graph, shapes)
    assert conforms, report
    # the correction's scores and changes, the superseded run, the values, in every format;
    # EGDI, the dictionary; both every-year data sets in theirs and the Data Package
    every_year = 2 * (len(bulk.FORMATS) + 1)
    expected = 4 * len(exports.FORMATS) + 1 + 1 + every_year
    assert len(set(graph.subjects(RDF.type, DCAT.Distribution))) == expected
    replaced = list(graph.subject_objects(DCT.isReplacedBy))
    assert [(str(old), str(new)) for old, new in replaced] == [
        (
            f"http://testserver/data/runs/{correction_run.corrects_id}.json#dataset",
            f"http://testserver/data/runs/{correction_run.pk}.json#dataset",
        )
    ]


def test_a_violation_is_found(published_run: IndexRun, client: Client, shapes: Graph) -> None:
    """The shapes do bite: a distribution without an access URL and a plain-text format fail."""
    graph = _graph(client, "/data/catalogue.jsonld", "json-ld")
    distribution = next(graph.subjects(RDF.type, DCAT.Distribution))
    graph.remove((distribution, DCAT.accessURL, None))
    graph.set((distribution, DCT["format"], Literal("CSV")))
    conforms, report = _conformance(graph, shapes)
    assert not conforms
    assert "accessURL" in report
    assert "format" in report


def test_every_dataset_is_described_in_four_languages_with_coverage(
    published_run: IndexRun, egdi_loaded: int, client: Client
) -> None:
    graph = _graph(client, "/data/catalogue.jsonld", "json-ld")
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) >= 4  # a run, its round's values, the benchmark, the dictionary
    for dataset in datasets:
        for prop in (DCT.title, DCT.description):
            languages = {text.language for text in graph.objects(dataset, prop)}
            assert languages >= SITE_LANGUAGES, (dataset, prop)
        for prop in (DCT.publisher, DCAT.contactPoint, DCAT.theme, DCT.language):
            assert graph.value(dataset, prop) is not None, (dataset, prop)
    run = URIRef(f"http://testserver/data/runs/{published_run.pk}.json#dataset")
    spatial = {str(place) for place in graph.objects(run, DCT.spatial)}
    assert spatial == {
        f"http://publications.europa.eu/resource/authority/country/{iso3}"
        for iso3 in published_run.scores.values_list("country__iso3", flat=True)
    }
    period = graph.value(run, DCT.temporal)
    year = published_run.round.reference_year
    assert str(graph.value(period, DCAT.startDate)) == f"{year}-01-01"
    assert str(graph.value(period, DCAT.endDate)) == f"{year}-12-31"
    assert graph.value(run, DCT.issued).toPython() == published_run.published_at


def test_the_api_is_a_data_service_serving_the_datasets(
    published_run: IndexRun, client: Client
) -> None:
    graph = _graph(client, "/data/catalogue.ttl", "turtle")
    service = graph.value(predicate=RDF.type, object=DCAT.DataService)
    assert str(graph.value(service, DCAT.endpointURL)) == "http://testserver/api/v1/"
    description = str(graph.value(service, DCAT.endpointDescription))
    assert client.get(description.removeprefix("http://testserver")).status_code == 200
    served = set(graph.objects(service, DCAT.servesDataset))
    assert served == set(graph.subjects(RDF.type, DCAT.Dataset))


def test_the_benchmark_carries_the_un_terms_not_cc_by(egdi_loaded: int, client: Client) -> None:
    graph = _graph(client, "/data/catalogue.jsonld", "json-ld")
    download = URIRef("http://testserver/data/benchmarks/egdi.csv")
    distribution = graph.value(predicate=DCAT.downloadURL, object=download)
    licence = str(graph.value(distribution, DCT.license))
    assert "creativecommons" not in licence
    assert client.get(download).headers["Link"] == f'<{licence}>; rel="license"'


def test_negotiation_and_validators(published_run: IndexRun, client: Client) -> None:
    turtle = client.get("/data/catalogue", HTTP_ACCEPT="text/turtle")
    assert turtle["Content-Type"] == "text/turtle; charset=utf-8"
    assert "Accept" in turtle["Vary"]
    jsonld = client.get("/data/catalogue", HTTP_ACCEPT="application/ld+json")
    assert jsonld["Content-Type"] == "application/ld+json"
    assert json.loads(jsonld.content)["@type"] == "dcat:Catalog"
    assert client.get("/data/catalogue")["Content-Type"] == "application/ld+json"
    for path in ("/data/catalogue.jsonld", "/data/catalogue.ttl", "/data/catalogue"):
        first = client.get(path)
        assert first["ETag"], path
        assert first["Last-Modified"], path
        again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, path
    assert turtle["ETag"] != jsonld["ETag"]
