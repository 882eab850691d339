"""A field-like population of bosses and teams, for the virtual meta-analysis.

Why: a meta-analysis of field studies pools many organisations, each with bosses whose styles vary
the way real styles vary: bosses who do much leadership tend to do much management too
(transformational x contingent reward .80, Judge & Piccolo 2004), and bosses who do little of
either leave their people alone (laissez-faire). A population of random lever splits (the
earlier sampler) has neither property, so its correlations mean something else. This sampler is
fixed and written down here *before* any result was looked at; it is not a calibration knob.
Changing it to make a figure hold defeats the check.

The sampler (every number is in `FIELD`, one place):

1. Each boss has a leadership intensity z_L and a management intensity z_M, standard normal with
   correlation `side_correlation` = .80 (Judge & Piccolo 2004: transformational x contingent
   reward .80).
2. Each side gets a share of *half* the attention budget: Phi(`side_mean` + `side_sd` * z), so a
   side's points run from 0 to half the budget and the average boss spends about 73% of the
   budget (Phi(0.8 / sqrt(1 + 0.8^2)) = .73 of each half).
3. Within each side the points are spread over its levers by a symmetric Dirichlet with
   concentration `lever_concentration` per lever (3: every boss does a bit of everything on a
   side, some levers more than others, as the facets of transformational leadership correlate
   highly but not perfectly).
4. The attention left unspent is laissez-faire. With a fixed budget it is what the two sides
   leave, so it correlates negatively with both by construction (about -.9 here; Judge &
   Piccolo report -.65 for transformational x laissez-faire, which a fixed budget cannot give
   together with .80).
5. The boss keeps the same plan every quarter (a style, not a tactic) and takes no discrete
   actions (no hires, bonus, training or one-to-ones); events take their default answers.
6. Teams are spread evenly over the non-tutorial levels (each level is one "organisation", as
   field studies pool organisations), at the level's own knowledge share and team size, each
   team on its own seed from the validate seed block (`sim.analysis.checks.SEED_BLOCKS`).

Estimand: the cross-sectional Pearson correlation over teams, at the end of quarter
`FIELD.quarter` (4: a year into the boss's tenure, as field studies survey incumbent bosses),
between a behaviour's share of the attention budget and a team outcome standardised within each
level (so levels of different size and units pool like studies in a meta-analysis).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import ndtr

from sim.decisions import Decision
from sim.events import WEEKS_PER_QUARTER
from sim.levels import Level, level_names, load_level
from sim.levers import lever_table
from sim.model import OrgModel


@dataclass(frozen=True)
class FieldSampler:
    """The sampler's constants (see the module docstring); fixed, not tuned."""

    side_correlation: float = 0.80    # leadership x management intensity (J&P 2004: TF x CR)
    side_mean: float = 0.8            # probit mean of a side's share of half the budget
    side_sd: float = 0.8              # probit sd of the same
    lever_concentration: float = 3.0  # Dirichlet concentration per lever within a side
    quarter: int = 4                  # the quarter the correlations are measured at
    excluded_levels: tuple[str, ...] = ("tutorial",)


FIELD = FieldSampler()

#: Behaviours (predictors): the column of `field_teams` each published construct is read from.
PREDICTORS = {
    "transformational": "leadership",     # points on the leadership levers / budget
    "contingent reward": "reward",        # points on the contingent-reward lever / budget
    "monitoring": "control",              # points on the monitor-and-control lever / budget
    "laissez-faire": "neglect",           # attention left unspent / budget
}
#: Outcomes: the column of `field_teams` each published criterion is read from.
CRITERIA = {
    "follower job satisfaction": "morale",
    "follower motivation": "intrinsic",
    "group or organization performance": "output",
    "performance": "output",
    "stress": "exhaustion",
    "job satisfaction": "morale",
    "intrinsic motivation": "intrinsic",
    "autonomy": "autonomy",
    "competence": "competence",
    "relatedness": "relatedness",
}
OUTCOMES = ("morale", "intrinsic", "output", "exhaustion", "autonomy", "competence",
            "relatedness")


def field_levels(sampler: FieldSampler = FIELD) -> list[Level]:
    """The situations teams are drawn over: every level but the tutorial."""
    return [load_level(name) for name in level_names() if name not in sampler.excluded_levels]


