"""The seed text's claims (DESIGN.md section 3) emerge from the mechanisms.

Each claim is checked on the mean over several seeds, at several team sizes, with the scripted
strategies; nothing in the model special-cases them.
"""

from __future__ import annotations

import dataclasses
from functools import cache

import pandas as pd
import pytest

import sim
from sim import Decision

SEEDS = range(1, 7)
#: Small teams' means vary more with who happens to be on them (people's ability differs), so
#: their claims are checked over more seeds.
SMALL_TEAM_SEEDS = range(1, 25)
KNOWLEDGE, ROUTINE = 0.85, 0.1


@cache
def runs(strategy: str, knowledge_share: float, team_size: int) -> pd.DataFrame:
    """Per-quarter means over SEEDS (SMALL_TEAM_SEEDS below 12 people) of one strategy on the
    knowledge_team level."""
    seeds = SEEDS if team_size >= 12 else SMALL_TEAM_SEEDS
    frames = [sim.run("knowledge_team", strategy, seed, knowledge_share=knowledge_share,
                      team_size=team_size) for seed in seeds]
    return pd.concat(frames).groupby("quarter").mean(numeric_only=True)


def total(strategy: str, knowledge_share: float = KNOWLEDGE, team_size: int = 12) -> float:
    return float(runs(strategy, knowledge_share, team_size)["output"].sum())


@pytest.mark.parametrize("team_size", [8, 30, 200])
def test_management_pays_quickly(team_size: int) -> None:
    manager = runs("manager", KNOWLEDGE, team_size)
    leader = runs("leader", KNOWLEDGE, team_size)
    assert manager["output"].iloc[0] > 1.05 * leader["output"].iloc[0]


@pytest.mark.parametrize("team_size", [8, 30, 200])
def test_leadership_catches_up_and_ends_with_a_healthier_team(team_size: int) -> None:
    manager = runs("manager", KNOWLEDGE, team_size)
    leader = runs("leader", KNOWLEDGE, team_size)
    caught_up = leader["output"] >= manager["output"]
    assert caught_up.iloc[:4].any(), "leader should catch up within four quarters"
    assert caught_up.iloc[-4:].all(), "and stay ahead"
    end_l, end_m = leader.iloc[-1], manager.iloc[-1]
    for column in ("morale", "morale_stayers", "trust", "skill"):
        assert end_l[column] > end_m[column], column
    assert leader["quits"].sum() < manager["quits"].sum()


@pytest.mark.parametrize("team_size", [8, 30, 200])
def test_together_is_best_in_knowledge_work(team_size: int) -> None:
    balanced = total("balanced", team_size=team_size)
    assert balanced > total("leader", team_size=team_size)
    assert balanced > total("manager", team_size=team_size)


def test_the_era_matters() -> None:
    assert total("manager", ROUTINE, 25) > total("leader", ROUTINE, 25)
    edges = []
    for share in (0.1, 0.5, 0.85):
        edges.append((total("leader", share) - total("manager", share))
                     / total("balanced", share))
    assert edges == sorted(edges), f"leadership's edge should grow with knowledge share: {edges}"


@pytest.mark.parametrize("team_size", [8, 30])
def test_neglect_is_worst_and_control_alone_burns_people_out(team_size: int) -> None:
    neglect = total("neglect", team_size=team_size)
    others = [total(s, team_size=team_size) for s in ("leader", "manager", "balanced")]
    assert neglect < min(others)
    for column in ("morale", "morale_stayers"):
        end_morale = {s: runs(s, KNOWLEDGE, team_size)[column].iloc[-1] for s in sim.STRATEGIES}
        assert end_morale["neglect"] == min(end_morale.values()), (column, end_morale)
    manager, leader = runs("manager", KNOWLEDGE, team_size), runs("leader", KNOWLEDGE, team_size)
    assert manager["exhaustion"].iloc[-1] > leader["exhaustion"].iloc[-1]
    assert manager["exhaustion"].iloc[-1] > manager["exhaustion"].iloc[0]


def _strengths_gain(knowledge_share: float) -> float:
    """Relative output gain of spending 2 points on strengths rather than on every other
    lever evenly."""
    table = sim.lever_table()
    lead = list(table.by_side("leadership"))
    mgmt = list(table.by_side("management"))

    def decision(with_strengths: bool) -> Decision:
        # A mixed plan plus two points: on building on strengths, or spread over every other
        # lever (the average alternative use of the same attention).
        attention = {lv: 3.0 / len(lead) for lv in lead}
        attention.update({lv: 5.0 / len(mgmt) for lv in mgmt})
        others = [lv for lv in attention if lv != "strengths"]
        if with_strengths:
            attention["strengths"] += 2.0
        else:
            for lever in others:
                attention[lever] += 2.0 / len(others)
        return Decision(attention=attention)

    outputs = {}
    for flag in (True, False):
        outputs[flag] = sum(
            sim.run("knowledge_team", decisions=[decision(flag)], seed=seed,
                    knowledge_share=knowledge_share)["output"].sum()
            for seed in SEEDS
        )
    return outputs[True] / outputs[False] - 1.0


