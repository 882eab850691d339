"""The compiled week (sim/kernels.py) is the same arithmetic as its plain-Python form, so a
machine where numba cannot compile gets the same results, only slower (issue 12)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sim import kernels

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not kernels.compiled(),
                                reason="numba cannot compile here: only the Python form runs")


def _run(kernel: object, args: tuple) -> tuple[object, list[np.ndarray]]:
    """Call a kernel on copies of its arguments; return its result and every array after."""
    copies = tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)
    result = kernel(*copies)
    return result, [a for a in copies if isinstance(a, np.ndarray)]


@pytest.mark.parametrize("n", (1, 12, 257))
@pytest.mark.parametrize("name", sorted(kernels.PYTHON))
def test_each_kernel_gives_the_same_bits_compiled_and_in_python(name: str, n: int) -> None:
    args = kernels.example_arguments(n, np.random.default_rng(n))[name]
    compiled, python = _run(kernels.KERNELS[name], args), _run(kernels.PYTHON[name], args)
    assert compiled[0] == python[0]
    for after_compiled, after_python in zip(compiled[1], python[1], strict=True):
        assert after_compiled.tobytes() == after_python.tobytes()


def _level_digest(jit: str) -> str:
    """A whole level, with attribution, played in a fresh process with ORGSIM_JIT=jit."""
    code = ("import sim; m = sim.OrgModel('startup', strategy='random', seed=7, "
            "attribution=True, quarters=4); t = m.run(); "
            "print(t.to_csv(float_format=repr)); print(repr(m.explain(4, by='decision')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT, env={**os.environ, "ORGSIM_JIT": jit},
                         timeout=300)
    return hashlib.sha256(out.stdout.encode()).hexdigest()


@pytest.mark.slow
def test_a_level_without_numba_gives_the_same_results() -> None:
    assert _level_digest("0") == _level_digest("1")


def test_orgsim_jit_0_runs_the_python_kernels() -> None:
    code = "from sim import kernels; print(kernels.compiled())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "ORGSIM_JIT": "0"}, timeout=120)
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
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT, timeout=300)
    assert out.stdout.split() == ["fork", "True"]
