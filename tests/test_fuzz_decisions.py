"""Fuzz: decision logs and Decision objects. JSON logs built from the real lever ids, worker ids
and event choices, with odd values (NaN, 1e400, lists, bools, strings, negatives, huge counts)
and odd lengths, through `sim.load_decision_log` + a replay in `sim.OrgModel` (what `sim.run`
does), and through `orgsim run --decisions`; Decision objects with wrong types through
`OrgModel.set_decision`, where only DecisionError may refuse them.
"""

from __future__ import annotations

import pytest
from fuzz_cases import (
    decision_log_case,
    decision_log_cli_case,
    decision_logs,
    direct_decision_case,
    direct_decisions,
    log_text,
)
from fuzz_helpers import assert_ok, fuzz_settings, guarded, make_special
from hypothesis import given

import sim


@fuzz_settings(150)
@given(case=decision_logs())
@pytest.mark.slow
def test_decision_logs_are_refused_in_one_sentence_or_replay_soundly(case, tmp_path):
    level, log = case
    assert_ok(decision_log_case(level, log_text(log), tmp_path), case)


@fuzz_settings(150)
@given(kwargs=direct_decisions())
def test_decision_objects_with_wrong_types_raise_only_decision_error(kwargs):
    assert_ok(direct_decision_case(kwargs), kwargs)


@pytest.mark.parametrize("kind", ["folder", "fifo", "dev_null", "dev_zero_link", "dangling",
                                  "proc", "missing"])
def test_a_decision_log_path_that_is_no_regular_file_is_refused_at_once(kind, tmp_path):
    path = make_special(tmp_path, ".json", kind)
    log, outcome = guarded(lambda: sim.load_decision_log(path), (sim.DecisionError,),
                           seconds=5)
    assert log is None
    assert outcome.kind == "refused", outcome


@pytest.mark.slow
@fuzz_settings(4, shrink=False)
@given(case=decision_logs())
def test_decision_logs_through_the_command_line(case, tmp_path):
    level, log = case
    assert_ok(decision_log_cli_case(level, log_text(log), tmp_path), case)
