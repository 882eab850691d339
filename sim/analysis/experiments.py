"""Controlled virtual experiments: one lever's points added to a fixed plan, Cohen's d beside the
published experiments and meta-analyses.

Why: correlations over a field-like population (sim.analysis.meta_analysis) mix each lever's
effect with the style it comes with. Experiments isolate one lever, as Deci, Koestner & Ryan
(1999) did for rewards and feedback and as Siegel et al. (2022) summarise for electronic
monitoring: the same teams, the same luck, with and without the treatment.

Design (fixed):
- Control arm: `BASE_POINTS` on every lever every quarter (a balanced boss spending about half of
  the budget), no discrete actions. Treatment arm: the same plus `TREATMENT_POINTS` on one lever.
- Pairs: both arms of a pair play the same level on the same seed, so they start with the same
  team and meet the same luck (common random numbers, `sim.luck`): they differ only by the
  treatment. `experiment_seeds` seeds per level, every non-tutorial level, from the validate
  seed block.
- Measured after one quarter and after a year (`QUARTERS`). People's states (intrinsic
  motivation, morale, exhaustion) are compared person by person over everyone on the team at
  that time; output is a team's quarter output, so its d is between teams (team means vary less
  than people do, so an output d is larger than an individual-level d of the same change).
- Cohen's d per level: (treatment mean - control mean) / pooled sd (the root of the mean of the
  two arms' variances); the figure shown is the mean of the levels' d (each level one study).
- Published r (Siegel et al. 2022) is converted to d = 2r / sqrt(1 - r^2) (two equal groups).

Band (stated here and printed): a d holds within +-`D_BAND` (.20) of the published d, or inside
the published range widened by .10 where a range is published (Deci et al.'s reward types,
-.40 to -.28: [-.50, -.18]). Cerasoli et al. (2014) publish a direction, not a size: incentives
predict quantity more, intrinsic motivation quality more; the model's reward d on output must be
larger in routine work (factory_floor: value is quantity) than in knowledge work
(knowledge_team: value is quality).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sim.analysis.checks import DEFAULT, CheckResult, Comparison, Settings
from sim.analysis.field import field_levels
from sim.analysis.meta_analysis import format_band, in_band
from sim.decisions import Decision
from sim.levels import Level
from sim.levers import lever_table
from sim.model import OrgModel

BASE_POINTS = 0.35        # on every lever, both arms
TREATMENT_POINTS = 2.0    # added on the treated lever
QUARTERS = (1, 4)         # after one quarter and after a year
D_BAND = 0.20             # a d holds within +-D_BAND of the published d
RANGE_WIDENING = 0.10     # ... or inside a published range widened by this much
PERSON_OUTCOMES = ("intrinsic", "morale", "exhaustion")
OUTCOME_NAMES = {"intrinsic": "intrinsic motivation", "morale": "morale (satisfaction)",
                 "exhaustion": "exhaustion (stress)", "output": "output (performance)"}


def d_from_r(r: float) -> float:
    """Cohen's d for a point-biserial r between two equal groups."""
    return 2.0 * r / math.sqrt(1.0 - r * r)


@dataclass(frozen=True)
class Experiment:
    """A treatment (a lever's extra points), an outcome and the published effect."""

    treatment: str
    lever: str
    outcome: str
    published: float
    band: tuple[float, float | None]
    source: str

    @property
    def label(self) -> str:
        return f"{self.treatment} -> {OUTCOME_NAMES[self.outcome]}"


def _around(d: float) -> tuple[float, float]:
    return (round(d - D_BAND, 4), round(d + D_BAND, 4))


