"""The plan the player is putting together for a quarter, before it becomes a sim.Decision.

Why separate from the scene: the rules (budget, steps, which actions the level allows, no
one-to-one with someone being let go) are testable without a window, and the draft survives
the scene being rebuilt when the window or text size changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sim

STEP = 0.5
TRAINING_STEPS = (0.0, 0.25, 0.5, 0.75, 1.0)
BONUS_POLICIES = ("none", "team", "individual")
EPS = 1e-9


@dataclass
class PlanDraft:
    """Attention points per lever plus the level's discrete actions."""

    level: sim.Level
    attention: dict[str, float] = field(default_factory=dict)
    hire: int = 0
    let_go: set[int] = field(default_factory=set)
    training: float = 0.0
    bonus: str = "none"
    one_to_one: dict[int, str] = field(default_factory=dict)   # worker id -> action

    @property
    def budget(self) -> float:
        return float(self.level.attention_budget)

    @property
    def one_cost(self) -> float:
        return float(self.level.actions.one_to_one_cost)

    def spent(self) -> float:
        return sum(self.attention.values()) + self.one_cost * len(self.one_to_one)

    def remaining(self) -> float:
        return max(0.0, self.budget - self.spent())

    def points(self, lever: str) -> float:
        return self.attention.get(lever, 0.0)

    def can_add(self, amount: float = STEP) -> bool:
        return self.spent() + amount <= self.budget + EPS

    def add(self, lever: str, amount: float = STEP) -> bool:
        """Put `amount` more points on a lever if the budget allows."""
        if not self.can_add(amount):
            return False
        self.attention[lever] = self.points(lever) + amount
        return True

    def remove(self, lever: str, amount: float = STEP) -> bool:
        """Take up to `amount` points back from a lever."""
        have = self.points(lever)
        if have <= EPS:
            return False
        left = max(0.0, have - amount)
        if left <= EPS:
            self.attention.pop(lever, None)
        else:
            self.attention[lever] = left
        return True

    def side_points(self, side: str) -> float:
        table = sim.lever_table()
        return sum(p for k, p in self.attention.items() if table[k].side == side)

    # ----- discrete actions ---------------------------------------------------------------
    def change_hire(self, step: int) -> bool:
        acts = self.level.actions
        new = self.hire + step
        if not acts.hire or not 0 <= new <= acts.max_hires:
            return False
        self.hire = new
        return True

    def change_training(self, step: int) -> bool:
        if not self.level.actions.training:
            return False
        i = TRAINING_STEPS.index(min(TRAINING_STEPS, key=lambda t: abs(t - self.training)))
        j = i + step
        if not 0 <= j < len(TRAINING_STEPS):
            return False
        self.training = TRAINING_STEPS[j]
        return True

    def cycle_bonus(self) -> bool:
        if not self.level.actions.bonus:
            return False
        self.bonus = BONUS_POLICIES[(BONUS_POLICIES.index(self.bonus) + 1) % len(BONUS_POLICIES)]
        return True

    def toggle_one_to_one(self, worker: int, action: str) -> bool:
        """Plan (or cancel) a one-to-one; one action per person, none with a leaver."""
        if not self.level.actions.one_to_one or worker in self.let_go:
            return False
        if self.one_to_one.get(worker) == action:
            del self.one_to_one[worker]
            return True
        if worker not in self.one_to_one and not self.can_add(self.one_cost):
            return False
        self.one_to_one[worker] = action
        return True

    def toggle_let_go(self, worker: int) -> bool:
        if not self.level.actions.let_go:
            return False
        if worker in self.let_go:
            self.let_go.discard(worker)
        else:
            self.let_go.add(worker)
            self.one_to_one.pop(worker, None)
        return True

    def forget_missing(self, present: set[int]) -> None:
        """Drop actions on people who are no longer in the team."""
        self.let_go &= present
        self.one_to_one = {w: a for w, a in self.one_to_one.items() if w in present}

    def clear_attention(self) -> None:
        self.attention.clear()

    # ----- to and from decisions ----------------------------------------------------------
    def to_decision(self) -> sim.Decision:
        return sim.Decision(
            attention={k: v for k, v in self.attention.items() if v > EPS},
            hire=self.hire, let_go=tuple(sorted(self.let_go)), training=self.training,
            bonus=self.bonus,
            one_to_one=tuple(sim.OneToOne(a, w) for w, a in sorted(self.one_to_one.items())),
        )

    @classmethod
    def from_decision(cls, level: sim.Level, decision: sim.Decision) -> PlanDraft:
        """A draft showing a decision (the demo's scripted boss, or 'repeat last quarter')."""
        return cls(
            level=level, attention={k: v for k, v in decision.attention.items() if v > EPS},
            hire=decision.hire, let_go=set(decision.let_go), training=decision.training,
            bonus=decision.bonus, one_to_one={o.worker: o.action for o in decision.one_to_one},
        )
