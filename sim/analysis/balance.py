"""`orgsim balance`: does a level hold real decisions? The best plans a search finds, the scripted
bosses and the degenerate policies, all measured on seeds the search never saw.

Why this shape: a level is well made when its best plan needs thought and no cheap trick
(all attention on one lever, never spending, hiring the maximum, letting everyone go,
one-to-ones only) earns what a good boss earns. The search is scipy's differential evolution
(seeded, no polishing, deferred updates so that the result is the same however many processes
evaluate it), started from the scripted archetypes' plans, so it never does worse than they do
on its own seeds; a plan stops being played once it cannot win (racing, `minimise`). Every
reported figure is re-measured on held-out seeds.
"""

from __future__ import annotations

import gc
import math
import numbers
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from sim.analysis.backends import map_in, warm_pool
from sim.analysis.balance_plans import (
    BalanceError,
    Layout,
    Plan,
    Policy,
    archetype_phase_plans,
    degenerate_policies,
    phases_of,
    play,
    play_task,
    search_score,
    search_score_bound,
)
from sim.analysis.balance_universal import (
    RECIPE_STARS,
    UniversalObjective,
    UniversalResult,
    contested,
    in_shares,
    measure,
    seed_plans,
    universal_layout,
)
from sim.analysis.errors import SweepError
from sim.analysis.goal_thresholds import GoalSuggestion, suggest
from sim.analysis.plan import parse_seeds
from sim.analysis.progress import Progress
from sim.analysis.racing import HardestFirst, Race, race_runs
from sim.analysis.shipping import Shipped, unwrap
from sim.choices import BALANCE_BUDGET as DEFAULT_BUDGET
from sim.choices import BALANCE_HOLDOUT as DEFAULT_HOLDOUT
from sim.choices import BALANCE_SEEDS as DEFAULT_SEEDS
from sim.levels import Level, level_names, load_level
from sim.levers import lever_table
from sim.strategies import STRATEGIES

MAX_BUDGET = 1_000_000
MAX_JOBS = 256
MAX_BALANCE_SEEDS = 1000
SEARCH_RNG = 20240801          # differential evolution's own seed
FIXED_SHARE = 1 / 3            # of the budget, for the fixed plan; the rest goes per phase
MAX_POPULATION = 60

__all__ = ["BalanceError", "BalanceReport", "LevelBalance", "PlanResult", "PolicyResult",
           "SearchInfo", "balance"]


# ----- the report -------------------------------------------------------------------------------
@dataclass
class PolicyResult:
    """A policy's mean stars on the held-out seeds and the mean of each goal's value."""

    name: str
    description: str
    stars: float
    goals: dict[str, float]


@dataclass
class PlanResult(PolicyResult):
    """A plan the search found: the plan, its score on the search seeds, its held-out stars."""

    plan: dict[str, Any] = field(default_factory=dict)
    search_score: float = 0.0
    search_stars: float = 0.0
    leadership_share: float = 0.5
    top_levers: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class SearchInfo:
    """The optimiser and its budget of runs, so a result can be judged and repeated."""

    optimiser: str
    population: int
    generations: int
    evaluations: int
    runs: int
    dimensions: int
    rng_seed: int


@dataclass
class LevelBalance:
    """Everything `orgsim balance` found for one level."""

    level: str
    title: str
    quarters: int
    attention_budget: float
    phases: list[tuple[int, int]]
    goals: list[str]
    fixed_search: SearchInfo
    phased_search: SearchInfo
    best_fixed: PlanResult
    best_phased: PlanResult
    bosses: list[PolicyResult]
    degenerate: list[PolicyResult]
    best_boss: str
    best_boss_stars: float
    exploits: list[str]
    seconds: float
    suggested_goals: list[GoalSuggestion] = field(default_factory=list)


@dataclass
class BalanceReport:
    """The balance of one or more levels; `to_dict` is the JSON of `--json`."""

    budget: int
    search_seeds: list[int]
    holdout_seeds: list[int]
    levels: list[LevelBalance]
    universal: UniversalResult | None = None

    def lever_use(self) -> dict[str, float]:
        """Each lever's most points in one quarter of any level's best fixed plan or best plan
        per phase: a lever no best plan spends a point on is never worth a decision."""
        most = dict.fromkeys(lever_table().ids, 0.0)
        for lb in self.levels:
            for plan in (lb.best_fixed, lb.best_phased):
                for phase in plan.plan["phases"]:
                    for lever, points in phase["attention"].items():
                        most[lever] = max(most[lever], points)
        return most

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "lever_use": self.lever_use()}

    def text(self) -> str:
        from sim.analysis.balance_report import format_report

        return format_report(self)


