"""`orgsim workshop new | collect | report | serve | stand-in`: sessions for a class of teams
(see sim/workshop).

`new` makes the session folder and prints what the facilitator hands out (the secret for
themselves, a token per team) and the session code alone on its last line, so a script can take
it with `tail -n 1`. `collect` adds teams' result files to the session, one line per file.
`report` writes the debrief page and the leaderboard CSV (sim/workshop/report.py, imported only
when it runs: it loads Jinja2 and matplotlib). `serve` runs the facilitator's page on the local
network (sim/workshop/server.py, imported only when it runs: it loads Starlette, uvicorn and
Jinja2). `stand-in` has a scripted boss finish a missing team's game, offline.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable
from pathlib import Path

from sim.commands.arguments import positive_int, seed
from sim.limits import MAX_MINUTES
from sim.safefile import quote, quote_path


def minutes(text: str) -> int:
    """Minutes per quarter: 0 (no timer) to MAX_MINUTES."""
    try:
        value = int(text.strip())
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_MINUTES:
        raise argparse.ArgumentTypeError(f"expected whole minutes from 0 (no timer) to "
                                         f"{MAX_MINUTES}, got {text[:40]!r}")
    return value


def handle_new(args: argparse.Namespace) -> int:
    from sim.workshop import lesson_warning, new_session
    from sim.workshop.session import SESSION_FILE

    existed = (Path(args.dir) / SESSION_FILE).exists()
    session = new_session(args.dir, args.level, args.seed, args.teams, args.quarters,
                          args.minutes, args.boss)
    level = session.level()
    timer = f"{session.spec.minutes} minutes a quarter" if session.spec.minutes else "no timer"
    print(f"session folder: {session.folder}"
          + (" (it already held this session: nothing changed)" if existed else ""))
    print(f"level: {level.title} ({level.name}), seed {session.spec.seed}, {session.quarters} "
          f"quarters, {timer}; a missing team is played by the {session.boss} boss")
    print(f"facilitator secret: {session.secret} (keep it: it runs the session)")
    for team in session.teams:
        print(f"team {team.name}: token {team.token}")
    warning = lesson_warning(session.spec.level, session.quarters)
    if warning:
        print(f"warning: {warning}")
    print(session.code)
    return 0


def handle_collect(args: argparse.Namespace) -> int:
    from sim.workshop import WorkshopError, collect_results

    outcomes = collect_results(args.dir, args.files)
    for outcome in outcomes:
        print(outcome.line)
    refused = sum(not o.ok for o in outcomes)
    if refused:
        verb = "was" if refused == 1 else "were"
        raise WorkshopError(f"{refused} of {len(outcomes)} result files {verb} not collected "
                            "(see above)")
    return 0


#: --live: at most an hour between checks.
MAX_LIVE = 3600


def live_seconds(text: str) -> float:
    """Seconds between checks of the results folder: 1 to MAX_LIVE."""
    try:
        value = float(text.strip())
    except ValueError:
        value = -1.0
    if not 1 <= value <= MAX_LIVE:
        raise argparse.ArgumentTypeError(f"expected seconds from 1 to {MAX_LIVE}, got "
                                         f"{quote(text, 40)}")
    return value


def workers(text: str) -> int:
    """Worker processes for the report's replays: 1 to 64."""
    value = positive_int(text)
    if value > 64:
        raise argparse.ArgumentTypeError(f"expected 1 to 64 worker processes, got {value}")
    return value


def handle_report(args: argparse.Namespace) -> int:
    from sim.workshop.report import (
        Reporter,
        check_outputs,
        require_templates,
        summary,
        watch,
        write,
    )

    require_templates()
    out, csv_path = check_outputs(args.out, args.csv, args.overwrite)
    reporter = Reporter(args.dir, args.workers)
    if args.live is None:
        report = reporter.build()
        write(report, out, csv_path)
        for refused in report.refused:
            print(f"not counted: {refused.reason}")
        print(summary(report, out, csv_path))
        return 0
    print(f"live: {quote_path(out)} is rebuilt when results arrive (checked every "
          f"{args.live:g} s) and reloads itself in the browser; Ctrl-C stops", flush=True)
    try:
        watch(reporter, out, csv_path, args.live,
              echo=lambda line: print(line, flush=True))
    except KeyboardInterrupt:
        print(f"live report stopped; {quote_path(out)} holds the last version", flush=True)
    return 0


