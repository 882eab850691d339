"""What a validation check is and how it judges: settings, result objects, comparison rules.

Why apart: the six claims (sim.analysis.claims) and the virtual meta-analysis
(sim.analysis.meta_analysis) report in the same terms and judge bosses by the same rule, so the
rule lives once, here, and is printed with the results.

Rule: a paired comparison of two bosses holds if the claimed one is better on the mean over
seeds and in at least `WIN_SHARE` of the seeds (same seed, same team; a tie counts half).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.choices import SEED_BLOCKS

WIN_SHARE = 0.75          # share of seeds in which the claimed boss must do better

#: Seeds a block may use at most, so the blocks (`SEED_BLOCKS`, sim/choices.py) never overlap.
MAX_BLOCK_SEEDS = 8000


@dataclass(frozen=True)
class Settings:
    """How much to run: seeds per comparison and team sizes (claims), teams in the field-like
    meta-analysis, seeds per level in the virtual experiments, and the block of seeds."""

    seeds: int = 8
    team_sizes: tuple[int, ...] = (8, 30, 200)
    meta_teams: int = 360
    meta_seed: int = 2004
    experiment_seeds: int = 8
    seed_block: str = "held-out"

    def __post_init__(self) -> None:
        if self.seed_block not in SEED_BLOCKS:
            raise ValueError(f"seed_block must be one of {', '.join(SEED_BLOCKS)}, "
                             f"got {self.seed_block!r}")
        if max(self.meta_teams, self.experiment_seeds) > MAX_BLOCK_SEEDS:
            raise ValueError(f"at most {MAX_BLOCK_SEEDS} teams or seeds per level, so the seed "
                             "blocks stay apart")

    @property
    def first_seed(self) -> int:
        """The first seed of this run's block."""
        return SEED_BLOCKS[self.seed_block]

    @property
    def sampler_seed(self) -> list[int]:
        """The seed of the field sampler's own generator (differs between blocks)."""
        return [self.meta_seed, self.first_seed]


#: The full run, the entry points' default (a shared instance: Settings is frozen).
DEFAULT = Settings()
#: A small version for tests and a first look (seconds, not a minute).
QUICK = Settings(seeds=2, team_sizes=(12,), meta_teams=72, experiment_seeds=2)


@dataclass(frozen=True)
class Comparison:
    """One measured comparison inside a check: where, a readable summary, figures, verdict."""

    label: str
    text: str
    figures: dict[str, float]
    holds: bool
    #: Set where the comparison is against a published figure (meta-analysis, experiments):
    model: float | None = None
    published: float | str | None = None
    band: tuple[float, float] | str | None = None
    source: str | None = None


@dataclass(frozen=True)
class CheckResult:
    """One check: its name, the claim in DESIGN.md's words, the rule, and what was measured."""

    name: str
    claim: str
    rule: str
    comparisons: tuple[Comparison, ...]

    @property
    def holds(self) -> bool:
        """True if every comparison holds (and there is at least one)."""
        return bool(self.comparisons) and all(c.holds for c in self.comparisons)

    @property
    def figures(self) -> dict[str, float]:
        """Every measured figure, keyed 'comparison label: figure'."""
        return {f"{c.label}: {k}": v for c in self.comparisons for k, v in c.figures.items()}


# ----- comparison rules -------------------------------------------------------------------------

def _fmt(x: float) -> str:
    return f"{x:.3f}" if abs(x) <= 1.0 else f"{x:.1f}"


def _wins(better: np.ndarray) -> float:
    """Seeds won, a tie counting half: `better` is the claimed advantage per seed."""
    return float((better > 0).sum() + 0.5 * (better == 0).sum())


def paired(label: str, what: str, a_name: str, a: np.ndarray, b_name: str, b: np.ndarray,
           higher: bool = True) -> Comparison:
    """The claim 'a beats b on `what`' (higher, or lower if not `higher`), seed by seed."""
    better = (a - b) if higher else (b - a)
    wins = _wins(better)
    holds = bool(better.mean() > 0 and wins >= WIN_SHARE * len(better))
    change = f" ({(a.mean() / b.mean() - 1):+.0%})" if b.mean() > 0 else ""
    text = (f"{label}: {what}: {a_name} {_fmt(a.mean())} vs {b_name} {_fmt(b.mean())}{change}, "
            f"{'better' if higher else 'lower'} in {wins:g}/{len(better)} seeds")
    return Comparison(f"{label}, {what}", text,
                      {a_name: float(a.mean()), b_name: float(b.mean()),
                       "seed share": wins / len(better)}, holds)


def worst(label: str, what: str, neglect: np.ndarray, others: dict[str, np.ndarray]) -> Comparison:
    """The claim that neglect is below every other boss on `what`, seed by seed."""
    rest = np.min(np.array(list(others.values())), axis=0)
    means = {name: float(v.mean()) for name, v in others.items()}
    nearest = min(means, key=means.__getitem__)
    wins = _wins(rest - neglect)
    holds = bool(neglect.mean() < means[nearest] and wins >= WIN_SHARE * len(neglect))
    text = (f"{label}: {what}: neglect {_fmt(neglect.mean())} vs lowest other "
            f"{_fmt(means[nearest])} "
            f"({nearest}), worst in {wins:g}/{len(neglect)} seeds")
    return Comparison(f"{label}, {what}", text,
                      {"neglect": float(neglect.mean()), **means,
                       "seed share": wins / len(neglect)}, holds)
