"""A game joined to a workshop session: which session (its code, and its folder when the
laptop can see it), which team, and where the finished game's result goes.

Why here: the game is a client of the workshop library (sim.workshop); this module is the one
place that turns `orgsim play --session CODE|DIR --team NAME` into a level, a seed and rules,
and hands a finished game's result to the session folder (the file route; a USB stick and
`orgsim workshop collect` do the same from another laptop)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sim.errors import OrgsimError


@dataclass(frozen=True)
class Joined:
    team: str
    code: str
    level: str
    seed: int
    overrides: dict
    folder: Path | None = None       # the session folder, when joined by it

    def deliver(self, result: Path) -> str:
        """Collect a finished game's result into the session folder (first game counts,
        later ones are practice); one line saying what became of it ('' without a folder)."""
        if self.folder is None:
            return ""
        from sim.workshop import collect
        return collect(self.folder, [result])[0]


def join(session: str, team: str | None) -> Joined:
    """Resolve `--session` (a code or a session folder) and `--team` (checked against the
    session's teams when the folder is at hand). Errors are one sentence."""
    from sim.workshop import decode, encode, load_session

    if not team or not team.strip():
        raise OrgsimError("--session needs --team NAME (the team this laptop plays for)")
    if session.startswith(("http://", "https://")):
        raise OrgsimError("joining by the facilitator page's address needs `orgsim workshop "
                          "serve`, which this version does not have yet: use the session "
                          "code or the session folder")
    folder = Path(session)
    if folder.is_dir():
        found = load_session(folder)
        chosen = found.team(team)
        if chosen is None:
            names = ", ".join(t.name for t in found.teams)
            raise OrgsimError(f"team {team.strip()!r} is not in the session {found.code} "
                              f"(its teams: {names})")
        return Joined(team=chosen.name, code=found.code, level=found.spec.level,
                      seed=found.spec.seed, overrides=dict(found.spec.overrides), folder=folder)
    spec = decode(session)
    return Joined(team=team.strip(), code=encode(spec), level=spec.level, seed=spec.seed,
                  overrides=dict(spec.overrides))
