"""The workshop's debrief report: real session folders, real games played by scripted bosses
through the game's own result format, `orgsim workshop collect`, and the report (in process
and through the real CLI)."""

from __future__ import annotations

import copy
import csv
import html
import html.parser
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import child_env, ctrl_c_stops, one_sentence, orgsim

import sim
from sim.cli import main
from sim.workshop import WorkshopError, collect, load_session, new_session
from sim.workshop import luck as luck_mod
from sim.workshop.luck import Runner, SpreadJob, plan_of, replay, spread_seeds
from sim.workshop.prompts import Context, TeamView, load_prompts
from sim.workshop.report import (
    BOSSES,
    Reporter,
    leaderboard_csv,
    rank_key,
    render_html,
    watch,
)
from sim.workshop.results import EDITED, OTHER_VERSION, attention_shares
from sim.workshop.turning import turning_quarter

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

LEVEL, SEED, QUARTERS = "knowledge_team", 7, 5
TEAMS = "Red,Blue,Green,Gold"
#: Who plays each team: Green's random boss uses one-to-ones and lets people go.
PLAYERS = {"Red": "leader", "Blue": "manager", "Green": "random"}
FEW = 3            # seeds for the in-process reports (the CLI test plays the full 50)


def _play(session: Any, team: str, boss: str) -> dict[str, Any]:
    """A finished game as the game writes its result (game/results.py), for a workshop team."""
    from game.results import build_debrief, result_data
    from game.session import Session as Game

    game = Game(session.spec.level, session.spec.seed, session.overrides)
    strategy = sim.get_strategy(boss)
    while not game.finished:
        game.play_quarter(strategy.decide(game.model))
    return {**result_data(build_debrief(game)), "team": team, "session_code": session.code}


def _write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def games(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict]]:
    """A session folder (no results yet) and the games' result data: Red, Blue, Green, and a
    practice game of Red's played as a manager."""
    folder = tmp_path_factory.mktemp("games") / "class"
    session = new_session(folder, LEVEL, SEED, TEAMS, quarters=QUARTERS)
    data = {team: _play(session, team, boss) for team, boss in PLAYERS.items()}
    data["red_practice"] = {**_play(session, "Red", "manager"), "practice": True}
    return folder, data


def _room(tmp_path: Path, games: tuple[Path, dict[str, dict]]) -> tuple[Path, dict]:
    """A fresh copy of the empty session folder, and the games' data to edit."""
    folder = tmp_path / "class"
    shutil.copytree(games[0], folder)
    return folder, copy.deepcopy(games[1])


def _class(tmp_path: Path, games: tuple[Path, dict[str, dict]]) -> Path:
    """A class as collected: Red and Blue honest, Green's output edited after the game, Red's
    practice game, a truncated file for Gold and a stray file in results/."""
    folder, data = _room(tmp_path, games)
    inbox = tmp_path / "usb"
    inbox.mkdir()
    data["Green"]["table"][1]["output"] += 500.0
    files = [_write(inbox / f"{name}.json", data[name]) for name in
             ("Red", "Blue", "Green", "red_practice")]
    lines = collect(folder, files)
    assert "flagged as edited" in lines[2] and "kept as practice" in lines[3], lines
    (folder / "results" / "gold.json").write_text('{"format": "orgsim-result", "vers')
    (folder / "results" / "notes.txt").write_text("remember the projector")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, games: tuple[Path, dict[str, dict]]
          ) -> tuple[Path, Any, str]:
    """The class's report on a few seeds, built once, and its page."""
    folder = _class(tmp_path_factory.mktemp("built"), games)
    report = Reporter(folder, workers=1, n_seeds=FEW).build()
    return folder, report, render_html(report)


