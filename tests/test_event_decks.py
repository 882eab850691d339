"""The main levels' event decks test judgement: at least ten events in every run, spread over
the whole level, a crisis late on, and answers that neither name their side nor always favour
one side (issue 10, "Events that test judgement").

Deck placement is read from a real model's deck (drawn from its seed when it is built); the
answers are weighed by playing the level with one card's answer forced (slow)."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from test_levels import GOOD

import sim
from sim.analysis.balance_plans import run_score
from sim.errors import LevelError
from sim.levels import load_level_file
from sim.levers import lever_table
from sim.model import OrgModel
from sim.scoring import score
from sim.strategies import Strategy, get_strategy

MAIN_LEVELS = [name for name in sim.level_names() if not sim.load_level(name).guided]
SEEDS = range(30)
SIDE_WORDS = re.compile(r"\b(lead|leader|leaders|leadership|manag\w*)\b", re.IGNORECASE)


def test_there_are_main_levels():
    assert len(MAIN_LEVELS) >= 6 and "tutorial" not in MAIN_LEVELS


@pytest.mark.parametrize("name", MAIN_LEVELS)
def test_every_run_meets_ten_events_spread_over_the_level_with_a_late_crisis(name: str):
    level = sim.load_level(name)
    late = level.quarters * 2 / 3                    # the last third starts after this point
    for seed in SEEDS:
        deck = OrgModel(level, seed=seed, strategy="balanced").deck
        assert len(deck) >= 10, f"{name} seed {seed}: only {len(deck)} events"
        per_quarter = Counter(e.quarter for e in deck)
        assert set(per_quarter) == set(range(1, level.quarters + 1)), \
            f"{name} seed {seed}: quarters without an event"
        assert max(per_quarter.values()) <= 4, f"{name} seed {seed}: {per_quarter}"
        crises = [e for e in deck if e.card.crisis]
        assert crises and all(e.quarter > late for e in crises), f"{name} seed {seed}"
        assert all((e.quarter, e.week) != (level.quarters, 13) for e in crises), \
            "a crisis on the level's last week could not play out"


@pytest.mark.parametrize("name", MAIN_LEVELS)
def test_the_deck_is_not_the_same_in_every_run(name: str):
    """`between` and `chance` cards move: the order of events cannot be learnt by heart."""
    level = sim.load_level(name)
    decks = {tuple((e.card.id, e.quarter) for e in OrgModel(level, seed=s).deck)
             for s in range(10)}
    assert len(decks) >= 5


@pytest.mark.parametrize("name", MAIN_LEVELS)
def test_answers_do_not_name_their_side(name: str):
    """Labels describe an action; the side is named in the report, after the choice."""
    levers = {name.lower() for lv in lever_table().levers for name in (lv.title, lv.short, lv.id)}
    for card in sim.load_level(name).events:
        for choice in card.choices:
            label = choice.label
            assert not SIDE_WORDS.search(label), f"{card.id}.{choice.id}: {label!r}"
            tag = label.split(":")[0].strip().lower() if ":" in label else ""
            assert tag not in levers, f"{card.id}.{choice.id} is tagged with a lever: {label!r}"
            assert len(label) <= 80, f"{card.id}.{choice.id} is too long for a button"


# --------------------------------------------------------------------------------------------
# The file format: `between` and `crisis`
# --------------------------------------------------------------------------------------------

def _with_card(tmp_path: Path, card: str) -> Path:
    """The tests' probe level (4 quarters) with one more card."""
    path = tmp_path / "probe.toml"
    path.write_text(GOOD + "\n" + card, encoding="utf-8")
    return path


CARD = """
[[events]]
id = "moving_card"
title = "A card that moves"
text = "It comes every run, at a quarter drawn from its range."
{when}
effects = {{ cost = -0.5 }}
"""


