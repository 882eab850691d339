"""The headless workshop core: session codes, session folders, team results re-run and
checked, and `orgsim workshop new | collect` (real files, the real model, the real CLI)."""

from __future__ import annotations

import copy
import itertools
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import one_sentence, orgsim

import sim
from sim.cli import main
from sim.limits import MAX_SEED
from sim.workshop import (
    Rules,
    SessionSpec,
    WorkshopError,
    collect,
    collect_results,
    decode,
    encode,
    lesson_warning,
    load_session,
    new_session,
    read_team_result,
)
from sim.workshop import code as codes
from sim.workshop.results import EDITED, OTHER_SESSION, OTHER_VERSION

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

LEVEL, SEED, QUARTERS = "knowledge_team", 7, 5


# ----- session codes -------------------------------------------------------------------------
def _specs() -> list[SessionSpec]:
    levels = sorted(sim.level_names())
    seeds = (0, 1, 99, 2**24 - 1, 2**24, 2**44 - 1, 2**44, MAX_SEED)
    rules = (Rules(), Rules(preview=True), Rules(practice_after_first=False),
             Rules(True, False))
    return [SessionSpec(level, seed, quarters, minutes, rule)
            for level, seed, (quarters, minutes), rule in itertools.product(
                levels, seeds, ((0, 0), (1, 63), (40, 12)), rules)]


def test_codes_round_trip_for_many_specs() -> None:
    for spec in _specs():
        code = encode(spec)
        assert decode(code) == spec
        chars = code.replace("-", "")
        assert len(chars) == (16 if spec.seed < 2**24 else 20 if spec.seed < 2**44 else 24)
        assert all(len(group) == 4 for group in code.split("-"))
        assert set(chars) <= set(codes.ALPHABET)
        typed = " ".join(code.lower().split("-")).replace("1", "l").replace("0", "O")
        assert decode(typed) == spec, "case, I/L/O and spaces are forgiven"


def test_every_mistyped_character_and_swapped_neighbours_are_caught() -> None:
    for spec in (SessionSpec(LEVEL, 7, 5, 8), SessionSpec("tutorial", 2**40, 0, 0)):
        chars = encode(spec).replace("-", "")
        typos = [chars[:i] + c + chars[i + 1:] for i in range(len(chars))
                 for c in codes.ALPHABET if c != chars[i]]
        typos += [chars[:i] + chars[i + 1] + chars[i] + chars[i + 2:]
                  for i in range(len(chars) - 1) if chars[i] != chars[i + 1]]
        for typo in typos:
            with pytest.raises(WorkshopError, match="checksum does not match: check it for a "
                                                    "typo"):
                decode(typo)


def test_a_code_from_another_version_names_both_versions() -> None:
    code = encode(SessionSpec(LEVEL, 7, version="0.3.9"))
    with pytest.raises(WorkshopError) as caught:
        decode(code)
    message = str(caught.value)
    assert "made for orgsim 0.3.9" in message and f"this is orgsim {sim.__version__}" in message


def _crafted(level_index: int = 0, quarters: int = 0, rules: int = 0) -> str:
    """A code with a valid checksum holding what `encode` never writes."""
    version = codes.version_parts(sim.__version__)
    payload, width = codes._pack([*zip(version, codes.VERSION_BITS, strict=True),
                                  (level_index, 5), (quarters, 6), (0, 6), (rules, 8), (7, 24)])
    number = payload << codes.CHECK_BITS | codes._crc(payload, width)
    return "".join(codes.ALPHABET[number >> 5 * (15 - i) & 31] for i in range(16))


