"""Sobol estimators on a function with known indices, and the ASEM analysis end to end."""

from __future__ import annotations

import numpy as np

from gealc.index import sensitivity
from gealc.index._sensitivity import saltelli_design, sobol_indices

from .conftest import ASEM_DATA, ASEM_UNCERTAINTY


def test_estimators_recover_analytic_indices_of_a_linear_model() -> None:
    # y = x1 + 2 x2 + 3 x3 with uniform inputs: S_i = ST_i = a_i^2 / sum(a^2).
    rng = np.random.default_rng(0)
    n, d = 4096, 3
    design = saltelli_design(n, d, rng)
    y = design @ np.array([1.0, 2.0, 3.0])
    frame, _ = sobol_indices(y, n, d, rng, n_boot=200, confidence=0.9)
    expected = np.array([1, 4, 9]) / 14
    np.testing.assert_allclose(frame["first"], expected, atol=0.03)
    np.testing.assert_allclose(frame["total"], expected, atol=0.03)
    assert np.all(frame["first_low"] <= frame["first_high"])


def test_estimators_see_interactions() -> None:
    # y = x1 * x2 (centred): no first-order effect of either input alone... only interaction.
    rng = np.random.default_rng(1)
    n = 4096
    design = saltelli_design(n, 2, rng)
    y = (design[:, 0] - 0.5) * (design[:, 1] - 0.5)
    frame, _ = sobol_indices(y, n, 2, rng, n_boot=0, confidence=0.9)
    np.testing.assert_allclose(frame["first"], [0, 0], atol=0.05)
    np.testing.assert_allclose(frame["total"], [1, 1], atol=0.05)


def test_asem_sensitivity_design_and_output() -> None:
    result = sensitivity(ASEM_UNCERTAINTY, ASEM_DATA, base_samples=32, seed=3, bootstrap=50)
    assert result.runs == 32 * (4 + 2)
    assert list(result.indices["factor"]) == [
        "steps.treat.winmax",
        "steps.normalise",
        "steps.aggregate.method",
        "weights",
    ]
    assert list(result.indices.columns) == [
        "factor",
        "first",
        "first_low",
        "first_high",
        "total",
        "total_low",
        "total_high",
    ]
    assert np.all(result.output >= 0)
    again = sensitivity(ASEM_UNCERTAINTY, ASEM_DATA, base_samples=32, seed=3, bootstrap=50)
    np.testing.assert_array_equal(result.indices["total"], again.indices["total"])
