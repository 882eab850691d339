"""The team as a structure of arrays (one row per worker) with Mesa agents as thin views.

Why: a week of a 10,000-person team must be a handful of vector operations, yet `model.agents`
must stay a real Mesa AgentSet that tests, the game and analysts can iterate over.
"""

from __future__ import annotations

import functools
import itertools
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import mesa
import numpy as np

from sim import kernels
from sim.arraymath import mean
from sim.kernels import KERNELS
from sim.luck import shared_luck

if TYPE_CHECKING:
    from sim.model import OrgModel

#: Kinds of work; each worker has a strength for each and is assigned to one.
WORK_KINDS: tuple[str, ...] = ("building", "analysis", "design", "people")
ROLES: dict[str, str] = {
    "building": "Builder", "analysis": "Analyst", "design": "Designer", "people": "Coordinator",
}
#: Per-worker state on 0-1 scales (plus tenure in weeks, workload share and the assigned kind).
STATE: tuple[str, ...] = (
    "morale", "skill", "autonomy", "competence", "relatedness", "intrinsic", "extrinsic",
    "trust", "exhaustion",
)
#: What a joiner brings of their own: skill, the needs a new job first meets, their motivation for
#: it, and rest. Their morale and trust are not their own: see `joiner_start`.
NEWCOMER: dict[str, float] = {
    "morale": 0.6, "skill": 0.4, "autonomy": 0.45, "competence": 0.4, "relatedness": 0.4,
    "intrinsic": 0.55, "extrinsic": 0.4, "trust": 0.5, "exhaustion": 0.15,
}
#: The attitudes a joiner takes from the team they join, and how far: a newcomer's morale and
#: trust start this share of the way from a neutral 0.5 to the team's mean (see `joiner_start`).
SOCIALISED: tuple[str, ...] = ("morale", "trust")
#: A person has an idea worth taking up when this motivated, in a team at least this safe.
IDEA_INTRINSIC = 0.68
IDEA_SAFETY = 0.5

#: How much people's output differs for reasons no boss controls (ability, conscientiousness),
#: as the standard deviation of a log-normal multiplier, in [routine, knowledge] work. Hunter,
#: Schmidt & Judiesch (1990, J. Applied Psychology 75(1)): the sd of individual output is 19%
#: of the mean in jobs of low complexity and 48% in jobs of high complexity. People already
#: differ through skill and how well their work fits their strengths (within a team, a year
#: in, under the balanced boss: 18% of the mean on the factory floor, 37% on the knowledge
#: team), so ability adds what is missing to reach those totals (20% and 44-47% with it:
#: `python -m sim.analysis.individual_output`; tests/test_ability.py). Field correlations
#: between a boss's behaviour and a person's performance are modest because of this spread.
ABILITY_SD: tuple[float, float] = (0.06, 0.31)


def ability_sd(knowledge_share: float) -> float:
    """The spread of `ABILITY_SD` at a level's share of knowledge work."""
    routine, knowledge = ABILITY_SD
    return routine + (knowledge - routine) * knowledge_share
SOCIALISATION = 0.8
NEUTRAL = 0.5
_FIRST = ("Ada", "Ben", "Chen", "Dara", "Eli", "Fatima", "Gus", "Hana", "Ivo", "Jun", "Kemi",
          "Lars", "Maya", "Nico", "Omar", "Pia", "Quinn", "Rosa", "Sami", "Tess", "Uma", "Vik",
          "Wen", "Xavi", "Yara", "Zoe", "Amir", "Bea", "Cyril", "Dina", "Emeka", "Freya")
_LAST = ("Abe", "Brandt", "Costa", "Diaz", "Eze", "Fox", "Gray", "Holm", "Ito", "Jansen",
         "Kowal", "Lund", "Moss", "Nair", "Okafor", "Park", "Quist", "Reyes", "Sato", "Toth")


@functools.cache
def _name_cycle() -> tuple[str, ...]:
    """Workers' names in the order they are given: the i-th is _FIRST[i % 32] and
    _LAST[(i // 32 + 7 * i) % 20], the same again after 640 (= 32 x 20) workers. One string
    per distinct name, shared by everyone who has it, not one per worker."""
    shared: dict[str, str] = {}
    return tuple(shared.setdefault(name, name) for name in (
        f"{_FIRST[i % len(_FIRST)]} {_LAST[(i // len(_FIRST) + i * 7) % len(_LAST)]}"
        for i in range(len(_FIRST) * len(_LAST))))


