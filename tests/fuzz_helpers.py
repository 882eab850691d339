"""Shared pieces of the fuzz suite (tests/test_fuzz_*.py and benchmarks/fuzz_long.py).

Why one module: every kind of input (levels, decision logs, saves, plans, command lines) is
judged by the same rules, so the rules live here once:

- a refusal is an allowed error class whose message is one line, at most MAX_MESSAGE
  characters, and names the file;
- nothing else may escape (a traceback), and nothing may hang (a SIGALRM timer in process, a
  subprocess timeout for the CLI) or eat the machine (an address-space limit);
- an accepted input must run: no NaN, every share on 0-1, no negative counts or costs, and
  explanations that add up exactly.

Each case returns an `Outcome` rather than asserting, so the tests assert on it and the long
run counts it. Inputs are drawn as small *recipes* (a seed file plus a few mutations) so a
failing example prints short and replays exactly.

Runs: ORGSIM_FUZZ_CASES unset gives the default, derandomized (reproducible) run; set it to N
for N random cases per fuzz test (e.g. ORGSIM_FUZZ_CASES=10000).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import resource
import signal
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
LEVELS = ROOT / "levels"
#: Longest error message accepted, not counting the file's path (a sentence and ~80 quoted
#: characters of an offending value).
MAX_MESSAGE = 300
#: Seconds one in-process case may take before it counts as a hang.
CASE_SECONDS = 10.0
#: Seconds one command line may take.
CLI_SECONDS = 20.0
#: Extra address space an in-process case may take (a runaway allocation fails, not the host).
EXTRA_MEMORY = 3 << 30
#: Processes a child command line may start beyond those the user has now (no fork bombs).
EXTRA_PROCESSES = 64

#: Columns of the per-quarter table documented as 0-1, and those that may not be negative.
SHARE_COLUMNS = ("morale", "trust", "skill", "exhaustion", "intrinsic", "extrinsic",
                 "autonomy", "competence", "relatedness", "fit", "safety", "process",
                 "coordination", "innovation", "knowledge_share", "leadership_share", "neglect")
NONNEGATIVE_COLUMNS = ("output", "output_cum", "headcount", "hires", "quits", "let_go",
                       "cost", "backlog", "attention_spent")


# ----- how many cases ---------------------------------------------------------------------------
def fuzz_cases() -> int:
    """The cases per fuzz test asked for by ORGSIM_FUZZ_CASES (0: the default run)."""
    text = os.environ.get("ORGSIM_FUZZ_CASES", "").strip()
    return int(text) if text.isdigit() else 0


def fuzz_settings(default: int, shrink: bool = True) -> settings:
    """`default` reproducible cases; ORGSIM_FUZZ_CASES=N switches to N random ones. Without
    `shrink` a failing example is reported as drawn (each retry of a command line costs a
    child process)."""
    wanted = fuzz_cases()
    return settings(
        phases=tuple(Phase) if shrink else (Phase.explicit, Phase.reuse, Phase.generate),
        max_examples=wanted or default, deadline=None, derandomize=not wanted, database=None,
        print_blob=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.filter_too_much, HealthCheck.large_base_example,
                               HealthCheck.function_scoped_fixture],
    )


# ----- outcomes ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """How one case ended. `kind` is accepted, refused, traceback, hang, message or data."""

    kind: str
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.kind in ("accepted", "refused")

    @property
    def category(self) -> str:
        """What groups failures of the same cause (the exception and where it was raised)."""
        return self.detail.split(" || ")[0]

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}" if self.detail else self.kind


ACCEPTED = Outcome("accepted")


class Hang(BaseException):
    """An in-process case ran past its time limit."""


class HangFailure(BaseException):
    """Raised by a test for a hang, so hypothesis does not re-run (shrink) the slow input."""


@contextlib.contextmanager
def time_limit(seconds: float = CASE_SECONDS) -> Iterator[None]:
    """Raise `Hang` in this thread if the block runs longer than `seconds`."""
    def on_alarm(signum: int, frame: Any) -> None:
        raise Hang(f"no answer within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _address_space() -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


@contextlib.contextmanager
def memory_limit(extra: int = EXTRA_MEMORY) -> Iterator[None]:
    """Cap this process's address space at its current size plus `extra` for the block, so a
    runaway allocation raises MemoryError (a finding) instead of starving the machine."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = _address_space() + extra
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def traceback_outcome(exc: BaseException) -> Outcome:
    """An escaped exception: its type, where in orgsim it was raised, and its message."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/sim/" in f.filename or "/game/" in f.filename] or frames
    where = ""
    if ours:
        frame = ours[-1]
        where = f" at {Path(frame.filename).parent.name}/{Path(frame.filename).name}:" \
                f"{frame.lineno} ({frame.name})"
    message = str(exc).splitlines()[0][:160] if str(exc) else ""
    return Outcome("traceback", f"{type(exc).__name__}{where} || {message}")


def message_outcome(exc: BaseException, file: str | Path | None) -> Outcome:
    """A refusal, if its message is one line naming the file and at most MAX_MESSAGE characters
    besides the file's path; else a message problem (grouped by the problem, not the text)."""
    text, name = str(exc), type(exc).__name__
    length = len(text.replace(str(file), "")) if file else len(text)
    problem = ("empty message" if not text.strip() else
               "more than one line" if "\n" in text.strip() or "\r" in text else
               "too long" if length > MAX_MESSAGE else
               f"does not name {Path(file).name}" if file and Path(file).name not in text else "")
    if problem:
        return Outcome("message", f"{name}: {problem} || {length} characters: {text[:240]!r}")
    return Outcome("refused", f"{name}: {text}")


