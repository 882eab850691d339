"""Load and validate level files (levels/*.toml) so a bad file fails with its file and key named."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import os
import re
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.effect_names import EVENT_EFFECTS
from sim.errors import LevelError
from sim.limits import MAX_EVENTS, MAX_GOALS, MAX_QUARTERS, MAX_TEAM, MAX_TEXT
from sim.money import default_budget
from sim.paths import levels_dir
from sim.safefile import parse_toml, quote, quote_path, read_text

#: Effects whose range is not -5 to 5: a cost is never a windfall, a chance is a chance, and
#: demand cannot fall by more than all of it.
EFFECT_RANGES: dict[str, tuple[float, float]] = {
    "cost": (-5.0, 5.0), "star_quit": (-1.0, 1.0), "demand": (-1.0, 5.0),
}
SIDES = ("leadership", "management", "neither")
TARGETS = ("team", "star")
GOAL_METRICS = ("output_cum", "output", "morale", "trust", "skill", "exhaustion", "quits",
                "headcount", "cost", "budget_left", "morale_stayers")
MAX_THRESHOLD = 1e12
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


@dataclass(frozen=True)
class Choice:
    """One response the boss may give to an event."""

    id: str
    label: str
    side: str
    effects: dict[str, float] = field(default_factory=dict)
    text: str = ""


@dataclass(frozen=True)
class Trigger:
    """Fire an event (once) in the quarter after a quarter ends with `metric` below or above a
    threshold: the team's state decides, not the calendar (a budget freeze after overspending)."""

    metric: str
    below: float | None = None
    above: float | None = None

    def holds(self, row: dict[str, object]) -> bool:
        value = float(row[self.metric])  # type: ignore[arg-type]
        return (self.below is not None and value < self.below) or \
            (self.above is not None and value > self.above)


@dataclass(frozen=True)
class Phase:
    """A stretch of quarters with its own situation: a title and text for the player, the
    demand for the team's work from its first quarter on (None: demand carries on), and what a
    unit of work is worth in it (a release date or a peak-season price: work done before the
    date is worth more, so pushing for it pays then and only then)."""

    name: str
    title: str
    start: int
    end: int
    text: str = ""
    demand: float | None = None
    value: float = 1.0


@dataclass(frozen=True)
class EventCard:
    """A card in the level's event deck: `quarter` fixes when, `between` draws a quarter in a
    range (so every run meets the card, at a time the player cannot learn by heart), `chance`
    tries each quarter, `trigger` waits for a state of the team. A `crisis` is drawn as one."""

    id: str
    title: str
    text: str
    quarter: int | None = None
    between: tuple[int, int] | None = None
    chance: float = 0.0
    week: int | None = None
    duration_weeks: int = 1
    target: str = "team"
    effects: dict[str, float] = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()
    default: str | None = None
    trigger: Trigger | None = None
    crisis: bool = False

    def latest_quarter(self) -> int | None:
        """The last quarter the card can be placed in, None for chance and trigger cards."""
        return self.between[1] if self.between else self.quarter

    def choice(self, choice_id: str) -> Choice:
        for choice in self.choices:
            if choice.id == choice_id:
                return choice
        raise KeyError(choice_id)


@dataclass(frozen=True)
class Goal:
    """A goal with thresholds for one, two and three stars."""

    metric: str
    label: str
    stars: tuple[float, float, float]
    better: str = "higher"
    at: str = "end"
    #: The label as the level file words it: "{span}" stands for the level's length ("three
    #: years"), so a session played over fewer quarters reads "Features shipped in a year".
    wording: str = ""

    def spanning(self, quarters: int) -> Goal:
        """This goal labelled for a level of `quarters` quarters."""
        wording = self.wording or self.label
        return dataclasses.replace(self, label=spelled(wording, quarters), wording=wording)


_NUMBERS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve")


def span(quarters: int) -> str:
    """A level's length in words: 'a year', 'two years', 'six quarters', 'one quarter'."""
    if quarters % 4 == 0:
        years = quarters // 4
        return "a year" if years == 1 else f"{_number(years)} years"
    return "one quarter" if quarters == 1 else f"{_number(quarters)} quarters"


