"""orgsim's simulation library: a Mesa model of a team and the boss who leads and manages it.

Public API:
    OrgModel, run: the model and one headless run as a per-quarter table.
    Decision, OneToOne: a quarter's decision; load_decision_log reads a JSON log.
    load_level, level_names, Level: levels; STRATEGIES, get_strategy: scripted bosses.
    score, stars: a run's stars against its level's goals.
    sweep, plot, compare: many runs in parallel, figures, and paired comparisons.
    lever_table: the levers; COLUMNS, DESCRIPTIONS: the per-quarter table's columns.
"""

from sim.analysis import compare, plot, sweep
from sim.decisions import Decision, OneToOne, load_decision_log, validate_decision
from sim.errors import DecisionError, LevelError, OrgsimError, StrategyError
from sim.explain import Explanation
from sim.levels import Level, level_names, load_level
from sim.levers import Lever, lever_table
from sim.metrics import COLUMNS, DESCRIPTIONS
from sim.model import Departure, OrgModel
from sim.runner import run
from sim.scoring import GoalResult, score, stars
from sim.strategies import STRATEGIES, get_strategy
from sim.whatif import WhatIf, what_if

__version__ = "0.5.0"
__all__ = [
    "COLUMNS",
    "DESCRIPTIONS",
    "STRATEGIES",
    "Decision",
    "DecisionError",
    "Departure",
    "Explanation",
    "GoalResult",
    "Level",
    "LevelError",
    "Lever",
    "OneToOne",
    "OrgModel",
    "OrgsimError",
    "StrategyError",
    "WhatIf",
    "compare",
    "get_strategy",
    "level_names",
    "lever_table",
    "load_decision_log",
    "load_level",
    "plot",
    "run",
    "score",
    "stars",
    "sweep",
    "validate_decision",
    "what_if",
]