def guarded(action: Callable[[], Any], allowed: tuple[type[BaseException], ...],
            file: str | Path | None = None,
            seconds: float = CASE_SECONDS) -> tuple[Any, Outcome]:
    """Run `action` under a time and memory limit; (its value, ACCEPTED) or (None, why not).
    An `allowed` error is a refusal if its message is sound for the file `file`."""
    try:
        with memory_limit(), time_limit(seconds):
            return action(), ACCEPTED
    except Hang as exc:
        return None, Outcome("hang", str(exc))
    except allowed as exc:
        return None, message_outcome(exc, file)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # everything else is a finding
        return None, traceback_outcome(exc)


def assert_ok(outcome: Outcome, case: Any = None) -> None:
    """The test's verdict on one case (a hang is reported without shrinking)."""
    if outcome.kind == "hang":
        raise HangFailure(f"{outcome} for {case!r}"[:2000])
    assert outcome.ok, str(outcome)


# ----- accepted runs: the data must be sound -----------------------------------------------------
def table_problems(frame: Any) -> list[str]:
    """What is wrong with a per-quarter table: NaN or infinity, shares off 0-1, negatives."""
    import numpy as np

    problems = []
    numeric = frame.select_dtypes("number")
    bad = [c for c in numeric.columns if not np.isfinite(numeric[c].to_numpy(float)).all()]
    if bad:
        problems.append(f"non-finite values in {', '.join(bad)}")
    for column in SHARE_COLUMNS:
        if column in frame and not frame[column].between(0.0, 1.0).all():
            problems.append(f"{column} off 0-1: {frame[column].tolist()[:5]}")
    for column in NONNEGATIVE_COLUMNS:
        if column in frame and (frame[column] < 0).any():
            problems.append(f"{column} negative: {frame[column].tolist()[:5]}")
    return problems


