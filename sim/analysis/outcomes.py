"""What a whole run achieved: one row per run from its per-quarter table.

Why: comparisons and landscapes judge runs, not quarters; each outcome says how it is read off
the quarters (the last quarter's value or the sum over quarters) and which direction is better.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.analysis.errors import ResultsError
from sim.choices import OUTCOMES, Outcome
from sim.levels import OVERRIDABLE
from sim.safefile import quote


def outcome(name: str) -> Outcome:
    """An outcome by name, with a clear error listing the known ones."""
    try:
        return OUTCOMES[name]
    except KeyError:
        raise ResultsError(
            f"unknown outcome {quote(name)}; outcomes are {', '.join(OUTCOMES)}"
        ) from None


def run_keys(frame: pd.DataFrame) -> list[str]:
    """Columns that identify a run (constant over its quarters)."""
    keys = [c for c in ("run_id", "level", "strategy") if c in frame.columns]
    keys += [c for c in OVERRIDABLE if c in frame.columns]
    return [*keys, "seed"] if "seed" in frame.columns else keys


def require(frame: pd.DataFrame, columns: list[str], what: str) -> None:
    """Raise a clear error if the table lacks columns needed for `what`."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ResultsError(f"{what} needs the column(s) {', '.join(missing)}; is this a table "
                           "from 'orgsim run' or 'orgsim sweep'?")


def run_outcomes(frame: pd.DataFrame, names: list[str] | None = None) -> pd.DataFrame:
    """One row per run: its key columns, each outcome, and its overall leadership share."""
    names = list(OUTCOMES) if names is None else names
    require(frame, ["strategy", "seed", "quarter", *names], "judging whole runs")
    keys = run_keys(frame)
    ordered = frame.sort_values("quarter", kind="stable")
    groups = ordered.groupby(keys, sort=True, dropna=False)
    result = groups.size().rename("quarters_played").reset_index()
    for name in names:
        reduced = groups[name].last() if OUTCOMES[name].how == "last" else groups[name].sum()
        result[name] = reduced.to_numpy()
    if {"leadership_share", "attention_spent"} <= set(frame.columns):
        lead = (ordered["leadership_share"] * ordered["attention_spent"]).groupby(
            [ordered[k] for k in keys], sort=True, dropna=False).sum()
        spent = groups["attention_spent"].sum()
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(spent.to_numpy() > 0, lead.to_numpy() / spent.to_numpy(), np.nan)
        result["leadership_share"] = share
    return result