@pytest.mark.parametrize("code, message", [
    ("", "has 0 characters"),
    ("042H-1901-0000-7AN", "has 15 characters; a session code has 16, 20 or 24"),
    ("042H-1901-0000-7ANU", "holds 'U', which no session code has"),
    ("042H-1901-0000-7AN#", "holds '#'"),
    (_crafted(level_index=31), "names level number 32, but this orgsim has"),
    (_crafted(quarters=41), "more quarters or a larger seed than orgsim plays"),
    (_crafted(rules=128), "sets rules this orgsim does not know"),
])
def test_bad_codes_get_one_sentence(code: str, message: str) -> None:
    with pytest.raises(WorkshopError, match=message) as caught:
        decode(code)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("spec, message", [
    (SessionSpec("levels/tutorial.toml", 1), "plays a built-in level"),
    (SessionSpec("no_such_level", 1), "plays a built-in level"),
    (SessionSpec(LEVEL, -1), "seed must be a whole number from 0"),
    (SessionSpec(LEVEL, MAX_SEED + 1), "seed must be a whole number from 0"),
    (SessionSpec(LEVEL, 1, quarters=41), "1 to 40 quarters"),
    (SessionSpec(LEVEL, 1, minutes=64), "from 0 \\(no timer\\) to 63"),
    (SessionSpec(LEVEL, 1, version="1.64.0"), "beyond what a session code holds"),
    (SessionSpec(LEVEL, 1, version="dev"), "is not major.minor.patch"),
])
def test_encode_refuses_what_a_code_cannot_hold(spec: SessionSpec, message: str) -> None:
    with pytest.raises(WorkshopError, match=message):
        encode(spec)


# ----- session folders -----------------------------------------------------------------------
def _new(folder: Path, **kw: Any) -> Any:
    args = {"level": LEVEL, "seed": SEED, "teams": "Red,Blue,Green", "quarters": QUARTERS,
            **kw}
    return new_session(folder, **args)


def test_new_session_writes_a_private_folder_that_loads_back(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    session = _new(folder, minutes=8, boss="leader")
    assert sorted(p.name for p in folder.iterdir()) == ["results", "session.json"]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "session.json").stat().st_mode) == 0o600
    data = json.loads((folder / "session.json").read_text())
    assert data["format"] == "orgsim-workshop" and data["version"] == 1
    assert data["orgsim_version"] == sim.__version__
    assert (data["level"], data["seed"], data["quarters"], data["minutes"], data["boss"]) == \
        (LEVEL, SEED, QUARTERS, 8, "leader")
    assert data["rules"] == {"preview": False, "practice_after_first": True}
    assert [t["name"] for t in data["teams"]] == ["Red", "Blue", "Green"]
    tokens = [t["token"] for t in data["teams"]]
    assert len(set(tokens)) == 3 and all(len(t) >= 16 for t in tokens)
    assert len(data["facilitator_secret"]) >= 24 and data["facilitator_secret"] not in tokens
    assert decode(data["code"]) == SessionSpec(LEVEL, SEED, QUARTERS, 8)
    assert load_session(folder) == session
    assert list(tmp_path.iterdir()) == [folder], "nothing written beside the folder"


def test_new_session_again_is_harmless_and_another_session_is_refused(tmp_path: Path) -> None:
    first = _new(tmp_path / "s")
    assert _new(tmp_path / "s") == first, "same session: secrets unchanged"
    with pytest.raises(WorkshopError, match="already holds another session"):
        _new(tmp_path / "s", seed=SEED + 1)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(WorkshopError, match="is not empty; a new session needs an empty"):
        _new(tmp_path / "other")
    assert (tmp_path / "other" / "notes.txt").read_text() == "mine"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _new(empty).folder == empty


@pytest.mark.parametrize("change, message", [
    ({"level": "levels/knowledge_team.toml"}, "plays a built-in level .*, not a level file"),
    ({"level": "nowhere"}, "plays a built-in level .*, not the unknown level 'nowhere'"),
    ({"teams": ""}, "team 1 is empty"),
    ({"teams": "Red,,Blue"}, "team 2 is empty"),
    ({"teams": ",".join(f"T{i}" for i in range(11))}, "1 to 10 teams, got 11"),
    ({"teams": "Red,Blue,Red"}, "team 'Red' is given twice"),
    ({"teams": "Red Team,red-team"}, "would share one result file"),
    ({"teams": "Red,Bl/ue"}, "holds '/'"),
    ({"teams": "Red,<b>Blue</b>"}, "holds '<'"),
    ({"teams": "A" * 25}, "is 25 characters long"),
    ({"teams": "-Red"}, "starts with '-'"),
    ({"boss": "nobody"}, "unknown strategy 'nobody'"),
    ({"quarters": 0}, "the quarters must be a whole number from 1 to 40"),
    ({"quarters": 41}, "the quarters must be a whole number from 1 to 40"),
    ({"minutes": 64}, "minutes per quarter .* from 0 to 63"),
    ({"seed": -3}, "seed must be a whole number from 0"),
    ({"seed": True}, "seed must be a whole number from 0"),
])
def test_new_session_refuses_bad_input_with_one_sentence(
        tmp_path: Path, change: dict[str, Any], message: str) -> None:
    with pytest.raises(sim.OrgsimError, match=message) as caught:
        _new(tmp_path / "s", **change)
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "s").exists(), "nothing is made for a refused session"