def explanation_problems(model: Any, workers_per_quarter: int = 3) -> list[str]:
    """Explanations must add up exactly: start + contributions == end for the team and for a
    few workers (the first, one in the middle, the last, leavers included) of every quarter."""
    problems = []
    for quarter in sorted(model.explainer.records):
        ids = [int(i) for i in model.explainer.records[quarter].ids]
        chosen = sorted({ids[0], ids[len(ids) // 2], ids[-1]})[:workers_per_quarter] \
            if ids else []
        for worker in (None, *chosen):
            e = model.explain(quarter, worker=worker)
            total = e.start + sum(e.contributions.values())
            values = [e.start, e.end, *e.contributions.values()]
            if not all(math.isfinite(v) for v in values):
                problems.append(f"quarter {quarter} worker {worker}: non-finite explanation")
            elif abs(total - e.end) >= 1e-9:
                problems.append(f"quarter {quarter} worker {worker}: explanation off by "
                                f"{total - e.end:.3g}")
    return problems


def model_outcome(model: Any) -> Outcome:
    """The verdict on a model that has played: a sound table and exact explanations."""
    problems = table_problems(model.table()) + explanation_problems(model)
    return Outcome("data", "; ".join(problems)) if problems else ACCEPTED


# ----- odd values -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Long:
    """A long string, kept short in a failing example's printout."""

    char: str
    n: int

    def make(self) -> str:
        return self.char * self.n


@dataclass(frozen=True)
class Raw:
    """Text written as-is into a TOML or JSON file (NaN, 1e400, 5000-digit numbers)."""

    text: str

    def __repr__(self) -> str:
        return f"Raw({self.text[:30]!r}{'...' if len(self.text) > 30 else ''})"


@dataclass(frozen=True)
class Deep:
    """A value nested `n` lists deep."""

    n: int

    def make(self) -> Any:
        value: Any = 1
        for _ in range(self.n):
            value = [value]
        return value


ODD_NUMBERS = (-1e308, 1e308, math.nan, math.inf, -math.inf, -0.0, 0, -1, 1, 0.5, 1e-300,
               5e-324, 10**400, 10**15 + 1, 2**63, 10**12, -10**12, 3, 40, 41, 10_000, 10_001)
ODD_VALUES: tuple[Any, ...] = (
    *ODD_NUMBERS, True, False, "", "x", "0", "nan", "1e3", "knowledge_team", "../../etc/passwd",
    "a\nb", "\u202erlt", "数据ü", "\x00", [], {}, [1, 2], [[]], {"a": 1}, {"": ""},
    dt.date(2020, 1, 1), dt.datetime(2020, 1, 1, 12, 0), Long("a", 300), Long("é", 100_000),
    Deep(40), Deep(200), Raw("1" * 5000), Raw("-" + "9" * 4400),
)
odd_values = st.sampled_from(ODD_VALUES) | st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20) | st.integers() | \
    st.floats()


def materialize(value: Any) -> Any:
    """The real value behind a recipe's value (Long and Deep are built; Raw stays for writing)."""
    if isinstance(value, Long | Deep):
        return value.make()
    # A fresh copy: a list or table drawn from a strategy is shared between draws, and a later
    # mutation of the tree must not change what the strategy draws next.
    return _copy(value) if isinstance(value, list | dict) else value


# ----- mutations of a parsed tree ---------------------------------------------------------------
Path_ = tuple[str | int, ...]


def paths(tree: Any, prefix: Path_ = (), limit: int = 12) -> list[Path_]:
    """Every key path in a tree of dicts and lists (at most `limit` deep)."""
    found: list[Path_] = []
    if len(prefix) >= limit:
        return found
    items = tree.items() if isinstance(tree, dict) else \
        enumerate(tree) if isinstance(tree, list) else ()
    for key, value in items:
        found.append((*prefix, key))
        found.extend(paths(value, (*prefix, key), limit))
    return found


def _parent(tree: Any, path: Path_) -> Any:
    node = tree
    for key in path[:-1]:
        node = node[key]
    return node


def retype(value: Any) -> Any:
    """The same value in another type: 12 -> 12.0 -> 12, 0.5 -> '0.5', 'x' -> 0, True -> 1,
    a list -> a table, a table -> a list."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return float(value) if abs(value) < 1e300 else str(value)[:40]
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value == int(value) else str(value)
    if isinstance(value, str):
        return 0
    if isinstance(value, list):
        return {str(i): v for i, v in enumerate(value)}
    if isinstance(value, dict):
        return list(value.values())
    return str(value)


def apply_op(tree: Any, op: tuple) -> None:
    """Apply one mutation (see `mutation`) to the tree in place; an op whose path is gone (an
    earlier op removed it) is skipped."""
    name, path = op[0], op[1]
    try:
        node = _parent(tree, path)[path[-1]] if path else tree
    except (KeyError, IndexError, TypeError):
        return
    if name == "add" and isinstance(node, dict):
        node[op[2]] = materialize(op[3])
        return
    if not path:
        return
    parent, key = _parent(tree, path), path[-1]
    if name == "set":
        parent[key] = materialize(op[2])
    elif name == "retype":
        parent[key] = retype(node)
    elif name == "delete":
        del parent[key]
    elif name == "dup" and isinstance(parent, list):
        parent.insert(key, _copy(node))
    elif name == "resize" and isinstance(node, list):
        parent[key] = [_copy(node[i % len(node)]) for i in range(op[2])] if node else []
    elif name == "nest":
        for _ in range(op[2]):
            node = [node]
        parent[key] = node


@st.composite
def mutation(draw: st.DrawFn, tree: Any) -> tuple:
    """One mutation of a tree: change a value or its type, delete or add a key, duplicate a
    list entry (two events with one id), resize a list (0, 1 or thousands of entries), nest
    a value deep."""
    all_paths = paths(tree)
    lists = [p for p in all_paths if isinstance(_parent(tree, p)[p[-1]], list)]
    in_lists = [p for p in all_paths if isinstance(_parent(tree, p), list)]
    name = draw(st.sampled_from(("set", "set", "set", "retype", "delete", "add", "dup",
                                 "resize", "nest")))
    if name == "add" or not all_paths:
        key = draw(st.sampled_from(("unknown", "", "name", "quarter", "a.b", "ü", "events")))
        tables = [()] + [p for p in all_paths if isinstance(_parent(tree, p)[p[-1]], dict)]
        return ("add", draw(st.sampled_from(tables)), key, draw(odd_values))
    if name == "resize" and lists:
        return (name, draw(st.sampled_from(lists)),
                draw(st.sampled_from((0, 1, 2, 3, 50, 600, 3000))))
    if name == "dup" and in_lists:
        return (name, draw(st.sampled_from(in_lists)))
    path = draw(st.sampled_from(all_paths))
    if name == "nest":
        return (name, path, draw(st.sampled_from((1, 2, 31, 33, 100, 1000))))
    if name in ("retype", "delete"):
        return (name, path)
    return ("set", path, draw(odd_values))


@st.composite
def tree_recipe(draw: st.DrawFn, trees: dict[str, Any]) -> tuple[str, tuple]:
    """A seed (by name) and one to three mutations, drawn against the tree as it changes."""
    seed = draw(st.sampled_from(sorted(trees)))
    tree = _copy(trees[seed])
    ops = []
    for _ in range(draw(st.integers(1, 3))):
        op = draw(mutation(tree))
        apply_op(tree, op)
        ops.append(op)
    return seed, tuple(ops)


def apply_recipe(trees: dict[str, Any], recipe: tuple[str, tuple]) -> Any:
    """The mutated tree a recipe describes (the seed is copied, never changed)."""
    seed, ops = recipe
    tree = _copy(trees[seed])
    for op in ops:
        apply_op(tree, op)
    return tree


def _chain(value: Any) -> tuple[int, Any]:
    """(n, inner) for a value nested as n one-entry lists around inner: deep nesting is walked
    in a loop, so the helpers never hit Python's recursion limit themselves."""
    depth = 0
    while isinstance(value, list) and len(value) == 1:
        depth, value = depth + 1, value[0]
    return depth, value


def _copy(tree: Any) -> Any:
    depth, inner = _chain(tree)
    if isinstance(inner, dict):
        inner = {k: _copy(v) for k, v in inner.items()}
    elif isinstance(inner, list):
        inner = [_copy(v) for v in inner]
    for _ in range(depth):
        inner = [inner]
    return inner


# ----- mutations of raw bytes -------------------------------------------------------------------
INVALID_BYTES = (b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\x00", b"\xef\xbb\xbf", b"\r",
                 b"[[", b"]]", b"=", b"\"", b"'''", b"\\", b"{", b"}", b"\n[events]\n",
                 b"\n[[events]]\n", b"[" * 200, b"{\"a\":" * 200)


@st.composite
def byte_recipe(draw: st.DrawFn, seeds: dict[str, bytes]) -> tuple[str, tuple]:
    """A seed file and byte-level edits: truncate, flip a byte, insert odd or invalid bytes,
    duplicate or delete a line."""
    seed = draw(st.sampled_from(sorted(seeds)))
    size = len(seeds[seed])
    ops = []
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, max(size - 1, 0)))
        kind = draw(st.sampled_from(("truncate", "flip", "insert", "insert", "dupline",
                                     "dropline")))
        if kind == "flip":
            ops.append((kind, at, draw(st.integers(1, 255))))
        elif kind == "insert":
            ops.append((kind, at, draw(st.sampled_from(INVALID_BYTES) | st.binary(max_size=8))))
        else:
            ops.append((kind, at))
    return seed, tuple(ops)


