"""The compiled week (sim/kernels.py) is the same arithmetic as its plain-Python form, so a
machine where numba cannot compile gets the same results, only slower (issue 12)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import numpy as np
import pytest
from cli_helpers import child_env

from sim import kernels, prebuilt

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not kernels.compiled(),
                                reason="numba cannot compile here: only the Python form runs")


def _python(code: str, jit: str = "1", cache: Path | None = None,
            **env: str) -> subprocess.CompletedProcess:
    """`code` in a fresh Python from this checkout, with ORGSIM_JIT=jit, the kernels' cache
    folder `cache` (else the usual one) and `env` added; it must succeed."""
    extra = {"ORGSIM_JIT": jit, **env}
    if cache is not None:
        extra[prebuilt.CACHE_ENV] = str(cache)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT, env={**os.environ, **extra}, timeout=600)


#: Prints which form runs the week: a built module's function, a numba dispatcher, Python's.
_WEEKS_FORM = "from sim import kernels; print(type(kernels.KERNELS['weeks']).__name__)"


def _run(kernel: object, args: tuple) -> tuple[object, list[np.ndarray]]:
    """Call a kernel on copies of its arguments; return its result and every array after."""
    copies = tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)
    result = kernel(*copies)
    return result, [a for a in copies if isinstance(a, np.ndarray)]


@pytest.fixture(scope="module")
def compiled_forms() -> dict[str, dict[str, object]]:
    """Each compiled form of the kernels by name: built ahead of time, and numba's JIT."""
    module = prebuilt.load()
    assert module is not None, "the kernels' module was not built"
    jit = kernels._dispatchers()
    assert jit
    return {"prebuilt": {name: getattr(module, name) for name in kernels.PYTHON}, "jit": jit}


@pytest.mark.parametrize("form", ("prebuilt", "jit"))
@pytest.mark.parametrize("n", (1, 12, 257))
@pytest.mark.parametrize("name", sorted(kernels.PYTHON))
def test_each_kernel_gives_the_same_bits_compiled_and_in_python(
        name: str, n: int, form: str, compiled_forms: dict[str, dict[str, object]]) -> None:
    args = kernels.example_arguments(n, np.random.default_rng(n))[name]
    compiled = _run(compiled_forms[form][name], args)
    python = _run(kernels.PYTHON[name], args)
    assert compiled[0] == python[0]
    for after_compiled, after_python in zip(compiled[1], python[1], strict=True):
        assert after_compiled.tobytes() == after_python.tobytes()


def test_the_model_plays_its_weeks_with_the_prebuilt_kernels_and_without_numba() -> None:
    """The point of building ahead of time: a process plays a level (and explains it) on the
    module built for this machine, and never imports numba."""
    code = ("import sys; import sim; from sim import kernels, prebuilt; "
            "m = sim.OrgModel('startup', strategy='random', seed=7, attribution=True); "
            "m.run(); m.explain(4, by='decision'); module = prebuilt.load(build=False); "
            "print(kernels.KERNELS['weeks'] is module.weeks, 'numba' in sys.modules)")
    assert _python(code).stdout.split() == ["True", "False"]


#: What the types check plays with numba's JIT: every way the model calls a kernel (spans,
#: single weeks, events, arrivals and departures, explaining by decision, a forecast's copy).
_EVERY_CALL = """
import copy, json, numba
import sim
from sim import kernels, prebuilt

for level in ("startup", "turnaround", "change_programme", "remote_team", "factory_floor"):
    m = sim.OrgModel(level, strategy="random", seed=3, attribution=True)
    m.run()
    m.explain(2, by="decision")
sim.OrgModel("startup", strategy="random", seed=3, explanations=False, weekly=False).run()
m = sim.OrgModel("knowledge_team", strategy="adaptive", seed=1)
for _ in range(30):
    m.step()
copy.deepcopy(m).run_quarter()
m.run()
# A team past the size whose records are kept exact: each quarter's in fixed point.
sim.OrgModel("knowledge_team", strategy="balanced", seed=2, team_size=6000, quarters=2).run()
def kind(t):
    if isinstance(t, numba.types.Array):
        return f"array({t.dtype}, {t.ndim}, {t.layout})"
    return str(t)
def fits(k, e):    # a kernel built for any layout ('A': it reads strides) takes any array
    return k == e or (e.endswith(", A)") and k[:-3] == e[:-3])
examples = kernels.example_arguments(2, __import__("numpy").random.default_rng(0))
seen = {}
for name, dispatcher in kernels.KERNELS._compiled.items():
    expected = [kind(numba.typeof(a)) for a in examples[name]]
    seen[name] = [[k for k, e in zip(map(kind, sig), expected) if not fits(k, e)]
                  for sig in dispatcher.signatures]
print(json.dumps(seen))
"""