def _number(n: int) -> str:
    return _NUMBERS[n - 1] if 1 <= n <= len(_NUMBERS) else str(n)


def spelled(wording: str, quarters: int) -> str:
    """A level text with "{span}" as the level's length in words ("{Span}" to begin a
    sentence), so a text that says how long the level lasts stays true when a session plays
    fewer quarters ("Three years lie ahead" in a one-year class)."""
    length = span(quarters)
    return wording.replace("{span}", length).replace("{Span}", length[0].upper() + length[1:])


@dataclass(frozen=True)
class TeamStart:
    """The team the boss inherits."""

    morale: float = 0.6
    trust: float = 0.5
    skill: float = 0.5
    skill_spread: float = 0.12
    exhaustion: float = 0.2
    safety: float = 0.4
    process: float = 0.35
    coordination: float = 0.5
    innovation: float = 0.2
    intrinsic: float = 0.5
    extrinsic: float = 0.4
    autonomy: float = 0.45
    competence: float = 0.5
    relatedness: float = 0.44
    demand: float = 1.25
    backfill: bool = True
    hiring_weeks: int = 6
    ramp_weeks: int = 13


@dataclass(frozen=True)
class Actions:
    """Which discrete actions the level offers beside the attention budget."""

    hire: bool = True
    let_go: bool = True
    training: bool = True
    bonus: bool = True
    one_to_one: bool = True
    max_hires: int = 5
    one_to_one_cost: float = 0.5


@dataclass(frozen=True)
class Level:
    """A validated level: the scenario, the team, the budget, the goals and the event deck."""

    name: str
    title: str
    briefing: str
    knowledge_share: float
    team_size: int
    quarters: int
    attention_budget: float
    era: str = ""
    learning_goal: str = ""
    difficulty: int = 1
    guided: bool = False        # the game guides the first quarter (spend, commit, read)
    output_unit: str = "units"
    salary: float = 60.0
    unlock_after: str | None = None
    team: TeamStart = field(default_factory=TeamStart)
    actions: Actions = field(default_factory=Actions)
    goals: tuple[Goal, ...] = ()
    events: tuple[EventCard, ...] = ()
    phases: tuple[Phase, ...] = ()
    budget: float | None = None
    path: str = ""
    #: The briefing as the level file words it, "{span}" and all (`briefing` is it spelled
    #: out for this level's quarters, see `worded`).
    briefing_wording: str = ""

    @property
    def money(self) -> float:
        """The budget for the whole level, in thousands (a default if the file names none)."""
        if self.budget is not None:
            return self.budget
        return default_budget(self.team_size, self.salary, self.quarters)

    def phase_at(self, quarter: int) -> Phase | None:
        """The phase a quarter (1-based) belongs to, if the level has phases."""
        for phase in self.phases:
            if phase.start <= quarter <= phase.end:
                return phase
        return None

    def worded(self) -> Level:
        """The texts that state the level's length (the briefing, the goals' labels) spelled
        out for its own number of quarters: the one place they are, on load and after every
        override of the quarters."""
        wording = self.briefing_wording or self.briefing
        return dataclasses.replace(
            self, briefing=spelled(wording, self.quarters), briefing_wording=wording,
            goals=tuple(goal.spanning(self.quarters) for goal in self.goals))

    def with_overrides(self, **overrides: Any) -> Level:
        """A copy with level parameters replaced, each checked like the file's own values."""
        source = f"override of level '{self.name}'"
        fields = {}
        for key, value in overrides.items():
            if key not in OVERRIDABLE:
                raise LevelError(
                    f"{source}: cannot override {quote(key)}; overridable parameters are "
                    f"{', '.join(sorted(OVERRIDABLE))}"
                )
            fields[key] = _check(source, key, value, _TOP_SCHEMA[key])
        quarters = fields.get("quarters", self.quarters)
        if quarters != self.quarters:
            if self.phases:
                kept = [p for p in self.phases if p.start <= quarters]
                kept[-1] = dataclasses.replace(kept[-1], end=quarters)
                fields["phases"] = tuple(kept)
            # A shorter (or longer) game: the money and the goals that add up over the level
            # scale with its length; goals on the team's state at the end do not.
            factor = quarters / self.quarters
            if self.budget is not None:
                fields["budget"] = self.budget * factor
            fields["goals"] = tuple(_scaled(goal, factor) for goal in self.goals)
        return dataclasses.replace(self, **fields).worded()


