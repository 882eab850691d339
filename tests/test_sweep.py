"""`orgsim sweep` and `sim.analysis.sweep`: real sweeps on small grids.

Row counts and columns, stable run ids, equal tables from one process, several processes and a
real Dask scheduler and worker on 127.0.0.1, resume after a real subprocess is killed mid-sweep,
the progress bar on a real terminal and not in a pipe, and every bad input with its message.
The model's numbers are being calibrated, so nothing here asserts a figure.
"""

from __future__ import annotations

import fcntl
import gc
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from itertools import accumulate, islice
from pathlib import Path

import pandas as pd
import pytest
from cli_helpers import child_env, one_sentence, orgsim

import sim
from sim.analysis.backends import start_method
from sim.analysis.errors import SweepError
from sim.analysis.evaluate import Context, run_chunk, run_one
from sim.analysis.grid import resolve
from sim.analysis.mixes import canonical_strategy, strategy_for
from sim.analysis.plan import make_plan, parse_param, parse_seeds, parse_values
from sim.analysis.store import read_results
from sim.analysis.sweep import INLINE_CHUNK, MAX_CHUNK, chunk_sizes, sweep
from sim.cli import main
from sim.errors import StrategyError
from sim.levers import lever_table

ROOT = Path(__file__).resolve().parent.parent
GRID = ["--level", "tutorial", "--strategy", "leader,mix:0.25", "--seeds", "3",
        "--param", "knowledge_share=0.2,0.8"]
GRID_RUNS = 2 * 3 * 2





# ----- the plan ---------------------------------------------------------------------------------
def test_seeds_can_be_a_count_a_range_or_a_list() -> None:
    assert parse_seeds("4") == (0, 1, 2, 3)
    assert parse_seeds(3) == (0, 1, 2)
    assert parse_seeds("10..13") == (10, 11, 12, 13)
    assert parse_seeds("1,5,9") == (1, 5, 9)
    assert parse_seeds([7, 2]) == (7, 2)


def test_param_values_are_lists_or_ranges_with_both_ends() -> None:
    assert parse_param("team_size=10:50:10") == ("team_size", (10, 20, 30, 40, 50))
    assert parse_param("knowledge_share=0.1,0.5,0.9") == ("knowledge_share", (0.1, 0.5, 0.9))
    assert parse_values("0:1:0.25", "x") == (0.0, 0.25, 0.5, 0.75, 1.0)
    assert parse_values("0:0.3:0.1", "x") == (0.0, 0.1, 0.2, 0.3)


def test_run_ids_come_from_parameter_values_not_order() -> None:
    one = resolve(make_plan(levels=["tutorial"], strategies=["leader", "manager"],
                            seeds=[1, 2], params={"knowledge_share": [0.2, 0.8]}))
    two = resolve(make_plan(levels=["tutorial"], strategies=["manager", "leader"],
                            seeds=[2, 1, 5], params={"knowledge_share": [0.8, 1, 0.2]}))
    ids_one = {(r.strategy, r.seed, r.overrides): r.run_id for r in one.runs()}
    ids_two = {(r.strategy, r.seed, r.overrides): r.run_id for r in two.runs()}
    assert len(set(ids_one.values())) == len(ids_one) == 8
    for key, run_id in ids_one.items():
        assert ids_two[key] == run_id
    assert ids_two[("leader", 1, (("knowledge_share", 1.0),))]  # 1 normalised to 1.0


def test_mix_strategy_spends_the_budget_at_the_given_leadership_share() -> None:
    assert canonical_strategy("mix:0.30") == "mix:0.3"
    model = sim.OrgModel("tutorial", strategy=strategy_for("mix:0.3"), seed=0)
    decision = strategy_for("mix:0.3").decide(model)
    assert decision.leadership_share() == pytest.approx(0.3)
    assert sum(decision.attention.values()) == pytest.approx(model.level.attention_budget)
    assert set(decision.attention) == set(lever_table().ids)
    with pytest.raises(StrategyError, match="leadership share after 'mix:' must be a number"):
        canonical_strategy("mix:1.5")


