"""The shortcuts that cut a small team's weekly cost (issue 12) give exactly what the longer
ways give: the same bits, the same records, the same tables. tests/test_reference.py checks
whole runs; these check each shortcut on its own, including sizes the reference runs miss."""

from __future__ import annotations

import math

import mesa
import numpy as np
import pandas as pd
import pytest

import sim
from sim import arraymath, kernels
from sim.explain import Explainer
from sim.levels import load_level, load_level_file
from sim.luck import Luck
from sim.metrics import COLUMNS, to_frame
from sim.paths import levels_dir
from sim.workforce import STATE, Compaction, PeopleDraws

SIZES = (1, 2, 7, 8, 9, 12, 50, 127, 129, 300, 1000)


@pytest.mark.parametrize("n", SIZES)
def test_mean_total_and_clip_are_numpys_bit_for_bit(n: int) -> None:
    rng = np.random.default_rng(n)
    x = rng.normal(0.5, 0.4, n) * 10.0 ** rng.uniform(-3.0, 3.0, n)   # sums that round
    assert arraymath.mean(x) == float(x.mean())
    assert arraymath.total(x) == float(x.sum())
    assert np.array_equal(arraymath.clip(x, 0.02, 0.98), np.clip(x, 0.02, 0.98))


def test_the_kernels_draws_are_lucks_draws() -> None:
    """The compiled week draws each person's luck itself (`kernels.assignments`): the same
    hash as `Luck.uniform` (which explaining by decision reads back) and `Luck.normal`."""
    luck = Luck(2024)
    people = np.array([3, 1, 4, 1_000_001, 5], dtype=np.int64)
    drift, load = luck.bases(("drift", "load"), 77).tolist()
    uniform = [kernels._unit(kernels._hash(p, drift))
               for p in people.tolist()]
    normal = [kernels._normal(kernels._hash(p, load))
              for p in people.tolist()]
    assert uniform == luck.uniform("drift", people, 77).tolist()
    assert normal == luck.normal("load", people, 77).tolist()
    assert normal != luck.normal("load", people, 78).tolist()


@pytest.mark.parametrize("level", ("startup", "turnaround"))
def test_stayers_are_the_first_teams_ids(level: str) -> None:
    """`morale_stayers` by the id threshold is the mean morale of the first team's members
    still here (np.isin), quarter by quarter, in runs where people leave and join."""
    model = sim.OrgModel(level, strategy="random", seed=8)
    seen = []
    while model.running:
        model.run_quarter()
        wf = model.workforce
        stayed = np.isin(wf.ids, model.stayers)
        expected = float(wf.arrays["morale"][stayed].mean()) if stayed.any() else 0.0
        assert model.rows[-1]["morale_stayers"] == expected
        seen.append((int(stayed.sum()), len(wf)))
    assert model.total_hires > 0 and model.total_quits + sum(
        r["let_go"] for r in model.rows) > 0
    assert any(kept < team for kept, team in seen)


def test_the_table_has_the_types_it_had_when_built_from_rows() -> None:
    model = sim.OrgModel("knowledge_team", strategy="random", seed=4, quarters=3)
    model.run()
    for rows in (model.rows, model.rows[:1], []):
        by_rows = pd.DataFrame(rows, columns=list(COLUMNS))
        for column in ("quarter", "headcount", "hires", "quits", "let_go"):
            by_rows[column] = by_rows[column].astype(np.int64)
        pd.testing.assert_frame_equal(to_frame(rows), by_rows, check_exact=True)


def test_the_weekly_record_is_mesas() -> None:
    model = sim.OrgModel("startup", strategy="adaptive", seed=6, quarters=2,
                         record_workers=True)
    mesa_record = mesa.DataCollector(
        model_reporters=dict(model.datacollector.model_reporters),
        agent_reporters={c: c for c in ("morale", "trust", "skill", "exhaustion",
                                        "intrinsic", "extrinsic")})
    while model.running:
        model.step()
        mesa_record.collect(model)
    pd.testing.assert_frame_equal(model.datacollector.get_model_vars_dataframe(),
                                  mesa_record.get_model_vars_dataframe(), check_exact=True)
    pd.testing.assert_frame_equal(model.datacollector.get_agent_vars_dataframe(),
                                  mesa_record.get_agent_vars_dataframe(), check_exact=True)