def test_building_on_strengths_matters_more_in_knowledge_work() -> None:
    knowledge_gain = _strengths_gain(KNOWLEDGE)
    routine_gain = _strengths_gain(ROUTINE)
    assert knowledge_gain > 0.0
    assert knowledge_gain > routine_gain


def test_seeds_differ_but_claims_hold_per_seed_mostly() -> None:
    totals = {seed: sim.run("knowledge_team", "balanced", seed)["output"].sum()
              for seed in SEEDS}
    assert len(set(totals.values())) == len(totals), "different seeds must differ"
    wins = sum(
        sim.run("knowledge_team", "manager", seed)["output"].iloc[0]
        > sim.run("knowledge_team", "leader", seed)["output"].iloc[0]
        for seed in SEEDS
    )
    assert wins >= len(SEEDS) - 1


# ----- "neglect ends with the lowest morale", against every scripted boss -------------------------
NEGLECT_LEVELS = ("knowledge_team", "factory_floor")
NEGLECT_SIZES = (5, 8, 30, 200)
NEGLECT_SEEDS = range(1, 21)
NEGLECT_SHARE = 0.9       # neglect lower in at least this share of seeds (a tie counts half)
#: The one exception, measured and explained: the random boss lets someone go in about one
#: quarter in seven (sim/strategies.py), and on these two levels, which cannot hire, nobody
#: replaces them. A five-person team loses a third of its people over the level and the
#: survivors do their work (exhaustion about .75 against neglect's .6), so there the random
#: boss's team ends below neglect's in 10-30% of seeds. Against that boss at that size only the
#: mean is required, and the cause is checked instead: on the same seeds with letting go not
#: offered, neglect is below the random boss in at least 90% of seeds. At every size, the
#: random boss's stayers' morale is compared only on seeds where someone of its first team is
#: left: one that let the whole first team go (3 seeds of 20 at eight people on the knowledge
#: team with events, model 0.7.0) has no stayers whose morale could say how it treated them.
LAYOFF_EXCEPTION = ("random", 5)
WITHOUT_LETTING_GO = " without letting go"


@pytest.mark.slow
def test_neglect_ends_with_the_lowest_morale_against_every_boss_at_every_size():
    """On the knowledge team and the factory floor, at team sizes 5 to 200, with and without
    the level's events, over 20 seeds: the neglecting boss's final team morale, and the final
    morale of those who stayed since the start (0 once all of them have left: losing everyone
    is the worst outcome), are below every other scripted boss's on the mean over seeds and in
    at least 90% of the seeds (see LAYOFF_EXCEPTION for the one exception and its check)."""
    from sim.analysis import turnover

    specs = [turnover.Spec(level, boss, seed, (("team_size", size),), events)
             for level in NEGLECT_LEVELS for size in NEGLECT_SIZES
             for events in (True, False) for boss in sim.STRATEGIES for seed in NEGLECT_SEEDS]
    names = [level for level in NEGLECT_LEVELS for _ in range(len(specs) // 2)]
    layoff_boss, small = LAYOFF_EXCEPTION
    for name in NEGLECT_LEVELS:
        level = sim.load_level(name)
        no_layoffs = dataclasses.replace(
            level, actions=dataclasses.replace(level.actions, let_go=False))
        control = [turnover.Spec(no_layoffs, boss, seed, (("team_size", small),), events)
                   for events in (True, False) for boss in ("neglect", layoff_boss)
                   for seed in NEGLECT_SEEDS]
        specs += control
        names += [name + WITHOUT_LETTING_GO] * len(control)
    runs = turnover.frame(turnover.measure_many(specs))
    runs["level"] = names
    runs["morale_stayers"] = runs["morale_stayers"].fillna(0.0)   # nobody left: the worst
    failures, shares = [], []
    for (where, size, events), group in runs.groupby(["level", "team_size", "events"]):
        for column in ("morale", "morale_stayers"):
            table = group.pivot(index="seed", columns="boss", values=column)
            kept = group.pivot(index="seed", columns="boss", values="stayers_left")
            for other in (b for b in table.columns if b != "neglect"):
                seeds = table.index
                if column == "morale_stayers" and other == layoff_boss:
                    # The boss who lets people go may let the whole first team go: then its
                    # stayers' morale says nothing of how it treated them (LAYOFF_EXCEPTION).
                    seeds = seeds[kept[other] > 0]
                neglect, theirs = table.loc[seeds, "neglect"], table.loc[seeds, other]
                lower = (neglect < theirs).sum() + 0.5 * (neglect == theirs).sum()
                share = lower / len(neglect)
                shares.append(share)
                exception = (other, size) == LAYOFF_EXCEPTION and where in NEGLECT_LEVELS
                needed = 0.0 if exception else NEGLECT_SHARE
                if not (neglect.mean() < theirs.mean() and share >= needed):
                    failures.append(
                        f"{where}, {size} people, events {events}: {column} neglect "
                        f"{neglect.mean():.3f} vs {other} {theirs.mean():.3f}, "
                        f"lower in {share:.0%} of {len(neglect)} seeds (needed {needed:.0%})")
    per_level = len(NEGLECT_SIZES) * 2 * 2 * (len(sim.STRATEGIES) - 1) + 2 * 2
    assert len(shares) == len(NEGLECT_LEVELS) * per_level
    assert not failures, "\n".join(failures)