@pytest.mark.slow
def test_the_model_passes_each_kernel_the_types_it_was_built_for() -> None:
    """The prebuilt module's functions trust their arguments' types (numba's JIT dispatcher
    would compile another version instead): every call the model makes, played under the JIT,
    must have compiled only the example arguments' types, up to arrays' read-only flags."""
    seen = json.loads(_python(_EVERY_CALL, jit="jit").stdout)
    assert seen["churn_weeks"] and seen["morale_rows"] and seen["people_week"]   # called
    assert seen["fixed_point"] and seen["row_means"] and seen["team_sums"]
    assert seen["stayers_mean"]
    assert {name: [d for d in sigs if d] for name, sigs in seen.items()} == \
        {name: [] for name in seen}


_LEVEL = ("import sim; m = sim.OrgModel('startup', strategy='random', seed=7, "
          "attribution=True, quarters=4); t = m.run(); "
          "print(t.to_csv(float_format=repr)); print(repr(m.explain(4, by='decision')))")


def _level_digest(jit: str) -> str:
    """A whole level, with attribution, played in a fresh process with ORGSIM_JIT=jit."""
    return hashlib.sha256(_python(_LEVEL, jit=jit).stdout.encode()).hexdigest()


def test_a_cache_folder_that_cannot_be_made_leaves_the_kernels_to_numba_jit(
        tmp_path: Path) -> None:
    """ORGSIM_KERNEL_CACHE under a file: one warning says why, numba's JIT runs the week."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    out = _python(_WEEKS_FORM, cache=blocker / "kernels")
    assert out.stdout.strip() == "CPUDispatcher"
    assert "no folder to build the kernels in" in out.stderr
    assert out.stderr.count("RuntimeWarning") == 1


def test_a_module_in_a_folder_others_may_write_is_not_loaded(tmp_path: Path) -> None:
    """Machine code someone else could have planted is never run: the built module copied into
    a folder everyone may write to is refused with a warning, and numba's JIT runs the week."""
    module = prebuilt.load(build=False)
    assert module is not None
    shared = tmp_path / "shared"
    shared.mkdir()
    shutil.copy(module.__file__, shared / Path(module.__file__).name)
    shared.chmod(0o777)
    out = _python(_WEEKS_FORM, cache=shared)
    assert out.stdout.strip() == "CPUDispatcher"
    assert f"{shared} is not safe to load machine code from" in out.stderr
    shared.chmod(0o755)
    out = _python(_WEEKS_FORM, cache=shared)
    assert out.stdout.strip() == "builtin_function_or_method"
    assert out.stderr == ""


def test_the_command_line_says_when_it_builds_and_warns_in_one_line(tmp_path: Path) -> None:
    """A first command on a new machine says why it waits; a build that fails (no compiler
    here) is one line, 'orgsim: warning: ...', not Python's two with a source path; the
    next command builds nothing and says nothing."""
    env = {**child_env(), "ORGSIM_JIT": "1", prebuilt.CACHE_ENV: str(tmp_path),
           "CC": str(tmp_path / "no-such-compiler")}
    first, second = (subprocess.run([sys.executable, "-m", "sim.cli", "run", "--level",
                                     "tutorial", "--quarters", "1"], capture_output=True,
                                    text=True, check=True, cwd=tmp_path, env=env, timeout=300)
                     for _ in range(2))
    assert first.stderr.splitlines() == [
        "orgsim: building the model's compiled week for this machine (once, 15-40 s)",
        f"orgsim: warning: {kernels.NOT_PREBUILT} (the kernels could not be built ahead of "
        f"time; why is in {tmp_path / (prebuilt.module_name() + '.failed')} (delete it to try "
        "again)); results are the same, only slower"]
    assert second.stderr == ""
    assert first.stdout == second.stdout


