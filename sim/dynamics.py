"""The weekly update equations, vectorised over workers.

Each function advances one part of the team by one week. The sizes come from the evidence cited
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

from sim.arraymath import clip, mean, total
from sim.levers import Forces
from sim.luck import Luck, to_normal, to_uniform
from sim.workforce import Workforce

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


_STOCK_FIELDS = frozenset(TeamStocks.__dataclass_fields__)


@dataclass
class WeekContext:
    """Temporary effects for this week: events' extra demand / effort / value, fading factor."""

    fade: float = 1.0
    extra_demand: float = 0.0
    extra_effort: float = 0.0
    value: float = 1.0
    quit_shock: float = 0.0


def update_team(stocks: TeamStocks, f: Forces, wf: Workforce, pressure: float,
                need: float) -> None:
    """Coordination tracks its target fast; process, ideas and safety are slow stocks."""
    c, push = stocks.coordination, f["coordination"]
    build = 0.25 * push * (1.0 - c) if push > 0 else 0.1 * push * c
    erosion = 0.03 * need * (c - 0.2)     # structure erodes unless maintained, faster when big
    stocks.coordination = clamp(c + build - erosion, 0.02, 0.98)
    mean_intr = mean(wf.arrays["intrinsic"]) if len(wf) else 0.0
    mean_trust = mean(wf.arrays["trust"]) if len(wf) else 0.0
    p = stocks.process
    growth = 0.02 * max(f["process"], 0.0) * (1.0 - p)
    erosion = 0.03 * pressure * p          # working harder erodes capability (Repenning & Sterman)
    stocks.process = clamp(p + growth - erosion - 0.0015 * (p - 0.15))
    v = stocks.innovation
    ideas = max(f["innovation"], 0.0) * (0.4 + stocks.safety) * (0.4 + mean_intr)
    ideas += 0.05 * stocks.safety * mean_intr   # some ideas come up without being asked
    stocks.innovation = clamp(v + 0.02 * ideas * (1.0 - v) - 0.012 * (v - 0.1))
    target_s = clamp(0.3 + f["safety"] + 0.15 * (mean_trust - 0.5), 0.02, 0.98)
    stocks.safety += 0.03 * (target_s - stocks.safety)


def update_assignments(wf: Workforce, f: Forces, luck: Luck, week: int) -> None:
    """Work drifts away from people's strengths unless the boss builds on them."""
    n = len(wf)
    if not n:
        return
    drift_bits, load_bits = luck.bits(("drift", "load"), wf.ids, week)
    draw = to_uniform(drift_bits)   # one draw: a little drift, and moves to strengths
    drift = draw < DRIFT
    if drift.any():
        wf.kind[drift] = luck.integers("drift_kind", wf.ids[drift], week, wf.strengths.shape[1])
    moves = 0.07 * max(f["fit"], 0.0)
    if moves:     # (with no push to strengths, nobody is moved)
        to_best = (draw >= DRIFT) & (draw < DRIFT + moves)
        if to_best.any():
            wf.kind[to_best] = np.argmax(wf.strengths[to_best], axis=1)
    wf.load *= 1.0 + 0.04 * to_normal(load_bits)     # new work lands unevenly
    balance = min(0.5, 0.12 * max(f["balance"], 0.0))
    if balance:
        wf.load += balance * (1.0 - wf.load)              # the boss evens it out
    np.maximum(wf.load, 0.05, out=wf.load)
    wf.load /= mean(wf.load)


def workload(wf: Workforce, f: Forces, stocks: TeamStocks, ctx: WeekContext,
             target_size: int, ramp: np.ndarray) -> np.ndarray:
    """Each person's strain: their share of a full load of work over the people present (an
    understaffed team is overloaded), plus the pressure of a visible backlog. Demand beyond a
    full load does not stretch people further: it waits in the backlog."""
    capacity = max(total(ramp), 1e-9)
    per_head = min(stocks.demand + ctx.extra_demand, 1.0) * target_size / capacity
    backlog_pressure = 1.0 + 0.02 * min(stocks.backlog, 5.0)
    return wf.load * per_head * backlog_pressure * (1.0 + max(f["pace"], 0.0))


