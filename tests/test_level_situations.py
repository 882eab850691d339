"""The level keys that give a level its situation (issue 8): a budget, phases that move demand,
and events triggered by the team's state; each validated with one clear sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

import sim
from sim import Decision, LevelError
from sim.paths import levels_dir

TUTORIAL = (levels_dir() / "tutorial.toml").read_text(encoding="utf-8")


def _level(tmp_path: Path, extra: str, top: str = "") -> Path:
    path = tmp_path / "probe.toml"
    text = TUTORIAL.replace("\n[team]", f"\n{top}\n[team]", 1) if top else TUTORIAL
    path.write_text(text + "\n" + extra, encoding="utf-8")
    return path


def _refused(path: Path) -> str:
    with pytest.raises(LevelError) as caught:
        sim.load_level(path)
    return str(caught.value)


PHASES = ('[[phases]]\nname = "calm"\ntitle = "Calm"\nstart = 1\ndemand = 0.8\n'
          '[[phases]]\nname = "rush"\ntitle = "Rush"\nstart = 3\ndemand = 2.0\n')


def test_phases_run_from_their_start_to_the_next_and_move_demand(tmp_path: Path):
    level = sim.load_level(_level(tmp_path, PHASES))
    assert [(p.name, p.start, p.end) for p in level.phases] == [("calm", 1, 2), ("rush", 3, 4)]
    assert level.phase_at(2).name == "calm" and level.phase_at(4).name == "rush"
    table = sim.run(level, "balanced", seed=1)
    assert table["demand"].tolist() == [0.8, 0.8, 2.0, 2.0]
    assert table["backlog"].iloc[3] > table["backlog"].iloc[1]      # the rush piles work up
    short = level.with_overrides(quarters=2)
    assert [(p.name, p.end) for p in short.phases] == [("calm", 2)]


def test_a_phase_can_make_the_work_worth_more_then_and_only_then(tmp_path: Path):
    """A release date or a peak price: the same plan on the same seed makes exactly the same
    work in the calm phase and more value in the valued one (common random numbers)."""
    plain = sim.load_level(_level(tmp_path, PHASES))
    valued = sim.load_level(_level(tmp_path, PHASES.replace("demand = 2.0\n",
                                                            "demand = 2.0\nvalue = 1.5\n")))
    assert valued.phase_at(3).value == 1.5 and valued.phase_at(1).value == 1.0
    a, b = sim.run(plain, "balanced", seed=3), sim.run(valued, "balanced", seed=3)
    assert a["output"].iloc[:2].tolist() == b["output"].iloc[:2].tolist()
    assert b["output"].iloc[2] == pytest.approx(1.5 * a["output"].iloc[2])


@pytest.mark.parametrize("phases, words", [
    ('[[phases]]\nname = "a"\ntitle = "A"\nstart = 2\n', "first phase must start in quarter 1"),
    ('[[phases]]\nname = "a"\ntitle = "A"\nstart = 1\n[[phases]]\nname = "b"\ntitle = "B"\n'
     'start = 1\n', "increasing quarters"),
    ('[[phases]]\nname = "a"\ntitle = "A"\nstart = 1\n[[phases]]\nname = "b"\ntitle = "B"\n'
     'start = 9\n', "only 4 quarters"),
    ('[[phases]]\nname = "a"\ntitle = "A"\nstart = 1\ndemand = -1\n', "'phases[0].demand'"),
    ('[[phases]]\nname = "Not A Name"\ntitle = "A"\nstart = 1\n', "phase names"),
    ('[[phases]]\nname = "a"\nstart = 1\n', "missing required key 'phases[0].title'"),
    ('[[phases]]\nname = "a"\ntitle = "A"\nstart = 1\nvalue = 5\n', "'phases[0].value'"),
])
def test_bad_phases_are_one_sentence(tmp_path: Path, phases: str, words: str):
    assert words in _refused(_level(tmp_path, phases))


def test_the_budget_is_the_levels_or_a_default_and_is_spent(tmp_path: Path):
    level = sim.load_level(_level(tmp_path, "", top="budget = 300"))
    assert level.money == 300.0
    table = sim.run(level, "balanced", seed=2)
    assert table["budget_left"].iloc[-1] == pytest.approx(300.0 - table["cost"].sum())
    default = sim.load_level("tutorial")
    assert default.budget is None and default.money > 0
    assert "'budget'" in _refused(_level(tmp_path, "", top="budget = -5"))


TRIGGERED = ('[[events]]\nid = "freeze"\ntitle = "Freeze"\ntext = "Over budget."\n'
             'trigger = { metric = "budget_left", below = 0.0 }\neffects = { trust = -0.1 }\n')


def test_a_trigger_fires_once_in_the_quarter_after_it_holds(tmp_path: Path):
    level = sim.load_level(_level(tmp_path, TRIGGERED, top="budget = 150"))
    model = sim.OrgModel(level, strategy="balanced", seed=4)
    table = model.run()
    first_over = int(table.index[table["budget_left"] < 0][0]) + 1       # a 1-based quarter
    fired = [f for f in model.fired if f.card.id == "freeze"]
    assert len(fired) == 1 and fired[0].quarter == first_over + 1
    rich = sim.OrgModel(level.with_overrides(budget=1e6), strategy="balanced", seed=4)
    rich.run()
    assert not [f for f in rich.fired if f.card.id == "freeze"]


@pytest.mark.parametrize("trigger, words", [
    ('{ metric = "mood", below = 0.0 }', "'events.freeze.trigger.metric' must be one of"),
    ('{ metric = "morale" }', "exactly one of 'below' or 'above'"),
    ('{ metric = "morale", below = 0.2, above = 0.9 }', "exactly one of 'below' or 'above'"),
])
def test_bad_triggers_are_one_sentence(tmp_path: Path, trigger: str, words: str):
    card = TRIGGERED.replace('{ metric = "budget_left", below = 0.0 }', trigger)
    assert words in _refused(_level(tmp_path, card))


def test_an_event_needs_exactly_one_way_to_fire(tmp_path: Path):
    card = TRIGGERED.replace("trigger =", "quarter = 2\ntrigger =")
    assert "exactly one of 'quarter'" in _refused(_level(tmp_path, card))


def test_money_and_work_are_in_the_table():
    table = sim.run("startup", "adaptive", seed=1, quarters=2)
    for column in ("cost", "budget_left", "demand", "backlog", "morale_stayers"):
        assert column in table.columns and table[column].notna().all()
    level = sim.load_level("startup")            # two of its quarters: their share of the money
    assert table["budget_left"].iloc[-1] == pytest.approx(
        level.money * 2 / level.quarters - table["cost"].sum())


def test_a_shorter_game_scales_its_money_and_its_totals_not_its_end_states():
    level = sim.load_level("turnaround")
    short = level.with_overrides(quarters=4)
    assert short.money == pytest.approx(level.money * 4 / 10)
    for full, part in zip(level.goals, short.goals, strict=True):
        if full.metric in ("output_cum", "budget_left") or full.at == "total":
            assert part.stars == pytest.approx([t * 0.4 for t in full.stars], abs=1.0)
            # rounded in the player's favour: never harder than the exact share
            assert all((p <= t * 0.4 + 1e-9) if full.better == "higher" else (p >= t * 0.4)
                       for p, t in zip(part.stars, full.stars, strict=True))
        else:
            assert part.stars == full.stars
    quits = next(g for g in sim.load_level("knowledge_team").with_overrides(quarters=4).goals
                 if g.metric == "quits")
    assert all(float(t).is_integer() for t in quits.stars)


def test_two_plans_on_one_seed_meet_the_same_luck():
    """Common random numbers: letting one person go does not reshuffle everyone else's chances
    (with one sequential stream, one draw fewer would shift every later draw)."""
    level = sim.load_level("startup")
    plan = {"plan": 3.0, "vision": 3.0, "coach": 2.0}
    keep = sim.OrgModel(level, seed=7)
    part = sim.OrgModel(level, seed=7)
    leaver = part.workers[-1].unique_id
    keep.set_decision(Decision(attention=plan))
    part.set_decision(Decision(attention=plan, let_go=(leaver,)))
    keep.run_quarter()
    part.run_quarter()
    kinds = {w.unique_id: w.assigned_work for w in keep.workers}
    common = [w for w in part.workers if w.unique_id in kinds and w.unique_id <= 8]
    assert len(common) >= 5
    assert all(w.assigned_work == kinds[w.unique_id] for w in common)
    patience = dict(zip(keep.workforce.ids.tolist(), keep.workforce.patience.tolist(),
                        strict=True))
    assert all(patience[i] == p for i, p in zip(part.workforce.ids.tolist(),
                                                part.workforce.patience.tolist(), strict=True)
               if i in patience)
