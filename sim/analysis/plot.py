"""`sim.plot`: figures of a run's or a sweep's table, written as PNG and SVG.

Why matplotlib's Figure without pyplot: no global state and no GUI backend, so plotting works the
same in a terminal, a worker process, a test and a notebook (Agg renders PNG, the SVG backend SVG).
Every figure says in words what its lines, bands and colours are, for a reader who has not seen
the code. matplotlib is imported on first use so that `import sim` stays fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.analysis.errors import PlotError, ResultsError
from sim.analysis.outcomes import outcome, require, run_outcomes
from sim.analysis.stats import t95
from sim.analysis.store import read_results
from sim.choices import PLOT_FORMATS as FORMATS
from sim.choices import PLOT_KINDS as KINDS
from sim.outputs import check_folder, exists, make_folder, write_atomic
from sim.safefile import quote, quote_path

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
           "#000000")
TRENDS = {"morale": "morale (team mean, 0-1)", "output": "output this quarter",
          "trust": "trust in the boss (team mean, 0-1)", "skill": "skill (team mean, 0-1)",
          "quits": "people who quit this quarter"}
BAND_NOTE = "Lines: mean over runs (seeds); bands: 95% confidence interval of that mean."


def _figure(width: float, height: float) -> Figure:
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise PlotError("plots need matplotlib (pip install 'orgsim[analysis]')") from None

    return Figure(figsize=(width, height), layout="constrained")


def _title(level: str) -> str:
    from sim.levels import load_level

    try:
        found = load_level(level)
        return f"{found.title} ({level}, {found.output_unit})"
    except Exception:  # a custom level file may be gone; the name will do
        return level


def band(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Per strategy and quarter: mean, 95% interval of the mean, and how many runs."""
    grouped = frame.groupby(["strategy", "quarter"], sort=True)[column]
    table = grouped.agg(["mean", "std", "count"]).reset_index()
    half = np.array([t95(n - 1) if n > 1 else np.nan for n in table["count"]]) \
        * table["std"].to_numpy() / np.sqrt(table["count"].to_numpy())
    table["low"] = table["mean"] - half
    table["high"] = table["mean"] + half
    return table


def _colours(strategies: Iterable[str]) -> dict[str, str]:
    return {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(sorted(strategies))}


def _lines(ax: Axes, frame: pd.DataFrame, column: str, colours: dict[str, str]) -> None:
    table = band(frame, column)
    for strategy, rows in table.groupby("strategy", sort=True):
        colour = colours[strategy]
        ax.plot(rows["quarter"], rows["mean"], color=colour, label=strategy, linewidth=1.8)
        ax.fill_between(rows["quarter"], rows["low"], rows["high"], color=colour, alpha=0.2,
                        linewidth=0)
    ax.set_xlabel("quarter")
    ax.grid(alpha=0.3)


def trends_figure(frame: pd.DataFrame, level: str | None = None) -> Figure:
    """Morale, output, trust, skill and quits over the quarters, one line per strategy."""
    require(frame, ["strategy", "quarter", *TRENDS], "the trends plot")
    if level is not None:
        frame = frame[frame["level"] == level]
    level = level or (str(frame["level"].iloc[0]) if "level" in frame.columns else "")
    fig = _figure(13, 7.5)
    axes = fig.subplots(2, 3).ravel()
    colours = _colours(frame["strategy"].unique())
    for ax, (column, label) in zip(axes, TRENDS.items(), strict=False):
        _lines(ax, frame, column, colours)
        ax.set_ylabel(label)
        ax.set_title(label.split(" (")[0].capitalize())
    key = axes[-1]
    key.axis("off")
    handles, labels = axes[0].get_legend_handles_labels()
    key.legend(handles, labels, title="boss's strategy", loc="upper left", frameon=False)
    runs = frame.groupby("strategy").size() // max(1, frame["quarter"].nunique())
    counts = f"{int(runs.min())}" if runs.min() == runs.max() \
        else f"{int(runs.min())} to {int(runs.max())}"
    note = ("Lines: mean over runs (seeds).\nBands: 95% confidence interval of that mean.\n"
            f"Runs per strategy: {counts}." if runs.max() > 1
            else "One run per strategy: no confidence bands.")
    key.text(0.0, 0.05, note, transform=key.transAxes, fontsize=9, va="bottom")
    fig.suptitle(f"How the team changes over the quarters, by strategy - {_title(level)}")
    return fig


