"""The weekly update equations: what moves the team each week, and why.

The per-worker arithmetic runs in compiled loops (sim/kernels.py: one pass over the team per
part of the week, or the whole week in one call); this module holds the model's constants, the
team-level state, and the functions that call the kernels on a team (the real one, or the
shadow teams that explaining by decision replays). Each advances one part of the team by one
week. The sizes come from the evidence cited
in DESIGN.md section 3; the lever effects come from levers.toml through `Forces`. Rates are per
week: a rate r closes about 1 - (1 - r)^13 of a gap in a quarter, so 0.03 (trust) closes a third,
0.25 (extrinsic motivation) nearly all of it: leadership stocks build slowly and last, management
flows act at once and fade.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from sim import kernels
from sim.kernels import KERNELS
from sim.levers import CH, Forces
from sim.workforce import EXTRA_ROWS, STATE, WEEK_ROWS, Workforce

MORALE_MECHANISMS: tuple[tuple[str, str, tuple[float, float]], ...] = (
    # (state, label, weight in the morale target in [routine, knowledge] work); each column
    # sums to 1. People doing routine work weigh pay and rewards more and the interest of the
    # work less than knowledge workers do (growth-need strength: Hackman & Oldham 1976; the
    # seed's "knowledge workers need leadership more"), so what lifts morale depends on the work.
    ("intrinsic", "meaningful work (intrinsic motivation)", (0.16, 0.38)),
    ("extrinsic", "pay and rewards (extrinsic motivation)", (0.34, 0.12)),
    ("trust", "trust in the boss", (0.20, 0.20)),
    ("relatedness", "belonging (relatedness)", (0.10, 0.10)),
    ("energy", "energy (1 - exhaustion)", (0.20, 0.20)),
)
MECHANISM_LABELS: tuple[str, ...] = tuple(label for _, label, _ in MORALE_MECHANISMS)
MORALE_RATE = 0.08
DRIFT = 0.03              # weekly chance that new work lands off a person's strengths
STALE = 0.92              # share of waiting work still wanted a week later
# Quits (see `quit_hazard`): weekly rates. Level-independent, like every constant here.
QUIT_LIFE = 0.0007        # leaving whatever the boss does: moves, family, study (~3.6% a year)
QUIT_BASE = 0.00275       # the wish to leave of an average person in an average climate
QUIT_CAP = 0.022          # finding a job to go to: the most the wish adds in a week
# Scale both kinds of value to 1 for an average inherited team (skill .5, process .35,
# coordination .5, fit .45, safety .4, ideas .2, intrinsic .5, autonomy .45)
BASELINE_EFFORT = 0.58   # effort of an average inherited team: one week's work per person
# (a team of 12: coordination need .55, so .27 of the work unclear at coordination .5).
QUANTITY_NORM = 1.0 / (0.8 * 0.97 * 0.79 * 0.835)
QUALITY_NORM = 1.0 / (0.65 * 1.02 * 0.95 * 0.92 * 0.883 * 1.0)


def clip01(x: np.ndarray) -> np.ndarray:
    """Clip an array to 0-1."""
    return np.minimum(np.maximum(x, 0.0), 1.0)


def clamp(x: float, low: float = 0.0, high: float = 1.0) -> float:
    """Clamp a scalar (plain Python: np.clip costs microseconds on scalars in the hot path)."""
    return float(min(max(x, low), high))


@dataclass
class TeamStocks:
    """Team-level state: slow stocks (process, innovation, safety) and fast coordination."""

    coordination: float
    coordination_base: float
    process: float
    innovation: float
    safety: float
    demand: float
    backlog: float = 0.0      # work waiting, in weeks of the whole team's nominal capacity

    def copy(self, **changes: float) -> TeamStocks:
        """A copy with some stocks changed: `dataclasses.replace` without its per-field
        machinery, which explaining by decision paid dozens of times a week."""
        if not changes.keys() <= _STOCK_FIELDS:
            raise TypeError(f"TeamStocks has no stock {sorted(changes.keys() - _STOCK_FIELDS)}")
        new = object.__new__(TeamStocks)
        new.__dict__.update(self.__dict__, **changes)
        return new

    def vector(self) -> np.ndarray:
        """The stocks as the kernels take them (`kernels.STOCK_NAMES`)."""
        return np.array([self.coordination, self.process, self.innovation, self.safety,
                         self.demand, self.backlog])

    def set_vector(self, vector: np.ndarray) -> None:
        """Take the stocks back from a kernel's vector."""
        (self.coordination, self.process, self.innovation, self.safety, self.demand,
         self.backlog) = vector.tolist()


