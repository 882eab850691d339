"""Small statistics for plots and comparisons: t intervals and a paired sign-flip test.

Why not scipy: two numbers are needed (a t quantile for 95% intervals and a paired test), and a
t table plus an exact randomisation test are short, dependency-free and easy to check; the
sign-flip test also assumes nothing about the shape of the differences.
"""

from __future__ import annotations

import itertools

import numpy as np

#: Two-sided 95% quantiles of Student's t by degrees of freedom (standard tables).
_T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
        9: 2.262, 10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131,
        16: 2.120, 17: 2.110, 18: 2.101, 19: 2.093, 20: 2.086, 21: 2.080, 22: 2.074,
        23: 2.069, 24: 2.064, 25: 2.060, 26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045,
        30: 2.042, 40: 2.021, 60: 2.000, 120: 1.980}
_Z95 = 1.960
EXACT_UP_TO = 16          # enumerate all 2**n sign patterns up to this many pairs
ROUNDS = 20_000           # random sign patterns beyond that (seeded, so results repeat)


def t95(df: int) -> float:
    """The two-sided 95% t quantile, interpolated in 1/df between table rows."""
    if df < 1:
        return float("nan")
    if df in _T95:
        return _T95[df]
    rows = sorted(_T95)
    if df > rows[-1]:
        lo_df, lo_t, hi_inv, hi_t = rows[-1], _T95[rows[-1]], 0.0, _Z95
    else:
        lo_df = max(r for r in rows if r < df)
        hi_df = min(r for r in rows if r > df)
        lo_t, hi_inv, hi_t = _T95[lo_df], 1.0 / hi_df, _T95[hi_df]
    lo_inv = 1.0 / lo_df
    return hi_t + (lo_t - hi_t) * (1.0 / df - hi_inv) / (lo_inv - hi_inv)


def mean_ci(values: np.ndarray) -> tuple[float, float, float]:
    """Mean and 95% t interval of the mean (NaN bounds with fewer than two values)."""
    values = np.asarray(values, dtype=float)
    n = len(values)
    if n == 0:
        return float("nan"), float("nan"), float("nan")
    mean = float(values.mean())
    if n < 2:
        return mean, float("nan"), float("nan")
    half = t95(n - 1) * float(values.std(ddof=1)) / np.sqrt(n)
    return mean, mean - half, mean + half


def sign_flip_p(diffs: np.ndarray, seed: int = 0) -> float:
    """Two-sided p-value that paired differences centre on zero (randomisation test).

    Under no difference each pair's sign is a coin flip; p is the share of sign patterns whose
    mean is at least as far from zero as the observed one: exact up to EXACT_UP_TO pairs, else
    from ROUNDS seeded random patterns.
    """
    diffs = np.asarray(diffs, dtype=float)
    n = len(diffs)
    observed = abs(diffs.mean()) if n else 0.0
    if n == 0 or observed == 0.0:
        return 1.0
    tolerance = 1e-12 * max(1.0, float(np.abs(diffs).max()))
    if n <= EXACT_UP_TO:
        signs = np.array(list(itertools.product((1.0, -1.0), repeat=n)))
        means = np.abs(signs @ diffs) / n
        return float(np.mean(means >= observed - tolerance))
    rng = np.random.default_rng(seed)
    hits = 0
    for start in range(0, ROUNDS, 2_000):
        block = min(2_000, ROUNDS - start)
        signs = rng.choice((1.0, -1.0), size=(block, n))
        hits += int(np.sum(np.abs(signs @ diffs) / n >= observed - tolerance))
    return (hits + 1) / (ROUNDS + 1)
