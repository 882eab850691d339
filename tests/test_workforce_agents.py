"""Workers are made and removed in batches (sim/workforce.py `Worker.create`, `remove_all`)
but stay real Mesa agents: these tests fail if a batch registers anything differently from
Mesa's own one-at-a-time path, if ids change, or if a worker who left is kept alive."""

from __future__ import annotations

import gc
import weakref

import mesa
import numpy as np
import pytest

import sim
from sim.workforce import _FIRST, _LAST, PeopleDraws, Worker


def _names(n: int) -> list[str]:
    return [f"Name {i}" for i in range(n)]


def _name(i: int) -> str:
    """The i-th worker's name, as the team has always named them."""
    return f"{_FIRST[i % len(_FIRST)]} {_LAST[(i // len(_FIRST) + i * 7) % len(_LAST)]}"


def _state(worker: Worker) -> dict[str, object]:
    """What an agent holds, without the model (each test has two)."""
    return {k: v for k, v in vars(worker).items() if k != "model"}


def test_a_batch_is_what_mesa_registers_one_at_a_time() -> None:
    batch, single = mesa.Model(seed=1), mesa.Model(seed=1)
    made = Worker.create(batch, range(5), _names(5))
    one_by_one = [Worker(single, row, name)
                  for row, name in zip(range(5), _names(5), strict=True)]
    # then one through Mesa and another batch: the ids go on from Mesa's counter either way
    made += [Worker(batch, 5, "Six"), *Worker.create(batch, range(6, 8), _names(2))]
    one_by_one += [Worker(single, 5, "Six"),
                   *(Worker(single, r, n) for r, n in zip(range(6, 8), _names(2), strict=True))]
    assert [_state(w) for w in made] == [_state(w) for w in one_by_one]
    assert [w.unique_id for w in made] == list(range(1, 9))
    assert list(vars(made[0])) == list(vars(one_by_one[0]))     # the same attribute layout
    for model, workers in ((batch, made), (single, one_by_one)):
        assert list(model.agents) == workers
        assert list(model.agents_by_type[Worker]) == workers
        assert list(model._agents) == workers
        assert isinstance(model.agents, mesa.agent.AgentSet)
        assert all(w.model is model for w in workers)


def test_a_batch_removal_is_what_mesa_does_for_each() -> None:
    model = mesa.Model(seed=1)
    workers = Worker.create(model, range(6), _names(6))
    Worker.remove_all(model, [workers[1], workers[4]])
    workers[2].remove()                       # Mesa's own path, on a worker made in a batch
    kept = [workers[0], workers[3], workers[5]]
    assert list(model.agents) == kept
    assert list(model.agents_by_type[Worker]) == kept
    assert list(model._agents) == kept
    Worker.remove_all(model, [])
    assert len(model.agents) == 3


def test_agents_stay_the_team_with_the_same_ids_after_hires_and_quits() -> None:
    model = sim.OrgModel("knowledge_team", strategy="manager", seed=4, team_size=200,
                         quarters=4)
    assert [a.unique_id for a in model.agents] == list(range(1, 201))
    model.run()
    assert model.total_hires > 5 and model.total_quits > 5
    team = model.workforce
    ids = sorted(team.ids.tolist())
    assert sorted(a.unique_id for a in model.agents) == ids
    assert sorted(a.unique_id for a in model.agents_by_type[Worker]) == ids
    assert len(model._agents) == len(team) == len(model.agents)
    for agent in model.agents:
        assert team.agents[agent.row] is agent
        assert team.ids[agent.row] == agent.unique_id
    # joiners took the next ids from Mesa's counter, and the next names, in the order they
    # arrived (the model has no other agents: the i-th worker has id i + 1)
    assert max(ids) == 200 + model.total_hires
    assert [a.unique_id for a in model.agents] == ids      # Mesa keeps the order of arrival
    assert all(a.name == _name(a.unique_id - 1) for a in model.agents)


def test_names_are_as_before_and_shared() -> None:
    model = sim.OrgModel("knowledge_team", seed=1, team_size=700)
    assert [w.name for w in model.workers] == [_name(i) for i in range(700)]
    same = [w for w in model.workers if w.name == model.workers[0].name]
    assert len(same) > 1 and all(w.name is same[0].name for w in same)


def test_joiners_names_go_on_from_the_team_and_round_the_cycle() -> None:
    """Newcomers take the next names in order, past the 640th back to the first."""
    import numpy as np

    from sim.workforce import joiner_start

    model = sim.OrgModel("knowledge_team", seed=1, team_size=630)
    wf = model.workforce
    rows = wf.add(20, joiner_start(wf.arrays), PeopleDraws.draw(np.random.default_rng(0), 20, 0.1))
    assert [wf.agents[row].name for row in rows] == [_name(630 + i) for i in range(20)]
    assert wf.agents[rows[10]].name == _name(0)


def test_a_worker_who_leaves_is_freed() -> None:
    model = sim.OrgModel("knowledge_team", strategy="manager", seed=4, team_size=200,
                         quarters=3)
    refs: dict[int, weakref.ref] = {}
    while model.running:
        refs.update((w.unique_id, weakref.ref(w)) for w in model.workers)
        model.step()
    gone = {d.worker for d in model.departures}
    assert len(gone) >= 5 and gone <= set(refs)
    gc.collect()
    assert [i for i in gone if refs[i]() is not None] == []
    assert all(refs[i]() is not None for i in model.workforce.ids.tolist() if i in refs)