_STOCK_FIELDS = frozenset(TeamStocks.__dataclass_fields__)


@dataclass
class WeekContext:
    """Temporary effects for this week: events' extra demand / effort / value, fading factor."""

    fade: float = 1.0
    extra_demand: float = 0.0
    extra_effort: float = 0.0
    value: float = 1.0
    quit_shock: float = 0.0

    def vector(self) -> np.ndarray:
        """The context as the kernels take it (`kernels.CONTEXT_NAMES`)."""
        return np.array([self.fade, self.extra_demand, self.extra_effort, self.value,
                         self.quit_shock])


#: The constants the kernels use, in `kernels.CONSTANT_NAMES` order.
CONSTANTS = np.array([globals()[name] for name in kernels.CONSTANT_NAMES])
CONSTANTS.setflags(write=False)
_FORCE_INDEX = np.array([CH[name] for name in kernels.FORCE_NAMES])


def force_vector(f: Forces) -> np.ndarray:
    """A quarter's forces as the kernels take them (`kernels.FORCE_NAMES`)."""
    return f.channel[_FORCE_INDEX]


def update_team(stocks: TeamStocks, f: Forces, pressure: float, need: float,
                mean_intr: float, mean_trust: float) -> None:
    """Coordination tracks its target fast (built by the boss's push, eroding unless
    maintained, faster in a big team); process capability grows with the push and erodes
    under pressure (working harder erodes capability: Repenning & Sterman); ideas grow with
    the push, safety and intrinsic motivation (and a few come up unasked); safety follows
    the push and trust slowly (`kernels.team_stocks`)."""
    vector = stocks.vector()
    kernels.PYTHON["team_stocks"](vector, force_vector(f), pressure, need, mean_intr,
                                  mean_trust)
    stocks.set_vector(vector)


@dataclass
class Strain:
    """The week's load on each person, and what the team stocks take from the team."""

    strain: np.ndarray       # each person's share of a full load (1 = a full week's work)
    overload: np.ndarray     # strain beyond a full load
    pressure: float          # the pace the boss sets plus half the mean overload
    mean_intrinsic: float    # team means before the week, for the stocks
    mean_trust: float


def workload(wf: Workforce, f: Forces, stocks: TeamStocks, ctx: WeekContext,
             target_size: float, ramp: np.ndarray) -> Strain:
    """Each person's strain: their share of a full load of work over the people present (an
    understaffed team is overloaded), plus the pressure of a visible backlog. Demand beyond a
    full load does not stretch people further: it waits in the backlog."""
    n = len(wf)
    a = wf.arrays
    strain, overload = np.empty(n), np.empty(n)
    fv = force_vector(f)
    over, intr, trust = KERNELS["team_inputs"](wf.load, ramp, stocks.vector(), ctx.vector(),
                                               fv, float(target_size), a["intrinsic"],
                                               a["trust"], strain, overload)
    if not n:
        return Strain(strain, overload, 0.0, 0.0, 0.0)
    return Strain(strain, overload, kernels.PYTHON["team_pressure"](fv, over, n), intr / n,
                  trust / n)


@functools.lru_cache(maxsize=1024)
def coordination_need(headcount: int) -> float:
    """How much a team's work depends on coordination, 0-1: communication paths grow with size
    (Brooks), so a team of 4 barely needs a plan and a team of 40 cannot work without one."""
    return clamp(0.2 + 0.22 * math.log2(max(headcount, 1) / 4.0), 0.1, 1.0) if headcount else 0.1


def hindrance(f: Forces, stocks: TeamStocks) -> float:
    """Hindrance stress: unclear roles, red tape, micromanagement, missing resources
    (`kernels.hindrance`, which the weeks played in one call use too)."""
    return kernels.PYTHON["hindrance"](stocks.coordination, f["hindrance"])