#: Goal metrics that add up over the level (scaled with its length by `with_overrides`).
CUMULATIVE_METRICS = ("output_cum", "budget_left", "cost_cum")


def _scaled(goal: Goal, factor: float) -> Goal:
    """A goal for a level `factor` times as long: totals scale, states at the end do not.
    Thresholds are rounded in the player's favour (whole numbers for counts and from 10 up)."""
    if goal.metric not in CUMULATIVE_METRICS and goal.at != "total":
        return goal
    scaled = [t * factor for t in goal.stars]
    whole = goal.metric == "quits" or max(abs(t) for t in scaled) >= 10
    step = 1.0 if whole else 0.01
    round_ = math.floor if goal.better == "higher" else math.ceil
    stars = tuple(round(round_(t / step + (1e-9 if goal.better == "higher" else -1e-9)) * step,
                        2) for t in scaled)
    return dataclasses.replace(goal, stars=stars)


# Schema: key -> (kind, low, high, required). Kinds: "str", "int", "float", "bool".
_TOP_SCHEMA: dict[str, tuple[str, float | None, float | None, bool]] = {
    "name": ("str", None, None, True),
    "title": ("str", None, None, True),
    "briefing": ("str", None, None, True),
    "knowledge_share": ("float", 0.0, 1.0, True),
    "team_size": ("int", 1, MAX_TEAM, True),
    "quarters": ("int", 1, MAX_QUARTERS, True),
    "attention_budget": ("float", 0.0, 100.0, True),
    "era": ("str", None, None, False),
    "learning_goal": ("str", None, None, False),
    "difficulty": ("int", 1, 5, False),
    "guided": ("bool", None, None, False),
    "output_unit": ("str", None, None, False),
    "salary": ("float", 0.0, 10_000.0, False),
    "unlock_after": ("str", None, None, False),
    "budget": ("float", 0.0, 1e9, False),
}
OVERRIDABLE = tuple(k for k in _TOP_SCHEMA if k not in ("name", "title", "briefing"))
_TEAM_SCHEMA = {
    f.name: ("bool" if f.type == "bool" else "int" if f.type == "int" else "float",
             None if f.type == "bool" else 0.0,
             None if f.type == "bool" else (52.0 if f.type == "int" else
                                            3.0 if f.name == "demand" else 1.0),
             False)
    for f in dataclasses.fields(TeamStart)
}
_ACTIONS_SCHEMA = {
    "hire": ("bool", None, None, False), "let_go": ("bool", None, None, False),
    "training": ("bool", None, None, False), "bonus": ("bool", None, None, False),
    "one_to_one": ("bool", None, None, False), "max_hires": ("int", 0, 1000, False),
    "one_to_one_cost": ("float", 0.0, 10.0, False),
}
_EVENT_SCHEMA = {
    "id": ("str", None, None, True), "title": ("str", None, None, True),
    "text": ("str", None, None, True), "quarter": ("int", 1, MAX_QUARTERS, False),
    "chance": ("float", 0.0, 1.0, False), "week": ("int", 1, 13, False),
    "duration_weeks": ("int", 1, 52, False), "target": ("str", None, None, False),
    "effects": ("table", None, None, False), "choices": ("list", None, None, False),
    "default": ("str", None, None, False), "trigger": ("table", None, None, False),
    "between": ("list", None, None, False), "crisis": ("bool", None, None, False),
}
_CHOICE_SCHEMA = {
    "id": ("str", None, None, True), "label": ("str", None, None, True),
    "side": ("str", None, None, True), "text": ("str", None, None, False),
    "effects": ("table", None, None, False),
}
_GOAL_SCHEMA = {
    "metric": ("str", None, None, True), "label": ("str", None, None, True),
    "stars": ("list", None, None, True), "better": ("str", None, None, False),
    "at": ("str", None, None, False),
}
_PHASE_SCHEMA = {
    "name": ("str", None, None, True), "title": ("str", None, None, True),
    "start": ("int", 1, MAX_QUARTERS, True), "text": ("str", None, None, False),
    "demand": ("float", 0.0, 3.0, False), "value": ("float", 0.2, 3.0, False),
}
_TRIGGER_SCHEMA = {
    "metric": ("str", None, None, True), "below": ("float", -1e9, 1e9, False),
    "above": ("float", -1e9, 1e9, False),
}
#: What a trigger may watch: the per-quarter table's numeric columns.
TRIGGER_METRICS = ("output", "output_cum", "morale", "trust", "skill", "exhaustion",
                   "headcount", "quits", "cost", "budget_left", "backlog", "demand", "safety",
                   "coordination", "process", "innovation", "intrinsic")
