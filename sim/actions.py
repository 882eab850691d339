"""The quarter's discrete actions, applied when it starts: letting people go, recruiting (people
arrive after the level's hiring delay) and one-to-ones on chosen workers (taking up someone's
idea grows the team's ideas only if they have one).

Why a module of its own: the actions' pushes are data in sim/levers.toml (`[one_to_one.*]`,
`[let_go]`) in the words of sim/effect_names.py, applied by the same mechanism as events; only the
bookkeeping of who leaves and who is coming lives here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.causes import one_to_one_cause
from sim.effect_names import TEAM
from sim.effects import EVERYONE, apply_once

if TYPE_CHECKING:
    from sim.decisions import Decision
    from sim.model import OrgModel


def apply_actions(model: OrgModel, decision: Decision) -> None:
    """Let people go, queue the recruits, and hold the one-to-ones, in that order."""
    wf, table = model.workforce, model.levers
    if decision.let_go:
        model._remove(np.isin(wf.ids, np.array(decision.let_go)), voluntary=False)
        let_go = table.let_go
        share = min(1.0, len(decision.let_go) / max(len(wf), 1) * let_go.scale)
        effects = {key: size * share for key, size in let_go.effects.items()}
        apply_once(model, EVERYONE, effects, let_go.felt, {let_go.title: effects})
    model._recruiting.hire(decision.hire, model.level.team.hiring_weeks)
    for one in decision.one_to_one:
        action = table.one_to_one[one.action]
        row = wf.row_of(one.worker)
        effects = action.effects
        if action.needs == "idea" and not wf.agent(row).has_idea:
            # no idea to take up: a kind conversation, not a new idea for the team
            effects = {k: v for k, v in effects.items() if k not in TEAM}
        apply_once(model, np.array([row]), effects, action.felt,
                   {one_to_one_cause(action.title): effects})
