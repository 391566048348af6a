"""CITATION.cff is valid Citation File Format 1.2.0 and names the version being released."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from jsonschema import Draft7Validator

from gealc import __version__

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = Path(__file__).parent / "cff" / "schema-1.2.0.json"


def _errors(document: object) -> list[str]:
    validator = Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]


def test_citation_file_is_valid_and_current() -> None:
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert _errors(citation) == []
    assert citation["version"] == __version__
    assert citation["license"] == "AGPL-3.0-or-later"


def test_the_schema_rejects_a_citation_without_authors() -> None:
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    del citation["authors"]
    citation["date-released"] = "4 December 2026"
    errors = _errors(citation)
    assert any("authors" in error for error in errors)
    assert any("date-released" in error for error in errors)
