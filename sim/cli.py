"""The `orgsim` command line: one sub-command per module in sim/commands (game imported lazily)."""

from __future__ import annotations

import argparse
import importlib
import re
import signal
import sys
import threading
import warnings
from collections.abc import Sequence
from typing import Any

import sim
from sim import prebuilt
from sim.errors import OrgsimError
from sim.outputs import reason
from sim.safefile import QUOTE_CHARS, quote, quote_path

#: Sub-command name -> module in sim.commands defining `add_parser(subparsers)`, which adds the
#: sub-command's parser with `set_defaults(handler=...)`; the handler returns the exit status.
COMMANDS: dict[str, str] = {
    "play": "sim.commands.play",
    "run": "sim.commands.run",
    "levels": "sim.commands.listing",
    "strategies": "sim.commands.listing",
    "validate": "sim.commands.validate",
    "sweep": "sim.commands.sweep",
    "plot": "sim.commands.plot",
    "compare": "sim.commands.compare",
    "balance": "sim.commands.balance",
    "replay": "sim.commands.replay",
    "workshop": "sim.commands.workshop",
}


#: A quoted value in argparse's own messages ("invalid choice: '...'"), to be cut short.
_QUOTED = re.compile(r"'([^'\n]{" + str(QUOTE_CHARS) + r",})'")


#: No error line is longer than this, whatever it quotes.
MAX_MESSAGE = 1000


def one_line(message: str) -> str:
    """An error message as one line, each quoted value cut to about 80 characters.

    Why here too: every module quotes with sim.safefile.quote, but a message that slipped
    through (or argparse's own) must still not echo a 100 kB argument back at the user."""
    message = _QUOTED.sub(lambda m: quote(m[1]), str(message)).replace("\n", " ")
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one sentence on stderr and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"orgsim: error: {one_line(message)} (see '{self.prog} --help')\n")


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is, so it stops as cleanly as on Ctrl-C (a sweep
    keeps its finished runs and ends its worker processes)."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated


def _run(args: argparse.Namespace) -> int:
    """The handler, with SIGTERM handled like Ctrl-C while it runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        return int(args.handler(args) or 0)
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return int(args.handler(args) or 0)
    finally:
        signal.signal(signal.SIGTERM, previous)


def build_parser() -> argparse.ArgumentParser:
    """The full parser, each sub-command registered by its own module."""
    parser = _Parser(
        prog="orgsim",
        description="orgsim: a simulation game about leadership versus management.",
    )
    # Every laptop of a workshop must run the same model: this is how a facilitator checks.
    parser.add_argument("--version", action="version",
                        version=f"orgsim {sim.__version__} (model and result files)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    seen: set[str] = set()
    for module_name in COMMANDS.values():
        if module_name in seen:
            continue
        seen.add(module_name)
        importlib.import_module(module_name).add_parser(subparsers)
    return parser


def _notice(message: str) -> None:
    print(f"orgsim: {message}", file=sys.stderr, flush=True)


def _show_warning(message: Warning | str, category: type[Warning], filename: str,
                  lineno: int, file: Any = None, line: str | None = None) -> None:
    """A warning as one line on stderr, as the command line's errors are (not Python's two
    lines with a source path)."""
    print(f"orgsim: warning: {one_line(str(message))}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run a sub-command; a user's mistake is one line on stderr, never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    prebuilt.announce = _notice
    warnings.showwarning = _show_warning
    try:
        return _run(args)
    except OrgsimError as exc:
        print(f"orgsim: error: {one_line(str(exc))}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except OSError as exc:
        # Last resort: every known cause is turned into a sentence where it happens; an OS
        # error that slipped through still names its path and reason, not a traceback.
        where = f"{quote_path(exc.filename)}: " if exc.filename else ""
        print(f"orgsim: error: {where}{reason(exc)}", file=sys.stderr)
        return 1
    except Terminated:
        print("orgsim: stopped (SIGTERM)", file=sys.stderr)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        print("orgsim: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
