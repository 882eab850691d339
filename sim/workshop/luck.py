"""Luck or skill: a team's plan replayed on other seeds, so the class sees whether its result
held when the team, the events and the chances were different.

Why a plan and not the decision log: a log names people by id (a one-to-one with worker 7, a
letting go of worker 3), and on another seed worker 7 is someone else in another job. So the
log is first read back on the session's own seed as a plan: each quarter's lever points,
hires, training and bonus as they were, every answer to an event (given whenever that card
comes up, since on another seed it may come in another quarter), and each named person as
their role and their place in it by seniority ("the second-longest-serving Analyst"). On
another seed the plan names the person in the same role and place; when that role has fewer
people there, the action is dropped and counted, so the report can say how many.

Replaying the plan on the session's own seed gives the team's own run exactly (tested), so the
spread differs from the team's result only by the seed.

The other seeds come from the session's seed alone (`spread_seeds`), so every report of a
session shows the same spread; each replay depends only on its plan and seed, so the results
are the same whatever the number of worker processes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

import sim
from sim.decisions import Decision, OneToOne
from sim.levels import Level
from sim.limits import MAX_SEED

#: How many other seeds each plan is replayed on.
SPREAD_SEEDS = 50
#: Runs below this many are played here: a worker process costs more than it saves.
POOL_MIN_RUNS = 120
#: Seeds a job plays in one go (a worker's share of the work is a few of these).
CHUNK = 10


class Target(NamedTuple):
    """A person as a plan names them: their role (kind of work) and place in it by seniority."""

    role: int
    rank: int


@dataclass(frozen=True)
class PlanQuarter:
    """One quarter of a plan: the decision with people named by role and place."""

    attention: tuple[tuple[str, float], ...]
    hire: int
    training: float
    bonus: str
    let_go: tuple[Target, ...]
    one_to_one: tuple[tuple[str, Target], ...]


@dataclass(frozen=True)
class Plan:
    """A team's decisions as they can be played on any seed of the same level."""

    quarters: tuple[PlanQuarter, ...]
    responses: tuple[tuple[str, str], ...]      # event id -> the team's answer, whenever
    people_actions: int = 0                     # one-to-ones and lettings-go per play


class Outcome(NamedTuple):
    """One run's figures for the spread (all that crosses a process boundary)."""

    seed: int
    stars: int
    goal_stars: int
    output: float
    morale: float
    quits: float
    budget_left: float
    dropped: int            # named-person actions dropped: nobody in that role and place


def _roster(model: sim.OrgModel) -> dict[int, Target]:
    """Each present worker's id -> their role and place in it (by id: lower joined earlier)."""
    wf = model.workforce
    ids, kinds = wf.ids.tolist(), wf.kind.tolist()
    order: dict[int, int] = {}
    places: dict[int, Target] = {}
    for wid, kind in sorted(zip(ids, kinds, strict=True)):
        places[wid] = Target(kind, order.get(kind, 0))
        order[kind] = order.get(kind, 0) + 1
    return places


def plan_of(level: Level, seed: int, decisions: Sequence[Decision]) -> Plan:
    """A decision log read back on its own seed as a plan (see the module's docstring)."""
    model = sim.OrgModel(level, seed=seed, decisions=list(decisions))
    quarters = []
    responses: dict[str, str] = {}
    named = 0
    for decision in decisions:
        places = _roster(model)
        quarters.append(PlanQuarter(
            attention=tuple(decision.attention.items()), hire=decision.hire,
            training=decision.training, bonus=decision.bonus,
            let_go=tuple(places[w] for w in decision.let_go),
            one_to_one=tuple((o.action, places[o.worker]) for o in decision.one_to_one)))
        for event, choice in decision.responses.items():
            responses.setdefault(event, choice)
        named += len(decision.let_go) + len(decision.one_to_one)
        model.run_quarter()
    return Plan(tuple(quarters), tuple(sorted(responses.items())), named)