_SECTIONS = ("team", "actions", "goals", "events", "phases")
_KIND_WORDS = {"str": "a string", "int": "a whole number", "float": "a number",
               "bool": "true or false", "table": "a table", "list": "a list"}


def _check(source: str, key: str, value: Any, spec: tuple) -> Any:
    """Check one value against its schema entry and return it converted."""
    kind, low, high = spec[0], spec[1], spec[2]
    ok = {
        "str": isinstance(value, str),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "float": isinstance(value, int | float) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "table": isinstance(value, dict),
        "list": isinstance(value, list),
    }[kind]
    if not ok:
        expected = _KIND_WORDS[kind]
        if low is not None:
            expected += f" between {low:g} and {high:g}"
        raise LevelError(f"{source}: key '{key}' must be {expected}, got {quote(value)}")
    if kind == "str" and len(value) > MAX_TEXT:
        raise LevelError(f"{source}: key '{key}' is {len(value):,} characters long; at most "
                         f"{MAX_TEXT:,}")
    if low is not None and not (low <= value <= high):
        raise LevelError(
            f"{source}: key '{key}' must be between {low:g} and {high:g}, got {quote(value)}"
        )
    return float(value) if kind == "float" else value


def _table(source: str, prefix: str, raw: Any, schema: dict) -> dict[str, Any]:
    """Check a TOML table against a schema: unknown keys, missing keys, types and ranges."""
    if not isinstance(raw, dict):
        raise LevelError(f"{source}: '{prefix.rstrip('.')}' must be a table, got {quote(raw)}")
    for key in raw:
        if key not in schema:
            allowed = sorted(schema) + (sorted(_SECTIONS) if not prefix else [])
            raise LevelError(
                f"{source}: unknown key {quote(prefix + str(key))}; expected one of "
                f"{', '.join(allowed)}"
            )
    out = {}
    for key, spec in schema.items():
        if key not in raw:
            if spec[3]:
                raise LevelError(f"{source}: missing required key '{prefix}{key}'")
            continue
        out[key] = _check(source, prefix + key, raw[key], spec)
    return out


def _effects(source: str, prefix: str, raw: dict) -> dict[str, float]:
    effects = {}
    for key, value in raw.items():
        if key not in EVENT_EFFECTS:
            raise LevelError(
                f"{source}: unknown effect {quote(prefix + str(key))}; expected one of "
                f"{', '.join(EVENT_EFFECTS)}"
            )
        low, high = EFFECT_RANGES.get(key, (-5.0, 5.0))
        effects[key] = _check(source, prefix + key, value, ("float", low, high, True))
    return effects


