"""The debrief report's charts, drawn with matplotlib and embedded in the page as inline SVG.

Why inline SVG: one self-contained file that stays sharp on a projector and on paper, with
text that is text (`svg.fonttype = none`: the browser draws it in its own sans-serif). Each
SVG is made fit to sit inside HTML: no XML header, doctype, metadata or namespace URLs (so the
page holds no address at all), its stylesheet dropped, its ids prefixed so that two charts
never share one, and it scales to the width of its box. The same data always gives the same
bytes (fixed hash salt, no date), so a report can be compared with the last one.

Colours: a team called after a colour is drawn in it (Red in red); other teams take the
Okabe-Ito colours that are left (distinguishable with the common colour-vision
deficiencies). The scripted bosses are grey, told apart by their dashes and named at their
line's end.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.analysis.plot import PALETTE
from sim.workshop.results import Shares

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from sim.workshop.luck import Outcome

FONT = 13
#: A team named after a colour gets it (lower case name -> colour).
NAMED = {"red": "#D55E00", "orange": "#E69F00", "yellow": "#D4B000", "gold": "#C9A000",
         "green": "#009E73", "teal": "#00897B", "blue": "#0072B2", "navy": "#1F3A93",
         "sky": "#56B4E9", "cyan": "#00A5C8", "purple": "#7B3FA0", "violet": "#8E5BC2",
         "pink": "#CC79A7", "magenta": "#B0308F", "brown": "#8C5A2B", "black": "#222222",
         "grey": "#6E6E6E", "gray": "#6E6E6E", "silver": "#8A8A8A", "white": "#9A9A9A"}
BOSS_STYLE = {"leader": ("#4D4D4D", (0, (6, 3))), "manager": ("#4D4D4D", (0, (1.5, 2))),
              "balanced": ("#8A8A8A", (0, (6, 2, 1.5, 2)))}
LEADERSHIP, MANAGEMENT, UNSPENT = "#0072B2", "#E69F00", "#D9D9D9"
STAR_COLOURS = ("#E8E8E8", "#F6D7A7", "#E9A23B", "#B36B00")


def _horizontal() -> dict[str, object]:
    """A horizontal box plot's keyword: `orientation` from matplotlib 3.10, `vert` before."""
    import matplotlib

    major, minor = (int(p) for p in matplotlib.__version__.split(".")[:2])
    return {"orientation": "horizontal"} if (major, minor) >= (3, 10) else {"vert": False}


def team_colours(names: Sequence[str]) -> dict[str, str]:
    """Each team's colour: its own if it is named after one, else the next free palette one."""
    colours: dict[str, str] = {}
    for name in names:
        word = name.split()[0].casefold() if name.split() else ""
        if word in NAMED and NAMED[word] not in colours.values():
            colours[name] = NAMED[word]
    free = [c for c in (*PALETTE[:6], "#7B3FA0", "#8C5A2B", "#00897B", "#1F3A93", "#B0308F")
            if c not in colours.values()]
    for name in names:
        if name not in colours:
            colours[name] = free.pop(0) if free else PALETTE[len(colours) % len(PALETTE)]
    return colours


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


_STRIP = [re.compile(p, re.S) for p in (r"<\?xml.*?\?>\s*", r"<!DOCTYPE.*?>\s*",
                                         r"<metadata>.*?</metadata>\s*",
                                         r"<style[^>]*>.*?</style>\s*")]