# ----- checks -----------------------------------------------------------------------------------
def check_budget(budget: Any, seeds: Sequence[int]) -> int:
    """The search budget in runs per level, checked: a whole number, enough for two initial
    populations on every search seed, and not absurd."""
    if not isinstance(budget, numbers.Integral) or isinstance(budget, bool):
        raise BalanceError(f"--budget must be a whole number of runs per level, got {budget!r}")
    least = 2 * 5 * len(seeds)
    if not least <= budget <= MAX_BUDGET:
        raise BalanceError(f"--budget must be from {least} (two populations of 5 plans on "
                           f"{len(seeds)} search seeds) to {MAX_BUDGET:,} runs per level, "
                           f"got {budget}")
    return int(budget)


def check_seeds(value: Any, where: str) -> tuple[int, ...]:
    try:
        seeds = parse_seeds(value, where)
    except SweepError as exc:
        raise BalanceError(str(exc)) from None
    if not 1 <= len(seeds) <= MAX_BALANCE_SEEDS:
        raise BalanceError(f"{where}: give from 1 to {MAX_BALANCE_SEEDS} seeds, got "
                           f"{len(seeds)}")
    if len(set(seeds)) != len(seeds):
        raise BalanceError(f"{where}: a seed is listed twice")
    if any(s >= 2**63 for s in seeds):
        raise BalanceError(f"{where}: seeds must be below 2**63")
    return seeds


def check_jobs(jobs: Any) -> int:
    if not isinstance(jobs, numbers.Integral) or isinstance(jobs, bool) \
            or not 1 <= jobs <= MAX_JOBS:
        raise BalanceError(f"--jobs must be a whole number from 1 to {MAX_JOBS}, got {jobs!r}")
    return int(jobs)


# ----- running many plays, in order, in one process or a pool ------------------------------------
class PlanObjective:
    """What the search minimises: minus the search score of a vector's plan on the seeds. A
    race's units are the seeds, by index."""

    def __init__(self, level: Level, layout: Layout, seeds: Sequence[int]) -> None:
        self.level, self.layout, self.seeds = level, layout, tuple(seeds)
        self.units = len(self.seeds)

    def __call__(self, x: Sequence[float]) -> float:
        return self.race(x, math.inf).energy

    def race(self, x: Sequence[float], beat: float,
             order: Sequence[int] | None = None) -> Race:
        """`self(x)` played seed by seed in `order` (default: the seeds' own): once the plan
        can no longer reach energy `beat` (`search_score_bound`), it stops with minus that
        bound, which loses to `beat` as the full score would. Played in full, the score adds
        the seeds up in their own order, whatever order they were played in."""
        policy = Policy("candidate", "", plan=self.layout.decode(x))
        n = self.units
        return race_runs(n, order, lambda unit: play(self.level, policy, self.seeds[unit]),
                         lambda scores: search_score_bound(list(scores.values()), n),
                         lambda scores: search_score([scores[unit] for unit in range(n)]),
                         beat)


class _Race:
    """`objective.race` on one (vector, energy to beat) item, its runs in `order`: what a
    worker pool maps over. The objective travels `Shipped`: a worker keeps the first copy it
    receives, so all its tasks of a search play on the same level objects."""

    def __init__(self, objective: Shipped, order: Sequence[int]) -> None:
        self.objective, self.order = objective, order

    def __call__(self, item: tuple[Sequence[float], float]) -> Race:
        return unwrap(self.objective).race(*item, order=self.order)


#: The garbage collector's thresholds while a search runs (`gc.set_threshold`): the young
#: generation collected every 10,000 allocations instead of 700. A run makes and drops
#: thousands of short-lived containers (agents, rows, dicts) with no cycles among them; the
#: default collections cost 2-3% of a search and found nothing. Results cannot change.
SEARCH_GC_THRESHOLD = (10_000, 10, 10)