def _event(source: str, index: int, raw: Any) -> EventCard:
    where = f"events[{index}]."
    data = _table(source, where, raw, _EVENT_SCHEMA)
    event_id = data["id"]
    if not NAME_RE.match(event_id):
        raise LevelError(
            f"{source}: key '{where}id' must be lower-case letters, digits and '_', "
            f"got {quote(event_id)}"
        )
    where = f"events.{event_id}."
    target = data.get("target", "team")
    if target not in TARGETS:
        raise LevelError(
            f"{source}: key '{where}target' must be one of {', '.join(TARGETS)}, "
            f"got {quote(target)}"
        )
    if sum(key in data for key in ("quarter", "between", "chance", "trigger")) != 1:
        raise LevelError(
            f"{source}: event '{event_id}' needs exactly one of 'quarter' (a fixed quarter), "
            f"'between' (a quarter drawn from [first, last]), 'chance' (a chance per quarter) "
            f"or 'trigger' (a state of the team)"
        )
    if "between" in data:
        data["between"] = _between(source, f"{where}between", data["between"])
    if "trigger" in data:
        data["trigger"] = _trigger(source, f"{where}trigger.", data["trigger"])
    raw_choices = data.get("choices", [])
    if len(raw_choices) == 1 or len(raw_choices) > 3:
        raise LevelError(
            f"{source}: event '{event_id}' must offer two or three choices (or none), "
            f"got {len(raw_choices)}"
        )
    choices = []
    for j, raw_choice in enumerate(raw_choices):
        at = f"{where}choices[{j}]."
        c = _table(source, at, raw_choice, _CHOICE_SCHEMA)
        if not NAME_RE.match(c["id"]):
            raise LevelError(
                f"{source}: key '{at}id' must be lower-case letters, digits and '_', "
                f"got {quote(c['id'])}"
            )
        if c["side"] not in SIDES:
            raise LevelError(
                f"{source}: key '{at}side' must be one of {', '.join(SIDES)}, "
                f"got {quote(c['side'])}"
            )
        c["effects"] = _effects(source, f"{at}effects.", c.get("effects", {}))
        choices.append(Choice(**c))
    ids = [c.id for c in choices]
    if len(set(ids)) < len(ids):
        twice = next(i for i in ids if ids.count(i) > 1)   # at most three choices
        raise LevelError(f"{source}: event '{event_id}' has two choices with the id '{twice}'")
    if "default" in data and not choices:
        raise LevelError(
            f"{source}: key '{where}default' is only for events with choices"
        )
    if target != "star":
        uses = "star_quit" in data.get("effects", {}) or any(
            "star_quit" in c.effects for c in choices
        )
        if uses:
            raise LevelError(
                f"{source}: event '{event_id}' uses 'star_quit' but its target is not 'star' "
                f"(add target = \"star\")"
            )
    if choices:
        default = data.get("default", choices[0].id)
        if default not in ids:
            raise LevelError(
                f"{source}: key '{where}default' must name one of its choices {ids}, "
                f"got {quote(default)}"
            )
        data["default"] = default
    data["effects"] = _effects(source, f"{where}effects.", data.get("effects", {}))
    data["choices"] = tuple(choices)
    return EventCard(**data)


def _between(source: str, key: str, raw: list) -> tuple[int, int]:
    """`between = [first, last]`: two whole quarters, first before last."""
    ok = (len(raw) == 2 and all(isinstance(q, int) and not isinstance(q, bool) for q in raw)
          and 1 <= raw[0] < raw[1] <= MAX_QUARTERS)
    if not ok:
        raise LevelError(f"{source}: key '{key}' must be two quarters [first, last] with "
                         f"1 <= first < last <= {MAX_QUARTERS}, got {quote(raw)}")
    return raw[0], raw[1]


def _trigger(source: str, where: str, raw: dict) -> Trigger:
    data = _table(source, where, raw, _TRIGGER_SCHEMA)
    if data["metric"] not in TRIGGER_METRICS:
        raise LevelError(f"{source}: key '{where}metric' must be one of "
                         f"{', '.join(TRIGGER_METRICS)}, got {quote(data['metric'])}")
    if ("below" in data) == ("above" in data):
        raise LevelError(f"{source}: '{where.rstrip('.')}' needs exactly one of 'below' or "
                         "'above'")
    return Trigger(**data)


