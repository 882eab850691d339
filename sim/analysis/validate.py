"""The model's checks of DESIGN.md section 3: the seed's six claims and a virtual meta-analysis.

Why: the claims must *emerge* from the mechanisms, across seeds and team sizes, so they are
measured here the way an analyst would measure them (scripted bosses, many seeds, several team
sizes) and reported honestly, holding or not. Every check returns a `CheckResult`; nothing here
tunes the model.

Rules (printed with the results):
- A paired comparison of two bosses holds if the claimed one is better on the mean over seeds
  and in at least `WIN_SHARE` of the seeds (same seed, same team; a tie counts half).
- A correlation agrees with a published figure if it has the same sign and |r| >= `MIN_EFFECT`;
  where the published figure is near zero (|r| < `NEAR_ZERO`), if |r| < `ZERO_BAND`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.decisions import Decision
from sim.levels import Level, level_names, load_level
from sim.levers import lever_table
from sim.runner import run
from sim.strategies import STRATEGIES, Strategy, spread

if TYPE_CHECKING:
    from sim.model import OrgModel

WIN_SHARE = 0.75          # share of seeds in which the claimed boss must do better
CATCH_UP_BY = 4           # "within a few quarters"
MIN_EFFECT = 0.10         # smallest |r| that counts as an effect (Cohen's "small")
NEAR_ZERO = 0.10          # a published |r| below this is "about zero"
ZERO_BAND = 0.15          # ... and the model agrees if its |r| is below this
KNOWLEDGE, FACTORY = "knowledge_team", "factory_floor"
GRADIENT = (0.1, 0.5, 0.9)    # knowledge_share values for leadership's edge (claim 4)
LOW_HIGH = (0.1, 0.9)         # routine and knowledge work for strengths (claim 6)


@dataclass(frozen=True)
class Settings:
    """How much to run: seeds per comparison, team sizes, and teams in the meta-analysis."""

    seeds: int = 8
    team_sizes: tuple[int, ...] = (8, 30, 200)
    meta_teams: int = 300
    meta_seed: int = 2004


#: A small version for tests and a first look (seconds, not a minute).
QUICK = Settings(seeds=2, team_sizes=(12,), meta_teams=60)


@dataclass(frozen=True)
class Comparison:
    """One measured comparison inside a check: where, a readable summary, figures, verdict."""

    label: str
    text: str
    figures: dict[str, float]
    holds: bool


@dataclass(frozen=True)
class CheckResult:
    """One check: its name, the claim in DESIGN.md's words, the rule, and what was measured."""

    name: str
    claim: str
    rule: str
    comparisons: tuple[Comparison, ...]

    @property
    def holds(self) -> bool:
        """True if every comparison holds (and there is at least one)."""
        return bool(self.comparisons) and all(c.holds for c in self.comparisons)

    @property
    def figures(self) -> dict[str, float]:
        """Every measured figure, keyed 'comparison label: figure'."""
        return {f"{c.label}: {k}": v for c in self.comparisons for k, v in c.figures.items()}


# ----- running the bosses ----------------------------------------------------------------------

def _boss(name: str, description: str, levers: tuple[str, ...] | Callable[[Level], dict],
          respond_like: str) -> Strategy:
    """A scripted boss for a check, answering events like one of the standard strategies."""
    def decide(model: OrgModel) -> Decision:
        budget = model.level.attention_budget
        attention = levers(model.level) if callable(levers) else spread(levers, budget)
        return Decision(attention=attention)
    return Strategy(name, description, decide, STRATEGIES[respond_like].respond_fn)


def _balanced_without_strengths(level: Level) -> dict[str, float]:
    half, table = level.attention_budget / 2, lever_table()
    lead = tuple(lid for lid in table.by_side("leadership") if lid != "strengths")
    return {**spread(lead, half), **spread(table.by_side("management"), half)}


CONTROL = _boss("control", "All attention on monitoring, control and deadlines.",
                ("control", "deadlines"), "manager")
NO_STRENGTHS = _boss("balanced_without_strengths",
                     "Balanced, with the strengths lever's points spread over the other "
                     "leadership levers.", _balanced_without_strengths, "balanced")


