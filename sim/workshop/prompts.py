"""Discussion prompts for the debrief, tied to the seed text's claims and chosen by what the
teams did.

Why data: the words are the facilitator's, so they live in `prompts.toml` (each claim with its
quotation from the seed text, and for each claim its prompts in order of preference). This
module only holds the conditions: each is a name the file can use in `when`, a test on the
class's runs, and the facts it gives the prompt's text (`{teams}`, `{quarter}`, ...). For each
claim the first prompt whose condition holds is shown; a claim whose prompts all fail is left
out. A mistake in the file (an unknown claim, condition or placeholder) is one sentence naming
the file and the key.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from sim.levels import Level
from sim.safefile import quote, quote_path, read_toml
from sim.workshop.errors import WorkshopError
from sim.workshop.results import Shares

PROMPTS_FILE = Path(__file__).with_name("prompts.toml")
#: The quarter by which management's quick pay-off is judged.
EARLY = 2
#: A team is one-sided when more than this share of its attention went to one side.
ONE_SIDED = 0.65
#: Work is knowledge work from this share of knowledge work up, routine below ROUTINE.
KNOWLEDGE, ROUTINE = 0.6, 0.4


@dataclass(frozen=True)
class TeamView:
    """What the prompts need of a counted team (in leaderboard order)."""

    name: str
    table: pd.DataFrame
    shares: tuple[Shares, ...]

    @property
    def leadership(self) -> float:
        """The team's mean share of attention on leadership over the level."""
        return sum(s.leadership for s in self.shares) / max(len(self.shares), 1)

    @property
    def management(self) -> float:
        return sum(s.management for s in self.shares) / max(len(self.shares), 1)

    def early_management(self, quarters: int) -> float:
        head = self.shares[:quarters]
        return sum(s.management for s in head) / max(len(head), 1)


@dataclass(frozen=True)
class Context:
    """The class's runs on the session's level and seed."""

    level: Level
    teams: tuple[TeamView, ...]              # leaderboard order
    bosses: dict[str, pd.DataFrame]          # leader, manager, balanced
    best_boss: str

    @property
    def quarters(self) -> int:
        return self.level.quarters

    @property
    def early(self) -> int:
        return min(EARLY, self.quarters)


@dataclass(frozen=True)
class Prompt:
    """A prompt as the file gives it."""

    claim: str
    when: str
    text: str


@dataclass(frozen=True)
class Claim:
    """A claim of the seed text: a short title and its quotation."""

    id: str
    title: str
    quote: str


@dataclass(frozen=True)
class Chosen:
    """A prompt chosen for this class, its text filled in."""

    claim: Claim
    when: str
    text: str


# ----- the conditions ------------------------------------------------------------------------
Facts = dict[str, str]
COMMON = ("level", "quarters", "early", "unit", "best_boss", "knowledge")


def names(teams: Sequence[str]) -> str:
    """'Red', 'Red and Blue', 'Red, Blue and Green'."""
    teams = list(teams)
    return teams[0] if len(teams) == 1 else ", ".join(teams[:-1]) + " and " + teams[-1]


def _cum(table: pd.DataFrame, quarter: int) -> float:
    return float(table["output_cum"].iloc[quarter - 1])


def _num(value: float) -> str:
    return f"{value:,.0f}"


def _catch_up(table: pd.DataFrame, manager: pd.DataFrame) -> int | None:
    """The first quarter after the first in which this run's output (that quarter) reached the
    manager boss's, having been below it in quarter 1; None if it never did or was never
    behind."""
    mine, theirs = table["output"].tolist(), manager["output"].tolist()
    if mine[0] >= theirs[0]:
        return None
    return next((q + 1 for q in range(1, len(mine)) if mine[q] >= theirs[q]), None)


def _management_teams_ahead_early(c: Context) -> Facts | None:
    lead = _cum(c.bosses["leader"], c.early)
    teams = [t.name for t in c.teams
             if t.early_management(c.early) > 0.5 and _cum(t.table, c.early) > lead]
    return {"teams": names(teams)} if teams else None