def test_new_session_needs_the_parent_folder(tmp_path: Path) -> None:
    with pytest.raises(sim.OrgsimError, match="does not exist"):
        _new(tmp_path / "missing" / "s")
    (tmp_path / "file").write_text("x")
    with pytest.raises(sim.OrgsimError, match="is a file, not a folder"):
        _new(tmp_path / "file")


def test_team_names_are_cleaned_and_matched_loosely(tmp_path: Path) -> None:
    session = _new(tmp_path / "s", teams=" Red   Team , Grün,Équipe 2")
    assert [t.name for t in session.teams] == ["Red Team", "Grün", "Équipe 2"]
    assert [t.slug for t in session.teams] == ["red-team", "grün", "équipe-2"]
    assert session.team("red-team").name == "Red Team"
    assert session.team("RED TEAM").name == "Red Team"
    assert session.team("Blue") is None


def test_goals_scale_with_the_session_quarters(tmp_path: Path) -> None:
    session = _new(tmp_path / "short", quarters=6)
    level = sim.load_level(LEVEL)
    assert session.level().goals == level.with_overrides(quarters=6).goals
    assert session.level().quarters == 6 and session.overrides == {"quarters": 6}
    own = _new(tmp_path / "own", quarters=level.quarters)
    assert own.spec.quarters == 0 and own.quarters == level.quarters
    assert own.code == _new(tmp_path / "default", quarters=None).code
    assert own.level().goals == level.goals


def test_lesson_warning_says_which_lesson_is_cut_short() -> None:
    three = lesson_warning(LEVEL, 3)
    assert "3 quarters are too few" in three and "by quarter 3 or 4" in three
    assert "'The long game', starts in quarter 7" in three and "at least 7 quarters" in three
    five = lesson_warning(LEVEL, 5)
    assert "by quarter 3 or 4" not in five and "starts in quarter 7" in five
    assert lesson_warning(LEVEL, 7) is None and lesson_warning(LEVEL) is None
    assert lesson_warning("tutorial") is None
    tutorial = lesson_warning("tutorial", 2)
    assert "by quarter 3 or 4" in tutorial and "at least 4 quarters" in tutorial


def _session_file(tmp_path: Path) -> Path:
    _new(tmp_path / "s")
    return tmp_path / "s" / "session.json"