class Runs:
    """Runs each (level, boss, team size, overrides) over the seeds once; checks share them."""

    def __init__(self, settings: Settings) -> None:
        self.seeds = range(settings.seeds)
        self.sizes = settings.team_sizes
        self._levels: dict[str, Level] = {}
        self._cache: dict[tuple, list[pd.DataFrame]] = {}

    def tables(self, level: str, boss: str | Strategy, size: int,
               **overrides: float) -> list[pd.DataFrame]:
        """One per-quarter table per seed."""
        strategy = STRATEGIES[boss] if isinstance(boss, str) else boss
        key = (level, strategy.name, size, tuple(sorted(overrides.items())))
        if key not in self._cache:
            if level not in self._levels:
                self._levels[level] = load_level(level)
            self._cache[key] = [run(self._levels[level], strategy, seed, team_size=size,
                                    **overrides) for seed in self.seeds]
        return self._cache[key]

    def values(self, level: str, boss: str | Strategy, size: int, column: str,
               when: str = "end", **overrides: float) -> np.ndarray:
        """One figure per seed: the column at the first or last quarter, or its total."""
        pick = {"first": lambda s: s.iloc[0], "end": lambda s: s.iloc[-1],
                "total": lambda s: s.sum()}[when]
        return np.array([float(pick(t[column]))
                         for t in self.tables(level, boss, size, **overrides)])


# ----- comparisons ------------------------------------------------------------------------------

def _fmt(x: float) -> str:
    return f"{x:.3f}" if abs(x) <= 1.0 else f"{x:.1f}"


def _wins(better: np.ndarray) -> float:
    """Seeds won, a tie counting half: `better` is the claimed advantage per seed."""
    return float((better > 0).sum() + 0.5 * (better == 0).sum())


def paired(label: str, what: str, a_name: str, a: np.ndarray, b_name: str, b: np.ndarray,
           higher: bool = True) -> Comparison:
    """The claim 'a beats b on `what`' (higher, or lower if not `higher`), seed by seed."""
    better = (a - b) if higher else (b - a)
    wins = _wins(better)
    holds = bool(better.mean() > 0 and wins >= WIN_SHARE * len(better))
    change = f" ({(a.mean() / b.mean() - 1):+.0%})" if b.mean() > 0 else ""
    text = (f"{label}: {what}: {a_name} {_fmt(a.mean())} vs {b_name} {_fmt(b.mean())}{change}, "
            f"{'better' if higher else 'lower'} in {wins:g}/{len(better)} seeds")
    return Comparison(f"{label}, {what}", text,
                      {a_name: float(a.mean()), b_name: float(b.mean()),
                       "seed share": wins / len(better)}, holds)


def _where(level: str, size: int) -> str:
    return f"{level}, {size} people"


# ----- the six claims ---------------------------------------------------------------------------

def management_pays_quickly(runs: Runs) -> CheckResult:
    """Claim 1: the manager's first quarter out-produces the leader's."""
    comparisons = tuple(
        paired(_where(level, size), "quarter-1 output",
               "manager", runs.values(level, "manager", size, "output", "first"),
               "leader", runs.values(level, "leader", size, "output", "first"))
        for level in (KNOWLEDGE, FACTORY) for size in runs.sizes
    )
    return CheckResult(
        "1. Management pays quickly",
        "In the first quarter, a management-heavy boss gets more output than a "
        "leadership-heavy one.",
        f"manager's quarter-1 output above the leader's, on {KNOWLEDGE} and {FACTORY}, "
        "at every team size.", comparisons)


def _catch_up(label: str, leader: list[pd.DataFrame], manager: list[pd.DataFrame]) -> Comparison:
    """The first quarter in which the leader's quarterly output reaches the manager's."""
    def first_reach(lead: np.ndarray, man: np.ndarray) -> float:
        reached = np.flatnonzero(lead >= man)
        return float(reached[0] + 1) if len(reached) else float("inf")

    lead = np.array([t["output"].to_numpy() for t in leader])
    man = np.array([t["output"].to_numpy() for t in manager])
    per_seed = np.array([first_reach(lo, mo) for lo, mo in zip(lead, man, strict=True)])
    on_means = first_reach(lead.mean(axis=0), man.mean(axis=0))
    wins = float((per_seed <= CATCH_UP_BY).sum())
    holds = bool(on_means <= CATCH_UP_BY and wins >= WIN_SHARE * len(per_seed))
    when = f"quarter {on_means:g}" if np.isfinite(on_means) else "no quarter"
    text = (f"{label}: catch-up: leader's quarterly output reaches the manager's in {when} "
            "on average, "
            f"by quarter {CATCH_UP_BY} in {wins:g}/{len(per_seed)} seeds")
    return Comparison(f"{label}, catch-up", text,
                      {"catch-up quarter": on_means, "seed share": wins / len(per_seed)}, holds)


