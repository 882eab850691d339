"""Reproducibility: same level + seed + decisions = identical results, everywhere.

Also: different seeds differ, the model never touches the global random state, `import sim`
stays free of pygame, and Mesa's own batch_run drives the model.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import mesa
import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import sim
from sim import Decision, OneToOne
from sim.levels import Actions

ROOT = Path(__file__).resolve().parent.parent
#: A level offering every action (level files change; this test is about reproducibility).
OPEN_LEVEL = dataclasses.replace(sim.load_level("factory_floor"), attention_budget=10.0,
                                 actions=Actions())
#: Actions naming people come in quarter 1, when everyone the level starts with is there.
LOG = [
    Decision(attention={"vision": 3.0, "coach": 2.0, "plan": 2.0, "control": 1.0},
             one_to_one=(OneToOne("recognise", 2), OneToOne("reassign", 3)), let_go=(4,)),
    Decision(attention={"deadlines": 4.0, "reward": 4.0}, bonus="individual", training=0.5),
    Decision(attention={"listen": 5.0}),
    Decision(attention={"assign": 2.0, "strengths": 2.0}, hire=2),
]


@pytest.mark.parametrize("strategy", ["balanced", "adaptive", "random"])
def test_same_seed_same_table(strategy: str):
    first = sim.OrgModel("knowledge_team", strategy=strategy, seed=11, quarters=5)
    second = sim.OrgModel("knowledge_team", strategy=strategy, seed=11, quarters=5)
    assert_frame_equal(first.run(), second.run())
    assert_frame_equal(first.datacollector.get_model_vars_dataframe(),
                       second.datacollector.get_model_vars_dataframe())


def test_same_seed_same_decisions_same_table():
    first = sim.run(OPEN_LEVEL, seed=3, decisions=LOG, quarters=4)
    second = sim.run(OPEN_LEVEL, seed=3, decisions=LOG, quarters=4)
    assert_frame_equal(first, second)


#: A policy log (no actions on named people, who may have left on another seed).
POLICY_LOG = [Decision(attention=d.attention, bonus=d.bonus, training=d.training) for d in LOG]


@pytest.mark.parametrize("decisions", [None, POLICY_LOG[:3]], ids=["strategy", "decisions"])
def test_different_seeds_differ(decisions: list[Decision] | None):
    tables = [sim.run(OPEN_LEVEL, "balanced", seed=seed, decisions=decisions, quarters=3)
              for seed in (1, 2)]
    assert not np.allclose(tables[0]["output"], tables[1]["output"])
    assert not np.allclose(tables[0]["morale"], tables[1]["morale"])


def test_the_global_random_state_is_left_alone():
    random.seed(123)
    np.random.seed(123)
    before = (random.getstate(), np.random.get_state()[1].copy())
    sim.run("startup", "random", seed=9, quarters=3)
    assert random.getstate() == before[0]
    assert np.array_equal(np.random.get_state()[1], before[1])


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), **extra}


def test_same_results_in_another_process_with_another_hash_seed(tmp_path: Path):
    out = tmp_path / "t.json"
    done = subprocess.run(
        [sys.executable, "-m", "sim.cli", "run", "--level", "startup", "--strategy", "random",
         "--seed", "8", "--quarters", "4", "--out", str(out)],
        capture_output=True, text=True, env=_env(PYTHONHASHSEED="12345"), timeout=120)
    assert done.returncode == 0, done.stderr
    there = pd.DataFrame(json.loads(out.read_text()))
    here = sim.run("startup", "random", seed=8, quarters=4)
    assert_frame_equal(there, here, check_dtype=False, rtol=0, atol=0)


def test_import_sim_and_the_cli_parser_do_not_import_pygame():
    code = ("import sys, sim, sim.cli; sim.cli.build_parser(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('pygame', 'pygame_gui', 'game')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=_env(), cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_mesa_batch_run_returns_the_models_metrics():
    results = mesa.batch_run(
        sim.OrgModel,
        parameters={"level": ["knowledge_team", "factory_floor"],
                    "strategy": ["leader", "manager"], "seed": [1, 2]},
        max_steps=26, number_processes=1, data_collection_period=-1, display_progress=False)
    assert len(results) == 8
    assert {(r["level"], r["strategy"], r["seed"]) for r in results} == {
        (lv, st, seed) for lv in ("knowledge_team", "factory_floor")
        for st in ("leader", "manager") for seed in (1, 2)}
    for row in results:
        model = sim.OrgModel(row["level"], strategy=row["strategy"], seed=row["seed"])
        while model.steps < row["steps"]:
            model.step()
        assert row["steps"] >= 26 and row["quarter"] == 2
        for name in ("output_cum", "morale", "trust", "skill", "exhaustion", "headcount",
                     "week_output"):
            assert row[name] == getattr(model, name), name