def _manager_boss_ahead_early(c: Context) -> Facts | None:
    manager, leader = _cum(c.bosses["manager"], c.early), _cum(c.bosses["leader"], c.early)
    if manager <= leader:
        return None
    return {"manager_early": _num(manager), "leader_early": _num(leader)}


def _leadership_teams_caught_up(c: Context) -> Facts | None:
    found = [(q, t.name) for t in c.teams if t.leadership > 0.5
             and (q := _catch_up(t.table, c.bosses["manager"])) is not None]
    if not found:
        return None
    return {"teams": names([n for _, n in found]), "quarter": str(min(q for q, _ in found))}


def _leader_boss_caught_up(c: Context) -> Facts | None:
    quarter = _catch_up(c.bosses["leader"], c.bosses["manager"])
    return None if quarter is None else {"quarter": str(quarter)}


def _leader_boss_never_caught_up(c: Context) -> Facts | None:
    leader, manager = c.bosses["leader"]["output"], c.bosses["manager"]["output"]
    return {} if all(a < b for a, b in zip(leader, manager, strict=True)) else None


def _groups(c: Context) -> tuple[list[int], list[int]]:
    """Leaderboard places (0 best) of the leadership-heavy and the management-heavy teams."""
    lead = [i for i, t in enumerate(c.teams) if t.leadership > t.management]
    manage = [i for i, t in enumerate(c.teams) if t.management > t.leadership]
    return lead, manage


def _knowledge_groups(c: Context, leadership_better: bool) -> Facts | None:
    if c.level.knowledge_share < KNOWLEDGE:
        return None
    lead, manage = _groups(c)
    if not lead or not manage:
        return None
    lead_better = sum(lead) / len(lead) < sum(manage) / len(manage)
    if lead_better != leadership_better:
        return None
    return {"lead_teams": names([c.teams[i].name for i in lead]),
            "manage_teams": names([c.teams[i].name for i in manage])}


def _bosses_morale(c: Context) -> Facts:
    return {"leader_morale": f"{float(c.bosses['leader']['morale'].iloc[-1]):.0%}",
            "manager_morale": f"{float(c.bosses['manager']['morale'].iloc[-1]):.0%}"}


def _knowledge_work(c: Context) -> Facts | None:
    return _bosses_morale(c) if c.level.knowledge_share >= KNOWLEDGE else None


def _routine_work(c: Context) -> Facts | None:
    return _bosses_morale(c) if c.level.knowledge_share < ROUTINE else None


def _top_team(c: Context, balanced: bool) -> Facts | None:
    if not c.teams:
        return None
    top = c.teams[0]
    one_sided = max(top.leadership, top.management) > ONE_SIDED
    if one_sided == balanced:
        return None
    side = "leadership" if top.leadership >= top.management else "management"
    return {"team": top.name, "share": f"{max(top.leadership, top.management):.0%}",
            "side": side}


#: name -> (test, the facts it gives beside COMMON).
CONDITIONS: dict[str, tuple[Callable[[Context], Facts | None], tuple[str, ...]]] = {
    "always": (lambda c: {}, ()),
    "management_teams_ahead_early": (_management_teams_ahead_early, ("teams",)),
    "manager_boss_ahead_early": (_manager_boss_ahead_early, ("manager_early", "leader_early")),
    "leadership_teams_caught_up": (_leadership_teams_caught_up, ("teams", "quarter")),
    "leader_boss_caught_up": (_leader_boss_caught_up, ("quarter",)),
    "leader_boss_never_caught_up": (_leader_boss_never_caught_up, ()),
    "knowledge_work_leadership_did_better": (lambda c: _knowledge_groups(c, True),
                                             ("lead_teams", "manage_teams")),
    "knowledge_work_management_did_better": (lambda c: _knowledge_groups(c, False),
                                             ("lead_teams", "manage_teams")),
    "knowledge_work": (_knowledge_work, ("leader_morale", "manager_morale")),
    "routine_work": (_routine_work, ("leader_morale", "manager_morale")),
    "balanced_team_on_top": (lambda c: _top_team(c, True), ("team", "share", "side")),
    "one_sided_team_on_top": (lambda c: _top_team(c, False), ("team", "share", "side")),
    "balanced_boss_best": (lambda c: {} if c.best_boss == "balanced" else None, ()),
}