def apply_bytes(seeds: dict[str, bytes], recipe: tuple[str, tuple]) -> bytes:
    """The bytes a byte recipe describes."""
    seed, ops = recipe
    data = bytearray(seeds[seed])
    for op in ops:
        kind, at = op[0], min(op[1], len(data))
        if kind == "truncate":
            del data[at:]
        elif kind == "flip" and at < len(data):
            data[at] ^= op[2]
        elif kind == "insert":
            data[at:at] = op[2]
        elif kind in ("dupline", "dropline"):
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end + 1
            line = bytes(data[start:end])
            data[start:end] = line * 2 if kind == "dupline" else b""
    return bytes(data)


# ----- writing trees back as TOML and JSON ------------------------------------------------------
def _toml_string(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch)
        if ch in "\"\\":
            out.append("\\" + ch)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    """One value as TOML (inline tables and arrays; nan and inf as TOML spells them)."""
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") \
            if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        inner = ", ".join(f"{_toml_string(str(k))} = {toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, list | tuple):
        depth, inner = _chain(list(value))
        if depth:
            return "[" * depth + toml_value(inner) + "]" * depth
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return _toml_string(str(value))


def to_toml(tree: dict[str, Any]) -> str:
    """A TOML document: one `key = value` line per top-level key."""
    return "".join(f"{_toml_string(str(k))} = {toml_value(v)}\n" for k, v in tree.items())