@pytest.mark.parametrize("edit, message", [
    (lambda d: d.update(format="orgsim-save"), "not an orgsim workshop session"),
    (lambda d: d.update(version=2), "made by a newer orgsim"),
    (lambda d: d.update(version="1"), "key 'version' must be 1"),
    (lambda d: d.update(orgsim_version="0.3.0"), "made with orgsim '0.3.0'; this is orgsim"),
    (lambda d: d.pop("boss"), "key 'boss' is missing"),
    (lambda d: d.update(extra=1), "unknown key 'extra'"),
    (lambda d: d.update(level="levels/x.toml"), "key 'level' must be a built-in level"),
    (lambda d: d.update(seed=-1), "key 'seed' must be a whole number"),
    (lambda d: d.update(seed=8), "key 'seed' does not match the session code"),
    (lambda d: d.update(quarters=6), "key 'quarters' does not match the session code"),
    (lambda d: d.update(quarters=0), "key 'quarters' must be a whole number from 1 to 40"),
    (lambda d: d.update(minutes=3), "key 'minutes' does not match the session code"),
    (lambda d: d.update(minutes="5"), "key 'minutes' must be a whole number"),
    (lambda d: d.update(rules={"preview": True, "practice_after_first": True}),
     "key 'rules' does not match the session code"),
    (lambda d: d.update(rules={"preview": 1}), "key 'rules' must be an object of true or false"),
    (lambda d: d.update(level="tutorial"), "key 'level' does not match the session code"),
    (lambda d: d.update(code="042H-1901-0000-7ANU"), "key 'code': session code"),
    (lambda d: d.update(code=5), "key 'code' must be a string"),
    (lambda d: d.update(teams=[]), "key 'teams': a session has 1 to 10 teams"),
    (lambda d: d.update(teams=["Red"]), "key 'teams' must be a list of"),
    (lambda d: d["teams"][1].update(name="Red"), "team 'Red' is given twice"),
    (lambda d: d["teams"][1].update(token=d["teams"][0]["token"]), "its own token"),
    (lambda d: d["teams"][1].update(token="short"), "its own token"),
    (lambda d: d.update(boss="nobody"), "key 'boss': unknown strategy"),
    (lambda d: d.update(facilitator_secret="x"), "key 'facilitator_secret' must be a string"),
    (lambda d: d.update(created_at="yesterday"), "key 'created_at' must be a date and time"),
])
def test_load_session_names_the_file_and_key_of_every_mistake(tmp_path: Path, edit: Any,
                                                              message: str) -> None:
    path = _session_file(tmp_path)
    data = json.loads(path.read_text())
    edit(data)
    path.write_text(json.dumps(data))
    with pytest.raises(WorkshopError, match=message) as caught:
        load_session(path.parent)
    assert str(caught.value).startswith(str(path)) and "\n" not in str(caught.value)


def test_load_session_refuses_what_is_not_a_session(tmp_path: Path) -> None:
    with pytest.raises(WorkshopError, match="no such session folder"):
        load_session(tmp_path / "none")
    with pytest.raises(WorkshopError, match="no such session file"):
        load_session(tmp_path)
    (tmp_path / "session.json").write_text("[1, 2")
    with pytest.raises(WorkshopError, match="not valid JSON"):
        load_session(tmp_path)


# ----- team results --------------------------------------------------------------------------
def _play(session: Any, team: str, boss: str) -> dict[str, Any]:
    """A finished game as the game writes its result (game/results.py), for a workshop team."""
    from game.results import build_debrief, result_data
    from game.session import Session as Game

    game = Game(session.spec.level, session.spec.seed, session.overrides)
    strategy = sim.get_strategy(boss)
    while not game.finished:
        game.play_quarter(strategy.decide(game.model))
    return {**result_data(build_debrief(game)), "team": team, "session_code": session.code}


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict]]:
    """A session and three real games: Red as a leader, Red again as a manager, Blue
    balanced (the session folder is copied per test)."""
    folder = tmp_path_factory.mktemp("played") / "session"
    session = _new(folder)
    return folder, {"red": _play(session, "Red", "leader"),
                    "red_again": _play(session, "Red", "manager"),
                    "blue": _play(session, "Blue", "balanced")}


@pytest.fixture()
def room(tmp_path: Path, played: tuple[Path, dict[str, dict]]) -> tuple[Path, dict[str, dict]]:
    """A fresh copy of the played session's folder, and the games' result data to edit."""
    folder = tmp_path / "session"
    folder.mkdir(mode=0o700)
    (folder / "results").mkdir()
    (folder / "session.json").write_bytes((played[0] / "session.json").read_bytes())
    return folder, copy.deepcopy(played[1])


def _write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_real_result_re_runs_to_its_own_figures(room: tuple[Path, dict]) -> None:
    folder, games = room
    session = load_session(folder)
    result = read_team_result(session, _write(folder.parent / "red.json", games["red"]))
    assert result.integrity.ok and str(result.integrity) == "ok"
    assert result.team == "Red" and not result.practice
    assert result.stars == games["red"]["stars"]["overall"]
    assert [g.value for g in result.goals] == [g["value"] for g in games["red"]["stars"]["goals"]]
    assert list(result.table["output"]) == [row["output"] for row in games["red"]["table"]]
    assert len(result.table) == QUARTERS == len(result.decisions)
    assert [tuple(s) for s in result.shares] == [
        (s["leadership"], s["management"], s["unspent"])
        for s in games["red"]["attention_shares"]]
    assert result.shares[0].leadership == pytest.approx(1.0)
    blue = read_team_result(session, _write(folder.parent / "blue.json", games["blue"]))
    assert blue.integrity.ok and 0 < blue.shares[0].leadership < 1


