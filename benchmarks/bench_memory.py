"""How much memory does a large team take, and how cheap are its Worker agents? Prints issue 12's
memory goal and the agent and explanation costs behind it, each beside its goal and beside the
same figure of main before this change (`BASELINE`, taken from git with bench_model's `baseline`
and measured in the same run, alternating with today's code).

Every figure comes from a fresh process (this script with --child), for a knowledge team of
100,000 workers (balanced boss, seed 1) played for 12 quarters:

- peak resident memory: `resource.getrusage(RUSAGE_SELF).ru_maxrss` of the process that builds
  the model and plays it, everything it touched, imports included; printed under it, the
  resident memory after the imports (before the model) and the difference, the model's own;
- building the model: CPU time (`time.process_time`, so that another process on the machine
  counts less), and bytes per Worker agent from tracemalloc (in a process of its own, as
  tracing slows allocation): what the build and a look at Mesa's agents left allocated, less
  the workforce's numpy arrays, per worker (the agents, their registration with Mesa, their
  names and ids; a run that never looks at its agents makes none);
- removing workers: CPU time per worker of `Workforce.remove` for every tenth worker at once
  (arrays and agents), after the 12 quarters;
- explanation records: the bytes of the finished quarters' arrays, per quarter, per 100,000
  workers in the team.

A team of 100,000 is past a level file's bound (`sim.limits.MAX_TEAM`), so the level is loaded
and its team size replaced (`dataclasses.replace`), as an analyst's script would.

Run:  python benchmarks/bench_memory.py [--baseline REF | --no-baseline] [--rounds N]
                                        [--workers N] [--snapshot]
--snapshot adds tracemalloc's largest allocation sites at the end of today's run. The explainer
maps its large arrays from the system itself (sim/explain.py `_zeros`: its buffer and the
finished quarters' records), which tracemalloc does not see, so the snapshot prints them apart.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench_model import ROOT, alternate, baseline_figures, figures_from, run_with_sim, verdict

LEVEL, STRATEGY, SEED = "knowledge_team", "balanced", 1
WORKERS, QUARTERS = 100_000, 12
MIB = 2**20
#: main before issue 12's agent and explanation-record changes (with the compiled week).
BASELINE = "7c05bb6"
#: What BASELINE measured on the shared 2-core machine (medians of 3 processes), printed when
#: git or the commit is not at hand.
BASELINE_RECORDED = {"peak_mib": 655.0, "imports_mib": 238.0, "model_mib": 416.0,
                     "build_s": 0.81, "agent_bytes": 564.0, "remove_us": 5.2,
                     "records_mib": 21.4}
#: Issue 12's goal. For the parts of the peak it names none (make agents' creation and removal
#: cheap, keep explanation records compact), so they are printed beside the figures before.
GOALS = {"peak_mib": 400.0}
FIGURES = {
    "peak_mib": ("peak resident memory, MiB (ru_maxrss)", "{:.0f}"),
    "imports_mib": ("  of which resident after the imports, MiB", "{:.0f}"),
    "model_mib": ("  of which the model's own (the rest), MiB", "{:.0f}"),
    "build_s": ("building the model, CPU s", "{:.2f}"),
    "agent_bytes": ("bytes per Worker agent (tracemalloc)", "{:.0f}"),
    "remove_us": ("removing every tenth worker, us per worker", "{:.2f}"),
    "records_mib": ("explanation records, MiB a quarter per 100,000", "{:.1f}"),
}


# ----- measured in a child process ------------------------------------------------------------
def big_model(workers: int, quarters: int) -> Any:
    """The knowledge team with `workers` people (past a level file's bound, see above)."""
    import dataclasses

    from sim.levels import load_level
    from sim.model import OrgModel
    level = load_level(LEVEL).with_overrides(quarters=quarters)
    return OrgModel(dataclasses.replace(level, team_size=workers), strategy=STRATEGY, seed=SEED)


def peak_mib() -> float:
    """The process's peak resident memory so far (Linux reports ru_maxrss in KiB)."""
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def record_bytes(model: Any) -> int:
    """Bytes of the arrays the explainer keeps for finished quarters."""
    return sum(getattr(value, "nbytes", 0) for record in model.explainer.records.values()
               for value in vars(record).values())


def removal_us(model: Any) -> float:
    """CPU microseconds per worker of removing every tenth row at once."""
    import numpy as np

    from sim.workforce import Compaction
    leaving = np.zeros(len(model.workforce), dtype=bool)
    leaving[::10] = True
    start = time.process_time()
    model.workforce.remove(Compaction.plan(leaving))
    return 1e6 * (time.process_time() - start) / int(leaving.sum())


def run_figures(workers: int, quarters: int) -> dict[str, float]:
    """Peak memory of building and playing the model, the build's time, the records' size
    and the cost of removing workers, in this (fresh) process."""
    import sim.model  # noqa: F401  (everything the model imports, before the model)
    imports = peak_mib()
    start = time.process_time()
    model = big_model(workers, quarters)
    build = time.process_time() - start
    model.run()
    peak = peak_mib()
    records = record_bytes(model) / MIB / quarters * (100_000 / workers)
    return {"peak_mib": peak, "imports_mib": imports, "model_mib": peak - imports,
            "build_s": build,
            "records_mib": records, "remove_us": removal_us(model)}


def workforce_array_bytes(model: Any) -> int:
    """Bytes of the workforce's numpy arrays (state, strengths, ids and the rest)."""
    import numpy as np
    team = model.workforce
    arrays = [*team.arrays.values(), *(v for v in vars(team).values()
                                       if isinstance(v, np.ndarray))]
    return sum(a.nbytes for a in arrays)


def agent_figures(workers: int) -> dict[str, float]:
    """Bytes per Worker agent: what building the model and then reading Mesa's view of its
    agents leave allocated (tracemalloc), less the workforce's arrays, per worker. Reading
    the view makes every agent where they are made lazily (since 0.8.0; before, the build
    made them), so both codes count made and registered agents. A small model is built
    first, so that no import or cache is counted."""
    import tracemalloc
    big_model(12, 1)
    tracemalloc.start()
    model = big_model(workers, 1)
    assert len(model.agents) >= workers      # every agent made and registered
    allocated = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return {"agent_bytes": (allocated - workforce_array_bytes(model)) / workers}


def snapshot(workers: int, quarters: int, top: int = 15) -> None:
    """Print tracemalloc's largest allocation sites after building and playing the model."""
    import tracemalloc
    big_model(12, 1)
    tracemalloc.start()
    model = big_model(workers, quarters)
    model.run()
    current, peak = tracemalloc.get_traced_memory()
    explainer = model.explainer
    print(f"mapped by the explainer (not traced): records {record_bytes(model) / MIB:.0f} MiB, "
          f"buffer {explainer._buffer.nbytes / MIB:.0f} MiB of address space "
          f"({explainer.acc.nbytes / MIB:.0f} MiB in use)")
    print(f"tracemalloc: {current / MIB:.0f} MiB allocated at the end, {peak / MIB:.0f} MiB "
          f"at the peak; largest sites at the end:")
    for stat in tracemalloc.take_snapshot().statistics("lineno")[:top]:
        print(f"  {stat.size / MIB:7.1f} MiB  {stat.count:8d} blocks  {stat.traceback}")


# ----- the comparison ---------------------------------------------------------------------------
def child(code: Path, kind: str, workers: int) -> dict[str, float]:
    """One figure set measured in a fresh process (--child `kind`) importing the sim in
    `code`."""
    out = run_with_sim(code, [__file__, "--child", kind, "--workers", str(workers)])
    return figures_from(out, code)


def measure(code: Path, workers: int) -> dict[str, float]:
    return {**child(code, "run", workers), **child(code, "agents", workers)}


def compare(ref: str | None, rounds: int, workers: int) -> None:
    """Print today's figures beside the goals and the baseline's."""
    now, before = alternate(ref, rounds, lambda code: measure(code, workers))
    where, old = baseline_figures(ref, before, FIGURES, BASELINE, BASELINE_RECORDED)
    print(f"issue 12, memory: {workers:,} workers ({LEVEL}, {STRATEGY}, seed {SEED}), "
          f"{QUARTERS} quarters; medians of {rounds} fresh processes")
    print(f"{'':50} {'now':>8} {'goal':>8}   {where}")
    for key, (label, form) in FIGURES.items():
        value = statistics.median(f[key] for f in now)
        target = GOALS.get(key)
        goal = f"< {target:g}" if target is not None else "-"
        line = f"{label:50} {form.format(value):>8} {goal:>8}   {form.format(old[key])}"
        if key != "imports_mib" and value:
            line += f" (x{old[key] / value:.2f})"
        if target is not None:
            line += f"   {verdict(value < target)} goal"
        print(line)
    build_us = 1e6 * statistics.median(f["build_s"] for f in now) / workers
    print(f"(building: {build_us:.1f} us a worker now, {1e6 * old['build_s'] / workers:.1f} "
          "before. Issue 12 names a goal for the peak only: '-' marks its parts)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=BASELINE, metavar="REF",
                        help=f"git commit to compare with (default {BASELINE}, main before "
                             "this change)")
    parser.add_argument("--no-baseline", action="store_true",
                        help="print the recorded baseline instead of measuring it")
    parser.add_argument("--rounds", type=int, default=3, help="processes per figure (3)")
    parser.add_argument("--workers", type=int, default=WORKERS, help=argparse.SUPPRESS)
    parser.add_argument("--snapshot", action="store_true",
                        help="also print tracemalloc's largest allocation sites (today's code)")
    parser.add_argument("--child", choices=("run", "agents", "snapshot"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child == "snapshot":
        snapshot(args.workers, QUARTERS)
        return 0
    if args.child is not None:       # a measuring process (see `child`)
        import sim
        figures = (run_figures(args.workers, QUARTERS) if args.child == "run"
                   else agent_figures(args.workers))
        print(json.dumps({**figures, "sim": sim.__file__}))
        return 0
    compare(None if args.no_baseline else args.baseline, args.rounds, args.workers)
    if args.snapshot:
        print(run_with_sim(ROOT, [__file__, "--child", "snapshot", "--workers",
                                  str(args.workers)]), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
