"""The evidence checks of `orgsim validate` (issue 9): the field-like sampler, the criterion table,
the paired virtual experiments, and `validate --json`.

Real models, no mocks. The sampler is tested for what its docstring says it draws; the
experiments for being paired on seeds (common random numbers); the JSON file for its rows and
keys; a bad --json path for one sentence and a non-zero exit before any work. Whether the model
lands inside every published band is `test_every_published_row_holds__needs_calibration`, which
fails until the model is calibrated (issue 9).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from cli_helpers import one_sentence, orgsim

from sim.analysis import experiments as ex
from sim.analysis import validate as v
from sim.analysis.checks import MAX_BLOCK_SEEDS, SEED_BLOCKS
from sim.analysis.field import (
    FIELD,
    draw_styles,
    field_levels,
    field_sample,
    standardise,
    style_decision,
)
from sim.analysis.validate_json import ROW_KEYS
from sim.cli import main
from sim.levels import load_level
from sim.levers import lever_table
from sim.model import OrgModel

# ----- the field-like sampler ---------------------------------------------------------------------


def test_the_sampler_draws_leadership_and_management_correlated_as_stated():
    styles = draw_styles(20_000, np.random.default_rng(7))
    latent = np.corrcoef(styles["z_lead"], styles["z_manage"])[0, 1]
    assert latent == pytest.approx(FIELD.side_correlation, abs=0.02)        # .80, as stated
    shares = np.corrcoef(styles["lead_share"], styles["manage_share"])[0, 1]
    assert shares == pytest.approx(0.78, abs=0.03)     # the probit keeps it close to .80
    for side in ("lead_share", "manage_share"):        # laissez-faire: less of both
        assert np.corrcoef(styles["neglect"], styles[side])[0, 1] < -0.8
    assert styles["neglect"].mean() == pytest.approx(0.27, abs=0.02)        # ~73% spent
    assert styles[["lead_share", "manage_share"]].max().max() <= 0.5


def test_each_sides_points_are_spread_over_its_levers_and_fit_the_budget():
    styles = draw_styles(50, np.random.default_rng(1))
    table = lever_table()
    for side, column in (("leadership", "lead_share"), ("management", "manage_share")):
        spread = styles[[f"w:{lever}" for lever in table.by_side(side)]]
        assert np.allclose(spread.sum(axis=1), styles[column])
        assert (spread.to_numpy() > 0).all()           # a bit of everything on a side
    level = load_level("knowledge_team")
    decision = style_decision(styles.iloc[0], level.attention_budget)
    assert sum(decision.attention.values()) <= level.attention_budget + 1e-9
    assert set(decision.attention) == set(table.ids)


def test_teams_are_drawn_over_the_non_tutorial_levels():
    assert [level.name for level in field_levels()] == [
        "knowledge_team", "factory_floor", "startup", "change_programme", "remote_team",
        "turnaround"]


def test_validate_seeds_are_a_block_apart_from_the_tuning_seeds():
    held_out, tuning = SEED_BLOCKS["held-out"], SEED_BLOCKS["tuning"]
    assert tuning + MAX_BLOCK_SEEDS <= held_out
    assert v.DEFAULT.first_seed == held_out and v.QUICK.first_seed == held_out
    assert v.Settings(seed_block="tuning").first_seed == tuning
    assert v.Settings(seed_block="tuning").sampler_seed != v.DEFAULT.sampler_seed
    with pytest.raises(ValueError, match="seed_block"):
        v.Settings(seed_block="mine")
    with pytest.raises(ValueError, match="seed blocks"):
        v.Settings(meta_teams=MAX_BLOCK_SEEDS + 1)


# ----- the published table ------------------------------------------------------------------------

def test_judge_and_piccolo_is_quoted_criterion_by_criterion():
    table = v.JUDGE_PICCOLO_2004
    assert set(table) == {"transformational", "contingent reward",
                          "management by exception (active)", "laissez-faire"}
    for figures in table.values():
        assert len(figures) == 6
        assert all(x is None or -1.0 < x < 1.0 for x in figures.values())
    judged = {(e.behaviour, e.criterion): e for e in v.FIELD_EVIDENCE}
    assert judged["transformational", "follower job satisfaction"].published == 0.58
    assert judged["contingent reward", "group or organization performance"].published == 0.16
    assert judged["laissez-faire", "follower job satisfaction"].published == -0.28
    for evidence in judged.values():
        low, high = evidence.band
        if isinstance(evidence.published, float) and high is not None \
                and evidence.behaviour != "monitoring":
            assert (low, high) == pytest.approx((evidence.published - 0.10,
                                                 evidence.published + 0.10))
    assert judged["monitoring", "performance"].band == (-0.10, 0.10)
    assert judged["monitoring", "stress"].band == (0.0, None)


def test_each_row_is_measured_at_its_sources_level_of_analysis():
    units = {e.label: (e.unit, e.estimate) for e in v.FIELD_EVIDENCE}
    for label, (unit, estimate) in units.items():
        team_level = label.endswith("group or organization performance")
        assert unit == ("team" if team_level else "person"), label
        assert estimate == ("r|sides" if label.startswith("monitoring") else "r"), label


def test_the_field_sample_has_a_row_per_person_present_the_whole_quarter():
    sample = field_sample(12, first_seed=9000, sampler_seed=[2004, 9000])
    teams, people = sample.teams, sample.people
    assert len(teams) == 12 and set(people["seed"]) == set(teams["seed"])
    for _, team in teams.iterrows():
        mine = people[people["seed"] == team["seed"]]
        assert 0 < len(mine) <= load_level(team["level"]).team_size + 12
        assert (mine["leadership"] == team["leadership"]).all()      # their boss's style
        assert mine["worker"].is_unique
        # People's own outputs add up to no more than the team's quarter (joiners left out).
        assert 0 < mine["output"].sum() <= team["output"] + 1e-9
    corr = v.correlations(sample)
    row = "transformational x follower job satisfaction"
    y = standardise(people, "morale").to_numpy()
    assert corr[row]["r"] == pytest.approx(np.corrcoef(people["leadership"], y)[0, 1])
    ty = standardise(teams, "morale").to_numpy()
    assert corr[row]["r_teams"] == pytest.approx(np.corrcoef(teams["leadership"], ty)[0, 1])


# ----- the virtual experiments ------------------------------------------------------------------

def test_cohens_d():
    assert ex.cohens_d(np.array([2.0, 4.0]), np.array([1.0, 3.0])) == pytest.approx(
        1.0 / math.sqrt(2.0))
    assert ex.cohens_d(np.array([1.0, 3.0]), np.array([1.0, 3.0])) == 0.0
    assert ex.d_from_r(0.11) == pytest.approx(0.2214, abs=1e-4)


def test_the_arms_of_an_experiment_are_paired_on_seeds():
    level = load_level("knowledge_team")
    # Same seed, different plans: the same team at the start.
    control = OrgModel(level, decisions=[ex.plan(None)], seed=9000, quarters=4)
    treated = OrgModel(level, decisions=[ex.plan("control")], seed=9000, quarters=4)
    assert np.array_equal(control.workforce.ids, treated.workforce.ids)
    for column, values in control.workforce.arrays.items():
        assert np.array_equal(values, treated.workforce.arrays[column]), column
    # A treatment of no points is the control arm exactly: every difference is the treatment's.
    runs = ex.paired_runs(level, [9000, 9001], [None, "reward"], points=0.0)
    for quarter in ex.QUARTERS:
        for outcome in ("intrinsic", "morale", "exhaustion", "output"):
            assert ex.level_d(runs, "reward", outcome, quarter) == 0.0
    # The i-th snapshot of every arm is the same seed.
    real = ex.paired_runs(level, [9000, 9001], [None, "reward"])
    for a, b in zip(real[None][1], real["reward"][1], strict=True):
        assert np.array_equal(a.ids[:10], b.ids[:10])
    assert ex.level_d(real, "reward", "intrinsic", 1) < 0.0       # crowding out, at once


def test_the_experiments_run_on_the_validate_seed_block():
    assert ex.experiment_seeds(v.DEFAULT) == list(range(9000, 9008))
    assert ex.experiment_seeds(v.Settings(seed_block="tuning", experiment_seeds=2)) == [100, 101]
    spent = sum(ex.base_plan().values()) + ex.TREATMENT_POINTS
    assert all(spent <= level.attention_budget for level in field_levels())


# ----- validate --json ----------------------------------------------------------------------------

def _in_process(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_a_bad_json_path_is_one_sentence_before_any_work(tmp_path: Path, capsys):
    status, out, err = _in_process(capsys, "validate", "--json",
                                   str(tmp_path / "missing" / "rows.json"))
    assert status == 1 and out == ""          # refused before the first check ran
    assert "the folder" in one_sentence(err) and "does not exist" in err
    taken = tmp_path / "rows.json"
    taken.write_text("{}", encoding="utf-8")
    status, out, err = _in_process(capsys, "validate", "--json", str(taken))
    assert status == 1 and out == ""
    assert "already exists; pass --overwrite" in one_sentence(err)
    assert taken.read_text(encoding="utf-8") == "{}"
    status, out, err = _in_process(capsys, "validate", "--json", str(tmp_path), "--overwrite")
    assert status == 1 and out == "" and "is a folder" in one_sentence(err)


@pytest.mark.slow
def test_validate_json_writes_every_row(tmp_path: Path):
    out = tmp_path / "rows.json"
    done = orgsim("validate", "--quick", "--json", str(out), cwd=tmp_path, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["total"] == 8 and document["settings"]["seed_block"] == "held-out"
    rows = document["rows"]
    assert all(tuple(row) == ROW_KEYS for row in rows)
    assert done.returncode == (0 if document["held"] == 8 else 1)
    checks = {row["check"] for row in rows}
    assert len(checks) == 8
    published = [row for row in rows if row["published"] is not None]
    assert len(published) == len(v.FIELD_EVIDENCE) + 2 * len(ex.EXPERIMENTS) + 2
    for row in published:
        assert isinstance(row["model"], float) and isinstance(row["holds"], bool)
        assert isinstance(row["band"], list) and len(row["band"]) == 2 and row["source"]
    meta = {row["name"]: row for row in rows if row["check"].startswith("Virtual meta")}
    assert meta["transformational x follower job satisfaction"]["published"] == 0.58
    assert meta["transformational x follower job satisfaction"]["band"] == [0.48, 0.68]
    assert meta["monitoring x stress"]["band"] == [0.0, None]
    experiments = [row["name"] for row in rows if row["check"].startswith("Controlled")]
    assert "contingent reward -> intrinsic motivation, quarter 1" in experiments
    assert "contingent reward -> intrinsic motivation, quarter 4" in experiments
    # Every printed row is in the file, and an existing file needs --overwrite.
    for row in published:
        assert row["name"] in done.stdout
    again = orgsim("validate", "--quick", "--json", str(out), "--overwrite", "--seeds", "1",
                   cwd=tmp_path, timeout=300)
    assert again.returncode in (0, 1), again.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["settings"]["seeds"] == 1


# ----- after calibration ------------------------------------------------------------------------

PUBLISHED_ROWS = [
    *(e.label for e in v.FIELD_EVIDENCE),
    *(f"{e.label}, quarter {q}" for e in ex.EXPERIMENTS for q in ex.QUARTERS),
    *(f"contingent reward -> output, routine - knowledge, quarter {q}" for q in ex.QUARTERS),
]


@pytest.fixture(scope="module")
def published_rows() -> dict[str, v.Comparison]:
    """Every published row at the full settings on the held-out seeds (about 25 s, once)."""
    results = [v.meta_analysis(v.DEFAULT), v.virtual_experiments(v.DEFAULT)]
    return {c.label: c for r in results for c in r.comparisons}


#: Rows the model does not yet land inside their band (issue 9 is open for them). Strict: a row
#: that starts to hold fails here until it is taken off the list.
NOT_YET = {
    "transformational x group or organization performance",
    "contingent reward x follower job satisfaction", "contingent reward x follower motivation",
    "contingent reward x group or organization performance",
    "laissez-faire x follower job satisfaction", "laissez-faire x follower motivation",
    "intrinsic motivation x performance", "competence x performance",
    "autonomy x performance", "relatedness x performance",
    # Held until model 0.5.0, whose larger event decks lift it to d +.57 (band up to +.53).
    "positive feedback -> intrinsic motivation, quarter 4",
}
_ROWS = [pytest.param(row, marks=pytest.mark.xfail(strict=True, reason="issue 9: not calibrated"))
         if row in NOT_YET else row for row in PUBLISHED_ROWS]


@pytest.mark.slow
@pytest.mark.parametrize("row", _ROWS)
def test_every_published_row_holds__needs_calibration(published_rows, row: str):
    """Issue 9's Done-when: each row of the meta-analysis and the experiments inside its band,
    at the full settings on the held-out seeds. The rows in NOT_YET do not hold yet."""
    assert set(published_rows) == set(PUBLISHED_ROWS)
    assert published_rows[row].holds, published_rows[row].text
