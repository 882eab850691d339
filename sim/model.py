"""OrgModel: a team of knowledge workers and the boss who leads and manages them.

One step is one week; thirteen weeks are a quarter. At the start of each quarter the boss's
decision (from a strategy, a decision log or the player) sets the forces on the team; each week
events fire, the team's stocks and each worker's state move, work gets done, morale changes by
named contributions, and some people quit and are replaced.
"""

from __future__ import annotations

import array
import functools
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mesa
import numpy as np
import pandas as pd

from sim import dynamics as dyn
from sim import kernels, money
from sim.actions import apply_actions
from sim.attribution import Attribution
from sim.collect import WeekCollector
from sim.decisions import Decision, check_choice, validate_decision
from sim.errors import DecisionError, OrgsimError
from sim.events import (
    WEEKS_PER_QUARTER,
    ActiveEffect,
    FiredEvent,
    ScheduledEvent,
    fire,
    subject_row,
)
from sim.explain import BOUNDS_LABEL, Explainer, Explanation, Unexplained
from sim.kernels import KERNELS
from sim.levels import EventCard, Level, load_level
from sim.levers import Forces, LeverTable, lever_table
from sim.metrics import quarter_row, team_means, to_columns, to_frame
from sim.recruiting import Recruiting
from sim.safefile import quote
from sim.start_draws import start_draws
from sim.workforce import (
    NEWCOMER,
    STATE,
    Compaction,
    Leavers,
    Worker,
    Workforce,
    ability_sd,
    joiner_draws,
    joiner_start,
    next_ids,
    peek_id,
    worker_name,
)

QUIT_QUOTA = 0.25         # at most this share of a team (or 2 people) resigns in a quarter
#: How far joiners differ around their start (the sd of their state's spread, `Workforce.add`).
JOINER_SPREAD = 0.08


