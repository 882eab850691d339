"""`orgsim balance`: plans as vectors, the search's guarantees, the report and the CLI's errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from cli_helpers import one_sentence, orgsim

import sim
from sim.analysis.balance import PlanObjective, Runner, balance, minimise, search_shape
from sim.analysis.balance_plans import (
    BalanceError,
    Layout,
    Plan,
    RunScore,
    archetype_phase_plans,
    degenerate_policies,
    phases_of,
    play,
    run_score,
    search_score,
    search_score_bound,
)
from sim.analysis.balance_universal import UniversalObjective, universal_layout
from sim.analysis.progress import Progress
from sim.analysis.racing import HardestFirst, Race
from sim.levels import Goal

TINY = {"budget": 60, "seeds": "1,2", "holdout": "9000,9001"}


def test_a_plan_vector_round_trips_and_plays_as_a_legal_log() -> None:
    level = sim.load_level("startup")
    layout = Layout.for_level(level, phases_of(level))
    for name, phase_plans in archetype_phase_plans(level, layout.phases).items():
        plan = layout.decode(layout.encode(phase_plans))
        for got, want in zip(plan.phases, phase_plans, strict=True):
            assert got.attention.keys() == want.attention.keys(), name
            assert np.allclose(list(got.attention.values()), list(want.attention.values()))
            assert got.events == want.events
        log = plan.decisions(level)
        assert len(log) == level.quarters
        for decision in log:
            sim.validate_decision(decision, level)
    # Any point of the box is a legal plan: hires whole and within the level's maximum.
    lows, highs = np.array(layout.bounds()).T
    for x in np.random.default_rng(0).uniform(lows, highs, size=(20, len(lows))):
        for decision in layout.decode(x).decisions(level):
            sim.validate_decision(decision, level)
            assert 0 <= decision.hire <= level.actions.max_hires


def test_a_level_without_an_action_has_no_dimension_for_it() -> None:
    tutorial = sim.load_level("tutorial")              # no hiring in the tutorial
    startup = sim.load_level("startup")
    assert Layout.for_level(startup, ((1, 12),)).block == \
        Layout.for_level(tutorial, ((1, 4),)).block + 1


def test_phases_are_the_levels_own_or_thirds() -> None:
    assert phases_of(sim.load_level("knowledge_team")) == ((1, 4), (5, 6), (7, 12))
    assert phases_of(sim.load_level("tutorial")) == ((1, 2), (3, 3), (4, 4))
    short = sim.load_level("knowledge_team").with_overrides(quarters=5)
    assert phases_of(short) == ((1, 4), (5, 5))


def test_progress_runs_towards_the_next_star_for_both_directions() -> None:
    level = sim.load_level("tutorial")
    up = Goal("output_cum", "out", (200.0, 300.0, 400.0))
    down = Goal("quits", "quits", (10.0, 5.0, 1.0), better="lower")
    scored = run_score(level, [sim.GoalResult(up, 250.0, 1), sim.GoalResult(down, 7.5, 1)])
    assert scored.stars == 1 and scored.progress == pytest.approx(0.5)
    # Only the weakest goals count: a goal far ahead does not hide one that lags.
    scored = run_score(level, [sim.GoalResult(up, 390.0, 2), sim.GoalResult(down, 9.0, 1)])
    assert scored.stars == 1 and scored.progress == pytest.approx(0.2)


def test_the_search_score_ranks_as_mean_stars_do() -> None:
    level = sim.load_level("tutorial")
    goal = Goal("output_cum", "out", (200.0, 300.0, 400.0))

    def runs(*pairs: tuple[int, float]) -> list:
        return [run_score(level, [sim.GoalResult(goal, v, s)]) for s, v in pairs]

    # One more star on one seed beats the most progress anywhere else.
    better = runs((1, 200.0), (2, 300.0), (1, 200.0))
    nearly = runs((1, 299.9), (1, 299.9), (1, 299.9))
    assert search_score(better) > search_score(nearly)
    assert search_score(nearly) > search_score(runs((1, 250.0), (1, 250.0), (1, 250.0)))


def test_the_bound_is_never_below_the_score_and_is_reached_by_full_marks() -> None:
    rng = np.random.default_rng(5)
    for _ in range(300):
        n = int(rng.integers(1, 7))
        scores = [RunScore(int(rng.integers(0, 4)), float(rng.uniform()), ()) for _ in range(n)]
        for k in range(n + 1):
            assert search_score_bound(scores[:k], n) >= search_score(scores) - 1e-12
        full = scores[:2] + [RunScore(3, 1.0, ())] * (n - 2)
        assert search_score_bound(scores[:2], n) == pytest.approx(search_score(full), abs=1e-12)


def test_a_race_stops_only_a_plan_that_cannot_win_and_plays_the_rest_in_full() -> None:
    level = sim.load_level("knowledge_team")
    layout = Layout.for_level(level, ((1, level.quarters),))
    objective = PlanObjective(level, layout, (1, 2, 3))
    x = layout.encode(archetype_phase_plans(level, layout.phases)["manager"])
    energy = objective(x)
    full = objective.race(x, float("inf"))
    assert (full.energy, full.runs, [unit for unit, _ in full.stars]) == (energy, 3, [0, 1, 2])
    tie = objective.race(x, energy)                               # a tie still wins: in full
    assert (tie.energy, tie.runs) == (energy, 3)
    stopped = objective.race(x, -3.5)                             # 3.5 stars: out of reach
    assert stopped.runs == 1 and stopped.energy > -3.5
    # In another order: the same energy in full (the seeds added up in their own order), and
    # the first run played is the order's first.
    backwards = objective.race(x, float("inf"), order=(2, 0, 1))
    assert backwards.energy == energy and [u for u, _ in backwards.stars] == [2, 0, 1]
    assert sorted(backwards.stars) == sorted(full.stars)
    assert objective.race(x, -3.5, order=(2, 0, 1)).stars == backwards.stars[:1]
    # The universal search's race, level by level: in full when it can win, else stopped.
    levels = [sim.load_level("tutorial"), sim.load_level("startup")]
    universal = UniversalObjective(levels, universal_layout(levels), (1, 2))
    y = np.array(universal_layout(levels).bounds()).mean(axis=1)      # the box's middle
    whole = universal.race(y, float("inf"))
    assert (whole.energy, whole.runs) == (universal(y), 4)
    stopped = universal.race(y, -4.0)
    assert stopped.runs == 1 and stopped.energy > -4.0
    # Units are level x seed: startup's runs first give the same energy, in full.
    startup_first = universal.race(y, float("inf"), order=(2, 3, 0, 1))
    assert startup_first.energy == whole.energy
    assert [u for u, _ in startup_first.stars] == [2, 3, 0, 1]
    assert dict(startup_first.stars) == dict(whole.stars)


def test_the_hardest_runs_are_raced_first_learning_only_from_what_it_is_given() -> None:
    hardest = HardestFirst(4)
    assert hardest.order() == (0, 1, 2, 3)                    # nothing learnt: their own order
    hardest.record([Race(-1.0, 2, ((2, 1), (0, 3))), Race(-2.0, 3, ((2, 3), (3, 0), (1, 3)))])
    # Lost per play: unit 3 three of one, unit 2 two of two, units 0 and 1 none.
    assert hardest.order() == (3, 2, 0, 1)
    hardest.record([Race(-1.0, 1, ((0, 0),))] * 3)            # unit 0: nine lost in four plays
    assert hardest.order() == (3, 0, 2, 1)


def test_racing_takes_the_same_path_to_the_same_plan_in_fewer_runs() -> None:
    level = sim.load_level("knowledge_team")
    layout = Layout.for_level(level, ((1, level.quarters),))
    seeded = [layout.encode(p) for p in archetype_phase_plans(level, layout.phases).values()]
    objective = PlanObjective(level, layout, (1, 2, 3))
    quiet = Runner(1, Progress(0, enabled=False))
    found = [minimise(objective, layout, 3, 48, seeded, quiet, race=race) for race in (False, True)]
    quiet.close()
    (plan, score, full), (raced_plan, raced_score, raced) = found
    assert raced_plan == plan and raced_score == score
    assert (raced.population, raced.generations, raced.evaluations) == \
        (full.population, full.generations, full.evaluations)
    assert full.runs == 3 * full.evaluations
    assert raced.runs < full.runs
    assert "racing" in raced.optimiser and "racing" not in full.optimiser


@pytest.mark.parametrize("jobs", (1, 2))
def test_a_search_collects_garbage_less_often_and_then_as_before(jobs: int) -> None:
    """While a Runner is open, it and its workers use `SEARCH_GC_THRESHOLD`; closed, this
    process has its own thresholds back."""
    import gc
    import operator

    from sim.analysis.balance import SEARCH_GC_THRESHOLD
    before = gc.get_threshold()
    assert before != SEARCH_GC_THRESHOLD
    runner = Runner(jobs, Progress(0, enabled=False))
    try:
        seen = runner.map(operator.call, [gc.get_threshold] * 4, 0)
        assert gc.get_threshold() == SEARCH_GC_THRESHOLD
    finally:
        runner.close()
    assert seen == [SEARCH_GC_THRESHOLD] * 4
    assert gc.get_threshold() == before


def test_search_shape_stays_within_the_budget() -> None:
    for evaluations in (5, 10, 50, 133, 1000, 100_000):
        population, generations = search_shape(evaluations)
        assert 5 <= population <= 60
        assert population * (generations + 1) <= max(evaluations, population)


def test_degenerate_policies_follow_the_levels_actions() -> None:
    startup = {p.name for p in degenerate_policies(sim.load_level("startup"))}
    tutorial = {p.name for p in degenerate_policies(sim.load_level("tutorial"))}
    assert {f"all on {lever}" for lever in sim.lever_table().ids} <= startup
    assert {"never spend", "hire the maximum", "let everyone go"} <= startup
    assert "hire the maximum" not in tutorial           # the tutorial does not allow hiring
    emptied = next(p for p in degenerate_policies(sim.load_level("tutorial"))
                   if p.name == "let everyone go")
    assert play(sim.load_level("tutorial"), emptied, seed=1).values[0] == 0.0  # no output


@pytest.mark.slow
def test_the_api_report_on_the_tutorial_holds_its_guarantees() -> None:
    level = sim.load_level("tutorial")
    report = balance("tutorial", **TINY)
    assert report.search_seeds == [1, 2] and report.holdout_seeds == [9000, 9001]
    (lb,) = report.levels
    assert lb.level == "tutorial" and lb.phases == [(1, 2), (3, 3), (4, 4)]
    assert [b.name for b in lb.bosses] == list(sim.STRATEGIES)
    assert lb.best_boss_stars == max(b.stars for b in lb.bosses)
    assert lb.exploits == [d.name for d in lb.degenerate if d.stars >= lb.best_boss_stars]
    for result in (lb.best_fixed, lb.best_phased, *lb.bosses, *lb.degenerate):
        assert 0.0 <= result.stars <= 3.0
        assert set(result.goals) == {"output_cum", "morale"}
    # The search starts from the archetypes, so it never ends below the balanced boss's plan
    # on its own seeds; the plan per phase starts from the best fixed plan, so not below it.
    layout = Layout.for_level(level, ((1, level.quarters),))
    balanced = layout.encode(archetype_phase_plans(level, layout.phases)["balanced"])
    balanced_score = -PlanObjective(level, layout, (1, 2))(balanced)
    assert lb.best_fixed.search_score >= balanced_score
    assert lb.best_phased.search_score >= lb.best_fixed.search_score
    assert lb.fixed_search.runs <= lb.fixed_search.evaluations * 2   # racing stops some
    assert lb.fixed_search.runs + lb.phased_search.runs <= TINY["budget"]
    # The reported plan is the plan: replayed on the held-out seeds it earns its stars.
    fixed = Plan.from_dict(lb.best_fixed.plan)
    replayed = [sim.stars(sim.score(level, sim.run(level, decisions=fixed.decisions(level),
                                                   seed=s))) for s in (9000, 9001)]
    assert np.mean(replayed) == lb.best_fixed.stars


@pytest.mark.slow
def test_the_report_is_the_same_for_any_number_of_jobs() -> None:
    one = balance("tutorial", jobs=1, **TINY).to_dict()
    two = balance("tutorial", jobs=2, **TINY).to_dict()
    for report in (one, two):
        for lb in report["levels"]:
            lb.pop("seconds")
    assert one == two


@pytest.mark.slow
def test_the_cli_prints_the_table_and_writes_json_on_a_real_level(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    done = orgsim("balance", "startup", "--budget", "60", "--seeds", "1,2", "--holdout",
                  "9000..9002", "--jobs", "2", "--json", str(out), cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "it/s" not in done.stderr  # no bar in a pipe
    for text in ("startup: The Start-up That Must Grow", "best fixed plan",
                 "best plan per phase", "boss adaptive", "hire the maximum", "let everyone go",
                 "one-to-ones only (recognise)", "all on staffing", "held-out seeds 9000..9002"):
        assert text in done.stdout
    assert "exploits: none" in done.stdout or "EXPLOITS (" in done.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["budget"] == 60 and data["holdout_seeds"] == [9000, 9001, 9002]
    (lb,) = data["levels"]
    assert lb["level"] == "startup" and lb["quarters"] == 12
    for key in ("best_fixed", "best_phased"):
        plan = lb[key]
        assert len(plan["plan"]["phases"]) == (1 if key == "best_fixed" else 3)
        assert 0.0 <= plan["leadership_share"] <= 1.0
        assert plan["top_levers"] == sorted(plan["top_levers"], key=lambda t: (-t[1], t[0]))
    assert {"quarters", "attention", "hire", "training", "bonus", "events"} == \
        set(lb["best_fixed"]["plan"]["phases"][0])
    assert isinstance(lb["exploits"], list)


@pytest.mark.slow
def test_the_cli_json_to_stdout_on_the_tutorial(tmp_path: Path) -> None:
    done = orgsim("balance", "tutorial", "--budget", "60", "--seeds", "2", "--holdout",
                  "9000..9001", "--jobs", "1", "--json", "-", cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)                  # nothing but the JSON on stdout
    assert [lb["level"] for lb in data["levels"]] == ["tutorial"]
    assert data["search_seeds"] == [0, 1] and data["holdout_seeds"] == [9000, 9001]


BAD_LEVEL = """name = "broken"
title = "Broken"
briefing = "x"
knowledge_share = 2.0
team_size = 5
quarters = 4
attention_budget = 8
"""


@pytest.mark.parametrize(("args", "expected"), [
    (["no_such_level"], "unknown level 'no_such_level'"),
    (["tutorial", "--budget", "0"], "--budget must be from"),
    (["tutorial", "--budget", "-5"], "--budget must be from"),
    (["tutorial", "--budget", "10000000000"], "--budget must be from"),
    (["tutorial", "--jobs", "0"], "--jobs must be a whole number from 1"),
    (["tutorial", "--jobs", "100000"], "--jobs must be a whole number from 1"),
    (["tutorial", "--seeds", "1..3", "--holdout", "3..5"], "share seed 3"),
    (["tutorial", "--seeds", "lots"], "--seeds: expected a count"),
    (["tutorial", "--holdout", "0"], "--holdout: give from 1"),
    (["broken.toml"], "broken.toml: key 'knowledge_share' must be between 0 and 1"),
])
def test_bad_input_is_one_sentence_and_a_failure(tmp_path: Path, args: list[str],
                                                  expected: str) -> None:
    (tmp_path / "broken.toml").write_text(BAD_LEVEL, encoding="utf-8")
    done = orgsim("balance", *args, cwd=tmp_path)
    assert done.returncode == 1
    assert expected in one_sentence(done.stderr)
    assert done.stdout == ""


@pytest.mark.parametrize("flag", ["--budget", "--jobs"])
def test_a_flag_that_is_not_a_number_is_refused_by_the_parser(tmp_path: Path, flag: str) -> None:
    done = orgsim("balance", "tutorial", flag, "many", cwd=tmp_path)
    assert done.returncode == 2
    assert "expected a whole number, got 'many'" in one_sentence(done.stderr)


def test_the_api_checks_its_arguments_before_any_run() -> None:
    with pytest.raises(BalanceError, match="--budget must be a whole number"):
        balance("tutorial", budget=12.5)
    with pytest.raises(BalanceError, match="--jobs"):
        balance("tutorial", jobs=True)
    with pytest.raises(sim.LevelError, match="unknown level"):
        balance("nowhere")

