"""The seed's six claims (DESIGN.md section 3), each checked with scripted bosses.

Why: the claims must *emerge* from the mechanisms, across seeds and team sizes, so each is
measured the way an analyst would measure it (scripted bosses, many seeds, several team sizes)
and reported honestly, holding or not. Every check takes the shared `Runs` and returns a
`CheckResult`; nothing here tunes the model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.analysis.checks import WIN_SHARE, CheckResult, Comparison, paired, worst
from sim.analysis.seed_runs import Runs
from sim.decisions import Decision
from sim.levels import Level
from sim.levers import lever_table
from sim.strategies import STRATEGIES, Strategy, spread

if TYPE_CHECKING:
    from sim.model import OrgModel

CATCH_UP_BY = 4           # "within a few quarters"
#: Every scripted boss but the neglecting one: "neglect is worst" is measured against them all.
NOT_NEGLECT = tuple(name for name in STRATEGIES if name != "neglect")
KNOWLEDGE, FACTORY = "knowledge_team", "factory_floor"
GRADIENT = (0.1, 0.5, 0.9)    # knowledge_share values for leadership's edge (claim 4)
LOW_HIGH = (0.1, 0.9)         # routine and knowledge work for strengths (claim 6)


# ----- the scripted bosses ---------------------------------------------------------------------

def _boss(name: str, description: str, levers: tuple[str, ...] | Callable[[Level], dict],
          respond_like: str) -> Strategy:
    """A scripted boss for a check, answering events like one of the standard strategies."""
    def decide(model: OrgModel) -> Decision:
        budget = model.level.attention_budget
        attention = levers(model.level) if callable(levers) else spread(levers, budget)
        return Decision(attention=attention)
    return Strategy(name, description, decide, STRATEGIES[respond_like].respond_fn)


def _balanced_without_strengths(level: Level) -> dict[str, float]:
    """Claim 6's counterfactual: the balanced split, strengths' share given to the other levers."""
    half, table = level.attention_budget / 2, lever_table()
    lead = tuple(lid for lid in table.by_side("leadership") if lid != "strengths")
    return {**spread(lead, half), **spread(table.by_side("management"), half)}


CONTROL = _boss("control", "All attention on monitoring, control and deadlines.",
                ("control", "deadlines"), "manager")
NO_STRENGTHS = _boss("balanced_without_strengths",
                     "Balanced, with the strengths lever's points spread over the other "
                     "leadership levers.", _balanced_without_strengths, "balanced")


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
        for column in ("morale", "morale_stayers", "trust", "skill"):
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
        f"{CATCH_UP_BY}; final morale (of the team, and of those who stayed since the start), "
        "trust, skill higher and total quits lower than the manager's; at every team size.",
        tuple(comparisons))


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


def neglect_is_worst(runs: Runs) -> CheckResult:
    """Claim 5: neglect is worst; control without leadership burns knowledge workers out."""
    comparisons: list[Comparison] = []
    for level in (KNOWLEDGE, FACTORY):
        for size in runs.sizes:
            for column, what in (("output_cum", "output over the level"),
                                 ("morale", "final morale"),
                                 ("morale_stayers", "final morale of those who stayed")):
                comparisons.append(worst(
                    _where(level, size), what, runs.values(level, "neglect", size, column),
                    {o: runs.values(level, o, size, column) for o in NOT_NEGLECT}))
    for size in runs.sizes:
        where = _where(KNOWLEDGE, size)
        control = runs.values(KNOWLEDGE, CONTROL, size, "exhaustion")
        for other in ("balanced", "leader"):
            comparisons.append(paired(where, "final exhaustion", "control", control,
                                       other, runs.values(KNOWLEDGE, other, size, "exhaustion")))
        for column in ("morale", "morale_stayers"):
            comparisons.append(paired(
                where, f"final {column}", "control",
                runs.values(KNOWLEDGE, CONTROL, size, column),
                "balanced", runs.values(KNOWLEDGE, "balanced", size, column), higher=False))
    return CheckResult(
        "5. Neglect is worst; control burns people out",
        "Neglect is worst; control without leadership burns people out in knowledge work.",
        f"on {KNOWLEDGE} and {FACTORY}: the neglecting boss's cumulative output and final "
        "morale (of the team, and of those who stayed since the start) below every other "
        f"scripted boss's ({', '.join(NOT_NEGLECT)}); on "
        f"{KNOWLEDGE}: a boss spending everything on monitoring, control and deadlines ends "
        "with higher exhaustion than the balanced boss and the leader, and lower morale (team "
        "and stayers) than the balanced boss; at every team size.", tuple(comparisons))


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

