"""The fuzz suite's own rules, checked on inputs whose verdict is known: a judge that passed
everything would make every fuzz test pass."""

from __future__ import annotations

import math
import time
import tomllib

from fuzz_helpers import (
    Deep,
    Long,
    Raw,
    apply_op,
    guarded,
    judge_cli,
    model_outcome,
    table_problems,
    to_json,
    to_toml,
)

import sim


def test_the_table_check_finds_nan_shares_off_0_1_and_negative_counts():
    frame = sim.run("tutorial", "balanced", 1, quarters=2)
    assert table_problems(frame) == []
    for column, value in (("morale", math.nan), ("trust", 1.2), ("headcount", -1),
                          ("cost", -0.5)):
        broken = frame.copy()
        broken.loc[0, column] = value
        assert table_problems(broken), column


def test_an_explanation_that_does_not_add_up_is_found():
    model = sim.OrgModel("tutorial", strategy="balanced", seed=1)
    model.run_quarter()
    assert model_outcome(model).kind == "accepted"
    model.explainer.records[1].end[0] += 1e-6
    assert model_outcome(model).kind == "data"


def test_a_refusal_must_be_one_short_line_naming_the_file(tmp_path):
    path = tmp_path / "x.toml"
    cases = {f"{path}: bad key": "refused", "bad key": "message",
             f"{path}: bad\nkey": "message", f"{path}: " + "x" * 400: "message", "": "message"}
    for text, kind in cases.items():
        def fail(text=text):
            raise sim.LevelError(text)

        assert guarded(fail, (sim.LevelError,), path)[1].kind == kind, text


def test_other_errors_are_tracebacks_and_a_slow_case_is_a_hang():
    assert guarded(lambda: 1 / 0, (sim.OrgsimError,))[1].kind == "traceback"
    assert guarded(lambda: time.sleep(5), (), seconds=0.2)[1].kind == "hang"
    assert guarded(lambda: bytearray(8 << 30), ())[1].detail.startswith("MemoryError")


def test_the_command_line_verdicts():
    assert judge_cli(0, "").kind == "accepted"
    assert judge_cli(1, "orgsim: error: x.toml: bad key\n").kind == "refused"
    assert judge_cli(1, "Traceback (most recent call last):\nValueError: x\n").kind == \
        "traceback"
    assert judge_cli(1, "orgsim: error: a\norgsim: error: b\n").kind == "message"
    assert judge_cli(-9, "").kind == "traceback"


def test_the_writers_round_trip_odd_values_through_the_real_parsers():
    tree = {"a": [1, 2.5, -0.0, "é\n\"\\"], "b": {"c": True, "": 10**400}, "d": 1e308}
    assert tomllib.loads(to_toml(tree)) == tree
    assert math.isnan(tomllib.loads(to_toml({"x": math.nan}))["x"])
    assert tomllib.loads(to_toml({"x": Deep(5).make()}))["x"] == [[[[[1]]]]]
    assert to_json({"x": Raw("NaN"), "y": [Raw("1e400")]}) == '{"x": NaN, "y": [1e400]}'
    tree = {"events": [{"id": "a"}], "name": "n"}
    apply_op(tree, ("dup", ("events", 0)))
    apply_op(tree, ("set", ("name",), Long("x", 3)))
    apply_op(tree, ("nest", ("events",), 2))
    assert tree == {"events": [[[{"id": "a"}, {"id": "a"}]]], "name": "xxx"}
