"""`orgsim validate --json`: every row of every check as one JSON document.

Why apart: the rows are the contract a calibration script or CI reads (name, model, published,
band, holds, source), so their shape lives once, here, and the command only writes the file
through the project's output rule (sim.outputs).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any

from sim.analysis.checks import CheckResult, Settings

#: The keys of every row, in order.
ROW_KEYS = ("check", "name", "model", "published", "band", "holds", "source", "figures")


def _number(x: Any) -> Any:
    """A finite float as is, anything non-finite as None (JSON has no NaN or infinity)."""
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    return x


def rows(results: Sequence[CheckResult]) -> list[dict[str, Any]]:
    """One row per comparison: the published ones with their band and source; the claims' rows
    with their rule as the band and their figures (no published figure)."""
    out = []
    for check in results:
        for c in check.comparisons:
            band: Any = check.rule if c.band is None else [_number(b) for b in c.band]
            out.append({
                "check": check.name,
                "name": c.label,
                "model": _number(c.model),
                "published": _number(c.published),
                "band": band,
                "holds": bool(c.holds),
                "source": c.source if c.source is not None else f"the seed's claim: {check.claim}",
                "figures": {k: _number(float(v)) for k, v in c.figures.items()},
            })
    return out


def document(results: Sequence[CheckResult], settings: Settings,
             seconds: float | None = None) -> dict[str, Any]:
    """The whole JSON document: settings, each check's verdict, and every row."""
    from sim import __version__

    return {
        "orgsim_version": __version__,
        "settings": dataclasses.asdict(settings),
        "seconds": seconds,
        "checks": [{"name": c.name, "holds": c.holds, "claim": c.claim, "rule": c.rule}
                   for c in results],
        "rows": rows(results),
        "held": sum(c.holds for c in results),
        "total": len(results),
    }
