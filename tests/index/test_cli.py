"""The command line, run in-process: outputs, reproducibility, one-line errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from gealc.index.cli import main

from .conftest import ASEM_DATA, ASEM_FULL, ASEM_SIMPLE, ASEM_UNCERTAINTY


def _files(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def test_build_writes_every_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(ASEM_FULL), str(ASEM_DATA), "--out", str(tmp_path / "out")]) == 0
    out = tmp_path / "out"
    scores = pd.read_csv(out / "scores.csv")
    ranks = pd.read_csv(out / "ranks.csv")
    assert scores.columns[0] == "unit"
    assert "Index" in scores.columns
    assert "LPI" in scores.columns
    assert scores.shape == ranks.shape == (51, 61)
    steps = {p.stem for p in (out / "datasets").glob("*.csv")}
    assert steps == {"raw", "denominate", "impute", "screen", "treat", "normalise", "aggregate"}
    summary = json.loads((out / "result.json").read_text())
    assert set(summary) >= {"spec", "data_hash", "version", "seed"}
    assert next(e["step"] for e in json.loads((out / "log.json").read_text())) == "denominate"
    assert "CHE" in capsys.readouterr().out


def test_same_inputs_give_the_same_bytes(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert main(["build", str(ASEM_FULL), str(ASEM_DATA), "--out", str(tmp_path / name)]) == 0
        args = [
            "uncertainty",
            str(ASEM_UNCERTAINTY),
            str(ASEM_DATA),
            "--runs",
            "50",
            "--seed",
            "4",
            "--out",
            str(tmp_path / name / "ua"),
            "--no-progress",
        ]
        assert main(args) == 0
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_uncertainty_and_sensitivity_outputs(tmp_path: Path) -> None:
    ua, sa = tmp_path / "ua", tmp_path / "sa"
    assert (
        main(
            [
                "uncertainty",
                str(ASEM_UNCERTAINTY),
                str(ASEM_DATA),
                "--runs",
                "40",
                "--seed",
                "1",
                "--out",
                str(ua),
                "--no-progress",
            ]
        )
        == 0
    )
    assert pd.read_csv(ua / "rank_stats.csv").columns.tolist() == [
        "unit",
        "nominal",
        "mean",
        "median",
        "q05",
        "q95",
    ]
    assert pd.read_csv(ua / "score_stats.csv").shape == (51, 6)
    assert (
        main(
            [
                "sensitivity",
                str(ASEM_UNCERTAINTY),
                str(ASEM_DATA),
                "--runs",
                "16",
                "--seed",
                "1",
                "--out",
                str(sa),
                "--no-progress",
            ]
        )
        == 0
    )
    assert pd.read_csv(sa / "sobol.csv").columns.tolist() == [
        "factor",
        "first",
        "first_low",
        "first_high",
        "total",
        "total_low",
        "total_high",
    ]


def test_check_validates_and_prints_coherence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(ASEM_SIMPLE)]) == 0
    assert "is valid" in capsys.readouterr().out
    assert main(["check", str(ASEM_FULL), str(ASEM_DATA)]) == 0
    assert "Cronbach" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda text: text.replace("parent: Physical", "parent: Phys", 1), "unknown node 'Phys'"),
        (lambda text: text.replace("winmax: 5", "winmax: many"), "steps.treat.winmax"),
    ],
)
def test_bad_spec_gives_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: object, message: str
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(edit(ASEM_FULL.read_text()))  # type: ignore[operator]
    assert main(["build", str(spec), str(ASEM_DATA), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert message in err
    assert "Traceback" not in err


def test_bad_data_names_column_and_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data.csv"
    shutil.copy(ASEM_DATA, data)
    text = data.read_text().replace(
        '"AUT","L","XL","M","Europe",2018,83871,27,', '"AUT","L","XL","M","Europe",2018,83871,abc,'
    )
    data.write_text(text)
    assert main(["build", str(ASEM_FULL), str(data), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: column 'Energy', row 'AUT': non-numeric value 'abc' (")
    assert "\n" not in err
    assert main(["build", str(ASEM_FULL), str(tmp_path / "none.csv"), "--out", str(tmp_path)]) == 2


HOSTILE_SPECS = {
    "unknown by_level level": (
        lambda text: text.replace(
            "aggregate: {method: arithmetic}", "aggregate: {by_level: {7: geometric}}"
        ),
        "steps.aggregate.by_level.7: no aggregate level 7",
    ),
    "unknown uncertainty target": (
        lambda text: text.replace("uncertainty:\n", "uncertainty:\n  target: Sust2\n"),
        "uncertainty.target: unknown node 'Sust2'",
    ),
    "unknown field in the uncertainty section": (
        lambda text: text.replace("weight_noise:", "weight_noise: []\n  old_noise:"),
        "uncertainty.old_noise: unknown field",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_SPECS))
def test_hostile_specs_are_refused_in_one_line_by_the_whole_process(
    tmp_path: Path, case: str
) -> None:
    """As a user runs it: a separate process, whose stderr holds one line and no traceback."""
    edit, message = HOSTILE_SPECS[case]
    spec = tmp_path / "spec.yaml"
    spec.write_text(edit(ASEM_UNCERTAINTY.read_text()))
    command = [sys.executable, "-m", "gealc.index", "uncertainty", str(spec), str(ASEM_DATA)]
    done = subprocess.run(
        [*command, "--runs", "10", "--out", str(tmp_path / "o"), "--no-progress"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_data_without_rows_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data.csv"
    data.write_text(ASEM_DATA.read_text().splitlines()[0] + "\n")
    assert main(["build", str(ASEM_SIMPLE), str(data), "--out", str(tmp_path / "o")]) == 2
    assert capsys.readouterr().err == "error: the data has no rows: give at least one unit\n"


def test_uncertainty_of_several_targets_writes_stats_by_node(tmp_path: Path) -> None:
    arguments = ["uncertainty", str(ASEM_UNCERTAINTY), str(ASEM_DATA), "--runs", "30"]
    out = tmp_path / "ua"
    targets = ["--targets", "Index,Conn", "--out", str(out), "--no-progress"]
    assert main([*arguments, *targets]) == 0
    table = pd.read_csv(out / "stats_by_node.csv", keep_default_na=False, na_values=[""])
    assert table.columns[:3].tolist() == ["node", "unit", "rank_nominal"]
    assert table.columns[-1] == "score_q95"
    assert table.groupby("node").size().to_dict() == {"Conn": 51, "Index": 51}
    alone = tmp_path / "alone"
    assert main([*arguments, "--targets", "Conn", "--out", str(alone), "--no-progress"]) == 0
    conn = pd.read_csv(alone / "rank_stats.csv", keep_default_na=False)
    from_both = table[table["node"] == "Conn"]
    assert from_both["rank_median"].tolist() == conn["median"].tolist()


def test_unknown_target_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = ["uncertainty", str(ASEM_UNCERTAINTY), str(ASEM_DATA), "--runs", "10"]
    out = ["--targets", "Index,Nope", "--out", str(tmp_path), "--no-progress"]
    assert main([*arguments, *out]) == 2
    assert capsys.readouterr().err == "error: targets[1]: unknown node 'Nope'\n"


def test_gealc_index_loads_neither_django_nor_scipy_stats(tmp_path: Path) -> None:
    """Start-up: ``gealc index uncertainty`` (through the project's ``gealc`` command) needs
    numpy, pandas and yaml only; Django and scipy.stats took seconds to import."""
    program = (
        "import sys\n"
        "from gealc.site.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] == 'django'"
        " or m.startswith('scipy.stats'))\n"
        "print(code, heavy)\n"
    )
    arguments = ["index", "uncertainty", str(ASEM_UNCERTAINTY), str(ASEM_DATA), "--runs", "20"]
    done = subprocess.run(
        [sys.executable, "-c", program, *arguments, "--out", str(tmp_path), "--no-progress"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.splitlines()[-1] == "0 []"


def test_check_of_a_spec_alone_imports_neither_numpy_nor_pandas() -> None:
    program = (
        "import sys\n"
        "from gealc.index.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "print(code, sorted(m for m in ('numpy', 'pandas', 'scipy') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program, "check", str(ASEM_UNCERTAINTY)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "is valid: 49 indicators, 11 aggregates" in done.stdout.splitlines()[0]
    assert done.stdout.splitlines()[-1] == "0 []"
