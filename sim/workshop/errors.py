"""The workshop's one error class, so the CLI prints its sentence like any other user mistake."""

from sim.errors import OrgsimError


class WorkshopError(OrgsimError):
    """A session code, session folder, team name or team result is wrong (one sentence)."""
