"""The ``gealc`` command line, run as a user runs it: a separate process on a fresh home."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

GEALC = [sys.executable, "-m", "gealc"]


def _run(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment["GEALC_HOME"] = str(home)
    return subprocess.run(
        [*GEALC, *args], env=environment, capture_output=True, text=True, timeout=600, check=False
    )


def test_demo_prepares_a_fresh_home_and_prints_the_accounts(tmp_path: Path) -> None:
    home = tmp_path / "not-there-yet"

    result = _run(["demo", "--no-serve"], home)

    assert result.returncode == 0, result.stderr
    assert (home / "gealc.sqlite3").is_file()
    for username in ("admin", "secretariat", "reviewer", "delegate-ury", "focal-bra"):
        assert username in result.stdout
    assert "demo-password" in result.stdout


def test_manage_creates_the_home_too(tmp_path: Path) -> None:
    home = tmp_path / "fresh"

    result = _run(["manage", "check"], home)

    assert result.returncode == 0, result.stderr
    assert home.is_dir()


def test_unknown_command_is_refused_with_usage(tmp_path: Path) -> None:
    result = _run(["frobnicate"], tmp_path)

    assert result.returncode == 2
    assert "unknown command 'frobnicate'" in result.stderr
    assert "usage: gealc" in result.stderr


def test_index_runs_without_django(tmp_path: Path) -> None:
    spec = Path(__file__).parents[2] / "examples" / "egdi" / "spec.yaml"

    result = _run(["index", "check", str(spec)], tmp_path)

    assert result.returncode == 0, result.stderr


def test_the_demo_makes_its_own_secret_key_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without DEBUG the settings need a key; the demo's is random, private and kept."""
    from gealc.site.cli import _demo_secret_key

    monkeypatch.delenv("SECRET_KEY")
    monkeypatch.setenv("GEALC_HOME", str(tmp_path / "home"))
    _demo_secret_key()
    first = os.environ["SECRET_KEY"]
    key_file = tmp_path / "home" / "demo-secret-key"

    monkeypatch.delenv("SECRET_KEY")
    _demo_secret_key()

    assert os.environ["SECRET_KEY"] == first == key_file.read_text()
    assert len(first) >= 50
    assert key_file.stat().st_mode & 0o777 == 0o600