def test_consecutive_sources_add_as_a_slice_and_others_by_index() -> None:
    explainer = Explainer()
    explainer.begin_quarter(np.zeros(3))
    assert explainer.sources(["a", "b", "c"]) == slice(0, 3)
    rows = explainer.sources(["c", "a"])
    assert isinstance(rows, np.ndarray) and rows.tolist() == [2, 0]
    explainer.add(rows, np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
    explainer.add(explainer.sources(["a", "b", "c"]), np.ones((3, 3)))
    assert explainer.acc.tolist() == [[5.0, 6.0, 7.0], [1.0, 1.0, 1.0], [2.0, 3.0, 4.0]]


def test_a_level_is_parsed_once_per_text(tmp_path) -> None:
    assert load_level("knowledge_team") is load_level("knowledge_team")
    path = tmp_path / "mine.toml"
    text = (levels_dir() / "tutorial.toml").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    first = load_level_file(path)
    assert load_level_file(path) is first
    path.write_text(text.replace("\nteam_size = ", "\nteam_size = 1", 1), encoding="utf-8")
    assert load_level_file(path).team_size != first.team_size    # an edited file is read anew


@pytest.mark.parametrize("week", (0, 1, 77, 40 * 13, 10**6))
def test_a_weeks_bases_are_each_streams_key(week: int) -> None:
    luck = Luck(31337)
    streams = ("drift", "load", "drift_kind")
    assert luck.bases(streams, week).tolist() == [luck._base(s, week, 0) for s in streams]


@pytest.mark.parametrize("first", (1, 77, 40 * 13, 2**40))
def test_a_spans_bases_are_each_weeks_bases(first: int) -> None:
    luck = Luck(31337)
    streams = ("drift", "load", "drift_kind")
    span = luck.span_bases(streams, first, 9)
    assert span.dtype == np.uint64
    assert span.tolist() == [luck.bases(streams, first + j).tolist() for j in range(9)]


@pytest.mark.parametrize("level", sorted(p.stem for p in levels_dir().glob("*.toml")))
def test_scoring_the_columns_is_scoring_the_table_with_pandas(level: str) -> None:
    """A search scores its runs on `OrgModel.columns` (no DataFrame): each goal's value is
    pandas' own mean, sum or last value of the table's column, to the bit."""
    lv = load_level(level)
    for strategy, seed in (("balanced", 3), ("random", 5), ("manager", 8)):
        model = sim.OrgModel(lv, strategy=strategy, seed=seed)
        table = model.run()
        by_table, by_columns = sim.score(lv, table), sim.score(lv, model.columns())
        for goal, a, b in zip(lv.goals, by_table, by_columns, strict=True):
            column = table[goal.metric]
            pandas = {"mean": column.mean(), "total": column.sum()}.get(goal.at,
                                                                        column.iloc[-1])
            assert a.value == b.value == float(pandas)
            assert a.stars == b.stars


@pytest.mark.parametrize("size", [1, 7, 8, 12, 129, 300])
def test_table_sums_are_each_columns_numpy_sum_and_the_fits(size: int) -> None:
    model = sim.OrgModel("factory_floor", seed=4, team_size=size)
    model.run_quarter()
    wf = model.workforce
    expected = [float(np.add.reduce(wf.arrays[c])) for c in STATE]
    assert wf.table_sums() == [*expected, float(np.add.reduce(wf.fit()))]


@pytest.mark.parametrize("form", ["compiled", "python"])
def test_numpy_sum_is_numpys_add_reduce_bit_for_bit(form: str) -> None:
    """The compiled sums of the team's table (`kernels.numpy_sum`) are numpy's pairwise
    sums: every size up to past two of its 128-value blocks, and far past them."""
    numpy_sum = kernels.KERNELS["numpy_sum"] if form == "compiled" else kernels.numpy_sum
    rng = np.random.default_rng(7)
    for n in [*range(0, 300), 1000, 8191, 8192, 8193, 20_001]:
        x = rng.normal(0.5, 0.4, n) * 10.0 ** rng.uniform(-3.0, 3.0, n)
        assert numpy_sum(x) == float(np.add.reduce(x)), n
    assert math.copysign(1.0, numpy_sum(np.array([-0.0]))) == 1.0     # as numpy: 0.0 + -0.0


def test_arrivals_past_the_spare_room_and_departures_keep_every_row() -> None:
    """The team's arrays are views of blocks with room to spare: adding past the room moves
    them to a bigger block, removing compacts it; each person's values go with them."""
    model = sim.OrgModel("tutorial", seed=2)
    wf = model.workforce
    before = {int(i): (wf.arrays["morale"][r], wf.patience[r], wf.kind[r], *wf.strengths[r])
              for r, i in enumerate(wf.ids)}
    for _ in range(5):                                  # 6 people, then 56: several moves
        wf.add(10, dict.fromkeys(wf.arrays, 0.5),
               PeopleDraws.draw(np.random.default_rng(1), 10, 0.1))
    assert len(wf) == len(wf.ids) == len(wf.tenure) == len(wf.strengths) == 56
    leaving = np.zeros(len(wf), dtype=bool)
    leaving[[0, 3, 20, 55]] = True
    wf.remove(Compaction.plan(leaving))
    after = {int(i): (wf.arrays["morale"][r], wf.patience[r], wf.kind[r], *wf.strengths[r])
             for r, i in enumerate(wf.ids)}
    assert len(after) == 52 and all(after[i] == values for i, values in before.items()
                                    if i in after)
    assert [w.row for w in wf.agents] == list(range(52))
    assert np.array_equal(wf.ids, [w.unique_id for w in wf.agents])
    for column, values in wf.arrays.items():      # views of the one block, in STATE order
        assert np.shares_memory(values, wf._floats) and len(values) == 52, column


def test_a_size_seen_before_a_move_to_a_bigger_block_gets_views_of_the_new_block(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The views of each team size are kept (`Workforce._view`) until the team moves to a
    bigger block: a size seen before the move must then point at the new block."""
    from sim import workforce as workforce_module
    model = sim.OrgModel("tutorial", seed=3)
    wf = model.workforce
    first_block, size = wf._floats, len(wf)
    while wf._floats is first_block:                   # one at a time, up to the move
        wf.add(1, dict.fromkeys(STATE, 0.5), PeopleDraws.draw(np.random.default_rng(2), 1, 0.1))
    leaving = np.zeros(len(wf), dtype=bool)
    leaving[size:] = True
    wf.remove(Compaction.plan(leaving))                # back to the first size
    assert len(wf) == size
    for values in (*wf.arrays.values(), wf.tenure, wf.load, wf.coached, wf.intent,
                   wf.patience, wf.ability, wf.quarter_output):
        assert np.shares_memory(values, wf._floats) and len(values) == size
    for block, view in ((wf._strengths, wf.strengths), (wf._kind, wf.kind),
                        (wf._offer, wf.offer), (wf._id_block, wf.ids)):
        assert np.shares_memory(view, block) and len(view) == size
    wf.arrays["morale"][:] = 0.25                      # writes land in the team's block
    assert np.all(wf._floats[STATE.index("morale"), :size] == 0.25)
    monkeypatch.setattr(workforce_module, "_VIEWS_KEPT", 3)
    for n in range(size + 1):                          # the kept views stay few
        wf._view(n)
        assert len(wf._views) <= 3 and len(wf.arrays["morale"]) == n
    assert np.all(wf.arrays["morale"] == 0.25)


def test_a_copied_team_has_its_own_arrays() -> None:
    """The game's forecast copies a model (`copy.deepcopy`): the copy's arrays are views of
    its own blocks again, so playing it on leaves the original as it was."""
    import copy
    model = sim.OrgModel("knowledge_team", strategy="balanced", seed=6)
    model.run_quarter()
    twin = copy.deepcopy(model)
    morale = model.workforce.arrays["morale"].copy()
    for column, values in twin.workforce.arrays.items():
        assert np.shares_memory(values, twin.workforce._floats), column
        assert not np.shares_memory(values, model.workforce._floats), column
    twin.run_quarter()
    twin.workforce.add(3, dict.fromkeys(STATE, 0.5),
                       PeopleDraws.draw(np.random.default_rng(0), 3, 0.1))
    assert np.array_equal(model.workforce.arrays["morale"], morale)
    alone = sim.OrgModel("knowledge_team", strategy="balanced", seed=6)
    alone.run_quarter()
    alone.run_quarter()
    pd.testing.assert_frame_equal(twin.table().iloc[:2], alone.table())


def test_a_decisions_forces_are_made_once_and_differ_with_it() -> None:
    model = sim.OrgModel("knowledge_team", seed=1)
    plain = sim.Decision(attention={"vision": 2.0, "plan": 3.0})
    trained = sim.Decision(attention={"vision": 2.0, "plan": 3.0}, training=0.5)
    assert model._forces(plain) is model._forces(sim.Decision(attention=dict(plain.attention)))
    fresh = model.levers.forces(trained, model.level, model._lever_effects,
                                model._morale_labels)
    assert np.array_equal(model._forces(trained).channel, fresh.channel)
    assert not np.array_equal(model._forces(plain).channel, fresh.channel)


def test_a_settled_level_file_is_loaded_once_and_an_edit_is_read(tmp_path,
                                                                  monkeypatch) -> None:
    """Loading by path skips reading a file whose size and change times are as before, once
    they are older than a clock tick; a file changed within it, or edited, is read anew."""
    import os

    import sim.levels
    reads: list[str] = []
    real = sim.levels.read_text

    def counted(path, *args):
        reads.append(str(path))
        return real(path, *args)

    monkeypatch.setattr(sim.levels, "read_text", counted)
    text = (levels_dir() / "tutorial.toml").read_text(encoding="utf-8")
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    first = load_level_file(path)
    assert load_level_file(path) is first and len(reads) == 2     # just written: read again
    monkeypatch.setattr(sim.levels, "_SETTLED_NS", 0)             # as if it were older
    load_level_file(path)
    assert load_level_file(path) is first and len(reads) == 3     # settled: read once
    edited = text.replace('title = "', 'title = "X', 1)[:len(text)]
    before = path.stat().st_mtime_ns
    path.write_text(edited, encoding="utf-8")                     # the same size, new times
    os.utime(path, ns=(before + 10**9, before + 10**9))           # past any clock tick
    assert load_level_file(path).title != first.title and len(reads) == 4


def test_a_push_on_everyone_is_the_push_on_every_row() -> None:
    """`apply_once` on `EVERYONE` (a slice: in place) changes the team exactly as on the rows'
    numbers, the explanation included, with and without attribution."""
    from sim.effects import EVERYONE, apply_once
    effects = {"morale": -0.2, "trust": 0.3, "exhaustion": -0.4, "safety": 0.1,
               "coached": 1.0, "reassign": 1.0}
    for attribution in (False, True):
        models = [sim.OrgModel("startup", strategy="balanced", seed=6, attribution=attribution)
                  for _ in range(2)]
        for model in models:
            model.run_quarter()
        apply_once(models[0], EVERYONE, effects, "a push")
        apply_once(models[1], np.arange(len(models[1].workforce)), effects, "a push")
        (a, b) = (m.workforce for m in models)
        for column in a.arrays:
            assert a.arrays[column].tobytes() == b.arrays[column].tobytes(), column
        assert a.kind.tobytes() == b.kind.tobytes() and a.coached.tobytes() == b.coached.tobytes()
        assert models[0].stocks == models[1].stocks
        for model in models:
            model.run_quarter()
        assert models[0].columns() == models[1].columns()
        assert str(models[0].explain(2)) == str(models[1].explain(2))


def test_week_buffers_are_kept_while_the_team_fits_and_grow_when_it_does_not() -> None:
    """The week's scratch arrays are one buffer per kind, given again while the team's blocks
    fit them (a team's size goes up and down) and made anew, larger, when they do not."""
    from sim.dynamics import WeekBuffers
    buffers = WeekBuffers()
    work, rows, leaving, plan = buffers.take(12, 10, 0)
    assert work.shape[0] == 7 and work.shape[1] >= 12 and rows.shape == (0, 10)
    assert len(leaving) >= 12 and plan.shape[0] == 2 and plan.shape[1] >= 12
    again = buffers.take(13, 13, 3)
    assert again[0] is work and again[2] is leaving and again[3] is plan
    assert again[1].shape == (3, 13) and again[1].flags.c_contiguous
    grown = buffers.take(500, 480, 9)
    assert grown[0].shape[1] >= 500 and grown[0] is not work and len(grown[2]) >= 500
    assert grown[1].shape == (9, 480) and grown[1].flags.c_contiguous
    assert buffers.take(12, 12, 0)[0] is grown[0]


def test_one_leaver_is_compacted_as_any_number_of_leavers() -> None:
    """A single leaver's row is filled by plain indexing (`Compaction.single`): the same
    arrays, 1-D and 2-D, as the index arrays give, wherever the leaver sits."""
    rng = np.random.default_rng(11)
    singles = 0
    for _ in range(300):
        n = int(rng.integers(1, 30))
        leaving = rng.random(n) < rng.choice([1.5 / n, 0.3])
        plan = Compaction.plan(leaving)
        rows = np.flatnonzero(leaving)
        keep = n - len(rows)
        holes, movers = rows[rows < keep], np.flatnonzero(~leaving[keep:]) + keep
        assert plan.keep == keep
        assert np.array_equal(plan.holes, holes) and np.array_equal(plan.movers, movers)
        assert np.array_equal(plan.leaving, rows)
        singles += plan.single is not None
        for shape in ((n,), (3, n)):
            array = rng.random(shape)
            expected = array.copy()
            expected[..., holes] = expected[..., movers]
            assert np.array_equal(plan.apply(array), expected[..., :keep])
    assert singles > 50


@pytest.mark.parametrize("level", ["knowledge_team", "change_programme", "turnaround"])
def test_the_next_week_with_cards_is_the_first_week_a_look_week_by_week_finds(level: str) -> None:
    """A span ends before the next week with cards due (`_next_due_week`), where it used to
    ask each week in turn (`_due`); the deck grows as triggered cards join it."""
    from sim.events import ScheduledEvent

    def week_by_week(model: sim.OrgModel, quarter: int, after: int) -> int | None:
        return next((week for week in range(after + 1, 14) if model._due(quarter, week)), None)

    for seed in range(6):
        model = sim.OrgModel(level, strategy="balanced", seed=seed)
        model.run()
        model.deck.append(ScheduledEvent(model.level.events[0], 2, 13))    # a late arrival
        for quarter in range(1, model.level.quarters + 2):
            for after in range(14):
                assert model._next_due_week(quarter, after) == \
                    week_by_week(model, quarter, after), (seed, quarter, after)