def test_a_worker_who_leaves_is_freed_without_the_cycle_collector() -> None:
    """Nothing of a leaver is left in a reference cycle: they go as soon as they leave."""
    model = sim.OrgModel("knowledge_team", strategy="manager", seed=4, team_size=200,
                         quarters=2)
    refs = {w.unique_id: weakref.ref(w) for w in model.workers}
    gc.disable()
    try:
        model.run()
        gone = set(refs) - set(model.workforce.ids.tolist())
        assert gone and [i for i in gone if refs[i]() is not None] == []
    finally:
        gc.enable()


@pytest.mark.parametrize("let_go", [(3,), (1, 2)])
def test_letting_people_go_removes_their_agents(let_go: tuple[int, ...]) -> None:
    model = sim.OrgModel("startup", seed=5, decisions=[
        sim.Decision(attention={"plan": 2}, let_go=let_go), sim.Decision(attention={})])
    model.step()
    present = {a.unique_id for a in model.agents}
    assert not present & set(let_go)
    assert present == set(model.workforce.ids.tolist())


def test_mesa_sees_the_whole_team_whenever_it_looks_even_with_joiners_not_yet_registered() -> None:
    """The team registers its joiners with Mesa when Mesa's views are read (Workforce
    `register_joiners`): every view, and Mesa's own paths for one agent, see them first."""
    model = sim.OrgModel("knowledge_team", strategy="manager", seed=4, team_size=30,
                         quarters=2)
    model.run()
    assert model.total_hires > 0
    ids = model.workforce.ids.tolist()
    other = mesa.Agent(model)                  # made on its own: registered after the team
    assert [a.unique_id for a in model.agents][:-1] == sorted(ids)
    assert list(model.agents)[-1] is other
    assert sorted(a.unique_id for a in model.agents_by_type[Worker]) == sorted(ids)
    assert set(model.agent_types) == {Worker, mesa.Agent}
    joiner = model.workforce.agents[int(np.argmax(model.workforce.ids))]
    fresh = sim.OrgModel("knowledge_team", seed=1, team_size=5)
    fresh.workers[0].remove()                  # Mesa's own removal, before anyone looked
    assert len(fresh.agents) == 4 and fresh.workers[0] not in fresh.agents
    assert joiner in model.agents


def test_a_joiner_who_leaves_before_mesa_is_looked_at_is_freed_and_never_seen() -> None:
    model = sim.OrgModel("knowledge_team", strategy="manager", seed=4, team_size=200,
                         quarters=4)
    joined: dict[int, weakref.ref] = {}
    while model.running:
        model.step()
        joined.update((w.unique_id, weakref.ref(w)) for w in model.workers
                      if w.unique_id > 200)
    left = set(joined) - set(model.workforce.ids.tolist())
    assert left, "some joiner must have left for this test to mean anything"
    assert [i for i in left if joined[i]() is not None] == []
    assert {a.unique_id for a in model.agents} == set(model.workforce.ids.tolist())


def _workers_of(model: sim.OrgModel) -> list[Worker]:
    gc.collect()
    return [o for o in gc.get_objects() if type(o) is Worker and o.model is model]


def test_a_run_nobody_looks_at_makes_no_agents_and_a_look_makes_them_all() -> None:
    """Agents are made when someone asks (Workforce `agents`): a headless run makes none, and
    the first look makes everyone's, with the ids and names they took when they joined."""
    model = sim.OrgModel("knowledge_team", strategy="manager", seed=4, team_size=200,
                         quarters=2)
    model.run()
    assert model.total_hires > 5 and model.total_quits > 5
    assert _workers_of(model) == []
    ids = model.workforce.ids.tolist()
    workers = model.workers
    assert [w.unique_id for w in workers] == ids
    assert [w.row for w in workers] == list(range(len(ids)))
    assert all(w.name == _name(w.unique_id - 1) for w in workers)
    assert sorted(_workers_of(model), key=lambda w: w.row) == workers
    assert [d.name for d in model.departures] == [_name(d.worker - 1)
                                                  for d in model.departures]


def test_agents_made_mid_run_keep_their_rows_while_later_joiners_have_none() -> None:
    """A look part way through makes the team's agents; those who join after it have none
    until the next look, and people move rows as others leave: every agent made keeps the
    row its id is in, and Mesa sees the team in the order it joined."""
    model = sim.OrgModel("knowledge_team", strategy="manager", seed=4, team_size=200,
                         quarters=4)
    model.run_quarter()
    early = {w.unique_id: w for w in model.workers}
    model.run_quarter()
    model.run_quarter()
    team = model.workforce
    made = [w for w in early.values() if w.unique_id in set(team.ids.tolist())]
    assert 0 < len(made) < len(team), "some joined after the look, some of those looked at left"
    for worker in made:
        assert team.ids[worker.row] == worker.unique_id
    model.run_quarter()
    for row, worker in enumerate(model.workers):
        assert worker.row == row and worker.unique_id == team.ids[row]
        if worker.unique_id in early:
            assert worker is early[worker.unique_id]
    assert [a.unique_id for a in model.agents] == sorted(team.ids.tolist())
