"""Charts drawn with pygame primitives: line charts over quarters and stacked share bars.

Why primitives: fast enough to redraw every frame at 60 fps, no plotting dependency, and the
same drawing makes the on-screen charts and the debrief PNG. A chart is built when its data
changes (geometry, tooltips, a cached surface); drawing is one blit.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import pygame

from game.draw import DrawnText, note_text
from game.fonts import FontBook
from game.palette import Palette
from game.tips import Tip


@dataclass(frozen=True)
class Series:
    """One line: a label, a value per quarter (quarter 1 first), a colour."""

    label: str
    values: tuple[float, ...]
    colour: pygame.Color
    width: int = 2
    dashed: bool = False


@dataclass
class Chart:
    """A built chart: a surface to blit at `rect` and the tooltips of its points."""

    rect: pygame.Rect
    surface: pygame.Surface
    tips: list[Tip] = field(default_factory=list)
    texts: list[DrawnText] = field(default_factory=list)    # on `surface`, for the audit

    def draw(self, surface: pygame.Surface) -> None:
        surface.blit(self.surface, self.rect)
        for t in self.texts:
            note_text(t.text, t.rect.move(self.rect.topleft), t.px, self.rect)


def _put(surf: pygame.Surface, image: pygame.Surface, pos: tuple[float, float], words: str,
         px: int, texts: list[DrawnText]) -> None:
    """Blit a text image onto a chart's surface and keep where it went."""
    surf.blit(image, pos)
    texts.append(DrawnText(words, image.get_rect(topleft=(round(pos[0]), round(pos[1]))), px))


def nice_range(values: list[float], floor_zero: bool = False) -> tuple[float, float]:
    """A y-range a little wider than the data, with a visible span even for flat lines."""
    if not values:
        return (0.0, 1.0)
    lo, hi = min(values), max(values)
    if floor_zero:
        lo = min(0.0, lo)
    span = hi - lo
    if span < 1e-9:
        span = abs(hi) * 0.2 or 1.0
        lo, hi = lo - span / 2, hi + span / 2
    pad = span * 0.08
    return (lo - (0 if floor_zero and lo == 0 else pad), hi + pad)


