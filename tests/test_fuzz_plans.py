"""Fuzz: TOML sweep plans. Plan files mutated as trees and as bytes through
`sim.analysis.plan.load_plan`: only OrgsimError subclasses (SweepError) may refuse them, in one
sentence naming the file; an accepted plan has a size and writes as JSON metadata."""

from __future__ import annotations

import pytest
from fuzz_cases import plan_byte_recipes, plan_case, plan_text, plan_tree_recipes
from fuzz_helpers import assert_ok, fuzz_settings, guarded, make_special
from hypothesis import given


@fuzz_settings(150)
@given(recipe=plan_tree_recipes)
def test_mutated_plan_trees_are_refused_in_one_sentence_or_sound(recipe, tmp_path):
    assert_ok(plan_case(plan_text(recipe, raw=False), tmp_path), recipe)


@fuzz_settings(80)
@given(recipe=plan_byte_recipes)
def test_mutated_plan_bytes_are_refused_in_one_sentence_or_sound(recipe, tmp_path):
    assert_ok(plan_case(plan_text(recipe, raw=True), tmp_path), recipe)


@pytest.mark.parametrize("kind", ["folder", "fifo", "dev_null", "dev_zero_link", "dangling",
                                  "missing"])
def test_a_plan_path_that_is_no_regular_file_is_refused_at_once(kind, tmp_path):
    import sim
    from sim.analysis.plan import load_plan

    path = make_special(tmp_path, ".toml", kind)
    plan, outcome = guarded(lambda: load_plan(path), (sim.OrgsimError,), seconds=5)
    assert plan is None
    assert outcome.kind == "refused", outcome
