"""The model's checks of DESIGN.md section 3: the seed's six claims and a virtual meta-analysis.

Why: this is the one entry point (`validate`, `iter_checks`) for `orgsim validate` and for
callers of the Python API; the work is split by job and re-exported here, so
`from sim.analysis.validate import ...` keeps working for every name:

- sim.analysis.checks: settings, result objects and the paired comparison rule (`WIN_SHARE`).
- sim.analysis.seed_runs: the bosses' runs over the seeds, shared between checks.
- sim.analysis.claims: the six claims, with their scripted bosses.
- sim.analysis.meta_analysis: random lever mixes correlated against published figures.

Every check returns a `CheckResult`; nothing here tunes the model.
"""

from __future__ import annotations

from collections.abc import Iterator

from sim.analysis.checks import (
    DEFAULT,
    QUICK,
    WIN_SHARE,
    CheckResult,
    Comparison,
    Settings,
    paired,
    worst,
)
from sim.analysis.claims import (
    CATCH_UP_BY,
    CLAIMS,
    CONTROL,
    FACTORY,
    GRADIENT,
    KNOWLEDGE,
    LOW_HIGH,
    NO_STRENGTHS,
    era_matters,
    leadership_pays_over_time,
    management_pays_quickly,
    neglect_is_worst,
    strengths_matter,
    together_is_best,
)
from sim.analysis.meta_analysis import (
    EVIDENCE,
    META_RULE,
    MIN_EFFECT,
    NEAR_ZERO,
    ZERO_BAND,
    Evidence,
    agrees,
    meta_analysis,
    virtual_teams,
)
from sim.analysis.seed_runs import Runs

__all__ = [
    "CATCH_UP_BY",
    "CLAIMS",
    "CONTROL",
    "DEFAULT",
    "EVIDENCE",
    "FACTORY",
    "GRADIENT",
    "KNOWLEDGE",
    "LOW_HIGH",
    "META_RULE",
    "MIN_EFFECT",
    "NEAR_ZERO",
    "NO_STRENGTHS",
    "QUICK",
    "WIN_SHARE",
    "ZERO_BAND",
    "CheckResult",
    "Comparison",
    "Evidence",
    "Runs",
    "Settings",
    "agrees",
    "era_matters",
    "iter_checks",
    "leadership_pays_over_time",
    "management_pays_quickly",
    "meta_analysis",
    "neglect_is_worst",
    "paired",
    "strengths_matter",
    "together_is_best",
    "validate",
    "virtual_teams",
    "worst",
]


def iter_checks(settings: Settings = DEFAULT) -> Iterator[CheckResult]:
    """Run the checks one by one (so a caller can print each as it finishes)."""
    runs = Runs(settings)
    for check in CLAIMS:
        yield check(runs)
    yield meta_analysis(settings)


def validate(settings: Settings = DEFAULT) -> list[CheckResult]:
    """Run every check of DESIGN.md section 3 and return the results."""
    return list(iter_checks(settings))