def test_a_between_card_comes_every_run_at_a_quarter_of_its_range(tmp_path: Path):
    card_text = CARD.format(when="between = [2, 4]\ncrisis = true")
    level = load_level_file(_with_card(tmp_path, card_text))
    card = next(c for c in level.events if c.id == "moving_card")
    assert card.between == (2, 4) and card.crisis and card.effects["cost"] == -0.5
    quarters = []
    for seed in range(40):
        placed = [e for e in OrgModel(level, seed=seed).deck if e.card.id == "moving_card"]
        assert len(placed) == 1
        quarters.append(placed[0].quarter)
    assert set(quarters) == {2, 3, 4}


@pytest.mark.parametrize("when, words", [
    ("between = [3, 2]", "first < last"),
    ("between = [1]", "two quarters"),
    ("between = [1, 2.5]", "two quarters"),
    ("between = [0, 2]", "1 <= first"),
    ("between = [2, 99]", "two quarters"),
    ("between = [2, 3]\nquarter = 2", "exactly one of"),
    ("quarter = 2\ncrisis = 1", "true or false"),
])
def test_bad_between_and_crisis_are_one_sentence(tmp_path: Path, when: str, words: str):
    with pytest.raises(LevelError) as caught:
        load_level_file(_with_card(tmp_path, CARD.format(when=when)))
    message = str(caught.value)
    assert "probe.toml" in message and words in message


def test_a_between_card_past_the_levels_end_is_refused(tmp_path: Path):
    with pytest.raises(LevelError, match="quarter 5 but the level has only 4 quarters"):
        load_level_file(_with_card(tmp_path, CARD.format(when="between = [2, 5]")))


def test_a_negative_cost_is_a_saving(tmp_path: Path):
    level = load_level_file(_with_card(tmp_path, CARD.format(when="quarter = 1\nweek = 3")))
    plain = dataclasses.replace(level, events=tuple(
        c for c in level.events if c.id != "moving_card"))
    costs = []
    for each in (level, plain):
        model = OrgModel(each, seed=3, strategy="balanced")
        for _ in range(13):
            model.step()
        costs.append(float(model.table()["cost"].iloc[0]))
    assert costs[1] - costs[0] == pytest.approx(0.5 * level.salary, rel=1e-6)


# --------------------------------------------------------------------------------------------
# Judgement: no side is always the right answer (slow: plays each level many times)
# --------------------------------------------------------------------------------------------

JUDGE_SEEDS = range(100, 116)


def _score_with(name: str, card_id: str, choice: str) -> tuple[float, float]:
    level = sim.load_level(name)
    base = get_strategy("adaptive")
    forced = Strategy(base.name, "", base.decide_fn,
                      lambda m, c: choice if c.id == card_id else base.respond(m, c))
    results = [run_score(level, score(level, OrgModel(level, strategy=forced, seed=seed).run()))
               for seed in JUDGE_SEEDS]
    return (float(np.mean([r.stars for r in results])),
            float(np.mean([r.progress for r in results])))


def _better(a: tuple[float, float], b: tuple[float, float]) -> int:
    """+1 if `a` is better: more mean stars, or as many and clearly more progress towards the
    next star on the weakest goal; -1 if `b` is; 0 if neither."""
    if abs(a[0] - b[0]) > 1e-9:
        return 1 if a[0] > b[0] else -1
    if abs(a[1] - b[1]) > 0.01:
        return 1 if a[1] > b[1] else -1
    return 0


@pytest.mark.slow
@pytest.mark.parametrize("name", MAIN_LEVELS)
def test_each_side_is_the_better_answer_somewhere(name: str):
    """Played by the adaptive boss on seeds the decks were not written on, some card is better
    answered the management way and some the leadership way."""
    level = sim.load_level(name)
    better: set[str] = set()
    for card in level.events:
        sides = {c.side: c.id for c in card.choices}
        if not {"leadership", "management"} <= set(sides):
            continue
        verdict = _better(_score_with(name, card.id, sides["leadership"]),
                          _score_with(name, card.id, sides["management"]))
        if verdict:
            better.add("leadership" if verdict > 0 else "management")
        if better == {"leadership", "management"}:
            return
    pytest.fail(f"{name}: only {better or 'no side'} is ever the better answer")