# ----- the leaderboard -----------------------------------------------------------------------
def test_the_leaderboard_ranks_the_re_run_figures(built: tuple[Path, Any, str]) -> None:
    folder, report, _ = built
    session = load_session(folder)
    assert sorted(r.name for r in report.board) == ["Blue", "Green", "Red"]
    assert report.missing == ("Gold",)
    level = session.level()
    for row in report.board:
        rerun = sim.OrgModel(level, seed=SEED, decisions=next(
            r.decisions for r in report.results if r.team == row.name)).run()
        goals = sim.score(level, rerun)
        assert row.outcome.stars == sim.stars(goals)
        assert row.outcome.output == pytest.approx(float(rerun["output_cum"].iloc[-1]))
        assert row.outcome.morale == pytest.approx(float(rerun["morale"].iloc[-1]))
        assert row.outcome.quits == float(rerun["quits"].sum())
    keys = [rank_key(row.outcome) for row in report.board]
    assert keys == sorted(keys, reverse=True)
    assert [row.rank for row in report.board] == [1, 2, 3]


def test_an_edited_result_is_flagged_and_its_edit_changes_nothing(
        built: tuple[Path, Any, str], games: tuple[Path, dict[str, dict]]) -> None:
    _, report, page = built
    green = next(row for row in report.board if row.name == "Green")
    assert green.integrity.verdict == EDITED
    assert "in quarter 2" in green.integrity.detail
    honest = sum(r["output"] for r in games[1]["Green"]["table"])
    assert green.outcome.output == pytest.approx(honest), "the re-run's output, not the file's"
    assert all(row.integrity.ok for row in report.board if row.name != "Green")
    flagged = re.search(r'<tr class="team-row flagged" data-team="Green">.*?</tr>', page, re.S)
    assert flagged and "⚠ flagged: edited" in flagged.group(0)
    assert page.count("team-row flagged") == 1


def test_practice_games_are_left_out_and_bad_files_are_listed(built: tuple[Path, Any, str]
                                                              ) -> None:
    folder, report, page = built
    assert len(list((folder / "results" / "practice").iterdir())) == 1
    assert [r.team for r in report.results].count("Red") == 1
    red = next(r for r in report.results if r.team == "Red")
    assert not red.practice and red.shares[0].leadership == pytest.approx(1.0)
    refused = {r.file: r.reason for r in report.refused}
    assert set(refused) == {"gold.json", "notes.txt"}
    assert "not valid JSON" in refused["gold.json"]
    assert "no team of this session has this file name" in refused["notes.txt"]
    assert all("\n" not in reason for reason in refused.values())
    assert "Files not counted (2)" in page and "results/notes.txt" in page
    assert "No result yet from <b>Gold</b>" in page


def test_a_file_from_another_model_version_is_flagged_so(
        tmp_path: Path, games: tuple[Path, dict[str, dict]]) -> None:
    folder, data = _room(tmp_path, games)
    _write(folder / "results" / "red.json", {**data["Red"], "orgsim_version": "0.3.0"})
    _write(folder / "results" / "blue.json", {**data["Red"], "team": "Blue",
                                              "practice": True})
    report = Reporter(folder, workers=1, n_seeds=1).build()
    (red,) = report.board
    assert red.integrity.verdict == OTHER_VERSION
    assert "marks Blue's game as practice" in report.refused[0].reason
    page = render_html(report)
    assert "⚠ flagged: another model version" in page and "made with orgsim" in page


def test_teams_that_played_the_same_game_share_a_rank(
        tmp_path: Path, games: tuple[Path, dict[str, dict]]) -> None:
    folder, data = _room(tmp_path, games)
    _write(folder / "results" / "red.json", data["Red"])
    _write(folder / "results" / "gold.json", {**data["Red"], "team": "Gold"})
    _write(folder / "results" / "blue.json", data["Blue"])
    report = Reporter(folder, workers=1, n_seeds=2).build()
    ranks = {row.name: row.rank for row in report.board}
    digests = {r.team: r.digest for r in report.results}
    assert ranks["Red"] == ranks["Gold"] and digests["Red"] == digests["Gold"]
    assert sorted(ranks.values()) in ([1, 1, 3], [1, 2, 2])
    assert all(len(s.outcomes) == 2 for s in report.spreads), "one replay per game and seed"
    rows = list(csv.DictReader(io.StringIO(leaderboard_csv(report))))
    assert sorted(int(r["rank"]) for r in rows) == sorted(ranks.values())