def coordination_need(headcount: int) -> float:
    """How much a team's work depends on coordination, 0-1: communication paths grow with size
    (Brooks), so a team of 4 barely needs a plan and a team of 40 cannot work without one."""
    return clamp(0.2 + 0.22 * math.log2(max(headcount, 1) / 4.0), 0.1, 1.0) if headcount else 0.1


def work_done(stocks: TeamStocks, ctx: WeekContext, eff: np.ndarray, ramp: np.ndarray,
              target_size: int) -> float:
    """The share of the team's capacity that found work this week (0-1), and the backlog left.

    Work arrives with demand (in person-weeks of the level's nominal team); the team can do its
    capacity (effort over a baseline effort); what is there to do is the backlog plus what
    arrived. People beyond the work add cost, not volume. Work left over waits, and a little of
    it goes stale each week (clients go elsewhere)."""
    arrived = max(stocks.demand + ctx.extra_demand, 0.0) * target_size
    capacity = total(eff * ramp) / BASELINE_EFFORT
    available = stocks.backlog * target_size + arrived
    done = min(capacity, available)
    stocks.backlog = STALE * (available - done) / max(target_size, 1)
    return done / capacity if capacity > 0 else 0.0


def hindrance(f: Forces, stocks: TeamStocks) -> float:
    """Hindrance stress: unclear roles, red tape, micromanagement, missing resources."""
    return clamp(0.6 * (1.0 - stocks.coordination) + f["hindrance"])


def update_needs(wf: Workforce, f: Forces, stocks: TeamStocks, overload: np.ndarray,
                 quit_shock: float, fit: np.ndarray) -> None:
    """Autonomy, competence and relatedness move slowly towards what the boss makes possible."""
    a = wf.arrays
    target_a = clamp(0.45 + f["autonomy"], 0.02, 0.98)
    a["autonomy"] += 0.05 * (target_a - a["autonomy"])
    target_c = 0.25 + 0.5 * a["skill"] * (0.5 + fit) + f["competence"] \
        + 0.15 * (stocks.coordination - 0.5) - 0.4 * overload + 0.15 * wf.coached
    a["competence"] += 0.05 * (clip(target_c, 0.02, 0.98) - a["competence"])
    target_r = clamp(0.3 + 0.35 * stocks.safety + f["relatedness"] - quit_shock, 0.02, 0.98)
    a["relatedness"] += 0.05 * (target_r - a["relatedness"])


def update_motivation(wf: Workforce, f: Forces, stocks: TeamStocks, fit: np.ndarray,
                      knowledge_share: float) -> None:
    """Intrinsic motivation follows the needs (Cerasoli et al.: competence .37, autonomy .28,
    relatedness .25) scaled by purpose, and work that suits a person's strengths is more
    interesting (more so in knowledge work); contingent rewards crowd it out; extrinsic is
    fast."""
    a = wf.arrays
    purpose = max(0.2, 0.75 + f["purpose"])
    needs = (0.37 * a["competence"] + 0.28 * a["autonomy"] + 0.25 * a["relatedness"]) / 0.9
    interest = (0.2 + 0.6 * knowledge_share) * (fit - 0.45)
    target_i = clip(purpose * needs + f["feedback"] + interest, 0.02, 0.98)
    a["intrinsic"] += 0.03 * (target_i - a["intrinsic"]) \
        - 0.02 * max(f["crowding"], 0.0) * a["intrinsic"]
    target_e = clamp(0.35 + f["extrinsic"], 0.02, 0.98)
    a["extrinsic"] += 0.25 * (target_e - a["extrinsic"])
    target_t = clamp(0.4 + f["trust"] + 0.1 * (stocks.safety - 0.4), 0.02, 0.98)
    a["trust"] += 0.03 * (target_t - a["trust"])


