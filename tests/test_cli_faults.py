"""Faults and hostile input through the command line: killed sweeps, unwritable outputs, long
names, huge counts, files that are not files. Real processes, real signals, real files.

Every user mistake must be one sentence on stderr with a non-zero exit status, never a
traceback; a killed sweep must leave no process behind and resume to every run exactly once; a
sweep that fails before a run finished must leave nothing on disk.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from cli_helpers import child_env, one_sentence

import sim
from sim.analysis.errors import SweepError
from sim.analysis.plan import make_plan
from sim.analysis.store import read_results
from sim.analysis.sweep import sweep
from sim.cli import main
from sim.limits import MAX_SEEDS

LONG = "a" * 300                                   # longer than any file name may be (255)
SWEEP = ["sweep", "--level", "tutorial", "--strategy", "leader,manager", "--quiet"]


def run_main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """The CLI in-process: (exit status, stderr)."""
    try:
        status = main(list(argv))
    except SystemExit as exc:
        status = int(exc.code or 0)
    return status, capsys.readouterr().err


def sentence(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 1) -> str:
    """Run a command that must fail with one sentence; return it."""
    status, err = run_main(capsys, *argv)
    assert status == code, err
    return one_sentence(err)


# ----- killed sweeps -----------------------------------------------------------------------------

def descendants(pid: int) -> set[int]:
    """Every living process below `pid`, from /proc (children of children too)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:                         # it ended while we looked
                continue
            parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    """The pids still running (a zombie has finished: only its exit status is left)."""
    living = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.add(pid)
    return living


def wait_gone(pids: set[int], seconds: float = 10.0) -> set[int]:
    deadline = time.monotonic() + seconds
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive(pids)


def rows_on_disk(path: Path) -> int:
    return path.read_bytes().count(b"\n") - 1 if path.is_file() else 0