DECI = "Deci, Koestner & Ryan 1999"
SIEGEL = "Siegel, König & Lazar 2022"
EXPERIMENTS: tuple[Experiment, ...] = (
    Experiment("contingent reward", "reward", "intrinsic", -0.34,
               (-0.40 - RANGE_WIDENING, -0.28 + RANGE_WIDENING),
               f"{DECI}: tangible rewards, free choice (by type -.40 to -.28)"),
    Experiment("positive feedback", "inspire", "intrinsic", 0.33, _around(0.33),
               f"{DECI}: positive feedback, free choice"),
    Experiment("monitoring", "control", "output", round(d_from_r(-0.01), 3),
               _around(d_from_r(-0.01)), f"{SIEGEL}: performance r -.01"),
    Experiment("monitoring", "control", "exhaustion", round(d_from_r(0.11), 3),
               _around(d_from_r(0.11)), f"{SIEGEL}: stress r +.11"),
    Experiment("monitoring", "control", "morale", round(d_from_r(-0.10), 3),
               _around(d_from_r(-0.10)), f"{SIEGEL}: job satisfaction r -.10"),
)
CERASOLI_2014 = ("Cerasoli, Nicklin & Ford 2014: incentives predict quantity more, intrinsic "
                 "motivation quality more")
ROUTINE, KNOWLEDGE = "factory_floor", "knowledge_team"
TREATMENTS: dict[str, str] = {e.lever: e.treatment for e in EXPERIMENTS}

EXPERIMENT_RULE = (
    f"control arm {BASE_POINTS:g} points on every lever, treatment the same plus "
    f"{TREATMENT_POINTS:g} points on one lever, paired on seeds (common random numbers), every "
    "non-tutorial level; d = (treatment - control) / pooled sd, people's states compared person "
    "by person, output team by team, mean d over levels. A d holds within "
    f"+-{D_BAND:.2f} of the published d, or inside a published range widened by "
    f"{RANGE_WIDENING:.2f}; Siegel's r as d = 2r/sqrt(1-r^2); Cerasoli 2014: reward's output d "
    f"larger on {ROUTINE} than on {KNOWLEDGE}."
)


def base_plan() -> dict[str, float]:
    """The control arm's attention: BASE_POINTS on every lever."""
    return dict.fromkeys(lever_table().ids, BASE_POINTS)


def plan(lever: str | None, points: float = TREATMENT_POINTS) -> Decision:
    """The control arm (lever None) or a treatment arm's decision, held every quarter."""
    attention = base_plan()
    if lever is not None:
        attention[lever] += points
    return Decision(attention=attention)


@dataclass
class Snapshot:
    """One arm of one pair at the end of a quarter: people's states, and the team's output."""

    ids: np.ndarray
    states: dict[str, np.ndarray]
    output: float


def play_arm(level: Level, seed: int, decision: Decision,
             quarters: Sequence[int] = QUARTERS) -> dict[int, Snapshot]:
    """Play one arm on one seed to the last of `quarters`; a snapshot at each of them."""
    model = OrgModel(level, decisions=[decision], seed=seed, quarters=max(quarters))
    shots = {}
    for quarter in range(1, max(quarters) + 1):
        row = model.run_quarter()
        if quarter in quarters:
            arrays = model.workforce.arrays
            shots[quarter] = Snapshot(model.workforce.ids.copy(),
                                      {c: arrays[c].copy() for c in PERSON_OUTCOMES},
                                      float(row["output"]))
    return shots


def paired_runs(level: Level, seeds: Sequence[int], levers: Sequence[str | None],
                points: float = TREATMENT_POINTS) -> dict[str | None, dict[int, list[Snapshot]]]:
    """Every arm (None: control) on every seed: arm -> quarter -> one snapshot per seed, in the
    order of `seeds` (so the i-th snapshots of two arms are a pair)."""
    out: dict[str | None, dict[int, list[Snapshot]]] = {}
    for lever in levers:
        decision = plan(lever, points)
        per_seed = [play_arm(level, seed, decision) for seed in seeds]
        out[lever] = {q: [shots[q] for shots in per_seed] for q in QUARTERS}
    return out


def cohens_d(treated: np.ndarray, control: np.ndarray) -> float:
    """(mean treated - mean control) / pooled sd; 0 when both arms are identical."""
    diff = float(np.mean(treated) - np.mean(control))
    pooled = math.sqrt((float(np.var(treated, ddof=1)) + float(np.var(control, ddof=1))) / 2.0)
    if pooled == 0.0:
        return 0.0 if diff == 0.0 else math.copysign(math.inf, diff)
    return diff / pooled