def update_people(wf: Workforce, f: Forces, stocks: TeamStocks, ctx: WeekContext,
                  strain: np.ndarray, hind: float, fit: np.ndarray, ramp: np.ndarray,
                  knowledge_share: float) -> tuple[np.ndarray, float]:
    """Move each person's needs, motivation, skill and exhaustion one week, then their effort
    (in place, in one compiled pass: `kernels.people_week`). Returns effort and the sum of
    effort x ramp.

    - Needs: autonomy, competence and relatedness move slowly (rate .05) towards what the boss
      makes possible (competence also from skill on fitting work, coordination, coaching, less
      overload).
    - Motivation: intrinsic follows the needs (Cerasoli et al.: competence .37, autonomy .28,
      relatedness .25) scaled by purpose; work that suits a person's strengths is more
      interesting (more so in knowledge work); contingent rewards crowd it out; extrinsic is
      fast (.25); trust slow (.03).
    - Skill: learning by doing (faster on work that fits), coaching towards mastery, training
      towards a basic ceiling, and a little forgetting.
    - Exhaustion (job demands-resources): overload and hindrance drive it, slack lets people
      recover.
    - Effort: motivation (intrinsic weighs more in knowledge work), less exhaustion and
      hindrance, plus management's immediate push, which fades over the quarter.
    """
    a = wf.arrays
    effort = np.empty(len(wf))
    effort_ramp = KERNELS["people_week"](
        a["autonomy"], a["competence"], a["relatedness"], a["intrinsic"], a["extrinsic"],
        a["trust"], a["skill"], a["exhaustion"], wf.coached, fit, ramp, strain,
        force_vector(f), stocks.vector(), ctx.vector(), knowledge_share, hind, effort)
    return effort, effort_ramp


@functools.lru_cache(maxsize=64)
def morale_weights(knowledge_share: float) -> tuple[float, ...]:
    """Each morale mechanism's weight at this share of knowledge work (they sum to 1; cached,
    as every replayed week of an explanation by decision asks again)."""
    return tuple(r + (k - r) * knowledge_share for _, _, (r, k) in MORALE_MECHANISMS)


_DRIVERS: tuple[str, ...] = tuple(state for state, _, _ in MORALE_MECHANISMS)


@functools.lru_cache(maxsize=64)
def morale_rates(weights: tuple[float, ...]) -> np.ndarray:
    """The mechanisms' weekly rates (MORALE_RATE x weight), per set of weights.

    Why cached: the weights are a level's (`morale_weights`), fixed for a run, so the rates
    are built once per level rather than every week. Read-only, as it is shared."""
    rates = np.array([MORALE_RATE * weight for weight in weights])
    rates.setflags(write=False)
    return rates


def morale_contributions(wf: Workforce, f: Forces, overload: np.ndarray, hind: float,
                         extra: dict[str, float], weights: tuple[float, ...]
                         ) -> tuple[list[str], np.ndarray]:
    """This week's named morale contributions, one row per source; their sum is the change.

    Mechanisms pull morale towards a weighted mix of its drivers (a convex combination, so it
    stays in 0-1); direct effects (each lever's felt effect, overload, red tape, and the
    `extra` sizes, e.g. colleagues leaving) are scaled by the room left: up by 1 - m, down by
    m, where m is morale after the mechanisms' pull. Written in one compiled pass
    (`kernels.morale_rows`).
    """
    a = wf.arrays
    n_rows = len(MORALE_MECHANISMS) + len(f.morale_sources) + 2 + len(extra)
    rows = np.empty((n_rows, len(wf)))
    KERNELS["morale_rows"](a["morale"], a["intrinsic"], a["extrinsic"], a["trust"],
                           a["relatedness"], a["exhaustion"], overload, morale_rates(weights),
                           f.morale_direct, hind, np.array(list(extra.values()), dtype=float),
                           rows)
    labels = [*MECHANISM_LABELS, *f.morale_sources, "overloaded", "red tape and unclear roles",
              *extra]
    return labels, rows


