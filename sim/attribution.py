"""Explain by decision: each morale change split by what caused it, carried through the week.

Every state that feeds morale (the worker states in `shadow_week.MOVED`, morale itself, the fit
of each person's work, and the team stocks in `shadow_week.STOCKS`) keeps, per worker (or per
team), one number per cause: its share of the state's deviation from a reference value. The
shares always add up to the deviation. References are resting values: where the team would
settle with no pushes at all (the week's equations iterated with every channel at zero from the
team the level starts with), so that "the team you inherited" is the level's initial deviation
from rest and what it does later.

Why the resting values, and not something that charges the inherited team's fading to the boss
(issue 9 asked whether the fading belongs to unspent attention or to the decisions that failed
to sustain the team): every row is a leave-one-out difference of something that happened, and
"the team you inherited" is what a run from the resting team would differ by. Unspent attention
has pushes of its own (`levers.toml` [neglect]: trust, safety, coordination down), and those
are its row; the fading happens as well under a boss who spends every point. "The decisions
that failed to sustain it" is a different question, what another plan would have done; it has
no single answer (which plan?) and its rows would not add up to the change. So the fading is the
inheritance's and is shown as such. The price: in the first quarters of a level whose team
starts above rest, that row is the largest, whatever the boss does. On the knowledge team with
8 points on monitoring (seeds 1-8, this code), monitoring is the most negative row of the
player's own decisions in quarters 1 and 2 and summed over quarters 1 to q for every q of the
level, but never the most negative row of all: the head start's fading is larger in quarters
1-5, newcomers settling into a low-morale team later (test_explain_by_decision).

Each week, for every cause c with a share anywhere (or a push this week), the state equations
(`shadow_week`, i.e. sim.dynamics itself) are replayed with c taken out: its share removed from
every input state and its push removed from every channel. What c is worth after the week is
the real value minus that replay (leave-one-out). This splits every linear part of the update
exactly and carries indirect effects with their cause: if monitoring lowered trust and lower
trust lowered morale, the replay without monitoring has both lower. Two remainders are named:

- the replay with *every* cause removed (every state at rest, no pushes) still moves, because
  chance, the level's workload, people quitting and joining move the world: that movement is
  "drift" (and is carried like any cause);
- non-linear parts (products, clipped targets) make the leave-one-out parts not add up exactly;
  the remainder is split across causes in proportion to the size of their own change this week
  (|share after - share before|; for morale rows, |their part of the row|), so a cause that did
  nothing this week gets none of it. Only when no cause moved does it go to drift.

People who quit are the causes' too: a leaver's quit is split over the causes by how much each
raised their quit hazard (leave-one-out on `dynamics.quit_hazard`, positive parts; the hazard at
rest goes to `LEAVING`, "people leaving anyway"), and so are its consequences: the shock to the
colleagues who stay, the missing capacity until a newcomer has filled the place and ramped up (a
vacancy is a missing share of capacity in the workload: the replay without a cause has that
cause's vacancies filled), and the step it makes in the team's mean (`CausalExplainer`: a cause
that drives unhappy people out lifts the mean of those who stay). People let go leave vacancies
that belong to letting them go. A newcomer brings the team's climate only as far as the model
says (`workforce.SOCIALISATION`: 0.8 of the team's mean morale and trust), so they carry that
much of the team's shares of those two states and none of the others; the rest of their start is
`JOINING`'s.

How well a row means what it says, against a paired run without the cause (same seed): where
nobody quits, within a few per cent. Quits are all-or-nothing: in a team of 12 the paired run
differs by which one or two people happened to cross their patience, so a single seed's
difference a year in scatters around its mean (monitoring at 8 points on the knowledge team,
quarter 4, 40 seeds: mean -0.024, sd 0.012), while the rows, which split each quit by the causes'
shares of its hazard, follow the mean. In a team of 120 the same comparison holds within
0.78-1.24 on every seed and quarter of the first year.

Morale is split row by row (the rows of `dynamics.morale_contributions`): a row's parts say which
cause moved morale through which state ("Monitor and control" via "drawn to level of trust in
the boss"). A lever's felt row goes to the lever, one-off shocks to the event, answer or action
that gave them, and what the 0-1 scale's ends cut off to its own row, so the rows add up to the
change exactly, like the by-state view.

Costs one replay of the state equations per active cause per week; off unless the model is
built with `attribution=True` (see benchmarks/bench_attribution.py).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim import dynamics as dyn
from sim.causes import BOUNDS, DRIFT, FIXED, INHERITED, JOINING, LEAVING, force_sources
from sim.effect_names import PERSON, TEAM
from sim.explain import COMPOSITION, Explainer, Explanation, state_row_name
from sim.levers import CHANNELS
from sim.shadow_week import (
    MOVED,
    STOCKS,
    Exogenous,
    ShadowTeam,
    plain_forces,
    shadow_week,
)
from sim.vacancies import Vacancies
from sim.workforce import SOCIALISATION, SOCIALISED, Compaction

if TYPE_CHECKING:
    from sim.decisions import Decision
    from sim.model import OrgModel

#: Worker states that carry shares: morale and the states the week moves.
CARRIED: tuple[str, ...] = ("morale", *MOVED)
#: Separates a cause from the route (morale row) it acted through in the explainer's labels.
SEP = "\x1f"
FELT = "felt directly"
REST_WEEKS = 520          # cap on weeks iterated to find the resting values (ten years)
REST_TOLERANCE = 1e-10


@dataclass
class _Before:
    """The week's inputs, kept before the week moves them."""

    arrays: dict[str, np.ndarray]
    stocks: dyn.TeamStocks
    kind: np.ndarray
    load: np.ndarray
    coached: np.ndarray
    demand: dict[int, float]     # extra demand by cause (events' lasting effects)
    demand_total: float


