"""Joiners' chance (model 0.8.0): drawn from hashes of the run's seed, the week and the
joiner's place among that week's joiners (sim.kernels `people_draws`), and everyone's patience
and ability from hashes of their id (`person_traits`). These tests fail if a joiner's draws
depend on anything else, or if the draws lose the distributions the model was built on."""

from __future__ import annotations

import numpy as np

import sim
from sim.workforce import STATE, WORK_KINDS, joiner_draws, person_traits

SPREAD = 0.08


def _many(seed: int, weeks: int, n: int) -> tuple[np.ndarray, ...]:
    draws = [joiner_draws(seed, week, n, SPREAD) for week in range(weeks)]
    return (np.concatenate([d.state for d in draws], axis=1),
            np.concatenate([d.strengths for d in draws]),
            np.concatenate([d.kind for d in draws]), np.concatenate([d.load for d in draws]))


def test_a_joiners_draws_are_theirs_whatever_else_happened() -> None:
    """The i-th joiner of a week gets the same draws however many join with them, and other
    weeks and other seeds give other draws."""
    few, more = joiner_draws(5, 30, 2, SPREAD), joiner_draws(5, 30, 6, SPREAD)
    assert np.array_equal(few.state, more.state[:, :2])
    assert np.array_equal(few.strengths, more.strengths[:2])
    assert np.array_equal(few.kind, more.kind[:2]) and np.array_equal(few.load, more.load[:2])
    for other in (joiner_draws(5, 31, 2, SPREAD), joiner_draws(6, 30, 2, SPREAD)):
        assert not np.array_equal(few.state, other.state)
        assert not np.array_equal(few.strengths, other.strengths)
    again = joiner_draws(5, 30, 2, SPREAD)
    assert np.array_equal(again.state, few.state) and again.state is not few.state


def test_joiners_draws_keep_their_distributions() -> None:
    """State spread normal(0, spread); strengths Beta(1.5, 2.5) (mean .375, variance
    .046875); the first kind of work uniform; load log-normal(0, 0.3). 40,000 joiners."""
    state, strengths, kind, load = _many(seed=11, weeks=4000, n=10)
    assert state.shape == (len(STATE), 40_000)
    assert abs(state.std() / SPREAD - 1.0) < 0.01 and abs(state.mean()) < 0.001
    assert ((strengths > 0.0) & (strengths < 1.0)).all()
    assert abs(strengths.mean() - 0.375) < 0.003
    assert abs(strengths.var() / 0.046875 - 1.0) < 0.03
    assert abs(np.median(strengths) - 0.3525) < 0.003      # Beta(1.5, 2.5)'s median
    shares = np.bincount(kind, minlength=len(WORK_KINDS)) / len(kind)
    assert np.abs(shares - 0.25).max() < 0.01
    assert abs(np.log(load).std() / 0.3 - 1.0) < 0.02 and abs(np.log(load).mean()) < 0.005
    # no two joiners alike: each has hashes of their own
    assert len(np.unique(strengths[:, 0])) == len(strengths)


def test_traits_are_spread_evenly_with_the_means_the_model_assumes() -> None:
    """Patience is exponential (mean 1) and ability log-normal with mean 1 and the level's
    spread (on quantiles within 0.001-0.999, whose normal scores have sd 0.9895); a person's
    traits depend on their id alone, not on who is drawn with them."""
    ids = np.arange(1, 20_001)
    patience, ability = person_traits(3, ids, 0.31)
    assert abs(patience.mean() - 1.0) < 0.01 and (patience > 0.0).all()
    assert abs(ability.mean() - 1.0) < 0.005
    assert abs(np.log(ability).std() / (0.31 * 0.9895) - 1.0) < 0.005
    some, _ = person_traits(3, ids[100:110], 0.31)
    assert np.array_equal(some, patience[100:110])
    assert not np.array_equal(person_traits(4, ids[:10], 0.31)[0], patience[:10])


def test_a_run_with_joiners_is_the_same_in_a_fresh_process_order() -> None:
    """Two runs of one seed with hires in between others' runs give the same table: no draw
    is carried over from one run to the next."""
    def run(seed: int) -> dict[str, list[object]]:
        model = sim.OrgModel("startup", strategy="random", seed=seed)
        model.play_out()
        return model.columns()

    first = run(17)
    assert sum(first["hires"]) > 0
    run(18)
    assert run(17) == first