# ----- tables -----------------------------------------------------------------------------------
def test_one_tidy_row_per_run_and_quarter_with_every_parameter_a_column() -> None:
    result = sweep(levels=["tutorial"], strategies=["leader", "mix:0.25"], seeds=3,
                   params={"knowledge_share": [0.2, 0.8], "attention_budget": [6, 8]},
                   jobs=1, progress=False)
    table = result.table()
    quarters = sim.load_level("tutorial").quarters
    assert result.runs == result.ran == 2 * 3 * 2 * 2
    assert len(table) == result.runs * quarters
    assert table.groupby(["run_id", "quarter"]).size().max() == 1
    assert table["run_id"].nunique() == result.runs
    for column in ("run_id", "level", "strategy", "seed", "knowledge_share", "team_size",
                   "quarters", "attention_budget", *sim.COLUMNS):
        assert column in table.columns
    assert sorted(table["attention_budget"].unique()) == [6.0, 8.0]
    assert sorted(table["knowledge_share"].unique()) == [0.2, 0.8]
    assert set(table["strategy"]) == {"leader", "mix:0.25"}
    mixed = table[table["strategy"] == "mix:0.25"]
    assert mixed["leadership_share"].round(9).eq(0.25).all()
    # Each run's rows equal a plain sim.run with the same parameters.
    row = table.iloc[0]
    alone = sim.run("tutorial", row["strategy"], int(row["seed"]),
                    knowledge_share=row["knowledge_share"],
                    attention_budget=row["attention_budget"])
    mine = table[table["run_id"] == row["run_id"]]
    pd.testing.assert_series_equal(mine["morale"].reset_index(drop=True), alone["morale"])


def test_finished_models_are_freed_so_workers_stay_small() -> None:
    grid = resolve(make_plan(levels=["tutorial"], strategies=["balanced"], seeds=5))
    ctx = Context(grid.levels, grid.logs, grid.param_columns, workers=True)
    gc.collect()
    before = _models_alive()
    run_chunk(list(grid.runs()), ctx)
    gc.collect()
    assert _models_alive() == before


def _models_alive() -> int:
    """Models the collector knows of. By type, not isinstance: isinstance on a weak proxy
    whose object has died (some other test's) raises ReferenceError."""
    return sum(issubclass(type(o), sim.OrgModel) for o in gc.get_objects())


def test_worker_records_do_not_change_the_results(tmp_path: Path) -> None:
    plain = sweep(levels=["tutorial"], strategies=["balanced"], seeds=2, jobs=1, progress=False)
    both = sweep(levels=["tutorial"], strategies=["balanced"], seeds=2, jobs=1, progress=False,
                 out=tmp_path / "r.parquet", workers_out=tmp_path / "w.csv")
    pd.testing.assert_frame_equal(plain.table(), both.table())
    people = both.workers()
    table = both.table()
    per_quarter = people.groupby(["run_id", "quarter"]).size()
    headcount = table.set_index(["run_id", "quarter"])["headcount"]
    pd.testing.assert_series_equal(per_quarter.sort_index(), headcount.sort_index(),
                                   check_names=False)
    for column in ("worker", "name", "role", "morale", "trust", "skill", "exhaustion",
                   "intrinsic", "extrinsic", "fit", "tenure_weeks"):
        assert column in people.columns
    assert people[["morale", "trust", "skill"]].stack().between(0, 1).all()


