"""Turning points: the quarter in which a team's path left the best scripted boss's the most,
and the decisions that explain it.

Why morale: the model splits a quarter's morale change exactly by cause (`explain(quarter,
by="decision")`: each lever, action, event, the inherited team, drift), so the difference
between the team's change and the boss's change in the same quarter, on the same seed, splits
exactly into the causes where they differed. The turning point is the quarter whose own change
differed the most (the largest step in the gap between the two morale paths), not the quarter
where the gap was largest, which is often just the last one.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

import sim
from sim.decisions import Decision
from sim.levels import Level

#: A step in the morale gap smaller than this is no turn (the paths are the same).
SAME = 1e-9
#: Causes shown for a turning point.
TOP_CAUSES = 4


@dataclass(frozen=True)
class Cause:
    """One cause's part in a quarter's morale change, for the team and for the boss."""

    label: str
    team: float
    boss: float

    @property
    def difference(self) -> float:
        return self.team - self.boss


@dataclass(frozen=True)
class TurningPoint:
    """Where a team's morale path turned away from the best boss's, and why."""

    team: str
    boss: str
    quarter: int | None                 # None: the paths never parted
    team_change: float = 0.0            # morale change in that quarter
    boss_change: float = 0.0
    gap_after: float = 0.0              # team's morale less the boss's, at the quarter's end
    output_gap: float = 0.0             # team's output less the boss's, that quarter
    causes: tuple[Cause, ...] = ()
    team_decision: str = ""
    boss_decision: str = ""

    @property
    def step(self) -> float:
        return self.team_change - self.boss_change


def turning_quarter(team: pd.DataFrame, boss: pd.DataFrame) -> int | None:
    """The quarter (1-based) with the largest step in the morale gap, None if there is none.

    Both runs start from the same team (same level and seed), so the gap before quarter 1 is
    0; the first of equal steps counts."""
    gap = (team["morale"].to_numpy() - boss["morale"].to_numpy()).tolist()
    steps = [abs(g - p) for p, g in zip([0.0, *gap[:-1]], gap, strict=True)]
    best = max(range(len(steps)), key=lambda i: (steps[i], -i))
    return best + 1 if steps[best] > SAME else None


@dataclass(frozen=True)
class ExplainJob:
    """Play a run with attribution up to its last quarter asked for and return each asked
    quarter's morale change by decision (a job for `luck.Runner`)."""

    level: Level
    seed: int
    who: tuple[Decision, ...] | str        # a decision log or a scripted boss's name
    quarters: tuple[int, ...]

    def __call__(self) -> dict[int, dict[str, float]]:
        if not self.quarters:
            return {}
        if isinstance(self.who, str):
            model = sim.OrgModel(self.level, strategy=self.who, seed=self.seed,
                                 attribution=True)
        else:
            model = sim.OrgModel(self.level, seed=self.seed, decisions=list(self.who),
                                 attribution=True)
        for _ in range(max(self.quarters)):
            model.run_quarter()
        return {q: dict(model.explain(q, by="decision").contributions) for q in self.quarters}


def causes(team: dict[str, float], boss: dict[str, float], n: int = TOP_CAUSES
           ) -> tuple[Cause, ...]:
    """The causes where the team's and the boss's morale changes differed most."""
    rows = [Cause(label, team.get(label, 0.0), boss.get(label, 0.0))
            for label in sorted(set(team) | set(boss))]
    rows.sort(key=lambda c: (-abs(c.difference), c.label))
    return tuple(c for c in rows[:n] if abs(c.difference) > SAME)


def turning_point(name: str, boss: str, quarter: int | None, team_table: pd.DataFrame,
                  boss_table: pd.DataFrame, team_why: dict[str, float],
                  boss_why: dict[str, float], team_decision: Decision,
                  boss_decision: Decision, level: Level) -> TurningPoint:
    """A team's turning point from the two runs' tables and that quarter's explanations."""
    if quarter is None:
        return TurningPoint(name, boss, None)
    i = quarter - 1
    before_t = float(team_table["morale"].iloc[i - 1]) if i else None
    before_b = float(boss_table["morale"].iloc[i - 1]) if i else None
    end_t, end_b = float(team_table["morale"].iloc[i]), float(boss_table["morale"].iloc[i])
    start = _start(team_why, end_t) if before_t is None else before_t
    start_b = _start(boss_why, end_b) if before_b is None else before_b
    return TurningPoint(
        team=name, boss=boss, quarter=quarter, team_change=end_t - start,
        boss_change=end_b - start_b, gap_after=end_t - end_b,
        output_gap=float(team_table["output"].iloc[i]) - float(boss_table["output"].iloc[i]),
        causes=causes(team_why, boss_why), team_decision=describe(team_decision, level),
        boss_decision=describe(boss_decision, level))


def _start(why: dict[str, float], end: float) -> float:
    """Quarter 1's start: its end less its explained change (the explanation is exact)."""
    return end - sum(why.values())


# ----- a decision in words -------------------------------------------------------------------
def describe(decision: Decision, level: Level) -> str:
    """A quarter's decision in one line: the leadership share, the main levers, the actions
    and the answers to events ("70% leadership: Vision 3, Coach 2; 2 one-to-ones; ...")."""
    table = sim.lever_table()
    budget = level.attention_budget or 1.0
    points = sorted(((p, k) for k, p in decision.attention.items() if p > 0),
                    key=lambda pk: (-pk[0], pk[1]))
    lead = sum(p for p, k in points if table[k].side == "leadership") + \
        level.actions.one_to_one_cost * len(decision.one_to_one)
    spent = decision.spent(level.actions.one_to_one_cost)
    head = f"{lead / budget:.0%} of attention on leadership, " \
           f"{(spent - lead) / budget:.0%} on management"
    levers = ", ".join(f"{table[k].short} {_points(p)}" for p, k in points[:4])
    if len(points) > 4:
        levers += f" and {len(points) - 4} more"
    parts = [f"{head} ({levers})" if levers else f"{head} (no lever)"]
    if decision.one_to_one:
        kinds = sorted({o.action for o in decision.one_to_one})
        n = len(decision.one_to_one)
        parts.append(f"{n} one-to-one{'s' if n > 1 else ''} ({', '.join(kinds)})")
    if decision.hire:
        parts.append(f"hired {decision.hire}")
    if decision.let_go:
        parts.append(f"let {len(decision.let_go)} go")
    if decision.training:
        parts.append(f"training {decision.training:.0%}")
    if decision.bonus != "none":
        parts.append(f"{decision.bonus} bonus")
    cards = {c.id: c for c in level.events}
    for event, choice in sorted(decision.responses.items()):
        card = cards.get(event)
        if card is not None:
            label = next((c.label for c in card.choices if c.id == choice), choice)
            parts.append(f"answered “{card.title}” with “{label}”")
    return "; ".join(parts)


def _points(p: float) -> str:
    return f"{p:.1f}".rstrip("0").rstrip(".")

