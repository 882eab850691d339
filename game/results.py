"""The debrief's numbers and files: archetype runs on the same seed, attention shares, stars,
and the result written as JSON (level, seed, decision log, per-quarter table) plus a PNG.

Why one module: the debrief screen and the files must show the same numbers, so both are built
from the `Debrief` made here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pygame

import sim
from game.charts import Series, line_chart, share_bars
from game.draw import blit_text, stars
from game.fonts import FontBook
from game.jsonfile import write_json_atomic
from game.lessons import Lesson, lessons_for
from game.palette import Palette
from game.paths import results_dir
from game.scoring import overall, passed, score
from game.session import Session
from sim.decisions import attention_shares as attention_split

ARCHETYPES = ("leader", "manager", "balanced")
RESULT_FORMAT = "orgsim-result"

# One background worker: the debrief's scripted bosses are played off the frame loop, so no
# frame blocks while they run (a blocked frame once turned one key press into many).
_BACKGROUND = ThreadPoolExecutor(max_workers=1, thread_name_prefix="orgsim-debrief")
#: Results being written in the background, by (folder, game digest): not written twice.
_WRITING: dict[tuple[Path, str], Path] = {}


@dataclass
class Debrief:
    """Everything the debrief shows, computed once when the level ends."""

    session: Session
    table: pd.DataFrame
    runs: dict[str, pd.DataFrame]
    goals: list[sim.GoalResult]
    stars: int
    passed: bool
    shares: list[tuple[float, float, float]]
    lessons: list[Lesson]


def attention_shares(session: Session) -> list[tuple[float, float, float]]:
    """Per quarter: shares of the budget on leadership, on management, and left unspent."""
    return attention_split(session.level, session.model.decisions[: session.model.quarter])


def archetype_runs(level: str, seed: int, overrides: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """The archetypes' tables on the level, seed and overrides of a game."""
    return {name: sim.run(level, name, seed, **overrides) for name in ARCHETYPES}


def prepare_debrief(session: Session) -> Future:
    """Start the archetypes' runs in the background (once per game): they do not depend on the
    player's decisions, so they can run while the last quarter plays."""
    if session.archetypes is None:
        session.archetypes = _BACKGROUND.submit(archetype_runs, session.level_name,
                                                session.seed, dict(session.overrides))
    return session.archetypes


def build_debrief(session: Session) -> Debrief:
    """Score the run beside the archetypes on the same level, seed and overrides (waiting for
    their runs if they are not done)."""
    table = session.table()
    runs = prepare_debrief(session).result()
    goals = score(session.level, table)
    lessons = lessons_for({"player": table, **runs}, session.level.knowledge_share)
    return Debrief(session, table, runs, goals, overall(goals), passed(goals),
                   attention_shares(session), lessons)


def _plain(value: Any) -> Any:
    """A table cell as a plain JSON value, floats kept to full precision (NaN as null)."""
    value = value.item() if hasattr(value, "item") else value
    if isinstance(value, float) and value != value:
        return None
    return value


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in table.to_dict(orient="records")]


def result_data(d: Debrief) -> dict[str, Any]:
    s = d.session
    return {
        "format": RESULT_FORMAT, "version": 1, "orgsim_version": sim.__version__,
        "level": s.level_name, "level_title": s.level.title, "seed": s.seed,
        "overrides": s.overrides, "player": s.player,
        **({"team": s.team, "session_code": s.session_code} if s.team else {}),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "stars": {"overall": d.stars, "passed": d.passed, "goals": [
            {"label": g.goal.label, "metric": g.goal.metric, "at": g.goal.at,
             "better": g.goal.better, "thresholds": list(g.goal.stars), "value": g.value,
             "stars": g.stars} for g in d.goals]},
        "decisions": s.decision_log(),
        "table": _records(d.table),
        "attention_shares": [dict(zip(("leadership", "management", "unspent"), sh, strict=True))
                             for sh in d.shares],
        "archetypes": {name: _records(run) for name, run in d.runs.items()},
        "lessons": [lesson.id for lesson in d.lessons],
    }


def comparison_series(d: Debrief, column: str, palette: Palette) -> list[Series]:
    """The player's line (thick, dark) beside the three archetypes (dashed)."""
    series = [Series(name, tuple(float(v) for v in run[column]), palette.series[name],
                     width=2, dashed=True) for name, run in d.runs.items()]
    series.append(Series("you", tuple(float(v) for v in d.table[column]),
                         palette.series["player"], width=4))
    return series