class WeekBuffers:
    """The arrays a week of the whole team writes, kept from week to week.

    Why: at 10,000 people a week's arrays are megabytes, and fresh ones each week cost the
    page faults of new memory. They are reused, grown when the team's blocks or the number of
    morale sources outgrow them; a `Span`'s arrays are valid until the next week."""

    def __init__(self) -> None:
        self._work = np.empty((7, 0))
        self._leaving = np.empty(0, dtype=np.bool_)
        self._plan = np.empty((2, 0), dtype=np.int64)
        self._rows = np.empty(0)

    def take(self, capacity: int, n: int, n_rows: int
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Seven scratch arrays of the team's `capacity` (as rows of one matrix), a C-ordered
        (n_rows x n) matrix (n_rows may be 0), a bool array and two index arrays (a matrix
        of two rows) of `capacity`."""
        if self._work.shape[1] < capacity:
            room = int(capacity * 1.25) + 16
            self._work = np.empty((7, room))
            self._leaving = np.empty(room, dtype=np.bool_)
            self._plan = np.empty((2, room), dtype=np.int64)
        if len(self._rows) < n_rows * n:
            self._rows = np.empty(int(n_rows * n * 1.25) + 64)
        return (self._work, self._rows[:n_rows * n].reshape(n_rows, n), self._leaving,
                self._plan)


@dataclass
class Churn:
    """What `advance_weeks` needs to play on through weeks in which people leave and join
    (`kernels.churn_weeks`), made by the model for a span: its settings
    (`kernels.CHURN_SETTINGS`), how joiners are made, the recruits due in each week of the
    span, the explainer's start values (a buffer with room) and where the leavers' records
    go; `log` gets each week's `kernels.CHURN_LOG`."""

    settings: np.ndarray
    spread: float
    sd: float
    centres: np.ndarray
    offsets: np.ndarray
    join_bases: np.ndarray
    due: np.ndarray
    start: np.ndarray
    departed: np.ndarray
    departed_floats: np.ndarray
    log: np.ndarray

    @classmethod
    def none(cls, weeks: int) -> Churn:
        """Settings that stop at the first week with leavers, as weeks have always stopped."""
        empty = np.zeros(0)
        return cls(np.zeros(len(kernels.CHURN_SETTINGS), dtype=np.int64), 0.0, 0.0,
                   np.zeros(len(STATE)), np.zeros(2), np.zeros(weeks, dtype=np.uint64),
                   np.zeros(weeks, dtype=np.int64), empty, np.zeros((2, 0), dtype=np.int64),
                   np.zeros((0, 0)), np.zeros((weeks, len(kernels.CHURN_LOG)), dtype=np.int64))


def _first_week_only(extra: dict[str, float], weeks: int) -> np.ndarray:
    """The extra morale rows of `weeks` weeks, one row each: `extra`'s values in the first
    week (the shock of colleagues who left the week before) and nothing after; adding a zero
    changes no sum, so a span may start with that week."""
    if not extra and weeks <= len(_NO_EXTRA):
        return _NO_EXTRA[:weeks]        # the usual case: no array to make
    rows = np.zeros((weeks, len(extra)))
    if extra:
        rows[0] = list(extra.values())
    return rows


#: No extra morale rows, for spans of up to 1,024 weeks (rows of no columns: nothing to write).
_NO_EXTRA = np.zeros((1024, 0))
#: The week's three streams of luck, in `kernels.BASE_*` order.
WEEK_STREAMS: tuple[str, ...] = ("drift", "load", "drift_kind")


@dataclass
class Span:
    """What weeks played in one call (`advance_weeks`) leave for the model: each week's
    `kernels.RECORD_NAMES`, why the call stopped, and the last week's arrays (valid until the
    next call): ramp, morale rows (if kept), what the scale's ends cut off, and the wish to
    leave."""

    record: np.ndarray
    stop: int
    n_leaving: int
    ramp: np.ndarray
    rows: np.ndarray
    bounds: np.ndarray
    ready: np.ndarray
    leaving: np.ndarray
    log: np.ndarray   # each week's `kernels.CHURN_LOG` (who left and joined; the last's if booked)
    departed: np.ndarray          # those leavers' ids and join order (`Churn.departed`)
    departed_floats: np.ndarray   # and their start, end and explainer rows
    booked: bool = False          # whether the last week's leavers and joiners were played too


def advance_weeks(wf: Workforce, f: Forces, stocks: TeamStocks, contexts: np.ndarray,
                  extra: dict[str, float], knowledge_share: float, target_size: int,
                  ramp_weeks: int, bases: np.ndarray, weights: tuple[float, ...],
                  buffers: WeekBuffers, acc: np.ndarray, acc_rows: np.ndarray,
                  bounds_row: int, keep_rows: bool = False, churn: Churn | None = None
                  ) -> Span:
    """Weeks of the whole team in one compiled call (`kernels.weeks`), one per row of `contexts`
    (`WeekContext.vector`) and `bases` (`Luck.bases` of `WEEK_STREAMS`): each plays, in order, the
    same parts as `workload`, `update_team`, assignments, `update_people`, work done, output,
    `morale_contributions` (with the `extra` rows in the first week), `apply_morale` and
    `quit_hazard`, and adds its morale rows to the explainer's matrix `acc` (rows `acc_rows`,
    `Explainer.block`). Mutates the team's arrays and `stocks`; removing leavers and booking each
    week is the model's. `keep_rows` also keeps the last week's rows (explaining by decision splits
    them)."""
    n = len(wf)
    n_rows = len(MORALE_MECHANISMS) + len(f.morale_sources) + 2 + len(extra)
    floats, strengths, kind, offer, ids, ordinals = wf.blocks()
    work, rows, leaving, plan = buffers.take(floats.shape[1], n, n_rows if keep_rows else 0)
    record = np.empty((len(contexts), len(kernels.RECORD_NAMES)))
    vector = stocks.vector()
    c = churn if churn is not None else Churn.none(len(contexts))
    played, stop, n_leaving, size, gone = KERNELS["churn_weeks"](
        floats, WEEK_ROWS, strengths, kind, offer, ids, ordinals, n, vector, force_vector(f),
        f["hindrance"], contexts, CONSTANTS, bases, morale_rates(weights), f.morale_direct,
        _first_week_only(extra, len(contexts)), knowledge_share, float(target_size),
        float(ramp_weeks), acc, acc_rows, bounds_row, work, rows, leaving, record,
        c.settings, c.spread, c.sd, c.centres, EXTRA_ROWS, c.offsets, c.join_bases, c.due,
        c.start, c.departed, c.departed_floats, plan, c.log)
    stocks.set_vector(vector)
    return Span(record[:played], stop, n_leaving, work[0, :size], rows, work[5, :size],
                work[6, :size], leaving[:size], c.log[:played], c.departed[:, :gone],
                c.departed_floats[:, :gone],
                booked=churn is not None and stop == kernels.STOP_NONE)


def morale_labels(f: Forces, extra: dict[str, float]) -> list[str]:
    """The sources of a week's morale rows, in the order `kernels.morale_rows` writes them."""
    return [*MECHANISM_LABELS, *f.morale_sources, "overloaded", "red tape and unclear roles",
            *extra]


def apply_morale(morale: np.ndarray, rows: np.ndarray, bounds: np.ndarray) -> bool:
    """Move morale (in place) by the sum of its contribution rows, kept within 0-1; what the
    scale's ends cut off goes into `bounds`. Returns whether anything was cut off."""
    return KERNELS["apply_rows"](morale, rows, bounds)


def quit_hazard(wf: Workforce) -> np.ndarray:
    """This week's addition to each person's wish to leave (a person resigns when the sum
    passes their patience, so this is their weekly chance of quitting).

    Two kinds of leaving (Abelson 1987; Lee & Mitchell 1994's "unfolding" paths):
    - `QUIT_LIFE`: unavoidable quits (a partner's move, family, study, health), which no boss
      prevents: about 3.6% a year, so even the best-led team loses someone now and then;
    - the wish-driven quit, which needs two things in turn (March & Simon 1958: the
      desirability and the ease of movement). Deciding to look grows exponentially with low
      morale, low trust and exhaustion (`QUIT_BASE` a week for an average person in an average
      climate; Griffeth, Hom & Gaertner 2000: low satisfaction and commitment lead to quitting
      through thoughts of leaving and a job search). Then one has to find a job worth taking,
      at a rate the labour market sets (`QUIT_CAP`, about once a year). Done in sequence, the
      expected wait is the sum of the two waits, so the weekly rate is `d * c / (d + c)` for a
      deciding rate d and a finding rate c: it follows d while d is small (as the exponential
      did) and bends smoothly toward c for the unhappiest people, instead of a hard cap.
    In an average climate this is about 16% a year; under the worst scripted bosses it stays
    below 60% a year. The three rates are set once for every level (no per-level coefficient):
    `QUIT_LIFE` as a small unavoidable share, `QUIT_BASE` and `QUIT_CAP` so that the scripted
    bosses meet issue 9's bands over 50 seeds (README, "Turnover and newcomers";
    tests/test_turnover.py). The deciding rate is d = `QUIT_BASE` exp(z), with z = 2.5 (0.55 -
    morale) + 1.5 (0.5 - trust) + 2.0 (exhaustion - 0.35) (`kernels.quit_hazard`).
    """
    a = wf.arrays
    hazard = np.empty(len(wf))
    KERNELS["quit_hazard"](a["morale"], a["trust"], a["exhaustion"], CONSTANTS, hazard)
    return hazard