def split_remainder(new: np.ndarray, old: np.ndarray, total: np.ndarray, drift: int) -> None:
    """Make `new` (causes x columns) add up to `total` per column: the remainder goes to causes
    in proportion to |new - old|, or to `drift` where no cause moved (in place)."""
    rest = total - new.sum(axis=0)
    weight = np.abs(new - old)
    scale = weight.sum(axis=0)
    moved = scale > 0.0
    new += weight * np.where(moved, rest / np.where(moved, scale, 1.0), 0.0)
    new[drift] += np.where(moved, 0.0, rest)


class CausalExplainer(Explainer):
    """An explainer whose team view splits "joiners and leavers" by cause.

    Why: the team's change is the mean change of the people present at the end plus a
    composition term: who left and who joined moved the mean. Each leaver's or joiner's step in
    the running mean of the quarter's start values (start of quarter, or arrival) is a product
    of two things, each split by cause: *that* they left or came (the causes of the quit, of
    letting them go, or of the place a newcomer fills; see `Attribution.left`) and *how far*
    their start stood from the team's (their shares of it against the team's mean shares).
    A cause that drives unhappy people out lifts the mean of those who stay, and a paired run
    without it keeps them: the first factor. A newcomer who brings only part of the team's
    climate dilutes every cause's share: the second. The Shapley split of such a product gives
    each cause half of each (`Attribution._charge_steps`), so the steps add up to the
    composition term exactly while someone is present; what is left (a team that emptied)
    goes to drift."""

    def __init__(self) -> None:
        super().__init__()
        self._composition = np.zeros(0)
        self.composition: dict[int, np.ndarray] = {}

    def begin_quarter(self, morale: np.ndarray) -> None:
        super().begin_quarter(morale)
        self._composition = np.zeros(0)

    def charge(self, by_cause: np.ndarray) -> None:
        """Add this event's part of the composition term, one value per cause."""
        if len(self._composition) < len(by_cause):
            self._composition = np.pad(self._composition,
                                       (0, len(by_cause) - len(self._composition)))
        self._composition += by_cause

    def end_quarter(self, quarter: int, ids: np.ndarray, morale: np.ndarray) -> None:
        super().end_quarter(quarter, ids, morale)
        self.composition[quarter] = self._composition


