"""orgsim's simulation library: a Mesa model of a team and the boss who leads and manages it.

Public API:
    OrgModel, run: the model and one headless run as a per-quarter table.
    Decision, OneToOne: a quarter's decision; load_decision_log reads a JSON log.
    load_level, level_names, Level: levels; STRATEGIES, get_strategy: scripted bosses.
    score, stars: a run's stars against its level's goals.
    sweep, plot, compare: many runs in parallel, figures, and paired comparisons.
    lever_table: the levers; COLUMNS, DESCRIPTIONS: the per-quarter table's columns.

Every name is imported on first use (PEP 562), and so is every submodule (`sim.levels`):
`import sim` loads neither Mesa, pandas nor the analysis, so `orgsim --help`, `orgsim levels`
and scripts that need one corner of the library start in a blink (issue 12).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.8.0"

#: Each public name, in `__all__`'s order -> the module that defines it.
_EXPORTS: dict[str, str] = {
    "COLUMNS": "sim.metrics",
    "DESCRIPTIONS": "sim.metrics",
    "STRATEGIES": "sim.strategies",
    "Decision": "sim.decisions",
    "DecisionError": "sim.errors",
    "Departure": "sim.model",
    "Explanation": "sim.explain",
    "GoalResult": "sim.scoring",
    "Level": "sim.levels",
    "LevelError": "sim.errors",
    "Lever": "sim.levers",
    "OneToOne": "sim.decisions",
    "OrgModel": "sim.model",
    "OrgsimError": "sim.errors",
    "StrategyError": "sim.errors",
    "WhatIf": "sim.whatif",
    "compare": "sim.analysis.compare",
    "get_strategy": "sim.strategies",
    "level_names": "sim.levels",
    "lever_table": "sim.levers",
    "load_decision_log": "sim.decisions",
    "load_level": "sim.levels",
    "plot": "sim.analysis.plot",
    "run": "sim.runner",
    "score": "sim.scoring",
    "stars": "sim.scoring",
    "sweep": "sim.analysis.sweep",
    "validate_decision": "sim.decisions",
    "what_if": "sim.whatif",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    """A public name, or a submodule (`sim.levels`), imported the first time it is asked for.

    Why submodules too: `import sim` used to import most of them, so `import sim` followed by
    `sim.levels.load_level(...)` worked; Python binds a submodule on its package only once
    something imports it."""
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    elif not name.startswith("_"):
        try:
            value = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise       # the submodule exists but something it imports is missing
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value     # later look-ups find it without calling __getattr__
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
