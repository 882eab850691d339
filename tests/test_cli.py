"""The `orgsim` command line, run for real: in-process through sim.cli.main, and once as a
separate process. Tables written to disk are read back with pandas; every user mistake must be
one sentence on stderr, a non-zero exit status and no traceback.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import sim
from sim.cli import main
from sim.commands.listing import level_lines, strategy_lines

ROOT = Path(__file__).resolve().parent.parent


def orgsim(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return (exit status, stdout, stderr)."""
    try:
        status = main(list(argv))
    except SystemExit as exc:       # argparse errors and --help exit
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_line_error(status: int, err: str, *fragments: str, code: int = 1) -> None:
    """A user's mistake: the expected status, one line on stderr, no traceback."""
    assert status == code
    assert err.startswith("orgsim: error: ")
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err


# ----- run ---------------------------------------------------------------------------------------

READERS = {
    ".csv": pd.read_csv,
    ".parquet": pd.read_parquet,
    ".json": lambda path: pd.read_json(path, orient="records"),
}


@pytest.mark.parametrize("suffix", sorted(READERS))
def test_run_writes_each_format(capsys, tmp_path: Path, suffix: str):
    out = tmp_path / f"table{suffix}"
    status, stdout, _ = orgsim(capsys, "run", "--level", "knowledge_team", "--strategy",
                               "manager", "--seed", "4", "--quarters", "3", "--out", str(out))
    assert status == 0 and "wrote 3 quarters" in stdout
    table = READERS[suffix](out)
    expected = sim.run("knowledge_team", "manager", seed=4, quarters=3)
    assert list(table.columns) == list(sim.COLUMNS)
    assert list(table["quarter"]) == [1, 2, 3]
    assert (table["strategy"] == "manager").all() and (table["seed"] == 4).all()
    pd.testing.assert_frame_equal(table, expected, check_dtype=False, rtol=1e-12)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]     # no temporary file left


def test_json_is_one_record_per_quarter(capsys, tmp_path: Path):
    out = tmp_path / "t.json"
    orgsim(capsys, "run", "--quarters", "2", "--out", str(out))
    records = json.loads(out.read_text())
    assert isinstance(records, list) and len(records) == 2
    assert records[0]["quarter"] == 1 and set(records[0]) == set(sim.COLUMNS)


def test_run_replaces_an_existing_file_only_with_overwrite(capsys, tmp_path: Path):
    out = tmp_path / "t.csv"
    out.write_text("old contents\n")
    status, _, err = orgsim(capsys, "run", "--quarters", "2", "--out", str(out))
    assert_one_line_error(status, err, f"--out {out} already exists; pass --overwrite")
    assert out.read_text() == "old contents\n"
    assert orgsim(capsys, "run", "--quarters", "2", "--out", str(out), "--overwrite")[0] == 0
    assert len(pd.read_csv(out)) == 2


def test_run_overrides_reach_the_model(capsys, tmp_path: Path):
    out = tmp_path / "t.csv"
    orgsim(capsys, "run", "--level", "factory_floor", "--strategy", "leader", "--quarters", "2",
           "--knowledge-share", "0.4", "--team-size", "7", "--out", str(out))
    table = pd.read_csv(out)
    expected = sim.run("factory_floor", "leader", seed=0, quarters=2, knowledge_share=0.4,
                       team_size=7)
    assert len(table) == 2 and (table["knowledge_share"] == 0.4).all()
    pd.testing.assert_frame_equal(table, expected, check_dtype=False, rtol=1e-12)


def test_run_without_out_prints_an_aligned_table(capsys):
    status, out, _ = orgsim(capsys, "run", "--strategy", "leader", "--quarters", "3")
    lines = out.splitlines()
    assert status == 0
    assert lines[0].startswith("The Knowledge Team (knowledge_team), leader, seed 0")
    assert lines[1].split() == ["quarter", "output", "output_cum", "morale", "trust", "skill",
                                "exhaustion", "headcount", "hires", "quits", "cost"]
    assert len(lines) == 2 + 3
    assert len({len(line) for line in lines[1:]}) == 1          # aligned columns
    first = lines[2].split()
    expected = sim.run("knowledge_team", "leader", seed=0, quarters=3).iloc[0]
    assert first[0] == "1" and first[3] == f"{expected['morale']:.2f}"


