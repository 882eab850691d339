"""NumPy's own sums, means and clips on a team's arrays, without the Python layers numpy wraps
them in, bit for bit the same.

Why: in a team of 12 a week is a few hundred numpy calls on short arrays, so each call's fixed
cost is most of the week's (issue 12); `x.mean()` passes through three Python functions before
the sum it does, np.clip through four. These call the same ufuncs directly.
"""

from __future__ import annotations

import numpy as np

try:
    from numpy._core.umath import clip as _clip_ufunc
except ImportError:     # numpy 1.x
    from numpy.core.umath import clip as _clip_ufunc


def clip(x: np.ndarray, low: float, high: float) -> np.ndarray:
    """`np.clip(x, low, high)`: the ufunc np.clip ends in."""
    return _clip_ufunc(x, low, high)


def total(x: np.ndarray) -> float:
    """`float(x.sum())` of a 1-D float array (the same pairwise sum)."""
    return float(np.add.reduce(x))


def mean(x: np.ndarray) -> float:
    """`float(x.mean())` of a non-empty 1-D float array: np.mean is the same sum divided by the
    count."""
    return float(np.add.reduce(x)) / len(x)
