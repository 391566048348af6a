"""The UN EGDI benchmark: every country of every edition, loaded idempotently."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gealc.observatory import services
from gealc.observatory.models import EgdiValue


def test_193_countries_in_6_editions(egdi_loaded: int) -> None:
    assert egdi_loaded == 193 * 6
    assert EgdiValue.objects.count() == 193 * 6
    years = sorted(set(EgdiValue.objects.values_list("year", flat=True)))
    assert years == [2014, 2016, 2018, 2020, 2022, 2024]
    assert EgdiValue.objects.filter(year=2024).values("iso3").distinct().count() == 193


def test_egdi_is_the_mean_of_its_components(egdi_loaded: int) -> None:
    for value in EgdiValue.objects.filter(year=2024)[:20]:
        assert value.egdi == pytest.approx((value.osi + value.hci + value.tii) / 3, abs=1e-3)


def test_loading_again_changes_nothing(egdi_loaded: int) -> None:
    before = list(EgdiValue.objects.order_by("pk").values_list("pk", "egdi"))
    assert services.egdi_load() == 193 * 6
    assert list(EgdiValue.objects.order_by("pk").values_list("pk", "egdi")) == before


def test_command(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("egdi_load")
    assert "1158" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("egdi_load", "/nonexistent.csv")


def test_a_malformed_file_is_refused(db: None, tmp_path: Path) -> None:
    broken = tmp_path / "egdi.csv"
    broken.write_text("year,iso3\n2024,URY\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("egdi_load", str(broken))
    broken.write_text(
        "year,iso3,name,egdi,egdi_rank,osi,hci,tii,epi\nx,URY,Uruguay,1,1,1,1,1,1\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError):
        call_command("egdi_load", str(broken))
    assert not EgdiValue.objects.exists()