def cumulative_figure(frame: pd.DataFrame) -> Figure:
    """Cumulative output over the quarters, one panel per level, one line per strategy."""
    require(frame, ["strategy", "quarter", "output_cum"], "the cumulative output plot")
    levels = sorted(frame["level"].unique()) if "level" in frame.columns else [""]
    fig = _figure(5.5 * len(levels) + 1.5, 4.5)
    axes = np.atleast_1d(fig.subplots(1, len(levels), squeeze=False).ravel())
    colours = _colours(frame["strategy"].unique())
    for ax, level in zip(axes, levels, strict=True):
        rows = frame[frame["level"] == level] if level else frame
        _lines(ax, rows, "output_cum", colours)
        ax.set_title(_title(level) if level else "cumulative output")
        ax.set_ylabel("output so far (level's units)")
    axes[-1].legend(title="boss's strategy", loc="upper left", bbox_to_anchor=(1.02, 1.0),
                    frameon=False)
    fig.suptitle("Cumulative output by strategy and level")
    fig.supxlabel(BAND_NOTE, fontsize=9)
    return fig


def landscape_data(frame: pd.DataFrame, outcome_name: str = "output_cum") -> pd.DataFrame:
    """Mean outcome per level, knowledge_share and leadership share (rounded to 0.05).

    Only levels swept over two or more knowledge shares and leadership shares are kept.
    """
    spec = outcome(outcome_name)
    require(frame, ["level", "knowledge_share", "leadership_share", "attention_spent"],
            "the policy landscape")
    runs = run_outcomes(frame, [spec.name]).dropna(subset=["leadership_share"])
    runs["leadership"] = (runs["leadership_share"] * 20).round() / 20
    cells = runs.groupby(["level", "knowledge_share", "leadership"])[spec.name] \
        .agg(["mean", "count"]).reset_index()
    shape = cells.groupby("level")[["knowledge_share", "leadership"]].nunique()
    wide = shape[(shape["knowledge_share"] >= 2) & (shape["leadership"] >= 2)].index
    if not len(wide):
        raise PlotError(
            "the policy landscape needs runs at two or more knowledge shares and two or more "
            "leadership shares: sweep e.g. --strategy mix:0,mix:0.25,mix:0.5,mix:0.75,mix:1 "
            "--param knowledge_share=0:1:0.25"
        )
    return cells[cells["level"].isin(wide)].reset_index(drop=True)


