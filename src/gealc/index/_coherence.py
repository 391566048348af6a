"""Statistical coherence of a built index: correlations, Cronbach's alpha, PCA, flags."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._result import Result

REDUNDANT = 0.92  # |r| above this within a group: the two children measure the same thing
NEGATIVE = -1e-9  # r below this is negative; rounding leaves uncorrelated data at about -1e-17


@dataclass(frozen=True, eq=False)
class CoherenceReport:
    """Coherence of every aggregate with its children.

    Attributes
    ----------
    parent_correlations : DataFrame
        ``node, parent, r``: Pearson correlation of each node with its parent.
    group_correlations : DataFrame
        ``group, a, b, r``: correlations between the children of each aggregate.
    alpha : Series
        Cronbach's alpha of the children of each aggregate (index: aggregate code).
    pca : DataFrame
        ``group, first_share, n_children``: variance share of the first principal component.
    flags : DataFrame
        ``kind, group, a, b, r`` with kind ``negative`` or ``redundant``.
    """

    parent_correlations: pd.DataFrame
    group_correlations: pd.DataFrame
    alpha: pd.Series
    pca: pd.DataFrame
    flags: pd.DataFrame

    def to_text(self) -> str:
        lines = ["Cronbach's alpha and first principal component share per aggregate:"]
        for row in self.pca.itertuples(index=False):
            alpha = self.alpha.get(row.group, np.nan)
            lines.append(
                f"  {row.group:<20} alpha={alpha:6.3f}  PC1={row.first_share:6.1%}"
                f"  ({row.n_children} children)"
            )
        lines.append("Correlation of each node with its parent:")
        for row in self.parent_correlations.itertuples(index=False):
            lines.append(f"  {row.node:<20} -> {row.parent:<20} r={row.r:6.3f}")
        lines.append(f"Flags ({len(self.flags)}):")
        for row in self.flags.itertuples(index=False):
            lines.append(f"  {row.kind:<10} {row.group}: {row.a} ~ {row.b} r={row.r:6.3f}")
        return "\n".join(lines)


def coherence(result: Result) -> CoherenceReport:
    """Analyse the scores of ``result`` (normalised indicators and aggregates)."""
    scores = result.scores
    spec = result.spec
    parent_rows, group_rows, alpha, pca_rows, flags = [], [], {}, [], []
    for node in spec.nodes:
        if node.parent is not None:
            r = scores[node.code].corr(scores[node.parent])
            parent_rows.append({"node": node.code, "parent": node.parent, "r": r})
            if r < NEGATIVE:
                flags.append(
                    {
                        "kind": "negative",
                        "group": node.parent,
                        "a": node.code,
                        "b": node.parent,
                        "r": r,
                    }
                )
    for parent in spec.aggregates:
        children = [c.code for c in spec.children(parent.code)]
        block = scores[children]
        corr = block.corr()
        for i, a in enumerate(children):
            for b in children[i + 1 :]:
                r = float(corr.to_numpy()[i, children.index(b)])
                group_rows.append({"group": parent.code, "a": a, "b": b, "r": r})
                if r < NEGATIVE or abs(r) > REDUNDANT:
                    kind = "negative" if r < NEGATIVE else "redundant"
                    flags.append({"kind": kind, "group": parent.code, "a": a, "b": b, "r": r})
        alpha[parent.code] = cronbach_alpha(block.dropna().to_numpy())
        pca_rows.append(
            {
                "group": parent.code,
                "first_share": first_component_share(block),
                "n_children": len(children),
            }
        )
    return CoherenceReport(
        parent_correlations=pd.DataFrame(parent_rows, columns=["node", "parent", "r"]),
        group_correlations=pd.DataFrame(group_rows, columns=["group", "a", "b", "r"]),
        alpha=pd.Series(alpha, name="alpha", dtype=float),
        pca=pd.DataFrame(pca_rows, columns=["group", "first_share", "n_children"]),
        flags=pd.DataFrame(flags, columns=["kind", "group", "a", "b", "r"]),
    )


def cronbach_alpha(values: np.ndarray) -> float:
    """``k/(k-1) * (1 - sum of item variances / variance of the total)``, shape (n, k)."""
    k = values.shape[1]
    if k < 2 or values.shape[0] < 2:
        return float("nan")
    total = values.sum(axis=1).var(ddof=1)
    if total == 0:
        return float("nan")
    return float(k / (k - 1) * (1 - values.var(axis=0, ddof=1).sum() / total))


def first_component_share(block: pd.DataFrame) -> float:
    """Share of the variance of the standardised children explained by the first component."""
    if block.shape[1] < 2:
        return 1.0
    corr = block.corr().to_numpy()
    if np.isnan(corr).any():
        return float("nan")
    eigenvalues = np.linalg.eigvalsh(corr)
    return float(eigenvalues[-1] / eigenvalues.sum())