def span_leavers_room(team: int) -> int:
    """How many leavers' records a span of a team of `team` people keeps room for: an
    eighth of the team (about a quarter's quits under the worst boss), at least 16. A span
    with more leavers stops at the week that would overflow it, and the model plays that
    week's leavers and joiners itself."""
    return max(16, team // 8)


@dataclass(frozen=True)
class Departure:
    """Someone who left the team: who, in which quarter and week, and whether they quit
    (voluntary) or were let go. Their explanation stays available (`OrgModel.explain`)."""

    worker: int
    name: str
    quarter: int
    week: int
    voluntary: bool


class _DepartureLog:
    """`Departure` records kept as columns: `as_list` gives back the same Departure objects.

    Why: a team of 100,000 sees about as many departures in 12 quarters, and an object each
    took ~70 bytes (6.5 MiB); here it is 25 (the name is kept as the order they joined in)."""

    def __init__(self) -> None:
        self._workers = array.array("q")
        self._ordinals = array.array("q")
        self._quarters = array.array("i")
        self._weeks = array.array("i")
        self._voluntary = array.array("b")

    def __len__(self) -> int:
        return len(self._workers)

    def add(self, leavers: Leavers, quarter: int, week: int, voluntary: bool) -> None:
        """Those who leave in one quarter and week, in the order they leave."""
        n = len(leavers.ids)
        self._workers.frombytes(leavers.ids.astype(np.int64, copy=False).tobytes())
        self._ordinals.frombytes(leavers.ordinals.astype(np.int64, copy=False).tobytes())
        self._quarters.extend([quarter] * n)
        self._weeks.extend([week] * n)
        self._voluntary.extend([int(voluntary)] * n)

    def as_list(self) -> list[Departure]:
        return [Departure(worker, worker_name(ordinal), quarter, week, bool(voluntary))
                for worker, ordinal, quarter, week, voluntary in zip(
                    self._workers, self._ordinals, self._quarters, self._weeks,
                    self._voluntary, strict=True)]


#: How much of the quarter's push is left in each week of it (1 in its first week, 0.65 in
#: its last), by week - 1.
FADE = 1.0 - 0.35 * (np.arange(1, WEEKS_PER_QUARTER + 1) - 1) / (WEEKS_PER_QUARTER - 1)
FADE.setflags(write=False)
#: Where each part of a week's context sits in its vector (`kernels.CONTEXT_NAMES`).
_FADE, _DEMAND, _EFFORT, _VALUE, _QUIT_SHOCK = (kernels.CONTEXT_NAMES.index(name) for name in (
    "fade", "extra_demand", "extra_effort", "value", "quit_shock"))


@functools.cache
def _quarter_contexts(value: float) -> np.ndarray:
    """A quarter's week contexts before anything happens (`OrgModel._contexts`): the push's
    fade and the phase's value of work, one row a week (read-only; a span copies its rows)."""
    contexts = np.zeros((WEEKS_PER_QUARTER, len(kernels.CONTEXT_NAMES)))
    contexts[:, _FADE] = FADE
    contexts[:, _VALUE] = value
    contexts.setflags(write=False)
    return contexts


@functools.lru_cache(maxsize=4096)
def _span_contexts(value: float, first: int, weeks: int, demand: float,
                   effects: tuple[tuple[str, float, int], ...]) -> np.ndarray:
    """`weeks` week contexts from week `first` of a quarter whose phase values work at `value`,
    with the running events' effects, each (key, size, weeks left), added up week by week in
    their order; no negative work (the team's `demand` less) in the weeks an effect ran.
    Read-only and remembered: a search plays the same seeds' events again and again, and this
    was a fifteenth of a run."""
    contexts = _quarter_contexts(value)[first - 1:first - 1 + weeks].copy()
    if effects:     # in Python floats: numpy's fixed cost on rows this short was 2 us a step
        values = [value] * weeks
        columns = {"demand": [0.0] * weeks, "effort": [0.0] * weeks}
        for key, size, weeks_left in effects:
            running = range(min(weeks_left, weeks))
            if key == "value":
                factor = max(0.0, 1.0 + size)
                for week in running:
                    values[week] *= factor
            elif key in columns:
                column = columns[key]
                for week in running:
                    column[week] += size
        demands, floor = columns["demand"], -demand
        for week in range(min(max(weeks_left for _, _, weeks_left in effects), weeks)):
            if not demands[week] > floor:       # np.maximum's choice, bit for bit: the
                demands[week] = floor           # floor when equal (-0.0 over 0.0)
        contexts[:, _VALUE], contexts[:, _DEMAND] = values, demands
        contexts[:, _EFFORT] = columns["effort"]
    contexts.setflags(write=False)
    return contexts


def _changeable_contents(decision: Decision) -> tuple[object, ...]:
    """What can change in a (frozen) decision: its dicts' items, with their values' types
    (1 == 1.0 == True, but only numbers that are not true/false pass the checks)."""
    attention, responses = decision.attention, decision.responses
    return (tuple(attention.items()), tuple(map(type, attention.values())),
            tuple(responses.items()), tuple(map(type, responses.values())))


COLLEAGUES_LEFT = "colleagues left"
_JOIN = ("join",)


def _colleagues_left(quit_shock: float, always: bool = False) -> dict[str, float]:
    """The week's extra morale row when colleagues left the week before (a share of the team,
    `quit_shock`), else none (or a row of nothing, if `always`: weeks played with their
    leavers, `kernels.churn_weeks`, fill it in the weeks after someone leaves)."""
    if quit_shock:
        return {COLLEAGUES_LEFT: kernels.COLLEAGUES_SHOCK * quit_shock}
    return {COLLEAGUES_LEFT: 0.0} if always else {}


class OrgModel(mesa.Model):
    """The organisation model (a `mesa.Model`).

    Args:
        level: a level name, a path to a .toml level file, or a loaded `Level`.
        strategy: a scripted boss (name or object) that decides every quarter by itself.
        seed: the seed of the model's one random generator.
        decisions: a decision log to replay, one `Decision` per quarter (instead of a strategy).
        record_workers: also collect per-worker records every week (slower; off by default).
        levers: another lever table (e.g. with linear returns, for sensitivity analysis).
        attribution: also split morale changes by decision (`explain(by="decision")`); costs a
            replay of the week's state equations per active cause, so it is off by default.
        explanations: keep why each worker's morale moved (`explain`); off, a run that is only
            scored is about a sixth faster, with the same results.
        weekly: keep the weekly record (`datacollector`); off, only the quarterly table is
            kept (`table`, `columns`), with the same results.
        **overrides: level parameters to replace, e.g. knowledge_share, team_size, quarters.
    """

    def __init__(self, level: str | Path | Level = "knowledge_team",
                 strategy: Any = None, seed: int | None = None,
                 decisions: Sequence[Decision] | None = None, record_workers: bool = False,
                 levers: LeverTable | None = None, attribution: bool = False,
                 explanations: bool = True, weekly: bool = True, **overrides: Any) -> None:
        if seed is not None and (not isinstance(seed, numbers.Integral) or isinstance(seed, bool)
                                 or not 0 <= seed < 2**63):
            raise OrgsimError(f"seed must be a whole number from 0 to 2**63 - 1, "
                              f"got {quote(seed)}")
        if record_workers and not weekly:
            raise OrgsimError("record_workers=True keeps each worker's weekly record, which "
                              "weekly=False turns off: choose one")
        super().__init__(seed=seed)
        from sim.strategies import get_strategy  # strategies import the model's public API

        self.seed = seed if seed is not None else self._seed
        level_obj = load_level(level)
        self.level: Level = level_obj.with_overrides(**overrides) if overrides else level_obj
        self.strategy = get_strategy(strategy) if isinstance(strategy, str) else strategy
        self.scripted = list(decisions) if decisions is not None else None
        if self.strategy is not None and self.scripted is not None:
            raise DecisionError("give a strategy or a decision log, not both")
        if self.scripted is not None and len(self.scripted) > self.level.quarters:
            raise DecisionError(
                f"the decision log has {len(self.scripted)} decisions but level "
                f"'{self.level.name}' has {self.level.quarters} quarters; give at most one per "
                "quarter (after a shorter log, its last policy holds)")
        # What the model draws as it is built, in this order (remembered per level and seed:
        # a search builds the same seeds thousands of times).
        start = start_draws(self.level, seed, self.rng)
        # The scripted boss draws from its own generator, seeded from the model's, so a random
        # boss's decision log replays exactly (the model's own stream is the same either way).
        self._boss_seed = start.boss_seed
        self._boss_rng: np.random.Generator | None = None
        # Chances met during the level come from common random numbers keyed by person and week
        # (sim.luck), so two plans on the same seed meet the same luck.
        self.luck = start.luck
        self.strategy_name = (self.strategy.name if self.strategy is not None
                              else "decisions" if self.scripted is not None else "player")
        self.levers = levers if levers is not None else lever_table()
        ks = self.level.knowledge_share
        self._lever_effects = self.levers.effect_matrix(ks)
        self._morale_labels = self.levers.morale_labels()
        self._morale_weights = dyn.morale_weights(ks)
        self._buffers = dyn.WeekBuffers()

        team = self.level.team
        self.workforce = Workforce(self)
        self.workforce.add(self.level.team_size, self._start_values(), start.people,
                           tenure=team.ramp_weeks)
        # The team you inherit is an average one: who is strongest differs by seed, the
        # team's total ability does not (joiners are drawn as they come).
        self.workforce.ability /= self.workforce.ability.mean()
        self.stocks = dyn.TeamStocks(
            coordination=team.coordination, coordination_base=team.coordination,
            process=team.process, innovation=team.innovation, safety=team.safety,
            demand=team.demand,
        )
        self.explainer: Explainer | Unexplained = Explainer() if explanations else Unexplained()
        # Its row from the start, whether a span's weeks or single weeks first need it, so
        # that the record's rows are in the same order either way.
        self.explainer.source(COLLEAGUES_LEFT)
        self.attribution: Attribution | None = Attribution(self) if attribution else None
        self.deck: list[ScheduledEvent] = list(start.deck)
        self._deck_index: dict[tuple[int, int], tuple[ScheduledEvent, ...]] = {}
        self._deck_indexed: tuple[list[ScheduledEvent] | None, int] = (None, 0)  # deck, length
        self._deck_weeks: dict[int, tuple[int, ...]] = {}
        self.fired: list[FiredEvent] = []
        self._departures = _DepartureLog()     # who left, when and how (quit or let go)
        self._triggered: set[str] = set()
        self._active: list[ActiveEffect] = []
        self._answers: dict[str, str] = {}
        self._recruiting = Recruiting()      # recruits on their way
        self._recent_quits = 0.0
        self._quit_quota = 2
        self.quits_held_back = 0             # person-weeks the quarterly quota held back
        self._next_decision: Decision | None = None

        self.quarter = 0                     # quarters completed
        self.week = 0                        # weeks done in the current quarter
        self._quarter_begun = False          # this quarter's decision taken (`_begin_quarter`)
        self.decision = Decision()
        self.decisions: list[Decision] = []
        self.forces = self._forces(self.decision)
        self._checked: Decision | None = None        # the decision last checked and its
        self._checked_contents: tuple[object, ...] = ()   # dicts' contents (`_begin_quarter`)
        self.rows: list[dict[str, object]] = []
        self.output_cum = 0.0
        self.cost_cum = 0.0
        self.stayers = self.workforce.ids.copy()    # present since the level began
        self.last_stayer = int(self.stayers.max()) if len(self.stayers) else -1
        self.quarter_totals = self._zero_totals()
        self.week_output = 0.0
        self.week_cost = 0.0
        self._refresh_week_metrics()

        model_reporters = {name: name for name in (
            "steps", "quarter", "week", "week_output", "output_cum", "morale", "trust", "skill",
            "exhaustion", "headcount", "total_hires", "total_quits", "week_cost")}
        agent_reporters = ({c: c for c in ("morale", "trust", "skill", "exhaustion",
                                           "intrinsic", "extrinsic")}
                           if record_workers else None)
        self.datacollector = WeekCollector(model_reporters, agent_reporters)
        self.weekly = weekly
        self.total_hires = 0
        self.total_quits = 0
        self.running = True
        # Collected after every week (not at creation), so that mesa.batch_run's last record is
        # the state at the end of the level; the `steps` column says which week a row is.

    # ----- public API -------------------------------------------------------------------------
    @property
    def boss_rng(self) -> np.random.Generator:
        """The scripted boss's own generator (made when first used: most runs have no boss
        that draws, and making one was a fortieth of a small team's run)."""
        if self._boss_rng is None:
            self._boss_rng = np.random.default_rng(self._boss_seed)
        return self._boss_rng

    @property
    def finished(self) -> bool:
        """True once every quarter of the level has been played."""
        return self.quarter >= self.level.quarters

    @property
    def budget_left(self) -> float:
        """The level's budget less everything spent so far (this quarter's costs included)."""
        spent = self.cost_cum + (self.quarter_totals["cost"] if self.week else 0.0)
        return self.level.money - spent

    @property
    def departures(self) -> list[Departure]:
        """Who left, in the order they left: when and how (quit or let go). A new list each
        time (kept as columns, `_DepartureLog`)."""
        return self._departures.as_list()

    @property
    def arriving(self) -> int:
        """Recruits hired but not yet arrived."""
        return len(self._recruiting)

    @property
    def weeks_played(self) -> int:
        """Weeks since the level began (the week being played counts)."""
        return self.quarter * WEEKS_PER_QUARTER + self.week

    @property
    def workers(self) -> list[Worker]:
        """The team by row (when someone leaves, the last person takes their row)."""
        return list(self.workforce.agents)

    def worker(self, worker_id: int) -> Worker:
        """The worker with this id (KeyError if there is none)."""
        return self.workforce.agent(self.workforce.row_of(worker_id))

    # ----- Mesa's views of the agents, with the latest joiners registered first ---------------
    def _register_joiners(self) -> None:
        """Register the joiners the workforce has not registered yet
        (`Workforce.register_joiners`): each of Mesa's views of the agents calls this first,
        so it always holds the whole team, in the order people joined."""
        workforce = self.__dict__.get("workforce")
        if workforce is not None:
            workforce.register_joiners()

    @property
    def agents(self) -> mesa.agent.AgentSet:
        """Every agent (Mesa's `Model.agents`), the latest joiners included."""
        self._register_joiners()
        return self._all_agents

    @agents.setter
    def agents(self, agents: Any) -> None:
        mesa.Model.agents.fset(self, agents)      # refused, as Mesa refuses it

    @property
    def agent_types(self) -> list[type]:
        self._register_joiners()
        return mesa.Model.agent_types.fget(self)

    @property
    def agents_by_type(self) -> dict[type[mesa.Agent], mesa.agent.AgentSet]:
        self._register_joiners()
        return mesa.Model.agents_by_type.fget(self)

    def register_agent(self, agent: mesa.Agent) -> None:
        self._register_joiners()            # so an agent made on its own comes after them
        super().register_agent(agent)

    def deregister_agent(self, agent: mesa.Agent) -> None:
        self._register_joiners()
        super().deregister_agent(agent)

    def remove_all_agents(self) -> None:
        self._register_joiners()
        super().remove_all_agents()

    def set_decision(self, decision: Decision) -> None:
        """The player's decision for the next quarter (checked now, applied when it starts)."""
        validate_decision(decision, self.level, set(self.workforce.ids.tolist()))
        self._next_decision = decision

    def pending_choice(self) -> EventCard | None:
        """An event firing in the next week that waits for the player's answer, if any."""
        if self.strategy is not None or not self.running:
            return None
        for scheduled in self._due(self.quarter + 1, self.week + 1):
            if scheduled.card.choices and scheduled.card.id not in self._answers \
                    and scheduled.card.id not in self._upcoming_decision().responses:
                return scheduled.card
        return None

    def event_subject(self, card: EventCard) -> Worker | None:
        """The person a card is about (a star with an outside offer, say), as it would touch
        them if it fired now; None for a card about the whole team."""
        row = subject_row(self, card)
        return None if row is None else self.workforce.agent(row)

    def answer(self, event_id: str, choice_id: str) -> None:
        """The player's response to an event (see `pending_choice`)."""
        cards = {s.card.id: s.card for s in self.deck}
        if event_id not in cards:
            raise DecisionError(f"there is no event '{event_id}' in this run")
        check_choice(cards[event_id], choice_id, where=f"quarter {self.quarter + 1}")
        self._answers[event_id] = choice_id

    def run_quarter(self) -> dict[str, object]:
        """Advance one whole quarter (13 weeks) and return its row of the table."""
        if not self.running:
            raise RuntimeError("the level is over: every quarter has been played")
        self._play()
        while self.week != 0 and self.running:
            self._play()
        return self.rows[-1]

    def run(self) -> pd.DataFrame:
        """Play every remaining quarter and return the per-quarter table."""
        self.play_out()
        return self.table()

    def play_out(self) -> None:
        """Play every remaining quarter (`run` without its table: a search that only scores
        its runs reads `columns`)."""
        while self.running:
            self._play()

    def table(self) -> pd.DataFrame:
        """The per-quarter table so far (one row per finished quarter)."""
        return to_frame(self.rows)

    def columns(self) -> dict[str, list[object]]:
        """The table's columns so far, each a list by quarter (no DataFrame: what `score`
        needs, for a fraction of the table's cost)."""
        return to_columns(self.rows)

    def explain(self, quarter: int, worker: int | None = None,
                by: str = "state") -> Explanation:
        """Why morale moved in a finished quarter: the team's mean, or one worker's, by the
        state that pulled it (`by="state"`) or by the decision, event or start that caused it
        (`by="decision"`, on a model built with `attribution=True`)."""
        if by == "state":
            return self.explainer.explain(quarter, worker).renamed()
        if by != "decision":
            raise ValueError(f'by must be "state" or "decision", got {by!r}')
        if self.attribution is None:
            raise OrgsimError('explain(by="decision") needs a model built with '
                              'attribution=True')
        return self.attribution.explain(quarter, worker)

    def team_state(self) -> dict[str, float]:
        """Team means of worker state and the team stocks, now."""
        state = team_means(self)
        state["headcount"] = float(len(self.workforce))
        state["demand"] = float(self.stocks.demand)
        state["budget_left"] = float(self.budget_left)
        return state

    # ----- the week ---------------------------------------------------------------------------
    def step(self) -> None:
        """One week: start the quarter if due, fire events, move the team, collect metrics."""
        if not self.running:
            return
        if not self._quarter_begun:
            self._begin_quarter()
        self.week += 1
        self._fire_events()
        self._finish_week()

    def _finish_week(self) -> None:
        """The rest of a week whose events have fired: move the team, end the quarter after
        its last week, collect the week's metrics."""
        self._advance_week()
        if self.week == WEEKS_PER_QUARTER:
            self._end_quarter()
        if self.weekly:
            self.datacollector.collect(self)

    def _play(self) -> None:
        """Play on: the next weeks in one compiled call where they can be (`_span`), else one
        week (`step`). Either way gives the same bits (tests/test_spans.py). A week with
        events starts a span: they fire first, in their week, as `step` fires them."""
        if not self._quarter_begun and self.running:
            self._begin_quarter()
        weeks = self._span()
        if not weeks and self._can_span() and self._due(self.quarter + 1, self.week + 1):
            self.week += 1
            self._fire_events()
            self.week -= 1
            weeks = self._span(fired=True)
            if not weeks:                 # the events left nobody to play a span with
                self.steps += 1           # what Mesa's step wrapper counts
                self.week += 1
                self._finish_week()
                return
        if weeks:
            self._play_span(weeks)
        else:
            self.step()

    def _can_span(self) -> bool:
        """Whether the next weeks may be played in one call: within a begun quarter, on a
        model that neither explains by decision nor records each worker (those look at every
        week). A week after someone left may start one (its shock, a morale row of its own,
        is the call's first week's alone)."""
        return (self._quarter_begun and self.running and self.attribution is None
                and not self.datacollector.agent_reporters
                and len(self.workforce) > 0)

    def _span(self, fired: bool = False) -> int:
        """How many of the next weeks can be played in one call (`_can_span`): up to the
        quarter's last week (which ends it), the next events due (unless they have `fired`:
        those of the next week) or the next recruit's arrival."""
        if not self._can_span():
            return 0
        last = self.week + 1 if fired else self.week
        end = WEEKS_PER_QUARTER
        arrival = self._recruiting.weeks_to_next()
        if arrival is not None and not self._churn_in_spans():
            end = min(end, self.week + arrival)
        if last < end:
            due = self._next_due_week(self.quarter + 1, last)
            last = end if due is None else min(end, due - 1)
        return last - self.week

    def _play_span(self, weeks: int) -> None:
        """Play `weeks` weeks in one compiled call (`kernels.churn_weeks`), then book each as
        `step` does. The call plays the weeks' leavers and joiners too, unless the team's
        agents are made; it may stop early: after a week whose joiners would not fit, a week
        with someone ready to leave once the agents are made, or a week whose morale the
        scale's ends cut off before the explainer has a row for it. The model then plays that
        week's leavers and joiners itself (`_book_last_week`)."""
        wf, f = self.workforce, self.forces
        first = self.week + 1
        running = [(effect, effect.weeks_left) for effect in self._active]
        contexts = self._contexts(first, weeks)
        bases = self.luck.span_bases(dyn.WEEK_STREAMS, self.quarter * WEEKS_PER_QUARTER + first,
                                     weeks)
        churning = self._churn_in_spans()
        # the span's first week's (and, with its leavers, any week's after someone left)
        extra = _colleagues_left(self._recent_quits, always=churning)
        if churning:
            self._make_room(weeks)
        acc, acc_rows = self.explainer.block(dyn.morale_labels(f, extra))
        churn = self._churn(first, weeks) if churning else None
        span = dyn.advance_weeks(
            wf, f, self.stocks, contexts, extra, self.level.knowledge_share,
            self.level.team_size, self._ramp_weeks(), bases, self._morale_weights,
            self._buffers, acc, acc_rows, self.explainer.row(BOUNDS_LABEL), churn=churn)
        last = len(span.record) - 1
        if last + 1 < weeks:              # stopped early: the events' effects ran `last + 1`
            for effect, weeks_left in running:
                effect.weeks_left = weeks_left - (last + 1)
            self._active = [effect for effect, _ in running if effect.weeks_left > 0]
        record = span.record.tolist()
        if span.booked:                   # its last week's leavers and joiners too
            self._book_weeks(record, span, collected=last)
            self.steps += 1               # the last week's, recorded below as `step` does
        else:
            self._book_weeks(record[:last], span)
            self._book_last_week(record[last][:2], span)
        if self.week == WEEKS_PER_QUARTER:
            self._end_quarter()
        if self.weekly:
            self.datacollector.collect(self)

    def _book_last_week(self, output_overload: list[float], span: dyn.Span) -> None:
        """The week a span stopped at, with its leavers and joiners left to the model: booked
        in full, as `step` books a week."""
        output, overload = output_overload
        self.steps += 1                   # what Mesa's step wrapper counts
        self.week += 1
        self.week_output = output
        if span.stop == kernels.STOP_BOUNDS:
            self._explain_bounds(span.bounds)
        self._quits(span.ready, span.leaving, span.n_leaving)
        self._arrive()
        self._book_costs(overload)
        self.quarter_totals["output"] += output
        self.output_cum += output
        self._refresh_week_metrics()

    def _churn_in_spans(self) -> bool:
        """Whether the weeks of a span go on through leavers and joiners
        (`kernels.churn_weeks`): unless someone's agent has been made (the game's and an
        analyst's look at the team by row, which `step` keeps row-aligned)."""
        return not self.workforce.agents_made

    def _make_room(self, weeks: int) -> None:
        """Room in the team's blocks and the explainer's for a span's recruits due and some
        more (`kernels.churn_weeks` hands a week that would not fit back to the model)."""
        n = len(self.workforce)
        self.workforce.reserve(n + int(self._recruiting.due(weeks).sum()) + max(16, n // 16))
        self.explainer.reserve(self.workforce.capacity)

    def _churn(self, first: int, weeks: int) -> dyn.Churn:
        """What a span of `weeks` weeks from week `first` of this quarter needs to play its
        leavers and joiners as `_quits` and `_arrive` play them week by week (after
        `_make_room` and the explainer's rows for the span): the quota's room, the recruits
        due each week, how joiners are drawn, the next ids and names, and where leavers'
        records go."""
        wf = self.workforce
        n, team = len(wf), self.level.team
        explained = isinstance(self.explainer, Explainer)
        settings = np.array([
            1, self._quit_quota - int(self.quarter_totals["quits"]), team.hiring_weeks,
            int(team.backfill), peek_id(self), wf.joined,
            len(self.explainer.labels) if explained else 0, 0, int(explained)],
            dtype=np.int64)
        leavers = span_leavers_room(n)
        labels = len(self.explainer.labels) if explained else 0
        return dyn.Churn(
            settings, JOINER_SPREAD, ability_sd(self.level.knowledge_share),
            np.array([NEWCOMER[column] for column in STATE]), self.luck.trait_offsets(),
            self.luck.span_bases(_JOIN, self.quarter * WEEKS_PER_QUARTER + first,
                                 weeks)[:, 0].copy(),
            self._recruiting.due(weeks), self.explainer.start_room(),
            np.empty((2, leavers), dtype=np.int64),
            np.empty((2 + labels, leavers)),
            np.zeros((weeks, len(kernels.CHURN_LOG)), dtype=np.int64))

    def _book_weeks(self, record: list[list[float]], span: dyn.Span,
                    collected: int | None = None) -> None:
        """Book weeks of a span (one `kernels.RECORD_NAMES` row each): for each week, what
        `_quits`, `_remove`, `_arrive`, `_book_costs` and `step` book, in the same order (the
        span's `log` says who left and joined, if anyone did: `kernels.churn_weeks`), then
        the team's and the explainer's new sizes and the weekly record of the first
        `collected` weeks (all by default) in one go, counting them as Mesa's steps (the
        caller records and counts the rest). The only value in that record that is not booked
        week by week is the quarter, which no week of a span changes."""
        if not record:
            return
        wf, team, salary = self.workforce, self.level.team, self.level.salary
        totals = self.quarter_totals
        departed = span.departed
        gone = joined = 0
        costs, cumulatives, headcounts, hires, quits_so_far = [], [], [], [], []
        headcount = len(wf)
        payroll_size, payroll = headcount, self._payroll()
        for (output, overload, *_), (quits, held, arrived, size) in zip(
                record, span.log[:len(record)].tolist(), strict=True):
            self.week += 1
            self.quits_held_back += held
            self._recent_quits = quits / max(headcount, 1)
            if quits:
                leavers = Leavers(departed[0, gone:gone + quits], departed[1, gone:gone + quits])
                self._departures.add(leavers, self.quarter + 1, self.week, True)
                gone += quits
                totals["quits"] += quits
                self.total_quits += quits
                totals["cost"] += money.REPLACEMENT_COST * salary * quits
                if team.backfill:
                    self._recruiting.hire(quits, team.hiring_weeks)
            if self._recruiting.arrive() != arrived:
                raise RuntimeError("the compiled weeks' recruits are not the model's")
            if arrived:
                next_ids(self, arrived)
                joined += arrived
                totals["hires"] += arrived
                self.total_hires += arrived
                totals["cost"] += money.RECRUITING_COST * salary * arrived
            headcount = size
            if size != payroll_size:
                payroll_size, payroll = size, self._payroll(size)
            weekly = payroll
            weekly += money.overtime_week(overload, salary)
            totals["cost"] += weekly
            totals["output"] += output
            self.output_cum += output
            costs.append(weekly)
            cumulatives.append(self.output_cum)
            headcounts.append(size)
            hires.append(self.total_hires)
            quits_so_far.append(self.total_quits)
        n = len(record)
        if gone or joined:
            wf.resized(headcount, joined)
            self.explainer.churned(headcount, departed[0, :gone],
                                   span.departed_floats[:, :gone])
        self.headcount = headcount
        m = n if collected is None else collected
        if self.weekly and m:
            outputs, _, morale, trust, skill, exhaustion = (list(c)[:m]
                                                            for c in zip(*record, strict=True))
            first_week = self.week - n + 1
            self.datacollector.collect_weeks(self, m, {
                "steps": list(range(self.steps + 1, self.steps + m + 1)),
                "week": list(range(first_week, first_week + m)),
                "week_output": outputs, "output_cum": cumulatives[:m], "week_cost": costs[:m],
                "morale": morale, "trust": trust, "skill": skill, "exhaustion": exhaustion,
                "headcount": headcounts[:m], "total_hires": hires[:m],
                "total_quits": quits_so_far[:m]})
        self.steps += m                   # what Mesa's step wrapper counts
        self.week_output, self.week_cost = record[-1][0], costs[-1]
        self.morale, self.trust, self.skill, self.exhaustion = record[-1][2:]

    def _ramp_weeks(self) -> int:
        """Weeks a newcomer takes to reach full output, under this quarter's push."""
        return round(self.level.team.ramp_weeks / (1.0 + max(self.forces["ramp"], 0.0)))

    def _advance_week(self) -> None:
        wf, f = self.workforce, self.forces
        if self.attribution is not None:
            self.attribution.before_week(self)
        ctx = self._week_context(self.week)
        extra = _colleagues_left(ctx.quit_shock)
        labels = dyn.morale_labels(f, extra)
        acc, acc_rows = self.explainer.block(labels)
        week = dyn.advance_weeks(
            wf, f, self.stocks, ctx.vector()[None, :], extra, self.level.knowledge_share,
            self.level.team_size, self._ramp_weeks(),
            self.luck.bases(dyn.WEEK_STREAMS, self.weeks_played)[None, :],
            self._morale_weights, self._buffers, acc, acc_rows,
            self.explainer.row(BOUNDS_LABEL), keep_rows=self.attribution is not None)
        (self.week_output, overload), = week.record[:, :2].tolist()
        if week.stop == kernels.STOP_BOUNDS:
            self._explain_bounds(week.bounds)
        if self.attribution is not None:
            self.attribution.after_week(self, ctx, week.ramp, labels, week.rows)
        self._quits(week.ready, week.leaving, week.n_leaving)
        self._arrive()
        self._book_costs(overload)
        self.quarter_totals["output"] += self.week_output
        self.output_cum += self.week_output
        self._refresh_week_metrics()

    def _contexts(self, first: int, weeks: int) -> np.ndarray:
        """The contexts (`WeekContext.vector`, one row each) of `weeks` weeks from week `first`
        of this quarter: the push's fade, last week's quits, the phase's value of work, and the
        running events' effects (`_span_contexts`), each for the weeks it has left (counted
        down: `weeks`)."""
        phase = self.level.phase_at(self.quarter + 1)
        running = self._active
        effects = tuple((e.key, e.size, e.weeks_left) for e in running)
        contexts = _span_contexts(phase.value if phase is not None else 1.0, first, weeks,
                                  self.stocks.demand if effects else 0.0, effects).copy()
        if self._recent_quits:     # last week's leavers: felt in this week only
            contexts[0, _QUIT_SHOCK] = self._recent_quits
        if running:
            for effect in running:
                effect.weeks_left -= weeks
            self._active = [e for e in running if e.weeks_left > 0]
        return contexts

    def _week_context(self, week: int) -> dyn.WeekContext:
        """Week `week` of this quarter's context (`_contexts`)."""
        return dyn.WeekContext(*self._contexts(week, 1)[0].tolist())

    def _quits(self, ready: np.ndarray, leaving: np.ndarray, n: int) -> None:
        """Who has had enough resigns (`ready` >= 1, marked in `leaving`), as far as the
        quarter's quota allows; who is close is looking (an outside offer in hand: the week's
        kernel marked them)."""
        wf = self.workforce
        room = self._quit_quota - self.quarter_totals["quits"]
        if n > room:
            # A job search takes time: in one quarter only so many of a team find a new job;
            # the most determined go first, the others are still looking.
            self.quits_held_back += n - max(room, 0)
            order = np.argsort(-ready, kind="stable")
            leaving[:] = False
            leaving[order[:max(room, 0)]] = True
            n = int(np.count_nonzero(leaving))
        self._recent_quits = n / max(len(wf), 1)
        if n:
            self._remove(leaving, voluntary=True)

    def _remove(self, leaving: np.ndarray, voluntary: bool) -> None:
        wf = self.workforce
        plan = Compaction.plan(leaving)
        self.explainer.left(plan, wf.ids, wf.arrays["morale"])
        if self.attribution is not None:
            self.attribution.left(self, plan, voluntary)
        gone = wf.remove(plan)
        self._departures.add(gone, self.quarter + 1, max(self.week, 1), voluntary)
        n = len(gone.ids)
        if voluntary:
            self.quarter_totals["quits"] += n
            self.total_quits += n
            self.quarter_totals["cost"] += money.REPLACEMENT_COST * self.level.salary * n
            if self.level.team.backfill:
                self._recruiting.hire(n, self.level.team.hiring_weeks)
        else:
            self.quarter_totals["let_go"] += n

    def _arrive(self) -> None:
        n = self._recruiting.arrive()
        if not n:
            return
        rows = self.workforce.add(n, joiner_start(self.workforce.arrays),
                                  joiner_draws(self.luck.seed, self.weeks_played, n, JOINER_SPREAD),
                                  tenure=0.0)
        coordination = self.stocks.coordination
        # Brooks's law: newcomers need onboarding and add communication paths.
        self.stocks.coordination = dyn.clamp(
            self.stocks.coordination - 0.3 * n / len(self.workforce), 0.02, 0.98)
        self.explainer.joined(self.workforce.arrays["morale"][rows])
        if self.attribution is not None:
            self.attribution.joined(self, rows, coordination)
        self.quarter_totals["hires"] += n
        self.total_hires += n
        self.quarter_totals["cost"] += money.RECRUITING_COST * self.level.salary * n

    def _payroll(self, headcount: int | None = None) -> float:
        """A week of salaries, running costs, bonus and training for the team as it is (or
        with `headcount` people)."""
        return money.payroll_week(len(self.workforce) if headcount is None else headcount,
                                  self.level.salary,
                                  self.forces["savings"], self.decision.bonus,
                                  self.decision.training, WEEKS_PER_QUARTER)

    def _book_costs(self, overload: float) -> None:
        """Book the week's cost: the payroll (`_payroll`) and the overtime (`_book_weeks`
        books a run of weeks the same way)."""
        weekly = self._payroll()
        weekly += money.overtime_week(overload, self.level.salary)
        self.week_cost = weekly
        self.quarter_totals["cost"] += weekly

    def _refresh_week_metrics(self) -> None:
        a = self.workforce.arrays
        self.headcount = len(self.workforce)
        self.morale, self.trust, self.skill, self.exhaustion = (
            KERNELS["means"](a["morale"], a["trust"], a["skill"], a["exhaustion"])
            if self.headcount else (0.0, 0.0, 0.0, 0.0))

    # ----- quarters and decisions -------------------------------------------------------------
    def _upcoming_decision(self) -> Decision:
        if self.week != 0:
            return self.decision
        if self.scripted is not None and self.quarter < len(self.scripted):
            return self.scripted[self.quarter]
        if self.scripted is None and self._next_decision is not None:
            return self._next_decision
        # No new decision (or past the end of a log): the lasting policy holds; one-off actions
        # (hires, letting go, one-to-ones, event answers) do not repeat.
        last = self.scripted[-1] if self.scripted else self.decision
        return Decision(attention=dict(last.attention), training=last.training,
                        bonus=last.bonus)

    def _begin_quarter(self) -> None:
        if self.strategy is not None:
            decision = self.strategy.decide(self)
        else:
            decision = self._upcoming_decision()
        # A plan repeats one decision over a phase's quarters: checked and turned into forces
        # once while it stays the same object with the same contents (its dicts are the only
        # parts that can change); checking it was a twentieth of a small team's run. One that
        # names people is checked each time: the team changes.
        names_people = decision.let_go or decision.one_to_one
        same = (decision is self._checked
                and _changeable_contents(decision) == self._checked_contents)
        if names_people or not same:
            validate_decision(decision, self.level,
                              set(self.workforce.ids.tolist()) if names_people else None,
                              where=f"quarter {self.quarter + 1}")
        self._next_decision = None
        self.decision = decision
        self._quarter_begun = True
        self.decisions.append(decision)
        if not same:
            self.forces = self._forces(decision)
            self._checked, self._checked_contents = decision, _changeable_contents(decision)
        phase = self.level.phase_at(self.quarter + 1)
        if phase is not None and phase.start == self.quarter + 1 and phase.demand is not None:
            self.stocks.demand = phase.demand
        self.quarter_totals = self._zero_totals()
        self.workforce.quarter_output[:] = 0.0
        self._quit_quota = max(2, int(QUIT_QUOTA * len(self.workforce)))
        self.explainer.begin_quarter(self.workforce.arrays["morale"])
        if self.attribution is not None:
            self.attribution.begin_quarter(self, decision)
        apply_actions(self, decision)

    def _end_quarter(self) -> None:
        # An event's saving (a negative cost) never pays out more than the quarter cost.
        self.quarter_totals["cost"] = max(0.0, self.quarter_totals["cost"])
        self.cost_cum += self.quarter_totals["cost"]
        self.quarter += 1
        self.week = 0
        self._quarter_begun = False
        self.workforce.coached[:] = 0.0
        self.explainer.end_quarter(self.quarter, self.workforce.ids,
                                   self.workforce.arrays["morale"])
        if self.attribution is not None:
            self.attribution.end_quarter(self.quarter, self.workforce.ids,
                                         self.workforce.arrays["morale"])
        self.rows.append(quarter_row(self))
        self._schedule_triggered(self.rows[-1])
        self._answers = {}
        if self.finished:
            self.running = False
            self._release_id_counter()

    def _release_id_counter(self) -> None:
        """Let a finished model be freed. Mesa 3.3 keeps every model as a key of the class-level
        `Agent._ids` counter (mesa/mesa#3179, fixed in later Mesa), so a process that plays
        thousands of levels would otherwise keep every model it ever built. No agent is created
        after the level ends, so the counter is no longer needed."""
        ids = getattr(mesa.Agent, "_ids", None)
        if isinstance(ids, dict):
            ids.pop(self, None)

    @staticmethod
    def _zero_totals() -> dict[str, float]:
        return {"output": 0.0, "hires": 0, "quits": 0, "let_go": 0, "cost": 0.0}

    def _forces(self, decision: Decision) -> Forces:
        """The quarter's forces, computed once per different decision on a level with this lever
        table (a plan or a steady boss repeats one; a search plays each plan on several seeds:
        they were a twentieth of a level). The key holds everything `LeverTable.forces` reads
        of the decision and the level."""
        level = self.level
        key = (level.knowledge_share, level.attention_budget, tuple(decision.attention.items()),
               decision.spent(level.actions.one_to_one_cost), decision.bonus, decision.training)
        return self.levers.remembered_forces(key, lambda: self.levers.forces(
            decision, level, self._lever_effects, self._morale_labels))

    def _morale_shock(self, label: str, delta: np.ndarray) -> None:
        """A one-off morale change, scaled by the room left and recorded under `label`."""
        m = self.workforce.arrays["morale"]
        self._change_morale([label], np.where(delta > 0, delta * (1.0 - m), delta * m)[None, :])

    def _change_morale(self, labels: list[str], contributions: np.ndarray) -> None:
        """Move morale by the sum of named contribution rows, kept within 0-1. What the bounds
        take off is recorded as a row of its own, so the explanation stays exact."""
        wf = self.workforce
        bounds = np.empty(len(wf))
        cut = dyn.apply_morale(wf.arrays["morale"], contributions, bounds)
        self._explain_morale(labels, contributions, bounds if cut else None)

    def _explain_morale(self, labels: list[str], contributions: np.ndarray,
                        bounds: np.ndarray | None) -> None:
        """Record a morale change already made: its named rows, and what the scale's ends cut
        off (if anything) as a row of its own."""
        self.explainer.add(self.explainer.sources(labels), contributions)
        if bounds is not None:
            self._explain_bounds(bounds)

    def _explain_bounds(self, bounds: np.ndarray) -> None:
        """Record what the scale's ends cut off a morale change, as a row of its own."""
        self.explainer.add(self.explainer.sources([BOUNDS_LABEL]), bounds[None, :])

    # ----- events -----------------------------------------------------------------------------
    def _start_values(self) -> dict[str, float]:
        t = self.level.team
        return {"morale": t.morale, "skill": t.skill, "autonomy": t.autonomy,
                "competence": t.competence, "relatedness": t.relatedness,
                "intrinsic": t.intrinsic,
                "extrinsic": t.extrinsic, "trust": t.trust, "exhaustion": t.exhaustion}

    def _choose(self, card: EventCard) -> str | None:
        if not card.choices:
            return None
        if self.strategy is not None:
            return self.strategy.respond(self, card)
        if card.id in self.decision.responses:
            return self.decision.responses[card.id]
        return self._answers.get(card.id, card.default)

    def _schedule_triggered(self, row: dict[str, object]) -> None:
        """Cards whose trigger holds at the end of this quarter fire (once) in the next."""
        for card in self.level.events:
            if card.trigger is not None and card.id not in self._triggered \
                    and card.trigger.holds(row) and not self.finished:
                self._triggered.add(card.id)
                self.deck.append(ScheduledEvent(card, self.quarter + 1, card.week or 2))

    def _fire_events(self) -> None:
        for scheduled in self._due(self.quarter + 1, self.week):
            fire(self, scheduled)

    def _due(self, quarter: int, week: int) -> tuple[ScheduledEvent, ...]:
        """The deck's cards placed at this quarter and week, in deck order."""
        return self._indexed_deck().get((quarter, week), ())

    def _next_due_week(self, quarter: int, after: int) -> int | None:
        """The first week after week `after` of `quarter` with cards due, or None."""
        self._indexed_deck()
        for week in self._deck_weeks.get(quarter, ()):
            if week > after:
                return week
        return None

    def _indexed_deck(self) -> dict[tuple[int, int], tuple[ScheduledEvent, ...]]:
        """The deck by (quarter, week), and its weeks by quarter (`_deck_weeks`, in order).

        Why an index: looking through the whole deck every week was a measurable part of a
        small team's week. It is rebuilt whenever the deck is another list or another length:
        the model only ever appends to it (triggered cards, at the end of a quarter)."""
        deck = self.deck
        indexed, length = self._deck_indexed
        if indexed is not deck or length != len(deck):
            index: dict[tuple[int, int], tuple[ScheduledEvent, ...]] = {}
            for scheduled in deck:
                key = (scheduled.quarter, scheduled.week)
                index[key] = (*index.get(key, ()), scheduled)
            weeks: dict[int, list[int]] = {}
            for quarter, week in sorted(index):
                weeks.setdefault(quarter, []).append(week)
            self._deck_weeks = {quarter: tuple(w) for quarter, w in weeks.items()}
            self._deck_index, self._deck_indexed = index, (deck, len(deck))
        return self._deck_index