def update_skill(wf: Workforce, f: Forces, ramp: np.ndarray, fit: np.ndarray) -> None:
    """Learning by doing (faster on work that fits), coaching towards mastery, training towards
    a basic ceiling, and a little forgetting."""
    a = wf.arrays
    s = a["skill"]
    by_doing = 0.003 * (0.5 + fit) * (1.0 - s) * ramp
    coaching = 0.012 * (max(f["coaching"], 0.0) + 0.6 * wf.coached) * (1.0 - s) \
        * (0.5 + a["intrinsic"])
    training = 0.02 * max(f["training"], 0.0) * np.maximum(0.0, 0.65 - s)
    a["skill"] = clip01(s + by_doing + coaching + training - 0.001 * s)


def update_exhaustion(wf: Workforce, f: Forces, strain: np.ndarray, hind: float) -> None:
    """Job demands-resources: overload and hindrance drive exhaustion, slack lets people recover."""
    x = wf.arrays["exhaustion"]
    overload = np.maximum(0.0, strain - 1.0)
    up = 0.10 * overload + 0.025 * hind + 0.02 * np.maximum(0.0, strain - 0.85)
    down = 0.02 + 0.03 * np.maximum(0.0, 1.1 - strain) + max(f["recovery"], 0.0)
    wf.arrays["exhaustion"] = clip01(x + up * (1.0 - x) - down * x)


def effort(wf: Workforce, f: Forces, ctx: WeekContext, hind: float,
           knowledge_share: float) -> np.ndarray:
    """Effort: motivation (intrinsic weighs more in knowledge work), less exhaustion and
    hindrance, plus management's immediate push, which fades over the quarter."""
    a = wf.arrays
    w_intr = 0.35 + 0.5 * knowledge_share
    motivation = w_intr * a["intrinsic"] + (1.0 - w_intr) * a["extrinsic"]
    push = 1.0 + f["effort"] * ctx.fade + ctx.extra_effort
    return (0.4 + 0.6 * motivation) * (1.0 - 0.4 * a["exhaustion"]) * (1.0 - 0.2 * hind) \
        * max(push, 0.1)


def output(wf: Workforce, stocks: TeamStocks, eff: np.ndarray, ramp: np.ndarray,
           fit: np.ndarray, knowledge_share: float, ctx: WeekContext, need: float,
           utilisation: float) -> np.ndarray:
    """Each person's output this week: the work they found (effort x ramp x utilisation) times
    what it is worth. An average inherited team makes about 1 per person-week.

    Routine value is quantity: standard work, multiplied by process capability (Taylor) and by
    coordination as far as the team's size needs it. Knowledge value is quality: skill, fit to
    strengths, psychological safety, ideas and intrinsic motivation, and direction: novices and
    newcomers are directed by structure (coordination), experts by their own autonomy
    (situational leadership). Purpose without a plan scatters effort: motivation beyond what
    the structure can channel is partly lost. Each person's `ability` (no boss changes it)
    multiplies it all.
    """
    a = wf.arrays
    s = a["skill"]
    unclear = need * (1.0 - stocks.coordination)
    quantity = (0.6 + 0.4 * s) * (0.7 + 0.6 * fit) * (0.3 + 1.4 * stocks.process) \
        * (1.0 - 0.6 * unclear) * QUANTITY_NORM
    structure = clip(1.3 - 1.4 * s + 0.5 * (1.0 - ramp), 0.0, 1.0)
    direction = structure * (1.0 - unclear) + (1.0 - structure) * a["autonomy"]
    scatter = 1.0 - 1.0 * (1.0 - stocks.coordination) * np.maximum(0.0, a["intrinsic"] - 0.3)
    quality = (0.3 + 0.7 * s) * (0.3 + 1.6 * fit) * (0.75 + 0.5 * stocks.safety) \
        * (0.8 + 0.6 * stocks.innovation) * (0.45 + 0.7 * direction) \
        * (0.7 + 0.6 * a["intrinsic"]) * QUALITY_NORM
    value = ((1.0 - knowledge_share) * quantity + knowledge_share * quality) * scatter
    return eff * ramp * value * wf.ability * (ctx.value * utilisation)


