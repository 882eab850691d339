"""`orgsim compare` and `sim.analysis.compare`: paired comparisons on the same seeds.

Structure is asserted, plus one sign the design makes robust (neglect is the worst boss); the
statistics are checked against cases worked by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from cli_helpers import one_sentence, orgsim

import sim
from sim.analysis.compare import ARCHETYPES, compare, compare_table
from sim.analysis.errors import CompareError
from sim.analysis.stats import mean_ci, sign_flip_p, t95
from sim.analysis.sweep import sweep
from sim.cli import main

ROOT = Path(__file__).resolve().parent.parent




# ----- statistics -------------------------------------------------------------------------------
def test_t_quantiles_match_the_tables() -> None:
    assert t95(1) == pytest.approx(12.706)
    assert t95(10) == pytest.approx(2.228)
    assert t95(50) == pytest.approx(2.009, abs=2e-3)
    assert t95(10**6) == pytest.approx(1.960, abs=1e-3)


def test_mean_and_interval() -> None:
    mean, _low, high = mean_ci(np.array([1.0, 2.0, 3.0]))
    assert mean == 2.0
    assert high - mean == pytest.approx(4.303 * 1.0 / np.sqrt(3))
    assert np.isnan(mean_ci(np.array([5.0]))[1])


def test_sign_flip_p_is_exact_for_few_pairs() -> None:
    assert sign_flip_p(np.array([1.0, 2.0, 3.0, 4.0, 5.0])) == pytest.approx(2 / 32)
    assert sign_flip_p(np.zeros(6)) == 1.0
    assert sign_flip_p(np.array([1.0, -1.0, 1.0, -1.0])) == 1.0
    many = np.random.default_rng(0).normal(1.0, 0.5, 40)
    assert sign_flip_p(many) == sign_flip_p(many) < 0.001       # seeded: repeatable


# ----- comparisons ------------------------------------------------------------------------------
@pytest.mark.slow
def test_compare_command_reports_means_differences_and_a_verdict(tmp_path: Path) -> None:
    done = orgsim("compare", "--level", "tutorial", "--strategy", "balanced,neglect",
                  "--seeds", "8", "--jobs", "1", "--outcome", "output_cum,morale",
                  "--out", "cmp.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = done.stdout
    assert "Comparison on tutorial, 8 seeds: 8 paired runs per strategy" in report
    assert "total output over the level (higher is better)" in report
    assert "balanced - neglect:" in report
    pairs = pd.read_csv(tmp_path / "cmp.csv")
    assert list(pairs["outcome"]) == ["output_cum", "morale"]
    assert set(pairs.columns) >= {"a", "b", "n", "diff", "diff_low", "diff_high", "p_value",
                                  "better", "confidence"}
    assert (pairs["n"] == 8).all()
    output = pairs.iloc[0]
    # Neglect is the worst boss (DESIGN.md 3, claim 5): robust over 8 paired seeds.
    assert output["diff"] > 0 and output["better"] == "balanced"
    assert output["p_value"] < 0.05
    assert output["diff_low"] <= output["diff"] <= output["diff_high"]


def test_a_decision_log_meets_the_archetypes(tmp_path: Path) -> None:
    log = tmp_path / "my_game.json"
    log.write_text(json.dumps([{"attention": {"vision": 2, "coach": 2, "plan": 2,
                                              "assign": 2}}]))
    result = compare(decisions=[log], level="tutorial", seeds=3, jobs=1,
                     outcomes=["morale"])
    assert list(result.summary["strategy"]) == ["log:my_game", *ARCHETYPES]
    assert list(zip(result.pairs["a"], result.pairs["b"], strict=True)) == \
        [("log:my_game", s) for s in ARCHETYPES]
    assert set(result.pairs["better"]) <= {"", "log:my_game", *ARCHETYPES}
    assert (result.pairs["n"] == 3).all()
    assert "log:my_game - leader:" in result.text()


@pytest.mark.slow
def test_compare_runs_from_a_sweep_file_pairs_on_seed_and_parameters(tmp_path: Path) -> None:
    out = tmp_path / "s.csv"
    sweep(levels=["tutorial"], strategies=["leader", "manager", "mix:0.5"], seeds=3,
          params={"knowledge_share": [0.2, 0.8]}, out=out, jobs=1, progress=False)
    done = orgsim("compare", "--input", "s.csv", "--strategy", "leader,mix:0.5",
                  "--outcome", "trust", "--out", "c.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads((tmp_path / "c.json").read_text())
    assert [row["strategy"] for row in data["summary"]] == ["leader", "mix:0.5"]
    assert [row["n"] for row in data["pairs"]] == [6]      # 3 seeds x 2 knowledge shares
    frame = sweep(levels=["tutorial"], strategies=["leader", "manager"], seeds=2, jobs=1,
                  progress=False).table()
    result = compare_table(frame, outcomes=["quits"])
    assert list(result.pairs[["a", "b"]].itertuples(index=False, name=None)) == \
        [("leader", "manager")]


def test_compare_needs_the_same_seeds(tmp_path: Path) -> None:
    a = sim.run("tutorial", "leader", 1)
    b = sim.run("tutorial", "manager", 2)
    with pytest.raises(CompareError, match="leader and manager have no seeds in common"):
        compare_table(pd.concat([a, b]))


@pytest.mark.parametrize("args, expected", [
    (["--strategy", "leader", "--seeds", "2"], "needs two or more strategies"),
    (["--strategy", "leader,chief", "--seeds", "2"], "unknown strategy 'chief'"),
    (["--param", "team_size=5,6"], "--param team_size: a comparison takes one value"),
    (["--input", "s.csv", "--strategy", "leader,chief"],
     "the results hold no runs of strategy 'chief'; they hold leader, manager"),
    (["--input", "two.csv"], "the results hold several levels (factory_floor, tutorial)"),
    (["--input", "s.csv", "--seeds", "3"], "with --input the runs come from the file"),
    (["--input", "s.csv", "--outcome", "joy"], "unknown outcome 'joy'"),
    (["--input", "s.csv", "--out", "c.xlsx"], "c.xlsx: --out must end in .csv or .json"),
])
def test_bad_compare_input_is_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture,
                                           monkeypatch: pytest.MonkeyPatch, args: list[str],
                                           expected: str) -> None:
    frames = [sim.run("tutorial", s, 0, quarters=2) for s in ("leader", "manager")]
    pd.concat(frames).to_csv(tmp_path / "s.csv", index=False)
    pd.concat([*frames, sim.run("factory_floor", "leader", 0, quarters=2)]).to_csv(
        tmp_path / "two.csv", index=False)
    monkeypatch.chdir(tmp_path)
    assert main(["compare", "--level", "tutorial", "--jobs", "1", *args]
                if "--input" not in args else ["compare", *args]) == 1
    assert expected in one_sentence(capsys.readouterr().err)
