"""Property tests: over random legal play the model never leaves its ranges.

Hypothesis draws each quarter's decision from the lever table and the level's actions, with
worker ids taken from the team as it is at that moment, over 25 runs of 40 quarters (1,000
quarters in all, small teams to stay fast). After every week: no NaN, every 0-1 worker and team
variable in range, headcount never negative; after every quarter: the table's 0-1 columns in
range and hires - quits - let_go equal to the change in headcount.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim
from sim import Decision, OneToOne, lever_table
from sim.decisions import BONUS_POLICIES, ONE_TO_ONE_ACTIONS
from sim.model import OrgModel

QUARTERS = 40
RUNS = 25                     # RUNS x QUARTERS = 1,000 quarters
TEAM_STOCKS = ("coordination", "process", "innovation", "safety")
UNIT_COLUMNS = ("morale", "trust", "skill", "exhaustion", "intrinsic", "extrinsic", "autonomy",
                "competence", "relatedness", "fit", "safety", "process", "coordination",
                "innovation", "knowledge_share", "leadership_share", "neglect")


@st.composite
def decisions(draw: st.DrawFn, model: OrgModel) -> Decision:
    """A legal decision for this model's level and its team right now."""
    level, acts = model.level, model.level.actions
    ids = [w.unique_id for w in model.workers]
    budget = level.attention_budget
    let_go = draw(st.lists(st.sampled_from(ids), unique=True, max_size=2)) \
        if acts.let_go and ids else []
    staying = [i for i in ids if i not in let_go]
    ones: list[OneToOne] = []
    if acts.one_to_one and staying:
        most = int(budget // acts.one_to_one_cost) if acts.one_to_one_cost else 3
        ones = draw(st.lists(st.builds(OneToOne, st.sampled_from(ONE_TO_ONE_ACTIONS),
                                       st.sampled_from(staying)), max_size=min(3, most)))
    left = budget - acts.one_to_one_cost * len(ones)
    levers = lever_table().ids
    weights = draw(st.lists(st.integers(0, 4), min_size=len(levers), max_size=len(levers)))
    spend = draw(st.integers(0, 10)) / 10 * max(left, 0.0)
    total = sum(weights)
    attention = ({lid: spend * w / total for lid, w in zip(levers, weights, strict=True) if w}
                 if total > 0 else {})
    choosing = [e for e in level.events if e.choices]
    answered = draw(st.lists(st.sampled_from(choosing), unique_by=lambda e: e.id, max_size=2)
                    if choosing else st.just([]))
    return Decision(
        attention=attention,
        hire=draw(st.integers(0, acts.max_hires)) if acts.hire else 0,
        let_go=tuple(let_go),
        training=draw(st.integers(0, 4)) / 4 if acts.training else 0.0,
        bonus=draw(st.sampled_from(BONUS_POLICIES)) if acts.bonus else "none",
        one_to_one=tuple(ones),
        responses={e.id: draw(st.sampled_from([c.id for c in e.choices])) for e in answered},
    )


def assert_state_in_range(model: OrgModel) -> None:
    """Worker arrays and team stocks: finite and within 0-1; headcount not negative."""
    wf = model.workforce
    assert len(wf) >= 0 and model.headcount == len(wf) == len(model.agents)
    for name, values in wf.arrays.items():
        assert np.isfinite(values).all(), f"NaN or inf in worker {name}"
        assert ((values >= 0.0) & (values <= 1.0)).all(), f"worker {name} out of 0-1"
    for name in TEAM_STOCKS:
        value = getattr(model.stocks, name)
        assert np.isfinite(value) and 0.0 <= value <= 1.0, f"team {name} = {value}"
    for value in (model.week_output, model.week_cost, model.output_cum):
        assert np.isfinite(value) and value >= 0.0


def assert_table_sound(table: pd.DataFrame, start_headcount: int) -> None:
    """The per-quarter table: no NaN, 0-1 columns in range, headcount accounting adds up."""
    numbers = table.select_dtypes("number")
    assert np.isfinite(numbers.to_numpy(dtype=float)).all()
    for column in UNIT_COLUMNS:
        assert table[column].between(0.0, 1.0).all(), column
    assert (table["headcount"] >= 0).all()
    before = np.concatenate([[start_headcount], table["headcount"].to_numpy()[:-1]])
    change = table["headcount"].to_numpy() - before
    np.testing.assert_array_equal(change, table["hires"] - table["quits"] - table["let_go"])


@settings(max_examples=RUNS, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example])
@given(level=st.sampled_from(sim.level_names()), team_size=st.integers(2, 12),
       knowledge_share=st.floats(0.0, 1.0), seed=st.integers(0, 2**32 - 1), data=st.data())
@pytest.mark.slow
def test_random_play_stays_in_range(level: str, team_size: int, knowledge_share: float,
                                    seed: int, data: st.DataObject) -> None:
    model = OrgModel(level, seed=seed, team_size=team_size, knowledge_share=knowledge_share,
                     quarters=QUARTERS)
    assert_state_in_range(model)
    while model.running:
        model.set_decision(data.draw(decisions(model)))
        for _ in range(13):
            model.step()
            assert_state_in_range(model)
    table = model.table()
    assert len(table) == QUARTERS
    assert_table_sound(table, team_size)

