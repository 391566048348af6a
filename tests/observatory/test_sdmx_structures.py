"""The SDMX structures: the message is valid SDMX-ML 2.1 (pysdmx checks it against the SDMX
schemas), names every code in four languages, and every observation of every SDMX-CSV file
(1.0 and 2.0) loads against it with each dimension value and attribute in its code list."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pysdmx.io import get_datasets, read_sdmx
from pysdmx.model import Codelist, Schema

from gealc.measurement.models import Variable
from gealc.observatory import exports, sdmx, sdmx_structures, services
from gealc.observatory.models import IndexRun

CODED = ("REF_AREA", "INDICATOR", "MEASURE", "UNIT_MEASURE", "OBS_STATUS")


def _codelists(structure: bytes) -> dict[str, set[str]]:
    message = read_sdmx(io.BytesIO(structure), validate=True)
    codelists = [item for item in message.structures if isinstance(item, Codelist)]
    return {codelist.id: {code.id for code in codelist.codes} for codelist in codelists}


def _validate(data: bytes, structure: bytes) -> int:
    """Every observation's coded columns in their code lists; the number of observations."""
    codes = _codelists(structure)
    count = 0
    for dataset in get_datasets(io.BytesIO(data), io.BytesIO(structure)):
        assert isinstance(dataset.structure, Schema)
        frame = dataset.data
        for component in dataset.structure.components:
            if component.id not in CODED:
                continue
            codelist = component.local_codes or component.enumeration
            assert codelist is not None, component.id
            values = set(frame[component.id].astype(str))
            assert values <= codes[codelist.id], (component.id, values - codes[codelist.id])
        assert set(frame["OBS_STATUS"]) <= {"A", "L", "M", "C"}
        count += len(frame)
    return count


@pytest.fixture
def structure(published_run: IndexRun) -> bytes:
    return sdmx_structures.structure_message()


@pytest.mark.parametrize("file_format", ["sdmx.csv", "sdmx2.csv"])
def test_scores_and_values_validate_against_the_structures(
    published_run: IndexRun, structure: bytes, file_format: str
) -> None:
    scores = exports.run_exports(published_run, (file_format,))[file_format]
    assert _validate(scores, structure) == 5 * 7 * len(sdmx.SCORE_MEASURES)
    values = exports.values_exports(published_run.round, (file_format,))[file_format]
    assert _validate(values, structure) == 5 * 7


@pytest.mark.parametrize("file_format", ["sdmx.csv", "sdmx2.csv"])
def test_changes_validate_against_the_structures(
    correction_run: IndexRun, secretariat: User, file_format: str
) -> None:
    correction = services.run_publish(actor=secretariat, run=correction_run)
    structure = sdmx_structures.structure_message()
    content = exports.changes_exports(correction, (file_format,))[file_format]
    rows = content.decode("utf-8").splitlines()
    assert _validate(content, structure) == len(rows) - 1 > 0


def test_an_observation_outside_its_codelist_is_caught(
    published_run: IndexRun, structure: bytes
) -> None:
    """The check can fail: an unknown country code is not in CL_AREA."""
    content = exports.run_exports(published_run, ("sdmx.csv",))["sdmx.csv"].replace(
        b",URY,", b",XXX,"
    )
    with pytest.raises(AssertionError, match="REF_AREA"):
        _validate(content, structure)


def test_sdmx_csv_2_header(published_run: IndexRun) -> None:
    lines = (
        exports.run_exports(published_run, ("sdmx2.csv",))["sdmx2.csv"].decode("utf-8").splitlines()
    )
    assert lines[0] == (
        "STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,INDICATOR,TIME_PERIOD,MEASURE,OBS_VALUE,"
        "UNIT_MEASURE,OBS_STATUS,IS_DEMO"
    )
    assert lines[1].startswith("dataflow,GEALC:DGI_INDEX(1.0),I,")
    dictionary = csv.DictReader(io.StringIO(exports.dictionary_csv().decode("utf-8-sig")))
    documented = {row["column"] for row in dictionary if row["file"] == "sdmx"}
    assert set(lines[0].split(",")) <= documented