# ----- the bosses, attention, spread, turning points, prompts --------------------------------
def test_each_team_is_shown_beside_the_three_bosses_on_the_same_seed(
        built: tuple[Path, Any, str]) -> None:
    folder, report, page = built
    session = load_session(folder)
    assert tuple(report.bosses) == BOSSES
    for name, table in report.bosses.items():
        own = sim.OrgModel(LEVEL, strategy=name, seed=SEED, **session.overrides).run()
        assert table.equals(own)
        assert len(table) == QUARTERS
    assert report.best_boss in BOSSES
    for r in report.results:
        assert f"{r.team}'s morale and output per quarter beside the leader, manager " \
               "and balanced bosses" in page
    assert page.count('<figure class="card" id="path-') == 3
    for boss in BOSSES:
        assert f"{boss} boss" in page


def test_attention_shares_per_quarter_are_the_teams_own(built: tuple[Path, Any, str]) -> None:
    folder, report, page = built
    level = load_session(folder).level()
    for r in report.results:
        assert r.shares == attention_shares(level, r.decisions)
        assert len(r.shares) == QUARTERS
        row = re.search(rf'<tr data-team="{r.team}"><td>{r.team}</td>(.*?)</tr>', page, re.S)
        shown = re.findall(r'<td class="n">(\d+)%</td>', row.group(1))
        assert shown == [f"{s.leadership * 100:.0f}" for s in r.shares]
    red = next(r for r in report.results if r.team == "Red")
    blue = next(r for r in report.results if r.team == "Blue")
    assert all(s.leadership == pytest.approx(1.0) for s in red.shares)
    assert all(s.management == pytest.approx(1.0) for s in blue.shares)


def test_the_spread_replays_every_plan_on_the_same_other_seeds(built: tuple[Path, Any, str]
                                                                ) -> None:
    _, report, page = built
    assert report.seeds == spread_seeds(SEED, FEW)
    assert len(report.spreads) == 4 and report.spreads[-1].boss
    assert report.spreads[-1].name == f"{report.best_boss} boss"
    for spread in report.spreads:
        assert [o.seed for o in spread.outcomes] == list(report.seeds)
        assert sum(spread.star_counts) == FEW
    by_name = {s.name: s for s in report.spreads}
    assert by_name["Red"].attempted == 0 and by_name["Blue"].attempted == 0
    green = by_name["Green"]
    assert green.attempted > 0 and 0 <= green.dropped <= green.attempted
    assert f"{green.dropped} of {green.attempted}" in page
    for s in report.spreads[:-1]:
        assert 0 <= s.beat_boss <= FEW
        assert s.verdict in (("robust", "mixed", "fragile") if s.own.stars
                             else ("unlucky", "no stars"))
    assert "Luck or skill?" in page and "Stars on the other seeds" in page


def test_a_plan_replays_its_own_run_exactly_and_maps_people_by_role() -> None:
    level = sim.load_level(LEVEL).with_overrides(quarters=QUARTERS)
    model = sim.OrgModel(level, strategy="random", seed=SEED)
    own = model.run()
    decisions = model.decisions
    named = sum(len(d.one_to_one) + len(d.let_go) for d in decisions)
    assert named > 0, "the random boss names people on this seed"
    plan = plan_of(level, SEED, decisions)
    assert plan.people_actions == named
    table, dropped = replay(level, plan, SEED)
    columns = [c for c in own.columns if c != "strategy"]
    assert dropped == 0 and table[columns].equals(own[columns])
    for seed in spread_seeds(SEED, 4):
        other, lost = replay(level, plan, seed)
        assert len(other) == QUARTERS and 0 <= lost <= named
    assert spread_seeds(SEED) == spread_seeds(SEED) and SEED not in spread_seeds(SEED)
    assert len(set(spread_seeds(SEED))) == 50 and spread_seeds(SEED + 1) != spread_seeds(SEED)