class Worker(mesa.Agent):
    """A knowledge worker. State lives in the model's arrays; this agent reads it by row.

    The team makes and removes its workers in batches (`create`, `remove_all`); a Worker made
    one at a time (`Worker(model, row, name)`) is the same agent, registered by Mesa itself.
    """

    def __init__(self, model: OrgModel, row: int, name: str) -> None:
        super().__init__(model)
        self.row = row
        self.name = name

    @classmethod
    def create(cls, model: OrgModel, rows: Sequence[int], names: Sequence[str],
               register: bool = True, ids: Sequence[int] | None = None) -> list[Worker]:
        """Workers for `rows`, registered with the model at once (or left for the caller to
        register, `register=False`: `Workforce` registers its joiners when they are looked for),
        with the next `ids` of Mesa's per-model counter (or `ids` the caller took from it before:
        `Workforce` takes them when people join and makes their agents when someone looks).

        Why: Mesa 3.3 registers an agent with a Python call per AgentSet and a formatted log
        message each, which made a 100,000-person team take seconds to build. The result is
        what `Worker(model, row, name)` for each row gives: the same unique_ids (taken in order
        from Mesa's per-model counter: results depend on them), attributes and AgentSet order
        (tests/test_workforce_agents.py compares the two)."""
        if ids is None:
            ids = next_ids(model, len(rows)).tolist()
        workers = [cls._unregistered(model, unique_id, row, name)
                   for unique_id, row, name in zip(ids, rows, names, strict=True)]
        if register:
            _register(model, workers)
        return workers

    @classmethod
    def _unregistered(cls, model: OrgModel, unique_id: int, row: int, name: str) -> Worker:
        """A worker with the attributes `mesa.Agent.__init__` and `__init__` give (set in the
        same order, so all workers share one attribute layout), not yet registered."""
        worker = cls.__new__(cls)
        worker.model = model
        worker.unique_id = unique_id
        worker.pos = None
        worker.row = row
        worker.name = name
        return worker

    @staticmethod
    def remove_all(model: OrgModel, workers: Sequence[Worker]) -> None:
        """Deregister `workers` from the model at once (what `agent.remove()` does for each):
        nothing of theirs is kept, so they are freed once the caller lets go of them."""
        _deregister(model, workers)

    def _get(self, column: str) -> float:
        return float(self.model.workforce.arrays[column][self.row])

    @property
    def role(self) -> str:
        return ROLES[WORK_KINDS[self.model.workforce.kind[self.row]]]

    @property
    def assigned_work(self) -> str:
        return WORK_KINDS[self.model.workforce.kind[self.row]]

    @property
    def strengths(self) -> dict[str, float]:
        return dict(zip(WORK_KINDS, map(float, self.model.workforce.strengths[self.row]),
                        strict=True))

    @property
    def best_work(self) -> str:
        return WORK_KINDS[int(np.argmax(self.model.workforce.strengths[self.row]))]

    @property
    def fit(self) -> float:
        """How well the assigned work suits this person's strengths (0-1)."""
        wf = self.model.workforce
        return float(wf.strengths[self.row, wf.kind[self.row]])

    @property
    def tenure_weeks(self) -> int:
        return int(self.model.workforce.tenure[self.row])

    @property
    def has_idea(self) -> bool:
        """True while this person has an idea worth taking up: motivated from within, in a team
        where it is safe to speak up (Detert & Burris 2007: voice needs a boss open to it)."""
        return bool(self.model.workforce.arrays["intrinsic"][self.row] >= IDEA_INTRINSIC
                    and self.model.stocks.safety >= IDEA_SAFETY)

    @property
    def has_offer(self) -> bool:
        """True while this person weighs an outside job offer."""
        return bool(self.model.workforce.offer[self.row])

    @property
    def engagement(self) -> float:
        return self.morale

    def __repr__(self) -> str:
        return f"Worker({self.unique_id}, {self.name!r}, morale={self.morale:.2f})"


def next_ids(model: mesa.Model, n: int) -> np.ndarray:
    """The next n unique_ids of Mesa's per-model counter (what n `mesa.Agent(model)` take)."""
    return np.fromiter(itertools.islice(mesa.Agent._ids[model], n), dtype=np.int64, count=n)