def _cell_text(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def _heat(ax: Axes, grid: pd.DataFrame, better: str) -> object:
    image = ax.imshow(grid.to_numpy(), origin="lower", aspect="auto",
                      cmap="viridis" if better == "higher" else "viridis_r")
    ax.set_xticks(range(grid.shape[1]), [f"{v:.2f}" for v in grid.columns])
    ax.set_yticks(range(grid.shape[0]), [f"{v:.2f}" for v in grid.index])
    ax.set_xlabel("leadership share of attention\n(0 = all management, 1 = all leadership)")
    ax.set_ylabel("knowledge_share (0 = routine work, 1 = knowledge work)")
    values = grid.to_numpy()
    if values.size <= 150:
        low, high = np.nanmin(values), np.nanmax(values)
        for (i, j), value in np.ndenumerate(values):
            if np.isfinite(value):
                bright = (value - low) / ((high - low) or 1.0) > 0.6
                ax.text(j, i, _cell_text(value), ha="center", va="center", fontsize=8,
                        color="black" if bright == (better == "higher") else "white")
    return image


def landscape_figure(frame: pd.DataFrame, outcome_name: str = "output_cum") -> Figure:
    """Heat maps of an outcome against leadership share (x) and knowledge_share (y), per level."""
    spec = outcome(outcome_name)
    cells = landscape_data(frame, outcome_name)
    levels = sorted(cells["level"].unique())
    fig = _figure(6.5 * len(levels) + 0.5, 5.5)
    axes = fig.subplots(1, len(levels), squeeze=False).ravel()
    for ax, level in zip(axes, levels, strict=True):
        grid = cells[cells["level"] == level].pivot(index="knowledge_share",
                                                    columns="leadership", values="mean")
        image = _heat(ax, grid, spec.better)
        ax.set_title(_title(level), fontsize=10)
        bar = fig.colorbar(image, ax=ax)
        bar.set_label(f"{spec.label}\n(mean over runs; {spec.better} is better)")
    fig.suptitle(f"Policy landscape: {spec.label}, by leadership share and kind of work")
    fig.supxlabel("Each cell: mean over the runs (seeds) there. Runs that spent no attention "
                  "are left out.", fontsize=9)
    return fig


def _available(frame: pd.DataFrame, kind: str, outcome_name: str) -> bool:
    if kind != "landscape":
        return True
    try:
        landscape_data(frame, outcome_name)
    except (PlotError, ResultsError):
        return False
    return True


def _planned(frame: pd.DataFrame, kinds: list[str], outcome_name: str) -> list[tuple[str, str]]:
    """(file stem, kind[:level]) of every figure to draw, known before any is drawn."""
    planned = []
    for kind in kinds:
        if kind == "trends":
            levels = sorted(frame["level"].unique()) if "level" in frame.columns else [None]
            planned += [(f"trends-{lv}" if lv else "trends", f"trends:{lv or ''}")
                        for lv in levels]
        elif kind == "cumulative":
            planned.append(("cumulative", kind))
        else:
            planned.append((f"landscape-{outcome_name}", kind))
    return planned


def _draw(frame: pd.DataFrame, what: str, outcome_name: str) -> Figure:
    kind, _, level = what.partition(":")
    if kind == "trends":
        return trends_figure(frame, level or None)
    if kind == "cumulative":
        return cumulative_figure(frame)
    return landscape_figure(frame, outcome_name)


def plot(source: str | Path | pd.DataFrame, out_dir: str | Path = "plots",
         kinds: Iterable[str] | None = None, formats: Iterable[str] = FORMATS,
         outcome_name: str = "output_cum", overwrite: bool = False) -> list[Path]:
    """Write the figures for a run's or sweep's table; return the files written.

    kinds: any of trends (one figure per level), cumulative and landscape; by default every
    kind the data supports. formats: png and/or svg. `out_dir` is made if its parent folder
    exists; a figure file already there is refused unless `overwrite` (see sim.outputs).
    Nothing is written unless every figure can be drawn.
    """
    frame = source if isinstance(source, pd.DataFrame) else read_results(source)
    formats = tuple(formats)
    for fmt in formats:
        if fmt not in FORMATS:
            raise PlotError(f"unknown image format {quote(fmt)}; formats are "
                            f"{', '.join(FORMATS)}")
    outcome(outcome_name)
    if kinds is None:
        kinds = [k for k in KINDS if _available(frame, k, outcome_name)]
    kinds = list(kinds)
    for kind in kinds:
        if kind not in KINDS:
            raise PlotError(f"unknown plot kind {quote(kind)}; kinds are {', '.join(KINDS)}")
    planned = _planned(frame, kinds, outcome_name)
    out = Path(out_dir)
    if not exists(out):
        check_folder(out, "--out")          # made after drawing; its parent must take it
    elif not out.is_dir():
        raise PlotError(f"--out {quote_path(out)} is a file; figures go in a folder")
    elif not overwrite:
        for stem, _ in planned:
            for fmt in formats:
                target = out / f"{stem}.{fmt}"
                if exists(target):
                    raise PlotError(f"{quote_path(target)} already exists; pass --overwrite "
                                    "to replace it, or choose another --out")
    figures = [(stem, _draw(frame, what, outcome_name)) for stem, what in planned]
    make_folder(out, "--out", "figures folder")
    written = []
    for name, fig in figures:
        for fmt in formats:
            target = out / f"{name}.{fmt}"
            write_atomic(target, lambda tmp, fig=fig, fmt=fmt: fig.savefig(tmp, dpi=120,
                                                                           format=fmt),
                         "figure")
            written.append(target)
    return written
