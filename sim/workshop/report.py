"""The debrief report: one self-contained HTML page (and a CSV of the leaderboard) made from a
session folder, to project after the class or send afterwards.

What it shows, all on the session's level, seed and quarters:
- the leaderboard, from the facilitator's own re-run of each team's decision log (never the
  figures a file records; a file whose figures disagree is flagged, saying whether it comes
  from another session, another model version, or was edited); practice games are left out;
- each team's morale and output per quarter beside the leader, manager and balanced bosses;
- each team's share of attention on leadership and management per quarter;
- luck or skill: each team's plan replayed on 50 other seeds (`sim.workshop.luck`);
- turning points: where each team's path left the best boss's most, and why
  (`sim.workshop.turning`);
- discussion prompts chosen by what the teams did (`sim.workshop.prompts`, `prompts.toml`).

Why a `Reporter` object: `--live` rebuilds the page whenever a result arrives, and only the new
teams' replays are played again (the bosses, their spread and every team already seen are
kept). Jinja2 and matplotlib are imported here only, when a page is rendered, so `import sim`
and `orgsim --help` never load them.
"""

from __future__ import annotations

import csv
import io
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

import sim
from sim.decisions import Decision
from sim.errors import OrgsimError
from sim.levels import Level
from sim.outputs import OutputError, check_new, write_atomic
from sim.safefile import quote_path
from sim.workshop.errors import WorkshopError
from sim.workshop.luck import (
    SPREAD_SEEDS,
    Outcome,
    Plan,
    Runner,
    SpreadJob,
    chunks,
    outcome,
    plan_of,
    spread_seeds,
)
from sim.workshop.prompts import Chosen, Context, TeamView, load_prompts
from sim.workshop.results import Integrity, TeamResult, read_team_result
from sim.workshop.session import PRACTICE, Session, load_session
from sim.workshop.turning import ExplainJob, TurningPoint, turning_point, turning_quarter

BOSSES = ("leader", "manager", "balanced")
#: A result held when the plan earned at least as many stars on this share of the other seeds.
ROBUST, MIXED = 0.8, 0.5
TEMPLATES = Path(__file__).with_name("templates")
MONEY_METRICS = ("budget_left", "cost")


def rank_key(o: Outcome) -> tuple[int, int, float]:
    """Better is larger: stars, then stars summed over the goals, then total output."""
    return (o.stars, o.goal_stars, o.output)


@dataclass(frozen=True)
class Refused:
    """A file in results/ that the report could not count, and why (one sentence)."""

    file: str
    reason: str


@dataclass(frozen=True)
class Standing:
    """A leaderboard row: a counted team (ranked; teams with the same figures share a rank) or
    a scripted boss (for reference)."""

    name: str
    outcome: Outcome
    rank: int | None = None
    integrity: Integrity | None = None
    played_by: str | None = None        # a team that a scripted boss stood in for

    @property
    def boss(self) -> bool:
        return self.rank is None


