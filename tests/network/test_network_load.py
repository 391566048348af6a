"""Installing the network's countries (``services.countries_load`` and ``gealc manage
network_load``): the shipped file, another network's file, idempotence, and a bad file that
is refused line by line and column by column with nothing written."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from gealc.network import selectors, services
from gealc.network.models import Country, Institution

pytestmark = pytest.mark.django_db

AUTHORITY = "National digital-government authority — %(country)s"
HEADER = "iso3,iso_numeric,subregion,membership,name_es,name_pt,name_en,name_fr\n"
NORDIC = (
    "iso3,iso_numeric,subregion,membership,name_es,member_since\n"
    "ISL,352,europe,member,Islandia,2001-05-03\n"
    "NOR,578,europe,observer,Noruega,\n"
)


def _shipped_rows() -> list[dict[str, str]]:
    path = Path(services.__file__).parent / services.SHIPPED_COUNTRIES
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _load(text: str) -> services.CountriesLoaded:
    return services.countries_load(source=io.StringIO(text))


def test_the_shipped_file_installs_every_country_with_its_authority() -> None:
    rows = _shipped_rows()
    loaded = services.countries_load()
    assert (loaded.created, loaded.updated, loaded.authorities_created) == (len(rows), 0, len(rows))
    mexico = Country.objects.get(iso3="MEX")
    row = next(r for r in rows if r["iso3"] == "MEX")
    assert (mexico.iso_numeric, mexico.name_fr, mexico.subregion) == (
        row["iso_numeric"],
        row["name_fr"],
        row["subregion"],
    )
    authority = Institution.objects.get(country=mexico, is_national_authority=True)
    assert not authority.is_demo
    for code in ("es", "pt", "en", "fr"):  # each language's column in its own language
        with translation.override(code):
            expected = translation.gettext(AUTHORITY) % {"country": row[f"name_{code}"]}
        assert getattr(authority, f"name_{code}") == expected


def test_loading_twice_changes_nothing_not_even_the_history() -> None:
    services.countries_load()
    history = Country.history.count()  # type: ignore[attr-defined]
    again = services.countries_load()
    assert (again.created, again.updated, again.authorities_created) == (0, 0, 0)
    assert Country.history.count() == history  # type: ignore[attr-defined]
    assert Institution.objects.filter(is_national_authority=True).count() == len(_shipped_rows())


def test_another_network_ships_its_own_file() -> None:
    loaded = _load(NORDIC)
    assert sorted(loaded.countries) == ["ISL", "NOR"]
    iceland = Country.objects.get(iso3="ISL")
    assert (iceland.name, str(iceland.member_since), iceland.membership) == (
        "Islandia",
        "2001-05-03",
        "member",
    )
    changed = _load(NORDIC.replace("observer,Noruega", "member,Noruega"))
    assert (changed.created, changed.updated) == (0, 1)
    assert Country.objects.get(iso3="NOR").membership == "member"


def test_an_existing_authority_is_kept(authority_ury: Institution) -> None:
    before = authority_ury.name
    services.countries_load()
    authority_ury.refresh_from_db()
    assert authority_ury.name == before
    assert Institution.objects.filter(country__iso3="URY", is_national_authority=True).count() == 1


def test_a_member_can_be_granted_right_after_the_load(administrator: User, make_user) -> None:
    """The defect this fixes: on a fresh install ``role_grant … member --country`` failed."""
    services.countries_load()
    carla = make_user("carla")
    uruguay = Country.objects.get(iso3="URY")
    assert services.role_grant(actor=administrator, user=carla, role="member", country=uruguay)
    assert list(selectors.countries_of_user(carla)) == [uruguay]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "iso3,subregion,membership,name_es\nURY,south_america,member,Uruguay\n",
            "The countries file lacks the columns iso_numeric (line 1).",
        ),
        (
            "iso3,iso_numeric,subregion,membership,name_es,capital\n"
            "URY,858,south_america,member,Uruguay,Montevideo\n",
            "The countries file has unknown columns capital (line 1)",
        ),
        (HEADER, "The countries file has no rows."),
        (HEADER + "URY,858,south_america\n", "Line 2 does not have the 8 cells of the header."),
        ("", "The countries file lacks the columns iso3, iso_numeric"),
    ],
)
def test_a_malformed_file_is_refused_with_its_reason(text: str, expected: str) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _load(text)
    assert error.value.messages[0].startswith(expected)
    assert not Country.objects.exists()


def test_bad_rows_are_all_reported_and_nothing_is_written() -> None:
    text = (
        HEADER
        + "ARG,032,south_america,member,Argentina,Argentina,Argentina,Argentine\n"
        + "uy,85,caribe,member,,Uruguai,Uruguay,Uruguay\n"
        + "ARG,032,south_america,member,Argentina,Argentina,Argentina,Argentine\n"
        + "CHL,152,south_america,member,Chile,Chile,Chile,Chili\n"
        + "PER,152,south_america,member,Perú,Peru,Peru,Pérou\n"
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _load(text)
    messages = error.value.messages
    assert "Line 3, column iso3: Use three upper-case letters, such as URY." in messages
    assert "Line 3, column iso_numeric: Use three digits, such as 858." in messages
    assert "Line 3, column name_es: This field cannot be blank." in messages
    assert "Line 3, column subregion: Value 'caribe' is not a valid choice." in messages
    assert "Line 4, column iso3: ARG appears twice." in messages
    assert any(m.startswith("Line 6, column iso_numeric: ") for m in messages)
    assert len(messages) == 6
    assert not Country.objects.exists()
    assert not Institution.objects.exists()


def test_the_command_loads_the_shipped_file_then_another(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("network_load", stdout=out)
    count = len(_shipped_rows())
    assert out.getvalue().strip() == (
        f"{count} countries in the file: {count} created, 0 updated; "
        f"{count} national authorities created."
    )
    nordic = tmp_path / "nordic.csv"
    nordic.write_text("\ufeff" + NORDIC, encoding="utf-8")  # a spreadsheet's byte-order mark
    call_command("network_load", str(nordic), stdout=(out := io.StringIO()))
    assert out.getvalue().startswith("2 countries in the file: 2 created, 0 updated; 2 national")
    assert Country.objects.count() == count + 2


def test_the_command_refuses_a_bad_or_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(NORDIC.replace("352", "35"), encoding="utf-8")
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("network_load", str(bad))
    assert str(error.value) == (
        "Nothing was loaded; the file has problems:\n"
        "  Line 2, column iso_numeric: Use three digits, such as 858."
    )
    with pytest.raises(CommandError, match=r"Cannot read .*missing\.csv"):
        call_command("network_load", str(tmp_path / "missing.csv"))
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(NORDIC.replace("Noruega", "Noruéga").encode("latin-1"))
    with pytest.raises(CommandError, match=r"Cannot read .*latin1\.csv"):
        call_command("network_load", str(latin1))
    assert not Country.objects.exists()
