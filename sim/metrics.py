"""The per-quarter table: one tidy row per quarter, the columns analysts and the game rely on."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.kernels import KERNELS
from sim.workforce import STATE

if TYPE_CHECKING:
    from sim.model import OrgModel

#: The contract columns first (DESIGN.md section 4), then the model's other team measures.
COLUMNS: tuple[str, ...] = (
    "level", "strategy", "seed", "quarter", "output", "output_cum", "morale", "trust", "skill",
    "exhaustion", "headcount", "hires", "quits", "cost", "budget_left", "demand", "backlog",
    "morale_stayers", "let_go", "intrinsic", "extrinsic", "autonomy", "competence",
    "relatedness", "fit", "safety", "process", "coordination", "innovation", "knowledge_share",
    "attention_spent", "leadership_share", "neglect",
)
#: What each column means, for tooltips, plots and --help.
DESCRIPTIONS: dict[str, str] = {
    "output": "value delivered this quarter, in the level's units",
    "output_cum": "value delivered since the start of the level",
    "morale": "team mean morale (engagement), 0-1, at the end of the quarter",
    "trust": "team mean trust in the boss, 0-1",
    "skill": "team mean skill, 0-1",
    "exhaustion": "team mean exhaustion, 0-1",
    "headcount": "people in the team at the end of the quarter",
    "hires": "people who joined this quarter (hires and replacements)",
    "quits": "people who resigned this quarter",
    "let_go": "people the boss let go this quarter",
    "cost": "salaries, overheads, bonuses, training, recruiting and leavers, in thousands",
    "intrinsic": "team mean intrinsic motivation, 0-1",
    "extrinsic": "team mean extrinsic motivation, 0-1",
    "autonomy": "team mean autonomy need satisfied, 0-1",
    "competence": "team mean competence need satisfied, 0-1",
    "relatedness": "team mean relatedness need satisfied, 0-1",
    "fit": "mean fit of people's work to their strengths, 0-1",
    "safety": "psychological safety of the team, 0-1",
    "process": "process capability (standard work), 0-1",
    "coordination": "coordination and role clarity, 0-1",
    "innovation": "stock of ideas put to work, 0-1",
    "backlog": "work waiting, in weeks of the level's nominal team's capacity",
    "budget_left": "the level's budget less all costs so far, in thousands",
    "demand": "work arriving each week, as a share of the level's nominal team's capacity",
    "morale_stayers": "mean morale of the people present since the level began (0 if none "
                      "is left): the team's mood without the joiners",
    "knowledge_share": "share of value from knowledge work (0 routine, 1 pure knowledge work)",
    "attention_spent": "attention points spent this quarter",
    "leadership_share": "share of lever attention spent on leadership levers",
    "neglect": "share of the attention budget left unspent",
}


def team_means(model: OrgModel) -> dict[str, float]:
    """Current team means of the worker state, and the team stocks."""
    wf = model.workforce
    n = len(wf)
    if n:
        means = dict(zip((*STATE, "fit"), (total / n for total in wf.table_sums()),
                         strict=True))
    else:
        means = dict.fromkeys((*STATE, "fit"), 0.0)
    stocks = model.stocks
    means.update(safety=stocks.safety, process=stocks.process,
                 coordination=stocks.coordination, innovation=stocks.innovation,
                 backlog=stocks.backlog)
    return means


def stayers_morale(model: OrgModel) -> float:
    """Mean morale of those present since the level began (0.0 once none of them is left).
    Ids are handed out in order and never again, so they are the ids up to the last of the
    first team's (`OrgModel.stayers`): one comparison a person, in one compiled call
    (`kernels.stayers_mean`: numpy's mean of the masked morale, to the bit), where a look-up
    per person was a fortieth of a small team's run."""
    wf = model.workforce
    return KERNELS["stayers_mean"](wf.ids, wf.arrays["morale"], model.last_stayer)


def quarter_row(model: OrgModel) -> dict[str, object]:
    """The row for the quarter that just ended."""
    means = team_means(model)
    acc = model.quarter_totals
    decision = model.decision
    budget = model.level.attention_budget
    spent = decision.spent(model.level.actions.one_to_one_cost)
    row: dict[str, object] = {
        "level": model.level.name, "strategy": model.strategy_name, "seed": model.seed,
        "quarter": model.quarter, "output": acc["output"], "output_cum": model.output_cum,
        "headcount": len(model.workforce), "hires": acc["hires"], "quits": acc["quits"],
        "cost": acc["cost"], "let_go": acc["let_go"], "budget_left": model.budget_left,
        "demand": model.stocks.demand,
        "morale_stayers": stayers_morale(model),
        "knowledge_share": model.level.knowledge_share, "attention_spent": spent,
        "leadership_share": decision.leadership_share(),
        "neglect": max(0.0, 1.0 - spent / budget) if budget > 0 else 0.0,
    }
    for column in COLUMNS:
        if column not in row:
            row[column] = means[column]
    return {column: row[column] for column in COLUMNS}


#: Columns of whole numbers (the others are floats, or text for level and strategy).
WHOLE: tuple[str, ...] = ("quarter", "headcount", "hires", "quits", "let_go")


def to_columns(rows: list[dict[str, object]]) -> dict[str, list[object]]:
    """Rows to the table's columns, each a list by quarter (what `to_frame` puts in a DataFrame;
    enough for scoring, which needs no DataFrame)."""
    return {column: [row[column] for row in rows] for column in COLUMNS}


def to_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    """Rows to a DataFrame with the contract's column order and types.

    Built column by column: pandas infers the same types from a column's list as from the
    rows, in a third of the time (a level's table was a tenth of a 12-person level's run); a
    column of floats is handed over as the float64 array pandas would infer, which it takes
    without inferring again."""
    if not rows:     # no values to infer a type from: the columns of an empty table
        frame = pd.DataFrame(rows, columns=list(COLUMNS))
        for column in WHOLE:
            frame[column] = frame[column].astype(np.int64)
        return frame
    data: dict[str, object] = dict(to_columns(rows))
    for column, values in data.items():
        if column in WHOLE:
            data[column] = np.array(values, dtype=np.int64)
        elif all(type(v) is float for v in values):
            data[column] = np.array(values, dtype=np.float64)
    return pd.DataFrame(data)
