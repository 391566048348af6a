"""HTTP done once for every public read: every public GET operation of the OpenAPI schema,
every download and a chart's spec sends ``ETag``, ``Last-Modified`` where its content is
published results, a ``Cache-Control`` that fits, answers 304 to a client whose copy is
current, and ``Access-Control-Allow-Origin: *`` to another origin; reads whose answer depends
on who asks (a submission's) get neither CORS nor a shared cache.

The data is the demo, loaded once for the module (about 20 s) and rolled back at its end; each
path parameter is taken from the first item of the list the path extends (a run's id from
``/api/v1/runs/``), so the operations are those the schema lists, not a list written here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings

from gealc.core.demo_loading import load_all
from gealc.measurement.models import Submission
from gealc.observatory.models import IndexRun

# Reads whose answer depends on who asks: what a country, a reviewer or the public may see of
# a submission differs, so they are never shared; invitations are for the secretariat and the
# countries' delegates only.
MEMBER_DEPENDENT = re.compile(r"^/api/v1/(rounds/\{id\}/submissions/|invitations/)")
# Public reads with no modification time to give (the directory, the knowledge hub, rounds,
# frameworks, the schema, the network's work, cooperation, agreements and consultations):
# their content is not published results, so only an ETag identifies it.
WITHOUT_LAST_MODIFIED = re.compile(
    r"^/api/v1/(countries/(\{iso3\}/)?$|frameworks|indicators|organisations|governance"
    r"|institutions|people|appointments|practices|software|datasets|search|schema"
    r"|groups|plans|commitments|meetings|courses|rounds/$|rounds/\{id\}/$"
    r"|cooperation|agreements|consultations)"
)
FILE_FORMATS = ("csv", "xlsx", "json", "sdmx.csv", "sdmx2.csv")
ORIGIN = "https://portal.example.org"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    fast_hashing = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast_hashing),
        transaction.atomic(),
    ):
        load_all()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def anonymous(loaded_demo: None, settings: Any) -> Client:
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]}
    rates.update(observatory="100000/hour", anon="100000/hour")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    return Client()


def _get_operations(client: Client) -> list[str]:
    schema = client.get("/api/v1/schema/?format=json").json()
    return [path for path, operations in schema["paths"].items() if "get" in operations]


def _first_item(client: Client, path: str) -> dict[str, Any]:
    body = client.get(path).json()
    items = body["results"] if isinstance(body, dict) else body
    assert items, f"{path} lists nothing to fill the parameters of the paths under it"
    return dict(items[0])


def _filled(client: Client, template: str) -> str:
    """The template with each parameter taken from the list the path extends (two parameters
    in a row, as in ``{code}/{version}/``, come from the same item)."""
    filled, item = template, {}
    while match := re.search(r"\{(\w+)\}", filled):
        list_path = filled[: match.start()]
        in_template = template[: template.index(match.group(0))]
        if not in_template.endswith("}/"):
            item = _first_item(client, list_path)
        value = item.get(match.group(1))
        if value is None and match.group(1) == "iso3":
            value = item["country"]["iso3"] if isinstance(item["country"], dict) else None
        assert value is not None, (template, match.group(1), sorted(item))
        filled = filled[: match.start()] + str(value) + filled[match.end() :]
    return filled


def _public_operation_paths(client: Client) -> list[tuple[str, str]]:
    templates = [t for t in _get_operations(client) if not MEMBER_DEPENDENT.search(t)]
    return [
        (template, _published_round(template) or _filled(client, template))
        for template in templates
    ]


def _published_round(template: str) -> str:
    """A round's published values exist only for a round with a published run (the first
    round listed may have none yet)."""
    if not template.endswith("/published-values/"):
        return ""
    run = IndexRun.objects.filter(status=IndexRun.Status.PUBLISHED).latest("published_at")
    return template.replace("{id}", str(run.round_id))


def _download_paths() -> list[str]:
    run = IndexRun.objects.filter(status=IndexRun.Status.PUBLISHED).latest("published_at")
    fixed = [
        "/data/LICENCE",
        "/data/catalogue",
        "/data/catalogue.jsonld",
        "/data/catalogue.ttl",
        "/data/dictionary.csv",
        "/data/sdmx/structure.xml",
        "/data/benchmarks/egdi.csv",
        "/data/datapackage.json",
        "/en/observatory/charts/rank.json",
    ]
    per_format = [
        path
        for file_format in FILE_FORMATS
        for path in (
            f"/data/runs/{run.pk}.{file_format}",
            f"/data/values/{run.round_id}.{file_format}",
        )
    ]
    bulk = [
        f"/data/{collection}/all.{file_format}"
        for collection in ("index", "values")
        for file_format in ("csv", "xlsx", "sdmx.csv", "sdmx2.csv")
    ]
    # ``/data/index/latest.*`` redirects to the latest run's file, which is among these.
    return fixed + per_format + bulk


def _assert_validated(client: Client, path: str, *, needs_last_modified: bool) -> None:
    response = client.get(path, HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200, (path, response.status_code)
    assert response.has_header("ETag"), path
    assert response.has_header("Last-Modified") or not needs_last_modified, path
    assert "public" in response["Cache-Control"], (path, response["Cache-Control"])
    assert "max-age=" in response["Cache-Control"], (path, response["Cache-Control"])
    assert response["Access-Control-Allow-Origin"] == "*", path
    again = client.get(path, HTTP_IF_NONE_MATCH=response["ETag"], HTTP_ORIGIN=ORIGIN)
    assert again.status_code == 304, (path, again.status_code)
    assert again["ETag"] == response["ETag"], path
    assert again["Access-Control-Allow-Origin"] == "*", path
    assert not again.content, path


def test_every_public_get_operation_has_validators_cors_and_a_304(anonymous: Client) -> None:
    operations = _public_operation_paths(anonymous)
    assert len(operations) >= 30
    for template, path in operations:
        needs = not WITHOUT_LAST_MODIFIED.search(template)
        _assert_validated(anonymous, path, needs_last_modified=needs)


def test_every_download_and_chart_has_validators_cors_and_a_304(anonymous: Client) -> None:
    for path in _download_paths():
        _assert_validated(anonymous, path, needs_last_modified=True)


def test_a_changed_copy_is_sent_again(anonymous: Client) -> None:
    response = anonymous.get("/api/v1/practices/", HTTP_IF_NONE_MATCH='W/"stale"')
    assert response.status_code == 200
    assert response.has_header("ETag")
    assert response.json()["results"]


def test_a_signed_in_clients_public_read_is_private_and_revalidated(anonymous: Client) -> None:
    anonymous.force_login(_administrator())
    response = anonymous.get("/api/v1/software/")
    assert response.status_code == 200
    assert response.has_header("ETag")
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_reads_that_depend_on_who_asks_get_no_cors_and_no_shared_copy(
    anonymous: Client,
) -> None:
    submission = Submission.objects.filter(state=Submission.State.PUBLISHED).first()
    assert submission is not None
    base = f"/api/v1/rounds/{submission.round_id}/submissions/"
    paths = [base, f"{base}{submission.country.iso3}/", f"{base}{submission.country.iso3}/values/"]
    for path in paths:
        response = anonymous.get(path, HTTP_ORIGIN=ORIGIN)
        assert response.status_code == 200, (path, response.status_code)
        assert not response.has_header("Access-Control-Allow-Origin"), path
        assert "no-store" in response["Cache-Control"], (path, response["Cache-Control"])
        assert "public" not in response["Cache-Control"], path


def test_writes_get_no_cors(anonymous: Client) -> None:
    response = anonymous.post("/api/v1/institutions/", {}, HTTP_ORIGIN=ORIGIN)
    assert response.status_code in (401, 403)
    assert not response.has_header("Access-Control-Allow-Origin")


def _administrator() -> Any:
    from django.contrib.auth.models import User

    return User.objects.get(username="admin")