def _phases(source: str, raw: Any, quarters: int) -> tuple[Phase, ...]:
    """Phases in order, the first starting in quarter 1, each running to the next's start."""
    if not isinstance(raw, list):
        raise LevelError(f"{source}: 'phases' must be a list of tables ([[phases]])")
    if len(raw) > MAX_QUARTERS:
        raise LevelError(f"{source}: {len(raw)} phases; a level has at most {MAX_QUARTERS}")
    tables = [_table(source, f"phases[{i}].", p, _PHASE_SCHEMA) for i, p in enumerate(raw)]
    if not tables:
        return ()
    starts = [t["start"] for t in tables]
    if tables and starts[0] != 1:
        raise LevelError(f"{source}: the first phase must start in quarter 1, got {starts[0]}")
    if any(b <= a for a, b in itertools.pairwise(starts)):
        raise LevelError(f"{source}: phases must start in increasing quarters, got {starts}")
    if starts and starts[-1] > quarters:
        raise LevelError(f"{source}: a phase starts in quarter {starts[-1]} but the level has "
                         f"only {quarters} quarters")
    ends = [b - 1 for b in starts[1:]] + [quarters]
    names = [t["name"] for t in tables]
    if len(set(names)) < len(names):
        raise LevelError(f"{source}: two phases share a name")
    for t in tables:
        if not NAME_RE.match(t["name"]):
            raise LevelError(f"{source}: phase names are lower-case letters, digits and '_', "
                             f"got {quote(t['name'])}")
    return tuple(Phase(end=end, **t) for t, end in zip(tables, ends, strict=True))


def _goal(source: str, index: int, raw: Any) -> Goal:
    data = _table(source, f"goals[{index}].", raw, _GOAL_SCHEMA)
    if data["metric"] not in GOAL_METRICS:
        raise LevelError(
            f"{source}: key 'goals[{index}].metric' must be one of {', '.join(GOAL_METRICS)}, "
            f"got {quote(data['metric'])}"
        )
    stars = data["stars"]
    if len(stars) != 3 or not all(
        isinstance(s, int | float) and not isinstance(s, bool) and abs(s) <= MAX_THRESHOLD
        and s == s for s in stars
    ):
        raise LevelError(
            f"{source}: key 'goals[{index}].stars' must be three numbers (one, two, three "
            f"stars) between {-MAX_THRESHOLD:g} and {MAX_THRESHOLD:g}"
        )
    better = data.get("better", "higher")
    if better not in ("higher", "lower"):
        raise LevelError(f"{source}: key 'goals[{index}].better' must be 'higher' or 'lower'")
    ordered = sorted(stars) if better == "higher" else sorted(stars, reverse=True)
    if list(stars) != ordered:
        raise LevelError(
            f"{source}: key 'goals[{index}].stars' must get harder from one star to three"
        )
    at = data.get("at", "end")
    if at not in ("end", "mean", "total"):
        raise LevelError(f"{source}: key 'goals[{index}].at' must be 'end', 'mean' or 'total'")
    return Goal(metric=data["metric"], label=data["label"], stars=tuple(map(float, stars)),
                better=better, at=at)


def parse_level(data: dict[str, Any], source: str) -> Level:
    """Validate a level's parsed TOML and build the Level; errors name `source` and the key."""
    top = {k: v for k, v in data.items() if k not in _SECTIONS}
    fields = _table(source, "", top, _TOP_SCHEMA)
    if not NAME_RE.match(fields["name"]):
        raise LevelError(
            f"{source}: key 'name' must be lower-case letters, digits and '_', "
            f"got {quote(fields['name'])}"
        )
    team = _table(source, "team.", data.get("team", {}), _TEAM_SCHEMA)
    actions = _table(source, "actions.", data.get("actions", {}), _ACTIONS_SCHEMA)
    for key, limit in (("goals", MAX_GOALS), ("events", MAX_EVENTS)):
        if not isinstance(data.get(key, []), list):
            raise LevelError(f"{source}: '{key}' must be a list of tables ([[{key}]])")
        if len(data.get(key, [])) > limit:
            raise LevelError(f"{source}: {len(data[key]):,} {key}; a level has at most {limit}")
    goals = tuple(_goal(source, i, g) for i, g in enumerate(data.get("goals", [])))
    events = tuple(_event(source, i, e) for i, e in enumerate(data.get("events", [])))
    seen: set[str] = set()
    for event in events:
        if event.id in seen:
            raise LevelError(f"{source}: two events share the id '{event.id}'")
        seen.add(event.id)
    for event in events:
        latest = event.latest_quarter()
        if latest is not None and latest > fields["quarters"]:
            raise LevelError(
                f"{source}: event '{event.id}' is set for quarter {latest} but the level "
                f"has only {fields['quarters']} quarters"
            )
    phases = _phases(source, data.get("phases", []), fields["quarters"])
    return Level(**fields, team=TeamStart(**team), actions=Actions(**actions), goals=goals,
                 events=events, phases=phases, path=source).worded()


