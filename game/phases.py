"""The level's phases as the player reads them: listed on the briefing, named on the plan
screen, and told over the plan when a new one begins.

Why one module: a phase changes how much work comes in and what it is worth ("The big
release"), so the player must see which one they plan in; the briefing, the plan screen and
its message word a phase the same way because they all ask here. Words are in
assets/text.json.
"""

from __future__ import annotations

import sim
from game.assets import text
from sim.levels import Phase


def quarters_of(phase: Phase) -> str:
    """'quarters 5-6', or 'quarter 5' for a phase of one quarter."""
    if phase.start == phase.end:
        return text("phases.quarter", start=phase.start)
    return text("phases.quarters", start=phase.start, end=phase.end)


def current_line(level: sim.Level, quarter: int) -> str:
    """'Phase 2 of 3: The big release, quarters 5-6' for the plan screen ('' without
    phases, or with one phase only: nothing changes, so nothing to name)."""
    phase = level.phase_at(quarter)
    if phase is None or len(level.phases) < 2:
        return ""
    return text("phases.line", n=level.phases.index(phase) + 1, of=len(level.phases),
                title=phase.title, quarters=quarters_of(phase))


def briefing_lines(level: sim.Level) -> list[str]:
    """One short line per phase ('The big release (quarters 5-6)'); none for a level of one
    phase or none."""
    if len(level.phases) < 2:
        return []
    return [text("phases.briefing_line", title=p.title, quarters=quarters_of(p))
            for p in level.phases]


def beginning(level: sim.Level, quarter: int) -> Phase | None:
    """The phase that begins with this quarter, if it is not the first (the briefing lists
    that one, and the player is about to plan in it)."""
    phase = level.phase_at(quarter)
    return phase if phase is not None and phase.start == quarter > 1 else None


def message(level: sim.Level, phase: Phase) -> tuple[str, str]:
    """The heading and body of the message over the plan when `phase` begins."""
    n = level.phases.index(phase) + 1
    heading = text("phases.begins", n=n, of=len(level.phases), title=phase.title)
    when = text("phases.when", quarters=quarters_of(phase), total=level.quarters)
    return heading, f"{phase.text}\n\n{when}" if phase.text else when
