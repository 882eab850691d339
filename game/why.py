"""'What moved and why': a morale explanation turned into rows that add up on screen.

Why: players distrust lists whose rounded numbers do not add up to the shown total. We show
morale in points (hundredths of the 0-1 scale) to one decimal and apportion the rounding so the
rows always sum exactly to end minus start as displayed.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.assets import load, text

UNITS = 1000          # tenths of a point: morale 0-1 -> 0-100 points, one decimal


@dataclass(frozen=True)
class WhyRow:
    """One named contribution, exact and as displayed (tenths of a point)."""

    label: str
    exact: float
    tenths: int
    members: tuple[tuple[str, float], ...] = ()   # what a grouped row is made of

    @property
    def shown(self) -> str:
        return points(self.tenths, signed=True)


@dataclass(frozen=True)
class WhyView:
    """Start, end and change as displayed, and rows whose shown values sum to the change."""

    start: int
    end: int
    rows: tuple[WhyRow, ...]
    concern: str
    hint: str

    @property
    def change(self) -> int:
        return self.end - self.start


def points(tenths: int, signed: bool = False) -> str:
    """Tenths of a point as text, with a real minus sign."""
    value = abs(tenths) / 10
    sign = "−" if tenths < 0 else ("+" if signed and tenths > 0 else "")
    return f"{sign}{value:.1f}"


def apportion(values: list[float], total: int) -> list[int]:
    """Round each value to an integer so the integers sum to `total` (largest remainder)."""
    rounded = [round(v) for v in values]
    diff = total - sum(rounded)
    if not values or diff == 0:
        return rounded
    order = sorted(range(len(values)), key=lambda i: values[i] - rounded[i], reverse=diff > 0)
    step = 1 if diff > 0 else -1
    for k in range(abs(diff)):
        rounded[order[k % len(order)]] += step
    return rounded


def hint_for(label: str, offered: set[str] | None = None) -> str:
    """What to try when `label` is the biggest concern (from assets/hints.json), skipping
    hints that need an action outside `offered` (when given)."""
    data = load("hints.json")
    lowered = label.lower()
    for entry in data["hints"]:
        needs = set(entry.get("needs", ()))
        if entry["match"] in lowered and (offered is None or needs <= offered):
            return entry["hint"]
    return data["fallback"]


def why_view(start: float, end: float, contributions: dict[str, float],
             max_rows: int = 12, concern: tuple[str, str] | None = None) -> WhyView:
    """Rows for an explanation (team or worker), biggest first; those too small to show at
    one decimal, and any beyond `max_rows`, are grouped as 'other small effects'. `concern`
    (label, hint) replaces the default: the most negative row shown."""
    items = sorted(contributions.items(), key=lambda kv: -abs(kv[1]))
    visible = [kv for kv in items if abs(kv[1]) * UNITS >= 0.5]
    if len(items) > max_rows:               # leave a row for 'other small effects'
        visible = visible[: max_rows - 1]
    rest = items[len(visible):]
    if len(rest) == 1 and len(visible) < max_rows:    # one small effect: show it by name
        visible, rest = items[: len(visible) + 1], []
    items = visible + ([(text("report.other", n=len(rest)), sum(v for _, v in rest))]
                       if rest else [])
    start_t, end_t = round(start * UNITS), round(end * UNITS)
    shown = apportion([v * UNITS for _, v in items], end_t - start_t)
    rows = tuple(WhyRow(label, value, t, tuple(rest) if rest and i == len(items) - 1 else ())
                 for i, ((label, value), t) in enumerate(zip(items, shown, strict=True)))
    if concern is not None:
        return WhyView(start_t, end_t, rows, *concern)
    negatives = [r for r in rows if r.exact < 0 and not r.members]
    label = min(negatives, key=lambda r: r.exact).label if negatives else ""
    # without a level to ask, advise nothing that needs an action the level may not offer
    return WhyView(start_t, end_t, rows, label, hint_for(label, set()) if label else "")