def svg(fig: Figure, key: str, label: str) -> str:
    """The figure as an SVG element to put inside HTML (see the module's docstring)."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "orgsim-workshop",
                                "font.family": "sans-serif",
                                "font.sans-serif": ["DejaVu Sans"]}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    for pattern in _STRIP:
        text = pattern.sub("", text)
    text = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", text)
    text = re.sub(r'<svg([^>]*?)\s+width="[^"]*"\s+height="[^"]*"',
                  rf'<svg\1 class="chart" role="img" aria-label="{_attr(label)}"', text, count=1)
    text = re.sub(r'\bid="([^"]+)"', rf'id="{key}-\1"', text)
    text = re.sub(r'(href="#|url\(#)([^")]+)', rf"\g<1>{key}-\2", text)
    text = re.sub(r"font-family:'?DejaVu Sans'?", "font-family:sans-serif", text)
    return text.strip()


def _attr(text: str) -> str:
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def _quarter_axis(ax: Axes, quarters: int) -> None:
    step = 1 if quarters <= 12 else 2
    ax.set_xticks(range(1, quarters + 1, step))
    ax.set_xlim(0.6, quarters + 0.4)
    ax.set_xlabel("quarter", fontsize=FONT)
    ax.tick_params(labelsize=FONT - 1)
    ax.grid(alpha=0.3)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def paths_chart(name: str, colour: str, table: pd.DataFrame, bosses: dict[str, pd.DataFrame],
                unit: str, key: str) -> str:
    """A team's morale and output per quarter beside the scripted bosses', same seed."""
    from matplotlib.ticker import PercentFormatter

    fig = _figure(7.0, 3.5)
    axes = fig.subplots(1, 2)
    quarters = len(table)
    x = np.arange(1, quarters + 1)
    for ax, column, title in ((axes[0], "morale", "Morale (team mean)"),
                              (axes[1], "output", f"Output per quarter ({unit})")):
        for boss, run in bosses.items():
            colour_b, dashes = BOSS_STYLE.get(boss, ("#8A8A8A", (0, (4, 2))))
            ax.plot(x, run[column], color=colour_b, linestyle=dashes, linewidth=2,
                    label=f"{boss} boss")
        ax.plot(x, table[column], color=colour, linewidth=4, marker="o", markersize=5,
                label=name)
        ax.set_title(title, fontsize=FONT, loc="left")
        _quarter_axis(ax, quarters)
    axes[0].yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    axes[0].set_ylim(0, 1)
    axes[1].set_ylim(bottom=0)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles[::-1], labels[::-1], loc="outside upper center", frameon=False,
               fontsize=FONT - 1, ncols=4, handlelength=2.6, columnspacing=1.2)
    return svg(fig, key, f"{name}'s morale and output per quarter beside the leader, "
                         "manager and balanced bosses")


def attention_chart(teams: Sequence[tuple[str, tuple[Shares, ...]]], key: str) -> str:
    """Each team's share of attention on leadership, management and unspent, per quarter."""
    from matplotlib.ticker import PercentFormatter

    n = len(teams)
    cols = min(n, 3)
    rows = (n + cols - 1) // cols
    fig = _figure(4.2 * cols + 1.8, 2.7 * rows + 0.4)
    axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False, sharey=True).ravel())
    for ax, (name, shares) in zip(axes, teams, strict=False):
        x = np.arange(1, len(shares) + 1)
        lead = np.array([s.leadership for s in shares])
        manage = np.array([s.management for s in shares])
        unspent = np.array([s.unspent for s in shares])
        ax.bar(x, lead, color=LEADERSHIP, label="leadership (incl. one-to-ones)", width=0.8)
        ax.bar(x, manage, bottom=lead, color=MANAGEMENT, label="management", width=0.8)
        ax.bar(x, unspent, bottom=lead + manage, color=UNSPENT, label="unspent", width=0.8)
        ax.set_title(name, fontsize=FONT + 1, loc="left")
        ax.set_ylim(0, 1)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        _quarter_axis(ax, len(shares))
        ax.grid(False)
    for ax in axes[n:]:
        ax.axis("off")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside right upper", frameon=False, fontsize=FONT - 1)
    return svg(fig, key, "each team's share of attention on leadership, management and "
                         "unspent, per quarter")


def spread_chart(rows: Sequence[tuple[str, Outcome, Sequence[Outcome], str]], unit: str,
                 thresholds: Sequence[float], key: str) -> str:
    """Per team (and the best boss, last): stars over the other seeds, and total output over
    them as a box with every seed a dot and the session's own result a diamond.

    rows: (label, the session seed's outcome, the other seeds' outcomes, colour)."""
    n = len(rows)
    fig = _figure(12.5, 0.75 * n + 1.9)
    left, right = fig.subplots(1, 2, width_ratios=(1, 1.6), sharey=True)
    y = np.arange(n)[::-1]
    for yi, (_label, _own, outcomes, _colour) in zip(y, rows, strict=True):
        counts = np.bincount([o.stars for o in outcomes], minlength=4)[:4] / max(len(outcomes),
                                                                               1)
        start = 0.0
        for stars, share in enumerate(counts):
            if share > 0:
                left.barh(yi, share, left=start, color=STAR_COLOURS[stars], height=0.7,
                          edgecolor="white")
                if share >= 0.08:
                    left.text(start + share / 2, yi, f"{stars}★", ha="center", va="center",
                              fontsize=FONT - 1, color="black" if stars < 3 else "white")
            start += share
    left.set_xlim(0, 1)
    # Two short lines each: side by side, one-line titles ran into each other.
    left.set_title("Stars on the other seeds\n(share of seeds)", fontsize=FONT + 1, loc="left")
    left.set_yticks(y, [r[0] for r in rows], fontsize=FONT)
    left.xaxis.set_major_formatter(lambda v, _p: f"{v:.0%}")
    left.tick_params(labelsize=FONT - 1)
    rng = np.random.default_rng(0)
    horizontal = _horizontal()
    for yi, (_label, own, outcomes, colour) in zip(y, rows, strict=True):
        values = [o.output for o in outcomes]
        if values:
            right.boxplot([values], positions=[yi], **horizontal, widths=0.55,
                          showfliers=False, manage_ticks=False,
                          medianprops={"color": "black", "linewidth": 2},
                          boxprops={"color": "#555555"}, whiskerprops={"color": "#555555"},
                          capprops={"color": "#555555"})
            right.scatter(values, yi + rng.uniform(-0.22, 0.22, len(values)), s=14,
                          color=colour, alpha=0.55, linewidths=0, zorder=3)
        right.scatter([own.output], [yi], marker="D", s=110, color=colour,
                      edgecolors="black", linewidths=1.5, zorder=4)
    for threshold, stars in zip(thresholds, ("1★", "2★", "3★"), strict=False):
        right.axvline(threshold, color="#999999", linestyle=(0, (2, 2)), linewidth=1)
        right.text(threshold, n - 0.45, stars, ha="center", va="bottom", fontsize=FONT - 2,
                   color="#555555")
    right.set_title(f"Total output on the other seeds ({unit})\n◆ this session's seed",
                    fontsize=FONT + 1, loc="left")
    right.tick_params(labelsize=FONT - 1)
    right.grid(axis="x", alpha=0.3)
    right.set_ylim(-0.6, n - 0.2)
    for ax in (left, right):
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    return svg(fig, key, "each team's stars and total output when its plan is replayed on "
                         "other seeds")
