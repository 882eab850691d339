"""Hostile input to the library (levels, decisions, decision logs) and exact explanations in the
corners (clipping, a team of one, an empty team, a team that refills). Each test here failed on
the fuzz-found defects of issue 7 before they were fixed."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import numpy as np
import pytest

import sim
from sim import Decision, DecisionError, LevelError, OneToOne
from sim.levels import Actions
from sim.paths import levels_dir

GOOD_LEVEL = (levels_dir() / "tutorial.toml").read_text(encoding="utf-8")
MAX_MESSAGE = 400


def _level_with(tmp_path: Path, extra: str, name: str = "probe.toml") -> Path:
    path = tmp_path / name
    path.write_text(GOOD_LEVEL + "\n" + extra, encoding="utf-8")
    return path


def _refusal(call, *args, error=sim.OrgsimError, **kwargs) -> str:
    with pytest.raises(error) as caught:
        call(*args, **kwargs)
    message = str(caught.value)
    assert "\n" not in message and len(message) < MAX_MESSAGE, message
    return message


def assert_exact(model: sim.OrgModel) -> None:
    """Every finished quarter's team and worker explanations add up to the change."""
    for quarter in range(1, model.quarter + 1):
        team = model.explain(quarter)
        assert team.start + sum(team.contributions.values()) == pytest.approx(team.end, abs=1e-9)
        for worker_id in model.explainer.records[quarter].ids[:5].tolist():
            one = model.explain(quarter, worker=worker_id)
            assert 0.0 <= one.end <= 1.0
            assert one.start + sum(one.contributions.values()) == pytest.approx(one.end,
                                                                                abs=1e-9)


# ----- 4. NaN and other non-numbers ----------------------------------------------------------
@pytest.mark.parametrize("text", ['[{"attention": {"vision": NaN}}]',
                                  '[{"attention": {"vision": Infinity}}]',
                                  '[{"attention": {"vision": 1e400}}]',
                                  '[{"training": -Infinity}]'])
def test_a_decision_log_with_nan_or_infinity_is_refused(tmp_path: Path, text: str):
    path = tmp_path / "log.json"
    path.write_text(text, encoding="utf-8")
    message = _refusal(sim.load_decision_log, path, error=DecisionError)
    assert "log.json" in message


def test_nan_in_a_decision_built_in_python_is_refused():
    model = sim.OrgModel("tutorial", seed=1)
    message = _refusal(model.set_decision, Decision(attention={"vision": float("nan")}),
                       error=DecisionError)
    assert "'attention'" in message


# ----- 5. explanations exact when morale is clipped, and at the team's extremes --------------
def test_explanations_add_up_when_morale_is_clipped_at_zero():
    model = sim.OrgModel("factory_floor", seed=1, team_size=60)
    ids = [w.unique_id for w in model.workers]
    model.set_decision(Decision(attention={"plan": 5.0, "vision": 5.0}, let_go=tuple(ids[1:])))
    model.run_quarter()
    team = model.explain(1)
    assert team.end == 0.0
    assert "held at the end of the 0-1 scale" in team.contributions
    assert_exact(model)


OPEN = dataclasses.replace(sim.load_level("tutorial"), actions=Actions(max_hires=3),
                           attention_budget=10.0)


def test_explanations_add_up_for_a_team_of_one():
    model = sim.OrgModel(OPEN, strategy="random", seed=4, team_size=1, quarters=3)
    model.run()
    assert_exact(model)


def test_explanations_add_up_for_an_empty_team_that_refills():
    model = sim.OrgModel(OPEN, seed=2, team_size=4, quarters=4)
    everyone = tuple(w.unique_id for w in model.workers)
    model.set_decision(Decision(attention={"vision": 2.0}, let_go=everyone))
    model.run_quarter()
    assert model.headcount == 0
    model.set_decision(Decision(attention={"coach": 2.0}))
    model.run_quarter()                                     # a quarter with nobody at all
    model.set_decision(Decision(attention={"plan": 2.0}, hire=3))
    model.run_quarter()
    model.run_quarter()
    assert model.headcount == 3
    table = model.table()
    assert not table.isna().any().any()
    assert_exact(model)