@dataclass(frozen=True)
class Spread:
    """A plan (a team's, or the best boss's) over the other seeds."""

    name: str
    own: Outcome                        # on the session's seed
    outcomes: tuple[Outcome, ...]       # on the other seeds, in `Report.seeds` order
    attempted: int = 0                  # one-to-ones and lettings-go, over all seeds
    beat_boss: int | None = None        # seeds on which the team did better than the best boss
    boss: bool = False

    @property
    def dropped(self) -> int:
        return sum(o.dropped for o in self.outcomes)

    @property
    def held(self) -> int:
        """Seeds on which the plan earned at least the stars it earned in class."""
        return sum(o.stars >= self.own.stars for o in self.outcomes)

    @property
    def below_here(self) -> int:
        """Other seeds on which the plan produced less than on the session's seed (few: the
        class's seed was a hard one for this plan)."""
        return sum(o.output < self.own.output for o in self.outcomes)

    @property
    def star_counts(self) -> list[int]:
        return [sum(o.stars == s for o in self.outcomes) for s in range(4)]

    @property
    def median_output(self) -> float:
        values = sorted(o.output for o in self.outcomes)
        n = len(values)
        return (values[(n - 1) // 2] + values[n // 2]) / 2 if n else math.nan

    @property
    def better(self) -> int:
        """Seeds on which the plan earned more stars than it did in class."""
        return sum(o.stars > self.own.stars for o in self.outcomes)

    @property
    def verdict(self) -> str:
        """robust, mixed or fragile: how often the class result held on the other seeds; for
        a result with no stars (which always "holds"), unlucky when the plan earned stars on
        at least half the other seeds, else no stars."""
        n = max(len(self.outcomes), 1)
        if self.own.stars == 0:
            return "unlucky" if self.better / n >= MIXED else "no stars"
        share = self.held / n
        return "robust" if share >= ROBUST else "mixed" if share >= MIXED else "fragile"


@dataclass(frozen=True)
class Report:
    """Everything the page shows, computed (the page itself is `render_html`)."""

    session: Session
    level: Level
    results: tuple[TeamResult, ...]          # counted teams, leaderboard order
    refused: tuple[Refused, ...]
    missing: tuple[str, ...]                 # teams with no counted result
    bosses: dict[str, pd.DataFrame]
    best_boss: str
    board: tuple[Standing, ...]              # teams, ranked
    boss_rows: tuple[Standing, ...]          # the three bosses, for reference
    seeds: tuple[int, ...]                   # the other seeds of the spread
    spreads: tuple[Spread, ...]              # teams in board order, then the best boss
    turning: tuple[TurningPoint, ...]        # teams in board order
    prompts: tuple[Chosen, ...]
    generated_at: str
    workers: int = 1
    seconds: float = 0.0

    @property
    def has_money(self) -> bool:
        """The level has a budget of its own or a goal on money: the board shows what is
        left."""
        return self.level.budget is not None or any(g.metric in MONEY_METRICS
                                                    for g in self.level.goals)


# ----- reading the results -------------------------------------------------------------------
def read_results(session: Session) -> tuple[list[TeamResult], list[Refused], list[str]]:
    """Each team's counted result (results/<team>.json), re-run; the files refused, each with
    one sentence; and the teams with no result. results/practice/ is left out."""
    folder = session.results_dir
    if folder.is_symlink() or (os.path.lexists(folder) and not folder.is_dir()):
        raise WorkshopError(f"{quote_path(folder)} is not a folder of the session's own (a link "
                            "or a file); the report reads only the session folder")
    if not folder.is_dir():
        return [], [], [t.name for t in session.teams]
    by_slug = {t.slug: t for t in session.teams}
    results: dict[str, TeamResult] = {}
    refused: list[Refused] = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        shown = quote_path(path)
        if path.name.startswith(".") or (path.name == PRACTICE and path.is_dir()
                                         and not path.is_symlink()):
            continue
        team = by_slug.get(path.stem) if path.suffix == ".json" else None
        if path.is_symlink():
            reason = f"{shown}: is a link; the report reads only the session folder's own files"
        elif path.is_dir():
            reason = f"{shown}: is a folder, not a team's result file"
        elif team is None:
            reason = (f"{shown}: no team of this session has this file name (a team's result "
                      f"is results/<team>.json; teams: "
                      f"{', '.join(t.name for t in session.teams)})")
        else:
            try:
                result = read_team_result(session, path)
            except OrgsimError as exc:
                reason = str(exc)
            else:
                if result.team != team.name:
                    reason = (f"{shown}: holds {result.team}'s game, not {team.name}'s (a "
                              "team's result is named after the team)")
                elif result.practice:
                    reason = (f"{shown}: the file marks {team.name}'s game as practice; only a "
                              "team's first game counts")
                else:
                    results[team.name] = result
                    continue
        refused.append(Refused(path.name, reason))
    missing = [t.name for t in session.teams if t.name not in results]
    return list(results.values()), refused, missing


# ----- the reporter --------------------------------------------------------------------------
@dataclass
class _Boss:
    table: pd.DataFrame
    decisions: tuple[Decision, ...]
    outcome: Outcome


@dataclass
class Reporter:
    """Builds a session's report; kept between builds (`--live`), it plays only what is new.

    workers: worker processes for the replays (None: a second one only when there are enough
    runs to pay for it and a core is idle); the report is the same whatever the number."""

    folder: str | Path
    workers: int | None = None
    n_seeds: int = SPREAD_SEEDS
    session: Session = field(init=False)
    level: Level = field(init=False)

    def __post_init__(self) -> None:
        if self.workers is not None and not 1 <= self.workers <= 64:
            raise WorkshopError(f"workers must be a whole number from 1 to 64, got "
                                f"{self.workers}")
        self.session = load_session(self.folder)
        self.level = self.session.level()
        self.seed = self.session.spec.seed
        self.seeds = spread_seeds(self.seed, self.n_seeds)
        self.book = load_prompts()
        self.bosses: dict[str, _Boss] = {}
        for name in BOSSES:
            model = sim.OrgModel(self.session.spec.level, strategy=name, seed=self.seed,
                                 **self.session.overrides)
            table = model.run()
            self.bosses[name] = _Boss(table, tuple(model.decisions),
                                      outcome(self.level, table, self.seed))
        self.best = max(BOSSES, key=lambda b: (rank_key(self.bosses[b].outcome),
                                               -BOSSES.index(b)))
        self._plans: dict[str, Plan] = {}
        self._spreads: dict[str, tuple[Outcome, ...]] = {}
        self._boss_spread: tuple[Outcome, ...] | None = None
        self._team_why: dict[tuple[str, int], dict[str, float]] = {}
        self._boss_why: dict[int, dict[str, float]] = {}
        self.workers_used = 1

    def build(self) -> Report:
        """Read the results folder again and compute the report (new teams only)."""
        started = time.perf_counter()
        results, refused, missing = read_results(self.session)
        own = {r.digest: outcome(self.level, r.table, self.seed) for r in results}
        results.sort(key=lambda r: (tuple(-v for v in rank_key(own[r.digest])),
                                    r.team.casefold()))
        self._play(results)
        best = self.bosses[self.best]
        keys = [rank_key(own[r.digest]) for r in results]
        board = tuple(Standing(r.team, own[r.digest], 1 + sum(k > key for k in keys),
                               r.integrity, r.played_by)
                      for r, key in zip(results, keys, strict=True))
        boss_spread = self._boss_spread or ()
        spreads = [Spread(r.team, own[r.digest], self._spreads[r.digest],
                          self._plans[r.digest].people_actions * len(self.seeds),
                          sum(rank_key(t) > rank_key(b)
                              for t, b in zip(self._spreads[r.digest], boss_spread,
                                              strict=True)))
                   for r in results]
        spreads.append(Spread(f"{self.best} boss", best.outcome, boss_spread, boss=True))
        turning = []
        for r in results:
            q = turning_quarter(r.table, best.table)
            turning.append(turning_point(
                r.team, self.best, q, r.table, best.table,
                self._team_why.get((r.digest, q or 0), {}), self._boss_why.get(q or 0, {}),
                r.decisions[(q or 1) - 1], best.decisions[(q or 1) - 1], self.level))
        context = Context(self.level, tuple(TeamView(r.team, r.table, r.shares)
                                            for r in results),
                          {b: self.bosses[b].table for b in BOSSES}, self.best)
        return Report(
            session=self.session, level=self.level, results=tuple(results),
            refused=tuple(refused), missing=tuple(missing),
            bosses={b: self.bosses[b].table for b in BOSSES}, best_boss=self.best,
            board=board, boss_rows=tuple(Standing(f"{b} boss", self.bosses[b].outcome)
                                         for b in BOSSES),
            seeds=self.seeds, spreads=tuple(spreads), turning=tuple(turning),
            prompts=tuple(self.book.choose(context)),
            generated_at=datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
            workers=self.workers_used, seconds=time.perf_counter() - started)

    def _play(self, results: list[TeamResult]) -> None:
        """Every replay and attribution run not yet done, in one batch of jobs."""
        jobs: list[Callable[[], Any]] = []
        places: list[tuple[str, Any]] = []
        best = self.bosses[self.best]
        quarters = {r.digest: turning_quarter(r.table, best.table) for r in results}
        boss_quarters = tuple(sorted({q for q in quarters.values()
                                      if q is not None and q not in self._boss_why}))
        if boss_quarters:
            jobs.append(ExplainJob(self.level, self.seed, self.best, boss_quarters))
            places.append(("boss_why", None))
        for digest, r in {r.digest: r for r in results}.items():
            q = quarters[digest]
            if q is not None and (digest, q) not in self._team_why:
                jobs.append(ExplainJob(self.level, self.seed, r.decisions, (q,)))
                places.append(("team_why", (r.digest, q)))
        runs = 0
        if self._boss_spread is None:
            for seeds in chunks(self.seeds):
                jobs.append(SpreadJob(self.level, self.best, seeds))
                places.append(("boss_spread", None))
            runs += len(self.seeds)
        queued: set[str] = set()
        for r in results:
            if r.digest in self._spreads or r.digest in queued:
                continue
            queued.add(r.digest)
            if r.digest not in self._plans:
                self._plans[r.digest] = plan_of(self.level, self.seed, r.decisions)
            for seeds in chunks(self.seeds):
                jobs.append(SpreadJob(self.level, self._plans[r.digest], seeds))
                places.append(("spread", r.digest))
            runs += len(self.seeds)
        if not jobs:
            self.workers_used = 1
            return
        runner = Runner(self.workers, runs=runs + 10 * len(quarters))
        outputs = runner.map(jobs)
        self.workers_used = runner.used
        spreads: dict[str, list[Outcome]] = {}
        boss_spread: list[Outcome] = []
        for (kind, key), out in zip(places, outputs, strict=True):
            if kind == "boss_why":
                self._boss_why.update(out)
            elif kind == "team_why":
                self._team_why[key] = out[key[1]]
            elif kind == "boss_spread":
                boss_spread.extend(out)
            else:
                spreads.setdefault(key, []).extend(out)
        if boss_spread:
            self._boss_spread = tuple(boss_spread)
        for digest, outs in spreads.items():
            self._spreads[digest] = tuple(outs)


def build_report(folder: str | Path, workers: int | None = None) -> Report:
    """A session folder's report, computed (see `Reporter`)."""
    return Reporter(folder, workers).build()


# ----- the page and the CSV ------------------------------------------------------------------
def leaderboard_csv(report: Report) -> str:
    """The leaderboard as CSV: team names and figures only (no tokens, no people)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    money = report.has_money
    writer.writerow(["rank", "team", "stars", "output", "morale", "quits",
                     *(["budget_left"] if money else []), "integrity"])
    for row in report.board:
        o = row.outcome
        writer.writerow([row.rank, row.name, o.stars, f"{o.output:.1f}", f"{o.morale:.3f}",
                         int(o.quits), *([f"{o.budget_left:.1f}"] if money else []),
                         row.integrity.verdict if row.integrity else "ok"])
    return buffer.getvalue()


def require_templates() -> None:
    """Refuse at once (before minutes of replays) when the report's templates cannot render."""
    _environment()


def _environment() -> Any:
    try:
        import jinja2
    except ImportError:
        raise WorkshopError("the workshop report needs Jinja2 (pip install 'orgsim[workshop]')"
                            ) from None
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                             autoescape=jinja2.select_autoescape(("html", "j2")),
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(pct=_pct, num=_num, points=_points, money=_money, stars=_stars,
                       signed=_signed, goal=goal_text)
    return env


#: Goals on these metrics are shares (0-1), shown as percentages.
SHARE_METRICS = ("morale", "morale_stayers", "trust", "skill", "exhaustion")


def goal_text(goal: Any) -> str:
    """A goal and its thresholds: 'Team morale at the end: 30% / 64% / 73%, higher is
    better'."""
    show = _pct if goal.metric in SHARE_METRICS else \
        _money if goal.metric in MONEY_METRICS else _num
    return f"{goal.label}: {' / '.join(show(v) for v in goal.stars)}, {goal.better} is better"


def _pct(value: float) -> str:
    return f"{value:.0%}"


def _num(value: float) -> str:
    return f"{value:,.0f}"


def _signed(value: float) -> str:
    return f"{value:+,.0f}".replace("-", "−")


def _points(value: float) -> str:
    """A morale difference in percentage points, signed."""
    return f"{value * 100:+.1f}".replace("-", "−") + " pts"


def _money(value: float) -> str:
    return f"{value:,.0f}k".replace("-", "−")


def _stars(value: int) -> str:
    return "★" * value + "☆" * (3 - value)


def render_html(report: Report, live: float | None = None) -> str:
    """The report as one self-contained HTML page (`live`: reload every so many seconds)."""
    env = _environment()          # first: says which extra is missing
    from markupsafe import Markup  # installed with Jinja2

    from sim.workshop import charts

    names = [r.team for r in report.results]
    colours = charts.team_colours(names)
    unit = report.level.output_unit
    bosses = report.bosses
    paths = {r.team: Markup(charts.paths_chart(r.team, colours[r.team], r.table, bosses, unit,
                                               f"path{i}"))
             for i, r in enumerate(report.results)}
    attention = Markup(charts.attention_chart([(r.team, r.shares) for r in report.results],
                                              "attention")) if report.results else None
    thresholds = next((g.stars for g in report.level.goals
                       if g.metric == "output_cum" and g.at == "end"), ())
    spread = None
    if report.results:
        rows = [(f"{s.name} ({_stars(s.own.stars)} here)", s.own, s.outcomes,
                 "#777777" if s.boss else colours[s.name]) for s in report.spreads]
        spread = Markup(charts.spread_chart(rows, unit, thresholds, "spread"))
    return env.get_template("report.html.j2").render(
        report=report, level=report.level, session=report.session, paths=paths,
        attention=attention, spread=spread, colours=colours, unit=unit,
        live=None if live is None else max(1, math.ceil(live)), version=sim.__version__,
        robust=ROBUST, mixed=MIXED, n_seeds=len(report.seeds))


def check_outputs(out: str | Path, csv_out: str | Path | None, overwrite: bool
                  ) -> tuple[Path, Path]:
    """The page's and the CSV's paths (the CSV beside the page unless given), both checked
    before any work is done."""
    out = check_new(out, "--out", overwrite)
    csv_path = Path(csv_out) if csv_out is not None else out.with_suffix(".csv")
    if csv_path.resolve() == out.resolve():
        if csv_out is None:
            raise OutputError(f"--out {quote_path(out)}: the leaderboard CSV goes beside the "
                              "report with the same name ending in .csv; give the report a "
                              ".html name (or the CSV another with --csv)")
        raise OutputError(f"--csv {quote_path(csv_path)} is the report itself; give the CSV "
                          "another name")
    csv_path = check_new(csv_path, "--csv", overwrite)
    return out, csv_path


def write(report: Report, out: Path, csv_path: Path, live: float | None = None) -> None:
    """Write the page and the CSV (each whole, under a temporary name first)."""
    page = render_html(report, live)
    write_atomic(out, lambda tmp: tmp.write_text(page, encoding="utf-8"), "report")
    table = leaderboard_csv(report)
    write_atomic(csv_path, lambda tmp: tmp.write_text(table, encoding="utf-8"), "CSV")


def write_report(folder: str | Path, out: str | Path, csv_out: str | Path | None = None,
                 overwrite: bool = False, workers: int | None = None) -> Report:
    """Make a session's report page and CSV (see the module's docstring)."""
    out_path, csv_path = check_outputs(out, csv_out, overwrite)
    report = build_report(folder, workers)
    write(report, out_path, csv_path)
    return report


# ----- live ----------------------------------------------------------------------------------
def fingerprint(session: Session) -> tuple[tuple[str, int, int], ...]:
    """What the results folder holds now (names, sizes, modification times)."""
    try:
        entries = sorted(session.results_dir.iterdir(), key=lambda p: p.name)
    except OSError:
        return ()
    out = []
    for path in entries:
        if path.name.startswith("."):        # a file being written (see write_atomic)
            continue
        try:
            st = path.lstat()
        except OSError:
            continue
        out.append((path.name, st.st_size, st.st_mtime_ns))
    return tuple(out)


def watch(reporter: Reporter, out: Path, csv_path: Path, seconds: float,
          echo: Callable[[str], None] = print, rounds: int | None = None,
          sleep: Callable[[float], None] = time.sleep) -> None:
    """Rebuild the page whenever the results folder changes, checking every `seconds`, until
    interrupted (or `rounds` checks, for tests). The page reloads itself as often."""
    last = None
    done = 0
    while rounds is None or done < rounds:
        now = fingerprint(reporter.session)
        if now != last:
            report = reporter.build()
            write(report, out, csv_path, live=seconds)
            echo(summary(report, out, csv_path))
            last = now
        done += 1
        if rounds is None or done < rounds:
            sleep(seconds)


def summary(report: Report, out: Path, csv_path: Path) -> str:
    """One line for the terminal: what the page holds."""
    teams = len(report.results)
    parts = [f"{quote_path(out)}: {teams} team{'s' if teams != 1 else ''} on the leaderboard"]
    if report.missing:
        parts.append(f"no result yet from {', '.join(report.missing)}")
    flagged = [r.team for r in report.results if not r.integrity.ok]
    if flagged:
        parts.append(f"flagged: {', '.join(flagged)}")
    if report.refused:
        parts.append(f"{len(report.refused)} file{'s' if len(report.refused) > 1 else ''} "
                     "refused (listed in the report)")
    return "; ".join(parts) + f"; leaderboard CSV {quote_path(csv_path)}"
