"""Control characters in any input are refused at the edge with a 400 naming the parameter.

A NUL in a PostgreSQL text parameter raised ``DataError`` (a 500) from every lookup that used
it; the other C0 characters have no business in an address, a query or a cookie either. Each
parameter the probe found is sent with NUL and with another control character; on PostgreSQL
these requests answered 500 before the edge check. Bodies may keep tabs and line breaks.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db

CONTROLS = ["\x00", "\x1b", "\x7f"]

# (address with {} where the control character goes, the parameter the message names)
PATH_PARAMETERS = [
    ("/api/v1/countries/B{}A/", "iso3"),
    ("/api/v1/countries/B{}A/scores/", "iso3"),
    ("/api/v1/rounds/1/submissions/U{}Y/", "iso3"),
    ("/api/v1/rounds/1/submissions/URY/values/procedures{}total/", "code"),
    ("/api/v1/frameworks/GEALC{}DGI/2025.1/spec/", "code"),
    ("/api/v1/frameworks/GEALC-DGI/2025{}1/spec/", "version"),
    ("/api/v1/software/sw{}1/", "pk"),
    ("/api/v1/indicators/ind{}1/", "code"),
    ("/en/countries/B{}A/", "iso3"),
    ("/en/observatory/countries/B{}A/", "iso3"),
    ("/en/observatory/indicators/ind{}1/", "code"),
    ("/en/open-data/maturity/B{}A/", "iso3"),
    ("/en/no-such{}page/", "path"),
]

QUERY_PARAMETERS = [
    ("/api/v1/practices/", "country"),
    ("/api/v1/practices/", "award"),
    ("/api/v1/practices/", "dimension"),
    ("/api/v1/practices/", "working_line"),
    ("/api/v1/software/", "country"),
    ("/api/v1/software/", "development_status"),
    ("/api/v1/software/", "licence"),
    ("/api/v1/values/", "country"),
    ("/api/v1/runs/", "round"),
    ("/api/v1/appointments/", "current"),
    ("/api/v1/search/", "q"),
    ("/en/search/", "q"),
    ("/en/practices/", "country"),
    ("/en/software/", "country"),
    ("/en/observatory/compare/", "countries"),
]


@pytest.fixture
def administrator_client(client: Client) -> Client:
    user = User.objects.create_superuser("edge-admin", "edge@example.org", "x")
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the API answers in Spanish by default
    return client


def _refused(response: object, parameter: str) -> None:
    assert response.status_code == 400, response.content  # type: ignore[attr-defined]
    if response["Content-Type"].startswith("application/json"):  # type: ignore[index]
        body = response.json()  # type: ignore[attr-defined]
        assert body["field"] == parameter
        assert f"“{parameter}” contains a control character" in body["message"]
    else:
        page = response.content.decode()  # type: ignore[attr-defined]
        assert f"“{parameter}” contains a control character" in page


@pytest.mark.parametrize("control", CONTROLS)
@pytest.mark.parametrize(("address", "parameter"), PATH_PARAMETERS)
def test_a_control_character_in_the_path_is_400_naming_the_parameter(
    client: Client, address: str, parameter: str, control: str
) -> None:
    response = client.get(address.format(quote(control)), HTTP_ACCEPT_LANGUAGE="en")
    _refused(response, parameter)


@pytest.mark.parametrize("control", CONTROLS)
@pytest.mark.parametrize(("address", "parameter"), QUERY_PARAMETERS)
def test_a_control_character_in_a_query_filter_is_400_naming_it(
    client: Client, address: str, parameter: str, control: str
) -> None:
    response = client.get(address, {parameter: f"B{control}A"}, HTTP_ACCEPT_LANGUAGE="en")
    _refused(response, parameter)


def test_a_control_character_in_a_query_parameter_name_is_400(client: Client) -> None:
    response = client.get("/api/v1/software/?coun%00try=URY", HTTP_ACCEPT_LANGUAGE="en")
    _refused(response, "coun\x00try")


@pytest.mark.parametrize("control", CONTROLS)
def test_a_control_character_in_a_json_body_is_400_naming_the_field(
    administrator_client: Client, control: str
) -> None:
    body = {"name": "Agency", "country": f"B{control}A", "kind": "authority"}
    response = administrator_client.post(
        "/api/v1/institutions/", body, content_type="application/json"
    )
    _refused(response, "country")


def test_a_nested_json_field_is_named_by_its_path(administrator_client: Client) -> None:
    body = {"expected_version": 1, "values": [{"variable": "a", "comment": "x\x00y"}]}
    response = administrator_client.put(
        "/api/v1/rounds/1/submissions/URY/values/", body, content_type="application/json"
    )
    _refused(response, "values.0.comment")


def test_tabs_and_line_breaks_in_a_json_body_reach_the_view(
    administrator_client: Client,
) -> None:
    body = {"name": "Agency\tone\r\ntwo", "country": "NOPE", "kind": "authority"}
    response = administrator_client.post(
        "/api/v1/institutions/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "country"  # the view's own check, not the edge's
    assert "control character" not in response.json()["message"]


@pytest.mark.parametrize("control", CONTROLS)
def test_a_control_character_in_a_page_form_is_400_naming_the_field(
    client: Client, control: str
) -> None:
    response = client.post("/en/accounts/login/", {"login": f"ad{control}min", "password": "x"})
    _refused(response, "login")


def test_a_control_character_in_a_cookie_is_400(client: Client) -> None:
    client.cookies["sessionid"] = "abc\x00defghijkl"
    _refused(client.get("/en/"), "cookie sessionid")


def test_the_refusal_is_in_the_readers_language(client: Client) -> None:
    response = client.get("/fr/countries/B%00A/")
    assert response.status_code == 400
    assert '<html lang="fr"' in response.content.decode()


def test_an_ordinary_request_passes(client: Client) -> None:
    assert client.get("/api/v1/software/", {"country": "URY"}).status_code == 200
