"""gealc.index: a composite-index engine (pure numpy, pandas and scipy).

A declarative spec (YAML or a mapping) describes the framework (nodes with levels, parents,
weights, directions, denominators, goalposts and targets) and the method (the optional steps
denominate, impute, screen, treat, normalise, weights and aggregate). ``build`` is a pure
function of the spec and the data.

Usage
-----
>>> from gealc.index import build, uncertainty, sensitivity, coherence, trends  # doctest: +SKIP
>>> result = build("examples/asem/simple.yaml", "examples/asem/ASEM_iData.csv")
>>> result.scores["Index"].nlargest(3)          # scores at every level, by node code
>>> result.ranks["Index"]                       # 1 is best; ties share the lowest rank
>>> result.datasets["treated"]                  # every intermediate data set, by step
>>> [entry.message for entry in result.log]     # what each step did
>>> ua = uncertainty("examples/asem/uncertainty.yaml", "examples/asem/ASEM_iData.csv",
...                  runs=1000, seed=1, targets=["Index", "Conn", "Sust"])
>>> ua.rank_stats                               # unit, nominal, mean, median, q05, q95
>>> ua.rank_stats_by_node["Conn"]               # every target, from the same runs
>>> sa = sensitivity("examples/asem/uncertainty.yaml", "examples/asem/ASEM_iData.csv",
...                  base_samples=256, seed=1)
>>> sa.indices                                  # first-order and total Sobol indices
>>> coherence(result).alpha                     # Cronbach's alpha per aggregate
>>> tr = trends("examples/egdi/spec.yaml", "examples/egdi/egdi_2014_2024.csv")
>>> tr.scores["EGDI"]                           # units x years
>>> tr.summary.query("node == 'EGDI'")          # change and slope per unit

Trends: for panel data (``columns.year`` set), ``trends`` builds the index once per year
(each an ordinary ``build``) and returns scores and ranks by unit with ``(node, year)``
columns, plus a tidy summary per unit and node: first and last year present, the change in
score and rank (last - first) and the least-squares slope per year. A unit absent in some
years has ``nan`` there; its changes and slope use the years it has (at least two).

Command line: ``python -m gealc.index build SPEC DATA --out DIR`` (also ``uncertainty``,
``sensitivity``, ``trends`` and ``check``); see ``gealc.index.cli``.

Normalisation: an indicator node may declare ``goalposts: [low, high]`` (its natural or agreed
bounds, in its own units) or ``goalposts: {low, high, scale, clip}``; it is then normalised as
COINr's ``n_goalposts`` (direction applied, values outside clipped, put on the step's scale),
and the others by the step's method (min-max, percentile rank or distance to the maximum), so
one framework mixes yes/no indicators, percentages and data-driven scales, and a constant
indicator with goalposts is never an error. See ``gealc.index._steps.normalise``.

Data: only an empty cell (``None``/``nan`` in a DataFrame) or a text declared in
``columns.missing_values`` is missing; ``NA`` in a unit or group column is a code. A
:class:`Dataset` loaded for another spec is realigned by indicator code, or refused.

Uncertainty: ``uncertainty(..., targets=[...])`` analyses several nodes from the same runs
(``rank_stats_by_node``, ``score_stats_by_node``); a variant that screens in a unit the nominal
build screened out reports it with no nominal rank.

Invalid input raises :class:`SpecError` (with the path of the field, e.g.
``nodes[12].parent: unknown node 'Sust2'``) or :class:`DataError` (with the column and row),
each with a stable ``code`` and its ``params`` (table in ``gealc.index._errors``) so that an
application can say it in the user's language; every reference in a spec (parents, levels,
targets, columns) is checked when it is parsed. Undefined aggregations are errors, never a
silent ``nan`` (see ``gealc.index._aggregate``). The same spec, data and seed always give the
same bytes.
"""

from importlib import import_module
from typing import TYPE_CHECKING

from ._errors import DataError, SpecError
from ._version import VERSION

if TYPE_CHECKING:
    from ._build import build
    from ._coherence import CoherenceReport, coherence
    from ._coinr import nodes_from_coinr_meta
    from ._data import Dataset, load_data
    from ._log import LogEntry
    from ._result import Result
    from ._sensitivity import SensitivityResult, sensitivity
    from ._spec import Spec, load_spec, parse_spec
    from ._trends import TrendResult, trends
    from ._uncertainty import UncertaintyResult, uncertainty

# Imported when first used (PEP 562): ``gealc index check SPEC`` needs neither numpy nor pandas,
# and no command needs every module.
_LAZY = {
    "build": "._build",
    "CoherenceReport": "._coherence",
    "coherence": "._coherence",
    "nodes_from_coinr_meta": "._coinr",
    "Dataset": "._data",
    "load_data": "._data",
    "LogEntry": "._log",
    "Result": "._result",
    "SensitivityResult": "._sensitivity",
    "sensitivity": "._sensitivity",
    "Spec": "._spec",
    "load_spec": "._spec",
    "parse_spec": "._spec",
    "TrendResult": "._trends",
    "trends": "._trends",
    "UncertaintyResult": "._uncertainty",
    "uncertainty": "._uncertainty",
}


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_LAZY[name], __name__), name)
    globals()[name] = value  # the next access is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__version__ = VERSION

__all__ = [
    "VERSION",
    "CoherenceReport",
    "DataError",
    "Dataset",
    "LogEntry",
    "Result",
    "SensitivityResult",
    "Spec",
    "SpecError",
    "TrendResult",
    "UncertaintyResult",
    "build",
    "coherence",
    "load_data",
    "load_spec",
    "nodes_from_coinr_meta",
    "parse_spec",
    "sensitivity",
    "trends",
    "uncertainty",
]