def test_units_are_codes(published_run: IndexRun) -> None:
    values = exports.values_exports(published_run.round, ("sdmx.csv",))["sdmx.csv"].decode("utf-8")
    units = {row["UNIT_MEASURE"] for row in csv.DictReader(io.StringIO(values))}
    assert units
    assert units <= set(sdmx_structures.unit_labels())
    assert "%" not in units
    assert sdmx_structures.unit_code("%") == "PC"
    assert sdmx_structures.unit_code("per 1,000  inhabitants") == "PER_1000_INHAB"
    assert sdmx_structures.unit_code("0/100") == "BINARY"
    assert sdmx_structures.unit_code("kilomètres") == "KILOMETRES"
    assert sdmx_structures.unit_code("€").startswith("UNIT_")
    framework_units = Variable.objects.filter(framework=published_run.round.framework_version_id)
    assert "PC" in {sdmx_structures.unit_code(variable.unit) for variable in framework_units}


def test_every_name_in_four_languages(structure: bytes) -> None:
    root = ET.fromstring(structure)
    codes = root.findall(f".//{{{sdmx_structures.NS['str']}}}Code")
    assert codes
    for code in codes:
        names = code.findall(f"{{{sdmx_structures.NS['com']}}}Name")
        languages = [name.get(sdmx_structures.XML_LANG) for name in names]
        assert languages == ["es", "pt", "en", "fr"], code.get("id")
        assert all(name.text for name in names), code.get("id")
    uruguay = root.find(f".//{{{sdmx_structures.NS['str']}}}Code[@id='URY']")
    assert uruguay is not None


def test_download_addresses(client: Client, published_run: IndexRun) -> None:
    response: Any = client.get("/data/sdmx/structure.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == sdmx_structures.MEDIA_TYPE
    assert _codelists(response.content)["CL_UNIT_MEASURE"] >= {"PC", "INDEX_0_100", "RANK"}
    again = client.get("/data/sdmx/structure.xml", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    data = client.get(f"/data/runs/{published_run.pk}.sdmx2.csv")
    assert data.status_code == 200
    assert data["Content-Type"] == sdmx.MEDIA_TYPES["sdmx2.csv"]
    values = client.get(f"/data/values/{published_run.round_id}.sdmx2.csv")
    assert _validate(values.content, response.content) == 5 * 7


def test_the_sdmx_schemas_are_checked(structure: bytes) -> None:
    """Reading checks the message against the SDMX-ML 2.1 schemas, so the structures above
    are valid SDMX: the same message with a header that is not is refused."""
    broken = structure.replace(b"<mes:Test>false</mes:Test>", b"<mes:Test>maybe</mes:Test>")
    assert broken != structure
    with pytest.raises(Exception, match=r"Test|maybe"):
        read_sdmx(io.BytesIO(broken), validate=True)


def test_units_are_codes_in_the_csv_with_labels_in_the_dictionary(
    published_run: IndexRun, client: Client
) -> None:
    values = csv.DictReader(
        io.StringIO(
            exports.values_exports(published_run.round, ("csv",))["csv"].decode("utf-8-sig")
        )
    )
    share = next(row for row in values if row["code"] == "transactional_share")
    assert share["unit"] == "PC"
    dictionary = csv.DictReader(
        io.StringIO(client.get("/data/dictionary.csv").content.decode("utf-8-sig"))
    )
    units = {row["column"]: row for row in dictionary if row["file"] == "UNIT_MEASURE"}
    assert set(units) == {unit.code for unit in sdmx_structures.UNITS}
    assert units["PC"]["description"].startswith("es: ")
    assert all(f"; {language}: " in units["PC"]["description"] for language in ("pt", "en", "fr"))


def test_the_api_gives_the_same_unit_codes(client: Client, published_run: IndexRun) -> None:
    """Indicators and a run's nodes carry the unit code of the files and the framework's text."""
    indicators = client.get("/api/v1/indicators/").json()["results"]
    share = next(item for item in indicators if item["code"] == "transactional_share")
    assert (share["unit"], share["unit_text"]) == ("PC", "%")
    run = client.get(f"/api/v1/runs/{published_run.pk}/").json()
    nodes = {node["code"]: node for node in run["nodes"]}
    assert (nodes["transactional_share"]["unit"], nodes["transactional_share"]["unit_text"]) == (
        "PC",
        "%",
    )
    assert nodes["index"]["unit"] == "_Z"
    assert run["downloads"]["sdmx2.csv"] == f"/data/runs/{published_run.pk}.sdmx2.csv"