def _values(shots: list[Snapshot], outcome: str) -> np.ndarray:
    if outcome == "output":
        return np.array([s.output for s in shots])
    return np.concatenate([s.states[outcome] for s in shots])


def level_d(runs: dict[str | None, dict[int, list[Snapshot]]], lever: str, outcome: str,
            quarter: int) -> float:
    """One level's d of a treatment on an outcome at a quarter."""
    return cohens_d(_values(runs[lever][quarter], outcome), _values(runs[None][quarter], outcome))


def level_change(runs: dict[str | None, dict[int, list[Snapshot]]], lever: str, outcome: str,
                 quarter: int) -> float:
    """One level's relative change of the outcome's mean (treatment / control - 1), to read a d
    by: a team-level d can be large for a small change when teams vary little."""
    control = float(np.mean(_values(runs[None][quarter], outcome)))
    treated = float(np.mean(_values(runs[lever][quarter], outcome)))
    return treated / control - 1.0 if control else 0.0


def experiment_seeds(settings: Settings) -> list[int]:
    """The seeds of each level's pairs: the first of the validate seed block."""
    return [settings.first_seed + i for i in range(settings.experiment_seeds)]


def virtual_experiments(settings: Settings = DEFAULT) -> CheckResult:
    """Cohen's d of each treatment after one quarter and after a year, beside the literature."""
    seeds = experiment_seeds(settings)
    levers: list[str | None] = [None, *dict.fromkeys(e.lever for e in EXPERIMENTS)]
    by_level = {level.name: paired_runs(level, seeds, levers) for level in field_levels()}
    comparisons = []
    for experiment in EXPERIMENTS:
        for quarter in QUARTERS:
            ds = [level_d(runs, experiment.lever, experiment.outcome, quarter)
                  for runs in by_level.values()]
            d = float(np.mean(ds))
            change = float(np.mean([level_change(runs, experiment.lever, experiment.outcome,
                                                 quarter) for runs in by_level.values()]))
            label = f"{experiment.label}, quarter {quarter}"
            comparisons.append(Comparison(
                label,
                f"{label:<56} model {d:+.2f}  published {experiment.published:+7.2f}  band "
                f"{format_band(experiment.band):<16} {experiment.source} (mean {change:+.1%})",
                {"d": d, "published": experiment.published, "change": change,
                 **{f"d {name}": x for name, x in zip(by_level, ds, strict=True)}},
                in_band(d, experiment.band), model=d, published=experiment.published,
                band=experiment.band, source=experiment.source))
    for quarter in QUARTERS:
        routine = level_d(by_level[ROUTINE], "reward", "output", quarter)
        knowledge = level_d(by_level[KNOWLEDGE], "reward", "output", quarter)
        gap = routine - knowledge
        label = f"contingent reward -> output, routine - knowledge, quarter {quarter}"
        comparisons.append(Comparison(
            label,
            f"{label:<56} model {gap:+.2f}  published {'>0':>7}  band {'> +0.00':<16} "
            f"{CERASOLI_2014} (d {routine:+.2f} on {ROUTINE}, {knowledge:+.2f} on {KNOWLEDGE})",
            {"d routine": routine, "d knowledge": knowledge, "gap": gap},
            gap > 0.0, model=gap, published="incentives predict quantity more than quality",
            band=(0.0, None), source=CERASOLI_2014))
    return CheckResult(
        "Controlled virtual experiments",
        f"Adding {TREATMENT_POINTS:g} points of one lever to a fixed plan changes people as the "
        "published experiments found, after one quarter and after a year "
        f"({len(seeds)} paired seeds on each of {len(by_level)} levels).",
        EXPERIMENT_RULE, tuple(comparisons))


__all__ = ["BASE_POINTS", "D_BAND", "EXPERIMENTS", "EXPERIMENT_RULE", "QUARTERS",
           "TREATMENT_POINTS", "Experiment", "Snapshot", "cohens_d", "d_from_r",
           "experiment_seeds", "level_d", "paired_runs", "plan", "play_arm",
           "virtual_experiments"]