def to_json(value: Any) -> str:
    """JSON text, with NaN/Infinity as JSON's extensions spell them and Raw text as-is."""
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, bool | int | str) or value is None:
        return json.dumps(value)
    if isinstance(value, float):
        return json.dumps(value, allow_nan=True)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))}: {to_json(v)}"
                               for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        depth, inner = _chain(list(value))
        if depth:
            return "[" * depth + to_json(inner) + "]" * depth
        return "[" + ", ".join(to_json(v) for v in value) + "]"
    return json.dumps(str(value))


# ----- seeds ------------------------------------------------------------------------------------
def level_seeds() -> dict[str, bytes]:
    """The real level files, by name."""
    return {p.stem: p.read_bytes() for p in sorted(LEVELS.glob("*.toml"))}


def level_trees() -> dict[str, Any]:
    import tomllib

    return {name: tomllib.loads(raw.decode()) for name, raw in level_seeds().items()}


# ----- special files ----------------------------------------------------------------------------
def special_paths(folder: Path, suffix: str) -> dict[str, Path]:
    """Paths that are not regular files, by kind: a folder, a FIFO nobody writes to, devices,
    /proc, a dangling link and a link to /dev/zero (with the expected suffix where one can be
    given). Each is made on first use (see `make_special`)."""
    return {"folder": folder / f"folder{suffix}", "fifo": folder / f"fifo{suffix}",
            "dev_null": Path("/dev/null"), "dev_zero_link": folder / f"zero{suffix}",
            "dangling": folder / f"dangling{suffix}", "proc": Path("/proc/self/status"),
            "missing": folder / f"missing{suffix}"}