def leadership_pays_over_time(runs: Runs) -> CheckResult:
    """Claim 2: in knowledge work the leader catches up and ends with a healthier team."""
    comparisons: list[Comparison] = []
    for size in runs.sizes:
        where = _where(KNOWLEDGE, size)
        comparisons.append(_catch_up(where, runs.tables(KNOWLEDGE, "leader", size),
                                     runs.tables(KNOWLEDGE, "manager", size)))
        for column in ("morale", "trust", "skill"):
            comparisons.append(paired(
                where, f"final {column}", "leader",
                runs.values(KNOWLEDGE, "leader", size, column),
                "manager", runs.values(KNOWLEDGE, "manager", size, column)))
        comparisons.append(paired(
            where, "quits", "leader", runs.values(KNOWLEDGE, "leader", size, "quits", "total"),
            "manager", runs.values(KNOWLEDGE, "manager", size, "quits", "total"), higher=False))
    return CheckResult(
        "2. Leadership pays over time",
        "In knowledge work a leadership-heavy boss catches up within a few quarters and ends "
        "with higher morale, trust and skill and fewer quits.",
        f"on {KNOWLEDGE}: the leader's quarterly output reaches the manager's by quarter "
        f"{CATCH_UP_BY}; final morale, trust, skill higher and total quits lower than the "
        "manager's; at every team size.", tuple(comparisons))


def together_is_best(runs: Runs) -> CheckResult:
    """Claim 3: in knowledge work the balanced boss out-produces both extremes."""
    comparisons = tuple(
        paired(_where(KNOWLEDGE, size), "output over the level",
               "balanced", runs.values(KNOWLEDGE, "balanced", size, "output_cum"),
               other, runs.values(KNOWLEDGE, other, size, "output_cum"))
        for size in runs.sizes for other in ("leader", "manager")
    )
    return CheckResult(
        "3. Together is best",
        "In knowledge work a balanced boss beats both extremes over a whole level.",
        f"on {KNOWLEDGE}: the balanced boss's cumulative output above the leader's and the "
        "manager's, at every team size.", comparisons)


def _edge_gradient(runs: Runs, size: int) -> Comparison:
    """Leadership's edge in cumulative output over management at each knowledge share."""
    edges = []
    for share in GRADIENT:
        lead = runs.values(KNOWLEDGE, "leader", size, "output_cum", knowledge_share=share)
        man = runs.values(KNOWLEDGE, "manager", size, "output_cum", knowledge_share=share)
        edges.append(float(np.mean(lead / man - 1.0)))
    holds = bool(np.all(np.diff(edges) > 0))
    label = f"{KNOWLEDGE} (knowledge share varied), {size} people"
    text = f"{label}: leader's edge over the manager in output: " + ", ".join(
        f"{e:+.0%} at knowledge share {s:g}" for s, e in zip(GRADIENT, edges, strict=True))
    return Comparison(f"{label}, edge", text,
                      {f"edge at {s:g}": e for s, e in zip(GRADIENT, edges, strict=True)}, holds)


def era_matters(runs: Runs) -> CheckResult:
    """Claim 4: management wins the factory floor; leadership's edge grows with knowledge work."""
    comparisons: list[Comparison] = []
    for size in runs.sizes:
        comparisons.append(paired(
            _where(FACTORY, size), "output over the level",
            "manager", runs.values(FACTORY, "manager", size, "output_cum"),
            "leader", runs.values(FACTORY, "leader", size, "output_cum")))
        comparisons.append(_edge_gradient(runs, size))
    return CheckResult(
        "4. The era matters",
        "On a routine factory floor a management-heavy boss beats a leadership-heavy one; "
        "leadership's edge grows with knowledge_share.",
        f"on {FACTORY}: the manager's cumulative output above the leader's; on {KNOWLEDGE} "
        f"with knowledge_share set to {', '.join(map(str, GRADIENT))}: the leader's mean "
        "relative edge in cumulative output rises at each step; at every team size.",
        tuple(comparisons))


