"""The same results on every machine: no figure may depend on which CPU runs the model.

Why: a workshop's teams play on their own laptops and the facilitator's replays their
decisions; the reference table is checked on whatever machine CI gets. numpy picks a vector
form of exp, log, tanh... for the CPU it finds (AVX2, AVX-512), and BLAS picks its own kernel
for a matrix product; these differ in the last bit, which a 12-quarter run then amplifies. The
model uses libm's scalar functions and sums in a fixed order instead. Here a child process is
made to look like another machine (numpy's dispatched SIMD forms switched off, the oldest
x86-64 BLAS kernel) and must give the same bits as this one.
"""

from __future__ import annotations

import hashlib
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest
from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
from reference_runs import as_text, reference_table

import sim

TESTS = Path(__file__).resolve().parent

#: Runs the reference table does not cover: explaining by decision (its own sums over people).
EXPLAINED = (("knowledge_team", "adaptive", 5), ("startup", "random", 7))

DIGEST = """
import sys
sys.path.insert(0, {tests!r})
from test_machines import digest
print(digest())
"""


def digest() -> str:
    """A digest of the reference table and of runs explained by decision, every float exact."""
    text = as_text(reference_table())
    for level, strategy, seed in EXPLAINED:
        model = sim.OrgModel(level, strategy=strategy, seed=seed, attribution=True)
        model.run()
        for quarter in range(1, model.quarter + 1):
            explained = model.explain(quarter, by="decision")
            text += repr(sorted(explained.contributions.items()))
    return hashlib.sha256(text.encode()).hexdigest()


def _another_machine() -> dict[str, str]:
    """Environment for a process that computes as a plainer CPU would: every SIMD level numpy
    dispatches to on this one switched off, and OpenBLAS's generic x86-64 kernel."""
    found = [f for f in __cpu_dispatch__ if __cpu_features__.get(f)]
    env = dict(os.environ, OPENBLAS_CORETYPE="Prescott")
    if found:
        env["NPY_DISABLE_CPU_FEATURES"] = " ".join(found)
    return env


def test_a_plainer_cpu_gives_the_same_bits() -> None:
    env = _another_machine()
    child = subprocess.run([sys.executable, "-c", DIGEST.format(tests=str(TESTS))], env=env,
                           capture_output=True, text=True, timeout=300, check=False)
    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == digest()


def test_the_plainer_cpu_really_computes_differently() -> None:
    """The child above must differ where the model must not look: a BLAS product of the size of
    a lever table, or (on a CPU with SIMD forms) numpy's tanh, changes in the last bit."""
    if platform.machine().lower() not in ("x86_64", "amd64"):
        pytest.skip("OPENBLAS_CORETYPE=Prescott names an x86-64 kernel")
    probe = ("import numpy as np, hashlib\n"
             "rng = np.random.default_rng(3)\n"
             "a, m = rng.uniform(0, 1, 40), rng.uniform(-1, 1, (40, 24))\n"
             "x = rng.uniform(-3, 3, 4096)\n"
             "print(hashlib.sha256((a @ m).tobytes() + np.tanh(x).tobytes()).hexdigest())\n")
    here = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True).stdout
    there = subprocess.run([sys.executable, "-c", probe], env=_another_machine(),
                           capture_output=True, text=True, check=True).stdout
    assert here != there