def _common(c: Context) -> Facts:
    return {"level": c.level.title, "quarters": str(c.quarters), "early": str(c.early),
            "unit": c.level.output_unit, "best_boss": c.best_boss,
            "knowledge": f"{c.level.knowledge_share:.0%}"}


# ----- the file ------------------------------------------------------------------------------
@dataclass(frozen=True)
class PromptBook:
    """The claims and their prompts, as the file orders them."""

    claims: tuple[Claim, ...]
    prompts: tuple[Prompt, ...]

    def choose(self, context: Context) -> list[Chosen]:
        """For each claim, its first prompt whose condition holds, filled in."""
        chosen = []
        common = _common(context)
        for claim in self.claims:
            for prompt in (p for p in self.prompts if p.claim == claim.id):
                facts = CONDITIONS[prompt.when][0](context)
                if facts is not None:
                    chosen.append(Chosen(claim, prompt.when,
                                         prompt.text.strip().format(**common, **facts)))
                    break
        return chosen


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise WorkshopError(f"{where}: key '{key}' must be a text, got {quote(value)}")
    return value


def load_prompts(path: str | Path = PROMPTS_FILE) -> PromptBook:
    """The prompt file, checked: every claim has a title and a quotation; every prompt names a
    known claim and condition and uses only the placeholders its condition gives."""
    source = quote_path(path)
    data = read_toml(path, "prompt file", WorkshopError)
    raw_claims, raw_prompts = data.get("claims"), data.get("prompts")
    if not isinstance(raw_claims, dict) or not raw_claims:
        raise WorkshopError(f"{source}: key 'claims' must be a table of claims "
                            "([claims.<id>] with title and quote)")
    if not isinstance(raw_prompts, list) or not raw_prompts:
        raise WorkshopError(f"{source}: key 'prompts' must be a list of prompts "
                            "([[prompts]] with claim, when and text)")
    claims = []
    for cid, claim in raw_claims.items():
        where = f"{source}: claims.{cid}"
        if not isinstance(claim, dict):
            raise WorkshopError(f"{where} must be a table with title and quote")
        claims.append(Claim(cid, _text(claim, "title", where), _text(claim, "quote", where)))
    ids = [c.id for c in claims]
    prompts = []
    for i, prompt in enumerate(raw_prompts, start=1):
        where = f"{source}: prompt {i}"
        if not isinstance(prompt, dict):
            raise WorkshopError(f"{where} must be a table with claim, when and text")
        claim, when, text = (_text(prompt, k, where) for k in ("claim", "when", "text"))
        if claim not in ids:
            raise WorkshopError(f"{where}: key 'claim' must be one of {', '.join(ids)}, got "
                                f"{quote(claim)}")
        if when not in CONDITIONS:
            raise WorkshopError(f"{where}: key 'when' must be one of {', '.join(CONDITIONS)}, "
                                f"got {quote(when)}")
        allowed = set(COMMON) | set(CONDITIONS[when][1])
        try:
            used = {name for _, name, spec, conv in string.Formatter().parse(text)
                    if name is not None}
        except ValueError as exc:
            raise WorkshopError(f"{where}: key 'text' is not a valid template ({exc})") \
                from None
        unknown = sorted(used - allowed)
        if unknown:
            raise WorkshopError(f"{where}: key 'text' uses {{{unknown[0]}}}, which condition "
                                f"{quote(when)} does not give (it gives "
                                f"{', '.join(sorted(allowed))})")
        prompts.append(Prompt(claim, when, text))
    return PromptBook(tuple(claims), tuple(prompts))