# ----- 7. bounded reads: FIFOs, devices, huge decks ------------------------------------------
def test_a_fifo_or_a_device_as_a_level_or_log_is_refused_at_once(tmp_path: Path):
    fifo = tmp_path / "level.toml"
    os.mkfifo(fifo)
    assert "not a regular file" in _refusal(sim.load_level, fifo, error=LevelError)
    log = tmp_path / "log.json"
    os.mkfifo(log)
    assert "not a regular file" in _refusal(sim.load_decision_log, log, error=DecisionError)
    zero = tmp_path / "zero.toml"
    zero.symlink_to("/dev/zero")
    assert "not a regular file" in _refusal(sim.load_level, zero, error=LevelError)


def test_a_huge_file_is_refused_before_it_is_parsed(tmp_path: Path):
    path = _level_with(tmp_path, "# " + "x" * 6_000_000)
    assert "too large" in _refusal(sim.load_level, path, error=LevelError)


def _events(count: int, same_id: bool = False) -> str:
    return "".join(
        f'[[events]]\nid = "e{0 if same_id else i}"\ntitle = "t"\ntext = "t"\nchance = 0.1\n'
        for i in range(count))


def test_a_deck_of_fifty_thousand_events_is_refused_quickly(tmp_path: Path):
    path = _level_with(tmp_path, _events(50_000))
    started = time.perf_counter()
    message = _refusal(sim.load_level, path, error=LevelError)
    assert "events" in message and "at most" in message
    assert time.perf_counter() - started < 10.0      # was 151 s (a quadratic id check)


def test_duplicate_event_ids_are_found_in_a_full_deck(tmp_path: Path):
    path = _level_with(tmp_path, _events(400) + _events(1, same_id=True))
    assert "share the id 'e0'" in _refusal(sim.load_level, path, error=LevelError)


def test_deep_nesting_and_overlong_numbers_are_refused(tmp_path: Path):
    deep = _level_with(tmp_path, "deep = " + "[" * 5000 + "]" * 5000, "deep.toml")
    assert "nested" in _refusal(sim.load_level, deep, error=LevelError)
    stars = GOOD_LEVEL.replace("stars = [", "stars = [" + "9" * 401 + ", ", 1)
    path = tmp_path / "stars.toml"
    path.write_text(stars, encoding="utf-8")
    assert "too large" in _refusal(sim.load_level, path, error=LevelError)
    log = tmp_path / "deep.json"
    log.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert "nested" in _refusal(sim.load_decision_log, log, error=DecisionError)


# ----- 8. messages quote at most a little of the input ---------------------------------------
def test_messages_do_not_echo_a_huge_value(tmp_path: Path):
    huge = "a" * 200_000
    path = tmp_path / "probe.toml"
    path.write_text(GOOD_LEVEL.replace('name = "tutorial"', f'name = "{huge}"'),
                    encoding="utf-8")
    _refusal(sim.load_level, path, error=LevelError)
    path.write_text(GOOD_LEVEL + f'\n{huge} = 1\n', encoding="utf-8")
    _refusal(sim.load_level, path, error=LevelError)
    _refusal(sim.load_level, huge, error=LevelError)
    model = sim.OrgModel("tutorial", seed=1)
    _refusal(model.set_decision, Decision(attention={huge: 1.0}), error=DecisionError)
    _refusal(model.set_decision, Decision(bonus=huge), error=DecisionError)


