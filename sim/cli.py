"""The `orgsim` command line: one sub-command per module in sim/commands (game imported lazily)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from sim.errors import OrgsimError

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
}


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one sentence on stderr and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"orgsim: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """The full parser, each sub-command registered by its own module."""
    parser = _Parser(
        prog="orgsim",
        description="orgsim: a simulation game about leadership versus management.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    seen: set[str] = set()
    for module_name in COMMANDS.values():
        if module_name in seen:
            continue
        seen.add(module_name)
        importlib.import_module(module_name).add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run a sub-command; a user's mistake is one line on stderr, never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except OrgsimError as exc:
        print(f"orgsim: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("orgsim: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