def port(text: str) -> int:
    """A TCP port: 0 (any free one) to 65535."""
    try:
        value = int(text.strip())
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 0 to 65535, got "
                                         f"{quote(text, 40)}")
    return value


def handle_serve(args: argparse.Namespace) -> int:
    from sim.workshop import WorkshopError

    try:
        from sim.workshop import server
    except ImportError as exc:
        raise WorkshopError(f"orgsim workshop serve needs Starlette, uvicorn and Jinja2 (pip "
                            f"install 'orgsim[workshop]'); {exc.name or 'one of them'} is not "
                            "installed") from None
    # Ctrl-C: uvicorn shuts down gracefully, then re-raises it (unless SIGINT is ignored, as in
    # a background job, where it returns); either way the page stopped.
    with contextlib.suppress(KeyboardInterrupt):
        server.serve(args.dir, args.host, args.port, pacing=not args.no_pacing,
                     echo=lambda line: print(line, flush=True))
    print("the page stopped; its live state is kept in the session's live/ folder", flush=True)
    return 0


def handle_stand_in(args: argparse.Namespace) -> int:
    from sim.workshop.standin import finish

    print(finish(args.dir, args.team, args.boss).line)
    return 0


def _add_new(actions: argparse._SubParsersAction) -> None:
    parser = actions.add_parser(
        "new", help="make a session folder and its code",
        description="Make a session folder (DIR, whose parent must exist; an empty or new "
                    "folder) with session.json and results/, and print the facilitator's "
                    "secret, each team's token, a warning if the quarters are too few for the "
                    "level's lesson, and the session code alone on the last line.")
    parser.add_argument("--level", required=True, help="a built-in level (orgsim levels)")
    parser.add_argument("--seed", type=seed, required=True, metavar="N",
                        help="the seed every team plays")
    parser.add_argument("--teams", required=True, metavar="NAMES",
                        help="1 to 10 team names, comma-separated (\"Red,Blue,Green\")")
    parser.add_argument("--quarters", type=positive_int, metavar="Q",
                        help="quarters to play (default: the level's own); goals on totals "
                             "and the budget scale with them")
    parser.add_argument("--minutes", type=minutes, metavar="M",
                        help=f"minutes per quarter, 0 to {MAX_MINUTES} (default 0: no timer)")
    parser.add_argument("--boss", default="balanced", metavar="S",
                        help="the scripted boss that plays a missing team (default balanced)")
    parser.add_argument("--dir", required=True, metavar="DIR", help="the session folder")
    parser.set_defaults(handler=handle_new)


def _add_collect(actions: argparse._SubParsersAction) -> None:
    parser = actions.add_parser(
        "collect", help="add teams' result files to a session",
        description="Check each result file, re-run it from its decision log in the session, "
                    "and copy it into DIR/results: a team's first game counts, later ones are "
                    "kept as practice; a bad, unknown, duplicate or other session's file is "
                    "reported and the others still collected. One line per file.")
    parser.add_argument("dir", metavar="DIR", help="the session folder")
    parser.add_argument("files", nargs="+", metavar="FILE", help="result files (.json)")
    parser.set_defaults(handler=handle_collect)


