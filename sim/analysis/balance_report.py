"""The terminal table of `orgsim balance`: one block per level, the cross-level section and the
footer.

Why apart: the search (sim.analysis.balance) returns dataclasses; how they read on a terminal
is a separate job, shared by the CLI (which prints each level as soon as it is done) and
`BalanceReport.text()`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sim.analysis.balance_universal import RECIPE_STARS, UniversalResult
from sim.analysis.goal_thresholds import toml_line

if TYPE_CHECKING:
    from sim.analysis.balance import BalanceReport, LevelBalance, PolicyResult


def _seed_text(seeds: Sequence[int]) -> str:
    if len(seeds) > 2 and list(seeds) == list(range(seeds[0], seeds[0] + len(seeds))):
        return f"{seeds[0]}..{seeds[-1]}"
    return ",".join(map(str, seeds))


def _num(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}"


def _quarters(first: int, last: int) -> str:
    return f"q{first}-{last}" if last != first else f"q{first}"


def _phase_text(phase: dict[str, Any], budget_of: float) -> str:
    """'vision 25%, coach 20%, ... (spent 100%); hire 2, training 0.4, bonus team, events
    leadership': the top levers of one decision and its actions."""
    attention = phase["attention"]
    spent = sum(attention.values())
    ranked = sorted(attention.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = ranked[:5] if spent > 0 else []
    levers = ", ".join(f"{k} {v / spent:.0%}" for k, v in shown) or "nothing"
    if len(ranked) > len(shown) and shown:
        levers += f" +{len(ranked) - len(shown)} more"
    extras = [f"spent {spent / budget_of:.0%}" if budget_of > 0 else ""]
    if phase["hire"]:
        extras.append(f"hire {phase['hire']}")
    if phase["training"] >= 0.05:
        extras.append(f"training {phase['training']:.1f}")
    if phase["bonus"] != "none":
        extras.append(f"bonus {phase['bonus']}")
    if phase["events"] != "default":
        extras.append(f"events {phase['events']}")
    return f"{levers} ({'; '.join(e for e in extras if e)})"


def _row(name: str, result: PolicyResult, goals: list[str], width: int) -> str:
    cells = "".join(f"{_num(result.goals[g]):>{max(len(g), 9) + 2}}" for g in goals)
    return f"  {name:<{width}}{result.stars:>6.2f}{cells}"


def format_level(lb: LevelBalance) -> list[str]:
    """One level's table."""
    phases = ", ".join(_quarters(a, b) for a, b in lb.phases)
    width = max(32, *(len(r.name) + 4 for r in lb.degenerate))
    head = "".join(f"{g:>{max(len(g), 9) + 2}}" for g in lb.goals)
    fs, ps = lb.fixed_search, lb.phased_search
    lines = [
        f"{lb.level}: {lb.title} ({lb.quarters} quarters; phases {phases}; {lb.seconds:g} s)",
        f"  search: population {fs.population} x {fs.generations} generations, "
        f"{fs.runs:,} runs (fixed, {fs.dimensions} dims); population {ps.population} x "
        f"{ps.generations} generations, {ps.runs:,} runs (per phase, {ps.dimensions} dims)",
        f"  {'policy':<{width}}{'stars':>6}{head}",
    ]
    for plan in (lb.best_fixed, lb.best_phased):
        lines.append(_row(plan.name, plan, lb.goals, width)
                     + f"   (search seeds {plan.search_stars:.2f}, leadership "
                       f"{plan.leadership_share:.0%})")
        for phase in plan.plan["phases"]:
            lines.append(f"      {_quarters(*phase['quarters'])}: "
                         f"{_phase_text(phase, lb.attention_budget)}")
    for boss in lb.bosses:
        mark = "  <- best boss" if boss.name == lb.best_boss else ""
        lines.append(_row(f"boss {boss.name}", boss, lb.goals, width) + mark)
    for result in lb.degenerate:
        mark = "  <- EXPLOIT" if result.name in lb.exploits else ""
        lines.append(_row(f"  {result.name}", result, lb.goals, width) + mark)
    if lb.suggested_goals:
        lines.append("  suggested goals (orgsim balance --suggest-goals; the rule is in "
                     "sim/analysis/goal_thresholds.py):")
        lines.extend(f"      {toml_line(g)}" for g in lb.suggested_goals)
    if lb.exploits:
        lines.append(f"  EXPLOITS ({len(lb.exploits)}): {', '.join(lb.exploits)} reach the best "
                     f"boss ({lb.best_boss}, {lb.best_boss_stars:.2f} stars)")
    else:
        lines.append(f"  exploits: none (no degenerate policy reaches {lb.best_boss}'s "
                     f"{lb.best_boss_stars:.2f} stars)")
    return lines


def format_header(budget: int, seeds: Sequence[int], holdout: Sequence[int]) -> str:
    """The lines above the levels' tables: the budget and both seed sets."""
    return (f"orgsim balance: search budget {budget:,} runs per level on seeds "
            f"{_seed_text(seeds)}; every figure below is the mean over held-out seeds "
            f"{_seed_text(holdout)}\n"
            "stars: mean stars; goal columns: mean value; degenerate policies are indented\n\n")


def format_universal(u: UniversalResult) -> list[str]:
    """The cross-level table: each level's best fixed plan on every level, then the best single
    plan the universal search found, and whether it is a recipe."""
    width = {name: max(len(name), 6) + 2 for name in u.levels}
    label = max(36, *(len(n) + 21 for n in u.cross))
    head = "".join(f"{n:>{width[n]}}" for n in u.levels)
    lines = [f"one plan for every level ({len(u.levels)} levels, the first left out; search "
             f"{u.evaluations} plans in {u.runs:,} runs; held-out mean stars)",
             f"  {'plan':<{label}}{head}{'fewest':>9}"]
    for name, row in u.cross.items():
        cells = "".join(f"{row[n]:>{width[n]}.2f}" for n in u.levels)
        lines.append(f"  {'best fixed plan of ' + name:<{label}}{cells}"
                     f"{min(row.values()):>9.2f}")
    cells = "".join(f"{u.stars[n]:>{width[n]}.2f}" for n in u.levels)
    lines.append(f"  {'best single plan':<{label}}{cells}{u.fewest:>9.2f}")
    lines.append(f"      {_phase_text(u.plan, 1.0)}")
    verdict = (f"  RECIPE: one plan earns {u.fewest:.2f} >= {RECIPE_STARS:g} stars on every level"
               if u.recipe else
               f"  no universal recipe: the best single plan found earns {u.fewest:.2f} stars "
               f"on its weakest level (< {RECIPE_STARS:g})")
    lines.append(verdict)
    return lines


def format_lever_use(report: BalanceReport) -> str:
    """Which levers some best plan spends at least one point a quarter on, and which none."""
    most = report.lever_use()
    unused = [lever for lever, points in most.items() if points < 1.0]
    cells = ", ".join(f"{lever} {points:.1f}" for lever, points in most.items())
    return (f"most points per quarter on each lever in any best plan: {cells}\n"
            + (f"levers no best plan spends a point on: {', '.join(unused)}\n" if unused
               else "every lever is worth a point in some best plan\n"))


def format_footer(report: BalanceReport) -> str:
    exploited = [lb.level for lb in report.levels if lb.exploits]
    text = format_lever_use(report) + "\n" if len(report.levels) > 1 else ""
    if report.universal is not None:
        text += "\n".join(format_universal(report.universal)) + "\n\n"
    return text + (f"levels with exploits: {', '.join(exploited)}\n" if exploited
                   else "no exploits on any level\n")


def format_report(report: BalanceReport) -> str:
    """The whole report as the terminal table."""
    return (format_header(report.budget, report.search_seeds, report.holdout_seeds)
            + "".join("\n".join(format_level(lb)) + "\n\n" for lb in report.levels)
            + format_footer(report))