def _decision(quarter: PlanQuarter, responses: dict[str, str], places: dict[int, Target]
              ) -> tuple[Decision, int]:
    """The plan's quarter on this team, and how many named-person actions had nobody."""
    who = {target: wid for wid, target in places.items()}
    let_go = tuple(who[t] for t in quarter.let_go if t in who)
    ones = tuple(OneToOne(action, who[t]) for action, t in quarter.one_to_one if t in who)
    dropped = len(quarter.let_go) - len(let_go) + len(quarter.one_to_one) - len(ones)
    return Decision(attention=dict(quarter.attention), hire=quarter.hire, let_go=let_go,
                    training=quarter.training, bonus=quarter.bonus, one_to_one=ones,
                    responses=dict(responses)), dropped


def replay(level: Level, plan: Plan, seed: int) -> tuple[pd.DataFrame, int]:
    """The plan played on a seed: the per-quarter table and the actions dropped."""
    model = sim.OrgModel(level, seed=seed)
    responses = dict(plan.responses)
    dropped = 0
    for quarter in plan.quarters:
        decision, lost = _decision(quarter, responses, _roster(model))
        dropped += lost
        model.set_decision(decision)
        model.run_quarter()
    return model.table(), dropped


def outcome(level: Level, table: pd.DataFrame, seed: int, dropped: int = 0) -> Outcome:
    """A run's stars and headline figures."""
    goals = sim.score(level, table)
    last = table.iloc[-1]
    return Outcome(seed, sim.stars(goals), sum(g.stars for g in goals),
                   float(last["output_cum"]), float(last["morale"]), float(table["quits"].sum()),
                   float(last["budget_left"]), dropped)


def spread_seeds(session_seed: int, n: int = SPREAD_SEEDS) -> tuple[int, ...]:
    """`n` other seeds, drawn from the session's seed alone (never the session's own)."""
    rng = np.random.default_rng([session_seed, 0x6C75636B])
    seeds: list[int] = []
    while len(seeds) < n:
        s = int(rng.integers(0, min(MAX_SEED, 2**31 - 1)))
        if s != session_seed and s not in seeds:
            seeds.append(s)
    return tuple(seeds)


# ----- jobs: many runs, here or in worker processes --------------------------------------------
@dataclass(frozen=True)
class SpreadJob:
    """Seeds to play with a plan (a team's) or a scripted boss (by name)."""

    level: Level
    who: Plan | str
    seeds: tuple[int, ...]

    def __call__(self) -> list[Outcome]:
        out = []
        for seed in self.seeds:
            if isinstance(self.who, str):
                table = sim.OrgModel(self.level, strategy=self.who, seed=seed).run()
                out.append(outcome(self.level, table, seed))
            else:
                table, dropped = replay(self.level, self.who, seed)
                out.append(outcome(self.level, table, seed, dropped))
        return out


def _call(job: Callable[[], Any]) -> Any:
    return job()


@dataclass
class Runner:
    """Runs jobs (callables with no arguments, picklable) in order, here or in worker
    processes; each job depends only on itself, so the results are the same either way."""

    workers: int | None = None                  # None: two on an idle core, when it pays
    runs: int = 0                               # the model runs the jobs hold (for `auto`)
    used: int = field(default=1, init=False)    # worker processes used last time

    def map(self, jobs: Iterable[Callable[[], Any]]) -> list[Any]:
        jobs = list(jobs)
        workers = self.workers if self.workers is not None else (
            2 if self.runs >= POOL_MIN_RUNS and _idle_cores() >= 1 else 1)
        workers = max(1, min(workers, len(jobs)))
        self.used = workers
        if workers == 1:
            return [job() for job in jobs]
        from sim.analysis.backends import map_in, warm_pool

        with warm_pool(workers, _ignore_interrupts) as pool:
            return list(map_in(pool, _call, jobs))


def _ignore_interrupts() -> None:
    """A worker leaves Ctrl-C to the main process, which stops the pool (a worker that died
    of it would turn the interrupt into a broken pool)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _idle_cores() -> float:
    """Cores left idle beside this process (a second worker pays only on an idle core: on
    a machine shared with others, two workers on a busy core are slower than one)."""
    import os

    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        load = 1.0
    return cores - max(load, 1.0)


def chunks(seeds: Sequence[int], size: int = CHUNK) -> list[tuple[int, ...]]:
    """Seeds in jobs of `size`."""
    return [tuple(seeds[i:i + size]) for i in range(0, len(seeds), size)]