@pytest.mark.parametrize("edit, detail", [
    (lambda d: d["table"][1].update(output=d["table"][1]["output"] + 5),
     "it records output .* in quarter 2, the re-run gives"),
    (lambda d: d["table"][-1].update(morale=0.99), "it records morale 0.99 in quarter 5"),
    (lambda d: d["table"][0].pop("quits"), "quarter 1 has no 'quits'"),
    (lambda d: d["table"].pop(), "it records 4 quarters, the re-run plays 5"),
    (lambda d: d["stars"].update(overall=3), "it records 3 stars, the re-run earns"),
    (lambda d: d["stars"]["goals"][0].update(value=1e9), "goals' values are not the re-run's"),
    (lambda d: d.update(seed=8), "it records level 'knowledge_team', seed 8"),
    (lambda d: d.update(overrides={}), "overrides {}, not its session's"),
])
def test_an_edited_result_is_flagged_and_the_re_run_figures_stand(
        room: tuple[Path, dict], edit: Any, detail: str) -> None:
    folder, games = room
    session = load_session(folder)
    honest = read_team_result(session, _write(folder.parent / "red.json", games["red"]))
    edit(games["red"])
    result = read_team_result(session, _write(folder.parent / "edited.json", games["red"]))
    assert result.integrity.verdict == EDITED
    assert re.search(detail, result.integrity.detail), result.integrity.detail
    assert result.stars == honest.stars
    assert result.table.equals(honest.table), "the leaderboard uses the re-run"


def test_a_result_from_another_session_or_version_is_flagged_so(room: tuple[Path, dict]
                                                                 ) -> None:
    folder, games = room
    session = load_session(folder)
    other_code = encode(SessionSpec(LEVEL, SEED + 1, QUARTERS))
    other = read_team_result(session, _write(folder.parent / "o.json",
                                             {**games["red"], "session_code": other_code}))
    assert other.integrity.verdict == OTHER_SESSION
    assert other_code in other.integrity.detail and session.code in other.integrity.detail
    older = read_team_result(session, _write(folder.parent / "v.json",
                                             {**games["red"], "orgsim_version": "0.4.0"}))
    assert older.integrity.verdict == OTHER_VERSION
    assert "'0.4.0'" in older.integrity.detail and sim.__version__ in older.integrity.detail
    typed = read_team_result(session, _write(
        folder.parent / "t.json", {**games["red"], "session_code": session.code.lower()}))
    assert typed.integrity.ok, "a code's spelling does not matter"


@pytest.mark.parametrize("edit, message", [
    (lambda d: d.update(format="orgsim-save"), "not an orgsim result file"),
    (lambda d: d.update(version=2), "key 'version' must be 1"),
    (lambda d: d.pop("team"), "key 'team' is missing"),
    (lambda d: d.pop("session_code"), "key 'session_code' is missing"),
    (lambda d: d.update(decisions=[]), "key 'decisions' must be a list of 1 to 40"),
    (lambda d: d.update(table={}), "key 'table' must be a list"),
    (lambda d: d.update(stars={"overall": "3"}), "key 'stars' must be an object"),
    (lambda d: d.update(practice="yes"), "key 'practice' must be true or false"),
    (lambda d: d.update(team="Purple"), "team 'Purple' is not in this session .*Red, Blue"),
    (lambda d: d.update(decisions=d["decisions"][:3]),
     "not a finished game: it holds 3 quarters of decisions, the session plays 5"),
    (lambda d: d["decisions"][0]["attention"].update(telepathy=1), "telepathy"),
    (lambda d: d["decisions"][0]["attention"].update(vision=99), "quarter 1"),
    (lambda d: d.update(team="Purple", session_code=encode(SessionSpec("tutorial", 1))),
     "comes from another session"),
    (lambda d: d.update(orgsim_version="0.3.0", decisions=d["decisions"][:2]),
     "made with orgsim '0.3.0' and does not re-run on orgsim"),
])
def test_a_bad_result_is_refused_with_one_sentence(room: tuple[Path, dict], edit: Any,
                                                   message: str) -> None:
    folder, games = room
    edit(games["red"])
    path = _write(folder.parent / "bad.json", games["red"])
    with pytest.raises(WorkshopError, match=message) as caught:
        read_team_result(load_session(folder), path)
    assert "\n" not in str(caught.value)


