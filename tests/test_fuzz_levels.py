"""Fuzz: level files. Mutations of the real levels/*.toml (values, types, keys, lists, nesting,
raw bytes) through `sim.load_level` + two quarters of `sim.OrgModel`, and through `orgsim run`.

A refusal is one OrgsimError sentence naming the file; an accepted level must play soundly
(no NaN, shares on 0-1, exact explanations). See tests/fuzz_helpers.py for the rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzz_cases import (
    level_byte_recipes,
    level_case,
    level_cli_case,
    level_text,
    level_tree_recipes,
    raw_or_tree,
)
from fuzz_helpers import assert_ok, fuzz_settings, guarded, make_special
from hypothesis import given

import sim


@fuzz_settings(220)
@given(recipe=level_tree_recipes)
@pytest.mark.slow
def test_mutated_level_trees_are_refused_in_one_sentence_or_play_soundly(recipe, tmp_path):
    assert_ok(level_case(level_text(recipe, raw=False), tmp_path), recipe)


@fuzz_settings(120)
@given(recipe=level_byte_recipes)
def test_mutated_level_bytes_are_refused_in_one_sentence_or_play_soundly(recipe, tmp_path):
    assert_ok(level_case(level_text(recipe, raw=True), tmp_path), recipe)


@pytest.mark.parametrize("kind", ["folder", "fifo", "dev_null", "dev_zero_link", "dangling",
                                  "proc", "missing"])
def test_a_level_path_that_is_no_regular_file_is_refused_at_once(kind, tmp_path):
    path = make_special(tmp_path, ".toml", kind)
    level, outcome = guarded(lambda: sim.load_level(str(path)), (sim.OrgsimError,),
                             seconds=5)
    assert level is None
    assert outcome.kind == "refused", outcome


@pytest.mark.slow
@fuzz_settings(5, shrink=False)
@given(case=raw_or_tree(level_byte_recipes, level_tree_recipes))
def test_mutated_levels_through_the_command_line(case, tmp_path: Path):
    raw, recipe = case
    assert_ok(level_cli_case(level_text(recipe, raw=raw), tmp_path), case)