def test_decisions_replay_equals_the_run_they_were_recorded_from(capsys, tmp_path: Path):
    model = sim.OrgModel("knowledge_team", strategy="adaptive", seed=5)
    recorded = model.run()
    log = tmp_path / "log.json"
    log.write_text(json.dumps([d.to_dict() for d in model.decisions]))
    out = tmp_path / "replay.parquet"
    status, _, err = orgsim(capsys, "run", "--level", "knowledge_team", "--decisions",
                            str(log), "--seed", "5", "--out", str(out))
    assert status == 0, err
    replay = pd.read_parquet(out)
    assert (replay["strategy"] == "decisions").all()
    columns = [c for c in sim.COLUMNS if c != "strategy"]
    pd.testing.assert_frame_equal(replay[columns], recorded[columns])


# ----- levels, strategies -------------------------------------------------------------------------

def test_levels_lists_every_level_on_one_line(capsys):
    status, out, _ = orgsim(capsys, "levels")
    lines = out.splitlines()
    assert status == 0 and lines == level_lines()
    assert [line.split()[0] for line in lines] == sim.level_names()
    for name, line in zip(sim.level_names(), lines, strict=True):
        level = sim.load_level(name)
        assert level.title in line and level.learning_goal in line
        assert f"knowledge {level.knowledge_share:.2f}" in line
        assert f"{level.quarters} quarters" in line


def test_strategies_lists_every_strategy(capsys):
    status, out, _ = orgsim(capsys, "strategies")
    assert status == 0 and out.splitlines() == strategy_lines()
    for name, strategy in sim.STRATEGIES.items():
        assert any(line.split()[0] == name and strategy.description in line
                   for line in out.splitlines())


# ----- validate -----------------------------------------------------------------------------------

@pytest.mark.slow
def test_validate_quick_reports_every_check_and_exits_by_the_verdict(capsys):
    status, out, _ = orgsim(capsys, "validate", "--quick")
    verdicts = [line for line in out.splitlines()
                if line.startswith(("HOLDS ", "DOES NOT HOLD "))]
    assert len(verdicts) == 8
    for number in range(1, 7):
        assert any(f" {number}. " in line for line in verdicts)
    assert any("Virtual meta-analysis" in line for line in verdicts)
    assert any("Controlled virtual experiments" in line for line in verdicts)
    for figure in ("+0.58", "+0.64", "-0.28", "-0.01", "+0.33"):     # model beside published
        assert re.search(rf"model [+-]\d\.\d\d  published +\{figure}", out), figure
    held = sum(line.startswith("HOLDS ") for line in verdicts)
    assert f"{held} of 8 checks hold" in out
    assert status == (0 if held == 8 else 1)


# ----- bad input ----------------------------------------------------------------------------------

def _file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_unknown_level(capsys):
    status, _, err = orgsim(capsys, "run", "--level", "moon_base")
    assert_one_line_error(status, err, "unknown level 'moon_base'", "knowledge_team")


def test_level_name_cannot_escape_the_levels_folder(capsys):
    status, _, err = orgsim(capsys, "run", "--level", "..")
    assert_one_line_error(status, err, "unknown level '..'")


def test_unknown_strategy(capsys):
    status, _, err = orgsim(capsys, "run", "--strategy", "tyrant")
    assert_one_line_error(status, err, "unknown strategy 'tyrant'", "leader, manager")


def test_level_file_with_a_syntax_error(capsys, tmp_path: Path):
    path = _file(tmp_path, "broken.toml", 'name = "broken"\ntitle = [\n')
    status, _, err = orgsim(capsys, "run", "--level", path)
    assert_one_line_error(status, err, f"{path}: not valid TOML")


def test_level_file_with_a_bad_value(capsys, tmp_path: Path):
    text = (ROOT / "levels" / "tutorial.toml").read_text(encoding="utf-8")
    text = "\n".join("team_size = -3" if line.startswith("team_size") else line
                     for line in text.splitlines())
    path = _file(tmp_path, "negative.toml", text)
    status, _, err = orgsim(capsys, "run", "--level", path)
    assert_one_line_error(status, err, path, "'team_size'", "between 1 and")