def start(argv: list[str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(argv, cwd=cwd, env=child_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)


def kill_when(process: subprocess.Popen, ready: callable, sig: int,
              timeout: float = 90) -> set[int]:
    """Wait until `ready()` and the workers are up, send `sig` to the sweep process alone,
    and return its descendants as they were just before."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode()
        workers = descendants(process.pid)
        if ready() and workers:
            break
        time.sleep(0.02)
    else:
        raise AssertionError("the sweep never got going")
    os.kill(process.pid, sig)
    return workers


def cleanup(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    process.stderr.close()


def check_every_run_once(out: Path, runs: int) -> None:
    table = read_results(out)
    assert table["run_id"].nunique() == runs
    assert table.groupby(["run_id", "quarter"]).size().max() == 1
    assert len(table) == runs * sim.load_level("tutorial").quarters


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_killed_parallel_sweep_leaves_no_worker_and_resumes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], sig: int) -> None:
    out = tmp_path / "r.csv"
    argv = [*SWEEP, "--seeds", "150", "--out", str(out), "--flush-seconds", "0"]
    process = start([sys.executable, "-m", "sim.cli", *argv, "--jobs", "2"], tmp_path)
    try:
        workers = kill_when(process, lambda: rows_on_disk(out) > 0, sig)
        assert len(workers) >= 2
        process.wait(timeout=30)
        assert wait_gone(workers, 5.0) == set(), "worker processes outlived the sweep"
        if sig == signal.SIGTERM:         # handled like Ctrl-C: a message, status 128 + 15
            assert process.returncode == 143
            assert process.stderr.read().decode().strip() == "orgsim: stopped (SIGTERM)"
    finally:
        cleanup(process)
    done_before = read_results(out)["run_id"].nunique()
    assert 0 < done_before < 300, "kill the sweep before it finishes"
    status, err = run_main(capsys, *argv, "--jobs", "1", "--resume")
    assert status == 0, err
    check_every_run_once(out, 300)


THREADED_SWEEP = """
import sys, threading, time
from sim.analysis.sweep import sweep
threading.Thread(target=time.sleep, args=(600,), daemon=True).start()   # a notebook's threads
sweep(levels=["tutorial"], strategies=["leader", "manager"], seeds=300, out=sys.argv[1],
      jobs=2, flush_seconds=0, progress=False)
"""


@pytest.mark.slow
def test_workers_from_a_fork_server_end_with_a_killed_sweep(tmp_path: Path) -> None:
    """A threaded process starts workers through a fork server: they must end too."""
    out = tmp_path / "r.csv"
    process = start([sys.executable, "-c", THREADED_SWEEP, str(out)], tmp_path)
    try:
        helpers = kill_when(process, lambda: rows_on_disk(out) > 0 and
                            len(descendants(process.pid)) >= 3, signal.SIGKILL)
        process.wait(timeout=30)
        assert wait_gone(helpers, 8.0) == set(), "fork server or workers outlived the sweep"
    finally:
        cleanup(process)


@pytest.mark.slow
def test_twenty_random_kills_leave_nothing_behind_and_lose_no_run(tmp_path: Path) -> None:
    """Kill a parallel sweep with SIGKILL at random moments 20 times, resuming each time."""
    out = tmp_path / "r.csv"
    rng = random.Random(7)
    runs = 2 * 1000
    argv = [sys.executable, "-m", "sim.cli", *SWEEP, "--seeds", "1000", "--out", str(out),
            "--flush-seconds", "0.2", "--jobs", "2"]
    report = []
    for kill in range(20):
        process = start([*argv, "--resume"] if kill else argv, tmp_path)
        try:
            # Kill at a random point of progress (not of time, so that a fast machine cannot
            # finish the sweep first): once the workers are up and 0-300 more rows are on disk.
            target = rows_on_disk(out) + rng.choice((0, rng.randint(1, 300)))

            def ready(process: subprocess.Popen = process, target: int = target) -> bool:
                return bool(descendants(process.pid)) and rows_on_disk(out) >= target

            workers = kill_when(process, ready, signal.SIGKILL)
            process.wait(timeout=30)
            assert wait_gone(workers, 5.0) == set(), f"kill {kill}: workers outlived it"
        finally:
            cleanup(process)
        report.append(rows_on_disk(out))
    final = subprocess.run([*argv, "--resume"], cwd=tmp_path, env=child_env(),
                           capture_output=True, text=True, timeout=600, check=False)
    assert final.returncode == 0, final.stderr
    check_every_run_once(out, runs)
    meta = json.loads(out.with_name("r.csv.meta.json").read_text())
    assert meta["complete"] is True and meta["runs_done"] == runs
    print("rows on disk after each kill:", report)


# ----- a failed sweep leaves nothing -------------------------------------------------------------

def unwritable(folder: str) -> bool:
    """True if no file can be made in `folder` (even by root, as /proc and /sys)."""
    try:
        fd, name = tempfile.mkstemp(dir=folder)
    except OSError:
        return True
    os.close(fd)
    os.unlink(name)
    return False


UNWRITABLE = [folder for folder in ("/proc", "/sys") if unwritable(folder)]


@pytest.mark.parametrize("folder", UNWRITABLE)
@pytest.mark.parametrize("command", [["run", "--quarters", "1"],
                                     ["sweep", "--level", "tutorial", "--seeds", "1", "--jobs",
                                      "1"],
                                     ["compare", "--seeds", "2", "--level", "tutorial", "--jobs",
                                      "1"]])
def test_an_unwritable_folder_is_one_sentence_and_nothing_is_written(
        capsys: pytest.CaptureFixture[str], folder: str, command: list[str]) -> None:
    out = f"{folder}/orgsim-out.csv"
    message = sentence(capsys, *command, "--out", out)
    assert f"cannot write in the folder {folder}" in message
    assert not Path(out).exists()


@pytest.mark.parametrize("name", ["r.csv", "r.parquet"])
def test_a_sweep_that_fails_before_any_run_finished_leaves_nothing(tmp_path: Path,
                                                                   name: str) -> None:
    log = tmp_path / "firing.json"          # lets go of a worker id that no team has
    log.write_text(json.dumps([{"attention": {"plan": 2}}, {"let_go": [987654]}]))
    out, workers = tmp_path / name, tmp_path / f"w{Path(name).suffix}"
    with pytest.raises(SweepError, match="no worker with id 987654"):
        sweep(levels=["tutorial"], strategies=[], decisions=[log], seeds=2, out=out,
              workers_out=workers, jobs=1, progress=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["firing.json"]


def test_sweep_files_appear_with_the_first_runs_and_are_resumable(tmp_path: Path) -> None:
    """Up to the first finished run nothing is on disk; from then on a metadata file too."""
    out = tmp_path / "r.csv"
    result = sweep(levels=["tutorial"], strategies=["leader"], seeds=3, out=out, jobs=1,
                   progress=False)
    assert result.ran == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv", "r.csv.meta.json"]
    meta = json.loads((tmp_path / "r.csv.meta.json").read_text())
    assert meta["complete"] is True and meta["runs_done"] == 3


# ----- sentences, not tracebacks -----------------------------------------------------------------

def _fifo(tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    os.mkfifo(path)
    return str(path)


CASES = [
    # (argv, fragment of the sentence, exit status); {tmp} is a fresh folder
    (["run", "--decisions", "{tmp}"], "is a folder, not a decision log", 1),
    (["sweep", "--decisions", "{tmp}", "--out", "{tmp}/r.csv"], "is a folder", 1),
    (["compare", "--decisions", "{tmp}"], "is a folder", 1),
    (["run", "--decisions", "{fifo}"], "not a regular file", 1),
    (["run", "--level", LONG], "give a level file as a path", 1),
    (["run", "--level", f"{LONG}.toml"], "too long", 1),
    (["run", "--decisions", f"{LONG}.json"], "too long", 1),
    (["run", "--out", f"{{tmp}}/{LONG}.csv"], "the file name is too long", 1),
    (["sweep", "--seeds", "1", "--out", f"{LONG}.csv"], "the file name is too long", 1),
    (["sweep", "--seeds", "1", "--out", "{tmp}/r.csv", "--workers-out", f"{LONG}.csv"],
     "the file name is too long", 1),
    (["compare", "--out", f"{LONG}.json"], "the file name is too long", 1),
    (["plot", f"{LONG}.csv"], "too long", 1),
    (["plot", "{tmp}/run.csv", "--out", f"{{tmp}}/{LONG}"], "too long", 1),
    (["play", "--load", f"{LONG}.json"], "too long", 1),
    (["run", "--seed", "-1"], "a seed must be a whole number from 0", 2),
    (["run", "--seed", "1" * 30], "a seed must be a whole number from 0", 2),
    (["play", "--seed", "-5"], "a seed must be a whole number from 0", 2),
    (["sweep", "--seeds", "1,-2", "--out", "{tmp}/r.csv"], "seeds must be whole numbers", 1),
    (["sweep", "--seeds=-1..3", "--out", "{tmp}/r.csv"], "expected a count", 1),
    (["compare", "--seeds=-3"], "the number of seeds must be 0 or more", 1),
    (["sweep", "--seeds", "1000000000000", "--out", "{tmp}/r.csv"],
     f"1,000,000,000,000 seeds is too many; at most {MAX_SEEDS:,}", 1),
    (["sweep", "--seeds", "0..999999999999999", "--out", "{tmp}/r.csv"], "is too many", 1),
    (["sweep", "--seeds", "5.." + "9" * 30, "--out", "{tmp}/r.csv"], "seeds go up to", 1),
    (["compare", "--seeds", "1000000000000"], "seeds is too many", 1),
    (["sweep", "--seeds", "9" * 5000, "--out", "{tmp}/r.csv"], "expected a count", 1),
    (["play", "--screenshots", "{tmp}/run.csv"], "is a file, not a folder", 1),
    (["sweep", "--seeds", "1", "--jobs", "100000", "--out", "{tmp}/r.csv"],
     "--jobs must be a whole number from 1 to", 1),
    (["sweep", "--seeds", "1", "--flush-seconds", "nan", "--out", "{tmp}/r.csv"],
     "expected a number of seconds", 2),
    (["run", "--strategy", "x" * 100_000], "unknown strategy", 1),
    (["sweep", "--strategy", "x" * 100_000, "--out", "{tmp}/r.csv"], "unknown strategy", 1),
    (["sweep", "--param", "y" * 100_000 + "=1", "--out", "{tmp}/r.csv"], "unknown level", 1),
    (["plot", "{tmp}/run.csv", "--outcome", "z" * 100_000], "invalid choice", 2),
]


@pytest.mark.parametrize("argv, fragment, code", CASES,
                         ids=[f"{i}-{c[0][0]}" for i, c in enumerate(CASES)])
def test_user_mistakes_are_one_short_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch, argv: list[str],
                                              fragment: str, code: int) -> None:
    monkeypatch.chdir(tmp_path)
    sim.run("tutorial", "leader", 1, quarters=2).to_csv(tmp_path / "run.csv", index=False)
    fifo = _fifo(tmp_path, "pipe.json")
    argv = [a.replace("{tmp}", str(tmp_path)).replace("{fifo}", fifo) for a in argv]
    before = sorted(p.name for p in tmp_path.iterdir())
    message = sentence(capsys, *argv, code=code)
    assert fragment in message
    assert len(message) < 700, "a message must not echo a long value whole"
    assert sorted(p.name for p in tmp_path.iterdir()) == before       # nothing written


# ----- planning is linear ------------------------------------------------------------------------

def test_two_hundred_thousand_seeds_plan_at_once() -> None:
    started = time.perf_counter()
    plan = make_plan(levels=["tutorial"], strategies=["leader"], seeds=200_000)
    listed = make_plan(levels=["tutorial"], strategies=["leader"],
                       seeds=",".join(map(str, range(200_000))))
    seconds = time.perf_counter() - started
    assert plan.size == listed.size == 200_000
    assert plan.seeds == listed.seeds
    assert seconds < 5, f"planning took {seconds:.1f} s"   # was minutes (quadratic)
    with pytest.raises(SweepError, match="--seeds lists 0 twice"):
        make_plan(seeds=[*range(200_000), 0])
    with pytest.raises(SweepError, match="--param team_size lists 5 twice"):
        make_plan(params={"team_size": [*range(1, 50_000), 5]})


def test_one_and_one_point_zero_are_still_different_spellings() -> None:
    plan = make_plan(params={"knowledge_share": [1, 1.0]})
    assert plan.params == (("knowledge_share", (1, 1.0)),)


# ----- one output rule for every command ---------------------------------------------------------

def test_a_missing_folder_is_refused_by_every_command(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    sim.run("tutorial", "leader", 1, quarters=2).to_csv(tmp_path / "run.csv", index=False)
    missing = tmp_path / "missing"
    for argv in (["run", "--quarters", "1", "--out", f"{missing}/t.csv"],
                 ["sweep", "--level", "tutorial", "--seeds", "1", "--out", f"{missing}/r.csv"],
                 ["sweep", "--level", "tutorial", "--seeds", "1", "--out", f"{tmp_path}/r.csv",
                  "--workers-out", f"{missing}/w.csv"],
                 ["compare", "--input", f"{tmp_path}/run.csv", "--out", f"{missing}/c.json"],
                 ["plot", f"{tmp_path}/run.csv", "--out", f"{missing}/figures"]):
        message = sentence(capsys, *argv)
        assert f"the folder {missing} does not exist" in message, argv
        assert not missing.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.csv"]


def test_an_existing_output_needs_overwrite(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    sweep(levels=["tutorial"], strategies=["leader", "manager"], seeds=2, out=tmp_path / "s.csv",
          jobs=1, progress=False)
    old = "keep me\n"
    for name, argv in (("t.csv", ["run", "--quarters", "1"]),
                       ("c.csv", ["compare", "--input", f"{tmp_path}/s.csv"])):
        target = tmp_path / name
        target.write_text(old)
        message = sentence(capsys, *argv, "--out", str(target))
        assert f"--out {target} already exists; pass --overwrite" in message
        assert target.read_text() == old
        status, err = run_main(capsys, *argv, "--out", str(target), "--overwrite")
        assert status == 0, err
        assert len(pd.read_csv(target)) > 0
    figures = tmp_path / "figures"               # made by plot: its parent exists
    status, err = run_main(capsys, "plot", str(tmp_path / "s.csv"), "--out", str(figures),
                           "--kind", "cumulative", "--format", "svg")
    assert status == 0, err
    first = (figures / "cumulative.svg").read_bytes()
    message = sentence(capsys, "plot", str(tmp_path / "s.csv"), "--out", str(figures),
                       "--kind", "cumulative", "--format", "svg")
    assert "cumulative.svg already exists; pass --overwrite" in message
    assert (figures / "cumulative.svg").read_bytes() == first
    status, err = run_main(capsys, "plot", str(tmp_path / "s.csv"), "--out", str(figures),
                           "--kind", "cumulative", "--format", "svg", "--overwrite")
    assert status == 0, err
    leftovers = [p.name for p in tmp_path.rglob(".*")]
    assert leftovers == [], "a temporary file was left behind"


# ----- plot and compare read only results tables -------------------------------------------------

def test_plot_refuses_a_folder_without_results_at_once(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    tree = tmp_path / "tree"
    for i in range(200):                    # pyarrow used to walk all of this (or all of /usr)
        (tree / f"d{i}" / "deeper").mkdir(parents=True)
        (tree / f"d{i}" / "deeper" / "notes.txt").write_text("not results\n")
    started = time.monotonic()
    message = sentence(capsys, "plot", str(tree), "--out", str(tmp_path / "figs"))
    assert "a folder with no part-*.parquet files, so not a sweep's results" in message
    assert time.monotonic() - started < 5
    assert not (tmp_path / "figs").exists()


def test_results_that_are_not_regular_files_are_refused(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    fifo = _fifo(tmp_path, "pipe.csv")
    huge = tmp_path / "huge.csv"
    with open(huge, "wb") as fh:                     # sparse: takes no disk space
        fh.truncate(30_000_000_000)
    for argv, fragment in (
            (["plot", str(tmp_path / "zero.csv")], "not a regular file"),
            (["plot", fifo], "not a regular file"),
            (["compare", "--input", fifo], "not a regular file"),
            (["plot", str(huge)], "too large for a results table")):
        assert fragment in sentence(capsys, *argv, "--out", str(tmp_path / "out.json")
                                    if argv[0] == "compare" else str(tmp_path / "figs"))


@pytest.mark.parametrize("content, fragment", [
    (None, "not a regular file"),                               # a FIFO
    ("[" * 100_000, "nested more than"),
    ("[1, 2]", "the sweep metadata must be a JSON object"),
])
def test_resume_reads_the_metadata_through_the_guards(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str],
                                                      content: str | None,
                                                      fragment: str) -> None:
    out = tmp_path / "r.csv"
    sweep(levels=["tutorial"], strategies=["leader"], seeds=1, out=out, jobs=1, progress=False)
    meta = tmp_path / "r.csv.meta.json"
    meta.unlink()
    if content is None:
        os.mkfifo(meta)
    else:
        meta.write_text(content)
    message = sentence(capsys, "sweep", "--level", "tutorial", "--strategy", "leader",
                       "--seeds", "1", "--out", str(out), "--resume")
    assert fragment in message and "r.csv.meta.json" in message


# ----- random command lines ----------------------------------------------------------------------

VALUES = ["", "-", "0", "-1", "1", "2", "1e400", "nan", "inf", "1..3", "3..1", "1,2,2", "ü",
          "x.csv", "x.parquet", "x.json", "a" * 300, "a" * 300 + ".csv", "/proc/x.csv", "/proc",
          "/dev/zero", ".", "/", "run.csv", "missing/x.csv", "leader", "mix:0.5", "mix:",
          "tutorial", "knowledge_share=0.5", "team_size=1:3:1", "x=1", "=", "9" * 40,
          "team_size=1:1000000000:1", "x" * 5000, "landscape", "/etc/passwd/x.csv"]
FLAGS = {
    "run": ["--level", "--strategy", "--decisions", "--seed", "--quarters", "--knowledge-share",
            "--team-size", "--out", "--overwrite"],
    "sweep": ["--level", "--strategy", "--decisions", "--seeds", "--param", "--out",
              "--workers-out", "--resume", "--overwrite", "--flush-seconds", "--jobs", "PLAN"],
    "compare": ["--strategy", "--decisions", "--level", "--seeds", "--param", "--input",
                "--outcome", "--jobs", "--out", "--overwrite"],
    "plot": ["INPUT", "--out", "--kind", "--format", "--outcome", "--overwrite"],
}
SWITCHES = {"--overwrite", "--resume"}


def random_argv(rng: random.Random) -> list[str]:
    command = rng.choice(sorted(FLAGS))
    argv = [command]
    for _ in range(rng.randint(0, 4)):
        flag = rng.choice(FLAGS[command])
        if flag in SWITCHES:
            argv.append(flag)
        elif flag in ("PLAN", "INPUT"):
            argv.append(rng.choice(VALUES))
        else:
            argv += [flag, rng.choice(VALUES)]
    if command in ("sweep", "compare"):    # keep the legal ones small
        argv += ["--level", "tutorial", "--seeds", "2", "--jobs", "1", "--quiet"
                 if command == "sweep" else "--strategy=leader,manager"]
    return argv


@pytest.mark.parametrize("seed", [1, 2])
def test_random_command_lines_end_in_a_sentence_or_success(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        seed: int) -> None:
    monkeypatch.chdir(tmp_path)
    sim.run("tutorial", "leader", 1, quarters=2).to_csv(tmp_path / "run.csv", index=False)
    rng = random.Random(seed)
    for _ in range(40):
        argv = random_argv(rng)
        status, err = run_main(capsys, *argv)     # any exception fails the test here
        if status != 0:
            assert one_sentence(err), argv
            assert len(err) < 1200, argv


def test_sigterm_handler_is_only_installed_while_a_command_runs(
        capsys: pytest.CaptureFixture[str]) -> None:
    before = signal.getsignal(signal.SIGTERM)
    assert run_main(capsys, "strategies")[0] == 0
    assert signal.getsignal(signal.SIGTERM) is before
    assert threading.current_thread() is threading.main_thread()
