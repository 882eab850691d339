"""The model as a pure function of a run's parameters: one run (or a chunk) to tidy tables.

Why its own module: this is the only code that executes in worker processes and on cluster
workers, so it takes everything it needs (levels, decision logs) as plain picklable data and
touches no file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from sim.analysis.errors import SweepError
from sim.analysis.grid import RunSpec
from sim.analysis.mixes import strategy_for
from sim.decisions import Decision
from sim.errors import OrgsimError
from sim.levels import Level
from sim.metrics import COLUMNS
from sim.model import OrgModel

#: Per-worker, end-of-quarter measures (attributes of sim.workforce.Worker).
WORKER_FIELDS = ("name", "role", "morale", "trust", "skill", "exhaustion", "intrinsic",
                 "extrinsic", "fit", "tenure_weeks")
RUN_KEYS = ("run_id", "level", "strategy", "seed")


@dataclass(frozen=True)
class Context:
    """What every run of a sweep shares: loaded levels, decision logs, columns, worker records."""

    levels: dict[str, Level]
    logs: dict[str, tuple[Decision, ...]]
    param_columns: tuple[str, ...]
    workers: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        """The per-quarter table's columns: run keys, parameters, then the model's measures."""
        head = (*RUN_KEYS, *self.param_columns)
        return (*head, *(c for c in COLUMNS if c not in head))

    @property
    def worker_columns(self) -> tuple[str, ...]:
        return (*RUN_KEYS, *self.param_columns, "quarter", "worker", *WORKER_FIELDS)


@dataclass
class ChunkResult:
    """Tables for a chunk of finished runs (worker records only when asked for)."""

    run_ids: list[str]
    rows: pd.DataFrame
    workers: pd.DataFrame | None


def _model(spec: RunSpec, ctx: Context) -> OrgModel:
    level = ctx.levels[spec.level]
    overrides = dict(spec.overrides)
    if spec.strategy in ctx.logs:
        return OrgModel(level, seed=spec.seed, decisions=ctx.logs[spec.strategy], **overrides)
    return OrgModel(level, strategy=strategy_for(spec.strategy), seed=spec.seed, **overrides)


def run_one(spec: RunSpec, ctx: Context) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """Play one run to the end: its per-quarter table and (if asked) per-worker records."""
    model = _model(spec, ctx)
    people: list[dict[str, Any]] = []
    keys = {"run_id": spec.run_id, "level": model.level.name, "strategy": spec.strategy,
            "seed": spec.seed, **{p: getattr(model.level, p) for p in ctx.param_columns}}
    while model.running:
        model.run_quarter()
        if ctx.workers:
            people.extend({**keys, "quarter": model.quarter, "worker": w.unique_id,
                           **{f: getattr(w, f) for f in WORKER_FIELDS}}
                          for w in model.workers)
    table = model.table()
    for column, value in keys.items():
        table[column] = value
    return table.loc[:, list(ctx.columns)], people


def run_chunk(specs: list[RunSpec], ctx: Context) -> ChunkResult:
    """Run several specs in a row (one task for a worker process or a cluster worker)."""
    tables, people = [], []
    for spec in specs:
        try:
            table, records = run_one(spec, ctx)
        except OrgsimError as exc:
            params = "".join(f", {k}={v!r}" for k, v in spec.overrides)
            raise SweepError(f"run {spec.run_id} (level {spec.level}, strategy {spec.strategy}, "
                             f"seed {spec.seed}{params}) failed: {exc}") from None
        tables.append(table)
        people.extend(records)
    workers = pd.DataFrame(people, columns=list(ctx.worker_columns)) if ctx.workers else None
    rows = pd.concat(tables, ignore_index=True) if tables else \
        pd.DataFrame(columns=list(ctx.columns))
    return ChunkResult([s.run_id for s in specs], rows, workers)