def peek_id(model: mesa.Model) -> int:
    """The unique_id Mesa's per-model counter gives next, left for it to give."""
    first = next(mesa.Agent._ids[model])
    mesa.Agent._ids[model] = itertools.count(first)
    return first


def worker_name(ordinal: int) -> str:
    """The name of the `ordinal`-th person to join a team (0 for the first)."""
    cycle = _name_cycle()
    return cycle[ordinal % len(cycle)]


def _register(model: mesa.Model, agents: Sequence[mesa.Agent]) -> None:
    """`Model.register_agent` for a batch of agents of one class, into Mesa 3.3's structures:
    the model's dict of (hard) references, and the weak AgentSets of all agents and of the
    class. One `update` per structure instead of a Python call and a log message per agent."""
    if not agents:
        return
    keys = dict.fromkeys(agents)
    model._agents.update(keys)
    kind = type(agents[0])
    if kind in model._agents_by_type:
        _add_weakly(model._agents_by_type[kind]._agents, agents)
    else:
        model._agents_by_type[kind] = mesa.agent.AgentSet(agents, random=model.random)
    _add_weakly(model._all_agents._agents, agents)


def _deregister(model: mesa.Model, agents: Sequence[mesa.Agent]) -> None:
    """`Model.deregister_agent` for a batch of agents (of one class), without its per-agent
    log message."""
    if not agents:
        return
    for agent in agents:
        del model._agents[agent]
    _drop_weakly(model._agents_by_type[type(agents[0])]._agents, agents)
    _drop_weakly(model._all_agents._agents, agents)


def _add_weakly(keys: weakref.WeakKeyDictionary, agents: Sequence[mesa.Agent]) -> None:
    """`keys.update(dict.fromkeys(agents))`: the same weak references, with the same callback,
    without `update`'s layers (half an arrival's registering, one person or thirty)."""
    data, ref, remove = keys.data, weakref.ref, keys._remove
    for agent in agents:
        data[ref(agent, remove)] = None


def _drop_weakly(keys: weakref.WeakKeyDictionary, agents: Sequence[mesa.Agent]) -> None:
    """`del keys[agent]` for each agent, as `WeakKeyDictionary.__delitem__` does it, without a
    method call for each."""
    keys._dirty_len = True
    data, ref = keys.data, weakref.ref
    for agent in agents:
        del data[ref(agent)]


def _state_property(column: str) -> property:
    return property(lambda self: self._get(column), doc=f"This worker's {column} (0-1).")


for _column in STATE:
    setattr(Worker, _column, _state_property(_column))


def joiner_start(team: dict[str, np.ndarray]) -> dict[str, float]:
    """A joiner's starting state (before the person-level spread `Workforce.add` draws around
    it): their own skill, needs, motivation and rest (`NEWCOMER`), but morale and trust that
    are mostly the team's.

    Why: attitudes to a job and to a boss are learnt from the people around you. Newcomers read
    their colleagues' cues before they have their own experience (social information processing,
    Salancik & Pfeffer 1978), and an organisation socialises its recruits to its code faster
    than they change it (March 1991, "Exploration and exploitation in organizational learning":
    the socialisation rate p1). So a joiner starts `SOCIALISATION` (80%) of the way from a neutral
    0.5 to the team's mean: near the team's, with a small pull toward a neutral value for what
    they bring from outside (a hire into a gloomy team is a little less gloomy than the team, a
    hire into a thriving one a little less sure). Not a constant: a constant start lifts a
    bad boss's team mean with every replacement (issue 9 measured +0.48 over a manager level),
    so the team's mean hides what the boss did to the people who stayed. Each person then
    varies around this start (`Workforce.add`'s spread) and moves with the team's drivers.
    """
    start = dict(NEWCOMER)
    for column in SOCIALISED:
        if len(team[column]):
            start[column] = NEUTRAL + SOCIALISATION * (mean(team[column]) - NEUTRAL)
    return start


