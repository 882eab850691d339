"""Fuzz: save files. Real saves (game.session.Session.to_save) mutated as trees and as bytes,
loaded with `game.saves.load_save` (only FileRefusedError or OrgsimError, naming the file) and
listed with `game.saves.list_saves` (never an exception, never a hang); an accepted save must
play on soundly.
"""

from __future__ import annotations

import pytest
from fuzz_cases import save_case, save_seed_bytes, save_text, save_trees
from fuzz_helpers import assert_ok, byte_recipe, fuzz_settings, guarded, make_special, tree_recipe
from hypothesis import given
from hypothesis import strategies as st


@fuzz_settings(140)
@given(data=st.data())
def test_mutated_save_trees_are_refused_in_one_sentence_or_play_on(data, tmp_path):
    recipe = data.draw(tree_recipe(save_trees()))
    assert_ok(save_case(save_text(recipe, raw=False), tmp_path), recipe)


@fuzz_settings(80)
@given(data=st.data())
def test_mutated_save_bytes_are_refused_in_one_sentence_or_play_on(data, tmp_path):
    recipe = data.draw(byte_recipe(save_seed_bytes()))
    assert_ok(save_case(save_text(recipe, raw=True), tmp_path), recipe)


@pytest.mark.parametrize("kind", ["fifo", "dev_zero_link", "folder", "dangling"])
def test_a_save_folder_holding_no_regular_file_lists_and_loads_without_hanging(kind, tmp_path):
    from game.jsonfile import FileRefusedError
    from game.saves import list_saves, load_save

    path = make_special(tmp_path / "saves", ".json", kind)
    _, outcome = guarded(lambda: list_saves(path.parent), (), seconds=5)
    assert outcome.ok, outcome
    session, outcome = guarded(lambda: load_save(path), (FileRefusedError,), path.name,
                               seconds=5)
    assert session is None
    assert outcome.kind == "refused", outcome
