"""`collect`: teams' result files (from USB sticks, mail, a shared folder) into a session.

Why these rules: a class must not lose a result to one bad file, and a result must never be
replaced behind the facilitator's back. So each file is checked and re-run on its own (a bad
one is refused with its reason and the others still collected); a team's first finished game
is `results/<team>.json` and is never overwritten; a later game (or one its file marks as
practice) is kept as `results/practice/<team>-<game>.json`; the same game twice is written once;
a result from another session is refused. Files are copied byte for byte (so the report still
sees what each file claimed), each written whole under a temporary name, and only inside the
session's own results folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sim.errors import OrgsimError
from sim.outputs import refuse, write_atomic
from sim.safefile import quote_path, read_bytes
from sim.workshop.errors import WorkshopError
from sim.workshop.results import (
    MAX_RESULT_BYTES,
    OTHER_SESSION,
    TeamResult,
    read_team_result,
    team_result,
)
from sim.workshop.session import Session, load_session

COUNTED, PRACTICE, DUPLICATE, REFUSED = "counted", "practice", "duplicate", "refused"


@dataclass(frozen=True)
class Collected:
    """What became of one file: counted, practice, duplicate (nothing written) or refused."""

    file: str
    status: str
    line: str                       # one line for the terminal, naming the file
    path: Path | None = None        # where it was written

    @property
    def ok(self) -> bool:
        return self.status != REFUSED


def collect(session_folder: str | Path, files: Iterable[str | Path]) -> list[str]:
    """Collect result files into a session; one line per file, in the order given."""
    return [c.line for c in collect_results(session_folder, files)]


def collect_results(session_folder: str | Path, files: Iterable[str | Path]
                    ) -> list[Collected]:
    """As `collect`, with each file's outcome. Within one call, results are taken in the order
    their games finished, so a team's first game counts whatever the files' order."""
    session = load_session(session_folder)
    files = list(files)
    outcomes: dict[int, Collected] = {}
    valid: list[tuple[str, int, TeamResult, bytes]] = []
    for i, file in enumerate(files):
        shown = quote_path(file)
        try:
            raw = read_bytes(file, "result file", WorkshopError, MAX_RESULT_BYTES)
            result = team_result(session, raw, shown)
        except OrgsimError as exc:
            outcomes[i] = Collected(shown, REFUSED, f"{exc}; not collected")
            continue
        if result.integrity.verdict == OTHER_SESSION:
            outcomes[i] = Collected(shown, REFUSED, f"{shown}: comes from another session "
                                    f"({result.integrity.detail}); not collected")
            continue
        valid.append((result.finished_at, i, result, raw))
    shelf = Shelf(session)
    for _, i, result, raw in sorted(valid, key=lambda v: (v[0], v[1])):
        try:
            outcomes[i] = shelf.place(quote_path(files[i]), result, raw)
        except OrgsimError as exc:          # a full disk, a practice folder that is a link
            outcomes[i] = Collected(quote_path(files[i]), REFUSED, f"{exc}; not collected")
    return [outcomes[i] for i in range(len(files))]


class Shelf:
    """The session's results folder: which game counts for each team, and writing into it."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.results = _own_folder(session, session.results_dir)
        self.counted: dict[str, str | None] = {}     # team slug -> digest of its counted game

    def _counted_digest(self, slug: str) -> str | None:
        """The digest of the team's counted game ('' if there is none, None if unreadable)."""
        if slug not in self.counted:
            path = self.results / f"{slug}.json"
            if not os.path.lexists(path):
                self.counted[slug] = ""
            else:
                try:
                    self.counted[slug] = read_team_result(self.session, path).digest
                except OrgsimError:
                    self.counted[slug] = None          # kept, never overwritten
        return self.counted[slug]

    def place(self, shown: str, result: TeamResult, raw: bytes) -> Collected:
        slug = self.session.team(result.team).slug   # type: ignore[union-attr]
        counted = self._counted_digest(slug)
        practice = self.results / "practice" / f"{slug}-{result.digest}.json"
        flag = "" if result.integrity.ok else \
            f"; {result.integrity} (the leaderboard uses the re-run)"
        if counted == result.digest or os.path.lexists(practice):
            where = self._shown(self.results / f"{slug}.json" if counted == result.digest
                                else practice)
            return Collected(shown, DUPLICATE, f"{shown}: {result.team}'s game is already "
                             f"collected ({where}); nothing written{flag}")
        if result.practice or counted != "":
            _own_folder(self.session, practice.parent, create=True)
            self._write(practice, raw)
            why = "the file marks it as practice" if result.practice else \
                f"{result.team}'s first game is already collected"
            return Collected(shown, PRACTICE, f"{shown}: {result.team}'s game kept as practice "
                             f"in {self._shown(practice)} ({why}){flag}", practice)
        path = self.results / f"{slug}.json"
        self._write(path, raw)
        self.counted[slug] = result.digest
        return Collected(shown, COUNTED, f"{shown}: {result.team}'s game collected as "
                         f"{self._shown(path)}, {_stars(result.stars)} on the re-run{flag}", path)

    def _shown(self, path: Path) -> str:
        return path.relative_to(self.session.folder).as_posix()

    @staticmethod
    def _write(path: Path, raw: bytes) -> None:
        write_atomic(path, lambda tmp: tmp.write_bytes(raw), "result file")


def _stars(n: int) -> str:
    return f"{n} star" if n == 1 else f"{n} stars"


def _own_folder(session: Session, folder: Path, create: bool = False) -> Path:
    """A folder of the session's, refused if it is a link (which could lead outside)."""
    if folder.is_symlink() or (os.path.lexists(folder) and not folder.is_dir()):
        raise WorkshopError(f"{quote_path(folder)} is not a folder of the session's own (a link "
                            "or a file); nothing is written outside the session folder")
    if create or folder == session.results_dir:
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
        except OSError as exc:
            raise refuse(folder, "create the folder", exc) from None
    return folder
