"""Scripted bosses: each decides a quarter from the team's public state and answers events.

They are the archetypes the seed text talks about (the leader, the manager, the two together,
the absent boss) plus an adaptive boss and a random one for sweeps and property tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from sim.decisions import BONUS_POLICIES, ONE_TO_ONE_ACTIONS, Decision, OneToOne
from sim.errors import StrategyError
from sim.levels import EventCard, Goal, Level
from sim.levers import lever_table
from sim.safefile import quote
from sim.strategy_names import STRATEGY_DESCRIPTIONS

if TYPE_CHECKING:
    from sim.model import OrgModel


def spread(levers: tuple[str, ...] | list[str], points: float) -> dict[str, float]:
    """Split `points` evenly over `levers`."""
    return {lever: points / len(levers) for lever in levers} if levers else {}


def prefer(card: EventCard, *sides: str) -> str:
    """The first choice of the first side in `sides` that the card offers, else its default."""
    for side in sides:
        for choice in card.choices:
            if choice.side == side:
                return choice.id
    return card.default or card.choices[0].id


@dataclass(frozen=True)
class Strategy:
    """A scripted boss: a name, a one-line description, and how it decides and responds."""

    name: str
    description: str
    decide_fn: Callable[[OrgModel], Decision]
    respond_fn: Callable[[OrgModel, EventCard], str]

    def decide(self, model: OrgModel) -> Decision:
        return self.decide_fn(model)

    def respond(self, model: OrgModel, card: EventCard) -> str:
        return self.respond_fn(model, card)


def _leader(model: OrgModel) -> Decision:
    return Decision(attention=spread(lever_table().by_side("leadership"),
                                     model.level.attention_budget))


def _manager(model: OrgModel) -> Decision:
    return Decision(attention=spread(lever_table().by_side("management"),
                                     model.level.attention_budget))


def _balanced(model: OrgModel) -> Decision:
    half = model.level.attention_budget / 2
    table = lever_table()
    return Decision(attention={**spread(table.by_side("leadership"), half),
                               **spread(table.by_side("management"), half)})


def _balanced_respond(model: OrgModel, card: EventCard) -> str:
    """Alternate card by card, in the order of the level's deck: people first on the first
    card, structure first on the next, and so on.

    Why by the deck and not by the team's state: up to 0.6.1 it answered people first when the
    team's morale was below 0.55, where the balanced boss's team sits, so two runs a hair
    apart answered a card differently (the release plan: a fifth of a quarter's output), which
    swamped what `orgsim validate`'s comparisons of it measure (claim 6)."""
    ids = [each.id for each in model.level.events]
    first = ("leadership", "management")[ids.index(card.id) % 2 if card.id in ids else 0]
    second = "management" if first == "leadership" else "leadership"
    return prefer(card, first, second)


#: The adaptive boss's starting weights per lever, as [routine, knowledge] work: structure and
#: rewards for routine work (dates only when a phase presses, see `_adaptive_weights`), purpose,
#: trust and strengths for knowledge work; cost efficiency only when money runs short.
ADAPTIVE_BASE: dict[str, tuple[float, float]] = {
    "vision": (0.3, 1.3), "inspire": (0.8, 1.0), "coach": (0.4, 1.2),
    "trust_autonomy": (0.0, 1.3), "strengths": (0.0, 1.3), "listen": (0.5, 1.4),
    "challenge": (0.6, 0.8), "plan": (2.2, 1.0), "coordinate": (1.2, 0.8), "assign": (1.6, 0.6),
    "control": (0.0, 0.0), "deadlines": (0.0, 0.0), "cost": (0.0, 0.0), "reward": (2.0, 0.0),
    "staffing": (0.0, 0.5),
}
#: Goals that make money one of the level's aims.
MONEY_METRICS = ("budget_left", "cost")
#: The levers that serve a goal's metric most directly: the adaptive boss leans on them when
#: the level sets that goal (the goals are on the briefing, public like the team's state).
GOAL_LEVERS: dict[str, tuple[str, ...]] = {
    "trust": ("trust_autonomy", "listen", "coach"),
    "morale": ("listen", "inspire"),
    "quits": ("listen", "strengths"),
}
#: Levers whose payoff comes after a few quarters: not worth starting in the last ones.
SLOW_LEVERS = ("vision", "challenge", "coach", "trust_autonomy")


def _adaptive(model: OrgModel) -> Decision:
    """Read what a player can see (the team's state, the level's kind of work, goals, phases
    and money) and decide the quarter: attention weighted by the kind of work and the goals,
    pushed where the situation calls for it, hires to the work waiting, and money kept for the
    level's money goal."""
    state = model.team_state()
    shortfall = _money_shortfall(model)
    weights = _adaptive_weights(model, state, shortfall)
    level = model.level
    total = sum(weights.values())
    attention = {k: level.attention_budget * w / total for k, w in weights.items() if w > 0}
    hire, training, bonus = _adaptive_actions(model, state, shortfall)
    return Decision(attention=attention, hire=hire, training=training, bonus=bonus)


def _adaptive_weights(model: OrgModel, state: dict[str, float],
                      shortfall: float) -> dict[str, float]:
    """Each lever's weight: the base for the kind of work, more on the levers of the level's
    goals, a push for the work when a phase makes it worth more, burnout, trust, newcomers and
    size handled as they arise, slow levers trimmed late, thrift when money runs short."""
    level = model.level
    ks = level.knowledge_share
    weights = {lid: r + (k - r) * ks for lid, (r, k) in ADAPTIVE_BASE.items()}
    served = {lever for goal in level.goals for lever in GOAL_LEVERS.get(goal.metric, ())}
    for lever in served:
        weights[lever] *= 1.25
    # Slow levers not serving a goal are the ones to trim when time or a date presses.
    slow = [lever for lever in SLOW_LEVERS if lever not in served]
    phase = level.phase_at(model.quarter + 1)
    if phase is not None and phase.value > 1.0:
        # A hard date or a peak price: push for the work now, most in routine work (goal
        # setting pays most on simple tasks: Wood et al. 1987).
        push = phase.value - 1.0
        weights.update(deadlines=weights["deadlines"] + 4.0 * push * (1.2 - ks),
                       reward=weights["reward"] + 3.0 * push * (1.0 - ks),
                       assign=weights["assign"] + 2.0 * push)
        for lever in slow:
            weights[lever] *= 0.8
    if state["exhaustion"] > 0.4:                 # protect the team from burning out
        weights.update(assign=weights["assign"] + 1.5, listen=weights["listen"] + 1.0,
                       deadlines=0.0)
    if state["trust"] < 0.45:                     # nothing else lands without trust
        weights["trust_autonomy"] += 1.0
        weights["listen"] += 1.0
    if model.arriving or state["skill"] < 0.45:   # newcomers and novices need structure
        weights["coach"] += 0.8
        weights["staffing"] += 0.8
        weights["plan"] += 0.5
    if state["headcount"] > 1.5 * level.team_size:   # grown past its structure (Brooks)
        weights["coordinate"] += 1.0
        weights["plan"] += 0.5
    if level.quarters - model.quarter <= 2:       # leadership pays off over time: not now
        for lever in slow:
            weights[lever] *= 0.5
    if shortfall > 0:                 # thrift in proportion to the money missing
        weights["cost"] += min(3.0, 15.0 * shortfall)
    return weights


def _run_rate(model: OrgModel) -> float:
    """The level's spending per quarter so far."""
    return model.cost_cum / max(model.quarter, 1) if model.quarter else 0.0


def _money_goals(level: Level) -> list[Goal]:
    """The level's goals on money (the briefing shows them, so a boss may read them)."""
    return [goal for goal in level.goals if goal.metric in MONEY_METRICS]


def _money_shortfall(model: OrgModel) -> float:
    """Where money is a goal: the share of the rest of the level's spending (at the rate so
    far) that would have to be saved to end with what the top money goal asks for; else 0."""
    level = model.level
    money_goals = _money_goals(level)
    projected = _run_rate(model) * max(level.quarters - model.quarter, 1)
    if not money_goals or not model.quarter or not projected:
        return 0.0
    target = max((g.stars[-1] for g in money_goals if g.metric == "budget_left"), default=0.0)
    return (projected + target - model.budget_left) / projected


def _adaptive_actions(model: OrgModel, state: dict[str, float],
                      shortfall: float) -> tuple[int, float, str]:
    """Hires to the work waiting while the money lasts; training and a bonus where they pay and
    money is not a goal or is well ahead of it (only needed training where it is tight)."""
    level, actions = model.level, model.level.actions
    ks = level.knowledge_share
    # Money well ahead of the level's money goal is money not working: spend as if money were
    # not a goal until the margin is gone.
    money_goal = bool(_money_goals(level)) and shortfall > -0.3
    hire = 0
    if actions.hire:
        # Work waiting (in weeks of the nominal team's capacity) is the public sign that the
        # team is short of hands; hire a share of it, less whoever is already on the way.
        wanted = level.team_size * min(state["backlog"], 4.0) / 3.0 - model.arriving
        quarters_left = max(level.quarters - model.quarter, 1)
        affordable = model.quarter == 0 or model.budget_left > _run_rate(model) * quarters_left
        hire = min(actions.max_hires, max(0, round(wanted))) if affordable else 0
    # Formal training pays most where skills are standard (routine work); a team bonus lifts
    # routine workers' pay satisfaction without the crowding-out of individual bonuses.
    if not actions.training or shortfall > 0:
        training = 0.0
    elif money_goal:
        training = 0.5 if state["skill"] < 0.5 else 0.0
    else:
        training = 0.8 - 0.5 * ks
    # Pay for performance: individual on routine work, where quantity is each person's and
    # crowding-out is small (Cerasoli et al. 2014); a team bonus on mixed work.
    if not actions.bonus or ks >= 0.85 or money_goal:
        bonus = "none"
    else:
        bonus = "individual" if ks < 0.3 else "team"
    return hire, training, bonus


def _adaptive_respond(model: OrgModel, card: EventCard) -> str:
    """People first: the leadership answer where an event offers one (on every level, the
    balance search's best plans answer events this way too)."""
    return prefer(card, "leadership", "management")


def _random(model: OrgModel) -> Decision:
    """Random but legal: a random share of the budget over a random set of levers, random
    actions. Draws from the model's own generator, so runs stay reproducible."""
    rng = model.boss_rng
    level = model.level
    table = lever_table()
    actions = level.actions
    budget = level.attention_budget * float(rng.uniform(0.0, 1.0))
    one_to_one: list[OneToOne] = []
    workers = model.workers
    if actions.one_to_one and workers and rng.random() < 0.5:
        for _ in range(int(rng.integers(1, 3))):
            if budget < actions.one_to_one_cost:
                break
            who = workers[int(rng.integers(len(workers)))]
            action = ONE_TO_ONE_ACTIONS[int(rng.integers(len(ONE_TO_ONE_ACTIONS)))]
            one_to_one.append(OneToOne(action, who.unique_id))
            budget -= actions.one_to_one_cost
    chosen = [lid for lid in table.ids if rng.random() < 0.5]
    weights = rng.random(len(chosen))
    attention = ({lid: budget * w / weights.sum() for lid, w in zip(chosen, weights, strict=True)}
                 if chosen and weights.sum() > 0 else {})
    let_go: tuple[int, ...] = ()
    coached = {one.worker for one in one_to_one}
    if actions.let_go and len(workers) > 2 and rng.random() < 0.15:
        who = workers[int(rng.integers(len(workers)))].unique_id
        let_go = () if who in coached else (who,)
    return Decision(
        attention=attention,
        hire=int(rng.integers(0, actions.max_hires + 1)) if actions.hire else 0,
        let_go=let_go,
        training=float(rng.uniform(0, 1)) if actions.training and rng.random() < 0.5 else 0.0,
        bonus=BONUS_POLICIES[int(rng.integers(3))] if actions.bonus else "none",
        one_to_one=tuple(one_to_one),
    )


def _random_respond(model: OrgModel, card: EventCard) -> str:
    return card.choices[int(model.boss_rng.integers(len(card.choices)))].id


#: How each scripted boss decides a quarter and answers an event; its name and description are
#: in sim/strategy_names.py (data only, so `orgsim strategies` lists them without numpy).
_BEHAVIOURS: dict[str, tuple[Callable[[OrgModel], Decision],
                             Callable[[OrgModel, EventCard], str]]] = {
    "leader": (_leader, lambda m, c: prefer(c, "leadership", "neither")),
    "manager": (_manager, lambda m, c: prefer(c, "management", "neither")),
    "balanced": (_balanced, _balanced_respond),
    "adaptive": (_adaptive, _adaptive_respond),
    "neglect": (lambda m: Decision(), lambda m, c: prefer(c, "neither")),
    "random": (_random, _random_respond),
}
assert _BEHAVIOURS.keys() == STRATEGY_DESCRIPTIONS.keys()

STRATEGIES: dict[str, Strategy] = {
    name: Strategy(name, description, *_BEHAVIOURS[name])
    for name, description in STRATEGY_DESCRIPTIONS.items()
}


MIX_PREFIX = "mix:"


def _mix_decide(share: float, model: OrgModel) -> Decision:
    budget = model.level.attention_budget
    table = lever_table()
    return Decision(attention={**spread(table.by_side("leadership"), budget * share),
                               **spread(table.by_side("management"), budget * (1.0 - share))})


def _mix_respond(share: float, model: OrgModel, card: EventCard) -> str:
    first, second = (("leadership", "management") if share >= 0.5
                     else ("management", "leadership"))
    return prefer(card, first, second)


def mix_strategy(share: float) -> Strategy:
    """`mix:SHARE`: `share` of the budget on leadership levers, the rest on management levers,
    each side spread evenly. The archetypes sit at 1, 0 and 0.5; policy landscapes need every
    share in between, named by a string a sweep's grid can carry."""
    return Strategy(
        name=f"{MIX_PREFIX}{share:g}",
        description=f"{share:.0%} of the attention on leadership levers, {1 - share:.0%} on "
                    "management levers, each side spread evenly.",
        decide_fn=partial(_mix_decide, share),
        respond_fn=partial(_mix_respond, share),
    )


def get_strategy(name: str) -> Strategy:
    """A strategy by name (or `mix:SHARE`), with a clear error listing the known ones."""
    name = name.strip()
    if name.startswith(MIX_PREFIX):
        raw = name[len(MIX_PREFIX):]
        try:
            share = float(raw)
        except ValueError:
            share = -1.0
        if not 0.0 <= share <= 1.0:
            raise StrategyError(
                f"strategy {quote(name)}: the leadership share after 'mix:' must be a number "
                f"from 0 to 1"
            )
        return mix_strategy(share)
    try:
        return STRATEGIES[name]
    except KeyError:
        raise StrategyError(
            f"unknown strategy {quote(name)}; known strategies: {', '.join(STRATEGIES)}, "
            f"or mix:SHARE with a leadership share from 0 to 1"
        ) from None