# ----- 9. the public API checks types and raises its own errors ------------------------------
@pytest.mark.parametrize("decision", [
    Decision(attention=[1.0]),                                  # type: ignore[arg-type]
    Decision(attention={"vision": True}),
    Decision(attention={"vision": 1 + 2j}),                     # type: ignore[dict-item]
    Decision(attention={"vision": {"a": 1}}),                   # type: ignore[dict-item]
    Decision(hire=-0.0),                                        # type: ignore[arg-type]
    Decision(hire=[1]),                                         # type: ignore[arg-type]
    Decision(training=float("nan")),
    Decision(bonus=True),                                       # type: ignore[arg-type]
    Decision(let_go=(True,)),
    Decision(let_go={"a": 1}),                                  # type: ignore[arg-type]
    Decision(one_to_one=(OneToOne("coach", [1]),)),             # type: ignore[arg-type]
    Decision(one_to_one=("coach",)),                            # type: ignore[arg-type]
    Decision(responses={"x": 1}),                               # type: ignore[dict-item]
    "not a decision",
], ids=lambda d: repr(d)[:40])
def test_the_api_refuses_wrong_types_with_a_decision_error(decision: object):
    model = sim.OrgModel("startup", seed=1)
    _refusal(model.set_decision, decision, error=DecisionError)


@pytest.mark.parametrize("seed", [-1, 1.5, True, "7", 2**64])
def test_a_bad_seed_is_one_sentence(seed: object):
    message = _refusal(sim.OrgModel, "tutorial", seed=seed)
    assert "seed" in message


# ----- 10. accepted when it should not be -----------------------------------------------------
def test_a_log_longer_than_the_level_is_refused():
    log = [Decision(attention={"vision": 1.0})] * 20
    message = _refusal(sim.run, "knowledge_team", decisions=log, seed=1, error=DecisionError)
    assert "20 decisions" in message and "12 quarters" in message


def test_let_go_true_is_not_worker_one(tmp_path: Path):
    path = tmp_path / "log.json"
    path.write_text('[{"let_go": [true]}]', encoding="utf-8")
    assert "'let_go'" in _refusal(sim.load_decision_log, path, error=DecisionError)


def test_an_event_saving_never_makes_a_quarters_cost_negative(tmp_path: Path):
    """A cost below zero is a saving; the largest a level allows, on a tiny team, still
    leaves the quarter's cost at zero or more (and the budget never grows from it)."""
    path = _level_with(tmp_path, '[[events]]\nid = "windfall"\ntitle = "t"\ntext = "t"\n'
                                 'quarter = 1\nweek = 2\neffects = { cost = -5 }\n')
    table = sim.OrgModel(path, strategy="neglect", seed=1, team_size=2).run()
    assert (table["cost"] >= 0).all()
    assert table["cost"].iloc[0] == 0.0
    bad = _level_with(tmp_path, '[[events]]\nid = "windfall"\ntitle = "t"\ntext = "t"\n'
                                'quarter = 1\neffects = { cost = -6 }\n', name="bad.toml")
    message = _refusal(sim.load_level, bad, error=LevelError)
    assert "cost" in message and "between -5 and 5" in message


def test_costs_and_stocks_stay_in_range_with_the_extremes_a_level_allows(tmp_path: Path):
    extreme = ('[[events]]\nid = "collapse"\ntitle = "t"\ntext = "t"\nquarter = 1\n'
               'duration_weeks = 52\neffects = { demand = -1, value = -5, effort = -5 }\n'
               '[[events.choices]]\nid = "a"\nlabel = "a"\nside = "neither"\n'
               'effects = { demand = -1, morale = -5, trust = -5 }\n'
               '[[events.choices]]\nid = "b"\nlabel = "b"\nside = "neither"\n')
    model = sim.OrgModel(_level_with(tmp_path, extreme), strategy="random", seed=3)
    table = model.run()
    assert not table.isna().any().any()
    assert (table["cost"] >= 0).all() and (table["output"] >= 0).all()
    assert (table["backlog"] >= 0).all()
    for column in ("morale", "trust", "skill", "exhaustion"):
        assert table[column].between(0.0, 1.0).all()
    assert np.isfinite(model.stocks.backlog)
    assert_exact(model)