def test_turning_points_name_the_quarter_and_the_causes(built: tuple[Path, Any, str]) -> None:
    _, report, page = built
    best = report.bosses[report.best_boss]
    assert [t.team for t in report.turning] == [r.team for r in report.results]
    for t, r in zip(report.turning, report.results, strict=True):
        quarter = turning_quarter(r.table, best)
        assert t.quarter == quarter and t.boss == report.best_boss
        if quarter is None:
            continue
        gap = (r.table["morale"] - best["morale"]).tolist()
        before = gap[quarter - 2] if quarter > 1 else 0.0
        assert t.step == pytest.approx(gap[quarter - 1] - before, abs=1e-9)
        assert t.causes and all(abs(c.difference) > 0 for c in t.causes)
        sizes = [abs(c.difference) for c in t.causes]
        assert sizes == sorted(sizes, reverse=True)
        assert re.search(rf'data-team="{t.team}">\s*<h3>.*?{t.team}: quarter {quarter}</h3>',
                         page, re.S)
        assert t.causes[0].label in html.unescape(page)
        assert "of attention on leadership" in t.team_decision


def test_prompts_follow_the_seed_texts_claims_and_what_teams_did(
        built: tuple[Path, Any, str]) -> None:
    _, report, page = built
    book = load_prompts()
    assert [c.id for c in book.claims] == ["quick", "long", "knowledge", "together"]
    assert [p.claim.id for p in report.prompts] == ["quick", "long", "knowledge", "together"]
    knowledge = report.prompts[2]
    assert knowledge.when.startswith("knowledge_work"), "knowledge_team is knowledge work"
    for p in report.prompts:
        assert p.claim.quote in html.unescape(page)
        assert "{" not in p.text
    level = sim.load_level("factory_floor").with_overrides(quarters=4)
    bosses = {b: sim.OrgModel(level, strategy=b, seed=1).run() for b in BOSSES}
    manager = sim.OrgModel(level, strategy="manager", seed=1)
    table = manager.run()
    view = TeamView("Ops", table, attention_shares(level, manager.decisions))
    chosen = {p.claim.id: p for p in book.choose(Context(level, (view,), bosses, "manager"))}
    assert chosen["knowledge"].when == "routine_work", "the factory floor is routine work"
    assert chosen["together"].when == "one_sided_team_on_top"
    assert "Ops finished on top with 100% of its attention on management" in \
        chosen["together"].text


@pytest.mark.parametrize("text, message", [
    ("claims = 3\n", "key 'claims' must be a table"),
    ('[claims.a]\ntitle = "A"\nquote = "q"\n', "key 'prompts' must be a list"),
    ('[claims.a]\ntitle = "A"\n[[prompts]]\nclaim = "a"\nwhen = "always"\ntext = "x"\n',
     "claims.a: key 'quote' must be a text"),
    ('[claims.a]\ntitle = "A"\nquote = "q"\n[[prompts]]\nclaim = "b"\nwhen = "always"\n'
     'text = "x"\n', "prompt 1: key 'claim' must be one of a"),
    ('[claims.a]\ntitle = "A"\nquote = "q"\n[[prompts]]\nclaim = "a"\nwhen = "sometimes"\n'
     'text = "x"\n', "prompt 1: key 'when' must be one of always"),
    ('[claims.a]\ntitle = "A"\nquote = "q"\n[[prompts]]\nclaim = "a"\nwhen = "always"\n'
     'text = "{teams} did it"\n', "uses {teams}, which condition 'always' does not give"),
    ('[claims.a]\ntitle = "A"\nquote = "q"\n[[prompts]]\nclaim = "a"\nwhen = "always"\n'
     'text = "{oops"\n', "key 'text' is not a valid template"),
])
def test_a_bad_prompt_file_is_one_sentence(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "prompts.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WorkshopError, match=re.escape(message)) as caught:
        load_prompts(path)
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)


