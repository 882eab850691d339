"""What a process remembers from one run to the next (a search plays each seed and each plan
many times): a decision's forces and a level's start. A remembered value is the one made
afresh, and never one of another key."""

from __future__ import annotations

import copy

import numpy as np
import pytest

import sim
from sim.analysis.balance_plans import LEAN
from sim.decisions import Decision
from sim.levels import load_level
from sim.levers import lever_table


def test_a_decisions_forces_are_remembered_per_level_and_are_those_made_afresh() -> None:
    table = lever_table()
    decision = Decision(attention={"vision": 2.0, "plan": 1.5}, training=0.5, bonus="team")
    made = {}
    for name in ("knowledge_team", "factory_floor"):
        level = load_level(name)
        model = sim.OrgModel(level, seed=1)
        remembered = model._forces(decision)
        assert model._forces(decision) is remembered
        assert sim.OrgModel(level, seed=2)._forces(decision) is remembered
        fresh = table.forces(decision, level, table.effect_matrix(level.knowledge_share),
                             table.morale_labels())
        assert np.array_equal(remembered.channel, fresh.channel)
        assert np.array_equal(remembered.morale_direct, fresh.morale_direct)
        assert remembered.morale_sources == fresh.morale_sources
        made[name] = remembered
    # Another share of knowledge work is another key, with other forces.
    assert not np.array_equal(made["knowledge_team"].channel, made["factory_floor"].channel)
    other = Decision(attention={"vision": 2.0, "plan": 1.5}, training=0.5, bonus="none")
    assert sim.OrgModel("knowledge_team", seed=1)._forces(other) is not made["knowledge_team"]


def test_a_copied_model_shares_its_lever_table() -> None:
    """The game's forecast copies the model; the table (and what it remembers) is shared."""
    model = sim.OrgModel("knowledge_team", strategy="balanced", seed=3)
    model.run_quarter()
    twin = copy.deepcopy(model)
    assert twin.levers is model.levers
    twin.run_quarter()
    model.run_quarter()
    assert twin.columns() == model.columns()


def test_a_remembered_start_plays_as_a_start_drawn_afresh() -> None:
    """A model built on a level object and seed seen before takes its start (the boss's seed,
    the luck, the first team, the deck) from memory and its generator's state after them: the
    same run, the same later draws, as a model that drew them (another level object, equal in
    content, is not mistaken for the first: it draws its own)."""
    from sim import start_draws

    level = load_level("startup")
    start_draws._remembered.clear()

    def run(on: object) -> tuple[dict[str, list[object]], object, list[object], float]:
        model = sim.OrgModel(on, strategy="random", seed=23, **LEAN)
        state = model.rng.bit_generator.state
        deck = list(model.deck)
        model.play_out()
        assert model.total_hires > 0 and model.fired
        return model.columns(), state, deck, float(model.boss_rng.random())

    drawn = run(level)
    first = start_draws._remembered[(id(level), 23)]
    remembered = run(level)
    assert start_draws._remembered[(id(level), 23)] is first
    assert remembered == drawn
    other = copy.deepcopy(level)
    assert other is not level
    assert run(other) == drawn
    assert start_draws._remembered[(id(other), 23)] is not first
    model = sim.OrgModel(level, seed=23)
    assert model.luck is first.luck and model.deck == list(first.deck)
    assert model.deck is not first.deck      # a triggered event joins this run's deck only
    for array in (first.people.state, first.people.strengths, first.people.load):
        assert not array.flags.writeable
    unseeded = sim.OrgModel(level)
    assert (id(level), None) not in start_draws._remembered and unseeded.luck is not first.luck


def _contexts_by_numpy(value: float, first: int, weeks: int, demand: float,
                       effects: list[tuple[str, float, int]]) -> np.ndarray:
    """A span's contexts as the model made them with numpy before `_span_contexts`."""
    from sim import kernels
    from sim.model import _quarter_contexts
    names = kernels.CONTEXT_NAMES
    contexts = _quarter_contexts(value)[first - 1:first - 1 + weeks].copy()
    values, demands = contexts[:, names.index("value")], contexts[:, names.index("extra_demand")]
    columns = {"demand": demands, "effort": contexts[:, names.index("extra_effort")]}
    for key, size, weeks_left in effects:
        running = slice(0, min(weeks_left, weeks))
        if key == "value":
            values[running] *= max(0.0, 1.0 + size)
        elif key in columns:
            columns[key][running] += size
    ran = slice(0, min(max(w for _, _, w in effects), weeks))
    demands[ran] = np.maximum(demands[ran], -demand)
    return contexts


def kernels_index(name: str) -> int:
    from sim import kernels
    return kernels.CONTEXT_NAMES.index(name)


