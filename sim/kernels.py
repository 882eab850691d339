"""The per-worker week as compiled loops: one pass over the team per part of the week.

Why: a level's team has 6-24 people, and in numpy each of the week's few hundred array
operations costs a fixed microsecond or two whatever the size, so the week was nearly all
overhead (issue 12). Each function here is a plain Python loop over workers with scalar
arithmetic, compiled: once per machine into an extension module by numba's ahead-of-time
compiler (sim.prebuilt), which a process imports without numba; else by numba's JIT
(`cache=True`, so no process pays the compile twice). Where neither works, the same Python
functions run as they are: slower, but the same arithmetic in the same order on IEEE doubles,
so the results are the same bits (a test runs a level all three ways). `ORGSIM_JIT=0` forces
the Python functions, `ORGSIM_JIT=jit` numba's JIT.

The equations and their sources are described in sim.dynamics, which calls these; sums over
workers are plain left-to-right sums, the same in both forms.
"""

from __future__ import annotations

import functools
import math
import os
import statistics
import threading
import types
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

#: Set ORGSIM_JIT=0 to run the kernels as plain Python, ORGSIM_JIT=jit to compile them with
#: numba's JIT rather than load the module built ahead of time (for checks and debugging).
_JIT_MODE = os.environ.get("ORGSIM_JIT", "1")
JIT_WANTED = _JIT_MODE != "0"
JIT_ONLY = _JIT_MODE == "jit"

def _clip(x: float, low: float, high: float) -> float:
    """np.clip on one number, spelt out so that Python and numba do the same comparisons."""
    if x < low:
        return low
    if x > high:
        return high
    return x


def _pos(x: float) -> float:
    """max(x, 0.0), spelt out."""
    return x if x > 0.0 else 0.0


def _sum(a: np.ndarray) -> float:
    """The sum of an array, added from the first element to the last.

    Why a pass of its own: a loop that also sums cannot be vectorised (the compiler keeps the
    order of a float sum), so the kernels compute per worker in one loop and sum in another;
    the same additions in the same order, so the same bits (3x on a large team's week)."""
    total = 0.0
    for i in range(a.shape[0]):
        total += a[i]
    return total


def _dot(a: np.ndarray, b: np.ndarray) -> float:
    """The sum of a[i] * b[i], in order (see `_sum`)."""
    total = 0.0
    for i in range(a.shape[0]):
        total += a[i] * b[i]
    return total


