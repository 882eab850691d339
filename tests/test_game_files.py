"""The game's files against a hostile saves folder: real files on disk (FIFOs, folders, links to
/dev/zero, huge and deeply nested files, impossible numbers) never hang, crash or get
overwritten; saves name levels by name only and agree with their own decisions; and
`orgsim play --load` refuses bad files with one sentence through the real command line."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pygame
import pytest
from cli_helpers import ROOT, one_sentence, orgsim
from test_game_kit import frames, press, top_name

import sim
from game import flow
from game.app import App
from game.jsonfile import FileRefusedError
from game.progress import Progress, load_progress, save_progress
from game.saves import AUTOSAVE, latest_autosave, list_saves, load_save, write_save
from game.scenes.load import LoadScene
from game.session import Session
from game.settings import Settings, load_settings, save_settings
from sim.limits import MAX_FILE_BYTES

pytest_plugins = ("test_game_kit",)


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fail (instead of hanging the suite) if the test blocks for more than 20 seconds."""
    def expired(signum: int, frame: object) -> None:
        raise TimeoutError("blocked: a read hung")
    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.fixture
def saves(data_dir: Path) -> Path:
    folder = data_dir / "saves"
    folder.mkdir(parents=True)
    return folder


def played(quarters: int = 1, level: str = "tutorial", seed: int = 5) -> Session:
    session = Session(level, seed)
    for _ in range(quarters):
        session.play_quarter(sim.get_strategy("balanced").decide(session.model))
    return session


def good_save(quarters: int = 1) -> dict:
    return played(quarters).to_save()


# ----- bad files, each made real on disk -------------------------------------------------------
def _json(data: object) -> Callable[[Path], None]:
    return lambda p: p.write_text(json.dumps(data))


def _newer(p: Path) -> None:
    p.write_text(json.dumps({**good_save(), "version": 99}))


def _fifo(p: Path) -> None:
    os.mkfifo(p)


def _dev_zero(p: Path) -> None:
    p.symlink_to("/dev/zero")


def _folder(p: Path) -> None:
    p.mkdir()


def _huge(p: Path) -> None:
    with p.open("wb") as fh:            # sparse: large on paper, nothing written
        fh.truncate(MAX_FILE_BYTES * 4)


def _deep(p: Path) -> None:
    p.write_text("[" * 100_000 + "]" * 100_000)


def _number(key: str) -> Callable[[Path], None]:
    def make(p: Path) -> None:
        text = json.dumps({**good_save(), key: 12345}).replace("12345", "1e400")
        p.write_text(text)
    return make


def _level_path(p: Path) -> None:
    p.write_text(json.dumps({**good_save(), "level": str(ROOT / "levels" / "tutorial.toml")}))


def _quarter_mismatch(p: Path) -> None:
    p.write_text(json.dumps({**good_save(2), "quarter": 1}))


BAD_FILES: dict[str, tuple[Callable[[Path], None], str]] = {
    "newer": (_newer, "newer orgsim"),
    "damaged": (lambda p: p.write_text('{"format": "orgsim-save", "ver'), "not valid JSON"),
    "foreign": (_json({"shopping": ["milk"]}), "not an orgsim save"),
    "fifo": (_fifo, "not a regular file"),
    "devzero": (_dev_zero, "not a regular file"),
    "folder": (_folder, "is a folder"),
    "huge": (_huge, "too large"),
    "deep": (_deep, "nested more than"),
    "quarter1e400": (_number("quarter"), "finite number"),
    "seed1e400": (_number("seed"), "finite number"),
    "levelpath": (_level_path, "must be a built-in level's name"),
    "mismatch": (_quarter_mismatch, "key 'quarter' is 1 but the save holds 2"),
}


# ----- defect 1: a file that cannot be loaded is never overwritten -----------------------------
@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_an_unloadable_slot_is_kept_and_the_save_goes_elsewhere(
        saves: Path, deadline: None, kind: str) -> None:
    make, reason = BAD_FILES[kind]
    path = saves / "autosave.json"
    make(path)
    before = os.lstat(path)
    session = played()
    first = write_save(session, AUTOSAVE)
    assert first.path == saves / "autosave-2.json"
    assert reason in first.notice and "autosave-2" in first.notice
    after = os.lstat(path)
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == \
        (before.st_ino, before.st_size, before.st_mtime_ns)          # untouched
    # the next quarter goes on in the same slot, without telling the player again
    session.play_quarter(sim.Decision())
    second = write_save(session, AUTOSAVE)
    assert second.path == first.path and second.notice == ""
    assert load_save(second.path).model.quarter == 2
    assert sorted(p.name for p in saves.iterdir()) == ["autosave-2.json", "autosave.json"]


