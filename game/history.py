"""Each person's story this level, a line per turn in it: when they joined, one-to-ones with
them, when they became exhausted, when they started weighing an outside offer. Their card in
the office shows the latest lines.

Why in the game, from what the screen shows: the lines are the office's own icons changing
(the same thresholds), so a card never tells what the player could not have seen.
"""

from __future__ import annotations

from typing import Any

from game.assets import text
from game.office import EXHAUSTED

#: Lines a card shows (the latest).
SHOWN = 4


class PeopleHistory:
    """Lines per person id, and the flags each had last week (to see what changed)."""

    def __init__(self) -> None:
        self.lines: dict[int, list[str]] = {}
        self._flags: dict[int, set[str]] = {}

    def _add(self, worker: int, line: str) -> None:
        self.lines.setdefault(worker, []).append(line)

    def quarter_begins(self, quarter: int, decision: Any) -> None:
        """The quarter's one-to-ones, on the people they were with."""
        for one in decision.one_to_one:
            self._add(int(one.worker), text("history.one_to_one", quarter=quarter,
                                            action=text(f"plan.{one.action}").lower()))

    def week_done(self, model: Any, quarter: int, week: int) -> None:
        """What changed for each person this week."""
        for w in model.workers:
            wid = int(w.unique_id)
            flags = set()
            if w.exhaustion > EXHAUSTED:
                flags.add("exhausted")
            if w.has_offer:
                flags.add("offer")
            before = self._flags.get(wid)
            if before is None and model.weeks_played > 1:
                self._add(wid, text("history.joined", quarter=quarter, week=week))
            for flag in sorted(flags - (before or set())):
                self._add(wid, text(f"history.{flag}", quarter=quarter, week=week))
            self._flags[wid] = flags

    def card(self, worker: int) -> str:
        """The latest lines of a person's story, for their card ('' when nothing yet)."""
        lines = self.lines.get(worker, [])[-SHOWN:]
        return "\n".join(lines)