def make_special(folder: Path, suffix: str, kind: str) -> Path:
    """The special path of this kind, made in `folder` (alone there) if it lives there."""
    folder.mkdir(parents=True, exist_ok=True)
    path = special_paths(folder, suffix)[kind]
    if kind == "folder":
        path.mkdir(exist_ok=True)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev_zero_link":
        path.symlink_to("/dev/zero")
    elif kind == "dangling":
        path.symlink_to(folder / "nowhere")
    return path


# ----- the command line -------------------------------------------------------------------------
def _user_processes() -> int:
    uid = os.getuid()
    count = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if entry.stat().st_uid == uid:
                    count += len(os.listdir(f"/proc/{entry.name}/task"))
    return count


def _child_limits(processes: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
        resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))
        resource.setrlimit(resource.RLIMIT_FSIZE, (200 << 20, 200 << 20))
    return apply


def child_env(cwd: Path) -> dict[str, str]:
    """This checkout first on the path, no display or sound, the player's data in `cwd`."""
    extra = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{extra}" if extra else str(ROOT),
            "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
            "ORGSIM_DATA_DIR": str(cwd / "player-data"), "PYTHONWARNINGS": "ignore"}


def run_cli(argv: list[str], cwd: Path, seconds: float = CLI_SECONDS,
            command: str = "") -> Outcome:
    """Run `orgsim ARGV` in a child (limited in time, memory, file size and processes) and judge
    it: exit 0, or 1/2 with exactly one 'orgsim: error:' line on stderr; never a traceback."""
    limits = _child_limits(_user_processes() + EXTRA_PROCESSES)
    try:
        done = subprocess.run([sys.executable, "-m", "sim.cli", *argv], cwd=cwd,
                              env=child_env(cwd), capture_output=True, timeout=seconds,
                              stdin=subprocess.DEVNULL, preexec_fn=limits, check=False)
    except subprocess.TimeoutExpired:
        return Outcome("hang", f"orgsim {command}: no exit within {seconds:g} s")
    return judge_cli(done.returncode, done.stderr.decode("utf-8", "replace"), command)


def judge_cli(status: int, stderr: str, command: str = "") -> Outcome:
    """The verdict on a finished command line."""
    if "Traceback" in stderr:
        lines = [line for line in stderr.splitlines() if line.strip()]
        last = lines[-1][:200] if lines else ""
        where = [line.strip() for line in lines if line.strip().startswith("File ")]
        place = where[-1][:160] if where else ""
        return Outcome("traceback", f"orgsim {command}: {last.split(':')[0]} || {last} "
                                    f"|| {place}")
    if status == 0:
        return ACCEPTED
    if status not in (1, 2):
        return Outcome("traceback", f"orgsim {command}: exit status {status} || "
                                    f"{stderr[-200:]!r}")
    lines = [line for line in stderr.splitlines() if line.strip()]
    if command == "validate" and status == 1 and not lines:
        return Outcome("refused", "validate: a check does not hold")
    errors = [line for line in lines if line.startswith("orgsim: error: ")]
    if len(lines) != 1 or len(errors) != 1:
        return Outcome("message", f"orgsim {command}: {len(lines)} lines on stderr || "
                                  f"{stderr[-300:]!r}")
    if len(errors[0]) > MAX_MESSAGE + 40:
        return Outcome("message", f"orgsim {command}: {len(errors[0])} characters || "
                                  f"{errors[0][:200]!r}")
    return Outcome("refused", errors[0])