def test_a_loadable_old_autosave_is_replaced_as_usual(saves: Path) -> None:
    write_save(played(1), AUTOSAVE)
    written = write_save(played(2), AUTOSAVE)        # another game: not ours, but loadable
    assert written.path == saves / "autosave.json" and written.notice == ""
    assert load_save(written.path).model.quarter == 2


def test_a_diverted_save_never_takes_a_slot_of_another_game(saves: Path) -> None:
    (saves / "autosave.json").write_text("damaged")
    (saves / "autosave-2.json").write_text(json.dumps(good_save()))
    assert write_save(played(), AUTOSAVE).path == saves / "autosave-3.json"


def test_a_newer_save_survives_the_autosave_after_a_quarter(
        make_app: Callable[..., App], saves: Path) -> None:
    """The defect as a player met it: a save from a newer orgsim, a new game, one quarter."""
    newer = saves / "autosave.json"
    _newer(newer)
    content = newer.read_bytes()
    app = make_app()
    flow.start(app)
    flow.start_level(app, "tutorial", 9)
    app.session.play_quarter(sim.get_strategy("balanced").decide(app.session.model))
    flow.quarter_over(app)                    # what the quarter scene calls at its end
    assert newer.read_bytes() == content
    assert top_name(app) == "MessageScene"
    assert "newer orgsim" in app.top.body and "autosave-2" in app.top.body
    press(app, pygame.K_RETURN)
    assert top_name(app) == "ReportScene"     # the message sat over the report
    assert load_save(saves / "autosave-2.json").model.quarter == 1
    assert latest_autosave() == saves / "autosave-2.json"    # Continue finds this game


def test_a_failed_autosave_is_shown_over_the_report(make_app: Callable[..., App],
                                                     data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "saves").write_text("a file where the saves folder should be")
    app = make_app()
    flow.start(app)
    flow.start_level(app, "tutorial", 9)
    app.session.play_quarter(sim.Decision())
    flow.quarter_over(app)
    assert top_name(app) == "MessageScene" and app.top.heading == "Could not save the game"
    press(app, pygame.K_RETURN)
    assert top_name(app) == "ReportScene"


# ----- defect 2: the Load screen lists bad files -----------------------------------------------
def test_list_saves_reports_every_bad_file_with_its_reason(saves: Path, deadline: None) -> None:
    for kind, (make, _) in BAD_FILES.items():
        make(saves / f"{kind}.json")
    (saves / "good.json").write_text(json.dumps(good_save()))
    infos = {info.slot: info for info in list_saves()}
    assert set(infos) == {*BAD_FILES, "good"}
    for kind, (_, reason) in BAD_FILES.items():
        assert reason in infos[kind].error, (kind, infos[kind].error)
        assert len(infos[kind].error) < 200
    assert infos["good"].error == "" and infos["good"].quarter == 1
    assert len(list_saves(limit=3)) == 3


def test_the_load_screen_lists_bad_files_as_unreadable(
        make_app: Callable[..., App], saves: Path, deadline: None, tmp_path: Path) -> None:
    for kind in ("fifo", "deep", "quarter1e400", "devzero", "folder", "levelpath"):
        BAD_FILES[kind][0](saves / f"{kind}.json")
    (saves / "autosave.json").write_text(json.dumps(good_save()))
    app = make_app()
    flow.start(app)
    app.push(LoadScene(app))
    frames(app, 3)
    labels = {e.text.split(":")[0]: e.text for e in app.top.focus.items if ":" in e.text}
    assert "unreadable (is not a regular file" in labels["fifo"]
    assert "unreadable (nested more than" in labels["deep"]
    assert "unreadable" in labels["quarter1e400"] and "unreadable" in labels["folder"]
    assert "unreadable" not in labels["autosave"]
    pygame.image.save(app.screen, str(tmp_path / "load-screen.png"))
    # choosing a bad one shows the refusal and changes nothing
    flow.load_game(app, saves / "levelpath.json")
    assert top_name(app) == "MessageScene" and "built-in level" in app.top.body
    assert app.session is None


# ----- defects 3, 4, 5, 7: what a save may say -------------------------------------------------
def test_a_save_names_its_level_by_name_only(saves: Path) -> None:
    path = saves / "evil.json"
    for level in ("/etc/passwd.toml", "../levels/tutorial.toml", "Tutorial", "x" * 5000):
        path.write_text(json.dumps({**good_save(), "level": level}))
        with pytest.raises(FileRefusedError, match="not a file") as err:
            load_save(path)
        assert len(str(err.value)) < 250          # the value is quoted, cut to ~80 characters


