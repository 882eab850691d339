"""`orgsim balance` across levels: one plan searched for all levels at once (no universal
recipe), each level's best plan on the others, which levers some best plan uses, and goal
thresholds suggested by the shipped levels' rule."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from cli_helpers import one_sentence, orgsim

import sim
from sim.analysis.balance import balance
from sim.analysis.balance_plans import BalanceError, PhasePlan, Plan
from sim.analysis.balance_report import format_footer
from sim.analysis.balance_universal import RECIPE_STARS, adapt, contested, in_shares
from sim.analysis.goal_thresholds import rule, three_stars, toml_line
from sim.levels import Actions, Goal

TINY = {"budget": 60, "seeds": "1,2", "holdout": "9000,9001"}


def test_a_plan_in_shares_becomes_each_levels_own() -> None:
    knowledge, startup = sim.load_level("knowledge_team"), sim.load_level("startup")
    shares = PhasePlan(1, 1, {"vision": 0.5, "plan": 0.3}, hire=3, training=0.4, bonus="team",
                       events="leadership")
    on_startup = adapt(shares, startup).phases[0]
    assert on_startup.attention == pytest.approx({"vision": 0.5 * startup.attention_budget,
                                                  "plan": 0.3 * startup.attention_budget})
    assert on_startup.hire == min(3, startup.actions.max_hires) > 0
    assert (on_startup.first, on_startup.last) == (1, startup.quarters)
    # The knowledge team cannot hire or train: those actions are dropped, not refused.
    on_knowledge = adapt(shares, knowledge).phases[0]
    assert not knowledge.actions.hire and on_knowledge.hire == 0
    assert on_knowledge.training == (0.4 if knowledge.actions.training else 0.0)
    assert on_knowledge.events == "leadership"
    # ... and it plays as a legal decision log.
    short = dataclasses.replace(knowledge, quarters=2, phases=())
    sim.run(short, decisions=adapt(shares, short).decisions(short), seed=1)
    back = in_shares(adapt(shares, startup), startup)
    assert back.attention == pytest.approx(shares.attention) and back.hire == on_startup.hire


def test_the_first_level_is_left_out_of_the_contest() -> None:
    levels = [sim.load_level(name) for name in sim.level_names()]
    names = [lv.name for lv in contested(levels)]
    assert "tutorial" not in names and len(names) == len(levels) - 1


@pytest.mark.slow
def test_the_universal_search_reports_every_level_and_the_cross_table() -> None:
    report = balance(["tutorial", "knowledge_team", "factory_floor"], universal_budget=80,
                     jobs=2, **TINY)
    u = report.universal
    assert u is not None and u.levels == ["knowledge_team", "factory_floor"]
    assert set(u.stars) == set(u.levels) and u.fewest == min(u.stars.values())
    assert u.recipe == (u.fewest >= RECIPE_STARS)
    assert set(u.cross) == set(u.levels)          # each level's own best plan on every level
    for name, row in u.cross.items():
        own = next(lb for lb in report.levels if lb.level == name)
        assert row[name] == own.best_fixed.stars  # the same plan on the same seeds
    # The universal plan replays to its reported stars.
    shares = Plan.from_dict({"phases": [{**u.plan, "quarters": [1, 1]}]}).phases[0]
    level = sim.load_level("factory_floor")
    stars = [sim.stars(sim.score(level, sim.run(level, decisions=adapt(shares, level)
                                                .decisions(level), seed=s)))
             for s in (9000, 9001)]
    assert np.mean(stars) == u.stars["factory_floor"]
    text = format_footer(report)
    assert "one plan for every level" in text and "best fixed plan of factory_floor" in text
    assert ("no universal recipe" in text) != u.recipe
    use = report.lever_use()
    assert set(use) == set(sim.lever_table().ids)
    spent = max(points for lb in report.levels for plan in (lb.best_fixed, lb.best_phased)
                for phase in plan.plan["phases"] for points in phase["attention"].values())
    assert max(use.values()) == pytest.approx(spent)


@pytest.mark.slow
def test_no_universal_search_for_one_level_or_a_zero_budget() -> None:
    assert balance("tutorial", **TINY).universal is None
    assert balance(["tutorial", "knowledge_team"], universal_budget=0, **TINY).universal is None


def _level_with(goals: tuple[Goal, ...]) -> sim.Level:
    return dataclasses.replace(sim.load_level("tutorial"), goals=goals, actions=Actions())


def test_the_goal_rule() -> None:
    level = _level_with((Goal("output_cum", "output", (1.0, 2.0, 3.0)),
                         Goal("quits", "quits", (9.0, 5.0, 2.0), better="lower"),
                         Goal("budget_left", "money", (0.0, 1.0, 2.0))))
    seeds = 10
    column = np.arange(seeds, dtype=float)
    values = {  # columns: output, quits, budget_left
        "neglect": np.stack([column, 30 - column, 50 + column], axis=1),
        "leader": np.stack([100 + column, 10 + column, 40 + column], axis=1),
        "manager": np.stack([200 + column, 12 + column, 45 + column], axis=1),
        "balanced": np.stack([300 + column, 8 + column, 30 + column], axis=1),
        "best": np.stack([400 + column, 3 + column, 10 + column], axis=1),
    }
    output, quits, money = rule(level, values)
    one = 0.5 * (np.percentile(column, 90) + np.median(100 + column))
    three = np.mean(400 + column) - 2 * np.std(column)     # below the 10th percentile here
    assert three < np.percentile(400 + column, 10)
    middle = 0.5 * (np.median(300 + column) + three)
    assert middle > one + 0.8 * (three - one)           # so two stars are clipped to 80%
    # rounded as the level file writes them (whole numbers here), never making a goal harder
    assert output.suggested == [np.floor(one), np.floor(one + 0.8 * (three - one)),
                                np.floor(three)]
    # Lower is better: the rule works on the negated values and gives them back.
    q_one = -0.5 * (np.percentile(-(30 - column), 90) + min(np.median(-(10 + column)),
                                                           np.median(-(12 + column))))
    assert quits.suggested[0] == np.ceil(q_one)
    assert quits.suggested[0] > quits.suggested[1] > quits.suggested[2]
    assert quits.suggested[2] == np.ceil(3 + np.mean(column) + 2 * np.std(column))
    # Keeping money by doing nothing beats the best plan: a constraint, left as set by hand.
    assert money.suggested is None and money.now == [0.0, 1.0, 2.0]
    assert "kept" in toml_line(money) and "(now [1, 2, 3])" in toml_line(output)
    # below 10, hundredths, still in the player's favour
    small = {k: v / 100 + 0.001 for k, v in values.items()}     # not whole numbers
    small_output = rule(level, small)[0]
    assert three / 100 + 0.001 == pytest.approx(3.9886, abs=1e-4)
    assert small_output.suggested[2] == 3.98


def test_two_stars_stay_between_one_and_three_and_money_never_rewards_overspending() -> None:
    level = _level_with((Goal("budget_left", "money", (0.0, 1.0, 2.0)),))
    column = np.arange(10, dtype=float)
    values = {"neglect": -500 + column[:, None], "leader": -300 + column[:, None],
              "manager": -400 + column[:, None], "balanced": 1000 + column[:, None],
              "best": 200 + column[:, None]}
    (money,) = rule(level, values)
    one, two, three = money.suggested
    assert one == 0.0                                   # not the bosses' overspending
    assert three == np.floor(200 + np.mean(column) - 2 * np.std(column))
    assert two == np.floor(one + 0.8 * (200 + np.mean(column) - 2 * np.std(column) - one))


def test_three_stars_take_the_easier_of_the_percentile_and_two_sds_below_the_mean() -> None:
    steady = np.array([0.0] * 11 + [100.0] * 89)   # a heavy low tail: the percentile is easier
    assert three_stars(steady) == pytest.approx(np.percentile(steady, 10))
    assert three_stars(steady) < np.mean(steady) - 2 * np.std(steady)
    noisy = np.arange(10.0) * 10                   # wide spread: two sds below the mean
    assert three_stars(noisy) == pytest.approx(np.mean(noisy) - 2 * np.std(noisy))


@pytest.mark.slow
def test_the_cli_suggests_goals_on_their_own_seeds(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    done = orgsim("balance", "tutorial", "--budget", "60", "--seeds", "1,2", "--holdout",
                  "9000,9001", "--suggest-goals", "--goal-seeds", "20..23", "--jobs", "1",
                  "--json", str(out), cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "suggested goals" in done.stdout and "output_cum: stars = [" in done.stdout
    (lb,) = json.loads(out.read_text(encoding="utf-8"))["levels"]
    assert [g["metric"] for g in lb["suggested_goals"]] == ["output_cum", "morale"]
    for g in lb["suggested_goals"]:
        low, mid, high = g["suggested"]
        assert low < mid < high


@pytest.mark.parametrize(("args", "expected"), [
    (["--universal-budget", "-1"], "--universal-budget must be a whole number of runs"),
    (["--suggest-goals", "--goal-seeds", "9000..9002"], "--goal-seeds may not share a seed"),
])
def test_bad_cross_level_flags_are_one_sentence(tmp_path: Path, args: list[str],
                                                expected: str) -> None:
    done = orgsim("balance", "tutorial", *args, cwd=tmp_path)
    assert done.returncode == 1
    assert expected in one_sentence(done.stderr)


def test_the_api_refuses_overlapping_goal_seeds() -> None:
    with pytest.raises(BalanceError, match="--goal-seeds"):
        balance("tutorial", goal_seeds="1,2", **TINY)


def test_the_search_starts_from_the_adaptive_bosss_decisions_per_phase() -> None:
    from sim.analysis.balance_plans import adaptive_phase_plans, phases_of

    level = sim.load_level("factory_floor")
    phases = phases_of(level)
    plans = adaptive_phase_plans(level, phases, seed=3)
    assert [(p.first, p.last) for p in plans] == list(phases)
    model = sim.OrgModel(level, strategy="adaptive", seed=3)
    model.run()
    for plan in plans:
        mine = model.decisions[plan.first - 1:plan.last]
        assert sum(plan.attention.values()) <= level.attention_budget + 1e-9
        for lever, points in plan.attention.items():
            assert points == pytest.approx(np.mean([d.attention.get(lever, 0.0) for d in mine]))
        assert plan.training == pytest.approx(np.mean([d.training for d in mine]))
    # The peak season (worth more) gets more of the push for output than the steady phase.
    steady, peak = plans[0], plans[1]
    assert peak.attention.get("deadlines", 0.0) > steady.attention.get("deadlines", 0.0)