def _pairwise_block(a: np.ndarray, first: int, n: int) -> float:
    """numpy's sum of up to 128 values a[first:first + n] (`pairwise_sum` in numpy's
    _core/src/umath/loops_utils.h.src): fewer than 8 one after another from 0.0; else in
    eight running sums, added in pairs, then the rest one by one."""
    if n < 8:
        res = 0.0
        for i in range(first, first + n):
            res += a[i]
        return res
    r0, r1, r2, r3 = a[first], a[first + 1], a[first + 2], a[first + 3]
    r4, r5, r6, r7 = a[first + 4], a[first + 5], a[first + 6], a[first + 7]
    whole = first + n - n % 8
    i = first + 8
    while i < whole:
        r0 += a[i]
        r1 += a[i + 1]
        r2 += a[i + 2]
        r3 += a[i + 3]
        r4 += a[i + 4]
        r5 += a[i + 5]
        r6 += a[i + 6]
        r7 += a[i + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    for j in range(whole, first + n):
        res += a[j]
    return res


def _pairwise(a: np.ndarray, n: int) -> float:
    """numpy's pairwise sum of a[:n]: up to 128 values `_pairwise_block`; more, the sums of
    its two halves (cut at a multiple of 8), each summed so, added. numpy recurses; this walks
    the same tree with a stack of its own (numba compiles no recursion ahead of time), so the
    same additions in the same order. `np.add.reduce` of a contiguous float64 array is 0.0
    plus this (`numpy_sum`; tests/test_fast_paths.py compares them to the bit)."""
    if n <= 128:
        return _pairwise_block(a, 0, n)
    firsts = np.empty(64, dtype=np.int64)     # the segments from the root to the current one
    sizes = np.empty(64, dtype=np.int64)
    lefts = np.empty(64)                      # a segment's left half's sum, once known
    depth, firsts[0], sizes[0] = 0, 0, n
    while True:
        size = sizes[depth]
        if size > 128:                        # go down to the left half
            half = size // 2
            half -= half % 8
            firsts[depth + 1], sizes[depth + 1] = firsts[depth], half
            depth += 1
            continue
        value = _pairwise_block(a, firsts[depth], size)
        while True:                           # hand the value up the tree
            if depth == 0:
                return value
            depth -= 1
            half = sizes[depth] // 2
            half -= half % 8
            if firsts[depth + 1] == firsts[depth]:    # it was the left half: do the right
                lefts[depth] = value
                firsts[depth + 1] = firsts[depth] + half
                sizes[depth + 1] = sizes[depth] - half
                depth += 1
                break
            value = lefts[depth] + value      # the right half: the segment's sum


def numpy_sum(a: np.ndarray) -> float:
    """`np.add.reduce(a)` of a contiguous 1-D float64 array, to the bit: what the model's
    table has always been computed with, here without numpy's microseconds a call."""
    return 0.0 + _pairwise(a, a.shape[0])


# ----- common random numbers (sim.luck): SplitMix64 over (person, seed, stream, week) ---------
MASK64 = 2**64 - 1
GOLDEN, M1, M2 = 0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB
PERSON = 0xD1B54A32D192ED03


def _hash(person: int, base: int) -> int:
    """The hash behind a person's draw, on Python ints modulo 2**64 (sim.luck's `_mix` of
    person x `PERSON` xor base). The compiled form is `_hash_u64`."""
    z = ((int(person) * PERSON) & MASK64) ^ int(base)
    z = (z + GOLDEN) & MASK64
    z = ((z ^ (z >> 30)) * M1) & MASK64
    z = ((z ^ (z >> 27)) * M2) & MASK64
    return z ^ (z >> 31)


def _hash_u64(person: int, base: Any) -> Any:
    """`_hash` in numba's unsigned 64-bit integers, which wrap as the masks do."""
    z = (np.uint64(person) * np.uint64(PERSON)) ^ np.uint64(base)
    z = z + np.uint64(GOLDEN)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(M1)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(M2)
    return z ^ (z >> np.uint64(31))


def _unit(h: int) -> float:
    """A hash's top 53 bits as a uniform number in [0, 1)."""
    return float(h >> 11) * 2.0 ** -53


def _unit_u64(h: Any) -> float:
    return float(h >> np.uint64(11)) * 2.0 ** -53


def _normal_quantiles(bins: int) -> np.ndarray:
    """The standard normal's quantiles at k / bins for k = 1 .. bins - 1 (`statistics`'
    inverse CDF, pure Python on libm's log and sqrt: the same on every machine), and at either
    end the value that gives the end bin the tail's own mean (below the first quantile z1 the
    normal's mean is -pdf(z1) / cdf(z1)), so the table's draws keep mean 0 and a standard
    deviation within 0.01% of 1 (kurtosis 2.997), cut at +-3.65."""
    dist = statistics.NormalDist()
    table = np.empty(bins + 1)
    for k in range(1, bins):
        table[k] = dist.inv_cdf(k / bins)
    first = table[1]
    table[0] = 2.0 * (-dist.pdf(first) / dist.cdf(first)) - first
    table[bins] = -table[0]
    table.setflags(write=False)
    return table


#: `_normal`'s table: 1,025 quantiles, 8 KiB, which stays in the first-level cache.
NORMAL_BINS = 1024
NORMAL_QUANTILES = _normal_quantiles(NORMAL_BINS)
_QUANTILES = NORMAL_QUANTILES.tolist()       # the same numbers as Python floats, for `_normal`


def _quantile(u: float) -> float:
    """The standard normal's inverse CDF at u in [0, 1), read from a table of 1,024 bins
    (`NORMAL_QUANTILES`) and interpolated in a straight line within the bin."""
    x = u * NORMAL_BINS
    k = int(x)
    return _QUANTILES[k] + (x - k) * (_QUANTILES[k + 1] - _QUANTILES[k])


def _quantile_array(u: float) -> float:
    """`_quantile` on the table as an array (the compiled form reads it so)."""
    x = u * NORMAL_BINS
    k = int(x)
    return NORMAL_QUANTILES[k] + (x - k) * (NORMAL_QUANTILES[k + 1] - NORMAL_QUANTILES[k])


def _normal(h: int) -> float:
    """A standard normal number from one hash: the normal's inverse CDF (`_quantile`) at the
    hash's top 53 bits as a uniform number.

    Why not Box-Muller (up to 0.6.1): its log, cos and sqrt from libm took 21 ns a draw, most
    of a large team's assignments and a third of its week; the table takes a few."""
    return _quantile(_unit(h))


def normals(ids: np.ndarray, base: Any, out: np.ndarray) -> None:
    """Each person's normal draw on one stream for one week."""
    for i in range(ids.shape[0]):
        out[i] = _normal(_hash(ids[i], base))


#: Hashes set aside for each joiner's draws (`people_draws` takes 43 of them).
JOINER_HASHES = 64
#: A log-normal joiner's share of the work: the sd of its log.
LOAD_SPREAD = 0.3


def _chi_square(first: int, k: int, base: Any) -> float:
    """A chi-square number with k degrees of freedom: the sum of k squared normal draws, from
    hashes `first` to `first + k - 1`."""
    total = 0.0
    for j in range(k):
        z = _normal(_hash(first + j, base))
        total += z * z
    return total


def people_draws(base: Any, spread: float, state: np.ndarray, strengths: np.ndarray,
                 kind: np.ndarray, load: np.ndarray) -> None:
    """The chance part of n people joining in one week (`workforce.PeopleDraws`), joiner i
    from hashes i * `JOINER_HASHES` onwards of the week's "join" key `base`: their state's
    spread around its start (normal, sd `spread`), their strengths (Beta(1.5, 2.5), as
    chi2(3) / (chi2(3) + chi2(5))), their first kind of work (uniform) and their share of the
    work (log-normal, sd `LOAD_SPREAD`).

    Why hashes (from model 0.8.0; a numpy generator per week before): making the generator
    took most of an arrival's draws, a tenth of a large team's year."""
    rows, kinds = state.shape[0], strengths.shape[1]
    for i in range(kind.shape[0]):
        first = i * JOINER_HASHES
        for c in range(rows):
            state[c, i] = spread * _normal(_hash(first + c, base))
        d = first + rows
        for k in range(kinds):
            x = _chi_square(d, 3, base)
            y = _chi_square(d + 3, 5, base)
            strengths[i, k] = x / (x + y)
            d += 8
        chosen = int(_unit(_hash(d, base)) * kinds)
        kind[i] = chosen if chosen < kinds else kinds - 1
        load[i] = math.exp(LOAD_SPREAD * _normal(_hash(d + 1, base)))


def _evenly(person: int, offset: float) -> float:
    """A quantile in (0, 1) for each person, spread evenly over consecutive people: a Weyl
    sequence (the golden ratio's fraction) from a seeded offset."""
    return ((offset + person * 0.6180339887498949) % 1.0) * 0.998 + 0.001


def _traits(person: int, offsets: np.ndarray, sd: float) -> tuple[float, float]:
    """A person's patience (exponential: the intent at which they resign) and ability
    (log-normal, sd `sd`, mean 1) at their quantiles spread evenly over consecutive ids
    (`_evenly`, from `offsets` [patience, ability]): see `workforce.person_traits`."""
    patience = -math.log1p(-_evenly(person, offsets[0]))
    z = _quantile(_evenly(person, offsets[1]))
    return patience, math.exp(sd * z - 0.5 * sd * sd)


def person_traits(ids: np.ndarray, offsets: np.ndarray, sd: float, patience: np.ndarray,
                  ability: np.ndarray) -> None:
    """Each person's patience and ability (`_traits`)."""
    for i in range(ids.shape[0]):
        patience[i], ability[i] = _traits(ids[i], offsets, sd)


def join_rows(first: int, centres: np.ndarray, spread: np.ndarray, strengths_drawn: np.ndarray,
              kind_drawn: np.ndarray, load_drawn: np.ndarray, tenure: float,
              new_ids: np.ndarray, ordinal: int, offsets: np.ndarray, sd: float,
              floats: np.ndarray, strengths: np.ndarray, kind: np.ndarray, offer: np.ndarray,
              ids: np.ndarray, ordinals: np.ndarray, extra_rows: np.ndarray) -> None:
    """New people into the team's blocks from row `first` (`workforce.Workforce.add`): their
    state (the rows of `centres`) at its centre plus their `spread`, kept within 0.02-0.98;
    their drawn strengths, kind of work and load; `tenure`; their ids, the order they joined
    (from `ordinal`), their patience and ability (`_traits`); no coaching, intent, output or
    offer yet. Then everyone's load divided by its mean (`_load_to_mean_one`). `extra_rows`
    gives the rows of `floats` holding tenure, load, patience and ability."""
    state_rows = centres.shape[0]
    tenure_row, load_row = extra_rows[0], extra_rows[1]
    patience_row, ability_row = extra_rows[2], extra_rows[3]
    for k in range(new_ids.shape[0]):
        row = first + k
        for c in range(state_rows):
            floats[c, row] = _clip(centres[c] + spread[c, k], 0.02, 0.98)
        for c in range(state_rows, floats.shape[0]):
            floats[c, row] = 0.0
        for c in range(strengths.shape[1]):
            strengths[row, c] = strengths_drawn[k, c]
        kind[row] = kind_drawn[k]
        offer[row] = False
        ids[row] = new_ids[k]
        ordinals[row] = ordinal + k
        floats[tenure_row, row] = tenure
        floats[load_row, row] = load_drawn[k]
        floats[patience_row, row], floats[ability_row, row] = _traits(new_ids[k], offsets, sd)
    _load_to_mean_one(floats, load_row, first + new_ids.shape[0])


# ----- positions in the vectors the kernels take ------------------------------------------------
#: The forces the kernels read, in the order of their vector (sim.dynamics builds it from a
#: quarter's `Forces`); names from sim.effect_names.CHANNELS.
FORCE_NAMES: tuple[str, ...] = (
    "effort", "pace", "coordination", "process", "innovation", "safety", "trust", "autonomy",
    "competence", "relatedness", "purpose", "feedback", "crowding", "extrinsic", "coaching",
    "training", "fit", "balance", "recovery")
(F_EFFORT, F_PACE, F_COORDINATION, F_PROCESS, F_INNOVATION, F_SAFETY, F_TRUST, F_AUTONOMY,
 F_COMPETENCE, F_RELATEDNESS, F_PURPOSE, F_FEEDBACK, F_CROWDING, F_EXTRINSIC, F_COACHING,
 F_TRAINING, F_FIT, F_BALANCE, F_RECOVERY) = range(19)
#: The team stocks (`dynamics.TeamStocks`) as a vector.
STOCK_NAMES: tuple[str, ...] = ("coordination", "process", "innovation", "safety", "demand",
                                "backlog")
S_COORDINATION, S_PROCESS, S_INNOVATION, S_SAFETY, S_DEMAND, S_BACKLOG = range(6)
#: The week's context (`dynamics.WeekContext`) as a vector.
CONTEXT_NAMES: tuple[str, ...] = ("fade", "extra_demand", "extra_effort", "value", "quit_shock")
C_FADE, C_EXTRA_DEMAND, C_EXTRA_EFFORT, C_VALUE, C_QUIT_SHOCK = range(5)
#: The model's constants the kernels use (sim.dynamics owns and explains them).
CONSTANT_NAMES: tuple[str, ...] = ("DRIFT", "STALE", "BASELINE_EFFORT", "QUIT_LIFE",
                                   "QUIT_BASE", "QUIT_CAP", "QUANTITY_NORM", "QUALITY_NORM")
(K_DRIFT, K_STALE, K_BASELINE_EFFORT, K_QUIT_LIFE, K_QUIT_BASE, K_QUIT_CAP, K_QUANTITY_NORM,
 K_QUALITY_NORM) = range(8)
#: The week's three streams of luck (`Luck` keys of seed, stream and week), as a vector.
BASE_DRIFT, BASE_LOAD, BASE_DRIFT_KIND = range(3)


# ----- the parts of a week ----------------------------------------------------------------------
def ramp(tenure: np.ndarray, ramp_weeks: float, out: np.ndarray) -> None:
    """Newcomers' productivity ramp: 30% on day one, full after `ramp_weeks` (none if 0)."""
    for i in range(tenure.shape[0]):
        r = 1.0
        if ramp_weeks > 0.0:
            r = 0.3 + 0.7 * tenure[i] / ramp_weeks
            if r > 1.0:
                r = 1.0
        out[i] = r


def team_inputs(load: np.ndarray, ramp: np.ndarray, stocks: np.ndarray, ctx: np.ndarray,
                f: np.ndarray, target_size: float, intrinsic: np.ndarray, trust: np.ndarray,
                strain: np.ndarray, overload: np.ndarray) -> tuple[float, float, float]:
    """Each person's strain (their share of a full load over the people present, as far as
    they have ramped up, pushed by the backlog and the pace) and overload this week, and the
    team sums the stocks need. Returns the sums of overload, intrinsic motivation and trust."""
    n = load.shape[0]
    capacity = _sum(ramp)
    demand = stocks[S_DEMAND] + ctx[C_EXTRA_DEMAND]
    demand_heads = (demand if demand < 1.0 else 1.0) * target_size
    backlog = stocks[S_BACKLOG] if stocks[S_BACKLOG] < 5.0 else 5.0
    scale = (1.0 + 0.02 * backlog) * (1.0 + _pos(f[F_PACE]))
    per_head = demand_heads / (capacity if capacity > 1e-9 else 1e-9)
    over = intr = tru = 0.0
    for i in range(n):
        s = load[i] * per_head * scale
        strain[i] = s
        o = _pos(s - 1.0)
        overload[i] = o
        over += o
        intr += intrinsic[i]
        tru += trust[i]
    return over, intr, tru


def team_stocks(stocks: np.ndarray, f: np.ndarray, pressure: float, need: float,
                mean_intr: float, mean_trust: float) -> None:
    """Coordination tracks its target fast; process, ideas and safety are slow stocks (see
    `dynamics.update_team`). In place on the stocks vector."""
    c, push = stocks[S_COORDINATION], f[F_COORDINATION]
    build = 0.25 * push * (1.0 - c) if push > 0.0 else 0.1 * push * c
    stocks[S_COORDINATION] = _clip(c + build - 0.03 * need * (c - 0.2), 0.02, 0.98)
    p = stocks[S_PROCESS]
    growth = 0.02 * _pos(f[F_PROCESS]) * (1.0 - p)
    stocks[S_PROCESS] = _clip(p + growth - 0.03 * pressure * p - 0.0015 * (p - 0.15), 0.0, 1.0)
    v, safety = stocks[S_INNOVATION], stocks[S_SAFETY]
    ideas = _pos(f[F_INNOVATION]) * (0.4 + safety) * (0.4 + mean_intr) \
        + 0.05 * safety * mean_intr
    stocks[S_INNOVATION] = _clip(v + 0.02 * ideas * (1.0 - v) - 0.012 * (v - 0.1), 0.0, 1.0)
    target_s = _clip(0.3 + f[F_SAFETY] + 0.15 * (mean_trust - 0.5), 0.02, 0.98)
    stocks[S_SAFETY] = safety + 0.03 * (target_s - safety)


def team_pressure(f: np.ndarray, over: float, n: int) -> float:
    """The pace the boss sets plus half the mean overload (0 for nobody)."""
    return _pos(f[F_PACE]) + 0.5 * (over / n) if n else 0.0


#: Workers `assignments` draws for at a time (their hashes first, in one vectorised loop).
DRAW_BLOCK = 256


def assignments(ids: np.ndarray, bases: np.ndarray, f: np.ndarray, constants: np.ndarray,
                strengths: np.ndarray, kind: np.ndarray, load: np.ndarray, fit: np.ndarray
                ) -> None:
    """One draw per person: a little drift of their work to a kind drawn at random, or (as
    far as the boss builds on strengths) a move to their strongest kind; then new work lands
    unevenly, evened out as far as the boss balances it, at least 0.05 each, in shares of
    the mean. `fit`: how well each person's work now suits their strengths."""
    n, kinds = load.shape[0], strengths.shape[1]
    drift = constants[K_DRIFT]
    moves = 0.07 * _pos(f[F_FIT])
    balance = 0.12 * _pos(f[F_BALANCE])
    if balance > 0.5:
        balance = 0.5
    base_drift, base_kind, base_load = bases[BASE_DRIFT], bases[BASE_DRIFT_KIND], bases[BASE_LOAD]
    draws = np.empty((2, DRAW_BLOCK))
    total = 0.0
    for first in range(0, n, DRAW_BLOCK):
        size = min(DRAW_BLOCK, n - first)
        who = ids[first:first + size]
        drift_draw, load_draw = draws[0, :size], draws[1, :size]
        for i in range(size):           # the hashes alone: a loop the compiler vectorises
            drift_draw[i] = _unit(_hash(who[i], base_drift))
            load_draw[i] = _unit(_hash(who[i], base_load))
        for c in range(size):
            i = first + c
            draw = drift_draw[c]
            if draw < drift:
                k = int(_unit(_hash(ids[i], base_kind)) * kinds)
                kind[i] = k if k < kinds - 1 else kinds - 1
            elif draw < drift + moves:
                best = 0
                for j in range(1, kinds):
                    if strengths[i, j] > strengths[i, best]:
                        best = j
                kind[i] = best
            x = load[i] * (1.0 + 0.04 * _quantile(load_draw[c]))
            x = x + balance * (1.0 - x)
            if x < 0.05:
                x = 0.05
            load[i] = x
            total += x
    if n:
        mean = total / n
        for i in range(n):
            load[i] = load[i] / mean
            fit[i] = strengths[i, kind[i]]


def people_week(autonomy: np.ndarray, competence: np.ndarray, relatedness: np.ndarray,
                intrinsic: np.ndarray, extrinsic: np.ndarray, trust: np.ndarray,
                skill: np.ndarray, exhaustion: np.ndarray, coached: np.ndarray,
                fit: np.ndarray, ramp: np.ndarray, strain: np.ndarray, f: np.ndarray,
                stocks: np.ndarray, ctx: np.ndarray, knowledge_share: float, hind: float,
                effort: np.ndarray) -> float:
    """Needs, motivation, skill and exhaustion move one week (in place), then effort (see
    `dynamics.update_people`). Returns the sum of effort x ramp."""
    coordination, safety = stocks[S_COORDINATION], stocks[S_SAFETY]
    target_a = _clip(0.45 + f[F_AUTONOMY], 0.02, 0.98)
    competence_base = 0.25 + f[F_COMPETENCE] + 0.15 * (coordination - 0.5)
    target_r = _clip(0.3 + 0.35 * safety + f[F_RELATEDNESS] - ctx[C_QUIT_SHOCK], 0.02, 0.98)
    purpose = 0.75 + f[F_PURPOSE]
    if purpose < 0.2:
        purpose = 0.2
    interest_w = 0.2 + 0.6 * knowledge_share
    crowding = 0.02 * _pos(f[F_CROWDING])
    target_e = _clip(0.35 + f[F_EXTRINSIC], 0.02, 0.98)
    target_t = _clip(0.4 + f[F_TRUST] + 0.1 * (safety - 0.4), 0.02, 0.98)
    coaching_push = _pos(f[F_COACHING])
    training = 0.02 * _pos(f[F_TRAINING])
    recovery = _pos(f[F_RECOVERY])
    w_intr = 0.35 + 0.5 * knowledge_share
    push = 1.0 + f[F_EFFORT] * ctx[C_FADE] + ctx[C_EXTRA_EFFORT]
    if push < 0.1:
        push = 0.1
    for i in range(autonomy.shape[0]):
        fi, st, co = fit[i], strain[i], coached[i]
        a = autonomy[i] + 0.05 * (target_a - autonomy[i])
        sk = skill[i]
        target_c = competence_base + 0.5 * sk * (0.5 + fi) - 0.4 * _pos(st - 1.0) + 0.15 * co
        c = competence[i] + 0.05 * (_clip(target_c, 0.02, 0.98) - competence[i])
        r = relatedness[i] + 0.05 * (target_r - relatedness[i])
        needs = (0.37 * c + 0.28 * a + 0.25 * r) / 0.9
        target_i = _clip(purpose * needs + f[F_FEEDBACK] + interest_w * (fi - 0.45), 0.02, 0.98)
        x = intrinsic[i]
        x = x + (0.03 * (target_i - x) - crowding * x)
        e = extrinsic[i] + 0.25 * (target_e - extrinsic[i])
        t = trust[i] + 0.03 * (target_t - trust[i])
        room = 1.0 - sk
        learned = (0.003 * (0.5 + fi) * room * ramp[i]
                   + 0.012 * (coaching_push + 0.6 * co) * room * (0.5 + x)
                   + training * _pos(0.65 - sk))
        sk = _clip(sk + learned - 0.001 * sk, 0.0, 1.0)
        ex = exhaustion[i]
        up = 0.10 * _pos(st - 1.0) + 0.025 * hind + 0.02 * _pos(st - 0.85)
        down = 0.02 + 0.03 * _pos(1.1 - st) + recovery
        ex = _clip(ex + up * (1.0 - ex) - down * ex, 0.0, 1.0)
        autonomy[i], competence[i], relatedness[i] = a, c, r
        intrinsic[i], extrinsic[i], trust[i], skill[i], exhaustion[i] = x, e, t, sk, ex
        motivation = w_intr * x + (1.0 - w_intr) * e
        effort[i] = (0.4 + 0.6 * motivation) * (1.0 - 0.4 * ex) * (1.0 - 0.2 * hind) * push
    return _dot(effort, ramp)


def work_done(stocks: np.ndarray, ctx: np.ndarray, effort_ramp: float, target_size: float,
              constants: np.ndarray) -> float:
    """The share of the team's capacity that found work this week (0-1), and the backlog left
    (in place).

    Work arrives with demand (in person-weeks of the level's nominal team); the team can do
    its capacity (effort x ramp, `effort_ramp` summed over people, over a baseline effort);
    what is there to do is the backlog plus what arrived. People beyond the work add cost,
    not volume. Work left over waits, and a little of it goes stale each week (clients go
    elsewhere)."""
    arrived = _pos(stocks[S_DEMAND] + ctx[C_EXTRA_DEMAND]) * target_size
    capacity = effort_ramp / constants[K_BASELINE_EFFORT]
    available = stocks[S_BACKLOG] * target_size + arrived
    done = capacity if capacity < available else available
    stocks[S_BACKLOG] = constants[K_STALE] * (available - done) \
        / (target_size if target_size > 1.0 else 1.0)
    return done / capacity if capacity > 0.0 else 0.0


def output_week(skill: np.ndarray, autonomy: np.ndarray, intrinsic: np.ndarray,
                effort: np.ndarray, ramp: np.ndarray, fit: np.ndarray, ability: np.ndarray,
                stocks: np.ndarray, constants: np.ndarray, knowledge_share: float,
                need: float, scale: float, quarter_output: np.ndarray) -> float:
    """Each person's output this week, added to their quarter's; returns the team's total.

    Output is the work they found (effort x ramp x utilisation: `scale` is the week's value
    times utilisation) times what it is worth. An average inherited team makes about 1 per
    person-week. Routine value is quantity: standard work, multiplied by process capability
    (Taylor) and by coordination as far as the team's size needs it. Knowledge value is
    quality: skill, fit to strengths, psychological safety, ideas and intrinsic motivation,
    and direction: novices and newcomers are directed by structure (coordination), experts by
    their own autonomy (situational leadership). Purpose without a plan scatters effort:
    motivation beyond what the structure can channel is partly lost. Each person's `ability`
    (no boss changes it) multiplies it all.
    """
    coordination = stocks[S_COORDINATION]
    unclear = need * (1.0 - coordination)
    quantity_team = (0.3 + 1.4 * stocks[S_PROCESS]) * (1.0 - 0.6 * unclear) \
        * constants[K_QUANTITY_NORM]
    quality_team = (0.75 + 0.5 * stocks[S_SAFETY]) * (0.8 + 0.6 * stocks[S_INNOVATION]) \
        * constants[K_QUALITY_NORM]
    routine = 1.0 - knowledge_share
    made = np.empty(skill.shape[0])
    for i in range(skill.shape[0]):
        s, fi, r, x = skill[i], fit[i], ramp[i], intrinsic[i]
        quantity = (0.6 + 0.4 * s) * (0.7 + 0.6 * fi) * quantity_team
        structure = _clip(1.3 - 1.4 * s + 0.5 * (1.0 - r), 0.0, 1.0)
        direction = structure * (1.0 - unclear) + (1.0 - structure) * autonomy[i]
        scatter = 1.0 - (1.0 - coordination) * _pos(x - 0.3)
        quality = (0.3 + 0.7 * s) * (0.3 + 1.6 * fi) * quality_team \
            * (0.45 + 0.7 * direction) * (0.7 + 0.6 * x)
        value = (routine * quantity + knowledge_share * quality) * scatter
        made[i] = effort[i] * r * value * ability[i] * scale
        quarter_output[i] += made[i]
    return _sum(made)


def _mechanisms(i: int, morale: np.ndarray, intrinsic: np.ndarray, extrinsic: np.ndarray,
                trust: np.ndarray, relatedness: np.ndarray, exhaustion: np.ndarray,
                rates: np.ndarray) -> tuple[float, float, float, float, float, float]:
    """Worker i's five mechanisms' pulls on morale this week, and the morale they leave
    (`down`: the room below; 1 - down is the room above the levers' pushes scale by)."""
    m = morale[i]
    a = rates[0] * (intrinsic[i] - m)
    b = rates[1] * (extrinsic[i] - m)
    c = rates[2] * (trust[i] - m)
    d = rates[3] * (relatedness[i] - m)
    e = rates[4] * ((1.0 - exhaustion[i]) - m)
    return a, b, c, d, e, m + ((((a + b) + c) + d) + e)


def _morale_values(i: int, morale: np.ndarray, intrinsic: np.ndarray, extrinsic: np.ndarray,
                   trust: np.ndarray, relatedness: np.ndarray, exhaustion: np.ndarray,
                   overload: np.ndarray, rates: np.ndarray, direct: np.ndarray,
                   red_tape: float, extra: np.ndarray, values: np.ndarray) -> None:
    """Worker i's named morale contributions this week, one per source, into `values` (see
    `dynamics.morale_contributions` for their order and meaning)."""
    a, b, c, d, e, down = _mechanisms(i, morale, intrinsic, extrinsic, trust, relatedness,
                                      exhaustion, rates)
    values[0], values[1], values[2], values[3], values[4] = a, b, c, d, e
    up = 1.0 - down
    n_lever = direct.shape[0]
    for j in range(n_lever):
        size = direct[j]
        values[5 + j] = size * (up if size > 0.0 else down)
    k = 5 + n_lever
    values[k] = -0.02 * overload[i] * down
    values[k + 1] = red_tape * down
    for j in range(extra.shape[0]):
        v = extra[j]
        values[k + 2 + j] = v * (up if v > 0.0 else down)


def morale_rows(morale: np.ndarray, intrinsic: np.ndarray, extrinsic: np.ndarray,
                trust: np.ndarray, relatedness: np.ndarray, exhaustion: np.ndarray,
                overload: np.ndarray, rates: np.ndarray, direct: np.ndarray, hind: float,
                extra: np.ndarray, rows: np.ndarray) -> None:
    """Write the week's named morale contributions, one row per source (see
    `dynamics.morale_contributions` for the rows' order and meaning)."""
    values = np.empty(rows.shape[0])
    for i in range(morale.shape[0]):
        _morale_values(i, morale, intrinsic, extrinsic, trust, relatedness, exhaustion,
                       overload, rates, direct, -0.004 * hind, extra, values)
        for j in range(rows.shape[0]):
            rows[j, i] = values[j]


#: Workers `morale_update` takes at a time: a block's moving morale and room below stay in
#: the first-level cache while its sources' rows stream past.
MORALE_BLOCK = 256


def morale_update(morale: np.ndarray, intrinsic: np.ndarray, extrinsic: np.ndarray,
                  trust: np.ndarray, relatedness: np.ndarray, exhaustion: np.ndarray,
                  overload: np.ndarray, rates: np.ndarray, direct: np.ndarray, hind: float,
                  extra: np.ndarray, acc: np.ndarray, acc_rows: np.ndarray, bounds_row: int,
                  rows: np.ndarray, bounds: np.ndarray) -> bool:
    """The week's morale change: each worker's contributions (`_morale_values`) added to the
    explainer's matrix `acc` (rows `acc_rows`) and to their morale, kept within 0-1; what the
    ends cut off goes into `bounds` and, if the explainer has a row for it (`bounds_row` >=
    0), into `acc`. The contributions are also written into `rows` when it has rows (for
    explaining by decision). The same sums, in the same order, as `morale_rows`, then
    `apply_rows` and adding the rows to `acc`. Returns whether anything was cut off.

    Why in blocks of workers, each source by source over the block (not worker by worker
    over the sources): each worker's morale still adds its contributions in source order,
    but every loop is a plain pass over contiguous arrays, which the compiler can vectorise
    (a third of a large team's week was this function), and a block's moving morale and room
    below stay in the first-level cache while its sources' rows stream past."""
    n = morale.shape[0]
    keep_rows = rows.shape[0] > 0
    moved = np.empty(MORALE_BLOCK)
    down = np.empty(MORALE_BLOCK)
    values = np.empty(MORALE_BLOCK)
    mechanisms = np.empty((5, MORALE_BLOCK))
    n_lever = direct.shape[0]
    k = 5 + n_lever
    red_tape = -0.004 * hind
    cut = False
    for first in range(0, n, MORALE_BLOCK):
        last = min(first + MORALE_BLOCK, n)
        size = last - first
        m, mv, dn, vl = morale[first:last], moved[:size], down[:size], values[:size]
        for i in range(size):
            a, b, c, d, e, dn[i] = _mechanisms(first + i, morale, intrinsic, extrinsic, trust,
                                               relatedness, exhaustion, rates)
            mechanisms[0, i], mechanisms[1, i], mechanisms[2, i] = a, b, c
            mechanisms[3, i], mechanisms[4, i] = d, e
            mv[i] = m[i]
        for j in range(5):
            _add_row(mechanisms[j, :size], mv, acc[acc_rows[j], first:last], rows, j, first,
                     keep_rows)
        for j in range(n_lever):
            _scaled_row(direct[j], dn, vl)
            _add_row(vl, mv, acc[acc_rows[5 + j], first:last], rows, 5 + j, first, keep_rows)
        o = overload[first:last]
        for i in range(size):
            vl[i] = -0.02 * o[i] * dn[i]
        _add_row(vl, mv, acc[acc_rows[k], first:last], rows, k, first, keep_rows)
        for i in range(size):
            vl[i] = red_tape * dn[i]
        _add_row(vl, mv, acc[acc_rows[k + 1], first:last], rows, k + 1, first, keep_rows)
        for j in range(extra.shape[0]):
            _scaled_row(extra[j], dn, vl)
            _add_row(vl, mv, acc[acc_rows[k + 2 + j], first:last], rows, k + 2 + j, first,
                     keep_rows)
        bd = bounds[first:last]
        for i in range(size):
            kept = _clip(mv[i], 0.0, 1.0)
            bd[i] = kept - mv[i]
            if kept != mv[i]:
                cut = True
                if bounds_row >= 0:
                    acc[bounds_row, first + i] += bd[i]
            m[i] = kept
    return cut


def _scaled_row(size: float, down: np.ndarray, out: np.ndarray) -> None:
    """A signed push's row: `size` times the room above (up, 1 - down) or below (down), as
    `_morale_values` has it."""
    if size > 0.0:
        for i in range(down.shape[0]):
            out[i] = size * (1.0 - down[i])
    else:
        for i in range(down.shape[0]):
            out[i] = size * down[i]


def _add_row(values: np.ndarray, moved: np.ndarray, target: np.ndarray, rows: np.ndarray,
             row: int, first: int, keep_rows: bool) -> None:
    """Add one source's row to the workers' moving morale and to the explainer's row
    `target` (and to `rows`' `row` from column `first`, if it is kept)."""
    for i in range(values.shape[0]):
        v = values[i]
        moved[i] += v
        target[i] += v
    if keep_rows:
        out = rows[row, first:first + values.shape[0]]
        for i in range(values.shape[0]):
            out[i] = values[i]


def apply_rows(morale: np.ndarray, rows: np.ndarray, bounds: np.ndarray) -> bool:
    """Move morale by the sum of its rows, kept within 0-1; what the ends cut off goes into
    `bounds`. Returns whether anything was cut off."""
    cut = False
    for i in range(morale.shape[0]):
        moved = morale[i]
        for j in range(rows.shape[0]):
            moved += rows[j, i]
        kept = _clip(moved, 0.0, 1.0)
        bounds[i] = kept - moved
        if kept != moved:
            cut = True
        morale[i] = kept
    return cut


def quit_hazard(morale: np.ndarray, trust: np.ndarray, exhaustion: np.ndarray,
                constants: np.ndarray, hazard: np.ndarray) -> None:
    """Each person's weekly addition to their wish to leave (see `dynamics.quit_hazard`)."""
    life, base, cap = constants[K_QUIT_LIFE], constants[K_QUIT_BASE], constants[K_QUIT_CAP]
    for i in range(morale.shape[0]):
        z = 2.5 * (0.55 - morale[i]) + 1.5 * (0.5 - trust[i]) + 2.0 * (exhaustion[i] - 0.35)
        deciding = base * math.exp(z)
        hazard[i] = life + deciding * cap / (deciding + cap)


def wish_to_leave(morale: np.ndarray, trust: np.ndarray, exhaustion: np.ndarray,
                  constants: np.ndarray, intent: np.ndarray, patience: np.ndarray,
                  ready: np.ndarray, offer: np.ndarray, leaving: np.ndarray,
                  tenure: np.ndarray, skill: np.ndarray
                  ) -> tuple[int, float, float, float, float]:
    """People add the week's quit hazard to their wish to leave; `ready` is how far it has
    come (1 = resigning, 0.75 = looking, an offer in hand); their tenure grows a week.
    Returns how many are ready, and the sums of morale, trust, skill and exhaustion (as
    `means` adds them: one pass over the team does it all)."""
    quit_hazard(morale, trust, exhaustion, constants, ready)
    n_leaving = 0
    sm = st = ss = sx = 0.0
    for i in range(morale.shape[0]):
        m, tr, x = morale[i], trust[i], exhaustion[i]
        intent[i] += ready[i]
        r = intent[i] / patience[i]
        ready[i] = r
        offer[i] = r >= 0.75
        leaving[i] = r >= 1.0
        if r >= 1.0:
            n_leaving += 1
        tenure[i] += 1.0
        sm += m
        st += tr
        ss += skill[i]
        sx += x
    return n_leaving, sm, st, ss, sx


def means(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray
          ) -> tuple[float, float, float, float]:
    """The means of four arrays of the same non-zero length."""
    sa = sb = sc = sd = 0.0
    n = a.shape[0]
    for i in range(n):
        sa += a[i]
        sb += b[i]
        sc += c[i]
        sd += d[i]
    return sa / n, sb / n, sc / n, sd / n


def week(ids: np.ndarray, tenure: np.ndarray, load: np.ndarray, kind: np.ndarray,
         strengths: np.ndarray, coached: np.ndarray, ability: np.ndarray,
         quarter_output: np.ndarray, intent: np.ndarray, patience: np.ndarray,
         offer: np.ndarray, morale: np.ndarray, skill: np.ndarray, autonomy: np.ndarray,
         competence: np.ndarray, relatedness: np.ndarray, intrinsic: np.ndarray,
         extrinsic: np.ndarray, trust: np.ndarray, exhaustion: np.ndarray,
         stocks: np.ndarray, f: np.ndarray, ctx: np.ndarray, constants: np.ndarray,
         bases: np.ndarray, rates: np.ndarray, direct: np.ndarray, extra: np.ndarray,
         knowledge_share: float, target_size: float, ramp_weeks: float, hind: float,
         need: float, acc: np.ndarray, acc_rows: np.ndarray, bounds_row: int,
         ramp_out: np.ndarray, strain: np.ndarray, overload: np.ndarray, fit: np.ndarray,
         effort: np.ndarray, rows: np.ndarray, bounds: np.ndarray, ready: np.ndarray,
         leaving: np.ndarray) -> tuple[float, float, bool, int]:
    """A whole week of the team, in the order `OrgModel` plays it: ramp, strain, the team
    stocks, assignments, people, work done, output, morale (`morale_update`, which adds the
    week's rows to the explainer's `acc`), tenure and the wish to leave. Everyone who leaves
    is left to the model to remove. Returns (output, overload summed, whether morale hit the
    scale's ends, how many are ready to leave, and the sums of morale, trust, skill and
    exhaustion at the week's end)."""
    n = ids.shape[0]
    ramp(tenure, ramp_weeks, ramp_out)
    over, intr, tru = team_inputs(load, ramp_out, stocks, ctx, f, target_size, intrinsic,
                                  trust, strain, overload)
    pressure = team_pressure(f, over, n)
    team_stocks(stocks, f, pressure, need, intr / n if n else 0.0, tru / n if n else 0.0)
    assignments(ids, bases, f, constants, strengths, kind, load, fit)
    effort_ramp = people_week(autonomy, competence, relatedness, intrinsic, extrinsic, trust,
                              skill, exhaustion, coached, fit, ramp_out, strain, f, stocks,
                              ctx, knowledge_share, hind, effort)
    utilisation = work_done(stocks, ctx, effort_ramp, target_size, constants)
    produced = output_week(skill, autonomy, intrinsic, effort, ramp_out, fit, ability, stocks,
                           constants, knowledge_share, need, ctx[C_VALUE] * utilisation,
                           quarter_output)
    cut = morale_update(morale, intrinsic, extrinsic, trust, relatedness, exhaustion, overload,
                        rates, direct, hind, extra, acc, acc_rows, bounds_row, rows, bounds)
    n_leaving, sm, st, ss, sx = wish_to_leave(morale, trust, exhaustion, constants, intent,
                                              patience, ready, offer, leaving, tenure, skill)
    return produced, over, cut, n_leaving, sm, st, ss, sx


def hindrance(coordination: float, push: float) -> float:
    """Hindrance stress: unclear roles (1 - coordination), red tape, micromanagement, missing
    resources (the push of the hindrance channel)."""
    return _clip(0.6 * (1.0 - coordination) + push, 0.0, 1.0)


#: What `weeks` records of each week it plays, in its `record` matrix's columns.
RECORD_NAMES: tuple[str, ...] = ("output", "overload", "morale", "trust", "skill", "exhaustion")
#: Why `weeks` stopped before the span's end.
STOP_NONE, STOP_LEAVING, STOP_BOUNDS = 0, 1, 2


def weeks(ids: np.ndarray, tenure: np.ndarray, load: np.ndarray, kind: np.ndarray,
          strengths: np.ndarray, coached: np.ndarray, ability: np.ndarray,
          quarter_output: np.ndarray, intent: np.ndarray, patience: np.ndarray,
          offer: np.ndarray, morale: np.ndarray, skill: np.ndarray, autonomy: np.ndarray,
          competence: np.ndarray, relatedness: np.ndarray, intrinsic: np.ndarray,
          extrinsic: np.ndarray, trust: np.ndarray, exhaustion: np.ndarray,
          stocks: np.ndarray, f: np.ndarray, hindrance_push: float, contexts: np.ndarray,
          constants: np.ndarray, bases: np.ndarray, rates: np.ndarray, direct: np.ndarray,
          extra: np.ndarray, knowledge_share: float, target_size: float, ramp_weeks: float,
          need: float, acc: np.ndarray, acc_rows: np.ndarray, bounds_row: int,
          ramp_out: np.ndarray, strain: np.ndarray, overload: np.ndarray, fit: np.ndarray,
          effort: np.ndarray, rows: np.ndarray, bounds: np.ndarray, ready: np.ndarray,
          leaving: np.ndarray, record: np.ndarray) -> tuple[int, int, int]:
    """Weeks of the whole team in a row (one per row of `contexts`, `bases` and `extra`,
    the week's extra morale rows), each as `week` plays it, its morale rows added to the
    explainer's matrix `acc` (rows `acc_rows`; what the scale's ends cut off to row
    `bounds_row`) as the model adds them, and written
    into `rows` if it has rows. Stops early after a week in which somebody is ready to leave,
    or in which the scale's ends cut morale off and the explainer has no row for it yet
    (`bounds_row` < 0): the model handles those. Returns (weeks played, why it stopped, how
    many are ready to leave after the last); `record` gets each week's `RECORD_NAMES`."""
    for w in range(contexts.shape[0]):
        hind = hindrance(stocks[S_COORDINATION], hindrance_push)
        produced, over, cut, n_leaving, sm, st, ss, sx = week(
            ids, tenure, load, kind, strengths, coached, ability, quarter_output, intent,
            patience, offer, morale, skill, autonomy, competence, relatedness, intrinsic,
            extrinsic, trust, exhaustion, stocks, f, contexts[w], constants, bases[w], rates,
            direct, extra[w], knowledge_share, target_size, ramp_weeks, hind, need, acc,
            acc_rows,
            bounds_row, ramp_out, strain, overload, fit, effort, rows, bounds, ready, leaving)
        n = ids.shape[0]
        m = t = s = x = 0.0
        if n:
            m, t, s, x = sm / n, st / n, ss / n, sx / n         # as `means` has them
        record[w, 0], record[w, 1], record[w, 2] = produced, over, m
        record[w, 3], record[w, 4], record[w, 5] = t, s, x
        if n_leaving:
            return w + 1, STOP_LEAVING, n_leaving
        if cut and bounds_row < 0:
            return w + 1, STOP_BOUNDS, 0
    return contexts.shape[0], STOP_NONE, 0


# ----- weeks with people leaving and joining (sim.model) ----------------------------------------
#: `churn_weeks`' settings (an int64 vector) and its log of each week (`CHURN_LOG`).
CHURN_SETTINGS: tuple[str, ...] = ("enabled", "room", "hiring_weeks", "backfill", "next_id",
                                   "next_ordinal", "labels", "colleagues", "explained")
(CH_ENABLED, CH_ROOM, CH_HIRING, CH_BACKFILL, CH_NEXT_ID, CH_NEXT_ORDINAL, CH_LABELS,
 CH_COLLEAGUES, CH_EXPLAINED) = range(9)
CHURN_LOG: tuple[str, ...] = ("quits", "held_back", "joined", "headcount")
#: The rows of the team's float block `churn_weeks` hands `week`, in `week`'s order.
WEEK_ROWS: tuple[str, ...] = ("tenure", "load", "coached", "ability", "quarter_output",
                              "intent", "patience", "morale", "skill", "autonomy", "competence",
                              "relatedness", "intrinsic", "extrinsic", "trust", "exhaustion")
#: The share of its way from a neutral 0.5 to the team's mean that a joiner's morale and trust
#: start at (`workforce.joiner_start`), and the colleagues' shock per share of the team that
#: left (`model._colleagues_left`).
NEUTRAL, SOCIALISATION, COLLEAGUES_SHOCK = 0.5, 0.8, -0.25


def _coordination_need(headcount: int) -> float:
    """`dynamics.coordination_need`, in the same operations."""
    if headcount == 0:
        return 0.1
    return _clip(0.2 + 0.22 * math.log2(max(headcount, 1) / 4.0), 0.1, 1.0)


def _most_determined(ready: np.ndarray, leaving: np.ndarray, room: int) -> None:
    """Keep as leavers only the `room` most determined (highest `ready`, the first row on a
    tie): numpy's stable argsort of -ready, as `OrgModel._quits` takes them."""
    order = np.argsort(-ready, kind="mergesort")
    for i in range(leaving.shape[0]):
        leaving[i] = False
    for k in range(max(room, 0)):
        leaving[order[k]] = True


def churn_weeks(floats: np.ndarray, week_rows: np.ndarray, strengths: np.ndarray,
                kind: np.ndarray, offer: np.ndarray, ids: np.ndarray, ordinals: np.ndarray,
                n: int, stocks: np.ndarray, f: np.ndarray, hindrance_push: float,
                contexts: np.ndarray, constants: np.ndarray, bases: np.ndarray,
                rates: np.ndarray, direct: np.ndarray, extra: np.ndarray,
                knowledge_share: float, target_size: float, ramp_weeks: float,
                acc: np.ndarray, acc_rows: np.ndarray, bounds_row: int, work: np.ndarray,
                rows: np.ndarray, leaving: np.ndarray, record: np.ndarray,
                settings: np.ndarray, spread: float, sd: float, centres: np.ndarray,
                extra_rows: np.ndarray, offsets: np.ndarray, join_bases: np.ndarray,
                due: np.ndarray, start: np.ndarray, departed: np.ndarray,
                departed_floats: np.ndarray, plan: np.ndarray, log: np.ndarray
                ) -> tuple[int, int, int, int, int]:
    """Weeks of the team (`weeks`, one call each) whose leavers and joiners, if `settings`
    enable it, are handled here as `OrgModel` handles them week by week, so that the weeks go
    on: the quota of quits (`_most_determined`), their rows compacted out of the team's blocks
    (`plan_compaction`, `compact_rows`) and of the explainer's (`split_off`, keeping the
    leavers' records in `departed` and `departed_floats`), their replacements hired, the
    recruits due (`due`) joining (`people_draws`, `join_rows`, the explainer's new columns,
    Brooks's law on coordination), and the next week's shock of colleagues leaving (its
    context and its `extra` column). The team's arrays are blocks with room (n in use, at
    most their width); `work` holds the week's seven scratch arrays.

    With leavers and joiners enabled, the span's last week too (it returns `STOP_NONE`
    only then: the model books every week from the log); a week whose joiners would not fit
    stops the span with its leavers left to the model (`STOP_LEAVING`), as does every week
    with someone leaving when they are not enabled, and the span's last week then. `log` gets
    each week's `CHURN_LOG`; `record` each week's `RECORD_NAMES` (the team's means after its
    leavers and joiners). Returns (weeks played, why it stopped, how many are ready to leave
    after the last, the team's size, leavers recorded)."""
    capacity = ids.shape[0]
    n_weeks = contexts.shape[0]
    labels = settings[CH_LABELS]
    gone = 0
    t, load_row = week_rows, week_rows[1]
    for w in range(n_weeks):
        _, stop, n_leaving = weeks(
            ids[:n], floats[t[0], :n], floats[t[1], :n], kind[:n], strengths[:n],
            floats[t[2], :n], floats[t[3], :n], floats[t[4], :n], floats[t[5], :n],
            floats[t[6], :n], offer[:n], floats[t[7], :n], floats[t[8], :n],
            floats[t[9], :n], floats[t[10], :n], floats[t[11], :n], floats[t[12], :n],
            floats[t[13], :n], floats[t[14], :n], floats[t[15], :n], stocks, f,
            hindrance_push, contexts[w:w + 1], constants, bases[w:w + 1], rates, direct,
            extra[w:w + 1], knowledge_share, target_size, ramp_weeks, _coordination_need(n),
            acc, acc_rows, bounds_row, work[0, :n], work[1, :n], work[2, :n], work[3, :n],
            work[4, :n], rows, work[5, :n], work[6, :n], leaving[:n], record[w:w + 1])
        log[w, 0], log[w, 1], log[w, 2], log[w, 3] = 0, 0, 0, n
        if stop == STOP_BOUNDS:
            return w + 1, stop, 0, n, gone
        if settings[CH_ENABLED] == 0:
            if stop == STOP_LEAVING or w == n_weeks - 1:
                return w + 1, stop, n_leaving, n, gone
            continue
        arriving = due[w]
        if n_leaving == 0 and arriving == 0:
            continue
        if n + arriving > capacity or gone + n_leaving > departed.shape[1]:
            return w + 1, STOP_LEAVING, n_leaving, n, gone      # no room: the model's week
        # Leavers: the quota's most determined, their records kept, their rows compacted.
        quits = n_leaving
        room = settings[CH_ROOM]
        if quits > room:
            _most_determined(work[6, :n], leaving[:n], room)
            log[w, 1] = quits - max(room, 0)
            quits = max(room, 0)
        shock = quits / max(n, 1)
        if quits:
            count = plan_compaction(leaving[:n], plan[0, :quits], plan[1, :quits])
            keep = n - count
            holes = 0
            while holes < count and plan[0, holes] < keep:
                holes += 1
            for k in range(count):
                departed[0, gone + k] = ids[plan[0, k]]
                departed[1, gone + k] = ordinals[plan[0, k]]
            if settings[CH_EXPLAINED]:
                kept = np.empty((2 + labels, count))
                split_off(plan[0, :count], plan[0, :holes], plan[1, :holes], start[:n],
                          floats[t[7], :n], acc[:labels, :n], kept)
                departed_floats[:2 + labels, gone:gone + count] = kept
            compact_rows(plan[0, :holes], plan[1, :holes], keep, floats[:, :n],
                         strengths[:n], kind[:n], offer[:n], ids[:n], ordinals[:n], load_row)
            gone += count
            n = keep
            settings[CH_ROOM] = room - count
            if settings[CH_BACKFILL]:
                arrival = w + max(settings[CH_HIRING], 1) - 1
                if arrival < n_weeks:
                    due[arrival] += count
                    arriving = due[w]
        log[w, 0] = quits
        # Joiners: their start from the team's means, their draws, their rows.
        if arriving:
            k = arriving
            joining = centres.copy()
            if n:
                joining[0] = NEUTRAL + SOCIALISATION * (
                    (0.0 + _pairwise(floats[t[7], :n], n)) / n - NEUTRAL)
                joining[7] = NEUTRAL + SOCIALISATION * (
                    (0.0 + _pairwise(floats[t[14], :n], n)) / n - NEUTRAL)
            state = np.empty((centres.shape[0], k))
            drawn_strengths = np.empty((k, strengths.shape[1]))
            drawn_kind = np.empty(k, dtype=np.int64)
            drawn_load = np.empty(k)
            people_draws(join_bases[w], spread, state, drawn_strengths, drawn_kind, drawn_load)
            new_ids = np.empty(k, dtype=np.int64)
            for j in range(k):
                new_ids[j] = settings[CH_NEXT_ID] + j
            join_rows(n, joining, state, drawn_strengths, drawn_kind, drawn_load, 0.0, new_ids,
                      settings[CH_NEXT_ORDINAL], offsets, sd, floats, strengths, kind, offer,
                      ids, ordinals, extra_rows)
            if settings[CH_EXPLAINED]:
                for j in range(n, n + k):
                    start[j] = floats[t[7], j]
                    for r in range(acc.shape[0]):
                        acc[r, j] = 0.0
            n += k
            stocks[S_COORDINATION] = _clip(stocks[S_COORDINATION] - 0.3 * k / n, 0.02, 0.98)
            settings[CH_NEXT_ID] += k
            settings[CH_NEXT_ORDINAL] += k
            log[w, 2] = k
        log[w, 3] = n
        # The next week: colleagues' shock (after the span's last, the model's), and the
        # team's means after the week's changes.
        if w + 1 < n_weeks:
            contexts[w + 1, C_QUIT_SHOCK] = shock
            if shock and settings[CH_COLLEAGUES] >= 0:
                extra[w + 1, settings[CH_COLLEAGUES]] = COLLEAGUES_SHOCK * shock
        m = tr = sk = ex = 0.0
        if n:
            m, tr, sk, ex = means(floats[t[7], :n], floats[t[14], :n], floats[t[8], :n],
                                  floats[t[15], :n])
        record[w, 2], record[w, 3], record[w, 4], record[w, 5] = m, tr, sk, ex
    return n_weeks, STOP_NONE, 0, n, gone


# ----- people leaving (sim.workforce) -----------------------------------------------------------
def plan_compaction(leaving: np.ndarray, rows: np.ndarray, movers: np.ndarray) -> int:
    """Who leaves (`leaving`) as `workforce.Compaction` plans it, in one pass: their rows in
    order into `rows` and the kept rows at or past the new length, in order, into `movers`
    (as many as the leavers whose rows are below it: the holes, the first of `rows`). Returns
    how many leave."""
    n = leaving.shape[0]
    count = 0
    for i in range(n):
        if leaving[i]:
            rows[count] = i
            count += 1
    moved = 0
    for i in range(n - count, n):
        if not leaving[i]:
            movers[moved] = i
            moved += 1
    return count


def split_off(rows: np.ndarray, holes: np.ndarray, movers: np.ndarray, start: np.ndarray,
              morale: np.ndarray, acc: np.ndarray, out: np.ndarray) -> None:
    """The explainer's part of people leaving (`sim.explain.Explainer.left`): the leavers'
    (`rows`) quarter's start and end morale and their columns of `acc` into the columns of
    `out` (start, end, then acc's rows), then the kept columns at or past the new length moved
    into the holes of `start` and `acc`, as `workforce.Compaction` moves them."""
    for k in range(rows.shape[0]):
        row = rows[k]
        out[0, k] = start[row]
        out[1, k] = morale[row]
        for j in range(acc.shape[0]):
            out[2 + j, k] = acc[j, row]
    for k in range(holes.shape[0]):
        hole, mover = holes[k], movers[k]
        start[hole] = start[mover]
        for j in range(acc.shape[0]):
            acc[j, hole] = acc[j, mover]


def compact_rows(holes: np.ndarray, movers: np.ndarray, keep: int, floats: np.ndarray,
                 strengths: np.ndarray, kind: np.ndarray, offer: np.ndarray, ids: np.ndarray,
                 ordinals: np.ndarray, load_row: int) -> None:
    """Leavers' rows filled by the kept rows at or past the new length `keep` (mover k into
    hole k: `workforce.Compaction`) in every block of the team at once (`floats` has a row
    per column of state, people as its columns), then everyone's share of the work (row
    `load_row` of `floats`) divided by its mean over the `keep` people left (numpy's mean:
    `numpy_sum` over the count), so that the shares average 1 again.

    Why one call: a week with leavers moved the same few columns in seven numpy calls and took
    the mean in two more, a tenth of a large team's week."""
    for k in range(holes.shape[0]):
        hole, mover = holes[k], movers[k]
        for r in range(floats.shape[0]):
            floats[r, hole] = floats[r, mover]
        for c in range(strengths.shape[1]):
            strengths[hole, c] = strengths[mover, c]
        kind[hole] = kind[mover]
        offer[hole] = offer[mover]
        ids[hole] = ids[mover]
        ordinals[hole] = ordinals[mover]
    _load_to_mean_one(floats, load_row, keep)


def _load_to_mean_one(floats: np.ndarray, load_row: int, n: int) -> None:
    """The first n people's shares of the work (row `load_row` of `floats`) divided by their
    mean (numpy's: `numpy_sum` over the count), so that they average 1."""
    if n > 0:
        load = floats[load_row, :n]
        average = (0.0 + _pairwise(load, n)) / n      # `numpy_sum`, on a row of a block
        for i in range(n):
            load[i] = load[i] / average


# ----- the team's means for its table (sim.metrics) ---------------------------------------------
def team_sums(floats: np.ndarray, rows: int, n: int, strengths: np.ndarray,
              kind: np.ndarray, out: np.ndarray) -> None:
    """numpy's sums (`numpy_sum`) of the first `rows` rows of the team's `floats` over its n
    people (`Workforce.table_sums`) into out[:rows], and of each person's fit to their work
    (`Workforce.fit`) into out[rows]. Why: a small team's means took some 25 us of numpy calls,
    twice or more a quarter."""
    for r in range(rows):
        out[r] = numpy_sum(floats[r, :n])
    fit = np.empty(n)
    for i in range(n):
        fit[i] = strengths[i, kind[i]]
    out[rows] = numpy_sum(fit)


def stayers_mean(ids: np.ndarray, morale: np.ndarray, last: int) -> float:
    """The mean morale of the people whose id is at most `last` (those present since the
    level began, `metrics.stayers_morale`) as numpy's mean of the masked array gives it; 0.0
    if none is left."""
    kept = np.empty(ids.shape[0])
    count = 0
    for i in range(ids.shape[0]):
        if ids[i] <= last:
            kept[count] = morale[i]
            count += 1
    return numpy_sum(kept[:count]) / count if count else 0.0


# ----- a large quarter's explanation record (sim.explain) ---------------------------------------
def row_means(acc: np.ndarray, out: np.ndarray) -> None:
    """The mean of each row of `acc` into `out`, its columns added one after another from
    the first: how numpy reduces a Fortran-ordered matrix along its rows
    (`sim.explain._team_means`), without the copy in that order. Four rows at a time: each
    row's sum is one chain of additions in order, and four chains keep the adder busy where
    one waits for each addition before the next."""
    rows, n = acc.shape
    r = 0
    while r + 4 <= rows:
        t0, t1, t2, t3 = acc[r, 0], acc[r + 1, 0], acc[r + 2, 0], acc[r + 3, 0]
        for c in range(1, n):
            t0 += acc[r, c]
            t1 += acc[r + 1, c]
            t2 += acc[r + 2, c]
            t3 += acc[r + 3, c]
        out[r], out[r + 1], out[r + 2], out[r + 3] = t0 / n, t1 / n, t2 / n, t3 / n
        r += 4
    for rest in range(r, rows):
        total = acc[rest, 0]
        for c in range(1, n):
            total += acc[rest, c]
        out[rest] = total / n


def abs_max_rows(block: np.ndarray, largest: np.ndarray) -> None:
    """Each row's largest magnitude in `block` into `largest`, where it is larger than what
    `largest` holds (`sim.explain._steps`: a quarter's blocks one after another). One pass
    over the block, where numpy's `abs` then `max` made a copy of it and read it twice; four
    running maxima per row (the largest is the largest in any order), so that each compare
    need not wait for the one before."""
    n = block.shape[1]
    for r in range(block.shape[0]):
        row = block[r]
        t0 = t1 = t2 = t3 = largest[r]
        c = 0
        while c + 4 <= n:
            t0 = max(t0, abs(row[c]))
            t1 = max(t1, abs(row[c + 1]))
            t2 = max(t2, abs(row[c + 2]))
            t3 = max(t3, abs(row[c + 3]))
            c += 4
        for tail in range(c, n):
            t0 = max(t0, abs(row[tail]))
        largest[r] = max(max(t0, t1), max(t2, t3))


def fixed_point(block: np.ndarray, sources: np.ndarray, per_step: np.ndarray,
                step: np.ndarray, steps: np.ndarray, residual: np.ndarray,
                first: int) -> None:
    """A block of contribution rows in whole steps (`sim.explain._FixedRows`): row k of
    `steps`, from column `first`, gets row `sources[k]` of `block` rounded to the nearest
    whole number of steps (`per_step` is 1 / `step`; half to even, as np.rint), one step if
    that rounds a value that is not zero to zero; `residual` gets what the rounding took off
    each column, summed over the sources in order as numpy sums a matrix down its columns.
    One pass where numpy's form took eight, with the same operations on the same values.
    Each row is first copied out: `block` is a window on a wider matrix, whose rows the
    compiled code must read with a stride, which it does not vectorise."""
    n = block.shape[1]
    total = np.zeros(n)                 # in float64: `residual` may be float32
    values = np.empty(n)                # a row of the block, contiguous (see below)
    for k in range(sources.shape[0]):
        row = block[sources[k]]
        for c in range(n):
            values[c] = row[c]
        out = steps[k, first:first + n]
        scale, size, begin = per_step[k], step[k], k == 0
        for c in range(n):
            v = values[c]
            w = np.rint(v * scale)
            if w == 0.0 and v != 0.0:
                w = 1.0 if v > 0.0 else -1.0
            out[c] = w
            off = v - w * size
            total[c] = off if begin else total[c] + off
    kept = residual[first:first + n]
    for c in range(n):
        kept[c] = total[c]


#: Every kernel, in an order where each comes after the kernels it calls.
PYTHON: dict[str, Callable[..., Any]] = {f.__name__: f for f in (
    normals, people_draws, person_traits, join_rows, ramp, team_inputs, team_stocks, team_pressure,
    assignments,
    people_week, work_done, output_week, morale_rows, apply_rows, quit_hazard, wish_to_leave,
    means, hindrance, morale_update, week, weeks, row_means, fixed_point, numpy_sum,
    plan_compaction, split_off, compact_rows, churn_weeks, team_sums, stayers_mean, abs_max_rows)}


def _dispatchers() -> dict[str, Callable[..., Any]] | None:
    """Numba dispatchers of every kernel (nothing compiles yet), or None where numba is
    missing, switched off or fails. Compiled copies of the functions see compiled helpers and
    kernels; the Python ones stay as they are."""
    if not JIT_WANTED:
        return None
    try:
        import numba
    except ImportError:
        return None
    try:
        namespace = dict(globals())
        helpers = {"_pairwise_block": _pairwise_block, "_pairwise": _pairwise,
                   "_clip": _clip, "_pos": _pos, "_sum": _sum, "_dot": _dot, "_hash": _hash_u64,
                   "_unit": _unit_u64, "_quantile": _quantile_array, "_normal": _normal,
                   "_chi_square": _chi_square, "_evenly": _evenly, "_traits": _traits,
                   "_load_to_mean_one": _load_to_mean_one,
                   "_coordination_need": _coordination_need,
                   "_most_determined": _most_determined, "_scaled_row": _scaled_row,
                   "_add_row": _add_row,
                   "_mechanisms": _mechanisms}
        for name, helper in helpers.items():
            namespace[name] = _jit(numba, helper, namespace, inline="always")
        namespace["_morale_values"] = _jit(numba, _morale_values, namespace)
        compiled: dict[str, Callable[..., Any]] = {}
        for name, fn in PYTHON.items():
            compiled[name] = namespace[name] = _jit(numba, fn, namespace, nogil=True)
        return compiled
    except Exception as exc:     # any failure of numba: the Python kernels still work
        _warn(exc)
        return None


#: What runs instead when a form of the kernels fails: the warning's first words.
NOT_PREBUILT = "numba's JIT compiles the model's week instead of the module built ahead of time"
NOT_COMPILED = "the model's week runs as plain Python, without numba"


def _warn(exc: Exception, instead: str = NOT_COMPILED) -> None:
    warnings.warn(f"{instead} ({exc}); results are the same, only slower", RuntimeWarning,
                  stacklevel=3)


class Kernels(dict):
    """The kernels by name, each made ready on first use: from the module built ahead of time
    for this machine (`sim.prebuilt`), else compiled by numba's JIT (or loaded from its cache),
    each tried once on a tiny team; or the Python function where neither works.

    Why on first use: loading compiled kernels costs time (and numba's JIT memory) a process
    that never plays a week need not pay (a command's start-up, the game's menus), and a model
    uses few of them (`weeks`, `means`; explaining by decision a few more)."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._prebuilt: Any = False      # the module; None where there is none; False: not looked
        self._compiled: dict[str, Callable[..., Any]] | bool | None = False    # numba's JIT

    def __missing__(self, name: str) -> Callable[..., Any]:
        if name not in PYTHON:
            raise KeyError(name)
        with self._lock:
            if name not in self:
                self[name] = self._ready(name)
            return dict.__getitem__(self, name)

    def _ready(self, name: str) -> Callable[..., Any]:
        tiers = ((self._from_prebuilt, NOT_PREBUILT), (self._from_jit, NOT_COMPILED))
        for candidate, instead in tiers:
            kernel = candidate(name)
            if kernel is not None:
                try:
                    kernel(*_examples()[name])
                    return kernel
                except Exception as exc:     # it does not run here: try the next form
                    _warn(exc, instead)
        return PYTHON[name]

    def _from_prebuilt(self, name: str) -> Callable[..., Any] | None:
        if self._prebuilt is False:
            self._prebuilt = _prebuilt_module()
        return getattr(self._prebuilt, name, None)

    def _from_jit(self, name: str) -> Callable[..., Any] | None:
        if self._compiled is False:
            self._compiled = _dispatchers()
        return self._compiled.get(name) if self._compiled else None


def _prebuilt_module() -> Any:
    """The kernels' module built ahead of time for this machine (built now if need be), or None
    where it cannot be or is not wanted (`ORGSIM_JIT=0` or `jit`)."""
    if not JIT_WANTED or JIT_ONLY:
        return None
    from sim import prebuilt

    try:
        return prebuilt.load()
    except Exception as exc:           # a module that does not build or load: numba's JIT
        _warn(exc, NOT_PREBUILT)
        return None


def _jit(numba: Any, fn: Callable[..., Any], namespace: dict[str, Any],
         **options: Any) -> Callable[..., Any]:
    """A numba-compiled copy of `fn` whose globals are `namespace` (cached on disk).

    With numpy's error model: a division is the hardware's, where Python's model checks
    every divisor for zero and raises, a branch that kept the compiler from vectorising any
    loop that divides (the quit hazard's, the load's shares). The same bits for every
    divisor that is not zero, and no kernel divides by zero (their divisors are counts
    checked first, patience, and sums of positive shares)."""
    copy = types.FunctionType(fn.__code__, namespace, fn.__name__, fn.__defaults__,
                              fn.__closure__)
    copy.__qualname__ = fn.__qualname__
    return numba.njit(cache=True, error_model="numpy", **options)(copy)


def example_arguments(n: int, rng: np.random.Generator) -> dict[str, tuple[Any, ...]]:
    """Arguments of the types the model passes, for every kernel, n workers: what compiles
    the kernels at import (so no call compiles later) and what the tests compare."""

    def share() -> np.ndarray:
        return rng.uniform(0.0, 1.0, n)

    def empty() -> np.ndarray:
        return np.zeros(n)

    ids = rng.integers(0, 10_000, n).astype(np.int64)
    f = rng.uniform(-0.2, 0.6, len(FORCE_NAMES))
    stocks = np.array([0.5, 0.35, 0.2, 0.4, 0.9, 0.3])
    ctx = np.array([0.8, 0.05, 0.02, 1.0, 0.1])
    constants = np.array([0.03, 0.92, 0.58, 0.0007, 0.00275, 0.022, 1.95, 1.96])
    bases = rng.integers(0, 2**63, 3).astype(np.uint64)
    rates = rng.uniform(0.0, 0.05, 5)
    direct, extra = rng.normal(0.0, 0.01, 7), np.array([-0.02])
    strengths = rng.uniform(0.0, 1.0, (n, 4))
    kind = rng.integers(0, 4, n).astype(np.int64)
    rows = np.zeros((5 + len(direct) + 2 + len(extra), n))
    people = (*(share() for _ in range(8)), rng.integers(0, 2, n).astype(float))
    offer, leaving = np.zeros(n, dtype=np.bool_), np.zeros(n, dtype=np.bool_)
    state = (share(), *people[:8])
    week_args = (ids, rng.uniform(0, 30, n), rng.lognormal(0, 0.3, n), kind, strengths,
                 people[8], rng.lognormal(0, 0.3, n), empty(), rng.uniform(0, 2, n),
                 rng.uniform(0.5, 3, n), offer, *state, stocks.copy(), f)
    span = 3
    contexts = np.tile(ctx, (span, 1))
    acc = np.zeros((rows.shape[0] + 3, n + 5))
    acc_rows = np.arange(rows.shape[0], dtype=np.int64)[::-1].copy()
    return {
        "normals": (ids, bases[2], empty()),
        "people_draws": (bases[0], 0.08, np.zeros((9, n)), np.zeros((n, 4)),
                         np.zeros(n, dtype=np.int64), empty()),
        "person_traits": (ids, rng.uniform(0.0, 1.0, 2), 0.3, empty(), empty()),
        "join_rows": (1, rng.uniform(0.2, 0.8, 9), rng.normal(0.0, 0.08, (9, n)),
                      rng.uniform(0.0, 1.0, (n, 4)), kind.copy(), rng.lognormal(0, 0.3, n), 0.0,
                      ids.copy(), 3, rng.uniform(0.0, 1.0, 2), 0.3,
                      rng.uniform(0.0, 1.0, (16, n + 4)), rng.uniform(0.0, 1.0, (n + 4, 4)),
                      np.zeros(n + 4, dtype=np.int64), np.zeros(n + 4, dtype=np.bool_),
                      np.zeros(n + 4, dtype=np.int64), np.zeros(n + 4, dtype=np.int64),
                      np.array([9, 10, 13, 14], dtype=np.int64)),
        "ramp": (rng.uniform(0, 30, n), float(rng.integers(0, 12)), empty()),
        "team_inputs": (rng.lognormal(0, 0.3, n), share(), stocks, ctx, f, 12.0, share(),
                        share(), empty(), empty()),
        "team_stocks": (stocks.copy(), f, 0.3, 0.55, 0.5, 0.5),
        "team_pressure": (f, 1.5, n),
        "assignments": (ids, bases, f, constants, strengths, kind, rng.lognormal(0, 0.3, n),
                        empty()),
        "people_week": (*people, share(), share(), rng.uniform(0.5, 1.6, n), f, stocks, ctx,
                        0.7, 0.2, empty()),
        "work_done": (stocks.copy(), ctx, 9.5, 12.0, constants),
        "output_week": (share(), share(), share(), share(), share(), share(),
                        rng.lognormal(0, 0.3, n), stocks, constants, 0.7, 0.55, 0.9, empty()),
        "morale_rows": (*(share() for _ in range(6)), rng.uniform(0, 0.5, n), rates, direct,
                        0.3, extra, rows.copy()),
        "apply_rows": (share(), rng.normal(0, 0.3, (9, n)), empty()),
        "quit_hazard": (share(), share(), share(), constants, empty()),
        "wish_to_leave": (share(), share(), share(), constants, rng.uniform(0, 2, n),
                          rng.uniform(0.5, 3, n), empty(), offer.copy(), leaving.copy(),
                          rng.uniform(0, 30, n), share()),
        "means": (share(), share(), share(), share()),
        "week": (*week_args, ctx, constants, bases, rates, direct, extra, 0.7, 12.0, 8.0, 0.3,
                 0.55, acc, acc_rows, -1, *(empty() for _ in range(5)), rows, empty(), empty(),
                 leaving),
        "morale_update": (*(share() for _ in range(6)), rng.uniform(0, 0.5, n), rates, direct,
                          0.3, extra, acc, acc_rows, rows.shape[0] + 2, rows.copy(), empty()),
        "hindrance": (0.4, 0.1),
        "numpy_sum": (rng.normal(0.5, 0.4, n) * 10.0 ** rng.uniform(-3.0, 3.0, n),),
        "team_sums": (rng.uniform(0.0, 1.0, (12, n + 4)), 9, n, strengths, kind, np.zeros(10)),
        "churn_weeks": _churn_arguments(n, rng, week_args, f, contexts, constants, bases,
                                        rates, direct, extra, acc, acc_rows, span),
        "plan_compaction": (leaving.copy(), np.zeros(n, dtype=np.int64),
                            np.zeros(n, dtype=np.int64)),
        "split_off": (np.array([0], dtype=np.int64), np.array([0], dtype=np.int64),
                      np.array([n], dtype=np.int64), rng.uniform(0.0, 1.0, n + 1),
                      rng.uniform(0.0, 1.0, n + 1), acc[:, :n + 1],
                      np.zeros((acc.shape[0] + 2, 1))),
        "compact_rows": (np.array([0], dtype=np.int64), np.array([n], dtype=np.int64), n,
                         rng.uniform(0.0, 1.0, (16, n + 4))[:, :n + 1],
                         rng.uniform(0.0, 1.0, (n + 1, 4)), np.arange(n + 1, dtype=np.int64),
                         np.zeros(n + 1, dtype=np.bool_), np.arange(n + 1, dtype=np.int64),
                         np.arange(n + 1, dtype=np.int64), 10),
        "stayers_mean": (ids, share(), 5_000),
        "row_means": (rng.normal(0.0, 0.01, (9, n + 2))[:, :n], np.zeros(9)),
        "fixed_point": _fixed_point_arguments(n, rng),
        "abs_max_rows": (_fixed_point_arguments(n, rng)[0], np.zeros(6)),
        "weeks": (*week_args, 0.1, contexts, constants, np.tile(bases, (span, 1)), rates,
                  direct, np.tile(extra, (span, 1)), 0.7, 12.0, 8.0, 0.55, acc, acc_rows,
                  rows.shape[0] + 1,
                  *(empty() for _ in range(5)), rows[:0], empty(), empty(), leaving,
                  np.zeros((span, len(RECORD_NAMES)))),
    }


def _churn_arguments(n: int, rng: np.random.Generator, week_args: tuple[Any, ...],
                     f: np.ndarray, contexts: np.ndarray, constants: np.ndarray,
                     bases: np.ndarray, rates: np.ndarray, direct: np.ndarray,
                     extra: np.ndarray, acc: np.ndarray, acc_rows: np.ndarray,
                     span: int) -> tuple[Any, ...]:
    """`churn_weeks`' arguments as the model passes them: the team's blocks with room for
    six more people, `week`'s rows of the float block as `sim.workforce` lays them out."""
    room = n + 6
    ids, strengths, kind = week_args[0], week_args[4], week_args[3]
    floats = rng.uniform(0.0, 1.0, (16, room))
    blocks = (np.zeros((room, 4)), np.zeros(room, dtype=np.int64),
              np.zeros(room, dtype=np.bool_), np.zeros(room, dtype=np.int64),
              np.arange(room, dtype=np.int64))
    blocks[0][:n], blocks[1][:n], blocks[3][:n] = strengths, kind, ids
    settings = np.array([1, 5, 2, 1, 10_000, room, acc.shape[0] - 3, 0, 1], dtype=np.int64)
    return (floats, np.array([9, 10, 11, 14, 15, 12, 13, 0, 1, 2, 3, 4, 5, 6, 7, 8]),
            *blocks, n, np.array([0.5, 0.35, 0.2, 0.4, 0.9, 0.3]), f, 0.1, contexts.copy(),
            constants, np.tile(bases, (span, 1)), rates, direct, np.tile(extra, (span, 1)),
            0.7, 12.0, 8.0, np.zeros((acc.shape[0], room)), acc_rows, acc.shape[0] - 1,
            np.zeros((7, room)),
            np.zeros((0, room)), np.zeros(room, dtype=np.bool_),
            np.zeros((span, len(RECORD_NAMES))), settings, 0.08, 0.3,
            rng.uniform(0.3, 0.7, 9), np.array([9, 10, 13, 14], dtype=np.int64),
            rng.uniform(0.0, 1.0, 2), rng.integers(0, 2**63, span).astype(np.uint64),
            np.array([0, 1, 0][:span], dtype=np.int64), np.zeros(room),
            np.zeros((2, room), dtype=np.int64), np.zeros((acc.shape[0] - 1, room)),
            np.zeros((2, room), dtype=np.int64), np.zeros((span, len(CHURN_LOG)),
                                                          dtype=np.int64))


def _fixed_point_arguments(n: int, rng: np.random.Generator) -> tuple[Any, ...]:
    """`fixed_point`'s arguments as `sim.explain` passes them: a block that is a window on a
    wider matrix (its rows not contiguous), some of its rows kept, tiny and zero values among
    them, and the record's int16 steps and float32 residuals, two columns wider."""
    block = rng.normal(0.0, 0.01, (6, n + 3))[:, :n]
    block[1, ::3] = 0.0
    block[2, ::2] = 1e-9
    sources = np.array([0, 1, 2, 4], dtype=np.int64)
    step = np.abs(block[sources]).max(axis=1, initial=1e-12) / (2**15 - 1)
    return (block, sources, 1.0 / step, step, np.zeros((4, n + 2), dtype=np.int16),
            np.zeros(n + 2, dtype=np.float32), 2)


@functools.lru_cache(maxsize=1)
def _examples() -> dict[str, tuple[Any, ...]]:
    """Every kernel's arguments for a team of two: what each is tried on before first use."""
    return example_arguments(2, np.random.default_rng(0))


KERNELS = Kernels()


#: The kernels a model's weeks use (explaining by decision uses a few more).
MODEL_KERNELS: tuple[str, ...] = ("weeks", "means", "apply_rows")


def warm_up(names: tuple[str, ...] = MODEL_KERNELS) -> None:
    """Make kernels ready now rather than at the first week: the first run on a machine
    compiles them (several seconds), later ones load numba's cache. The game calls this in a
    background thread at its start, so the player's first quarter does not wait."""
    for name in names:
        KERNELS[name]


def compiled() -> bool:
    """True when the model's week runs compiled (built ahead of time or by numba's JIT)."""
    return KERNELS["weeks"] is not PYTHON["weeks"]