@dataclass(frozen=True)
class PeopleDraws:
    """The chance part of n people joining (`Workforce.add`): their state's spread around its
    start, their strengths, first kind of work and load. A team's first people are drawn from
    the level's start generator (`draw`), joiners from hashes of their week (`joiner_draws`)."""

    state: np.ndarray        # (len(STATE), n): normal(0, spread)
    strengths: np.ndarray    # (n, len(WORK_KINDS)): beta(1.5, 2.5)
    kind: np.ndarray         # (n,): the first kind of work, uniform
    load: np.ndarray         # (n,): log-normal(0, 0.3)

    @classmethod
    def draw(cls, rng: np.random.Generator, n: int, spread: float) -> PeopleDraws:
        draws = cls(rng.normal(0.0, spread, (len(STATE), n)),
                    rng.beta(1.5, 2.5, (n, len(WORK_KINDS))),
                    rng.integers(0, len(WORK_KINDS), n), rng.lognormal(0.0, 0.3, n))
        for array in (draws.state, draws.strengths, draws.kind, draws.load):
            array.setflags(write=False)      # a remembered start (sim.start_draws) is shared
        return draws


def joiner_draws(luck_seed: int, week: int, n: int, spread: float) -> PeopleDraws:
    """The draws of the n people who join in `week` of a run whose luck has `luck_seed`: the
    i-th of them from hashes of the "join" stream's key for that week (`kernels.people_draws`),
    so the same whatever happened before."""
    draws = PeopleDraws(np.empty((len(STATE), n)), np.empty((n, len(WORK_KINDS))),
                        np.empty(n, dtype=np.int64), np.empty(n))
    KERNELS["people_draws"](shared_luck(luck_seed).bases(_JOIN, week)[0], spread, draws.state,
                            draws.strengths, draws.kind, draws.load)
    return draws


_JOIN = ("join",)


def person_traits(luck_seed: int, ids: np.ndarray, sd: float) -> tuple[np.ndarray, np.ndarray]:
    """The patience and ability of the people with these ids, in a run whose luck has
    `luck_seed` (`kernels.person_traits`).

    Patience is exponential (so one person quits as the hazard says), and ability log-normal
    with spread `sd` and mean 1, both on quantiles spread evenly over consecutive people
    (from each stream's offset, `Luck.offset`), so that an inherited team is an average one.
    libm's exp and log1p: numpy's vector forms differ in the last bit from one CPU to another
    (tests/test_machines.py)."""
    patience, ability = np.empty(len(ids)), np.empty(len(ids))
    KERNELS["person_traits"](np.asarray(ids, dtype=np.int64),
                             shared_luck(luck_seed).trait_offsets(), sd, patience, ability)
    return patience, ability


@dataclass(frozen=True)
class Leavers:
    """Who left the team in one go (`Workforce.remove`), in the order of their rows."""

    ids: np.ndarray        # their unique_ids
    ordinals: np.ndarray   # the order they joined in (`worker_name` gives their names)


@dataclass(frozen=True)
class Compaction:
    """Removing rows by moving the last kept rows into the holes the leavers leave.

    Why: a week with a quit must cost in proportion to the leavers, not to the whole team, and
    every row-aligned array (state, explanations) must be permuted the same way.
    """

    leaving: np.ndarray   # rows that leave
    holes: np.ndarray     # leaving rows below the new length, to be filled
    movers: np.ndarray    # kept rows at or above the new length, moved into the holes
    keep: int             # the new length
    #: The one (hole, mover) when a single row moves (the usual week: one leaver, whose row
    #: the last row fills): copied by plain indexing, a third of the cost of index arrays.
    single: tuple[int, int] | None = None

    @classmethod
    def plan(cls, leaving: np.ndarray) -> Compaction:
        rows, movers = np.empty((2, np.count_nonzero(leaving)), dtype=np.int64)
        KERNELS["plan_compaction"](leaving, rows, movers)
        keep = len(leaving) - len(rows)
        holes = rows[:int(np.searchsorted(rows, keep))]
        movers = movers[:len(holes)]
        if len(holes) == 1:
            return cls(rows, holes, movers, keep, (int(holes[0]), int(movers[0])))
        return cls(rows, holes, movers, keep)

    def apply(self, array: np.ndarray) -> np.ndarray:
        """Compact `array` along its last axis (in place where possible)."""
        if self.single is not None:
            hole, mover = self.single
            array[..., hole] = array[..., mover]
            return array[..., : self.keep]
        if array.ndim == 1:   # most of them: plain indexing costs a third of indexing after `...`
            array[self.holes] = array[self.movers]
            return array[: self.keep]
        array[..., self.holes] = array[..., self.movers]
        return array[..., : self.keep]


