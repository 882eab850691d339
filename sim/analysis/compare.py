"""`sim.compare`: two or more strategies (or decision logs) on the same seeds, judged fairly.

Why paired: with the same seed the teams start identical and meet the same events, so the
difference between two bosses on one seed is mostly the bosses' doing. Each outcome gets a mean
and 95% interval per strategy; each pair gets the mean paired difference with its interval and a
sign-flip randomisation p-value, and a plain verdict: which is better, with what confidence.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.errors import CompareError
from sim.analysis.grid import LOG_PREFIX
from sim.analysis.outcomes import OUTCOMES, outcome, run_keys, run_outcomes
from sim.analysis.stats import mean_ci, sign_flip_p
from sim.analysis.store import read_results
from sim.choices import ARCHETYPES
from sim.safefile import quote

ALPHA = 0.05


@dataclass
class Comparison:
    """Per-strategy summaries and paired differences, as tables and as text."""

    summary: pd.DataFrame
    pairs: pd.DataFrame
    units: int
    what: str

    def text(self) -> str:
        """A report for the terminal: one block per outcome."""
        lines = [f"Comparison on {self.what}: {self.units} paired runs per strategy "
                 "(same seed, same team, same events).",
                 "Mean [95% interval]; differences are paired; p from a sign-flip test.", ""]
        for name in self.summary["outcome"].unique():
            spec = OUTCOMES[name]
            lines.append(f"{spec.label} ({spec.better} is better)")
            rows = self.summary[self.summary["outcome"] == name]
            places = _places(rows["mean"].to_numpy())
            width = max(len(s) for s in rows["strategy"])
            for row in rows.itertuples():
                lines.append(f"  {row.strategy:<{width}}  {_num(row.mean, places)}  "
                             f"[{_num(row.low, places)}, {_num(row.high, places)}]")
            for row in self.pairs[self.pairs["outcome"] == name].itertuples():
                verdict = (f"{row.better} better ({_confidence(row.confidence)} confidence)"
                           if row.better else "no clear difference")
                lines.append(f"  {row.a} - {row.b}: {_num(row.diff, places, True)} "
                             f"[{_num(row.diff_low, places, True)}, "
                             f"{_num(row.diff_high, places, True)}], p = {row.p_value:.2g}: "
                             f"{verdict}")
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"


def _places(values: np.ndarray) -> int:
    """Decimals that suit an outcome's size: 1 for hundreds, 2 from one, else 3."""
    size = float(np.nanmax(np.abs(values))) if len(values) else 0.0
    return 1 if size >= 100 else 2 if size >= 1 else 3


def _num(value: float, places: int, sign: bool = False) -> str:
    if not np.isfinite(value):
        return "n/a"
    return f"{value:{'+' if sign else ''},.{places}f}"


def _confidence(value: float) -> str:
    return "over 99.9%" if value > 0.999 else f"{value:.1%}"


def _pairs(strategies: list[str], reference: list[str]) -> list[tuple[str, str]]:
    if reference:
        return [(r, s) for r in reference for s in strategies if s not in reference] + \
            list(itertools.combinations(reference, 2))
    return list(itertools.combinations(strategies, 2))