@pytest.mark.parametrize(("text", "fragments"), [
    ('[{"attention": ', ["not valid JSON"]),
    ('{"attention": {"vision": 1}}', ["expected a list of decisions or a 'decisions' key"]),
    ('"vision"', ["expected a non-empty list of decisions"]),
    ('[{"attention": {"charisma": 1}}]', ["quarter 1: unknown lever 'charisma'"]),
    ('[{"attention": {"vision": 1}}, {"attention": {"vision": 8, "plan": 8}}]',
     ["quarter 2: spends 16 attention points but the budget of level 'knowledge_team' is"]),
    ('[{"bonus": "shares"}]', ["quarter 1: 'bonus' must be one of", "got 'shares'"]),
    ('[{"bonus": 5}]', ["quarter 1: 'bonus' must be one of"]),
])
def test_bad_decision_logs(capsys, tmp_path: Path, text: str, fragments: list[str]):
    path = _file(tmp_path, "log.json", text)
    status, _, err = orgsim(capsys, "run", "--decisions", path)
    assert_one_line_error(status, err, f"{path}: ", *fragments)


def test_decision_naming_a_worker_who_is_not_there(capsys, tmp_path: Path):
    path = _file(tmp_path, "log.json", '[{"one_to_one": [{"action": "coach", "worker": 999}]}]')
    status, _, err = orgsim(capsys, "run", "--decisions", path)
    assert_one_line_error(status, err, f"{path}: ", "no worker with id 999")


@pytest.mark.parametrize("name", ["table.xlsx", "table"])
def test_unknown_out_extension(capsys, tmp_path: Path, name: str):
    out = tmp_path / name
    status, _, err = orgsim(capsys, "run", "--out", str(out))
    assert_one_line_error(status, err, f"{out}: unknown output extension",
                          ".csv, .parquet, .json")
    assert not out.exists()


def test_out_folder_must_exist(capsys, tmp_path: Path):
    out = tmp_path / "missing" / "t.csv"
    status, _, err = orgsim(capsys, "run", "--out", str(out))
    assert_one_line_error(status, err, f"{out}: the folder", "does not exist")


def test_out_of_range_override(capsys):
    status, _, err = orgsim(capsys, "run", "--quarters", "99")
    assert_one_line_error(status, err, "'quarters' must be between 1 and 40, got 99")


@pytest.mark.parametrize(("argv", "fragment"), [
    (["run", "--seed", "seven"], "argument --seed: expected a whole number, got 'seven'"),
    (["run", "--knowledge-share", "lots"], "argument --knowledge-share: invalid float value"),
    (["run", "--strategy", "leader", "--decisions", "x.json"], "not allowed with argument"),
    (["run", "--colour", "red"], "unrecognized arguments: --colour red"),
    (["teleport"], "invalid choice: 'teleport'"),
    ([], "the following arguments are required: COMMAND"),
    (["validate", "--seeds", "0"], "argument --seeds: expected at least 1, got 0"),
])
def test_bad_arguments_exit_2_with_one_line(capsys, argv: list[str], fragment: str):
    status, _, err = orgsim(capsys, *argv)
    assert_one_line_error(status, err, fragment, code=2)


@pytest.mark.parametrize("command", ["run", "levels", "strategies", "validate"])
def test_every_command_has_help(capsys, command: str):
    status, out, _ = orgsim(capsys, command, "--help")
    assert status == 0 and out.startswith(f"usage: orgsim {command}")


# ----- as a separate process ----------------------------------------------------------------------

@pytest.mark.slow
def test_the_cli_runs_as_a_program(tmp_path: Path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = tmp_path / "t.csv"
    done = subprocess.run([sys.executable, "-m", "sim.cli", "run", "--quarters", "2",
                           "--out", str(out)], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(pd.read_csv(out)) == 2
    bad = subprocess.run([sys.executable, "-m", "sim.cli", "run", "--level", "moon_base"],
                         capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert bad.returncode == 1 and bad.stdout == ""
    assert bad.stderr.startswith("orgsim: error: unknown level 'moon_base'")
    assert bad.stderr.count("\n") == 1


def test_version_names_the_model_every_workshop_laptop_must_share(capsys):
    from sim.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out == f"orgsim {sim.__version__} (model and result files)\n"