# ----- the page and the CSV ------------------------------------------------------------------
class _Refs(html.parser.HTMLParser):
    """Every attribute that could load something, and the tags used."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.refs += [v or "" for k, v in attrs if k in ("src", "href", "xlink:href", "srcset",
                                                         "action", "data", "poster")]


def test_the_page_is_self_contained_and_prints(built: tuple[Path, Any, str]) -> None:
    folder, _, page = built
    refs = _Refs()
    refs.feed(page)
    assert all(r.startswith("#") for r in refs.refs), refs.refs[:5]
    assert not refs.tags & {"script", "link", "iframe", "img", "object", "embed"}
    assert not re.search(r"https?:|//[a-z]|@import|url\((?!#)", page, re.I)
    assert page.count("<svg") == 3 + 2, "three paths, the attention and the spread"
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "no two charts share an id"
    assert "@media print" in page and "font-size: 20px" in page
    assert 'http-equiv="refresh"' not in page
    session = load_session(folder)
    assert session.secret not in page and not any(t.token in page for t in session.teams)


def test_the_csv_holds_the_leaderboard_with_team_names_only(built: tuple[Path, Any, str]
                                                             ) -> None:
    folder, report, _ = built
    text = leaderboard_csv(report)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["rank", "team", "stars", "output", "morale", "quits", "integrity"]
    assert [r["team"] for r in rows] == [row.name for row in report.board]
    assert [int(r["rank"]) for r in rows] == [1, 2, 3]
    green = next(r for r in rows if r["team"] == "Green")
    assert green["integrity"] == "edited"
    for r, row in zip(rows, report.board, strict=True):
        assert float(r["output"]) == pytest.approx(row.outcome.output, abs=0.05)
        assert int(r["stars"]) == row.outcome.stars
    session = load_session(folder)
    assert session.secret not in text and not any(t.token in text for t in session.teams)


def test_a_level_with_money_shows_the_budget_and_an_empty_class_still_reports(
        tmp_path: Path) -> None:
    folder = tmp_path / "startup"
    session = new_session(folder, "startup", 3, "Red,Blue", quarters=2)
    empty = Reporter(folder, workers=1, n_seeds=1).build()
    assert empty.has_money and not empty.results and empty.missing == ("Red", "Blue")
    page = render_html(empty, live=2.5)
    assert "No team results yet" in page and '<meta http-equiv="refresh" content="3">' in page
    assert leaderboard_csv(empty).splitlines() == [
        "rank,team,stars,output,morale,quits,budget_left,integrity"]
    collect(folder, [_write(tmp_path / "red.json", _play(session, "Red", "balanced"))])
    report = Reporter(folder, workers=1, n_seeds=1).build()
    (row,) = report.board
    assert row.outcome.budget_left == pytest.approx(
        float(report.results[0].table["budget_left"].iloc[-1]))
    assert "Budget left" in render_html(report)
    (line,) = list(csv.DictReader(io.StringIO(leaderboard_csv(report))))
    assert float(line["budget_left"]) == pytest.approx(row.outcome.budget_left, abs=0.05)


@pytest.mark.slow
def test_the_report_is_the_same_whatever_the_number_of_workers(
        tmp_path: Path, games: tuple[Path, dict[str, dict]]) -> None:
    jobs = [SpreadJob(sim.load_level(LEVEL).with_overrides(quarters=2), who, (s,))
            for who in ("leader", "manager") for s in spread_seeds(SEED, 3)]
    assert Runner(1).map(jobs) == Runner(2).map(jobs)
    folder = _class(tmp_path, games)
    one = Reporter(folder, workers=1, n_seeds=2).build()
    two = Reporter(folder, workers=2, n_seeds=2).build()
    assert two.workers == 2
    assert one.spreads == two.spreads and one.turning == two.turning
    strip = re.compile(r"Made by orgsim .*? from")
    assert strip.sub("", render_html(one)) == strip.sub("", render_html(two))


def test_watch_rebuilds_when_a_result_arrives_and_replays_only_the_new_team(
        tmp_path: Path, games: tuple[Path, dict[str, dict]], monkeypatch: pytest.MonkeyPatch
        ) -> None:
    folder, data = _room(tmp_path, games)
    _write(folder / "results" / "red.json", data["Red"])
    reporter = Reporter(folder, workers=1, n_seeds=1)
    lines: list[str] = []
    played: list[str] = []
    real = luck_mod.plan_of

    def spy(level: Any, seed: int, decisions: Any) -> Any:
        played.append("plan")
        return real(level, seed, decisions)

    monkeypatch.setattr("sim.workshop.report.plan_of", spy)

    def arrive(_seconds: float) -> None:
        if not (folder / "results" / "blue.json").exists():
            collect(folder, [_write(tmp_path / "blue.json", data["Blue"])])

    out, table = tmp_path / "live.html", tmp_path / "live.csv"
    watch(reporter, out, table, 1.0, echo=lines.append, rounds=3, sleep=arrive)
    assert len(lines) == 2, "built once, then once more when Blue arrived"
    assert "1 team on the leaderboard" in lines[0] and "2 teams" in lines[1]
    assert played == ["plan", "plan"], "Red's replays were kept"
    page = out.read_text()
    assert '<meta http-equiv="refresh" content="1">' in page and 'data-team="Blue"' in page
    assert {r["team"] for r in csv.DictReader(io.StringIO(table.read_text()))} == {"Red", "Blue"}


# ----- the command line ----------------------------------------------------------------------
@pytest.mark.parametrize("args, message", [
    (["--live", "0"], "expected seconds from 1 to 3600"),
    (["--live", "soon"], "expected seconds from 1 to 3600"),
    (["--workers", "0"], "expected at least 1"),
    (["--workers", "65"], "expected 1 to 64 worker processes"),
])
def test_bad_options_are_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      args: list[str], message: str) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["workshop", "report", str(tmp_path), "--out", str(tmp_path / "r.html"), *args])
    err = capsys.readouterr().err
    assert exited.value.code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_bad_input_is_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   games: tuple[Path, dict[str, dict]]) -> None:
    folder, _ = _room(tmp_path, games)
    out = str(tmp_path / "r.html")
    cases = [
        ([str(tmp_path / "none"), "--out", out], "no such session folder"),
        ([str(tmp_path), "--out", out], "no such session file"),
        ([str(folder), "--out", str(tmp_path / "no" / "r.html")],
         "does not exist (create it first)"),
        ([str(folder), "--out", out, "--csv", out], "is the report itself"),
    ]
    for argv, message in cases:
        assert main(["workshop", "report", *argv]) == 1
        err = capsys.readouterr().err
        assert message in err and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "r.html").exists()
    (tmp_path / "r.html").write_text("mine")
    assert main(["workshop", "report", str(folder), "--out", out]) == 1
    assert "already exists; pass --overwrite" in capsys.readouterr().err
    assert (tmp_path / "r.html").read_text() == "mine"
    results = folder / "results"
    shutil.rmtree(results)
    results.symlink_to(tmp_path)
    assert main(["workshop", "report", str(folder), "--out", str(tmp_path / "x.html")]) == 1
    assert "is not a folder of the session's own" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


def test_jinja_and_matplotlib_are_not_loaded_by_import_sim_or_help() -> None:
    code = ("import sys, sim\nfrom sim.cli import build_parser\nbuild_parser()\n"
            "print(sorted(m for m in ('jinja2', 'matplotlib', 'sim.workshop.report') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], env=child_env(), capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.slow
def test_the_report_through_the_real_cli_with_the_full_spread(
        tmp_path: Path, games: tuple[Path, dict[str, dict]]) -> None:
    _class(tmp_path, games)
    started = time.perf_counter()
    done = orgsim("workshop", "report", "class", "--out", "report.html", cwd=tmp_path,
                  timeout=600)
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = done.stdout.splitlines()
    assert out[0].startswith("not counted: ") and "gold.json" in out[0]
    assert out[-1] == ("report.html: 3 teams on the leaderboard; no result yet from Gold; "
                       "flagged: Green; 2 files refused (listed in the report); leaderboard "
                       "CSV report.csv")
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "report.csv").read_text())))
    assert sorted(r["team"] for r in rows) == ["Blue", "Green", "Red"]
    assert page.count(" of 50</b> (") == 3, "each team's result held on k of 50 seeds"
    assert page.count(" of 50 seeds</td>") == 3
    assert f"Other seeds: {', '.join(map(str, spread_seeds(SEED)))}." in page
    assert "⚠ flagged: edited" in page
    again = orgsim("workshop", "report", "class", "--out", "report.html", "--csv", "b.csv",
                   "--overwrite", "--workers", "1", cwd=tmp_path, timeout=600)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "b.csv").read_text() == (tmp_path / "report.csv").read_text()
    print(f"report of 3 teams with the 50-seed spread: {seconds:.1f} s")


@pytest.mark.slow
def test_live_report_through_the_real_cli(tmp_path: Path,
                                          games: tuple[Path, dict[str, dict]]) -> None:
    folder, data = _room(tmp_path, games)
    cmd = [sys.executable, "-m", "sim.cli", "workshop", "report", "class", "--out", "live.html",
           "--live", "1", "--workers", "1"]
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=child_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=ctrl_c_stops)
    try:
        page = tmp_path / "live.html"
        _wait(lambda: page.exists() and "No team results yet" in page.read_text())
        collect(folder, [_write(tmp_path / "red.json", data["Red"])])
        _wait(lambda: 'data-team="Red"' in page.read_text(), timeout=300)
        assert '<meta http-equiv="refresh" content="1">' in page.read_text()
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("live: live.html is rebuilt when results arrive")
    assert "0 teams on the leaderboard" in lines[1]
    assert any("1 team on the leaderboard" in line for line in lines[2:])
    assert lines[-1] == "live report stopped; live.html holds the last version"


def _wait(ready: Any, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while not ready():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.2)


def test_a_missing_session_folder_through_the_cli(tmp_path: Path) -> None:
    done = orgsim("workshop", "report", "nowhere", "--out", "r.html", cwd=tmp_path)
    assert done.returncode == 1
    assert one_sentence(done.stderr) == "orgsim: error: nowhere: no such session folder"


def test_without_jinja2_the_report_says_which_extra_at_once(tmp_path: Path):
    """Installed without the `workshop` extra: one sentence before any replay, no traceback."""
    from sim.workshop import new_session

    new_session(tmp_path / "class", "tutorial", 3, ["Red"])
    code = ("import sys; sys.modules['jinja2'] = None; sys.modules['markupsafe'] = None; "
            "from sim.cli import main; sys.exit(main(sys.argv[1:]))")
    out = subprocess.run([sys.executable, "-c", code, "workshop", "report",
                          str(tmp_path / "class"), "--out", str(tmp_path / "r.html")],
                         env=child_env(), capture_output=True, text=True, timeout=60,
                         check=False)
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert "orgsim[workshop]" in one_sentence(out.stderr)
    assert not (tmp_path / "r.html").exists()
