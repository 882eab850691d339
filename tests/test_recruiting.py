"""Recruits on their way (sim/recruiting.py): hired now, they arrive the given number of weeks
later, whether the weeks are played one by one or passed in a span."""

from __future__ import annotations

import sim
from sim.recruiting import Recruiting


def test_recruits_arrive_after_their_weeks_played_one_by_one_or_passed() -> None:
    pipeline = Recruiting()
    assert len(pipeline) == 0 and pipeline.weeks_to_next() is None and pipeline.arrive() == 0
    pipeline.hire(3, 6)
    pipeline.hire(2, 6)
    assert len(pipeline) == 5 and pipeline.weeks_to_next() == 6
    assert [pipeline.arrive() for _ in range(5)] == [0] * 5
    pipeline.hire(1, 2)                       # due before the first five
    assert pipeline.weeks_to_next() == 1
    assert pipeline.arrive() == 5              # the sixth week: the first five
    assert pipeline.weeks_to_next() == 1 and len(pipeline) == 1
    assert pipeline.arrive() == 1 and len(pipeline) == 0
    pipeline.hire(4, 3)
    pipeline.pass_weeks(2)                     # a span of two weeks nobody arrives in
    assert pipeline.weeks_to_next() == 1 and pipeline.arrive() == 4


def test_a_hire_with_no_delay_arrives_at_the_next_week() -> None:
    pipeline = Recruiting()
    pipeline.hire(2, 0)
    pipeline.hire(0, 1)                        # nobody: nothing is due
    assert len(pipeline) == 2 and pipeline.weeks_to_next() == 1 and pipeline.arrive() == 2


def test_quitters_are_replaced_the_levels_hiring_weeks_later() -> None:
    """On the knowledge team (hiring takes 6 weeks), each week's joiners are the quitters of
    the week five weeks before (the quit is booked at the end of its week, then that week's
    arrivals count down), played week by week or in spans (whose leavers and joiners the
    compiled weeks play), as the weekly record shows."""
    for span in (False, True):
        model = sim.OrgModel("knowledge_team", strategy="manager", seed=4, team_size=300,
                             quarters=2)
        while model.running:
            model._play() if span else model.step()
        weekly = model.datacollector.get_model_vars_dataframe()
        assert list(weekly["steps"]) == list(range(1, 27))
        quits = weekly["total_quits"].diff().fillna(weekly["total_quits"]).astype(int).tolist()
        joins = weekly["total_hires"].diff().fillna(weekly["total_hires"]).astype(int).tolist()
        assert sum(quits) > 10
        hiring = model.level.team.hiring_weeks
        assert hiring == 6
        for week, n in enumerate(joins):
            assert n == (quits[week - hiring + 1] if week >= hiring - 1 else 0), (span, week)