def draw_styles(n: int, rng: np.random.Generator,
                sampler: FieldSampler = FIELD) -> pd.DataFrame:
    """n bosses' latent intensities and their shares of the budget, one row each.

    Columns: z_lead, z_manage (the latent intensities), lead_share, manage_share (each side's
    share of the whole budget, 0 to 1/2), neglect (the share left unspent), and one column
    `w:<lever>` per lever: that lever's share of the whole budget.
    """
    rho = sampler.side_correlation
    cov = np.array([[1.0, rho], [rho, 1.0]])
    z = rng.multivariate_normal(np.zeros(2), cov, size=n)
    sides = 0.5 * ndtr(sampler.side_mean + sampler.side_sd * z)
    table = lever_table()
    frame = {"z_lead": z[:, 0], "z_manage": z[:, 1], "lead_share": sides[:, 0],
             "manage_share": sides[:, 1], "neglect": 1.0 - sides.sum(axis=1)}
    for column, side in enumerate(("leadership", "management")):
        levers = table.by_side(side)
        weights = rng.dirichlet(np.full(len(levers), sampler.lever_concentration), size=n)
        for i, lever in enumerate(levers):
            frame[f"w:{lever}"] = sides[:, column] * weights[:, i]
    return pd.DataFrame(frame)


def style_decision(style: pd.Series, budget: float) -> Decision:
    """A boss's plan for every quarter: each lever's share of the budget, in points."""
    return Decision(attention={lever: float(style[f"w:{lever}"]) * budget
                               for lever in lever_table().ids})


@dataclass(frozen=True)
class FieldSample:
    """One field-like sample at two levels of analysis: a row per team and a row per person."""

    teams: pd.DataFrame     # the boss's style and the team's outcomes (`field_teams`)
    people: pd.DataFrame    # the same style columns, and each person's own outcomes


def field_sample(n_teams: int, first_seed: int, sampler_seed: int | list[int],
                 sampler: FieldSampler = FIELD) -> FieldSample:
    """Run `n_teams` field-like teams; return team rows and person rows at the end of
    `sampler.quarter`.

    Team i plays level i mod (number of levels) on seed `first_seed + i`; the bosses are drawn
    from a generator seeded with `sampler_seed`. Behaviour columns (shares of the budget):
    leadership, reward, control, neglect; outcome columns: `OUTCOMES` (team: means at the end of
    the quarter and the quarter's output; person: their own state and their own output over the
    quarter, for people present the whole quarter).
    """
    levels = field_levels(sampler)
    styles = draw_styles(n_teams, np.random.default_rng(sampler_seed), sampler)
    teams, people = [], []
    for i, style in styles.iterrows():
        level = levels[int(i) % len(levels)]
        seed = first_seed + int(i)
        model = OrgModel(level, decisions=[style_decision(style, level.attention_budget)],
                         seed=seed, strategy=None, quarters=sampler.quarter)
        for _ in range(sampler.quarter):
            model.run_quarter()
        last = model.table().iloc[sampler.quarter - 1]
        behaviour = {
            "level": level.name, "seed": seed,
            "z_lead": style["z_lead"], "z_manage": style["z_manage"],
            "leadership": style["lead_share"], "management": style["manage_share"],
            "reward": style["w:reward"], "control": style["w:control"],
            "neglect": style["neglect"],
        }
        teams.append({**behaviour, **{outcome: float(last[outcome]) for outcome in OUTCOMES}})
        wf = model.workforce
        whole = wf.tenure >= WEEKS_PER_QUARTER
        people.append(pd.DataFrame({
            **behaviour, "worker": wf.ids[whole], "output": wf.quarter_output[whole],
            **{state: wf.arrays[state][whole] for state in OUTCOMES if state != "output"},
        }))
    return FieldSample(pd.DataFrame(teams), pd.concat(people, ignore_index=True))


def field_teams(n_teams: int, first_seed: int, sampler_seed: int | list[int],
                sampler: FieldSampler = FIELD) -> pd.DataFrame:
    """The team rows of `field_sample` (one row per team)."""
    return field_sample(n_teams, first_seed, sampler_seed, sampler).teams


def standardise(teams: pd.DataFrame, column: str) -> pd.Series:
    """z-scores within each level, so levels with different units and sizes can be pooled."""
    groups = teams.groupby("level")[column]
    sd = groups.transform("std").replace(0.0, np.nan)
    return ((teams[column] - groups.transform("mean")) / sd).fillna(0.0)


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson r; 0 where undefined (fewer than 3 points or no spread)."""
    if len(x) < 3 or np.std(x) == 0 or np.std(y) == 0:
        return 0.0
    return float(np.corrcoef(x, y)[0, 1])
