"""How much people's output differs within a team, beside Hunter, Schmidt & Judiesch (1990).

Why: `sim.workforce.ABILITY_SD` is set so that the model's total spread of individual output
(skill, fit to strengths and ability together) matches the published spread by job complexity;
this measures it, so a change to any of those parts shows up here and in tests/test_ability.py.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

import numpy as np

from sim.events import WEEKS_PER_QUARTER
from sim.model import OrgModel

#: Hunter, Schmidt & Judiesch (1990): sd of individual output as a share of the mean, by the
#: complexity of the job (non-sales jobs).
HUNTER_1990 = {"low complexity": 0.19, "medium complexity": 0.32, "high complexity": 0.48}


def within_team_spread(level: str, boss: str = "balanced", seeds: Iterable[int] = range(20),
                       quarter: int = 4) -> float:
    """Mean over seeds of sd / mean of the quarter's output of the people present the whole
    quarter, at the end of `quarter`."""
    spreads = []
    for seed in seeds:
        model = OrgModel(level, strategy=boss, seed=seed)
        for _ in range(quarter):
            model.run_quarter()
        wf = model.workforce
        output = wf.quarter_output[wf.tenure >= WEEKS_PER_QUARTER]
        spreads.append(float(output.std() / output.mean()))
    return float(np.mean(spreads))


def main(levels: list[str]) -> None:
    """Print each level's spread beside the published ones."""
    print("published (Hunter, Schmidt & Judiesch 1990): "
          + ", ".join(f"{k} {v:.0%}" for k, v in HUNTER_1990.items()))
    for level in levels:
        knowledge = OrgModel(level, strategy="balanced", seed=0).level.knowledge_share
        print(f"{level:<18} knowledge share {knowledge:.2f}  "
              f"within-team sd of output {within_team_spread(level):.0%} of the mean")


if __name__ == "__main__":
    main(sys.argv[1:] or ["factory_floor", "turnaround", "knowledge_team", "startup"])