@pytest.mark.slow
def test_parallel_processes_build_the_kernels_and_clear_this_machines_older_ones(
        tmp_path: Path) -> None:
    """Two processes that both find no module (one builds, the other waits on the lock) both
    run it and play the same bits as Python. What older builds for this machine left (an older
    module, its marker, a killed build's folder, this module's failure of two days ago) is
    removed; another machine's module stays."""
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    name = prebuilt.module_name()
    machine = name[:name.rindex("_") + 1]
    older = [tmp_path / f"{machine}0123456789abcdef{suffix}",
             tmp_path / f"{machine}0123456789abcdef.failed"]
    for path in older:
        path.write_text("an older build")
    (tmp_path / f"{machine}0123456789abcdef.build.x1y2").mkdir()
    other_machine = tmp_path / f"_orgsim_kernels_ffffffff_0123456789abcdef{suffix}"
    other_machine.write_text("built by another machine sharing the folder")
    failed_before = tmp_path / f"{name}.failed"          # two days ago: tried again now
    failed_before.write_text("no compiler then")
    two_days_ago = time.time() - 2 * prebuilt.RETRY_SECONDS
    os.utime(failed_before, (two_days_ago, two_days_ago))
    env = {**os.environ, "ORGSIM_JIT": "1", prebuilt.CACHE_ENV: str(tmp_path)}
    procs = [subprocess.Popen([sys.executable, "-c", _LEVEL], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
             for _ in range(2)]
    outs = [proc.communicate(timeout=600) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], outs
    assert all("RuntimeWarning" not in err for _, err in outs), outs
    digests = {hashlib.sha256(out.encode()).hexdigest() for out, _ in outs}
    assert digests == {_level_digest("0")}
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([name + suffix, other_machine.name, "_orgsim_kernels.lock"])


@pytest.mark.slow
def test_where_the_kernels_cannot_be_built_numba_jit_runs_them(tmp_path: Path) -> None:
    """No C compiler: a warning names the marker that says why, numba's JIT runs the kernels
    with the same results, and the next process does not try again (no second warning)."""
    code = f"{_LEVEL}; {_WEEKS_FORM}"
    no_compiler = str(tmp_path / "no-such-compiler")
    first, second = (_python(code, cache=tmp_path, CC=no_compiler) for _ in range(2))
    marker = tmp_path / (prebuilt.module_name() + ".failed")
    assert f"why is in {marker}" in first.stderr
    assert "Traceback" in marker.read_text()
    assert "RuntimeWarning" not in second.stderr
    assert first.stdout == second.stdout
    assert first.stdout.splitlines()[-1] == "CPUDispatcher"
    python = _python(_LEVEL, jit="0")
    assert first.stdout.splitlines()[:-1] == python.stdout.splitlines()
    # A day later a process tries again (and, the compiler still missing, warns again).
    day_ago = time.time() - prebuilt.RETRY_SECONDS - 60
    os.utime(marker, (day_ago, day_ago))
    third = _python(code, cache=tmp_path, CC=no_compiler)
    assert f"why is in {marker}" in third.stderr
    assert marker.stat().st_mtime > day_ago + 60


@pytest.mark.slow
def test_a_level_gives_the_same_results_prebuilt_jit_and_in_python() -> None:
    assert _level_digest("0") == _level_digest("1") == _level_digest("jit")


def test_orgsim_jit_0_runs_the_python_kernels() -> None:
    out = _python("from sim import kernels; print(kernels.compiled())", jit="0")
    assert out.stdout.strip() == "False"


def test_warm_up_in_threads_makes_each_kernel_ready_once() -> None:
    """The game warms the model's kernels in a background thread while the main thread may
    ask for them too: both get the same kernel, made ready once."""
    import threading

    fresh = kernels.Kernels()
    seen: list[tuple[object, ...]] = []

    def ask() -> None:
        seen.append(tuple(fresh[name] for name in kernels.MODEL_KERNELS))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ready = tuple(fresh[name] for name in kernels.MODEL_KERNELS)
    assert seen == [ready] * 4
    assert fresh["weeks"] is not kernels.PYTHON["weeks"]


def test_worker_processes_fork_with_the_kernels_loaded() -> None:
    """A sweep's or balance's workers start with the compiled week: forked after the parent
    loaded it (so 200 short runs on 2 processes do not pay numba's load twice more)."""
    code = ("from sim.analysis.backends import warm_context; from sim import kernels; "
            "method = warm_context().get_start_method(); "
            "print(method, all(k in kernels.KERNELS for k in kernels.MODEL_KERNELS))")
    assert _python(code).stdout.split() == ["fork", "True"]
