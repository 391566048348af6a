"""A run's method in words, in the reader's language, with JSON for what has no words."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources

import pytest
from django.utils import translation

from gealc.measurement import frameworks
from gealc.observatory import assumptions
from gealc.observatory.assumptions import Assumption

LEVELS = ["Indicator", "Dimension", "Index"]


@pytest.fixture
def demo_uncertainty() -> dict[str, object]:
    """The uncertainty settings the network's shipped framework (GEALC-DGI 2025.1) declares."""
    text = resources.files("gealc.measurement").joinpath("data/gealc-dgi-2025.1.yaml")
    document = frameworks.load_yaml(text.read_bytes())
    return dict(document["index"]["uncertainty"])


@pytest.fixture
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.mark.usefixtures("in_english")
def test_the_shipped_framework_varies_weights_scale_and_compensation(
    demo_uncertainty: dict[str, object],
) -> None:
    described = assumptions.describe_uncertainty(demo_uncertainty, LEVELS)
    assert described == [
        Assumption("Weights at level 1 (Indicator)", "each varies at random by up to ±25 %"),
        Assumption("Weights at level 2 (Dimension)", "each varies at random by up to ±25 %"),
        Assumption(
            "Normalisation",
            "one of, with equal chances: min-max, from 0 to 100; percentile rank, from 0 to 100",
        ),
        Assumption(
            "Aggregation",
            "one of, with equal chances: arithmetic mean (a strength makes up fully for a "
            "weakness); generalised mean with p = 0.50",
        ),
    ]


@pytest.mark.usefixtures("in_english")
def test_what_has_no_words_is_shown_exactly() -> None:
    steps = {
        "normalise": {"method": "zscore", "mean": 10, "sd": 2},
        "aggregate": {"method": "arithmetic", "by_level": {"3": "geometric"}},
        "treat": {"winmax": 5},
    }
    assert assumptions.describe_steps(steps) == [
        Assumption("Normalisation", "z-score, mean 10 and standard deviation 2"),
        Assumption("Aggregation", '{"method": "arithmetic", "by_level": {"3": "geometric"}}'),
        Assumption("Outlier treatment", '{"winmax": 5}'),
    ]
    winsorising = {"alternatives": [{"path": "steps.treat.winmax", "values": [1, 5]}]}
    assert assumptions.describe_uncertainty(winsorising, LEVELS) == [
        Assumption("Outlier treatment: winmax", "one of, with equal chances: 1; 5")
    ]


@pytest.mark.parametrize(
    ("factor", "label"),
    [
        ("weights", "Weights"),
        ("steps.normalise", "Normalisation"),
        ("steps.aggregate.method", "Aggregation: method"),
        ("something.else", "something.else"),
    ],
)
@pytest.mark.usefixtures("in_english")
def test_factor_labels(factor: str, label: str) -> None:
    assert assumptions.factor_label(factor) == label


def test_in_spanish(demo_uncertainty: dict[str, object]) -> None:
    with translation.override("es"):
        described = assumptions.describe_uncertainty(demo_uncertainty, LEVELS)
        assert described[0].label == "Pesos en el nivel 1 (Indicador)"
        assert described[2].label == "Normalización"
        assert "0,50" in described[3].description  # numbers in the reader's format