def load_level_file(path: str | Path) -> Level:
    """Load a level from a `.toml` file given as a path."""
    path = Path(path)
    if path.suffix != ".toml":
        raise LevelError(
            f"{quote_path(path)}: a level file must be a .toml file (a level name has no '/' "
            "or '.')"
        )
    try:
        info = os.stat(path)
    except OSError:               # read_text says why, in the words of every file error
        info = None
    key = None
    settled = time.time_ns() - _SETTLED_NS
    if (info is not None and stat.S_ISREG(info.st_mode) and info.st_mtime_ns < settled
            and info.st_ctime_ns < settled):
        key = (str(path), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns,
               info.st_ctime_ns)
        level = _LOADED.get(key)
        if level is not None:
            return level
    level = _parse_level_text(read_text(path, "level file", LevelError), str(path))
    if key is not None:
        if len(_LOADED) >= 64:
            _LOADED.pop(next(iter(_LOADED)))
        _LOADED[key] = level
    return level


#: Levels by their file's path and `os.stat` (size, change times): building a model by level
#: name read and hashed the file each time, a seventieth of a small team's level. An edited
#: file has another size or change time, so it is read anew; a file changed in the last
#: `_SETTLED_NS` is always read (two edits within one tick of the file system's clock can
#: leave the same times).
_LOADED: dict[tuple[object, ...], Level] = {}
_SETTLED_NS = 2_000_000_000


@functools.lru_cache(maxsize=64)
def _parse_level_text(text: str, path: str) -> Level:
    """A level file's text, parsed and checked (errors name `path`).

    Why cached: parsing and checking a level took ~5 ms, more than half of building a model,
    and a process often plays one level many times (a sweep, a workshop, the game). The same
    text always gives the same level, and a `Level` is frozen, so one is shared. Keyed by the
    text itself, so an edited file is parsed anew; a file that fails raises every time."""
    return parse_level(parse_toml(text, path, LevelError), quote_path(path))


def built_in_levels() -> list[Level]:
    """The built-in levels, in play order (tutorial first, then by difficulty)."""
    levels = [load_level_file(p) for p in sorted(levels_dir().glob("*.toml"))]
    levels.sort(key=lambda lv: (lv.unlock_after is not None, lv.difficulty, lv.name))
    return levels


def level_names() -> list[str]:
    """Names of the built-in levels, in play order (tutorial first, then by difficulty)."""
    return [lv.name for lv in built_in_levels()]


def load_level(level: str | Path | Level) -> Level:
    """Resolve a level name (built-in only), a path to a .toml file, or a loaded Level."""
    if isinstance(level, Level):
        return level
    text = str(level)
    if isinstance(level, Path) or text.endswith(".toml") or "/" in text or "\\" in text:
        return load_level_file(text)
    if not NAME_RE.match(text):
        raise LevelError(
            f"unknown level {quote(text)}: a level name is lower-case letters, digits and '_' "
            f"(give a level file as a path ending in .toml)"
        )
    path = levels_dir() / f"{text}.toml"
    if not path.is_file():
        known = ", ".join(p.stem for p in sorted(levels_dir().glob("*.toml")))
        raise LevelError(f"unknown level {quote(text)}; known levels: {known}")
    level = load_level_file(path)
    if level.name != text:
        raise LevelError(f"{path}: key 'name' must match the file name {quote(text)}, "
                         f"got {level.name!r}")
    return level
