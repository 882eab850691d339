"""`orgsim play`: the Pygame game. `game` (and so pygame) is imported only inside the handler,
so `import sim` and every other sub-command stay free of pygame."""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from sim.commands.arguments import positive_int, seed
from sim.errors import OrgsimError
from sim.outputs import make_folder

#: --demo-pause: from a blink to a slow walk-through on a projector.
DEMO_PAUSE = (0.05, 30.0)


def demo_pause(text: str) -> float:
    """Seconds each screen shows before the demo's boss acts."""
    try:
        value = float(text.strip())
    except ValueError:
        value = -1.0
    low, high = DEMO_PAUSE
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"expected seconds from {low} to {high:g}, got "
                                         f"{text[:40]!r}")
    return value


def handle(args: argparse.Namespace) -> int:
    """Start the game with the command's options (errors in them are one line on stderr)."""
    try:
        # The front end is loaded only here, by name: sim never imports game (or pygame) when
        # it is imported itself, so headless users and every other sub-command stay free of it.
        run_game = importlib.import_module("game.app").run_game
        PlayOptions = importlib.import_module("game.options").PlayOptions  # noqa: N806
    except ImportError as exc:     # pygame or pygame_gui missing
        raise OrgsimError(f"the game needs pygame-ce and pygame_gui ({exc})") from None
    # --load is checked by the game's guarded reader (a missing file, a folder, a FIFO, a
    # name too long: one sentence each), before any window opens.
    load = Path(args.load) if args.load is not None else None
    screenshots = make_folder(args.screenshots, "--screenshots", "screenshots folder") \
        if args.screenshots else None
    overrides = {"quarters": args.quarters} if args.quarters is not None else {}
    level, seed, joined, teams = args.level, args.seed, None, ()
    if args.session is not None:
        if args.level is not None or args.seed is not None or args.quarters is not None:
            raise OrgsimError("--session sets the level, seed and quarters; leave out --level, "
                              "--seed and --quarters")
        # One team, or several sharing this laptop in turns (a hot seat: --team "Red,Blue").
        teams = tuple(importlib.import_module("game.hotseat").join_teams(
            args.session, args.team, args.token))
        joined = teams[0]
        level, seed, overrides = joined.level, joined.seed, joined.overrides
    elif args.team is not None or args.token is not None:
        raise OrgsimError("--team is for a workshop: give the session with --session CODE|DIR")
    options = PlayOptions(
        level=level, seed=seed, demo=args.demo,
        load=load, screenshots=screenshots,
        exit_after_level=args.exit_after_level, fps_report=args.fps_report,
        demo_pause=args.demo_pause,
        overrides=overrides, joined=joined, teams=teams,
    )
    return run_game(options)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `orgsim play`."""
    parser = subparsers.add_parser(
        "play", help="play the game",
        description="Play orgsim: plan each quarter's attention over leadership and management "
                    "levers, watch the office, read why morale moved. Keys: Space pause, 1-4 "
                    "speed, Enter commit, Esc back or menu, F1 help, Tab and arrows move the "
                    "focus.",
    )
    parser.add_argument("--level", metavar="L", help="start this level (see 'orgsim levels')")
    parser.add_argument("--seed", type=seed, metavar="N",
                        help="random seed of the game (0 or more)")
    parser.add_argument("--demo", metavar="STRATEGY",
                        help="let a scripted boss play by itself (see 'orgsim strategies')")
    parser.add_argument("--demo-pause", type=demo_pause, default=1.5, metavar="SECONDS",
                        help="with --demo: how long each screen shows before the boss acts "
                             "(default 1.5; 0.2 for a quick run-through, 5 for a slow one "
                             "on a projector)")
    parser.add_argument("--load", metavar="FILE", help="load a saved game (a .json save file)")
    parser.add_argument("--quarters", type=positive_int, metavar="Q",
                        help="play only the first Q quarters of the level")
    parser.add_argument("--session", metavar="CODE|DIR|URL",
                        help="play for a team in a workshop: the session code the facilitator "
                             "gave, the session folder (results are then collected into it), "
                             "or the facilitator page's address http://HOST:PORT/CODE (each "
                             "quarter is sent to the page as it is committed)")
    parser.add_argument("--team", metavar="NAME",
                        help="the team this laptop plays for (with --session); teams sharing "
                             "one laptop give a comma list ('Red,Blue') and take turns after "
                             "each quarter (hot seat)")
    parser.add_argument("--token", metavar="T",
                        help="the team's token from its join link or slip (with --session "
                             "http://HOST:PORT/CODE; the link may carry it as ?token=; "
                             "a hot seat's teams give a comma list in the teams' order)")
    parser.add_argument("--screenshots", metavar="DIR",
                        help="save a PNG of each scene the first time it is shown in DIR (made "
                             "if its parent folder exists)")
    parser.add_argument("--exit-after-level", action="store_true",
                        help="quit after the debrief of the level")
    parser.add_argument("--fps-report", action="store_true",
                        help="print frame-time figures (mean, p95) at exit")
    parser.set_defaults(handler=handle)
