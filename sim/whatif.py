"""What if: replay a game with one quarter's decision changed, on the same seed and luck.

Why it is fair: every draw of chance is keyed by the seed, the person and the week (sim/luck.py),
so the changed game meets the same luck wherever the same people are there; the two paths differ
by the decision and what followed from it, not by chance. Later quarters keep their decisions
where they still apply: a one-to-one with, or the letting go of, someone who has left by then is
dropped, and said so.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import pandas as pd

from sim.decisions import Decision
from sim.errors import DecisionError
from sim.levels import Level
from sim.model import OrgModel
from sim.scoring import GoalResult, score


@dataclass(frozen=True)
class WhatIf:
    """Both paths of a game: as played and with quarter `from_quarter` decided differently."""

    level: Level
    seed: int
    from_quarter: int
    original: pd.DataFrame
    changed: pd.DataFrame
    decisions: tuple[Decision, ...]      # the changed game's decisions, as played
    dropped: tuple[str, ...]             # later actions that no longer applied

    @property
    def goals(self) -> list[tuple[GoalResult, GoalResult]]:
        """Each goal as played and as changed."""
        return list(zip(score(self.level, self.original), score(self.level, self.changed),
                        strict=True))


def play_log(level: Level, seed: int, decisions: list[Decision]
             ) -> tuple[pd.DataFrame, list[Decision], list[str]]:
    """Play a decision log quarter by quarter; drop later actions on people who have left."""
    model = OrgModel(level, seed=seed)
    played: list[Decision] = []
    dropped: list[str] = []
    for quarter, decision in enumerate(decisions[: level.quarters], start=1):
        decision, gone = _still_applies(model, decision)
        dropped += [f"quarter {quarter}: {what}" for what in gone]
        model.set_decision(decision)
        while model.running and model.quarter < quarter:
            model.step()
        played.append(model.decisions[-1])
    if model.running:
        raise DecisionError(f"the log has {len(decisions)} decisions; the level has "
                            f"{level.quarters} quarters")
    return model.table(), played, dropped


def _still_applies(model: OrgModel, decision: Decision) -> tuple[Decision, list[str]]:
    """The decision without its actions on people no longer in the team, and what went."""
    present = set(model.workforce.ids.tolist())
    names = {d.worker: d.name for d in model.departures}

    def who(worker: int) -> str:
        return (f"{names[worker]}, who had left" if worker in names
                else f"person #{worker}, who is not in the team in this game")

    gone = [f"a one-to-one ({one.action}) with {who(one.worker)}"
            for one in decision.one_to_one if one.worker not in present]
    gone += [f"letting go {who(w)}" for w in decision.let_go if w not in present]
    if not gone:
        return decision, []
    return dataclasses.replace(
        decision, one_to_one=tuple(o for o in decision.one_to_one if o.worker in present),
        let_go=tuple(w for w in decision.let_go if w in present)), gone


def what_if(level: Level, seed: int, decisions: list[Decision], from_quarter: int,
            decision: Decision) -> WhatIf:
    """The game of `decisions` on `seed`, and the same game with quarter `from_quarter`
    (1-based) decided as `decision` and the rest replayed."""
    if not 1 <= from_quarter <= len(decisions):
        raise DecisionError(f"--from-quarter must be from 1 to {len(decisions)}, the quarters "
                            f"played; got {from_quarter}")
    original, _, _ = play_log(level, seed, decisions)
    log = [*decisions[: from_quarter - 1], decision, *decisions[from_quarter:]]
    changed, played, dropped = play_log(level, seed, log)
    return WhatIf(level, seed, from_quarter, original, changed, tuple(played), tuple(dropped))


def summary(w: WhatIf) -> list[dict[str, Any]]:
    """Per goal: its label, the value and stars as played and as changed, and the difference."""
    return [{"goal": a.goal.label, "metric": a.goal.metric, "played": a.value,
             "played_stars": a.stars, "changed": b.value, "changed_stars": b.stars,
             "difference": b.value - a.value} for a, b in w.goals]