@functools.lru_cache(maxsize=64)
def morale_weights(knowledge_share: float) -> tuple[float, ...]:
    """Each morale mechanism's weight at this share of knowledge work (they sum to 1; cached,
    as every replayed week of an explanation by decision asks again)."""
    return tuple(r + (k - r) * knowledge_share for _, _, (r, k) in MORALE_MECHANISMS)


_DRIVERS: tuple[str, ...] = tuple(state for state, _, _ in MORALE_MECHANISMS)


@functools.lru_cache(maxsize=64)
def _rates(weights: tuple[float, ...]) -> np.ndarray:
    """The mechanisms' weekly rates (MORALE_RATE x weight) as a column, per set of weights.

    Why cached: the weights are a level's (`morale_weights`), fixed for a run, so the column
    is built once per level rather than every week. Read-only, as it is shared."""
    column = np.array([MORALE_RATE * weight for weight in weights])[:, None]
    column.setflags(write=False)
    return column


#: Up to this many workers, the felt rows are made in one pass over the block; beyond it, a row
#: at a time (the block's `np.where` then costs more memory traffic than a Python loop costs).
FELT_BLOCK_WORKERS = 256


def _felt_rows(rows: np.ndarray, direct: np.ndarray, up: np.ndarray, down: np.ndarray) -> None:
    """Write each lever's felt morale row: its weekly size times the room left, up (1 - m) if
    it lifts morale, down (m) if it lowers it. Both ways multiply the same two numbers."""
    if rows.shape[1] <= FELT_BLOCK_WORKERS:
        sizes = direct[:, None]
        np.multiply(np.where(sizes > 0, up, down), sizes, out=rows)
        return
    for row, size in zip(rows, direct.tolist(), strict=True):
        np.multiply(up if size > 0 else down, size, out=row)


def morale_contributions(wf: Workforce, f: Forces, overload: np.ndarray, hind: float,
                         extra: dict[str, np.ndarray], weights: tuple[float, ...]
                         ) -> tuple[list[str], np.ndarray]:
    """This week's named morale contributions, one row per source; their sum is the change.

    Mechanisms pull morale towards a weighted mix of its drivers (a convex combination, so it
    stays in 0-1); direct effects are scaled by the room left (up: 1 - m, down: m). Rows are
    written into one preallocated matrix: at 10,000 workers this is the hottest code. The
    mechanisms' rates are applied in one pass and a small team's felt rows are made in one
    (`_felt_rows`), which does each element's arithmetic exactly as a row at a time does.
    """
    a = wf.arrays
    m = a["morale"]
    n_mech, n_lever = len(MORALE_MECHANISMS), len(f.morale_sources)
    out = np.empty((n_mech + n_lever + 2 + len(extra), len(m)))
    mech = out[:n_mech]
    for row, state in enumerate(_DRIVERS):    # each driver's gap, then all rates at once
        if state == "energy":
            np.subtract(1.0, a["exhaustion"], out=mech[row])
            np.subtract(mech[row], m, out=mech[row])
        else:
            np.subtract(a[state], m, out=mech[row])
    np.multiply(mech, _rates(weights), out=mech)
    m1 = m + mech.sum(axis=0)
    up, down = 1.0 - m1, m1
    if n_lever:
        _felt_rows(out[n_mech:n_mech + n_lever], f.morale_direct, up, down)
    row = n_mech + n_lever
    np.multiply(overload, -0.02, out=out[row])
    out[row] *= down
    np.multiply(down, -0.004 * hind, out=out[row + 1])
    for offset, values in enumerate(extra.values(), start=row + 2):
        out[offset] = np.where(values > 0, values * up, values * down)
    labels = [*MECHANISM_LABELS, *f.morale_sources, "overloaded", "red tape and unclear roles",
              *extra]
    return labels, out


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
    tests/test_turnover.py).
    """
    a = wf.arrays
    z = 2.5 * (0.55 - a["morale"]) + 1.5 * (0.5 - a["trust"]) + 2.0 * (a["exhaustion"] - 0.35)
    deciding = QUIT_BASE * np.exp(z)
    return QUIT_LIFE + deciding * QUIT_CAP / (deciding + QUIT_CAP)