def compare_table(frame: pd.DataFrame, strategies: Iterable[str] | None = None,
                  outcomes: Iterable[str] | None = None, reference: Iterable[str] = (),
                  what: str = "the given runs") -> Comparison:
    """Compare strategies found in a run or sweep table; `reference` ones (e.g. decision logs)
    are compared against each of the others, else every pair is compared."""
    names = list(outcomes) if outcomes is not None else list(OUTCOMES)
    specs = [outcome(n) for n in names]
    runs = run_outcomes(frame, names)
    held = sorted(runs["strategy"].unique())
    chosen = list(strategies) if strategies is not None else held
    missing = [s for s in chosen if s not in held]
    if missing:
        raise CompareError(f"the results hold no runs of strategy {quote(missing[0])}; they hold "
                           f"{', '.join(held)}")
    if len(chosen) < 2:
        raise CompareError("a comparison needs two or more strategies (or a decision log and "
                           "the archetypes)")
    if "level" in runs.columns and runs["level"].nunique() > 1:
        raise CompareError(f"the results hold several levels "
                           f"({', '.join(sorted(runs['level'].unique()))}); compare one at a "
                           "time (choose one with --level)")
    units = [k for k in run_keys(runs) if k not in ("run_id", "strategy")]
    runs = runs[runs["strategy"].isin(chosen)]
    wide = runs.pivot_table(index=units, columns="strategy", values=names, aggfunc="first")
    summary, pairs = [], []
    for spec in specs:
        for strategy in chosen:
            mean, low, high = mean_ci(wide[(spec.name, strategy)].dropna().to_numpy())
            summary.append({"outcome": spec.name, "strategy": strategy, "mean": mean,
                            "low": low, "high": high,
                            "n": int(wide[(spec.name, strategy)].notna().sum())})
        for a, b in _pairs(chosen, list(reference)):
            both = wide[[(spec.name, a), (spec.name, b)]].dropna()
            if both.empty:
                raise CompareError(f"{a} and {b} have no seeds in common; run them on the "
                                   "same seeds")
            diffs = both[(spec.name, a)].to_numpy() - both[(spec.name, b)].to_numpy()
            diff, low, high = mean_ci(diffs)
            p = sign_flip_p(diffs)
            better = ""
            if p < ALPHA:
                a_wins = (diff > 0) == (spec.better == "higher")
                better = a if a_wins else b
            pairs.append({"outcome": spec.name, "a": a, "b": b, "n": len(diffs), "diff": diff,
                          "diff_low": low, "diff_high": high, "p_value": p,
                          "better": better, "confidence": 1.0 - p})
    return Comparison(pd.DataFrame(summary), pd.DataFrame(pairs), units=len(wide), what=what)


def compare(strategies: Iterable[str] | None = None,
            decisions: Iterable[str | Path] = (),
            level: str | None = None, seeds: Any = 20,
            params: Mapping[str, Any] | None = None,
            source: str | Path | None = None,
            outcomes: Iterable[str] | None = None,
            jobs: int | None = None, progress: bool | None = False) -> Comparison:
    """Compare strategies (or decision logs against the archetypes) on the same seeds.

    With `source` the runs come from a run or sweep table; otherwise they are run now (a sweep
    kept in memory) on `level` (default knowledge_team) with `seeds` and single-valued level
    `params`.
    """
    decisions = [str(d) for d in decisions]
    if source is not None:
        frame = read_results(source)
        if level is not None:
            if level not in set(frame.get("level", ())):
                raise CompareError(f"{source} holds no runs of level {quote(level)}")
            frame = frame[frame["level"] == level]
        reference = [s for s in frame["strategy"].unique() if str(s).startswith(LOG_PREFIX)]
        return compare_table(frame, strategies, outcomes, reference, what=str(source))
    from sim.analysis.sweep import sweep

    level = level or "knowledge_team"
    if strategies is None:
        strategies = ARCHETYPES if decisions else ("leader", "manager", "balanced")
    strategies = list(strategies)
    if len(strategies) + len(decisions) < 2:
        raise CompareError("a comparison needs two or more strategies (or a decision log and "
                           "the archetypes)")
    for name, value in (params or {}).items():
        if isinstance(value, list | tuple | range) and len(value) != 1:
            raise CompareError(f"--param {name}: a comparison takes one value per parameter")
    result = sweep(levels=[level], strategies=strategies, decisions=decisions,
                   seeds=seeds, params=params, jobs=jobs, progress=progress)
    frame = result.table()
    reference = [LOG_PREFIX + Path(d).stem for d in decisions]
    order = [*reference, *(s for s in result.strategies if s not in reference)]
    return compare_table(frame, order, outcomes, reference,
                         what=f"{level}, {frame['seed'].nunique()} seeds")