def _add_report(actions: argparse._SubParsersAction) -> None:
    parser = actions.add_parser(
        "report", help="write the debrief report (HTML) and the leaderboard (CSV)",
        description="Write the debrief report of a session: one self-contained HTML page "
                    "(charts inline, nothing fetched from the network) with the leaderboard "
                    "from this laptop's re-run of every team's counted result (flagged files "
                    "marked, practice games left out), each team's morale and output beside "
                    "the leader, manager and balanced bosses, its attention on leadership and "
                    "management, its plan replayed on 50 other seeds (luck or skill), its "
                    "turning point and discussion prompts; and the leaderboard as CSV (team "
                    "names and figures only). Files in DIR/results that cannot be counted are "
                    "listed in the report and here; the report is still written (status 0).")
    parser.add_argument("dir", metavar="DIR", help="the session folder")
    parser.add_argument("--out", required=True, metavar="FILE",
                        help="the HTML file to write (its folder must exist)")
    parser.add_argument("--csv", metavar="FILE",
                        help="the leaderboard CSV (default: beside the HTML, same name with "
                             ".csv, e.g. report.html -> report.csv)")
    parser.add_argument("--overwrite", action="store_true",
                        help="replace an existing report or CSV")
    parser.add_argument("--live", type=live_seconds, metavar="SECONDS",
                        help="keep running: rebuild the report whenever a result arrives "
                             "(checked every SECONDS, 1 to 3600), the page reloading itself "
                             "as often; Ctrl-C stops")
    parser.add_argument("--workers", type=workers, metavar="N",
                        help="worker processes for the 50-seed replays (default: 2 when "
                             "there are enough replays to pay for them and 2 cores, else 1); "
                             "the report is the same whatever N")
    parser.set_defaults(handler=handle_report)


def _add_serve(actions: argparse._SubParsersAction) -> None:
    parser = actions.add_parser(
        "serve", help="run the facilitator's page on the local network",
        description="Serve the session's live page at http://HOST:PORT/ for the projector: the "
                    "leaderboard from this laptop's re-run of every team's decisions, each "
                    "team's path beside the leader, manager and balanced bosses, which teams "
                    "have committed the quarter, and the pacing (release a quarter, a timer, "
                    "pause) and stand-ins for the facilitator (the link with ?key=). Teams' "
                    "games join by their link and send each committed quarter and their "
                    "result. Prints the page's address, the facilitator's link and each team's "
                    "join link; runs until Ctrl-C, and a restart carries on where it stopped "
                    "(DIR/live). Needs the 'workshop' extra.")
    parser.add_argument("dir", metavar="DIR", help="the session folder")
    parser.add_argument("--host", default="127.0.0.1", metavar="H",
                        help="the address to listen on (default 127.0.0.1: this laptop only; "
                             "0.0.0.0 for teams on other laptops)")
    parser.add_argument("--port", type=port, default=8765, metavar="P",
                        help="the port (default 8765)")
    parser.add_argument("--no-pacing", action="store_true",
                        help="no pacing: every quarter is released at once and teams play at "
                             "their own pace")
    parser.set_defaults(handler=handle_serve)


def _add_stand_in(actions: argparse._SubParsersAction) -> None:
    parser = actions.add_parser(
        "stand-in", help="a scripted boss finishes a missing team's game (offline)",
        description="Play a missing team's game with a scripted boss: the quarters the team "
                    "committed on the page (DIR/live), if any, then the boss to the end, on the "
                    "session's level and seed. The result is written into DIR/results like a "
                    "collected one (marked as played by that boss; the team's first game still "
                    "counts if it has one).")
    parser.add_argument("dir", metavar="DIR", help="the session folder")
    parser.add_argument("--team", required=True, metavar="NAME", help="the missing team")
    parser.add_argument("--boss", metavar="B",
                        help="leader, manager or balanced (default: the session's boss)")
    parser.set_defaults(handler=handle_stand_in)


#: The workshop's actions, each adding its parser.
ACTIONS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (
    _add_new, _add_collect, _add_report, _add_serve, _add_stand_in)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `orgsim workshop` and its actions."""
    parser = subparsers.add_parser(
        "workshop", help="sessions for a class of teams (new, collect, report, serve, stand-in)",
        description="Run a workshop: a session folder and code every team joins, the "
                    "facilitator's live page on the local network, the teams' results "
                    "collected and re-run on this laptop, and the debrief report.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    for add in ACTIONS:
        add(actions)