def test_result_files_are_size_limited_and_must_be_json(room: tuple[Path, dict]) -> None:
    folder, games = room
    session = load_session(folder)
    big = folder.parent / "big.json"
    big.write_text(json.dumps({**games["red"], "padding": "x" * 2_000_000}))
    with pytest.raises(WorkshopError, match="too large for a result file"):
        read_team_result(session, big)
    torn = folder.parent / "torn.json"
    torn.write_text(json.dumps(games["red"])[:500])
    with pytest.raises(WorkshopError, match="not valid JSON"):
        read_team_result(session, torn)


# ----- collecting ----------------------------------------------------------------------------
def _torn(path: Path) -> Path:
    path.write_text("{\"format\": \"orgsim-result\"", encoding="utf-8")
    return path


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_collect_counts_each_teams_first_game_and_keeps_the_rest(room: tuple[Path, dict]
                                                                  ) -> None:
    folder, games = room
    inbox = folder.parent / "usb"
    inbox.mkdir()
    games["red"]["finished_at"] = "2025-01-01T10:00:00+00:00"
    games["red_again"]["finished_at"] = "2025-01-01T11:00:00+00:00"
    red, again = _write(inbox / "red.json", games["red"]), _write(inbox / "again.json",
                                                                   games["red_again"])
    blue = _write(inbox / "blue.json", games["blue"])
    lines = collect(folder, [again, red, blue])          # the later game given first
    assert len(lines) == 3
    assert lines[0].startswith(f"{again}: Red's game kept as practice in results/practice/red-")
    assert "Red's first game is already collected" in lines[0]
    assert lines[1].startswith(f"{red}: Red's game collected as results/red.json")
    assert lines[2].startswith(f"{blue}: Blue's game collected as results/blue.json")
    assert (folder / "results" / "red.json").read_bytes() == red.read_bytes()
    practice = list((folder / "results" / "practice").iterdir())
    assert [p.read_bytes() for p in practice] == [again.read_bytes()]
    before = _tree(folder)
    again_lines = collect(folder, [red, again])
    assert all("is already collected" in line and "nothing written" in line
               for line in again_lines)
    assert _tree(folder) == before
    marked = _write(inbox / "marked.json", {**games["red"], "team": "Blue", "practice": True})
    (outcome,) = collect_results(folder, [marked])
    assert outcome.status == "practice" and "the file marks it as practice" in outcome.line


def test_collect_reports_bad_files_and_still_collects_the_good_ones(room: tuple[Path, dict]
                                                                     ) -> None:
    folder, games = room
    inbox = folder.parent / "usb"
    inbox.mkdir()
    _write(folder / "results" / "red.json", games["red"])
    good_red = (folder / "results" / "red.json").read_bytes()
    edited = copy.deepcopy(games["red_again"])
    edited["table"][2]["output"] = 1e6
    files = [
        _write(inbox / "purple.json", {**games["blue"], "team": "Purple"}),
        _write(inbox / "other.json", {**games["blue"], "session_code": encode(
            SessionSpec(LEVEL, SEED + 1, QUARTERS))}),
        inbox / "missing.json",
        _torn(inbox / "torn.json"),
        _write(inbox / "red-bad.json", {**games["red_again"], "decisions": []}),
        _write(inbox / "edited.json", edited),
        _write(inbox / "blue.json", games["blue"]),
    ]
    outcomes = collect_results(folder, files)
    assert [o.status for o in outcomes] == ["refused"] * 5 + ["practice", "counted"]
    lines = [o.line for o in outcomes]
    assert "team 'Purple' is not in this session" in lines[0]
    assert "comes from another session" in lines[1]
    assert "no such result file" in lines[2]
    assert "not valid JSON" in lines[3]
    assert "key 'decisions' must be" in lines[4]
    assert all(line.endswith("; not collected") for line in lines[:5])
    assert "flagged as edited: it records output 1,000,000 in quarter 3" in lines[5]
    assert "the leaderboard uses the re-run" in lines[5]
    assert (folder / "results" / "red.json").read_bytes() == good_red
    assert sorted(_tree(folder)) == ["results/blue.json",
                                     f"results/practice/{Path(outcomes[5].path).name}",
                                     "results/red.json", "session.json"]
    assert sorted(p.name for p in folder.parent.iterdir()) == ["session", "usb"]