class Runner:
    """Maps a function over items in order, here (`jobs=1`) or in worker processes; the
    results are the same either way, since each item depends only on itself. While it is
    open, this process and its workers collect garbage less often (`SEARCH_GC_THRESHOLD`)."""

    def __init__(self, jobs: int, progress: Progress) -> None:
        self.progress = progress
        self.pool = (warm_pool(jobs, gc.set_threshold, SEARCH_GC_THRESHOLD)
                     if jobs > 1 else None)
        self.jobs = jobs
        self._thresholds = gc.get_threshold()
        gc.set_threshold(*SEARCH_GC_THRESHOLD)

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any], runs_each: int) -> list[Any]:
        items = list(items)
        if self.pool is None:
            results = []
            for item in items:
                results.append(fn(item))
                self.progress.advance(runs_each)
            return results
        # Small chunks: a generation waits for its slowest chunk, and raced plans vary in
        # cost; a plan's runs take ~50 ms against ~0.2 ms to send it.
        chunk = max(1, len(items) // (16 * self.jobs))
        results = []
        for result in map_in(self.pool, fn, items, chunk):
            results.append(result)
            self.progress.advance(runs_each)
        return results

    def close(self) -> None:
        gc.set_threshold(*self._thresholds)
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


# ----- the search ---------------------------------------------------------------------------------
def search_shape(evaluations: int) -> tuple[int, int]:
    """Population and generations for a budget of plan evaluations: a population near the
    square root of twice the budget (5 to 60), as many generations as the rest allows."""
    population = max(5, min(MAX_POPULATION, int(math.sqrt(2 * evaluations))))
    return population, max(0, evaluations // population - 1)


def _initial(layout: Layout, seeded: list[np.ndarray], population: int) -> np.ndarray:
    """The archetypes' vectors first, then a seeded Latin hypercube for the rest."""
    from scipy.stats import qmc  # here, not at the top: every orgsim command imports this

    seeded = seeded[:population]
    dims = len(layout.bounds())
    lows, highs = np.array(layout.bounds()).T
    sampler = qmc.LatinHypercube(d=dims, rng=np.random.default_rng(SEARCH_RNG))
    rest = qmc.scale(sampler.random(population - len(seeded)), lows, highs) \
        if population > len(seeded) else np.empty((0, dims))
    return np.vstack([*seeded, rest]) if seeded else rest


def search(level: Level, layout: Layout, seeds: Sequence[int], evaluations: int,
           seeded: list[np.ndarray], runner: Runner) -> tuple[Plan, float, SearchInfo]:
    """Differential evolution over the layout's box; returns the best plan, its search score
    and what the search cost."""
    return minimise(PlanObjective(level, layout, seeds), layout, len(seeds), evaluations,
                    seeded, runner)


def minimise(objective: Any, layout: Layout, runs_each: int, evaluations: int,
             seeded: list[np.ndarray], runner: Runner, race: bool = True
             ) -> tuple[Plan, float, SearchInfo]:
    """Differential evolution of any objective over the layout's box (one evaluation costs up
    to `runs_each` runs; the objective races, `race(x, beat, order)`, over its `units` runs):
    the best plan, minus its objective, and what the search cost.

    Racing (`race`): with deferred updating each trial vector competes only with the population
    member it would replace, and is kept only if its energy is no higher. So a trial is played
    run by run (`objective.race`) and stopped once it cannot win; its stand-in energy loses
    as the full one would, so the search takes the same path to the same result in fewer runs
    (tests/test_balance.py compares the two). The runs that lost the most stars so far are
    played first (`HardestFirst`, learnt from every generation's races, the first's included),
    which stops a losing trial sooner and changes nothing else."""
    from scipy.optimize import differential_evolution

    population, generations = search_shape(evaluations)
    init = _initial(layout, seeded, population)
    solver_class = _solver_class() if race else None
    solver: Any = None
    played = 0
    hardest = HardestFirst(objective.units)
    shipped = Shipped(objective)

    def evaluate(func: Callable[[Any], float], xs: Iterable[Any]) -> list[float]:
        nonlocal played
        xs = list(xs)
        beat = _energies_to_beat(solver, len(xs)) or [math.inf] * len(xs)
        races = runner.map(_Race(shipped, hardest.order()), list(zip(xs, beat, strict=True)),
                           runs_each=runs_each)
        hardest.record(races)
        played += sum(race.runs for race in races)
        return [race.energy for race in races]

    options: dict[str, Any] = {
        "init": init, "maxiter": generations, "tol": 0.0, "atol": 0.0, "polish": False,
        "updating": "deferred", "workers": evaluate, "integrality": layout.integrality(),
        "rng": np.random.default_rng(SEARCH_RNG)}
    if solver_class is None:
        result = differential_evolution(objective, layout.bounds(), **options)
    else:
        with solver_class(objective, layout.bounds(), **options) as solver:
            result = solver.solve()
    racing = ", racing, hardest runs first" if solver_class else ""
    info = SearchInfo(optimiser="scipy.optimize.differential_evolution (best1bin, deferred "
                      f"updating, no polish{racing})",
                      population=population, generations=int(result.nit),
                      evaluations=int(result.nfev), runs=played,
                      dimensions=len(layout.bounds()), rng_seed=SEARCH_RNG)
    return layout.decode(result.x), float(-result.fun), info


def _solver_class() -> type | None:
    """scipy's solver class behind `differential_evolution`, whose population racing must see;
    None (no racing) where a scipy no longer has it."""
    try:
        from scipy.optimize._differentialevolution import DifferentialEvolutionSolver
    except ImportError:
        return None
    return DifferentialEvolutionSolver


def _energies_to_beat(solver: Any, trials: int) -> list[float] | None:
    """The energy each of `trials` trial vectors must reach to replace its population member
    (trial i competes with member i), or None: no solver to look at, no population yet (its
    first evaluation), or not the one-trial-per-member shape racing assumes."""
    energies = getattr(solver, "population_energies", None)
    if energies is None or len(energies) != trials or not np.all(np.isfinite(energies)):
        return None
    return [float(e) for e in energies]


# ----- measuring on held-out seeds --------------------------------------------------------------
def _measure(level: Level, policies: list[Policy], seeds: Sequence[int],
             runner: Runner) -> list[PolicyResult]:
    shipped = Shipped(level)
    tasks = [(shipped, policy, seed) for policy in policies for seed in seeds]
    scores = runner.map(play_task, tasks, runs_each=1)
    out = []
    labels = goal_labels(level)
    for i, policy in enumerate(policies):
        mine = scores[i * len(seeds):(i + 1) * len(seeds)]
        goals = {label: float(np.mean([s.values[g] for s in mine]))
                 for g, label in enumerate(labels)}
        out.append(PolicyResult(policy.name, policy.description,
                                float(np.mean([s.stars for s in mine])), goals))
    return out


def goal_labels(level: Level) -> list[str]:
    """Short names for the goals: the metric, and how it is read when not at the end."""
    return [g.metric if g.at == "end" else f"{g.metric} ({g.at})" for g in level.goals]


def _plan_result(name: str, description: str, plan: Plan, measured: PolicyResult,
                 level: Level, seeds: Sequence[int], score: float) -> PlanResult:
    top = sorted(plan.lever_shares().items(), key=lambda kv: (-kv[1], kv[0]))
    # The search score is mean stars plus a term below one seed's star: its whole seeds'
    # stars are recovered by flooring to a multiple of 1/n.
    n = len(seeds)
    return PlanResult(name=name, description=description, stars=measured.stars,
                      goals=measured.goals, plan=plan.to_dict(), search_score=score,
                      search_stars=math.floor(score * n + 1e-9) / n,
                      leadership_share=plan.leadership_share(), top_levers=top)


def balance_level(level: Level, budget: int, seeds: Sequence[int], holdout: Sequence[int],
                  runner: Runner, goal_seeds: Sequence[int] = ()) -> LevelBalance:
    """Search the best fixed plan and the best plan per phase, then measure them, the scripted
    bosses and the degenerate policies on the held-out seeds."""
    started = time.perf_counter()
    phases = phases_of(level)
    evaluations = budget // len(seeds)
    fixed_evals = max(5, int(evaluations * FIXED_SHARE))
    whole = ((1, level.quarters),)
    fixed_layout = Layout.for_level(level, whole)
    archetypes = archetype_phase_plans(level, whole, seed=seeds[0])
    best_fixed, fixed_score, fixed_info = search(
        level, fixed_layout, seeds, fixed_evals,
        [fixed_layout.encode(p) for p in archetypes.values()], runner)

    phased_layout = Layout.for_level(level, phases)
    repeated = [fixed_layout.encode(best_fixed.phases)[None, :].repeat(len(phases), axis=0)
                .ravel()]
    seeded = repeated + [phased_layout.encode(p)
                         for p in archetype_phase_plans(level, phases, seed=seeds[0]).values()]
    best_phased, phased_score, phased_info = search(
        level, phased_layout, seeds, evaluations - fixed_evals, seeded, runner)

    plans = [Policy("best fixed plan", "the same decision every quarter", plan=best_fixed),
             Policy("best plan per phase", "one decision per phase", plan=best_phased)]
    bosses = [Policy(name, s.description, strategy=name) for name, s in STRATEGIES.items()]
    degenerate = degenerate_policies(level)
    measured = _measure(level, plans + bosses + degenerate, holdout, runner)
    fixed_m, phased_m = measured[0], measured[1]
    boss_m = measured[2:2 + len(bosses)]
    degenerate_m = measured[2 + len(bosses):]
    top_boss = max(boss_m, key=lambda r: r.stars)
    suggested: list[GoalSuggestion] = []
    if goal_seeds:
        adaptive = bosses[[b.name for b in bosses].index("adaptive")]
        contenders = [(fixed_m.stars, plans[0]), (phased_m.stars, plans[1]),
                      (boss_m[bosses.index(adaptive)].stars, adaptive)]
        best = max(contenders, key=lambda c: c[0])[1]
        suggested = suggest(level, best, goal_seeds, runner)
    return LevelBalance(
        level=level.name, title=level.title, quarters=level.quarters,
        attention_budget=level.attention_budget, phases=list(phases),
        goals=goal_labels(level), fixed_search=fixed_info, phased_search=phased_info,
        best_fixed=_plan_result(plans[0].name, plans[0].description, best_fixed, fixed_m,
                                level, seeds, fixed_score),
        best_phased=_plan_result(plans[1].name, plans[1].description, best_phased, phased_m,
                                 level, seeds, phased_score),
        bosses=boss_m, degenerate=degenerate_m, best_boss=top_boss.name,
        best_boss_stars=top_boss.stars,
        exploits=[r.name for r in degenerate_m if r.stars >= top_boss.stars],
        seconds=round(time.perf_counter() - started, 1), suggested_goals=suggested)


def _levels(levels: str | Path | Level | Sequence[str | Path | Level] | None) -> list[Level]:
    if levels is None:
        return [load_level(name) for name in level_names()]
    if isinstance(levels, str | Path | Level):
        levels = [levels]
    return [load_level(lv) for lv in levels]


def balance(levels: str | Path | Level | Sequence[str | Path | Level] | None = None,
            budget: int = DEFAULT_BUDGET, seeds: Any = DEFAULT_SEEDS,
            holdout: Any = DEFAULT_HOLDOUT, jobs: int = 1, progress: bool | None = False,
            on_level: Callable[[LevelBalance], None] | None = None,
            universal_budget: int | None = None,
            goal_seeds: Any = None) -> BalanceReport:
    """Balance one level, several, or (None) every built-in level.

    budget: search runs per level (plan evaluations x search seeds), a third for the fixed
        plan and the rest for the plan per phase. Racing (`minimise`) plays fewer: a plan that
        can no longer win is not played on its remaining seeds; the result is the same.
    seeds, holdout: the search's seeds and the held-out seeds every figure is measured on (a
        count, a range '10..19', a list); they may not overlap.
    jobs: worker processes; the report is the same whatever the number.
    progress: a progress bar on stderr (None: only on a terminal).
    on_level: called with each level's result as soon as it is done (the CLI prints it).
    universal_budget: runs for the search of one plan for all levels at once (default: the
        budget per level times the number of levels contested; 0 skips it). It runs when two
        or more levels other than the first are balanced.
    goal_seeds: if given, also suggest each goal's star thresholds from runs on these seeds
        (sim.analysis.goal_thresholds); they may not overlap the other two seed sets.
    """
    seeds = check_seeds(seeds, "--seeds")
    holdout = check_seeds(holdout, "--holdout")
    if set(seeds) & set(holdout):
        raise BalanceError(f"--seeds and --holdout share seed {min(set(seeds) & set(holdout))}; "
                           "held-out seeds must be ones the search never saw")
    goal_seeds = check_seeds(goal_seeds, "--goal-seeds") if goal_seeds is not None else ()
    if set(goal_seeds) & (set(seeds) | set(holdout)):
        raise BalanceError("--goal-seeds may not share a seed with --seeds or --holdout: "
                           "thresholds are set on seeds of their own")
    budget = check_budget(budget, seeds)
    jobs = check_jobs(jobs)
    if universal_budget is not None and (
            not isinstance(universal_budget, numbers.Integral)
            or isinstance(universal_budget, bool)
            or not 0 <= universal_budget <= MAX_BUDGET * 10):
        raise BalanceError(f"--universal-budget must be a whole number of runs from 0 to "
                           f"{MAX_BUDGET * 10:,}, got {universal_budget!r}")
    loaded = _levels(levels)
    for level in loaded:
        phases_of(level)                       # a level with bad phases fails before any run
    per_level = [_expected_runs(level, budget, seeds, holdout) + 5 * len(goal_seeds)
                 for level in loaded]
    rivals = contested(loaded)
    if universal_budget is None:
        universal_budget = budget * len(rivals)
    universal_evals = universal_budget // max(1, len(rivals) * len(seeds))
    if len(rivals) < 2 or universal_evals < 5:
        universal_evals = 0
    if universal_evals:
        per_level.append(_universal_runs(rivals, universal_evals, seeds, holdout))
    bar = Progress(total=sum(per_level), enabled=progress)
    if bar.bar is not None:
        bar.bar.set_description("balance")
    runner = Runner(jobs, bar)
    try:
        results = []
        for level in loaded:
            results.append(balance_level(level, budget, seeds, holdout, runner, goal_seeds))
            if on_level is not None:
                on_level(results[-1])
        universal = (balance_universal(rivals, results, universal_evals, seeds, holdout,
                                       runner) if universal_evals else None)
    finally:
        runner.close()
        bar.close()
    return BalanceReport(budget=budget, search_seeds=list(seeds), holdout_seeds=list(holdout),
                         levels=results, universal=universal)


def balance_universal(levels: list[Level], results: list[LevelBalance], evaluations: int,
                      seeds: Sequence[int], holdout: Sequence[int],
                      runner: Runner) -> UniversalResult:
    """Search one fixed plan for all `levels` at once (maximising the fewest stars), measure it
    on the held-out seeds, and measure each level's own best fixed plan on every level."""
    own = {lb.level: Plan.from_dict(lb.best_fixed.plan) for lb in results}
    layout = universal_layout(levels)
    seeded = [layout.encode([p]) for p in seed_plans(levels, own)]
    objective = UniversalObjective(levels, layout, seeds)
    plan, _, info = minimise(objective, layout, len(levels) * len(seeds), evaluations, seeded,
                             runner)
    shares = plan.phases[0]
    stars = measure(levels, shares, holdout, runner)
    by_name = {lv.name: lv for lv in levels}
    cross = {name: measure(levels, in_shares(own_plan, by_name[name]), holdout, runner)
             for name, own_plan in own.items() if name in by_name}
    fewest = min(stars.values())
    return UniversalResult(levels=[lv.name for lv in levels], plan=shares.to_dict(),
                           stars=stars, fewest=fewest, recipe=fewest >= RECIPE_STARS,
                           evaluations=info.evaluations, runs=info.runs, cross=cross)


def _universal_runs(levels: list[Level], evaluations: int, seeds: Sequence[int],
                    holdout: Sequence[int]) -> int:
    """Runs the universal search and its measures take (for the progress bar)."""
    population, generations = search_shape(evaluations)
    return (population * (generations + 1) * len(seeds) * len(levels)
            + (len(levels) + 1) * len(levels) * len(holdout))


def _expected_runs(level: Level, budget: int, seeds: Sequence[int],
                   holdout: Sequence[int]) -> int:
    """Runs a level will take (for the progress bar)."""
    evaluations = budget // len(seeds)
    fixed = max(5, int(evaluations * FIXED_SHARE))
    searched = sum(p * (g + 1) for p, g in (search_shape(fixed),
                                            search_shape(evaluations - fixed)))
    policies = 2 + len(STRATEGIES) + len(degenerate_policies(level))
    return searched * len(seeds) + policies * len(holdout)
