"""Plans and policies for `orgsim balance`: what a plan is, how a vector becomes one, and how a
policy is played and scored on one seed.

Why a module of its own: the search (sim.analysis.balance) only sees vectors and scores; what a
plan means for the model (shares of the attention budget per lever plus the level's discrete
actions, one decision per phase, played as a decision log) lives here, so the search never has
to know the model, and the model can change under it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.analysis.shipping import Shipped, unwrap
from sim.decisions import BONUS_POLICIES, ONE_TO_ONE_ACTIONS, Decision, OneToOne
from sim.errors import OrgsimError
from sim.levels import Level
from sim.levers import lever_table
from sim.limits import MAX_LET_GO, MAX_ONE_TO_ONES
from sim.model import OrgModel
from sim.scoring import GoalResult, score, stars
from sim.strategies import Strategy, prefer

if TYPE_CHECKING:
    from sim.levels import EventCard

#: A lever's weight runs from this (negative) bound to 1 and counts as zero at or below zero, so
#: the search leaves a lever out over a third of its box, not only on its edge: sparse plans
#: are as easy to find as spread ones.
WEIGHT_FLOOR = -0.5
#: How a plan answers events: the card's default, or the first choice of one side.
EVENT_RULES = ("default", "leadership", "management")


class BalanceError(OrgsimError):
    """`orgsim balance` cannot run: a bad budget, seed set, job count or level phases."""


# ----- phases -----------------------------------------------------------------------------------
def phases_of(level: Level) -> tuple[tuple[int, int], ...]:
    """The level's phases as (first, last) quarters: its own `[[phases]]` if it defines them
    (checked when the level was loaded), else early / middle / late thirds. A plan per phase
    has one decision for each."""
    if level.phases:
        return tuple((phase.start, phase.end) for phase in level.phases)
    parts = np.array_split(np.arange(1, level.quarters + 1), min(3, level.quarters))
    return tuple((int(p[0]), int(p[-1])) for p in parts)


# ----- plans ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PhasePlan:
    """One decision, repeated every quarter from `first` to `last` (1-based, inclusive)."""

    first: int
    last: int
    attention: dict[str, float] = field(default_factory=dict)
    hire: int = 0
    training: float = 0.0
    bonus: str = "none"
    events: str = "default"

    def decision(self, level: Level) -> Decision:
        """This phase's quarterly decision, with the event rule turned into responses."""
        return Decision(attention=dict(self.attention), hire=self.hire, training=self.training,
                        bonus=self.bonus, responses=responses(level, self.events))

    def to_dict(self) -> dict[str, Any]:
        return {"quarters": [self.first, self.last], "attention": dict(self.attention),
                "hire": self.hire, "training": self.training, "bonus": self.bonus,
                "events": self.events}