def test_results_and_metadata_on_disk(tmp_path: Path) -> None:
    done = orgsim("sweep", *GRID, "--out", "r.parquet", "--jobs", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""                       # a pipe: no progress bar
    assert "swept 12 runs" in done.stdout
    meta = json.loads((tmp_path / "r.parquet" / "_meta.json").read_text())
    assert meta["orgsim"] == sim.__version__
    assert meta["mesa"]
    assert meta["complete"] is True and meta["runs"] == meta["runs_done"] == GRID_RUNS
    assert meta["plan"] == {"levels": ["tutorial"], "strategies": ["leader", "mix:0.25"],
                            "decisions": [], "seeds": [0, 1, 2],
                            "params": {"knowledge_share": [0.2, 0.8]}}
    table = read_results(tmp_path / "r.parquet")
    assert list(table.columns) == meta["columns"]
    assert len(table) == GRID_RUNS * sim.load_level("tutorial").quarters


def test_same_table_with_one_process_several_processes_and_csv(tmp_path: Path) -> None:
    sweep(levels=["tutorial"], strategies=["leader", "mix:0.25"], seeds=3,
          params={"knowledge_share": [0.2, 0.8]}, out=tmp_path / "one.csv", jobs=1,
          progress=False)
    two = orgsim("sweep", *GRID, "--out", "two.parquet", "--jobs", "2", "--quiet",
                 cwd=tmp_path)
    assert two.returncode == 0, two.stderr
    assert two.stdout == two.stderr == ""          # --quiet: no bar, no summary
    pd.testing.assert_frame_equal(read_results(tmp_path / "one.csv"),
                                  read_results(tmp_path / "two.parquet"))


@pytest.mark.slow
def test_worker_processes_start_safely_from_a_threaded_process() -> None:
    grid = {"levels": ["tutorial"], "strategies": ["random"], "seeds": 4, "progress": False}
    reference = sweep(jobs=1, **grid).table()
    if threading.active_count() == 1:
        assert start_method() == "fork"            # single-threaded: fork is safe and instant
    stop = threading.Event()
    helper = threading.Thread(target=stop.wait, daemon=True)
    helper.start()
    try:
        assert start_method() == "forkserver"      # a thread could hold a lock at fork time
        pd.testing.assert_frame_equal(sweep(jobs=2, **grid).table(), reference)
    finally:
        stop.set()
        helper.join()


#: A fresh single-threaded process (where workers are forked) reports the collector's frozen
#: objects: its own before and after starting a pool, and what each worker inherited frozen.
_FROZEN_AT_FORK = """
import gc, json
from sim.analysis.backends import PoolBackend, start_method
inherited = [object() for _ in range(1_000)]
before = gc.get_freeze_count()
with PoolBackend(2) as backend:
    after = gc.get_freeze_count()
    workers = sorted({backend.pool.submit(gc.get_freeze_count).result() for _ in range(4)})
print(json.dumps([start_method(), before, after, workers, len(inherited)]))
"""


def test_forked_workers_leave_the_inherited_heap_to_no_collection() -> None:
    """A forked worker's collections skip what it inherited (they would write to, and so copy,
    every inherited page), and the sweep's process collects its own objects as before."""
    done = subprocess.run([sys.executable, "-c", _FROZEN_AT_FORK], env=child_env(),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    method, before, after, workers, inherited = json.loads(done.stdout)
    assert (method, before, after) == ("fork", 0, 0)
    assert min(workers) > inherited


#: A fresh process whose worker dies halfway through sending a result (it sends a message's
#: length and part of it), as one killed by an abort can; the process must still end.
_KILLED_MID_RESULT = """
import os, struct, time
from sim.analysis.backends import PoolBackend

def send_half_a_result(fd):
    os.write(fd, struct.pack("!i", 4096) + b"half")
    time.sleep(60)

backend = PoolBackend(2)
backend.pool.submit(send_half_a_result, backend.pool._result_queue._writer.fileno())
time.sleep(1.0)                     # the pool's thread is now reading the rest
reader = backend.pool._executor_manager_thread
backend.abort()
reader.join(15)
print("reader", "alive" if reader.is_alive() else "ended")
"""


@pytest.mark.slow
def test_an_aborted_pool_ends_even_if_a_worker_died_mid_result() -> None:
    """A sweep stopped by Ctrl-C or SIGTERM terminates its workers; one may die halfway
    through sending a result, and the pool's thread then waited for the rest for ever, and
    the process with it at exit (a SIGTERM-ed sweep hung in CI)."""
    try:
        done = subprocess.run([sys.executable, "-c", _KILLED_MID_RESULT], env=child_env(),
                              capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("the process did not end after its pool was aborted")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["reader", "ended"]


# ----- chunks -----------------------------------------------------------------------------------
def _chunk_grid(workers: bool) -> tuple[list, Context]:
    """Runs of two levels, a mix, a random boss and a swept parameter (ints, floats, text)."""
    grid = resolve(make_plan(levels=["tutorial", "knowledge_team"],
                             strategies=["leader", "mix:0.25", "random"], seeds=2,
                             params={"attention_budget": [6, 8]}))
    return list(grid.runs()), Context(grid.levels, grid.logs, grid.param_columns,
                                      workers=workers)


def test_chunk_boundaries_do_not_change_the_tables() -> None:
    specs, ctx = _chunk_grid(workers=True)
    whole = run_chunk(specs, ctx)
    for cut in ([1] * len(specs), [5, 1, 7, len(specs)]):
        parts, start = [], 0
        for size in cut:
            parts.append(run_chunk(specs[start:start + size], ctx))
            start += size
        assert [i for p in parts for i in p.run_ids] == whole.run_ids
        pd.testing.assert_frame_equal(pd.concat([p.rows for p in parts], ignore_index=True),
                                      whole.rows, check_exact=True)
        pd.testing.assert_frame_equal(pd.concat([p.workers for p in parts], ignore_index=True),
                                      whole.workers, check_exact=True)


def test_a_chunks_table_is_each_runs_own_table_with_its_keys() -> None:
    specs, ctx = _chunk_grid(workers=False)
    rows = run_chunk(specs, ctx).rows
    assert list(rows.columns) == list(ctx.columns)
    for spec in specs[::5]:
        alone = sim.run(spec.level, strategy_for(spec.strategy), spec.seed,
                        **dict(spec.overrides))
        mine = rows[rows["run_id"] == spec.run_id].reset_index(drop=True)
        theirs = [c for c in sim.COLUMNS if c != "strategy"]
        pd.testing.assert_frame_equal(mine[theirs], alone[theirs], check_exact=True)
        assert (mine["strategy"] == spec.strategy).all()


@pytest.mark.parametrize("runs, slots", [(200, 2), (2000, 2), (12, 2), (7, 8), (500, 1)])
def test_tasks_shrink_to_single_runs_and_never_run_out(runs: int, slots: int) -> None:
    sizes = list(islice(chunk_sizes(runs, slots, inline=False), 10_000))
    covered = list(accumulate(sizes))
    last = next(i for i, total in enumerate(covered) if total >= runs)
    assert sizes == sorted(sizes, reverse=True)
    assert max(sizes) <= MAX_CHUNK and sizes[last] == 1 and sizes[-1] == 1
    assert set(islice(chunk_sizes(runs, slots, inline=True), 100)) == {INLINE_CHUNK}


def test_same_tables_and_worker_records_with_one_or_two_processes() -> None:
    grid = {"levels": ["tutorial"], "strategies": ["leader", "mix:0.25"], "seeds": 7,
            "params": {"knowledge_share": [0.2, 0.8]}, "workers_out": True, "progress": False}
    one, two = sweep(jobs=1, **grid), sweep(jobs=2, **grid)
    pd.testing.assert_frame_equal(one.table(), two.table(), check_exact=True)
    pd.testing.assert_frame_equal(one.workers(), two.workers(), check_exact=True)


# ----- the Dask back end ------------------------------------------------------------------------

def _scheduler_address(info: Path, deadline: float) -> str:
    """The address in the scheduler's file, once the file is there and whole (Dask writes it in
    place, so on a busy machine it can be read while still empty)."""
    while time.monotonic() < deadline:
        try:
            return json.loads(info.read_text())["address"]
        except (OSError, ValueError, KeyError):
            time.sleep(0.1)
    raise TimeoutError(f"the Dask scheduler wrote no address to {info} in 60 s")

@pytest.fixture(scope="module")
def dask_scheduler(tmp_path_factory: pytest.TempPathFactory):
    """A real Dask scheduler and a worker with two processes, on 127.0.0.1 only."""
    folder = tmp_path_factory.mktemp("dask")
    info = folder / "scheduler.json"
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
         "--port", "0", "--no-dashboard", "--scheduler-file", str(info)],
        cwd=folder, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = None
    try:
        address = _scheduler_address(info, deadline=time.monotonic() + 60)
        assert address.startswith("tcp://127.0.0.1:")
        worker = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nworkers", "2",
             "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard"],
            cwd=folder, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        yield address
    finally:
        for process in (worker, scheduler):
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


@pytest.mark.slow
def test_same_table_on_a_dask_cluster_and_a_local_dask(tmp_path: Path,
                                                       dask_scheduler: str) -> None:
    grid = {"levels": ["tutorial"], "strategies": ["leader", "mix:0.25"], "seeds": 3,
                "params": {"knowledge_share": [0.2, 0.8]}, "progress": False}
    reference = sweep(jobs=1, **grid).table()
    remote = orgsim("sweep", *GRID, "--out", "remote.parquet", "--scheduler", dask_scheduler,
                    "--connect-timeout", "60", cwd=tmp_path)
    assert remote.returncode == 0, remote.stderr
    pd.testing.assert_frame_equal(read_results(tmp_path / "remote.parquet"), reference)
    local = sweep(scheduler="local", jobs=2, out=tmp_path / "local.csv", **grid)
    pd.testing.assert_frame_equal(local.table(), reference)


def test_unreachable_scheduler_is_one_sentence_and_leaves_old_results(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "r.csv"
    sweep(levels=["tutorial"], seeds=1, out=out, jobs=1, progress=False)
    before = out.read_bytes()
    assert main(["sweep", "--level", "tutorial", "--seeds", "1", "--out", str(out),
                 "--overwrite", "--scheduler", "tcp://127.0.0.1:9", "--connect-timeout",
                 "1"]) == 1
    message = one_sentence(capsys.readouterr().err)
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in message
    assert out.read_bytes() == before


# ----- resume -----------------------------------------------------------------------------------
def _kill_mid_sweep(args: list[str], cwd: Path, written: callable) -> None:
    """Start a real sweep, wait until some runs are on disk, then kill it (and its workers)."""
    process = subprocess.Popen([sys.executable, "-m", "sim.cli", *args], cwd=cwd, env=child_env(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while not written() and time.monotonic() < deadline:
            assert process.poll() is None, process.stderr.read().decode()
            time.sleep(0.05)
        assert written(), "the sweep wrote nothing in time"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        process.stderr.close()


def _check_resumed(cwd: Path, out: str, workers: str, before: pd.DataFrame, total: int) -> None:
    table = read_results(cwd / out)
    quarters = sim.load_level("tutorial").quarters
    assert len(table) == total * quarters
    assert table.groupby(["run_id", "quarter"]).size().max() == 1
    assert table["run_id"].nunique() == total
    # Nothing written before the crash was lost or changed.
    kept = table[table["run_id"].isin(before["run_id"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, before.reset_index(drop=True))
    # Runs finished after the resume equal a fresh run of the same parameters.
    people = read_results(cwd / workers)
    assert set(people["run_id"]) == set(table["run_id"])
    assert people.groupby(["run_id", "quarter", "worker"]).size().max() == 1
    grid = resolve(make_plan(levels=["tutorial"], strategies=["leader", "manager"], seeds=50))
    ctx = Context(grid.levels, grid.logs, grid.param_columns, workers=False)
    late = [s for s in grid.runs() if s.run_id not in set(before["run_id"])][-1]
    fresh, _ = run_one(late, ctx)
    mine = table[table["run_id"] == late.run_id].reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, fresh.reset_index(drop=True), check_dtype=False)
    meta = json.loads((cwd / out / "_meta.json").read_text()) if (cwd / out).is_dir() else \
        json.loads((cwd / f"{out}.meta.json").read_text())
    assert meta["complete"] is True


@pytest.mark.slow
@pytest.mark.parametrize("out, workers", [("r.parquet", "w.parquet"), ("r.csv", "w.csv")])
def test_resume_after_a_killed_sweep_neither_redoes_nor_duplicates(
        tmp_path: Path, capsys: pytest.CaptureFixture, out: str, workers: str) -> None:
    args = ["sweep", "--level", "tutorial", "--strategy", "leader,manager", "--seeds", "50",
            "--out", str(tmp_path / out), "--workers-out", str(tmp_path / workers),
            "--flush-seconds", "0"]
    total = 100
    target = tmp_path / out

    def written() -> bool:
        if target.is_dir():
            return any(target.glob("part-*.parquet"))
        return target.is_file() and target.read_text().count("\n") > 1

    _kill_mid_sweep([*args, "--jobs", "2"], tmp_path, written)
    before = read_results(target)
    assert 0 < before["run_id"].nunique() < total, "kill the sweep before it finishes"
    assert main([*args, "--jobs", "1"]) == 1
    assert "already exists; use --resume" in one_sentence(capsys.readouterr().err)
    assert main([*args, "--jobs", "1", "--resume"]) == 0
    assert "already done" in capsys.readouterr().out
    _check_resumed(tmp_path, out, workers, before, total)
    assert main([*args, "--jobs", "1", "--resume"]) == 0
    assert "swept 0 runs" in capsys.readouterr().out


def test_resume_cuts_a_torn_csv_line_and_partial_runs(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    args = {"levels": ["tutorial"], "strategies": ["leader"], "seeds": 4, "jobs": 1,
            "progress": False}
    whole = sweep(out=out, **args).table()
    lines = out.read_text().splitlines(keepends=True)
    # A crash mid-write: the last run lost its last quarter and a line was half written.
    out.write_text("".join(lines[:-1]) + lines[-1][: len(lines[-1]) // 2])
    resumed = sweep(out=out, resume=True, **args)
    assert resumed.skipped == 3 and resumed.ran == 1
    pd.testing.assert_frame_equal(resumed.table(), whole)


def test_resume_refuses_a_different_plan(tmp_path: Path) -> None:
    assert main(["sweep", *GRID, "--out", str(tmp_path / "r.csv"), "--quiet", "--jobs",
                 "1"]) == 0
    before = (tmp_path / "r.csv").read_bytes()
    with pytest.raises(SweepError, match="the plan differs from the sweep it holds"):
        sweep(levels=["tutorial"], strategies=["leader"], seeds=3, out=tmp_path / "r.csv",
              resume=True, jobs=1, progress=False)
    assert (tmp_path / "r.csv").read_bytes() == before


def test_overwrite_replaces_but_never_deletes_foreign_folders(tmp_path: Path) -> None:
    out = tmp_path / "r.parquet"
    sweep(levels=["tutorial"], strategies=["leader"], seeds=2, out=out, jobs=1, progress=False)
    again = sweep(levels=["tutorial"], strategies=["manager"], seeds=2, out=out,
                  overwrite=True, jobs=1, progress=False)
    assert set(again.table()["strategy"]) == {"manager"}
    foreign = tmp_path / "mine.parquet"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("precious")
    with pytest.raises(SweepError, match="holds files a sweep did not write"):
        sweep(levels=["tutorial"], seeds=1, out=foreign, overwrite=True, jobs=1)
    assert (foreign / "thesis.txt").read_text() == "precious"


# ----- plan files -------------------------------------------------------------------------------
def test_a_plan_file_with_a_decision_log(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    (tmp_path / "out").mkdir()       # an output's folder must exist (sim.outputs)
    (tmp_path / "logs" / "mine.json").write_text(json.dumps(
        [{"attention": {"vision": 2, "coach": 2, "plan": 2, "assign": 2}}]))
    (tmp_path / "study.toml").write_text(
        'levels = ["tutorial"]\nstrategies = ["neglect"]\ndecisions = ["logs/mine.json"]\n'
        'seeds = "5..6"\nout = "out/study.csv"\n[params]\nteam_size = "4:8:4"\n')
    done = orgsim("sweep", "study.toml", "--jobs", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    table = read_results(tmp_path / "out" / "study.csv")
    assert set(table["strategy"]) == {"neglect", "log:mine"}
    assert set(table["seed"]) == {5, 6}
    assert set(table["team_size"]) == {4, 8}
    assert table["run_id"].nunique() == 2 * 2 * 2
    meta = json.loads((tmp_path / "out" / "study.csv.meta.json").read_text())
    assert [Path(tmp_path, d).resolve() for d in meta["plan"]["decisions"]] == \
        [tmp_path / "logs" / "mine.json"]
    assert "decisions log:mine" in meta["inputs"]


# ----- the progress bar -------------------------------------------------------------------------
@pytest.mark.slow
def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "sim.cli", "sweep", *GRID, "--out", "r.csv", "--jobs", "1"],
        cwd=tmp_path, env=child_env(), stdout=subprocess.PIPE,
        stderr=follower)
    os.close(follower)
    screen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 4096)
        except OSError:                            # the child closed the terminal
            break
        if not chunk:
            break
        screen += chunk
    process.wait(timeout=60)
    os.close(leader)
    text = screen.decode(errors="replace")
    assert f"{GRID_RUNS}/{GRID_RUNS}" in text      # runs done
    assert "run/s" in text                         # runs per second
    assert "<" in text                             # time left, as elapsed<remaining
    quiet = orgsim("sweep", *GRID, "--out", "q.csv", "--jobs", "1", cwd=tmp_path)
    assert quiet.stderr == ""


# ----- bad input --------------------------------------------------------------------------------
BAD = [
    (["--param", "knowlege_share=0.5"], "unknown level parameter 'knowlege_share'"),
    (["--param", "knowledge_share=0.5,1.5"], "'knowledge_share' must be between 0 and 1"),
    (["--param", "team_size=ten"], "'team_size' must be a whole number"),
    (["--param", "team_size=50:10:10"], "range '50:10:10' is empty"),
    (["--param", "team_size="], "the grid is empty: --param team_size has no values"),
    (["--param", "team_size"], "expected NAME=VALUES"),
    (["--seeds", "0"], "the grid is empty: --seeds has no values"),
    (["--seeds", "9..3"], "the grid is empty: --seeds has no values"),
    (["--seeds", "many"], "--seeds: expected a count (100), a range (10..19) or a list"),
    (["--strategy", "boss"], "unknown strategy 'boss'"),
    (["--strategy", "mix:2"], "leadership share after 'mix:' must be a number from 0 to 1"),
    (["--strategy", "leader,leader"], "--strategy lists 'leader' twice"),
    (["--level", "moon_base"], "unknown level 'moon_base'"),
    (["--decisions", "nope.json"], "nope.json: no such decision log"),
    (["--jobs", "0"], "--jobs must be a whole number from 1 to 256"),
    (["--scheduler", "10.0.0.5"], "--scheduler: expected tcp://HOST:PORT or 'local'"),
]


@pytest.mark.parametrize("flags, expected", BAD)
def test_bad_grid_flags_are_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture,
                                         flags: list[str], expected: str) -> None:
    out = tmp_path / "r.csv"
    assert main(["sweep", "--level", "tutorial", "--seeds", "1", *flags, "--out",
                 str(out)]) == 1
    assert expected in one_sentence(capsys.readouterr().err)
    assert not out.exists()


PLANS = [
    ("seeds = 3\nstrategys = ['leader']\n", "unknown key 'strategys'"),
    ("seeds = [1, 2\n", "not valid TOML"),
    ("seeds = 3.5\n", "study.toml: seeds: expected a count"),
    ("strategies = []\n", "study.toml: the grid is empty: strategies has no values"),
    ("[params]\nteam_size = []\n", "study.toml: the grid is empty: params.team_size has no"),
    ("params = 3\n", "'params' must be a table"),
    ("[params]\nknowledge_share = [2.0]\n", "study.toml: params.knowledge_share: key "
                                            "'knowledge_share' must be between 0 and 1"),
    ("levels = 'tutorial'\nlevel = 'tutorial'\n", "give 'level' or 'levels', not both"),
    ("[params]\nknowledge_share = [0.5, 2020-01-01]\n",            # found by the long fuzz run
     "params.knowledge_share: values must be numbers, true/false or text, got datetime.date"),
]


@pytest.mark.parametrize("text, expected", PLANS)
def test_plan_file_errors_name_the_file_and_key(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                text: str, expected: str) -> None:
    plan = tmp_path / "study.toml"
    plan.write_text(text)
    assert main(["sweep", str(plan), "--out", str(tmp_path / "r.csv")]) == 1
    assert expected in one_sentence(capsys.readouterr().err)


def test_output_errors(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["sweep", "--seeds", "1", "--out", str(tmp_path / "r.xlsx")]) == 1
    assert "must end in .parquet" in one_sentence(capsys.readouterr().err)
    assert main(["sweep", "--seeds", "1"]) == 1
    assert "--out is required" in one_sentence(capsys.readouterr().err)
    assert main(["sweep", str(tmp_path / "missing.toml"), "--out", "x.csv"]) == 1
    assert "missing.toml: no such plan file" in one_sentence(capsys.readouterr().err)
    (tmp_path / "p.toml").write_text("seeds = 1\n")
    assert main(["sweep", str(tmp_path / "p.toml"), "--seeds", "2", "--out", "x.csv"]) == 1
    assert "or as flags (--seeds), not both" in one_sentence(capsys.readouterr().err)


def test_a_failing_run_keeps_what_was_written(tmp_path: Path) -> None:
    log = tmp_path / "firing.json"       # lets go of a worker id that no team has
    log.write_text(json.dumps([{"attention": {"plan": 2}}, {"let_go": [987654]}]))
    out = tmp_path / "r.csv"
    with pytest.raises(SweepError, match=r"run [0-9a-f]{16} \(level tutorial, strategy "
                                         r"log:firing.*no worker with id 987654"):
        sweep(levels=["tutorial"], strategies=["leader"], decisions=[log], seeds=2, out=out,
              jobs=1, progress=False)
    kept = read_results(out)
    assert set(kept["strategy"]) == {"leader"}           # finished runs are on disk


@pytest.mark.parametrize("held", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_inside_the_pools_calls_acts_only_once_they_are_done(held: int) -> None:
    """Ctrl-C or SIGTERM during a pool's own calls (`signals_held`) waits until they are done,
    then acts as it would have; the handlers are the same after as before. Without it a signal
    could leave one of the pool's locks taken (a sweep hung at exit once in 160)."""
    from sim.analysis.backends import signals_held

    class StoppedError(Exception):
        pass

    def stop(signum: int, frame: object) -> None:
        raise StoppedError(signum)

    previous = signal.signal(held, stop)
    finished_inside = False
    try:
        with pytest.raises(StoppedError) as raised, signals_held():
            signal.raise_signal(held)
            time.sleep(0.01)
            finished_inside = True
        assert finished_inside and raised.value.args == (held,)
        assert signal.getsignal(held) is stop
        with signals_held():                  # nothing caught: nothing raised after
            pass
    finally:
        signal.signal(held, previous)
