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
...                  runs=1000, seed=1)
>>> ua.rank_stats                               # unit, nominal, mean, median, q05, q95
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

Invalid input raises :class:`SpecError` (with the path of the field, e.g.
``nodes[12].parent: unknown node 'Sust2'``) or :class:`DataError` (with the column and row).
The same spec, data and seed always give the same bytes.
"""

from ._build import build
from ._coherence import CoherenceReport, coherence
from ._coinr import nodes_from_coinr_meta
from ._data import Dataset, load_data
from ._errors import DataError, SpecError
from ._log import LogEntry
from ._result import Result
from ._sensitivity import SensitivityResult, sensitivity
from ._spec import Spec, load_spec, parse_spec
from ._trends import TrendResult, trends
from ._uncertainty import UncertaintyResult, uncertainty
from ._version import VERSION

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