def test_a_save_whose_quarter_disagrees_with_its_decisions_is_refused(saves: Path) -> None:
    path = saves / "q.json"
    for quarter in (0, 2, 1.0, True, "1", None):
        path.write_text(json.dumps({**good_save(1), "quarter": quarter}))
        with pytest.raises(FileRefusedError, match="holds 1 quarters of decisions"):
            load_save(path)


def test_an_edited_save_is_told_and_another_version_is_refused(saves: Path) -> None:
    data = good_save(2)
    assert data["orgsim_version"] == sim.__version__
    path = saves / "s.json"
    path.write_text(json.dumps({**data, "seed": data["seed"] + 1}))
    warning = load_save(path).replay_warning
    assert "do not match its own replay (edited or damaged)" in warning
    for made_with, named in (("0.0.9", "'0.0.9'"), (None, "0.1 or earlier")):
        older = {**data, "orgsim_version": made_with} if made_with else \
            {k: v for k, v in data.items() if k != "orgsim_version"}
        path.write_text(json.dumps(older))
        with pytest.raises(FileRefusedError) as refused:
            load_save(path)
        assert f"made with orgsim {named}; this is orgsim {sim.__version__}" in str(refused.value)
    path.write_text(json.dumps(data))
    assert load_save(path).replay_warning == ""


def test_a_negative_seed_is_refused_with_a_sentence(saves: Path) -> None:
    path = saves / "neg.json"
    path.write_text(json.dumps({**good_save(), "seed": -1}))
    with pytest.raises(FileRefusedError, match="key 'seed' must be a whole number"):
        load_save(path)


# ----- settings and progress -------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["fifo", "devzero", "folder", "huge", "deep", "damaged"])
def test_bad_settings_give_defaults_and_are_kept_aside(data_dir: Path, deadline: None,
                                                       kind: str) -> None:
    data_dir.mkdir(parents=True)
    path = data_dir / "settings.json"
    BAD_FILES[kind][0](path)
    assert load_settings() == Settings()
    mode = os.lstat(path).st_mode
    save_settings(Settings(projector=True))
    assert load_settings().projector
    kept = data_dir / "settings-unreadable.json"
    assert os.lstat(kept).st_mode == mode                # the same thing, only renamed


def test_unreadable_progress_is_told_and_never_lost(make_app: Callable[..., App],
                                                    data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    path = data_dir / "progress.json"
    path.write_text('{"format": "orgsim-progress", "best": {"tutorial": 3}, "pa')
    app = make_app()
    flow.start(app)
    assert top_name(app) == "MessageScene"
    assert "progress.json: not valid JSON" in app.top.body
    assert app.progress == Progress()
    assert path.read_text().endswith('"pa')            # left alone at start-up
    save_progress(Progress(best={"tutorial": 1}))
    assert load_progress().best == {"tutorial": 1}
    assert (data_dir / "progress-unreadable.json").read_text().endswith('"pa')


# ----- defect 6: orgsim play --load, through the real command line -----------------------------
def _too_long(tmp: Path) -> Path:
    return tmp / ("s" * 300 + ".json")


def _fifo_at(tmp: Path) -> Path:
    os.mkfifo(tmp / "fifo.json")
    return tmp / "fifo.json"


def _loop(tmp: Path) -> Path:
    (tmp / "loop.json").symlink_to(tmp / "loop.json")
    return tmp / "loop.json"


def _dir(tmp: Path) -> Path:
    (tmp / "dir.json").mkdir()
    return tmp / "dir.json"


def _under_a_file(tmp: Path) -> Path:
    """A path through a regular file (ENOTDIR): unreadable for every user, root included."""
    parent = tmp / "plain.json"
    parent.write_text(json.dumps(good_save()))
    return parent / "save.json"


@pytest.mark.parametrize("make, reason", [
    (_too_long, "File name too long"), (_dir, "is a folder"), (_fifo_at, "not a regular file"),
    (_loop, "cannot read"), (_under_a_file, "Not a directory"),
])
def test_play_load_refuses_bad_files_with_one_sentence(
        tmp_path: Path, make: Callable[[Path], Path], reason: str) -> None:
    path = make(tmp_path)                  # SDL_VIDEODRIVER=dummy comes from the game's kit
    result = orgsim("play", "--load", str(path), cwd=tmp_path, timeout=60)
    assert result.returncode == 1
    line = one_sentence(result.stderr)
    assert reason in line and len(line) < 300
