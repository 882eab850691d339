"""`sim.run`: one headless run of a level as a per-quarter table."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from sim.decisions import Decision
from sim.levels import Level
from sim.model import OrgModel


def run(level: str | Path | Level = "knowledge_team", strategy: Any = "balanced",
        seed: int | None = 0, decisions: Sequence[Decision] | None = None,
        **overrides: Any) -> pd.DataFrame:
    """Play a whole level headless and return one row per quarter.

    Give a `strategy` (name or object) or a `decisions` log to replay (then strategy is ignored).
    Overrides replace level parameters, as for `OrgModel`.
    """
    model = OrgModel(level, strategy=None if decisions is not None else strategy, seed=seed,
                     decisions=decisions, **overrides)
    return model.run()