def render_sheet(d: Debrief, palette: Palette, size: tuple[int, int] = (1600, 1000)
                 ) -> pygame.Surface:
    """The debrief charts on one image (drawn with pygame, like the screen)."""
    fonts = FontBook(1.3)
    sheet = pygame.Surface(size)
    sheet.fill(palette["background"])
    s = d.session
    w, h = size
    r = blit_text(sheet, fonts, f"orgsim: {s.level.title}", (30, 20), 26, palette["text"],
                  bold=True)
    blit_text(sheet, fonts, f"seed {s.seed} · {s.player} · {len(d.table)} quarters",
              (r.right + 20, r.centery), 14, palette["muted"], anchor="midleft")
    stars(sheet, (w - 170, 24), d.stars, 3, 20, palette["star"], palette["star_empty"])
    quarters = s.level.quarters
    top, gap = 90, 20
    cw, ch = (w - 60 - gap) // 2, (h - top - 30 - gap) // 2
    boxes = [pygame.Rect(30 + (i % 2) * (cw + gap), top + (i // 2) * (ch + gap), cw, ch)
             for i in range(4)]
    unit = s.level.output_unit
    charts = [
        line_chart(boxes[0], f"Output so far ({unit})", comparison_series(d, "output_cum",
                                                                           palette),
                   quarters, fonts, palette, fmt="{:.0f}", legend=True),
        line_chart(boxes[1], "Morale", comparison_series(d, "morale", palette), quarters,
                   fonts, palette, fmt="{:.0%}", y_range=(0.0, 1.0), legend=True),
        line_chart(boxes[2], "Trust", comparison_series(d, "trust", palette), quarters, fonts,
                   palette, fmt="{:.0%}", y_range=(0.0, 1.0), legend=True),
        share_bars(boxes[3], "Where your attention went", d.shares, quarters, fonts, palette,
                   ("leadership", "management", "unspent")),
    ]
    for chart in charts:
        chart.draw(sheet)
    return sheet


def _unique(folder: Path, stem: str) -> Path:
    path, n = folder / f"{stem}.json", 2
    while path.exists() or path.with_suffix(".png").exists():
        path, n = folder / f"{stem}-{n}.json", n + 1
    return path


def game_digest(session: Session) -> str:
    """A short fingerprint of one finished game (model version, level, seed, overrides,
    every decision and answer, and the workshop team if any): the same game always has the
    same one, and two teams' games are two results even where they decided alike."""
    who = [session.team, session.session_code] if session.team else []
    blob = json.dumps([sim.__version__, session.level_name, session.seed, session.overrides,
                       session.decision_log(), *who], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


def run_in_background(work: Callable[..., Any], *args: Any) -> Future:
    """Run `work(*args)` on the background worker (off the frame loop)."""
    return _BACKGROUND.submit(work, *args)


def finish_background_work() -> None:
    """Wait for the background worker's queue (result files being written): nothing is lost
    when the game quits right after a debrief."""
    _BACKGROUND.submit(lambda: None).result()


def _result_paths(d: Debrief, folder: Path | None
                  ) -> tuple[Path, Path, bool, tuple[Path, str]]:
    """Where a game's result goes (JSON, PNG), whether it is there already (the debrief
    reopened by Continue: a game's result is written once), and the game's key (folder,
    fingerprint)."""
    folder = folder or results_dir()
    folder.mkdir(parents=True, exist_ok=True)
    key = (folder, game_digest(d.session))
    writing = _WRITING.get(key)
    if writing is not None:                     # being written in the background right now
        return writing, writing.with_suffix(".png"), True, key
    for earlier in sorted(folder.glob(f"*-{key[1]}.json")):
        return earlier, earlier.with_suffix(".png"), True, key
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = _unique(folder, f"{d.session.level_name}-seed{d.session.seed}-{stamp}-{key[1]}")
    return path, path.with_suffix(".png"), False, key


def _save(sheet: pygame.Surface, png: Path, path: Path, data: dict[str, Any]) -> None:
    """The PNG, then the JSON that names it, each written atomically."""
    tmp = png.with_name(f".{png.name}.tmp.png")
    pygame.image.save(sheet, str(tmp))
    tmp.replace(png)
    write_json_atomic(path, {**data, "charts": png.name})


def write_results(d: Debrief, palette: Palette, folder: Path | None = None) -> tuple[Path, Path]:
    """Write the JSON result and the PNG of the charts (once per game); return both paths."""
    path, png, done, _ = _result_paths(d, folder)
    if not done:
        _save(render_sheet(d, palette), png, path, result_data(d))
    return path, png


def write_results_soon(d: Debrief, palette: Palette, folder: Path | None = None,
                       after: Callable[[Path], str] | None = None
                       ) -> tuple[Path, Future | None]:
    """As `write_results`, with the encoding and writing in the background worker (the charts
    are drawn here: pygame draws on the main thread), so the debrief opens without a stall.
    `after(path)` runs once the file is written (a workshop session collecting it); its line
    is the future's result. Returns the JSON path and the writing's future (None when the
    result was there)."""
    path, png, done, key = _result_paths(d, folder)
    if done:
        return path, None
    _WRITING[key] = path

    def save(sheet: pygame.Surface, data: dict[str, Any]) -> str:
        try:
            _save(sheet, png, path, data)
        finally:
            _WRITING.pop(key, None)
        return after(path) if after is not None else ""

    return path, _BACKGROUND.submit(save, render_sheet(d, palette), result_data(d))