#: Per-worker numbers besides `STATE`, kept in the same block of rows (`Workforce`): tenure in
#: weeks; load, the share of the team's work (1 = an even share); coached, a one-to-one this
#: quarter (0/1); intent, the accumulated wish to leave (the weekly quit hazards summed);
#: patience, the intent at which this person resigns; ability, an output multiplier no boss
#: changes (mean 1, `ABILITY_SD`); quarter_output, their output so far this quarter.
EXTRA_FLOATS: tuple[str, ...] = ("tenure", "load", "coached", "intent", "patience", "ability",
                                 "quarter_output")
_FLOATS = (*STATE, *EXTRA_FLOATS)
#: Team sizes whose views `Workforce` keeps at once.
_VIEWS_KEPT = 256
_TENURE, _LOAD, _PATIENCE, _ABILITY = (EXTRA_FLOATS.index(column)
                                       for column in ("tenure", "load", "patience", "ability"))
#: Where tenure, load, patience and ability sit among the float block's rows (`kernels.join_rows`).
EXTRA_ROWS = np.array([len(STATE) + row for row in (_TENURE, _LOAD, _PATIENCE, _ABILITY)],
                      dtype=np.int64)
#: The float block's rows in the order `kernels.week` takes them (`kernels.WEEK_ROWS`).
WEEK_ROWS = np.array([_FLOATS.index(column) for column in kernels.WEEK_ROWS], dtype=np.int64)
EXTRA_ROWS.setflags(write=False)
WEEK_ROWS.setflags(write=False)


