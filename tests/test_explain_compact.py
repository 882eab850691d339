"""Explanation records are kept compact (sim/explain.py `_QuarterRecord`): these tests compare
every explanation with the one the full float64 matrix gives (the record as it was kept
before), team explanations bit for bit, each worker's within the fixed point's bound."""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import pytest

import sim
from sim import explain
from sim.explain import COMPOSITION, Explainer, Explanation, _ExactRows, _FixedRows
from sim.workforce import Compaction


class _Full:
    """A quarter as the full-precision record kept it: every worker's float64 rows."""

    def __init__(self, explainer: Explainer, ids: np.ndarray, morale: np.ndarray) -> None:
        width = len(explainer.labels)
        parts = [(ids, explainer.start, morale, explainer.acc), *explainer._departed]
        self.ids = np.concatenate([p[0] for p in parts])
        self.start = np.concatenate([p[1] for p in parts])
        self.end = np.concatenate([p[2] for p in parts])
        self.contrib = np.hstack([np.vstack([p[3], np.zeros((width - p[3].shape[0],
                                                              p[3].shape[1]))])
                                  for p in parts])
        self.present = np.zeros(len(self.ids), dtype=bool)
        self.present[:len(ids)] = True
        self.labels = list(explainer.labels)
        self.team_start_mean = explainer._team_start_mean

    def explain(self, quarter: int, worker: int | None) -> Explanation:
        """The explanation as `Explainer.explain` made it from the full record."""
        if worker is not None:
            i = int(np.flatnonzero(self.ids == worker)[0])
            return Explanation(quarter, worker, float(self.start[i]), float(self.end[i]),
                               {label: float(self.contrib[k, i])
                                for k, label in enumerate(self.labels)
                                if self.contrib[k, i] != 0.0})
        if not self.present.any():
            return Explanation(quarter, None, self.team_start_mean, 0.0,
                               {COMPOSITION: -self.team_start_mean})
        means = self.contrib[:, self.present].mean(axis=1)
        contributions = {label: float(means[k]) for k, label in enumerate(self.labels)
                         if means[k] != 0.0}
        composition = float(self.start[self.present].mean()) - self.team_start_mean
        if composition != 0.0:
            contributions[COMPOSITION] = composition
        return Explanation(quarter, None, self.team_start_mean,
                           float(self.end[self.present].mean()), contributions)


@pytest.fixture
def full_records(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[int, dict[int, _Full]]]:
    """Every explainer's full-precision records, by explainer id and quarter."""
    kept: dict[int, dict[int, _Full]] = {}
    compact_end = Explainer.end_quarter

    def end_quarter(self: Explainer, quarter: int, ids: np.ndarray,
                    morale: np.ndarray) -> None:
        kept.setdefault(id(self), {})[quarter] = _Full(self, ids, morale)
        compact_end(self, quarter, ids, morale)

    monkeypatch.setattr(Explainer, "end_quarter", end_quarter)
    yield kept