def nice_ticks(lo: float, hi: float, most: int = 5,
               whole: bool = False) -> tuple[float, float, list[float]]:
    """Round the range out to 1-2-5 steps and return (lo, hi, ticks) with at most `most` ticks;
    `whole` keeps steps of at least 1 (for counts such as headcount)."""
    span = max(hi - lo, 1e-9)
    raw = span / (most - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(1.0, round(step))
    lo2, hi2 = math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step
    if hi2 <= lo2:
        hi2 = lo2 + step
    n = round((hi2 - lo2) / step)
    return lo2, hi2, [lo2 + i * step for i in range(n + 1)]


def _fmt(value: float, fmt: str) -> str:
    return fmt.format(value).replace("-", "−")


def _dashed(surface: pygame.Surface, colour: pygame.Color, points: list[tuple[float, float]],
            width: int) -> None:
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        steps = max(1, int(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5 // 8))
        for k in range(0, steps, 2):
            a, b = k / steps, min(1.0, (k + 1) / steps)
            pygame.draw.line(surface, colour, (x0 + (x1 - x0) * a, y0 + (y1 - y0) * a),
                             (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b), width)


def _panel(rect: pygame.Rect, title: str, fonts: FontBook, palette: Palette,
           texts: list[DrawnText]) -> tuple[pygame.Surface, pygame.Surface]:
    """A chart's rounded panel with its title drawn; returns the surface and the title image."""
    surf = pygame.Surface(rect.size, pygame.SRCALPHA)
    s = fonts.scale
    pygame.draw.rect(surf, palette["panel"], surf.get_rect(), border_radius=6)
    pygame.draw.rect(surf, palette["panel_border"], surf.get_rect(), 1, border_radius=6)
    title_img = fonts.render(title, 13, palette["text"], bold=True)
    _put(surf, title_img, (round(8 * s), round(4 * s)), title, fonts.px(13), texts)
    return surf, title_img


def line_chart(rect: pygame.Rect, title: str, series: list[Series], quarters: int,
               fonts: FontBook, palette: Palette, fmt: str = "{:.2f}",
               y_range: tuple[float, float] | None = None, tip: str = "",
               legend: bool = False) -> Chart:
    """A line chart over quarters 1..`quarters`; hovering a point tells its value and meaning."""
    texts: list[DrawnText] = []
    surf, title_img = _panel(rect, title, fonts, palette, texts)
    s = fonts.scale
    values = [v for ser in series for v in ser.values]
    if y_range is not None:
        lo, hi = y_range
        ticks = [lo, (lo + hi) / 2, hi]
    else:
        lo, hi = nice_range(values)
        if values and min(values) >= 0:          # counts and totals never dip below zero
            lo = max(lo, 0.0)
        lo, hi, ticks = nice_ticks(lo, hi, most=4, whole=fmt.endswith(".0f}"))
    # room for the axis labels at the text size in use (projector mode makes them bigger)
    label_h = fonts.line_height(11)
    widest = max((fonts.font(11).size(_fmt(v, fmt))[0] for v in ticks), default=0)
    left = max(round(44 * s), widest + round(10 * s))
    # the legend goes beside the title, or on a line of its own when they would meet
    legend_w = sum(fonts.font(11).size(ser.label)[0] + round(20 * s) for ser in series)
    legend_y = round(4 * s)
    top = title_img.get_height() + round(6 * s) + label_h // 2
    if legend and round(8 * s) + title_img.get_width() + round(12 * s) + legend_w > \
            rect.width - round(10 * s):
        legend_y = title_img.get_height() + round(4 * s)
        top += label_h + round(2 * s)
    plot = pygame.Rect(left, top, rect.width - left - round(10 * s),
                       rect.height - top - label_h - round(6 * s))
    if legend:
        x = plot.right
        for ser in reversed(series):
            img = fonts.render(ser.label, 11, palette["muted"])
            x -= img.get_width() + round(20 * s)
            mid = legend_y + img.get_height() // 2
            pygame.draw.line(surf, ser.colour, (x, mid), (x + round(12 * s), mid), 3)
            _put(surf, img, (x + round(15 * s), legend_y), ser.label, fonts.px(11), texts)
    if plot.height < label_h * 3.2 and len(ticks) > 2:     # room for the ends only
        ticks = [ticks[0], ticks[-1]]
    labelled = ticks if plot.height >= label_h * 1.1 else ticks[-1:]   # or the top alone
    for value in ticks:
        y = plot.bottom - (value - lo) / (hi - lo) * plot.height
        pygame.draw.line(surf, palette["grid"], (plot.left, y), (plot.right, y))
        if value not in labelled:
            continue
        label = fonts.render(_fmt(value, fmt), 11, palette["muted"])
        _put(surf, label, (plot.left - label.get_width() - round(4 * s),
                           y - label.get_height() / 2), _fmt(value, fmt), fonts.px(11), texts)
    n = max(quarters, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = plot.left + (plot.width * (i + 0.5) / n)
        y = plot.bottom - (v - lo) / (hi - lo) * plot.height if hi > lo else plot.centery
        return (x, min(max(y, plot.top), plot.bottom))

    widest = fonts.font(11).size(str(n))[0] + round(8 * s)
    step = max(1, math.ceil(widest / max(plot.width / n, 1)))
    for i in range(0, n, step):
        label = fonts.render(str(i + 1), 11, palette["muted"])
        x, _ = xy(i, lo)
        _put(surf, label, (x - label.get_width() / 2, plot.bottom + round(3 * s)), str(i + 1),
             fonts.px(11), texts)
    tips: list[Tip] = []
    for ser in series:
        points = [xy(i, v) for i, v in enumerate(ser.values)]
        if len(points) >= 2:
            if ser.dashed:
                _dashed(surf, ser.colour, points, ser.width)
            else:
                pygame.draw.lines(surf, ser.colour, False, points, ser.width)
        for i, (x, y) in enumerate(points):
            pygame.draw.circle(surf, ser.colour, (x, y), max(2, round(3 * s)))
            box = pygame.Rect(0, 0, round(14 * s), round(14 * s))
            box.center = (round(rect.x + x), round(rect.y + y))
            words = f"{ser.label}, quarter {i + 1}: {_fmt(ser.values[i], fmt)}"
            tips.append(Tip(box, f"{words}\n{tip}" if tip else words))
    tips.insert(0, Tip(pygame.Rect(rect.topleft, (rect.width, plot.top)), tip or title))
    return Chart(pygame.Rect(rect), surf, tips, texts)


def share_bars(rect: pygame.Rect, title: str, shares: list[tuple[float, float, float]],
               quarters: int, fonts: FontBook, palette: Palette, names: tuple[str, str, str],
               tip: str = "") -> Chart:
    """Stacked bars per quarter: leadership, management and unspent shares (each row sums to 1)."""
    texts: list[DrawnText] = []
    surf, title_img = _panel(rect, title, fonts, palette, texts)
    s = fonts.scale
    colours = (palette["leadership"], palette["management"], palette["neglect"])
    x = round(8 * s)
    legend_y = title_img.get_height() + round(6 * s)
    for name, colour in zip(names, colours, strict=True):
        pygame.draw.rect(surf, colour, (x, legend_y + round(3 * s), round(10 * s), round(10 * s)))
        img = fonts.render(name, 11, palette["muted"])
        _put(surf, img, (x + round(14 * s), legend_y), name, fonts.px(11), texts)
        x += img.get_width() + round(26 * s)
    label_h = fonts.line_height(11)
    top = legend_y + label_h + round(4 * s)
    plot = pygame.Rect(round(10 * s), top, rect.width - round(20 * s),
                       rect.height - top - label_h - round(6 * s))
    n = max(quarters, 1)
    bar_w = plot.width / n
    tips = [Tip(pygame.Rect(rect.topleft, (rect.width, plot.top)), tip or title)]
    for i in range(n):
        label = fonts.render(str(i + 1), 11, palette["muted"])
        cx = plot.left + bar_w * (i + 0.5)
        _put(surf, label, (cx - label.get_width() / 2, plot.bottom + round(3 * s)), str(i + 1),
             fonts.px(11), texts)
        if i >= len(shares):
            pygame.draw.rect(surf, palette["grid"], (plot.left + bar_w * i + 2, plot.top,
                                                     bar_w - 4, plot.height), 1)
            continue
        y = plot.bottom
        for share, colour in zip(shares[i], colours, strict=True):
            h = share * plot.height
            if h > 0:
                pygame.draw.rect(surf, colour, (plot.left + bar_w * i + 2, y - h, bar_w - 4, h))
            y -= h
        lead, manage, unspent = shares[i]
        box = pygame.Rect(round(rect.x + plot.left + bar_w * i), rect.y + plot.top,
                          max(1, round(bar_w)), plot.height)
        tips.append(Tip(box, f"quarter {i + 1}: {names[0]} {lead:.0%}, {names[1]} {manage:.0%}, "
                             f"{names[2]} {unspent:.0%}"))
    return Chart(pygame.Rect(rect), surf, tips, texts)


def spark_range(values: list[float], y_range: tuple[float, float]) -> tuple[float, float]:
    """The sparkline's y-axis: the fixed range, widened only by values beyond it."""
    return min([y_range[0], *values]), max([y_range[1], *values])


def sparkline(rect: pygame.Rect, title: str, values: list[float], length: int,
              colour: pygame.Color, fonts: FontBook, palette: Palette, fmt: str = "{:.2f}",
              marks_every: int = 13, tip: str = "",
              y_range: tuple[float, float] = (0.0, 1.0), axis_fmt: str = "{:g}") -> Chart:
    """A thin live line over `length` slots (weeks), with a tick at every quarter, on a fixed
    y-axis (`y_range`, labelled at both ends) so a week's rise or fall reads the same all
    level long; values beyond the range widen it."""
    surf = pygame.Surface(rect.size, pygame.SRCALPHA)
    texts: list[DrawnText] = []
    s = fonts.scale
    pygame.draw.rect(surf, palette["panel"], surf.get_rect(), border_radius=6)
    pygame.draw.rect(surf, palette["panel_border"], surf.get_rect(), 1, border_radius=6)
    head = title if not values else f"{title}: {_fmt(values[-1], fmt)}"
    title_img = fonts.render(head, 12, palette["text"], bold=True)
    _put(surf, title_img, (round(8 * s), round(3 * s)), head, fonts.px(12), texts)
    lo, hi = spark_range(values, y_range)
    labels = [fonts.render(_fmt(v, axis_fmt), 11, palette["muted"]) for v in (hi, lo)]
    axis_w = max(img.get_width() for img in labels) + round(6 * s)
    plot = pygame.Rect(round(8 * s) + axis_w, title_img.get_height() + round(6 * s),
                       rect.width - round(16 * s) - axis_w,
                       rect.height - title_img.get_height() - round(12 * s))
    for label, value, corner in ((labels[0], hi, "topright"), (labels[1], lo, "bottomright")):
        at = label.get_rect(**{corner: (plot.left - round(4 * s),
                                        plot.top if corner == "topright" else plot.bottom)})
        _put(surf, label, at.topleft, _fmt(value, axis_fmt), fonts.px(11), texts)
    pygame.draw.line(surf, palette["grid"], plot.topleft, plot.bottomleft)
    for q in range(0, length + 1, marks_every):
        x = plot.left + plot.width * q / max(length, 1)
        pygame.draw.line(surf, palette["grid"], (x, plot.top), (x, plot.bottom))
    if len(values) >= 1:
        span = max(hi - lo, 1e-9)
        pts = [(plot.left + plot.width * (i + 0.5) / max(length, 1),
                plot.bottom - (v - lo) / span * plot.height) for i, v in enumerate(values)]
        if len(pts) >= 2:
            pygame.draw.lines(surf, colour, False, pts, max(2, round(2 * s)))
        pygame.draw.circle(surf, colour, pts[-1], max(3, round(3 * s)))
    return Chart(pygame.Rect(rect), surf, [Tip(pygame.Rect(rect), tip or title)], texts)