@dataclass(frozen=True)
class Plan:
    """A plan: one PhasePlan per phase (a fixed plan has the same decision in every phase)."""

    phases: tuple[PhasePlan, ...]

    def decisions(self, level: Level) -> list[Decision]:
        """The decision log: one Decision per quarter."""
        log: list[Decision] = []
        for phase in self.phases:
            decision = phase.decision(level)
            log.extend(decision for _ in range(phase.first, phase.last + 1))
        return log

    def quarters(self) -> int:
        return sum(p.last - p.first + 1 for p in self.phases)

    def lever_shares(self) -> dict[str, float]:
        """Share of all attention spent over the level per lever (quarters weighted)."""
        totals: dict[str, float] = {}
        for phase in self.phases:
            for lever, points in phase.attention.items():
                totals[lever] = totals.get(lever, 0.0) + points * (phase.last - phase.first + 1)
        spent = sum(totals.values())
        return {k: v / spent for k, v in totals.items()} if spent > 0 else {}

    def leadership_share(self) -> float:
        """Share of the attention spent over the level on leadership levers (0.5 if none)."""
        table = lever_table()
        shares = self.lever_shares()
        if not shares:
            return 0.5
        return sum(s for k, s in shares.items() if table[k].side == "leadership")

    def to_dict(self) -> dict[str, Any]:
        return {"phases": [p.to_dict() for p in self.phases]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Plan:
        """The plan of a report's `to_dict` (so a reported plan can be replayed)."""
        return cls(tuple(PhasePlan(p["quarters"][0], p["quarters"][1], dict(p["attention"]),
                                   p["hire"], p["training"], p["bonus"], p["events"])
                         for p in data["phases"]))


def responses(level: Level, rule: str) -> dict[str, str]:
    """Answers to every event of the level by `rule` (the default side answers nothing)."""
    if rule == "default":
        return {}
    return {card.id: prefer(card, rule, "neither") for card in level.events if card.choices}


# ----- plans as vectors -------------------------------------------------------------------------
@dataclass(frozen=True)
class Layout:
    """How a vector in the search's box becomes a plan for one level.

    Each phase has a block: one weight per lever (WEIGHT_FLOOR to 1, off at or below 0), the
    share of the budget spent (0-1), then only the actions the level offers: hires (whole, 0
    to the maximum), training (0-1), bonus policy (0-2: none, team, individual) and the event
    rule (0-2: default, leadership, management). A lever's points are budget x spent x its
    weight / the sum of the weights; weights at or below zero count as zero."""

    levers: tuple[str, ...]
    budget: float
    phases: tuple[tuple[int, int], ...]
    max_hires: int
    training: bool
    bonus: bool
    events: bool

    @classmethod
    def for_level(cls, level: Level, phases: tuple[tuple[int, int], ...]) -> Layout:
        acts = level.actions
        return cls(levers=lever_table().ids, budget=level.attention_budget, phases=phases,
                   max_hires=acts.max_hires if acts.hire else 0, training=acts.training,
                   bonus=acts.bonus, events=any(card.choices for card in level.events))

    def _block_bounds(self) -> list[tuple[float, float, bool]]:
        """(low, high, whole) for each value in one phase's block."""
        block = [(WEIGHT_FLOOR, 1.0, False)] * len(self.levers) + [(0.0, 1.0, False)]
        if self.max_hires:
            block.append((0.0, float(self.max_hires), True))
        if self.training:
            block.append((0.0, 1.0, False))
        if self.bonus:
            block.append((0.0, float(len(BONUS_POLICIES) - 1), True))
        if self.events:
            block.append((0.0, float(len(EVENT_RULES) - 1), True))
        return block

    @property
    def block(self) -> int:
        return len(self._block_bounds())

    def bounds(self) -> list[tuple[float, float]]:
        return [(lo, hi) for lo, hi, _ in self._block_bounds()] * len(self.phases)

    def integrality(self) -> np.ndarray:
        return np.array([whole for *_, whole in self._block_bounds()] * len(self.phases))

    def decode(self, x: Sequence[float]) -> Plan:
        """The plan a vector stands for (whole-number values rounded, all clipped to bounds)."""
        x = np.asarray(x, dtype=float)
        lows, highs = np.array(self.bounds()).T
        x = np.clip(np.where(self.integrality(), np.round(x), x), lows, highs)
        n = self.block
        return Plan(tuple(self._decode_block(x[i * n:(i + 1) * n], first, last)
                          for i, (first, last) in enumerate(self.phases)))

    def _decode_block(self, b: np.ndarray, first: int, last: int) -> PhasePlan:
        weights, spend = b[:len(self.levers)], float(b[len(self.levers)])
        weights = np.maximum(weights, 0.0)
        rest = iter(b[len(self.levers) + 1:])
        total = float(weights.sum())
        attention = ({lv: self.budget * spend * float(w) / total
                      for lv, w in zip(self.levers, weights, strict=True) if w > 0}
                     if total > 0 and spend > 0 else {})
        return PhasePlan(
            first=first, last=last, attention=attention,
            hire=int(next(rest)) if self.max_hires else 0,
            training=float(next(rest)) if self.training else 0.0,
            bonus=BONUS_POLICIES[int(next(rest))] if self.bonus else "none",
            events=EVENT_RULES[int(next(rest))] if self.events else "default")

    def encode(self, phase_plans: Sequence[PhasePlan]) -> np.ndarray:
        """The vector of a plan with one PhasePlan per phase of this layout (the inverse of
        `decode` up to the scale of the weights): archetypes seed the search this way."""
        return np.concatenate([self._encode_block(p) for p in phase_plans])

    def _encode_block(self, phase: PhasePlan) -> np.ndarray:
        points = np.array([phase.attention.get(lv, 0.0) for lv in self.levers])
        top = float(points.max()) if len(points) else 0.0
        weights = points / top if top > 0 else np.zeros(len(self.levers))
        spend = float(points.sum()) / self.budget if self.budget > 0 else 0.0
        block = [*weights, min(1.0, spend)]
        if self.max_hires:
            block.append(float(min(phase.hire, self.max_hires)))
        if self.training:
            block.append(phase.training)
        if self.bonus:
            block.append(float(BONUS_POLICIES.index(phase.bonus)))
        if self.events:
            block.append(float(EVENT_RULES.index(phase.events)))
        return np.array(block, dtype=float)


def fixed_plan(level: Level, attention: dict[str, float], events: str = "default",
               **actions: Any) -> Plan:
    """One decision in every quarter."""
    return Plan((PhasePlan(1, level.quarters, dict(attention), events=events, **actions),))


def spread_over(levers: Sequence[str], points: float) -> dict[str, float]:
    return {lv: points / len(levers) for lv in levers} if levers else {}


def archetype_attention(level: Level) -> dict[str, tuple[dict[str, float], str]]:
    """The scripted archetypes' attention as fixed plans (attention, event rule): the search
    starts from them, so it never does worse than they do on its seeds."""
    table, budget = lever_table(), level.attention_budget
    lead, manage = table.by_side("leadership"), table.by_side("management")
    return {
        "leader": (spread_over(lead, budget), "leadership"),
        "manager": (spread_over(manage, budget), "management"),
        "balanced": ({**spread_over(lead, budget / 2), **spread_over(manage, budget / 2)},
                     "default"),
        "even": (spread_over(table.ids, budget), "default"),
        # The plan players find first: every leadership lever plus plan, coordinate, assign.
        "recipe": (spread_over([*lead, "plan", "coordinate", "assign"], budget), "leadership"),
    }


def archetype_phase_plans(level: Level, phases: Sequence[tuple[int, int]],
                          seed: int | None = None) -> dict[str, list[PhasePlan]]:
    """Each archetype as a plan with the same decision in every phase, and (given a seed) the
    adaptive boss's decisions on that seed averaged over each phase: the search starts from
    what the scripted bosses do, so it never does worse than their plans on its seeds."""
    plans = {name: [PhasePlan(first, last, dict(att), events=rule) for first, last in phases]
             for name, (att, rule) in archetype_attention(level).items()}
    if seed is not None:
        plans["adaptive"] = adaptive_phase_plans(level, phases, seed)
    return plans


def adaptive_phase_plans(level: Level, phases: Sequence[tuple[int, int]],
                         seed: int) -> list[PhasePlan]:
    """The adaptive boss's decisions on one seed, averaged over each phase (attention, hires
    and training; its most frequent bonus; events answered people first, as it mostly does)."""
    model = OrgModel(level, strategy="adaptive", seed=seed, **LEAN)
    model.play_out()
    out = []
    for first, last in phases:
        mine = model.decisions[first - 1:last]
        n = max(len(mine), 1)
        attention: dict[str, float] = {}
        for decision in mine:
            for lever, points in decision.attention.items():
                attention[lever] = attention.get(lever, 0.0) + points / n
        bonuses = [d.bonus for d in mine] or ["none"]
        out.append(PhasePlan(first, last, attention,
                             hire=round(sum(d.hire for d in mine) / n),
                             training=sum(d.training for d in mine) / n,
                             bonus=max(set(bonuses), key=bonuses.count),
                             events="leadership"))
    return out


# ----- degenerate policies ----------------------------------------------------------------------
def _default_answer(model: OrgModel, card: EventCard) -> str:
    return card.default or card.choices[0].id


def _balanced_attention(model: OrgModel) -> dict[str, float]:
    return archetype_attention(model.level)["balanced"][0]


def _let_all_go(model: OrgModel) -> Decision:
    """Quarter 1: let the whole team go; then the balanced boss's attention."""
    leaving = tuple(w.unique_id for w in model.workers[:MAX_LET_GO]) if model.quarter == 0 else ()
    return Decision(attention=_balanced_attention(model), let_go=leaving)


def _one_to_ones(action: str, model: OrgModel) -> Decision:
    """The whole budget on one-to-ones of one kind, lowest morale first."""
    cost = model.level.actions.one_to_one_cost
    room = MAX_ONE_TO_ONES if cost <= 0 else math.floor(model.level.attention_budget / cost
                                                         + 1e-9)
    chosen = sorted(model.workers, key=lambda w: (w.morale, w.unique_id))[:min(room,
                                                                             MAX_ONE_TO_ONES)]
    return Decision(one_to_one=tuple(OneToOne(action, w.unique_id) for w in chosen))


#: What a scored run keeps: no explanations, no weekly record (`OrgModel`'s options).
LEAN: dict[str, bool] = {"explanations": False, "weekly": False}


@dataclass(frozen=True)
class Policy:
    """A named way to play a level: a plan (played as a decision log) or a scripted boss."""

    name: str
    description: str
    plan: Plan | None = None
    strategy: str | Strategy | None = None

    def model(self, level: Level, seed: int) -> OrgModel:
        """A model of the level playing this policy, keeping only its quarterly table: a
        run here is only scored (the same results, about a sixth faster)."""
        if self.plan is not None:
            return OrgModel(level, seed=seed, decisions=self.plan.decisions(level), **LEAN)
        return OrgModel(level, strategy=self.strategy, seed=seed, **LEAN)


def degenerate_policies(level: Level) -> list[Policy]:
    """Policies no designer wants to win: all attention on one lever (each lever), never
    spend, hire the maximum every quarter, let everyone go in quarter 1, one-to-ones only."""
    table, budget, acts = lever_table(), level.attention_budget, level.actions
    out = [Policy(f"all on {lv}", f"the whole budget on '{lv}' every quarter",
                  fixed_plan(level, {lv: budget})) for lv in table.ids]
    out.append(Policy("never spend", "no attention, no actions, default answers",
                      fixed_plan(level, {})))
    balanced = archetype_attention(level)["balanced"][0]
    if acts.hire and acts.max_hires > 0:
        out.append(Policy("hire the maximum", f"{acts.max_hires} hires every quarter, "
                          "balanced attention", fixed_plan(level, balanced, hire=acts.max_hires)))
    if acts.let_go:
        out.append(Policy("let everyone go", "the whole team let go in quarter 1, then "
                          "balanced attention",
                          strategy=Strategy("let everyone go", "", _let_all_go,
                                            _default_answer)))
    if acts.one_to_one:
        for action in ONE_TO_ONE_ACTIONS:
            out.append(Policy(f"one-to-ones only ({action})",
                              f"the whole budget on '{action}' one-to-ones, lowest morale first",
                              strategy=Strategy(f"one-to-ones {action}", "",
                                                partial(_one_to_ones, action),
                                                _default_answer)))
    return out


# ----- scoring one run ----------------------------------------------------------------------------
@dataclass(frozen=True)
class RunScore:
    """One run's stars, its progress (0-1) from its star level towards the next on the weakest
    goal, and each goal's value."""

    stars: int
    progress: float
    values: tuple[float, ...]


def _progress(result: GoalResult) -> float:
    """How far the value is from this goal's star level to the next (0-1). Beyond the three
    thresholds one more step of the same size stands in, so more margin still counts."""
    goal = result.goal
    sign = 1.0 if goal.better == "higher" else -1.0
    t = [sign * s for s in goal.stars]
    ladder = [t[0] - (t[1] - t[0]), *t, t[2] + (t[2] - t[1])]
    low, high = ladder[result.stars], ladder[result.stars + 1]
    if high <= low:
        return 1.0
    return float(min(1.0, max(0.0, (sign * result.value - low) / (high - low))))


def run_score(level: Level, results: list[GoalResult]) -> RunScore:
    level_stars = stars(results)
    weakest = [_progress(r) for r in results if r.stars == level_stars]
    return RunScore(stars=level_stars, progress=min(weakest, default=0.0),
                    values=tuple(r.value for r in results))


def play(level: Level, policy: Policy, seed: int) -> RunScore:
    """Play one seed of the level with the policy and score it."""
    model = policy.model(level, seed)
    model.play_out()
    return run_score(level, score(level, model.columns()))


def play_task(task: tuple[Level | Shipped, Policy, int]) -> RunScore:
    """`play` on one (level, policy, seed) task: what a worker pool maps over. The level may
    travel `Shipped`, so that a worker plays all its tasks on one level object."""
    level, policy, seed = task
    return play(unwrap(level), policy, seed)


def search_score(scores: Sequence[RunScore]) -> float:
    """Mean stars plus a fractional progress term too small to outweigh one seed's star: it
    ranks plans as mean stars do, and breaks ties (and guides the search) by progress."""
    n = len(scores)
    if not n:
        return 0.0
    return (sum(s.stars for s in scores) + 0.9 * sum(s.progress for s in scores) / n) / n


#: The most stars a run earns (`sim.scoring.stars`).
MAX_STARS = 3
#: How far a plan's best reachable score must fall short of the score it competes with before
#: the search stops playing it: far above rounding (1e-15), far below any real difference.
RACE_MARGIN = 1e-9


def search_score_bound(scores: Sequence[RunScore], seeds: int) -> float:
    """The highest `search_score` a plan can still reach on `seeds` seeds once it has played
    the first `len(scores)`: every seed still to play at three stars and full progress. Why:
    the search stops playing a plan that can no longer beat the one it competes with
    (racing, `sim.analysis.balance.minimise`)."""
    left = seeds - len(scores)
    if not seeds:
        return 0.0
    return (sum(s.stars for s in scores) + MAX_STARS * left
            + 0.9 * (sum(s.progress for s in scores) + left) / seeds) / seeds