class Workforce:
    """Arrays of worker state, kept row-aligned with the team's Worker agents.

    Every per-worker array is a view of the first `len(self)` columns of a block with room to
    spare (one float block for `STATE` and `EXTRA_FLOATS`, one each for the work kind, the
    offers, the ids, the join order and the strengths). Why: an arrival writes
    into the spare room instead of concatenating every array anew (a quarter of a small team's
    arrival, and a second copy of every array at 100,000 workers), and a departure compacts
    each block in one call.

    A person's Worker agent is made the first time anyone asks for it (`agents`, `agent`):
    until then their row of the agent list holds None, and their id (taken from Mesa's counter
    when they join) and name (by the order they joined) are all they have. Why: about 30
    people a week join and leave a 10,000-person team, and making, moving and freeing an agent
    object for each was a sixth of a year that nobody may look at. The agents are kept in a
    list, not a numpy object array: the collector does not look inside those, so the cycle
    from the model to its agents and back would never be freed.
    """

    def __init__(self, model: OrgModel) -> None:
        self.model = model
        self.arrays: dict[str, np.ndarray] = {}
        self._floats = np.zeros((len(_FLOATS), 0))
        self._strengths = np.zeros((0, len(WORK_KINDS)))
        self._kind = np.zeros(0, dtype=np.int64)
        self._offer = np.zeros(0, dtype=bool)
        self._id_block = np.zeros(0, dtype=np.int64)
        self._ordinal_block = np.zeros(0, dtype=np.int64)       # join order: the name
        self._agent_list: list[Worker | None] = []               # None: not made yet
        self._joined = 0
        self._not_made = 0
        #: Agents made but not yet registered with Mesa, in the order they joined
        #: (`register_joiners`).
        self._unregistered: dict[Worker, None] = {}
        self._views: dict[int, tuple] = {}
        self._view(0)

    def _view(self, n: int) -> None:
        """Point every per-worker array at the first n rows of its block.

        The views of each size are made once per block (`_VIEWS_KEPT` sizes at most): a team
        moves between a few sizes as people come and go, and making twenty views anew was a
        tenth of an arrival."""
        views = self._views.get(n)
        if views is None:
            if len(self._views) >= _VIEWS_KEPT:
                self._views.clear()
            rows = list(self._floats[:, :n])      # a view of each row, in one call
            views = self._views[n] = (dict(zip(STATE, rows[:len(STATE)], strict=True)),
                                      tuple(rows[len(STATE):]), self._strengths[:n],
                                      self._kind[:n], self._offer[:n], self._id_block[:n],
                                      self._ordinal_block[:n])
        state, extra, self.strengths, self.kind, self.offer, self._ids, self._ordinals = views
        self._n = n
        self.arrays.update(state)
        (self.tenure, self.load, self.coached, self.intent, self.patience, self.ability,
         self.quarter_output) = extra          # `offer`: weighing an outside offer

    def blocks(self) -> tuple[np.ndarray, ...]:
        """The blocks with room (floats, strengths, kind, offer, ids, join order), whose first
        `len(self)` rows are the team: what `kernels.churn_weeks` plays on."""
        return (self._floats, self._strengths, self._kind, self._offer, self._id_block,
                self._ordinal_block)

    @property
    def capacity(self) -> int:
        """How many people the blocks have room for."""
        return self._floats.shape[1]

    @property
    def joined(self) -> int:
        """How many people have joined the team since it began, its first members included."""
        return self._joined

    @property
    def agents_made(self) -> bool:
        """Whether anyone's Worker agent has been made (`agents`)."""
        return self._not_made < len(self)

    def resized(self, n: int, joined: int) -> None:
        """The team's blocks were changed in place to n people, `joined` of them new
        (`kernels.churn_weeks`, on a team none of whose agents are made yet)."""
        if self.agents_made:
            raise RuntimeError("a team whose agents are made is changed row by row")
        self._joined += joined
        del self._agent_list[n:]
        self._agent_list.extend([None] * (n - len(self._agent_list)))
        self._not_made = n
        self._view(n)

    def reserve(self, n: int) -> None:
        """Room for n workers in every block (kept: the rows in use)."""
        capacity = self._floats.shape[1]
        if n <= capacity:
            return
        capacity = max(n + n // 8, capacity + capacity // 2) + 16
        used = len(self)
        floats = np.zeros((len(_FLOATS), capacity))
        floats[:, :used] = self._floats[:, :used]
        strengths = np.zeros((capacity, len(WORK_KINDS)))
        strengths[:used] = self._strengths[:used]
        blocks = []
        for old in self._row_blocks():
            block = np.zeros(capacity, dtype=old.dtype)
            block[:used] = old[:used]
            blocks.append(block)
        self._floats, self._strengths = floats, strengths
        self._kind, self._offer, self._id_block, self._ordinal_block = blocks
        self._views.clear()                   # views of the old blocks
        self._view(used)

    def __getstate__(self) -> dict:
        """What a copy takes: everything but the remembered views (`_view` makes them anew)."""
        state = self.__dict__.copy()
        state.pop("_views", None)
        return state

    def __setstate__(self, state: dict) -> None:
        """A copy (`copy.deepcopy`, as the game's forecast makes) copies each view on its own:
        point them at the copied blocks again."""
        self.__dict__.update(state)
        self._views = {}
        self._view(self._n)

    def __len__(self) -> int:
        return self._n

    def _row_blocks(self) -> tuple[np.ndarray, ...]:
        """The one-dimensional blocks, one entry per row (the floats and strengths aside)."""
        return (self._kind, self._offer, self._id_block, self._ordinal_block)

    @property
    def agents(self) -> list[Worker]:
        """The team's Worker agents by row (made now for whoever has none yet)."""
        if self._not_made:
            self._make_agents()
        return list(self._agent_list)

    def agent(self, row: int) -> Worker:
        """The Worker agent in `row` (made now, with everyone else's, if it has none yet)."""
        agent = self._agent_list[row]
        if agent is None:
            self._make_agents()
            agent = self._agent_list[row]
        return agent

    def _make_agents(self) -> None:
        """Make the agents of everyone who has none yet, in the order they joined, with the ids
        they took when they joined; Mesa registers them when its views are next read."""
        agents = self._agent_list
        rows = np.array([row for row, agent in enumerate(agents) if agent is None], dtype=np.int64)
        rows = rows[np.argsort(self._ids[rows], kind="stable")]
        made = Worker.create(self.model, rows.tolist(),
                             [worker_name(o) for o in self._ordinals[rows].tolist()],
                             register=False, ids=self._ids[rows].tolist())
        for row, agent in zip(rows.tolist(), made, strict=True):
            agents[row] = agent
        self._unregistered.update(dict.fromkeys(made))
        self._not_made = 0

    @property
    def ids(self) -> np.ndarray:
        """Worker ids by row (read-only: kept in step with the rows)."""
        return self._ids

    def table_sums(self) -> list[float]:
        """The sum of each `STATE` column, in order, then of each person's fit to their work:
        the sums numpy makes of each (the same pairwise sums, so the same bits as
        `arraymath.total`), in one compiled call (`kernels.team_sums`) instead of a dozen."""
        sums = np.empty(len(STATE) + 1)
        KERNELS["team_sums"](self._floats, len(STATE), len(self), self.strengths, self.kind,
                             sums)
        return sums.tolist()

    def fit(self) -> np.ndarray:
        """Per-worker fit of assigned work to strengths."""
        return self.strengths[np.arange(len(self)), self.kind]

    def ramp(self, ramp_weeks: int) -> np.ndarray:
        """Newcomers' productivity ramp: 30% on day one, full after `ramp_weeks`."""
        out = np.empty(len(self))
        KERNELS["ramp"](self.tenure, float(ramp_weeks), out)
        return out

    def add(self, n: int, start: dict[str, float], draws: PeopleDraws,
            tenure: float = 0.0) -> np.ndarray:
        """Add n workers around `start` values, with their `draws` (`PeopleDraws` of n);
        return their new rows."""
        if n <= 0:
            return np.zeros(0, dtype=np.int64)
        first_row = len(self)
        self.reserve(first_row + n)
        new_ids = next_ids(self.model, n)
        KERNELS["join_rows"](
            first_row, np.array([start[column] for column in STATE]), draws.state,
            draws.strengths, draws.kind, draws.load, float(tenure), new_ids, self._joined,
            self.model.luck.trait_offsets(), ability_sd(self.model.level.knowledge_share),
            self._floats, self._strengths, self._kind, self._offer, self._id_block,
            self._ordinal_block, EXTRA_ROWS)
        self._joined += n
        self._agent_list.extend([None] * n)       # made when someone asks (`agents`)
        self._not_made += n
        self._view(first_row + n)
        return np.arange(first_row, first_row + n)

    def remove(self, plan: Compaction) -> Leavers:
        """Remove the planned rows (their agents, if made, deregistered); say who they were."""
        used = len(self)
        leavers = Leavers(self._ids[plan.leaving], self._ordinals[plan.leaving])
        agents = self._agent_list
        gone: list[Worker] = []
        if self._not_made < used:      # some agents are made: keep them row-aligned
            gone = [agent for agent in (agents[row] for row in plan.leaving.tolist())
                    if agent is not None]
            for hole, mover in zip(plan.holes.tolist(), plan.movers.tolist(), strict=True):
                agent = agents[hole] = agents[mover]
                if agent is not None:
                    agent.row = hole
        self._not_made -= len(plan.leaving) - len(gone)
        del agents[plan.keep:]
        KERNELS["compact_rows"](plan.holes, plan.movers, plan.keep, self._floats[:, :used],
                                self._strengths[:used], self._kind[:used], self._offer[:used],
                                self._id_block[:used], self._ordinal_block[:used],
                                len(STATE) + _LOAD)
        self._view(plan.keep)
        unregistered = self._unregistered
        Worker.remove_all(self.model, [agent for agent in gone if agent not in unregistered])
        for agent in gone:
            unregistered.pop(agent, None)           # a joiner nobody looked for: never registered
        return leavers

    def name(self, row: int) -> str:
        """The name of the person in `row`."""
        return worker_name(int(self._ordinals[row]))

    def register_joiners(self) -> None:
        """Register with Mesa the workers who joined since the last call, in the order they
        joined: what the model's views of its agents (`OrgModel.agents` and the like) do
        first, so that they always hold the whole team.

        Why not at once: about 35 people a week join a 10,000-person team, and registering each
        with Mesa's AgentSets (a weak reference in each) was 6% of a year that nobody may look
        at; whoever leaves before anyone looks is never registered. Leavers who were registered
        are removed at once, so nothing keeps them alive."""
        if self._not_made:
            self._make_agents()
        if self._unregistered:
            _register(self.model, list(self._unregistered))
            self._unregistered.clear()

    def row_of(self, worker_id: int) -> int:
        """The row of a worker id (raises KeyError if nobody has it)."""
        hits = np.flatnonzero(self._ids == worker_id)
        if not len(hits):
            raise KeyError(worker_id)
        return int(hits[0])