def worst(label: str, what: str, neglect: np.ndarray, others: dict[str, np.ndarray]) -> Comparison:
    """The claim that neglect is below every other boss on `what`, seed by seed."""
    rest = np.min(np.array(list(others.values())), axis=0)
    means = {name: float(v.mean()) for name, v in others.items()}
    nearest = min(means, key=means.__getitem__)
    wins = _wins(rest - neglect)
    holds = bool(neglect.mean() < means[nearest] and wins >= WIN_SHARE * len(neglect))
    text = (f"{label}: {what}: neglect {_fmt(neglect.mean())} vs lowest other "
            f"{_fmt(means[nearest])} "
            f"({nearest}), worst in {wins:g}/{len(neglect)} seeds")
    return Comparison(f"{label}, {what}", text,
                      {"neglect": float(neglect.mean()), **means,
                       "seed share": wins / len(neglect)}, holds)


def neglect_is_worst(runs: Runs) -> CheckResult:
    """Claim 5: neglect is worst; control without leadership burns knowledge workers out."""
    comparisons: list[Comparison] = []
    others = ("leader", "manager", "balanced")
    for level in (KNOWLEDGE, FACTORY):
        for size in runs.sizes:
            for column, what in (("output_cum", "output over the level"),
                                 ("morale", "final morale")):
                comparisons.append(worst(
                    _where(level, size), what, runs.values(level, "neglect", size, column),
                    {o: runs.values(level, o, size, column) for o in others}))
    for size in runs.sizes:
        where = _where(KNOWLEDGE, size)
        control = runs.values(KNOWLEDGE, CONTROL, size, "exhaustion")
        for other in ("balanced", "leader"):
            comparisons.append(paired(where, "final exhaustion", "control", control,
                                       other, runs.values(KNOWLEDGE, other, size, "exhaustion")))
        comparisons.append(paired(
            where, "final morale", "control", runs.values(KNOWLEDGE, CONTROL, size, "morale"),
            "balanced", runs.values(KNOWLEDGE, "balanced", size, "morale"), higher=False))
    return CheckResult(
        "5. Neglect is worst; control burns people out",
        "Neglect is worst; control without leadership burns people out in knowledge work.",
        f"on {KNOWLEDGE} and {FACTORY}: the neglecting boss's cumulative output and final "
        "morale below the leader's, manager's and balanced boss's; on "
        f"{KNOWLEDGE}: a boss spending everything on monitoring, control and deadlines ends "
        "with higher exhaustion than the balanced boss and the leader, and lower morale than "
        "the balanced boss; at every team size.", tuple(comparisons))


def strengths_matter(runs: Runs) -> CheckResult:
    """Claim 6: attention on people's strengths pays, and pays more in knowledge work."""
    comparisons: list[Comparison] = []
    for size in runs.sizes:
        gains = []
        for share in LOW_HIGH:
            with_ = runs.values(KNOWLEDGE, "balanced", size, "output_cum", knowledge_share=share)
            without = runs.values(KNOWLEDGE, NO_STRENGTHS, size, "output_cum",
                                  knowledge_share=share)
            gains.append(float(np.mean(with_ / without - 1.0)))
            comparisons.append(paired(
                f"{KNOWLEDGE} at knowledge share {share:g}, {size} people",
                "output over the level", "with strengths", with_, "without", without))
        low, high = gains
        label = f"{KNOWLEDGE}, {size} people"
        comparisons.append(Comparison(
            f"{label}, gain by knowledge share",
            f"{label}: gain from strengths: {low:+.1%} at knowledge share {LOW_HIGH[0]:g}, "
            f"{high:+.1%} at {LOW_HIGH[1]:g}",
            {f"gain at {LOW_HIGH[0]:g}": low, f"gain at {LOW_HIGH[1]:g}": high}, high > low))
    return CheckResult(
        "6. Strengths matter, more so in knowledge work",
        "Building on each person's strengths matters, and more so in knowledge work.",
        f"on {KNOWLEDGE} with knowledge_share {LOW_HIGH[0]:g} and {LOW_HIGH[1]:g}: the balanced "
        "boss out-produces the same boss with the strengths lever's points spread over the "
        "other leadership levers, and the relative gain is larger at the higher share; at "
        "every team size.", tuple(comparisons))