def test_a_spans_contexts_are_numpys_bit_for_bit() -> None:
    """`_span_contexts` adds the events' effects up in Python floats, remembered: the same
    bits as numpy's column operations, with the floor on negative work where it binds, and
    read-only (a span copies its rows)."""
    from sim.model import _span_contexts
    rng = np.random.default_rng(5)
    floors = 0
    for _ in range(400):
        first = int(rng.integers(1, 14))
        weeks = int(rng.integers(1, 15 - first))
        effects = [(str(rng.choice(["value", "demand", "effort", "other"])),
                    float(rng.normal(0.0, 0.6)), int(rng.integers(1, 20)))
                   for _ in range(int(rng.integers(1, 4)))]
        value, demand = float(rng.uniform(0.5, 1.5)), float(rng.uniform(0.2, 1.2))
        made = _span_contexts(value, first, weeks, demand, tuple(effects))
        expected = _contexts_by_numpy(value, first, weeks, demand, effects)
        assert made.tobytes() == expected.tobytes() and not made.flags.writeable
        floors += bool((made == -demand).any())
        assert _span_contexts(value, first, weeks, demand, tuple(effects)) is made
    assert floors > 10
    from sim.model import _quarter_contexts
    assert _span_contexts(1.0, 3, 5, 0.0, ()).tobytes() == _quarter_contexts(1.0)[2:7].tobytes()
    # A floor equal to the column (no work to come, none added): numpy takes the floor's -0.0.
    zero = _span_contexts(1.0, 3, 5, 0.0, (("other", 0.0, 2),))
    assert zero.tobytes() == _contexts_by_numpy(1.0, 3, 5, 0.0, [("other", 0.0, 2)]).tobytes()
    assert np.signbit(zero[:2, kernels_index("extra_demand")]).all()


def test_a_repeated_decision_is_checked_once_unless_it_changes(monkeypatch) -> None:
    """A log that repeats one Decision object is checked (and its forces made) once while it
    stays the same; changed in place between quarters, it is checked again and its new forces
    used: the run is the one of a log of separate decisions, and a change that breaks the
    rules (a true/false where a number goes, a negative number) is refused."""
    import sim.model
    from sim.errors import DecisionError

    checked = []
    real = sim.model.validate_decision

    def counting(decision, *args, **kwargs):
        checked.append(decision)
        return real(decision, *args, **kwargs)

    monkeypatch.setattr(sim.model, "validate_decision", counting)
    steady = Decision(attention={"vision": 2.0, "plan": 2.0})
    model = sim.OrgModel("knowledge_team", seed=3, decisions=[steady] * 4)
    for _ in range(2):
        model.run_quarter()
    assert checked == [steady]
    steady.attention["plan"] = 1.0            # the same object, changed
    steady.attention["coach"] = 1.5
    for _ in range(2):
        model.run_quarter()
    assert len(checked) == 2
    separate = [Decision(attention={"vision": 2.0, "plan": 2.0})] * 2 + \
        [Decision(attention={"vision": 2.0, "plan": 1.0, "coach": 1.5})] * 2
    fresh = sim.OrgModel("knowledge_team", seed=3, decisions=separate)
    for _ in range(4):
        fresh.run_quarter()
    assert model.columns()["output"] == fresh.columns()["output"][:4]
    for bad in (True, -1.0):
        broken = Decision(attention={"vision": 2.0})
        model = sim.OrgModel("knowledge_team", seed=3, decisions=[broken] * 3)
        model.run_quarter()
        broken.attention["vision"] = bad
        with pytest.raises(DecisionError, match=r"vision|attention"):
            model.run_quarter()


def test_runs_on_one_luck_seed_share_one_luck_and_draw_as_a_fresh_one() -> None:
    from sim.luck import Luck, shared_luck
    model = sim.OrgModel("startup", seed=41)
    luck = model.luck
    assert shared_luck(luck.seed) is luck
    model.play_out()              # fills the shared luck's tables
    fresh = Luck(luck.seed)
    people = np.arange(1, 40)
    for stream in ("patience", "ability", "drift"):
        assert luck.offset(stream) == fresh.offset(stream)
        assert np.array_equal(luck.uniform(stream, people, 17), fresh.uniform(stream, people, 17))
    assert np.array_equal(luck.span_bases(("drift", "load"), 5, 9),
                          fresh.span_bases(("drift", "load"), 5, 9))
    again = sim.OrgModel("startup", seed=41)
    again.play_out()
    assert again.luck is luck and again.columns() == model.columns()


def test_models_built_in_threads_share_the_caches_and_play_as_alone(monkeypatch) -> None:
    """A workshop's server builds models in several threads: with the remembered starts and
    forces churning (kept to two), each run is the one a lone process plays."""
    from concurrent.futures import ThreadPoolExecutor

    from sim import levers, start_draws
    monkeypatch.setattr(start_draws, "REMEMBERED_STARTS", 2)
    monkeypatch.setattr(levers, "REMEMBERED_FORCES", 2)
    level = load_level("startup")
    jobs = [(seed, strategy) for seed in (1, 2, 3) for strategy in ("leader", "manager",
                                                                      "balanced", "random")]

    def run(job: tuple[int, str]) -> dict[str, list[object]]:
        model = sim.OrgModel(level, strategy=job[1], seed=job[0], **LEAN)
        model.play_out()
        return model.columns()

    alone = [run(job) for job in jobs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(run, jobs * 3))
    assert together == alone * 3
    assert len(start_draws._remembered) <= 2
