"""A search's objective and a measure's level go to worker processes `Shipped`: each process
keeps the first copy it receives, so a worker's tasks share one object (and what it remembers
per level object, such as a model's start, is found again)."""

from __future__ import annotations

import os
import pickle

import pytest

import sim
from sim.analysis import shipping
from sim.analysis.balance import Runner
from sim.analysis.balance_plans import Policy, play, play_task
from sim.analysis.progress import Progress
from sim.analysis.shipping import Shipped, unwrap


def test_a_process_keeps_the_first_copy_of_a_shipment() -> None:
    level = sim.load_level("tutorial")
    shipped = Shipped(level)
    first, second = pickle.dumps(shipped), pickle.dumps(shipped)
    rebuilt = pickle.loads(first)
    assert type(rebuilt) is type(level) and rebuilt is not level and rebuilt == level
    assert pickle.loads(second) is rebuilt                   # the same object, again
    other = pickle.loads(pickle.dumps(Shipped(level)))       # another shipment: its own
    assert other is not rebuilt and other == level
    assert unwrap(shipped) is level and unwrap(rebuilt) is rebuilt


def test_a_process_keeps_only_the_last_shipments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shipping, "KEPT", 2)
    monkeypatch.setattr(shipping, "_received", shipping.OrderedDict())
    shipments = [pickle.dumps(Shipped([n])) for n in range(3)]
    first = pickle.loads(shipments[0])
    for payload in shipments[1:]:
        pickle.loads(payload)
    assert len(shipping._received) == 2
    assert pickle.loads(shipments[0]) is not first            # forgotten, rebuilt
    assert pickle.loads(shipments[2]) is pickle.loads(shipments[2])


_held: list[object] = []     # what a worker was given, kept alive so no id is used twice


def _level_seen(task: tuple[object, int]) -> tuple[int, int]:
    shipped, _ = task
    _held.append(unwrap(shipped))
    return os.getpid(), id(_held[-1])


def test_each_worker_plays_every_task_on_one_level_object() -> None:
    level = sim.load_level("tutorial")
    shipped = Shipped(level)
    runner = Runner(2, Progress(0, enabled=False))
    try:
        seen = runner.map(_level_seen, [(shipped, n) for n in range(64)], runs_each=1)
        policy = Policy("balanced", "", strategy="balanced")
        scores = runner.map(play_task, [(shipped, policy, seed) for seed in (1, 2, 3)],
                            runs_each=1)
    finally:
        runner.close()
    by_process: dict[int, set[int]] = {}
    for pid, object_id in seen:
        by_process.setdefault(pid, set()).add(object_id)
    assert all(len(ids) == 1 for ids in by_process.values()), by_process
    assert os.getpid() not in by_process                      # played in the workers
    assert scores == [play(level, policy, seed) for seed in (1, 2, 3)]
