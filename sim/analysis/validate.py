"""The model's checks of DESIGN.md section 3: the six claims, a meta-analysis and experiments.

Why: this is the one entry point (`validate`, `iter_checks`) for `orgsim validate` and for
callers of the Python API; the work is split by job and re-exported here, so
`from sim.analysis.validate import ...` keeps working for every name:

- sim.analysis.checks: settings, result objects and the paired comparison rule (`WIN_SHARE`).
- sim.analysis.seed_runs: the bosses' runs over the seeds, shared between checks.
- sim.analysis.claims: the six claims, with their scripted bosses.
- sim.analysis.field: the field-like sampler of bosses and teams (fixed, with its estimand).
- sim.analysis.meta_analysis: field-like correlations, criterion by criterion, against published
  figures (Judge & Piccolo 2004, Siegel et al. 2022, Cerasoli et al. 2014, 2016).
- sim.analysis.experiments: controlled virtual experiments, Cohen's d against published ones.

Every check returns a `CheckResult`; nothing here tunes the model.
"""

from __future__ import annotations

from collections.abc import Iterator

from sim.analysis.checks import (
    DEFAULT,
    QUICK,
    SEED_BLOCKS,
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
from sim.analysis.experiments import EXPERIMENT_RULE, EXPERIMENTS, Experiment, virtual_experiments
from sim.analysis.field import (
    FIELD,
    FieldSample,
    FieldSampler,
    draw_styles,
    field_sample,
    field_teams,
)
from sim.analysis.meta_analysis import (
    BAND,
    FIELD_EVIDENCE,
    JUDGE_PICCOLO_2004,
    META_RULE,
    FieldEvidence,
    correlations,
    in_band,
    meta_analysis,
)
from sim.analysis.seed_runs import Runs

__all__ = [
    "BAND",
    "CATCH_UP_BY",
    "CLAIMS",
    "CONTROL",
    "DEFAULT",
    "EXPERIMENTS",
    "EXPERIMENT_RULE",
    "FACTORY",
    "FIELD",
    "FIELD_EVIDENCE",
    "GRADIENT",
    "JUDGE_PICCOLO_2004",
    "KNOWLEDGE",
    "LOW_HIGH",
    "META_RULE",
    "NO_STRENGTHS",
    "QUICK",
    "SEED_BLOCKS",
    "WIN_SHARE",
    "CheckResult",
    "Comparison",
    "Experiment",
    "FieldEvidence",
    "FieldSample",
    "FieldSampler",
    "Runs",
    "Settings",
    "correlations",
    "draw_styles",
    "era_matters",
    "field_sample",
    "field_teams",
    "in_band",
    "iter_checks",
    "leadership_pays_over_time",
    "management_pays_quickly",
    "meta_analysis",
    "neglect_is_worst",
    "paired",
    "strengths_matter",
    "together_is_best",
    "validate",
    "virtual_experiments",
    "worst",
]


def iter_checks(settings: Settings = DEFAULT) -> Iterator[CheckResult]:
    """Run the checks one by one (so a caller can print each as it finishes)."""
    runs = Runs(settings)
    for check in CLAIMS:
        yield check(runs)
    yield meta_analysis(settings)
    yield virtual_experiments(settings)


def validate(settings: Settings = DEFAULT) -> list[CheckResult]:
    """Run every check of DESIGN.md section 3 and return the results."""
    return list(iter_checks(settings))
