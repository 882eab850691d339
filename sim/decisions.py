"""A quarter's decision: attention split over levers plus discrete actions, and its checks."""

from __future__ import annotations

import dataclasses
import math
import numbers
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.errors import DecisionError
from sim.levers import lever_table
from sim.limits import MAX_LET_GO, MAX_ONE_TO_ONES, MAX_QUARTERS
from sim.safefile import quote, quote_path, read_json

if TYPE_CHECKING:
    from sim.levels import EventCard, Level

BONUS_POLICIES = ("none", "team", "individual")
ONE_TO_ONE_ACTIONS = ("coach", "recognise", "reassign", "idea")
_DECISION_KEYS = ("attention", "hire", "let_go", "training", "bonus", "one_to_one", "responses")


@dataclass(frozen=True)
class OneToOne:
    """A one-to-one action on a chosen worker (by worker id)."""

    action: str
    worker: int


@dataclass(frozen=True)
class Decision:
    """What the boss does for one quarter. Unspent attention is neglect.

    attention: points per lever id; the sum (plus one-to-ones) may not exceed the budget.
    hire: people to recruit this quarter (they arrive after the level's hiring delay).
    let_go: worker ids to let go at the start of the quarter.
    training: training budget, 0 (none) to 1 (a tenth of salary per person per quarter).
    bonus: bonus policy: "none", "team" (shared) or "individual" (contingent, per person).
    one_to_one: coach / recognise / reassign / idea (take up their idea) on single workers.
    responses: answers to this quarter's events, event id -> choice id.
    """

    attention: dict[str, float] = field(default_factory=dict)
    hire: int = 0
    let_go: tuple[int, ...] = ()
    training: float = 0.0
    bonus: str = "none"
    one_to_one: tuple[OneToOne, ...] = ()
    responses: dict[str, str] = field(default_factory=dict)

    def answering(self, event_id: str, choice_id: str) -> Decision:
        """This decision with one more event answered (a copy: a decision is frozen).
        `dataclasses.replace` without its per-field machinery, which each event paid."""
        new = object.__new__(Decision)
        new.__dict__.update(self.__dict__, responses={**self.responses, event_id: choice_id})
        return new

    def spent(self, one_to_one_cost: float) -> float:
        """Attention used: lever points plus the one-to-one actions."""
        return sum(self.attention.values()) + one_to_one_cost * len(self.one_to_one)

    def leadership_share(self) -> float:
        """Share of lever attention on leadership levers (0.5 when nothing is spent)."""
        leadership = lever_table().leadership_ids
        lead = sum(p for k, p in self.attention.items() if k in leadership)
        total = sum(self.attention.values())
        return lead / total if total > 0 else 0.5

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the decision-log format)."""
        data = asdict(self)
        data["let_go"] = list(self.let_go)
        data["one_to_one"] = [asdict(o) for o in self.one_to_one]
        return data

    @classmethod
    def from_dict(cls, data: Any, where: str = "decision") -> Decision:
        """Build a decision from a decision-log entry, with clear errors naming `where`.

        Only the shape is checked here (a JSON object with known keys, lists where lists go);
        every value is checked by `check_types` and `validate_decision` against the level."""
        if not isinstance(data, dict):
            raise DecisionError(f"{where}: expected a JSON object, got {type(data).__name__}")
        unknown = sorted(str(k) for k in set(data) - set(_DECISION_KEYS))
        if unknown:
            raise DecisionError(
                f"{where}: unknown key {quote(unknown[0])}; expected {', '.join(_DECISION_KEYS)}"
            )
        attention, responses = data.get("attention", {}), data.get("responses", {})
        let_go, ones = data.get("let_go", []), data.get("one_to_one", [])
        if not isinstance(attention, dict):
            raise DecisionError(f"{where}: 'attention' must map lever names to numbers")
        if not isinstance(responses, dict):
            raise DecisionError(f"{where}: 'responses' must map event ids to choice ids")
        if not isinstance(let_go, list):
            raise DecisionError(f"{where}: 'let_go' must be a list of worker ids")
        if not isinstance(ones, list) or not all(
            isinstance(o, dict) and set(o) == {"action", "worker"} for o in ones
        ):
            raise DecisionError(
                f"{where}: 'one_to_one' must be a list of {{\"action\": ..., \"worker\": id}}"
            )
        decision = cls(
            attention=dict(attention), hire=data.get("hire", 0), let_go=tuple(let_go),
            training=data.get("training", 0.0), bonus=data.get("bonus", "none"),
            one_to_one=tuple(OneToOne(o["action"], o["worker"]) for o in ones),
            responses=dict(responses),
        )
        check_types(decision, where)
        return dataclasses.replace(
            decision, attention={k: float(v) for k, v in decision.attention.items()},
            training=float(decision.training), let_go=tuple(int(w) for w in decision.let_go))


def _is_number(value: Any) -> bool:
    if type(value) is float:     # the usual case, answered without the slow ABC check
        return math.isfinite(value)
    return isinstance(value, numbers.Real) and not isinstance(value, bool) \
        and math.isfinite(value)


def _is_whole(value: Any) -> bool:
    if type(value) is int:       # the usual case, answered without the slow ABC check
        return True
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def check_types(decision: Any, where: str = "decision") -> None:
    """Raise DecisionError unless every field of `decision` has the type and size it needs.

    Why: the public API takes Decision objects built by hand, so a list, a bool, NaN or a
    complex number where a number goes must get the same sentence as a bad decision log, not a
    TypeError from deep inside the weekly update."""
    if not isinstance(decision, Decision):
        raise DecisionError(f"{where}: expected a sim.Decision, got {type(decision).__name__}")
    if not isinstance(decision.attention, dict) or not all(
        isinstance(k, str) and _is_number(v) for k, v in decision.attention.items()
    ):
        raise DecisionError(f"{where}: 'attention' must map lever names to numbers "
                            f"(finite, not true/false), got {quote(decision.attention)}")
    if not _is_whole(decision.hire):
        raise DecisionError(f"{where}: 'hire' must be a whole number, got {quote(decision.hire)}")
    if not isinstance(decision.let_go, tuple | list) or not all(
        _is_whole(w) for w in decision.let_go
    ):
        raise DecisionError(f"{where}: 'let_go' must be a list of worker ids (whole numbers), "
                            f"got {quote(decision.let_go)}")
    if len(decision.let_go) > MAX_LET_GO:
        raise DecisionError(f"{where}: 'let_go' names {len(decision.let_go)} people; at most "
                            f"{MAX_LET_GO}")
    if not _is_number(decision.training):
        raise DecisionError(f"{where}: 'training' must be a number from 0 to 1, "
                            f"got {quote(decision.training)}")
    if not isinstance(decision.bonus, str):
        raise DecisionError(f"{where}: 'bonus' must be one of {', '.join(BONUS_POLICIES)}, "
                            f"got {quote(decision.bonus)}")
    if not isinstance(decision.one_to_one, tuple | list) or not all(
        isinstance(o, OneToOne) and isinstance(o.action, str) and _is_whole(o.worker)
        for o in decision.one_to_one
    ):
        raise DecisionError(f"{where}: 'one_to_one' must be a list of one-to-ones, each an "
                            f"action name and a worker id (a whole number), "
                            f"got {quote(decision.one_to_one)}")
    if len(decision.one_to_one) > MAX_ONE_TO_ONES:
        raise DecisionError(f"{where}: {len(decision.one_to_one)} one-to-ones in a quarter; "
                            f"at most {MAX_ONE_TO_ONES}")
    if not isinstance(decision.responses, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in decision.responses.items()
    ):
        raise DecisionError(f"{where}: 'responses' must map event ids to choice ids, "
                            f"got {quote(decision.responses)}")


def validate_decision(decision: Decision, level: Level, worker_ids: set[int] | None = None,
                      where: str = "decision") -> None:
    """Raise DecisionError unless the decision is legal for this level and team."""
    check_types(decision, where)
    table = lever_table()
    for lever_id, points in decision.attention.items():
        if lever_id not in table.ids:
            raise DecisionError(
                f"{where}: unknown lever {quote(lever_id)}; levers are {', '.join(table.ids)}"
            )
        if points < 0:
            raise DecisionError(f"{where}: attention on '{lever_id}' is negative ({points:g})")
    spent = decision.spent(level.actions.one_to_one_cost)
    if spent > level.attention_budget + 1e-9:
        raise DecisionError(
            f"{where}: spends {spent:g} attention points but the budget of level "
            f"'{level.name}' is {level.attention_budget:g}"
        )
    acts = level.actions
    if decision.hire < 0 or decision.hire > acts.max_hires or (decision.hire and not acts.hire):
        limit = acts.max_hires if acts.hire else 0
        raise DecisionError(
            f"{where}: 'hire' must be between 0 and {limit} in level '{level.name}', "
            f"got {decision.hire}"
        )
    if decision.let_go and not acts.let_go:
        raise DecisionError(f"{where}: level '{level.name}' does not allow letting people go")
    if not 0.0 <= decision.training <= 1.0 or (decision.training and not acts.training):
        raise DecisionError(
            f"{where}: 'training' must be between 0 and {1 if acts.training else 0}, "
            f"got {decision.training:g}"
        )
    if decision.bonus not in BONUS_POLICIES or (decision.bonus != "none" and not acts.bonus):
        allowed = BONUS_POLICIES if acts.bonus else ("none",)
        raise DecisionError(
            f"{where}: 'bonus' must be one of {', '.join(allowed)}, got {quote(decision.bonus)}"
        )
    if decision.one_to_one and not acts.one_to_one:
        raise DecisionError(f"{where}: level '{level.name}' has no one-to-one actions")
    for one in decision.one_to_one:
        if one.action not in ONE_TO_ONE_ACTIONS:
            raise DecisionError(
                f"{where}: one-to-one action must be one of {', '.join(ONE_TO_ONE_ACTIONS)}, "
                f"got {quote(one.action)}"
            )
    leaving = set(decision.let_go)
    for one in decision.one_to_one:
        if one.worker in leaving:
            raise DecisionError(
                f"{where}: worker {one.worker} is let go, so cannot also get a one-to-one"
            )
    if len(leaving) != len(decision.let_go):
        raise DecisionError(f"{where}: 'let_go' names the same worker twice")
    if worker_ids is not None:
        for wid in (*decision.let_go, *(o.worker for o in decision.one_to_one)):
            if wid not in worker_ids:
                raise DecisionError(f"{where}: there is no worker with id {quote(wid)} in the "
                                    "team")
    events = {e.id: e for e in level.events} if decision.responses else {}
    for event_id, choice_id in decision.responses.items():
        if event_id not in events:
            raise DecisionError(f"{where}: response to unknown event {quote(event_id)}")
        check_choice(events[event_id], choice_id, where)


def check_choice(card: EventCard, choice_id: str, where: str) -> None:
    """Raise DecisionError unless `choice_id` is one of the event's responses."""
    ids = [c.id for c in card.choices]
    if choice_id not in ids:
        raise DecisionError(
            f"{where}: event '{card.id}' has no choice {quote(choice_id)}; choices are "
            f"{', '.join(ids)}"
        )


