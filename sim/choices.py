"""The analysis' choices and defaults that `orgsim` shows in its help: the outcomes runs are
judged by, the figures' kinds and formats, the archetypes, the seed blocks and budgets, and how
many worker processes to use.

Why a module of its own, holding only data (and the standard library): `orgsim --help` builds
every sub-command's parser, and must start without numpy, pandas or Mesa (issue 12: start-up
under half a second). The analysis modules import these from here, so each is written once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    """A run-level measure: `how` is 'last' (end of the level) or 'sum' (over all quarters)."""

    name: str
    label: str
    how: str
    better: str


#: What a whole run achieved (sim/analysis/outcomes.py reads them off the per-quarter table).
OUTCOMES: dict[str, Outcome] = {o.name: o for o in (
    Outcome("output_cum", "total output over the level", "last", "higher"),
    Outcome("morale", "morale at the end (0-1)", "last", "higher"),
    Outcome("trust", "trust in the boss at the end (0-1)", "last", "higher"),
    Outcome("skill", "skill at the end (0-1)", "last", "higher"),
    Outcome("exhaustion", "exhaustion at the end (0-1)", "last", "lower"),
    Outcome("quits", "people who quit, over the level", "sum", "lower"),
    Outcome("cost", "total cost, in thousands", "sum", "lower"),
)}

#: Figures `orgsim plot` draws (sim/analysis/plot.py), and the image formats it writes.
PLOT_KINDS = ("trends", "cumulative", "landscape")
PLOT_FORMATS = ("png", "svg")

#: The bosses a decision log meets in `orgsim compare` (sim/analysis/compare.py).
ARCHETYPES = ("leader", "manager", "balanced", "neglect")

#: First seed of each block of seeds the meta-analysis and the experiments run on. The convention
#: of `orgsim balance` (search on some seeds, report on held-out seeds the search never saw):
#: whoever calibrates the model runs `orgsim validate --tuning-seeds`, and every figure validate
#: reports by default comes from the held-out block. The blocks never overlap
#: (`sim.analysis.checks.MAX_BLOCK_SEEDS`).
SEED_BLOCKS = {"held-out": 9000, "tuning": 100}

#: `orgsim balance` (sim/analysis/balance.py): search runs per level (both searches together),
#: the search's seeds, and the held-out seeds every reported figure is measured on.
BALANCE_BUDGET = 3000
BALANCE_SEEDS = tuple(range(100, 105))
BALANCE_HOLDOUT = tuple(range(9000, 9010))
#: Seeds suggested star thresholds are set on (sim/analysis/goal_thresholds.py).
DEFAULT_GOAL_SEEDS = tuple(range(1, 11))


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