def test_collect_never_follows_a_link_out_of_the_session(room: tuple[Path, dict]) -> None:
    folder, games = room
    outside = folder.parent / "outside"
    outside.mkdir()
    (folder / "results").rmdir()
    (folder / "results").symlink_to(outside)
    red = _write(folder.parent / "red.json", games["red"])
    with pytest.raises(WorkshopError, match="is not a folder of the session's own"):
        collect(folder, [red])
    assert list(outside.iterdir()) == []
    (folder / "results").unlink()
    (folder / "results").mkdir()
    (folder / "results" / "practice").symlink_to(outside)
    again = _write(folder.parent / "again.json", games["red_again"])
    counted, practice = collect_results(folder, [red, again])
    assert counted.status == "counted" and practice.status == "refused"
    assert "is not a folder of the session's own" in practice.line
    assert list(outside.iterdir()) == []


# ----- the command line ----------------------------------------------------------------------
def test_workshop_new_in_process_prints_the_code_last(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["workshop", "new", "--level", LEVEL, "--seed", "7", "--teams", "Red,Blue",
                 "--quarters", "3", "--minutes", "6", "--boss", "leader",
                 "--dir", str(tmp_path / "s")]) == 0
    lines = capsys.readouterr().out.splitlines()
    session = load_session(tmp_path / "s")
    assert lines[-1] == session.code and decode(lines[-1]) == session.spec
    text = "\n".join(lines)
    assert session.secret in text and all(t.token in text for t in session.teams)
    assert "warning: 3 quarters are too few" in text and "leader boss" in text
    assert main(["workshop", "new", "--level", LEVEL, "--seed", "7", "--teams", "Red,Red",
                 "--dir", str(tmp_path / "t")]) == 1
    assert "team 'Red' is given twice" in capsys.readouterr().err


@pytest.mark.slow
def test_workshop_new_and_collect_through_the_real_cli(room: tuple[Path, dict]) -> None:
    folder, games = room
    cwd = folder.parent
    made = orgsim("workshop", "new", "--level", LEVEL, "--seed", str(SEED), "--teams",
                  "Red,Blue,Green", "--quarters", str(QUARTERS), "--dir", "class", cwd=cwd)
    assert made.returncode == 0, made.stderr
    last = made.stdout.splitlines()[-1]
    assert last == load_session(cwd / "class").code == load_session(folder).code
    assert "starts in quarter 7" in made.stdout
    red = _write(cwd / "red.json", games["red"])
    purple = _write(cwd / "purple.json", {**games["red"], "team": "Purple"})
    done = orgsim("workshop", "collect", "class", str(red), str(purple), cwd=cwd)
    assert done.returncode == 1
    assert one_sentence(done.stderr) == ("orgsim: error: 1 of 2 result files was not "
                                         "collected (see above)")
    out = done.stdout.splitlines()
    assert len(out) == 2 and "collected as results/red.json" in out[0]
    assert "not in this session" in out[1]
    assert orgsim("workshop", "collect", "class", str(red), cwd=cwd).returncode == 0
    bad = orgsim("workshop", "new", "--level", "x.toml", "--seed", "1", "--teams", "A",
                 "--dir", "other", cwd=cwd)
    assert bad.returncode == 1 and "plays a built-in level" in one_sentence(bad.stderr)
    usage = orgsim("workshop", "new", "--level", LEVEL, "--seed", "1", "--teams", "A",
                   "--minutes", "90", "--dir", "other", cwd=cwd)
    assert usage.returncode == 2 and "from 0 (no timer) to 63" in usage.stderr
    assert not (cwd / "other").exists()
