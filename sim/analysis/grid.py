"""A checked plan turned into runs: levels and decision logs loaded, values normalised, run ids.

Why: everything that can be wrong with a sweep is found here, before any output is touched or
any process started; and each run's id comes from its parameter values alone, so it is the same
whatever the order in which runs finish, the number of processes, or a resume.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.analysis.errors import SweepError
from sim.analysis.plan import Plan, Values
from sim.decisions import Decision, load_decision_log, validate_decision
from sim.errors import OrgsimError
from sim.levels import OVERRIDABLE, Level, load_level
from sim.safefile import quote

#: Level parameters every table carries as columns, swept or not.
CORE_PARAMS = ("knowledge_share", "team_size", "quarters", "attention_budget")
LOG_PREFIX = "log:"


@dataclass(frozen=True)
class RunSpec:
    """One run: a level, a strategy (or decision log label), a seed and level overrides."""

    run_id: str
    level: str
    strategy: str
    seed: int
    overrides: tuple[tuple[str, Any], ...]


def run_id(level: str, strategy: str, seed: int, overrides: tuple[tuple[str, Any], ...],
           decisions_digest: str | None = None) -> str:
    """A short stable id from the run's parameter values (16 hex digits)."""
    key: dict[str, Any] = {"level": level, "strategy": strategy, "seed": seed,
                           "params": dict(overrides)}
    if decisions_digest:
        key["decisions"] = decisions_digest
    text = json.dumps(key, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _digest(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _without_source(message: str, level: Level) -> str:
    """The message without its "which level" prefix: the plan file and key say where."""
    for source in (f"override of level '{level.name}'", level.path, level.name):
        if source and message.startswith(f"{source}: "):
            return message[len(source) + 2:]
    return message


@dataclass(frozen=True)
class Grid:
    """A plan ready to run: loaded levels (by name) and decision logs (by label)."""

    plan: Plan
    levels: dict[str, Level]
    logs: dict[str, tuple[Decision, ...]]
    log_digests: dict[str, str]
    params: tuple[tuple[str, Values], ...]
    inputs: dict[str, str]

    @property
    def size(self) -> int:
        return self.plan.size

    def plan_dict(self) -> dict[str, Any]:
        """The plan as data, with parameter values as checked (1 and 1.0 are one value)."""
        return {**self.plan.to_dict(),
                "params": {name: list(values) for name, values in self.params}}

    @property
    def param_columns(self) -> tuple[str, ...]:
        """Level parameters as columns: the core ones, then any other swept ones."""
        swept = [name for name, _ in self.params]
        return tuple(p for p in OVERRIDABLE if p in CORE_PARAMS or p in swept)

    @property
    def strategies(self) -> tuple[str, ...]:
        return (*self.plan.strategies, *self.logs)

    def runs(self) -> Iterator[RunSpec]:
        """Every run of the plan, lazily, seeds innermost."""
        names = [name for name, _ in self.params]
        combos = list(itertools.product(*(values for _, values in self.params)))
        for level in self.levels:
            for strategy in self.strategies:
                digest = self.log_digests.get(strategy)
                for combo in combos:
                    overrides = tuple(zip(names, combo, strict=True))
                    for seed in self.plan.seeds:
                        yield RunSpec(run_id(level, strategy, seed, overrides, digest), level,
                                      strategy, seed, overrides)


def _load_levels(plan: Plan) -> dict[str, Level]:
    levels: dict[str, Level] = {}
    for spec in plan.levels:
        try:
            level = load_level(spec)
        except OrgsimError as exc:
            raise SweepError(f"{plan.where('levels')}: {exc}") from None
        if level.name in levels:
            raise SweepError(
                f"{plan.where('levels')}: two levels are named {quote(level.name)}; names must "
                "differ"
            )
        levels[level.name] = level
    return levels


def _normalise(plan: Plan, level: Level) -> tuple:
    """Each value checked and converted as the level file's own (so 1 becomes 1.0 for shares)."""
    out = []
    for name, values in plan.params:
        checked = []
        for value in values:
            try:
                checked.append(getattr(level.with_overrides(**{name: value}), name))
            except OrgsimError as exc:
                raise SweepError(f"{plan.param_where(name)}: "
                                 f"{_without_source(str(exc), level)}") from None
        out.append((name, tuple(checked)))
    return tuple(out)


def _load_logs(plan: Plan, levels: dict[str, Level], params: tuple) -> tuple[dict, dict]:
    logs: dict[str, tuple[Decision, ...]] = {}
    digests: dict[str, str] = {}
    budgets = dict(params).get("attention_budget")
    for path in plan.decisions:
        label = LOG_PREFIX + Path(path).stem
        if label in logs:
            raise SweepError(f"{plan.where('decisions')}: two decision logs are called "
                             f"{quote(Path(path).stem)}")
        try:
            decisions = tuple(load_decision_log(path))
            for level in levels.values():
                variants = [level] if budgets is None else \
                    [level.with_overrides(attention_budget=b) for b in budgets]
                for variant in variants:
                    for i, decision in enumerate(decisions):
                        validate_decision(decision, variant, where=f"{path}: quarter {i + 1}")
        except OrgsimError as exc:
            raise SweepError(f"{plan.where('decisions')}: {exc}") from None
        logs[label] = decisions
        digests[label] = _digest(path)
    return logs, digests


def resolve(plan: Plan) -> Grid:
    """Load and check everything the plan names; raise SweepError with one clear sentence."""
    levels = _load_levels(plan)
    params = _normalise(plan, next(iter(levels.values())))
    logs, digests = _load_logs(plan, levels, params)
    inputs = {f"level {name}": hashlib.sha256(repr(dataclasses.replace(level, path=""))
                                              .encode()).hexdigest()
              for name, level in levels.items()}
    inputs.update({f"decisions {label}": d for label, d in digests.items()})
    return Grid(plan=plan, levels=levels, logs=logs, log_digests=digests, params=params,
                inputs=inputs)