CLAIMS: tuple[Callable[[Runs], CheckResult], ...] = (
    management_pays_quickly, leadership_pays_over_time, together_is_best, era_matters,
    neglect_is_worst, strengths_matter,
)


# ----- the virtual meta-analysis ----------------------------------------------------------------

@dataclass(frozen=True)
class Evidence:
    """A published correlation: its value (None if only the sign is reported) and source.

    `spend_held` marks evidence from comparisons with other things equal (monitored versus
    unmonitored staff): the model's figure judged is then the partial r with the attention
    spent held constant, since in random splits every lever grows with the attention spent.
    """

    behaviour: str
    outcome: str
    value: float | None
    direction: int
    source: str
    spend_held: bool = False


EVIDENCE: tuple[Evidence, ...] = (
    Evidence("leadership", "morale", 0.44, 1, "Judge & Piccolo 2004, transformational"),
    Evidence("leadership", "output", 0.44, 1, "Judge & Piccolo 2004, transformational"),
    Evidence("contingent reward", "morale", 0.39, 1, "Judge & Piccolo 2004"),
    Evidence("contingent reward", "output", 0.39, 1, "Judge & Piccolo 2004"),
    Evidence("monitoring", "morale", None, -1, "Siegel et al. 2022, satisfaction", True),
    Evidence("monitoring", "output", -0.01, -1, "Siegel et al. 2022, performance", True),
    Evidence("neglect", "morale", -0.37, -1, "Judge & Piccolo 2004, laissez-faire"),
    Evidence("neglect", "output", -0.37, -1, "Judge & Piccolo 2004, laissez-faire"),
)
META_RULE = (
    f"agrees if the judged r (marked *) has the published sign and |r| >= {MIN_EFFECT:g}; "
    f"where the published r is about zero (|r| < {NEAR_ZERO:g}), if |r| < {ZERO_BAND:g}. "
    "Outcomes are standardised within each level (a level is one 'study') before pooling. "
    "r|spend is the partial r with the attention spent held constant; it is judged for "
    "monitoring, whose evidence compares monitored with unmonitored staff, other things equal."
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


def meta_analysis(settings: Settings = Settings()) -> CheckResult:
    """Correlations across many virtual teams, beside the published figures."""
    teams = virtual_teams(settings.meta_teams, settings.meta_seed)
    spent = 1.0 - teams["neglect"].to_numpy()
    comparisons = []
    for ev in EVIDENCE:
        x, y = teams[ev.behaviour].to_numpy(), _standardise(teams, ev.outcome).to_numpy()
        r = _r(x, y)
        partial = None if ev.behaviour == "neglect" else _r(x, y, held=spent)
        judged = partial if ev.spend_held and partial is not None else r
        published = f"{ev.value:+.2f}" if ev.value is not None else "negative"
        marks = ("*", " ") if judged is r else (" ", "*")
        partial_text = f"{partial:+.2f}" if partial is not None else "  —  "
        figures = {"r": r, **({"r|spend": partial} if partial is not None else {}),
                   **({"published": ev.value} if ev.value is not None else {})}
        comparisons.append(Comparison(
            f"{ev.behaviour} x {ev.outcome}",
            f"{ev.behaviour:<17} x {ev.outcome:<6}  r {r:+.2f}{marks[0]}  r|spend "
            f"{partial_text}{marks[1]}  published {published:>8}  ({ev.source})",
            figures, agrees(judged, ev)))
    return CheckResult(
        "Virtual meta-analysis",
        f"Across many teams ({settings.meta_teams} runs with random levels, knowledge shares "
        "and lever mixes), the intensity of leadership, contingent reward, monitoring and "
        "neglect correlates with final morale and output as published.",
        META_RULE, tuple(comparisons))


# ----- all together -----------------------------------------------------------------------------

def iter_checks(settings: Settings = Settings()) -> Iterator[CheckResult]:
    """Run the checks one by one (so a caller can print each as it finishes)."""
    runs = Runs(settings)
    for check in CLAIMS:
        yield check(runs)
    yield meta_analysis(settings)


def validate(settings: Settings = Settings()) -> list[CheckResult]:
    """Run every check of DESIGN.md section 3 and return the results."""
    return list(iter_checks(settings))
