"""The virtual meta-analysis: random lever mixes over many teams, correlated as published.

Why: besides the seed's claims (sim.analysis.claims) the model should reproduce the direction
of the field's meta-analytic figures when many bosses mix the levers at random, the way a
meta-analysis pools many studies.

Rule (printed with the results): a correlation agrees with a published figure if it has the
same sign and |r| >= `MIN_EFFECT`; where the published figure is near zero (|r| < `NEAR_ZERO`),
if |r| < `ZERO_BAND`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.analysis.checks import DEFAULT, CheckResult, Comparison, Settings
from sim.decisions import Decision
from sim.levels import level_names, load_level
from sim.levers import lever_table
from sim.runner import run

MIN_EFFECT = 0.10         # smallest |r| that counts as an effect (Cohen's "small")
NEAR_ZERO = 0.10          # a published |r| below this is "about zero"
ZERO_BAND = 0.15          # ... and the model agrees if its |r| is below this


@dataclass(frozen=True)
class Evidence:
    """A published correlation: its value (None if only the sign is reported) and source.

    `others_held` marks evidence from comparisons with other things equal (monitored versus
    unmonitored staff): the model's figure judged is then the partial r with every other
    lever's attention held constant. (In random splits every lever grows with the attention
    spent, so the plain r mostly measures spend; holding only the total spent would instead
    compare monitoring with the average other use of the same attention.)
    """

    behaviour: str
    outcome: str
    value: float | None
    direction: int
    source: str
    others_held: bool = False


EVIDENCE: tuple[Evidence, ...] = (
    Evidence("leadership", "morale", 0.44, 1, "Judge & Piccolo 2004, transformational"),
    Evidence("leadership", "output", 0.44, 1, "Judge & Piccolo 2004, transformational"),
    Evidence("contingent reward", "morale", 0.39, 1, "Judge & Piccolo 2004"),
    Evidence("contingent reward", "output", 0.39, 1, "Judge & Piccolo 2004"),
    Evidence("monitoring", "morale", None, -1, "Siegel et al. 2022, satisfaction",
             others_held=True),
    Evidence("monitoring", "output", -0.01, -1, "Siegel et al. 2022, performance",
             others_held=True),
    Evidence("neglect", "morale", -0.37, -1, "Judge & Piccolo 2004, laissez-faire"),
    Evidence("neglect", "output", -0.37, -1, "Judge & Piccolo 2004, laissez-faire"),
)
META_RULE = (
    f"agrees if the judged r (marked *) has the published sign and |r| >= {MIN_EFFECT:g}; "
    f"where the published r is about zero (|r| < {NEAR_ZERO:g}), if |r| < {ZERO_BAND:g}. "
    "Outcomes are standardised within each level (a level is one 'study') before pooling. "
    "r|others is the partial r with every other lever's attention held constant; it is judged "
    "for monitoring, whose evidence compares monitored with unmonitored staff, other things "
    "equal. r|spend (total attention held constant) is shown for comparison."
)


def agrees(r: float, evidence: Evidence) -> bool:
    """The meta-analysis rule: same sign and a real effect, or about zero where published so."""
    if evidence.value is not None and abs(evidence.value) < NEAR_ZERO:
        return abs(r) < ZERO_BAND
    return bool(np.sign(r) == evidence.direction and abs(r) >= MIN_EFFECT)


def virtual_teams(n_teams: int, seed: int = 2004) -> pd.DataFrame:
    """Run `n_teams` teams with random levels, knowledge shares and lever mixes, one row each.

    Each team's boss spends a random share of the budget (the rest is neglect) split over the
    levers by a flat Dirichlet draw, and repeats that decision for 4-8 quarters.
    """
    rng = np.random.default_rng(seed)
    levels = [load_level(name) for name in level_names()]
    table = lever_table()
    lead = np.array([table[lid].side == "leadership" for lid in table.ids])
    rows = []
    for team in range(n_teams):
        level = levels[int(rng.integers(len(levels)))]
        share, quarters = float(rng.uniform(0.1, 0.95)), int(rng.integers(4, 9))
        spend = float(rng.uniform(0.0, 1.0))
        points = spend * level.attention_budget * rng.dirichlet(np.ones(len(table.ids)))
        decision = Decision(attention=dict(zip(table.ids, map(float, points), strict=True)))
        result = run(level, decisions=[decision], seed=team, knowledge_share=share,
                     quarters=quarters)
        budget = level.attention_budget
        rows.append({
            "level": level.name, "knowledge_share": share, "quarters": quarters,
            "leadership": float(points[lead].sum()) / budget,
            "contingent reward": decision.attention["reward"] / budget,
            "monitoring": decision.attention["control"] / budget,
            "neglect": 1.0 - spend,
            **{f"lever:{lid}": float(p) / budget for lid, p in zip(table.ids, points,
                                                                    strict=True)},
            "morale": float(result["morale"].iloc[-1]),
            "output": float(result["output"].sum()) / quarters / level.team_size,
        })
    return pd.DataFrame(rows)


def _standardise(teams: pd.DataFrame, column: str) -> pd.Series:
    """z-scores within each level, so levels with different units and sizes can be pooled."""
    groups = teams.groupby("level")[column]
    sd = groups.transform("std").replace(0.0, np.nan)
    return ((teams[column] - groups.transform("mean")) / sd).fillna(0.0)


def _r(x: np.ndarray, y: np.ndarray, held: np.ndarray | None = None) -> float:
    """Pearson r, or the partial r with `held` constant; 0 where undefined."""
    if held is not None:
        design = np.column_stack([np.ones(len(held)), held])
        x = x - design @ np.linalg.lstsq(design, x, rcond=None)[0]
        y = y - design @ np.linalg.lstsq(design, y, rcond=None)[0]
    if len(x) < 3 or np.std(x) == 0 or np.std(y) == 0:
        return 0.0
    return float(np.corrcoef(x, y)[0, 1])


#: The lever behind a single-lever behaviour (for holding the other levers constant).
BEHAVIOUR_LEVERS = {"contingent reward": "reward", "monitoring": "control"}


def _fmt(r: float | None, judged: bool) -> str:
    """A figure for the table, marked * when it is the one judged."""
    return ("  —  " if r is None else f"{r:+.2f}") + ("*" if judged else " ")


def meta_analysis(settings: Settings = DEFAULT) -> CheckResult:
    """Correlations across many virtual teams, beside the published figures."""
    teams = virtual_teams(settings.meta_teams, settings.meta_seed)
    spent = 1.0 - teams["neglect"].to_numpy()
    lever_columns = [c for c in teams.columns if c.startswith("lever:")]
    comparisons = []
    for ev in EVIDENCE:
        x, y = teams[ev.behaviour].to_numpy(), _standardise(teams, ev.outcome).to_numpy()
        r = _r(x, y)
        by_spend = None if ev.behaviour == "neglect" else _r(x, y, held=spent)
        by_others = None
        if ev.others_held:
            others = [c for c in lever_columns if c != f"lever:{BEHAVIOUR_LEVERS[ev.behaviour]}"]
            by_others = _r(x, y, held=teams[others].to_numpy())
        judged = by_others if by_others is not None else r
        published = f"{ev.value:+.2f}" if ev.value is not None else "negative"
        figures = {"r": r, **({"r|spend": by_spend} if by_spend is not None else {}),
                   **({"r|others": by_others} if by_others is not None else {}),
                   **({"published": ev.value} if ev.value is not None else {})}
        comparisons.append(Comparison(
            f"{ev.behaviour} x {ev.outcome}",
            f"{ev.behaviour:<17} x {ev.outcome:<6}  r {_fmt(r, judged is r)}  r|spend "
            f"{_fmt(by_spend, False)}  r|others {_fmt(by_others, judged is by_others)}  "
            f"published {published:>8}  ({ev.source})",
            figures, agrees(judged, ev)))
    return CheckResult(
        "Virtual meta-analysis",
        f"Across many teams ({settings.meta_teams} runs with random levels, knowledge shares "
        "and lever mixes), the intensity of leadership, contingent reward, monitoring and "
        "neglect correlates with final morale and output as published.",
        META_RULE, tuple(comparisons))