class Attribution:
    """Per-cause shares of every morale-relevant state, and an explainer of morale by cause."""

    def __init__(self, model: OrgModel) -> None:
        wf = model.workforce
        n = len(wf)
        self.causes: list[str] = list(FIXED)
        self._index = {c: i for i, c in enumerate(self.causes)}
        k = len(self.causes)
        self.shares = {x: np.zeros((k, n)) for x in CARRIED}
        self.fit_shares = np.zeros((k, n))
        self.team = {s: np.zeros(k) for s in STOCKS}
        self.coached_by = np.full(n, -1, dtype=np.int64)
        self.vacancies = Vacancies(k, n)
        self.sources: dict[int, np.ndarray] = {}
        self.felt: dict[str, int] = {}
        self.fit_causes: list[tuple[int, float]] = []
        self.explainer = CausalExplainer()
        self._before: _Before | None = None
        self.ref, self.team_ref = self._rest(model)
        self.fit_ref = wf.fit()
        self.ref_mean = {x: float(v.mean()) if n else 0.0 for x, v in self.ref.items()}
        inherited = self._index[INHERITED]
        for x in CARRIED:
            self.shares[x][inherited] = wf.arrays[x] - self.ref[x]
        for s in STOCKS:
            self.team[s][inherited] = getattr(model.stocks, s) - self.team_ref[s]
        #: Morale shares at the start of the quarter (at arrival for newcomers), aligned with
        #: the explainer's start values: what the composition term is made of.
        self.start_shares = self.shares["morale"].copy()

    # ----- set-up -------------------------------------------------------------------------
    @staticmethod
    def _rest(model: OrgModel) -> tuple[dict[str, np.ndarray], dict[str, float]]:
        """Resting values: the level's team after the week's equations have run with no pushes
        until nothing moves (workload, fit and team size as at the start)."""
        wf, level = model.workforce, model.level
        arrays = {x: wf.arrays[x].copy() for x in CARRIED}
        stocks = dataclasses.replace(model.stocks)
        zero = plain_forces(np.zeros(len(CHANNELS)))
        exo = Exogenous(wf.load.copy(), wf.ramp(level.team.ramp_weeks), level.team_size,
                        level.knowledge_share)
        fit, coached, ctx = wf.fit(), np.zeros(len(wf)), dyn.WeekContext()
        for _ in range(REST_WEEKS):
            res = shadow_week(arrays, stocks, fit, coached, zero, ctx, exo)
            res.arrays["morale"] = dyn.clip01(arrays["morale"] + res.rows.sum(axis=0))
            change = max([float(np.abs(res.arrays[x] - arrays[x]).max(initial=0.0))
                          for x in CARRIED]
                         + [abs(getattr(res.stocks, s) - getattr(stocks, s)) for s in STOCKS])
            arrays, stocks = res.arrays, res.stocks
            if change < REST_TOLERANCE:
                break
        return arrays, {s: float(getattr(stocks, s)) for s in STOCKS}

    def cause(self, name: str) -> int:
        """The row of a named cause, adding it the first time it is seen."""
        index = self._index.get(name)
        if index is None:
            index = len(self.causes)
            self._index[name] = index
            self.causes.append(name)
            self.shares = {x: np.vstack([a, np.zeros((1, a.shape[1]))])
                           for x, a in self.shares.items()}
            self.fit_shares = np.vstack([self.fit_shares, np.zeros((1, self.fit_shares.shape[1]))])
            self.start_shares = np.vstack([self.start_shares,
                                           np.zeros((1, self.start_shares.shape[1]))])
            self.team = {s: np.append(a, 0.0) for s, a in self.team.items()}
            self.vacancies.grow()
        return index

    # ----- quarters -----------------------------------------------------------------------
    def begin_quarter(self, model: OrgModel, decision: Decision) -> None:
        """Split the quarter's pushes by cause (levers, neglect, bonus, training budget)."""
        self.explainer.begin_quarter(model.workforce.arrays["morale"])
        self.start_shares = self.shares["morale"].copy()
        sources = force_sources(model.levers, decision, model.level, model._lever_effects)
        self.sources = {self.cause(s.cause): s.channel for s in sources}
        self.felt = {s.felt: self.cause(s.cause) for s in sources}
        fit = CHANNELS.index("fit")
        positive = {c: float(v[fit]) for c, v in self.sources.items() if v[fit] > 0.0}
        total = sum(positive.values())
        self.fit_causes = [(c, v / total) for c, v in positive.items()] if total else []

    def end_quarter(self, quarter: int, ids: np.ndarray, morale: np.ndarray) -> None:
        self.explainer.end_quarter(quarter, ids, morale)
        self.coached_by[:] = -1          # the model ends one-to-one coaching with the quarter

    def explain(self, quarter: int, worker: int | None = None) -> Explanation:
        """Morale's change in a finished quarter by cause, with each cause's routes."""
        e = self.explainer.explain(quarter, worker)
        labels = dict(e.contributions)
        composition = labels.pop(COMPOSITION, 0.0)
        if worker is None and composition:
            charged = self.explainer.composition.get(quarter, np.zeros(0))
            for c, value in enumerate(charged.tolist()):
                if value != 0.0:
                    labels[f"{self.causes[c]}{SEP}{COMPOSITION}"] = value
            rest = composition - float(charged.sum())
            if rest:
                key = f"{DRIFT}{SEP}{COMPOSITION}"
                labels[key] = labels.get(key, 0.0) + rest
        contributions: dict[str, float] = {}
        details: dict[str, dict[str, float]] = {}
        for label, value in labels.items():
            cause, _, route = label.partition(SEP)
            contributions[cause] = contributions.get(cause, 0.0) + value
            if route:
                routes = details.setdefault(cause, {})
                routes[route] = routes.get(route, 0.0) + value
        contributions = {c: v for c, v in contributions.items() if v != 0.0}
        return Explanation(e.quarter, e.worker, e.start, e.end, contributions, details)

    # ----- who is in the team -------------------------------------------------------------
    def _quit_causes(self, model: OrgModel, rows: np.ndarray) -> np.ndarray:
        """(causes x leavers) weights summing to 1 per leaver: each cause's positive part of the
        leaver's quit hazard (leave-one-out), the hazard at rest to `LEAVING`."""
        wf = model.workforce
        blank = np.zeros(len(rows))

        def hazard(arrays: dict[str, np.ndarray]) -> np.ndarray:
            return dyn.quit_hazard(ShadowTeam(arrays, blank, blank))

        now = {x: wf.arrays[x][rows] for x in CARRIED}
        h = hazard(now)
        weights = np.zeros((len(self.causes), len(rows)))
        for c in range(len(self.causes)):
            if any(self.shares[x][c, rows].any() for x in CARRIED):
                less = {x: v - self.shares[x][c, rows] for x, v in now.items()}
                weights[c] = np.maximum(h - hazard(less), 0.0)
        weights[self._index[LEAVING]] += hazard({x: self.ref[x][rows] for x in CARRIED})
        return weights / weights.sum(axis=0)

    def left(self, model: OrgModel, plan: Compaction, voluntary: bool) -> None:
        """Workers about to be removed: their places become vacancies split over the causes
        that made them leave (or letting them go); then compact every per-worker array as the
        workforce does."""
        wf = model.workforce
        rows = plan.leaving
        if voluntary:
            weights = self._quit_causes(model, rows)
        else:
            let_go = self.cause(model.levers.let_go.title)
            weights = np.zeros((len(self.causes), len(rows)))
            weights[let_go] = 1.0
        self.vacancies.left(weights, plan, voluntary)
        start, shares = self.explainer.start, self.start_shares
        stay = len(start) - len(rows)
        if stay:
            self._charge_steps((start.mean() - start[rows]) / stay, weights,
                               (shares.mean(axis=1)[:, None] - shares[:, rows]) / stay)
        self.start_shares = plan.apply(self.start_shares)
        self.explainer.left(plan, wf.ids, wf.arrays["morale"])
        self.shares = {x: plan.apply(a) for x, a in self.shares.items()}
        self.ref = {x: plan.apply(a) for x, a in self.ref.items()}
        self.fit_shares = plan.apply(self.fit_shares)
        self.fit_ref = plan.apply(self.fit_ref)
        self.coached_by = plan.apply(self.coached_by)

    def joined(self, model: OrgModel, rows: np.ndarray, coordination_before: float) -> None:
        """Newcomers: their reference is the team's mean reference; the part of their start
        that is the team's climate (`workforce.SOCIALISATION` of the team's mean morale and
        trust: the rest of those, and every other state, is the newcomer's own) carries that
        much of the team's mean shares; the rest (their own start) and the onboarding dip in
        coordination are `JOINING`'s. Their arrival's step in the team's mean goes to the causes
        of the place they fill (`CausalExplainer`)."""
        wf = model.workforce
        old = int(rows[0]) if len(rows) else len(wf)
        join = self.cause(JOINING)
        for x in CARRIED:
            shares, ref = self.shares[x], self.ref[x]
            ref_new = float(ref[:old].mean()) if old else self.ref_mean[x]
            climate = SOCIALISATION if x in SOCIALISED else 0.0
            mean = (climate * shares[:, :old].mean(axis=1) if old and climate
                    else np.zeros(len(self.causes)))
            block = np.repeat(mean[:, None], len(rows), axis=1)
            block[join] += wf.arrays[x][rows] - ref_new - block.sum(axis=0)
            self.shares[x] = np.hstack([shares, block])
            if x == "morale":
                arriving = block
            self.ref[x] = np.concatenate([ref, np.full(len(rows), ref_new)])
        self.fit_shares = np.hstack([self.fit_shares, np.zeros((len(self.causes), len(rows)))])
        self.fit_ref = np.concatenate([self.fit_ref, wf.fit()[rows]])
        self.coached_by = np.concatenate([self.coached_by, np.full(len(rows), -1)])
        self.vacancies.joined(len(rows))
        self.team["coordination"][join] += model.stocks.coordination - coordination_before
        places = self.vacancies.replacing[:, old:].copy()
        places[join] += 1.0 - places.sum(axis=0)      # a place nobody left: the newcomer's own
        start, shares, morale = self.explainer.start, self.start_shares, wf.arrays["morale"][rows]
        if len(start):
            size = len(start) + len(rows)
            self._charge_steps((morale - start.mean()) / size, places,
                               (arriving - shares.mean(axis=1)[:, None]) / size)
        self.start_shares = np.hstack([shares, arriving])
        self.explainer.joined(morale)

    def _charge_steps(self, steps: np.ndarray, why: np.ndarray, how: np.ndarray) -> None:
        """Split people's steps in the team's mean (one per person) over the causes: half by
        why they left or came (`why`: causes x people, columns summing to 1), half by how far
        their start stood from the team's (`how`: causes x people, their share minus the
        team's mean share, over the team size; what the shares leave is how far their own
        resting value stood from the team's, fixed by who the level's team was: the
        inheritance's). The Shapley split of a product of two sums, so the parts add up to the
        steps exactly (`CausalExplainer`)."""
        how = how.copy()
        how[self._index[INHERITED]] += steps - how.sum(axis=0)
        # Not `why @ steps`: a BLAS product adds in an order that depends on the CPU.
        self.explainer.charge(0.5 * ((why * steps).sum(axis=1) + how.sum(axis=1)))

    # ----- one-off pushes (events, answers, one-to-ones, letting go) ----------------------
    def before_once(self, model: OrgModel, rows: np.ndarray) -> dict[str, object]:
        wf = model.workforce
        snap: dict[str, object] = {x: wf.arrays[x][rows].copy() for x in CARRIED}
        snap.update({s: getattr(model.stocks, s) for s in TEAM})
        snap["kind"] = wf.kind[rows].copy()
        return snap

    def after_once(self, model: OrgModel, rows: np.ndarray, parts: dict[str, dict[str, float]],
                   before: dict[str, object], label: str) -> None:
        """Give each part (cause -> its effects) its share of what the push changed: each
        state's change is split in proportion to the parts' signed sizes, which is exact
        because the push is their sum."""
        wf = model.workforce
        keys = {k for effects in parts.values() for k in effects}
        causes = {name: self.cause(name) for name in parts}
        for key in keys:
            sizes = [(causes[name], e[key]) for name, e in parts.items() if key in e]
            total = sum(size for _, size in sizes)
            if key == "morale" and total != 0.0:
                m0 = before["morale"]
                shock = total * (1.0 - m0) if total > 0 else total * m0
                bounds = wf.arrays["morale"][rows] - (m0 + shock)
                block = np.zeros((len(self.causes), len(wf)))
                for c, size in sizes:
                    block[c, rows] += shock * (size / total)
                block[self._index[BOUNDS], rows] += bounds
                self.shares["morale"] += block
                used = [c for c in range(len(self.causes)) if block[c].any()]
                labels = [f"{self.causes[c]}{SEP}{label}" if c != self._index[BOUNDS]
                          else f"{BOUNDS}{SEP}{BOUNDS}" for c in used]
                if used:
                    self.explainer.add(self.explainer.sources(labels), block[used])
            elif key in PERSON and key != "morale" and total != 0.0:
                change = wf.arrays[key][rows] - before[key]
                for c, size in sizes:
                    self.shares[key][c, rows] += change * (size / total)
            elif key in TEAM and total != 0.0:
                change = getattr(model.stocks, key) - before[key]
                for c, size in sizes:
                    self.team[key][c] += change * (size / total)
            elif key == "coached":
                self.coached_by[rows] = sizes[0][0]
            elif key == "reassign":
                moved = rows[wf.kind[rows] != before["kind"]]
                if len(moved):
                    self.fit_shares[:, moved] = 0.0
                    self.fit_shares[sizes[0][0], moved] = wf.fit()[moved] - self.fit_ref[moved]

    # ----- the week -----------------------------------------------------------------------
    def before_week(self, model: OrgModel) -> None:
        """Keep the week's inputs: the states, stocks, assignments and events' extra work."""
        wf = model.workforce
        demand: dict[int, float] = {}
        total = 0.0
        for effect in model._active:
            if effect.key == "demand":
                total += effect.size
                for name, size in effect.parts:
                    c = self.cause(name)
                    demand[c] = demand.get(c, 0.0) + size
        self.vacancies.begin_week(model._recent_quits)
        self._before = _Before({x: wf.arrays[x].copy() for x in CARRIED},
                               dataclasses.replace(model.stocks), wf.kind.copy(), wf.load.copy(),
                               wf.coached.copy(), demand, total)

    def _refit(self, model: OrgModel, before: _Before) -> None:
        """Work that changed this week: by chance (drift) or moved to strengths by the boss
        (the causes pushing the fit channel, by their share of it). The person's whole fit
        deviation now belongs to what moved them."""
        wf = model.workforce
        moved = np.flatnonzero(wf.kind != before.kind)
        if not len(moved):
            return
        chance = model.luck.uniform("drift", wf.ids[moved], model.weeks_played) < dyn.DRIFT
        deviation = wf.fit()[moved] - self.fit_ref[moved]
        self.fit_shares[:, moved] = 0.0
        drift = self._index[DRIFT]
        if not self.fit_causes:
            chance[:] = True
        self.fit_shares[drift, moved[chance]] = deviation[chance]
        for c, share in self.fit_causes:
            self.fit_shares[c, moved[~chance]] = deviation[~chance] * share

    def after_week(self, model: OrgModel, ctx: dyn.WeekContext, ramp: np.ndarray,
                   labels: list[str], rows: np.ndarray) -> None:
        """Carry every share through the week just played and split its morale rows."""
        wf, f, b = model.workforce, model.forces, self._before
        n = len(wf)
        self._before = None
        if b is None or not n:
            return
        self._refit(model, b)
        fit = wf.fit()
        k = len(self.causes)
        shock = self.vacancies.shock
        vacant = self.vacancies.vacant(ramp)
        capacity = max(float(ramp.sum()), 1e-9)

        def exo(extra: float) -> Exogenous:
            """The week's givens with `extra` people's worth of capacity back (vacancies
            filled): the same strain as a target team that much smaller."""
            size = model.level.team_size * (capacity / (capacity + extra) if extra else 1.0)
            return Exogenous(b.load, ramp, size, model.level.knowledge_share,
                             bool(ctx.quit_shock))

        def shocked(base: dyn.WeekContext, less: float) -> dyn.WeekContext:
            return base if not less else dataclasses.replace(
                base, quit_shock=max(base.quit_shock - less, 0.0))

        drift = self._index[DRIFT]
        active = self.fit_shares.any(axis=1)
        for x in CARRIED:
            active |= self.shares[x].any(axis=1)
        for s in STOCKS:
            active |= self.team[s] != 0.0
        active[list(self.sources)] = True
        active[list(b.demand)] = True
        active[self.coached_by[self.coached_by >= 0]] = True
        active |= (shock > 0.0) | (vacant > 0.0)
        active[drift] = True
        causes = np.flatnonzero(active)

        # Everything at rest, no pushes: what the world does by itself this week.
        rest_stocks = b.stocks.copy(**self.team_ref)
        rest_ctx = dataclasses.replace(ctx, extra_demand=max(
            b.demand_total - sum(b.demand.values()), -b.stocks.demand))
        rest = shadow_week(self.ref, rest_stocks, self.fit_ref, np.where(
            self.coached_by >= 0, 0.0, b.coached), plain_forces(np.zeros_like(f.channel)),
            shocked(rest_ctx, float(shock.sum())), exo(float(vacant.sum())))
        plain = plain_forces(f.channel)
        # Every replay's inputs at once, one row per cause (the same sums as cause by cause).
        without = {x: b.arrays[x] - self.shares[x][causes] for x in CARRIED}
        fits = fit - self.fit_shares[causes]
        coached = np.where(self.coached_by == causes[:, None], 0.0, b.coached)
        loo = []
        for i, c in enumerate(causes.tolist()):
            arrays = {x: without[x][i] for x in CARRIED}
            stocks = b.stocks.copy(**{s: getattr(b.stocks, s) - float(self.team[s][c])
                                      for s in STOCKS})
            forces = plain_forces(f.channel - self.sources[c]) if c in self.sources else plain
            week_ctx = ctx if c not in b.demand else dataclasses.replace(ctx, extra_demand=max(
                b.demand_total - b.demand[c], -b.stocks.demand))
            loo.append(shadow_week(arrays, stocks, fits[i], coached[i], forces,
                                   shocked(week_ctx, float(shock[c])), exo(float(vacant[c]))))

        for x in MOVED:
            now = wf.arrays[x]
            new = np.zeros((k, n))
            new[causes] = now - np.stack([r.arrays[x] for r in loo])
            new[drift] += rest.arrays[x] - self.ref[x]
            split_remainder(new, self.shares[x], now - self.ref[x], drift)
            self.shares[x] = new
        for s in STOCKS:
            now = getattr(model.stocks, s)
            new = np.zeros((k, 1))
            new[causes, 0] = now - np.array([getattr(r.stocks, s) for r in loo])
            new[drift, 0] += getattr(rest.stocks, s) - self.team_ref[s]
            split_remainder(new, self.team[s][:, None], np.array([now - self.team_ref[s]]),
                            drift)
            self.team[s] = new[:, 0]
        self._split_morale(model, b.arrays["morale"], labels, rows, causes, loo, rest.rows)

    def _split_morale(self, model: OrgModel, before: np.ndarray, labels: list[str],
                      rows: np.ndarray, causes: np.ndarray, loo: list,
                      rest_rows: np.ndarray) -> None:
        """Split each morale row of the week by cause and add them to the explainer."""
        wf, f = model.workforce, model.forces
        n, k = len(wf), len(self.causes)
        n_mech, n_felt = len(dyn.MORALE_MECHANISMS), len(f.morale_sources)
        plain_index = [*range(n_mech), *range(n_mech + n_felt, rows.shape[0])]
        real = rows[plain_index]
        parts = np.zeros((k, *real.shape))
        parts[causes] = real[None] - np.stack([r.rows for r in loo])
        drift = self._index[DRIFT]
        parts[drift] += rest_rows
        flat = parts.reshape(k, -1)
        split_remainder(flat, np.zeros_like(flat), real.reshape(-1), drift)
        felt = np.zeros((k, n))
        for j, label in enumerate(f.morale_sources):
            felt[self.felt[label]] += rows[n_mech + j]
        bounds = np.zeros((k, n))
        bounds[self._index[BOUNDS]] = wf.arrays["morale"] - (before + rows.sum(axis=0))
        self.shares["morale"] += parts.sum(axis=1) + felt + bounds

        routes = [state_row_name(labels[i]) for i in plain_index]
        used = [c for c in range(k) if parts[c].any()]
        labels = [f"{self.causes[c]}{SEP}{route}" for c in used for route in routes]
        block = [parts[used].reshape(-1, n)]
        felt_used = [c for c in range(k) if felt[c].any()]
        labels += [f"{self.causes[c]}{SEP}{FELT}" for c in felt_used]
        block.append(felt[felt_used])
        if bounds.any():
            labels.append(f"{BOUNDS}{SEP}{BOUNDS}")
            block.append(bounds[[self._index[BOUNDS]]])
        if labels:
            self.explainer.add(self.explainer.sources(labels), np.vstack(block))

    # ----- checks -------------------------------------------------------------------------
    def gaps(self, model: OrgModel) -> dict[str, float]:
        """Largest gap, per carried state, between the shares' sum and the state's deviation
        from its reference (for tests: zero up to float rounding)."""
        a = model.workforce.arrays
        out = {x: float(np.abs(self.shares[x].sum(axis=0) - (a[x] - self.ref[x])).max(
            initial=0.0)) for x in CARRIED}
        out.update({s: abs(float(self.team[s].sum()) - (getattr(model.stocks, s)
                                                         - self.team_ref[s])) for s in STOCKS})
        out["fit"] = float(np.abs(self.fit_shares.sum(axis=0) - (model.workforce.fit()
                                                                 - self.fit_ref)).max(initial=0))
        return out