@pytest.fixture(params=["exact", "fixed"])
def form(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Records kept exact (a small team's) or in fixed point (as a team of thousands's are)."""
    if request.param == "fixed":
        monkeypatch.setattr(explain, "_EXACT_BYTES", 0)
    return request.param


#: The documented error of the 16-bit form (`_FixedRows`): 1/65534 of a source's largest
#: value for its own rounding, and the residual on a worker's largest value; in these teams
#: all sources' steps add up to 2-3e-5 of morale (0-1). Past this the format lost precision.
FIXED_BOUND = 5e-5

#: Columns at a time in the numpy references below (and sizes around it to test).
_B = 2048


def _bound(explainer: Explainer, quarter: int) -> float:
    """How far a worker's value may be from full precision: none for exact rows; in fixed
    point half a step for each source, plus the rounding the largest value takes back for
    all of them (`_FixedRows.error_bound`), which must stay under `FIXED_BOUND`."""
    rows = explainer.records[quarter].contrib
    if isinstance(rows, _ExactRows):
        return 0.0
    largest = rows.step * explain._FIXED_LIMIT
    assert rows.error_bound == pytest.approx(float(largest.sum()) / (2**15 - 1), rel=1e-12)
    assert rows.error_bound < FIXED_BOUND
    return rows.error_bound + 1e-15


def _assert_close(compact: Explanation, full: Explanation, bound: float) -> None:
    if bound == 0.0:
        assert compact == full
        return
    assert (compact.quarter, compact.worker) == (full.quarter, full.worker)
    assert (compact.start, compact.end) == (full.start, full.end)
    assert compact.contributions.keys() == full.contributions.keys()
    for label, value in full.contributions.items():
        assert abs(compact.contributions[label] - value) <= bound, label
    assert math.isclose(compact.start + sum(compact.contributions.values()), compact.end,
                        abs_tol=1e-12)


@pytest.mark.parametrize("strategy", ["random", "manager"])
def test_explanations_are_the_full_precision_ones(full_records, form: str,
                                                  strategy: str) -> None:
    model = sim.OrgModel("knowledge_team", strategy=strategy, seed=5, team_size=300,
                         quarters=5)
    model.run()
    full = full_records[id(model.explainer)]
    assert sorted(full) == [1, 2, 3, 4, 5]
    leavers = 0
    for quarter, record in full.items():
        kind = _FixedRows if form == "fixed" else _ExactRows
        assert isinstance(model.explainer.records[quarter].contrib, kind)
        # the team's view, bit for bit (labels and exact values)
        assert model.explainer.explain(quarter) == record.explain(quarter, None)
        bound = _bound(model.explainer, quarter)
        for worker in record.ids.tolist():
            _assert_close(model.explainer.explain(quarter, worker),
                          record.explain(quarter, worker), bound)
        leavers += int((~record.present).sum())
    assert leavers > 10


def test_explanations_by_decision_are_the_full_precision_ones(full_records, form: str,
                                                              monkeypatch) -> None:
    model = sim.OrgModel("knowledge_team", strategy="random", seed=7, team_size=60,
                         quarters=4, attribution=True)
    model.run()
    causal = model.attribution.explainer
    full = full_records[id(causal)]
    for quarter, record in full.items():
        bound = _bound(causal, quarter)
        for worker in [None, *record.ids.tolist()]:
            compact = model.explain(quarter, worker, by="decision")
            with monkeypatch.context() as patch:
                patch.setattr(causal, "explain", record.explain)
                exact = model.explain(quarter, worker, by="decision")
            if worker is None or bound == 0.0:
                assert compact == exact
                continue
            assert compact.contributions.keys() == exact.contributions.keys()
            for cause, value in exact.contributions.items():
                assert abs(compact.contributions[cause] - value) <= bound, cause
            for cause, routes in exact.details.items():
                assert routes.keys() == compact.details[cause].keys()
                for route, value in routes.items():
                    assert abs(compact.details[cause][route] - value) <= bound, (cause, route)


def test_fixed_rows_take_two_bytes_a_value_and_leave_out_sources_nobody_had(
        full_records, monkeypatch) -> None:
    monkeypatch.setattr(explain, "_EXACT_BYTES", 0)
    model = sim.OrgModel("knowledge_team", strategy="random", seed=5, team_size=300,
                         quarters=4)
    model.run()
    for quarter, full in full_records[id(model.explainer)].items():
        rows = model.explainer.records[quarter].contrib
        used = np.flatnonzero(np.abs(full.contrib).max(axis=1) > 0.0)
        assert rows.sources.tolist() == used.tolist()
        assert rows.steps.dtype == np.int16
        assert rows.steps.shape == (len(used), len(full.ids))


def _record(acc: np.ndarray, start: np.ndarray) -> explain._QuarterRecord:
    """A record of one block of workers (ids from 1), their end the start plus their rows."""
    width, n = acc.shape
    return explain._compact_record([str(k) for k in range(width)], [acc],
                                   ids=[np.arange(1, n + 1)], start=[start],
                                   end=[start + acc.sum(axis=0)], team_means=np.zeros(width),
                                   team_start_mean=0.0)


def test_a_quarter_past_the_exact_size_is_kept_in_fixed_point() -> None:
    small, large = np.zeros((2, 100)), np.zeros((2, explain._EXACT_BYTES // 16 + 1))
    small[0], large[0] = 0.01, 0.01
    assert isinstance(_record(small, np.zeros(100)).contrib, _ExactRows)
    assert isinstance(_record(large, np.zeros(large.shape[1])).contrib, _FixedRows)


def test_fixed_values_are_within_half_a_step_but_the_largest_within_the_bound(
        monkeypatch) -> None:
    """The 16-bit form's documented error: 1/65534 of the source's largest value, and the
    residual taken back by each worker's largest value; each worker's list still adds up."""
    monkeypatch.setattr(explain, "_EXACT_BYTES", 0)
    rng = np.random.default_rng(3)
    acc = rng.normal(0.0, 0.01, (6, 5000)) * np.array([[1.0], [0.1], [3.0], [1e-4], [1.0],
                                                       [0.5]])
    start = rng.uniform(0.2, 0.8, 5000)
    record = _record(acc, start)
    rows = record.contrib
    half_step = rows.step / 2 * (1 + 1e-12)
    assert np.allclose(rows.step, np.abs(acc).max(axis=1) / (2**15 - 1), rtol=1e-15)
    for i in range(0, 5000, 7):
        values = rows.column(i)
        error = np.abs(values - acc[:, i])
        largest = int(np.argmax(np.abs(values)))
        others = np.arange(6) != largest
        assert (error[others] <= half_step[others]).all()
        assert error[largest] <= rows.error_bound
        assert math.isclose(start[i] + values.sum(), record.end[i], abs_tol=1e-12)


def test_tiny_rows_stay_named_and_every_list_adds_up(monkeypatch) -> None:
    monkeypatch.setattr(explain, "_EXACT_BYTES", 0)
    acc = np.array([[0.3, -1e-13, 0.0, 2e-300],
                    [0.1, 0.2, -0.05, 0.0],
                    [0.0, 0.0, 0.0, 0.0]])
    start = np.array([0.2, 0.5, 0.6, 0.4])
    record = _record(acc, start)
    assert record.contrib.sources.tolist() == [0, 1]
    for i in range(4):
        mine = record.worker(i)
        assert set(mine) == {str(k) for k in range(3) if acc[k, i] != 0.0}
        assert math.isclose(start[i] + sum(mine.values()), record.end[i], abs_tol=1e-15)


def _numpy_fill(rows: _FixedRows, block: np.ndarray, first: int) -> None:
    """`explain._fill` in numpy, as it was before the compiled `fixed_point` (issue 12's
    eighth round): the reference the compiled form must give the bits of."""
    kept = int(np.searchsorted(rows.sources, block.shape[0]))
    sources, step = rows.sources[:kept], rows.step[:kept, None]
    per_step = 1.0 / step
    for lo in range(0, block.shape[1], _B):
        part = block[sources, lo:lo + _B]
        whole = np.rint(part * per_step)
        if np.count_nonzero(whole) < np.count_nonzero(part):
            tiny = (whole == 0.0) & (part != 0.0)
            whole[tiny] = np.sign(part[tiny])
        columns = slice(first + lo, first + lo + part.shape[1])
        rows.steps[:kept, columns] = whole
        np.multiply(whole, step, out=whole)
        np.subtract(part, whole, out=part)
        rows.residual[columns] = part.sum(axis=0)


@pytest.mark.parametrize("n", [1, 7, _B + 3, 9_000])
def test_fixed_point_rows_are_numpys_bit_for_bit(n: int, monkeypatch) -> None:
    """A record's fixed-point steps and residuals, from the compiled `fixed_point`, are the
    bits numpy's form made: a present team that is a window on a wider buffer, and leavers
    with fewer sources; values that round to zero, exact zeros and negative zeros."""
    monkeypatch.setattr(explain, "_EXACT_BYTES", 0)
    rng = np.random.default_rng(n)
    buffer = np.zeros((9, n + 40))
    team = buffer[:7, :n]
    team[...] = rng.normal(0.0, 0.01, (7, n)) * rng.choice([1.0, 1e-3, 30.0], (7, 1))
    team[1, ::3] = 1e-12
    team[2, ::2] = -0.0
    team[4] = 0.0
    team[5, ::5] = 0.0
    leavers = rng.normal(0.0, 0.02, (4, 11))
    leavers[3, ::2] = -3e-13
    labels = [str(k) for k in range(7)]
    ids = [np.arange(n), np.arange(n, n + 11)]
    start = [rng.uniform(0.2, 0.8, n), rng.uniform(0.2, 0.8, 11)]
    record = explain._compact_record(labels, [team, leavers], ids, start,
                                     [s + 0.01 for s in start], np.zeros(7), 0.5)
    rows = record.contrib
    assert isinstance(rows, _FixedRows) and 4 not in rows.sources.tolist()
    largest = np.abs(team).max(axis=1)          # each source's step from its largest value
    largest[:4] = np.maximum(largest[:4], np.abs(leavers).max(axis=1))
    assert rows.step.tobytes() == (largest / explain._FIXED_LIMIT)[rows.sources].tobytes()
    reference = _FixedRows(rows.width, rows.sources, rows.step,
                           np.zeros_like(rows.residual), np.zeros_like(rows.steps))
    _numpy_fill(reference, team, 0)
    _numpy_fill(reference, explain._side_by_side([leavers], 7), n)
    assert rows.steps.tobytes() == reference.steps.tobytes()
    assert rows.residual.tobytes() == reference.residual.tobytes()
    assert (rows.steps[:, :n][np.isin(rows.sources, [1])] != 0).all()   # tiny, still named


def test_a_quarter_everyone_left_keeps_their_rows(form: str) -> None:
    explainer = Explainer()
    explainer.begin_quarter(np.array([0.5, 0.6]))
    explainer.add(explainer.sources(["a", "b"]), np.array([[0.1, -0.2], [0.0, 0.05]]))
    leaving = np.ones(2, dtype=bool)
    explainer.left(Compaction.plan(leaving), np.array([7, 9]), np.array([0.6, 0.45]))
    explainer.end_quarter(1, np.zeros(0, dtype=np.int64), np.zeros(0))
    assert explainer.explain(1) == Explanation(1, None, 0.55, 0.0, {COMPOSITION: -0.55})
    assert explainer.explain(1, 7).contributions == {"a": pytest.approx(0.1, abs=1e-8)}
    nine = explainer.explain(1, 9)
    assert set(nine.contributions) == {"a", "b"}
    assert math.isclose(nine.start + sum(nine.contributions.values()), 0.45, abs_tol=1e-15)




@pytest.mark.parametrize("rows", [0, 1, 2, 5, 27])
@pytest.mark.parametrize("n", [1, 2, 9, _B, _B + 1, _B + 2, 2 * _B + 1, 2 * _B + 2, 20_001])
def test_team_means_are_those_of_the_masked_matrix_bit_for_bit(rows: int, n: int) -> None:
    """The team view took a boolean mask of the full matrix (Fortran order in numpy) and its
    mean; `_team_means` sums in the same order from a window of the explainer's buffer."""
    rng = np.random.default_rng(rows * 100_003 + n)
    buffer = np.zeros((rows + 4, int(n * 1.1) + 16))
    acc = buffer[:rows, :n]
    acc[...] = rng.normal(0.0, 0.01, (rows, n)) * rng.choice([1.0, 1e-5, 1e3], (rows, 1))
    departed = rng.normal(0.0, 0.01, (rows, 7))
    full = np.hstack([acc, departed])
    present = np.zeros(full.shape[1], dtype=bool)
    present[:n] = True
    assert np.array_equal(explain._team_means(acc), full[:, present].mean(axis=1))


def test_a_record_read_at_once_is_the_record_read_at_the_end() -> None:
    """Small quarters' records are kept as copies of their parts and built when first read:
    reading each as its quarter ends, or all after the level (when the team, the explainer's
    matrix and its start have moved on), gives the same explanations."""
    now = sim.OrgModel("startup", strategy="random", seed=7)
    later = sim.OrgModel("startup", strategy="random", seed=7)
    seen = []
    while now.running:
        now.run_quarter()
        seen.append(_every_explanation(now, now.quarter))
    later.run()
    assert seen == [_every_explanation(later, q) for q in range(1, later.quarter + 1)]
    assert later.total_quits > 0 and later.total_hires > 0     # leavers' parts too


def _every_explanation(model: sim.OrgModel, quarter: int) -> list[object]:
    record = model.explainer.records[quarter]
    team = model.explain(quarter)
    out: list[object] = [team.start, team.end, sorted(team.contributions.items())]
    for worker in record.ids.tolist():
        one = model.explain(quarter, worker)
        out.append((worker, one.start, one.end, sorted(one.contributions.items())))
    return out
