"""No level has an exploit: `orgsim balance` on every level, with a small budget, finds no
degenerate policy (all on one lever, never spend, hire the maximum, let everyone go,
one-to-ones only) that reaches the best scripted boss's stars on the held-out seeds."""

from __future__ import annotations

import pytest

from sim.analysis.balance import balance


@pytest.mark.slow
def test_no_level_has_an_exploit() -> None:
    report = balance(None, budget=60, seeds="1,2", holdout="9000..9004", jobs=2,
                     universal_budget=0)
    found = {lb.level: [(name, next(d.stars for d in lb.degenerate if d.name == name))
                        for name in lb.exploits] + [(f"best boss {lb.best_boss}",
                                                     lb.best_boss_stars)]
             for lb in report.levels if lb.exploits}
    assert not found, f"exploits (policy, held-out stars): {found}"