def load_decision_log(path: str | Path) -> list[Decision]:
    """Read a decision log: a JSON list of decisions, or an object with a 'decisions' list."""
    path = Path(path)
    data = read_json(path, "decision log", DecisionError)
    source = quote_path(path)
    if isinstance(data, dict):
        if "decisions" not in data:
            raise DecisionError(f"{source}: expected a list of decisions or a 'decisions' key")
        data = data["decisions"]
    if not isinstance(data, list) or not data:
        raise DecisionError(f"{source}: expected a non-empty list of decisions, one per quarter")
    if len(data) > MAX_QUARTERS:
        raise DecisionError(f"{source}: has {len(data)} decisions; a level has at most "
                            f"{MAX_QUARTERS} quarters")
    return [Decision.from_dict(d, where=f"{source}: quarter {i + 1}") for i, d in enumerate(data)]


def attention_shares(level: Level, decisions: Sequence[Decision]
                     ) -> list[tuple[float, float, float]]:
    """Per quarter: the shares of the attention budget on leadership (levers and one-to-ones,
    which are people work), on management, and left unspent. One definition for the debrief,
    the result files and the workshop report."""
    table = lever_table()
    budget = level.attention_budget or 1.0
    out = []
    for d in decisions:
        lead = sum(p for k, p in d.attention.items() if table[k].side == "leadership")
        lead += level.actions.one_to_one_cost * len(d.one_to_one)
        manage = sum(p for k, p in d.attention.items() if table[k].side == "management")
        lead, manage = lead / budget, manage / budget
        out.append((lead, manage, max(0.0, 1.0 - lead - manage)))
    return out
