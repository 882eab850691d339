"""The reference table: a fixed set of runs whose every figure a pure refactor must reproduce
bit for bit. Regenerate it (and say so in the commit) only when the model's results are meant to
change: `python tests/reference_runs.py --write`.

Why: "the same level, seed and decisions give identical results" must survive reorganising the
code; comparing exact decimal text of every float catches a changed order of arithmetic.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import sys
from pathlib import Path

import pandas as pd

import sim
from sim import Decision, OneToOne
from sim.levels import Actions

REFERENCE = Path(__file__).with_name("data") / "reference.csv"
STRATEGIES = ("leader", "manager", "balanced", "adaptive", "neglect", "random")
SEEDS = (101, 202)
#: A level offering every action, played by a log that uses every action and lever.
OPEN_LEVEL = dataclasses.replace(sim.load_level("startup"), attention_budget=10.0,
                                 actions=Actions(max_hires=3), quarters=6)
#: Actions naming people come in quarter 1, when everyone the level starts with is still there
#: (later, who is left depends on the model's numbers).
LOG = [
    Decision(attention={"vision": 3.0, "coach": 2.0, "plan": 2.0, "control": 1.0},
             one_to_one=(OneToOne("recognise", 2), OneToOne("reassign", 3),
                         OneToOne("coach", 5)), let_go=(4,)),
    Decision(attention={"deadlines": 4.0, "reward": 4.0}, bonus="individual", training=0.5),
    Decision(attention={"listen": 5.0, "strengths": 2.0}, bonus="team"),
    Decision(attention={"assign": 2.0, "coordinate": 2.0, "cost": 2.0}, hire=2),
    Decision(attention={"trust_autonomy": 3.0, "challenge": 3.0, "inspire": 2.0, "staffing": 1.0}),
    Decision(),
]


def _explained(model: sim.OrgModel) -> list[str]:
    """A digest of each quarter's team explanation (labels and exact values)."""
    digests = []
    for quarter in range(1, model.quarter + 1):
        # The rows as the dynamics name them: model.explain() shows the mechanism rows renamed
        # for what they are (issue 9), a change of words, not of figures.
        e = model.explainer.explain(quarter)
        text = repr(sorted(e.contributions.items())) + repr((e.start, e.end))
        digests.append(hashlib.sha256(text.encode()).hexdigest()[:16])
    return digests


def reference_table() -> pd.DataFrame:
    """Every reference run's per-quarter table, with a digest of its explanations."""
    frames = []
    runs: list[tuple[str, object, dict]] = [
        (level, strategy, {"seed": seed})
        for level in sim.level_names() for strategy in STRATEGIES for seed in SEEDS
    ]
    runs += [("open", None, {"seed": seed}) for seed in SEEDS]
    for level, strategy, kwargs in runs:
        if level == "open":
            model = sim.OrgModel(OPEN_LEVEL, decisions=LOG, **kwargs)
        else:
            model = sim.OrgModel(level, strategy=strategy, **kwargs)
        table = model.run()
        table["explained"] = _explained(model)
        frames.append(table)
    return pd.concat(frames, ignore_index=True)


def as_text(frame: pd.DataFrame) -> str:
    """The table as CSV with every float written exactly (17 significant digits)."""
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, float_format="%.17g", lineterminator="\n")
    return buffer.getvalue()


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/reference_runs.py --write")
    REFERENCE.parent.mkdir(exist_ok=True)
    REFERENCE.write_text(as_text(reference_table()), encoding="utf-8")
    print(f"wrote {REFERENCE}")
