"""The quarter report: line charts over the quarters so far, and 'what moved and why': the
team's morale change as named contributions that add up exactly, by cause (levers, actions,
events, the team you inherited, drift) with the split by state a click away; click a person for
theirs. The biggest concern always comes from the split by cause."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

import sim
from game import flow, guide, hotseat, registry
from game.advice import biggest_concern
from game.assets import text
from game.charts import Chart, Series, line_chart
from game.draw import blit_text, panel
from game.office import OfficeView
from game.scene import Scene
from game.scenes.common import draw_header, footer_rect, header_height
from game.scroll import ItemScroller
from game.tips import Tip
from game.why import WhyView, points, why_view

CHARTS = (("morale", "{:.0%}"), ("output", "{:.0f}"), ("trust", "{:.0%}"), ("skill", "{:.0%}"),
          ("headcount", "{:.0f}"), ("exhaustion", "{:.0%}"))
TILES = (("output", "{:,.1f}"), ("output_cum", "{:,.0f}"), ("morale", "{:.0%}"),
         ("trust", "{:.0%}"), ("headcount", "{:.0f}"), ("quits", "{:.0f}"), ("cost", "{:,.0f}"),
         ("budget_left", "{:,.0f}"), ("backlog", "{:.1f}"))


#: The most rows of the 'what moved' list (the rest are grouped as 'other small effects'):
#: the same in every window size and mode; rows that do not fit scroll.
MAX_ROWS = 12
#: Leavers named one by one under the office; more are counted.
LEAVERS_NAMED = 3


@dataclass(frozen=True)
class WhyGeometry:
    """Where the 'what moved' panel's parts are drawn (see `ReportScene.why_geometry`)."""

    title_width: int
    summary: pygame.Rect
    rows: list[tuple[object, pygame.Rect]]
    more: pygame.Rect             # the 'n more above / below' line (height 0: none)
    total_y: int
    concern_y: int


class ReportScene(Scene):
    name = "report"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.session = app.session
        self.quarter = int(self.session.model.quarter)
        self.table = self.session.table()
        self.worker: int | None = None
        self.office = OfficeView(app, app.session.seats)
        self.office.history = app.session.history
        self.charts: list[Chart] = []
        self.scroller = ItemScroller()
        self.by = "decision"
        self.details: dict[str, dict[str, float]] = {}
        self.view = self.explain(None)

    def explain(self, worker: int | None) -> WhyView:
        """The team's (or one worker's) explanation for the quarter just played, in the view
        chosen, with the concern read from the view by decision."""
        model = self.session.model
        by_decision = model.explain(self.quarter, worker, by="decision")
        concern = biggest_concern(by_decision, self.session.level)
        e = by_decision if self.by == "decision" else model.explain(self.quarter, worker)
        self.details = e.details
        return why_view(e.start, e.end, e.contributions, max_rows=MAX_ROWS, concern=concern)

    # ----- layout -------------------------------------------------------------------------
    def layout(self) -> None:
        s = self.s
        w, _ = self.app.screen.get_size()
        top = header_height(self) + s(8)
        fonts = self.app.fonts
        tile_h = max(s(50), self.tile_label_height() + fonts.line_height(18, True) + s(8))
        self.tiles_rect = pygame.Rect(s(16), top, w - s(32), tile_h)
        body_top = self.tiles_rect.bottom + s(8)
        body_bottom = footer_rect(self).y - s(10)
        left_w = round(w * 0.5) - s(20)
        charts_h = round((body_bottom - body_top) * 0.62)
        self.charts_rect = pygame.Rect(s(16), body_top, left_w, charts_h)
        self.office_rect = pygame.Rect(s(16), self.charts_rect.bottom + s(8), left_w,
                                       body_bottom - self.charts_rect.bottom - s(8))
        self.why_rect = pygame.Rect(self.charts_rect.right + s(12), body_top,
                                    w - self.charts_rect.right - s(28), body_bottom - body_top)
        self.view = self.explain(self.worker)
        label_h = fonts.render(self.office_caption(), 12, (0, 0, 0),
                               width=self.office_rect.width - s(20)).get_height() + s(6)
        self.office.set_rect(pygame.Rect(self.office_rect.x + s(4), self.office_rect.y + label_h,
                                         self.office_rect.width - s(8),
                                         max(s(24), self.office_rect.height - label_h - s(4))))
        self.office.sync(self.session.model)
        self.build_charts()
        foot = footer_rect(self)
        self.button(pygame.Rect(foot.x, foot.y, s(150), foot.height), text("report.menu"),
                    lambda: flow.open_menu(self.app))
        self.button(pygame.Rect(foot.x + s(160), foot.y, s(150), foot.height),
                    text("report.save"), self.save, enabled=self.app.demo is None)
        label = (text("report.debrief") if self.session.finished
                 else text("hotseat.next_team") if hotseat.will_hand_over(self.app)
                 else text("report.next", quarter=self.quarter + 1))
        self.button(pygame.Rect(foot.right - s(250), foot.y, s(250), foot.height), label,
                    self.on_enter, primary=True)
        view = pygame.Rect(0, 0, s(110), s(30))
        view.topright = (self.why_rect.right - s(10), self.why_rect.y + s(8))
        self.view_rect = view
        team = pygame.Rect(0, 0, s(130), s(30))
        team.topright = (view.x - s(8), view.y)
        self.team_rect = team
        self.team_button = self.button(team, text("report.team_button"), lambda: self.pick(None),
                                       tip=text("report.team_tip"), small=True)
        self.view_buttons = {
            by: self.button(view, text(f"report.view_{other}"), self.toggle_view,
                            tip=text(f"report.view_{other}_tip"), small=True)
            for by, other in (("decision", "state"), ("state", "decision"))}
        self.refresh()

    def build_charts(self) -> None:
        app, s = self.app, self.s
        r = self.charts_rect
        cols, rows, gap = 2, 3, s(8)
        cw, ch = (r.width - gap) // cols, (r.height - 2 * gap) // rows
        quarters = self.session.level.quarters
        self.charts = []
        for i, (column, fmt) in enumerate(CHARTS):
            rect = pygame.Rect(r.x + (i % cols) * (cw + gap), r.y + (i // cols) * (ch + gap),
                               cw, ch)
            values = tuple(float(v) for v in self.table[column])
            y_range = (0.0, 1.0) if fmt == "{:.0%}" else None
            self.charts.append(line_chart(
                rect, text(f"charts.{column}"),
                [Series(column, values, app.palette.series[column])], quarters, app.fonts,
                app.palette, fmt=fmt, y_range=y_range, tip=sim.DESCRIPTIONS.get(column, "")))

    def refresh(self) -> None:
        if self.worker is None:
            self.team_button.hide()
        else:
            self.team_button.show()
        for by, button in self.view_buttons.items():
            if by == self.by:
                button.show()
            else:
                button.hide()
        tips: list[Tip] = [t for chart in self.charts for t in chart.tips]
        tips += [Tip(rect, f"{label}: {desc}") for label, desc, rect in self.tile_layout()]
        for row, rect in self.why_rows():
            words = f"{row.label}: {row.shown} points this quarter (exact {row.exact * 100:+.3f})"
            if row.members:
                words += "\n" + "\n".join(f"{label} {v * 100:+.2f}" for label, v in row.members)
            routes = sorted(self.details.get(row.label, {}).items(), key=lambda kv: kv[1])
            if routes:
                words += "\n" + "\n".join(f"  through {route}: {v * 100:+.2f}"
                                            for route, v in routes if abs(v) >= 5e-5)
            tips.append(Tip(rect, words))
        tips.append(Tip(self.sum_rect(), text("report.sum_tip")))
        self.tips = tips

    def office_caption(self) -> str:
        """'Click a person...', and who left this quarter and, for those who quit, the two
        things that cost them the most morale (their own list, by decision)."""
        model = self.session.model
        people = []
        for d in model.departures:
            if d.quarter != self.quarter:
                continue
            if not d.voluntary:
                people.append(text("report.let_go_who", name=d.name))
                continue
            try:
                e = model.explain(self.quarter, d.worker, by="decision")
            except KeyError:
                people.append(text("report.quit_why", name=d.name, why="?"))
                continue
            worst = sorted((v, k) for k, v in e.contributions.items() if v < 0)[:2]
            people.append(text("report.quit_why", name=d.name,
                               why="; ".join(k for _, k in worst) or "?"))
        if len(people) > LEAVERS_NAMED:     # a big team's quarter: the first few, and a count
            people = [*people[:LEAVERS_NAMED],
                      text("report.more_people", n=len(people) - LEAVERS_NAMED)]
        caption = text("report.click_worker")
        return caption + (" " + text("report.left_quarter", people=", ".join(people))
                          if people else "")

    def tile_width(self) -> int:
        n = len(TILES)
        return (self.app.screen.get_width() - self.s(32) - (n - 1) * self.s(8)) // n

    def tile_label_height(self) -> int:
        """The tallest tile label, wrapped to the tile (two lines where a tile is narrow)."""
        fonts, width = self.app.fonts, self.tile_width() - self.s(20)
        return max(fonts.render(text(f"report.tiles.{column}"), 12, (0, 0, 0),
                                width=width).get_height() for column, _ in TILES)

    def tile_layout(self) -> list[tuple[str, str, pygame.Rect]]:
        r, gap, w = self.tiles_rect, self.s(8), self.tile_width()
        return [(column, sim.DESCRIPTIONS.get(column, column),
                 pygame.Rect(r.x + i * (w + gap), r.y, w, r.height))
                for i, (column, _) in enumerate(TILES)]

    def why_geometry(self) -> WhyGeometry:
        """Where the parts of the 'what moved' panel go for the current view: the title
        (wrapped beside the buttons), the summary, the rows that fit whole (the rest scroll),
        the total and the biggest concern."""
        s, fonts, view = self.s, self.app.fonts, self.view
        area, col = self.why_rect, self.app.palette["text"]
        x, width = area.x + s(14), area.width - s(28)
        buttons_x = self.team_rect.x if self.worker is not None else self.view_rect.x
        title_w = buttons_x - area.x - s(20)
        title_h = fonts.render(self.why_title(), 15, col, True, width=title_w).get_height()
        y = area.y + s(10) + max(title_h, self.view_rect.bottom - area.y - s(10)) + s(6)
        summary = pygame.Rect(x, y, width, fonts.render(self.summary_text(), 14, col,
                                                         width=width).get_height())
        concern_h = 0
        if view.concern:
            concern_h = (s(8) + fonts.render(self.concern_text(), 14, col, True,
                                             width=width).get_height()
                         + s(4) + fonts.render(view.hint, 13, col, width=width).get_height())
        total_h = s(8) + fonts.line_height(14, True)
        top = summary.bottom + s(10)
        room = area.bottom - s(10) - concern_h - total_h - top
        heights = [self.row_height(row, width) for row in view.rows]
        if sum(heights) > room:                       # a line for 'n more above / below'
            room -= fonts.line_height(13)
        self.scroller.fit(heights, room)
        rows, y = [], top
        for i in self.scroller.visible():
            rows.append((view.rows[i], pygame.Rect(x, y, width, heights[i] - s(2))))
            y += heights[i]
        more = pygame.Rect(x, y, width, fonts.line_height(13) if sum(heights) > room else 0)
        total_y = more.bottom + s(4)
        return WhyGeometry(title_w, summary, rows, more, total_y, total_y + total_h)

    def row_height(self, row: object, width: int) -> int:
        label_w = round(width * 0.52) - self.s(6)
        label = self.app.fonts.render(row.label, 13, self.app.palette["text"], width=label_w)
        return max(self.s(24), label.get_height() + self.s(6))

    def why_title(self) -> str:
        desk = self.office.desk(self.worker)
        name = desk.name if desk else (str(self.worker) if self.worker is not None else "")
        suffix = "" if self.by == "decision" else "_state"
        return (text(f"report.why_team{suffix}") if self.worker is None
                else text(f"report.why_worker{suffix}", name=name))

    def summary_text(self) -> str:
        view = self.view
        summary = text("report.start_end", start=points(view.start), end=points(view.end),
                       change=points(view.change, signed=True))
        if self.worker is not None and self.office.desk(self.worker) is None:
            summary += f" ({text('report.left_team')})"
        return summary

    def concern_text(self) -> str:
        return f"{text('report.concern')}: {self.view.concern}"

    def sum_rect(self) -> pygame.Rect:
        return self.why_geometry().summary

    def why_rows(self) -> list[tuple[object, pygame.Rect]]:
        return self.why_geometry().rows

    # ----- actions ------------------------------------------------------------------------
    def pick(self, worker: int | None) -> None:
        try:
            view = self.explain(worker)
        except KeyError:
            return
        self.worker, self.view = worker, view
        self.refresh()

    def toggle_view(self) -> None:
        """Switch between the split by cause and the split by state."""
        self.by = "state" if self.by == "decision" else "decision"
        self.view = self.explain(self.worker)
        self.refresh()

    def save(self) -> None:
        self.app.push(registry.make("save", self.app))

    def on_enter(self) -> None:
        flow.after_report(self.app)

    def on_back(self) -> None:
        flow.open_menu(self.app)

    def on_click(self, pos: tuple[int, int]) -> None:
        worker = self.office.worker_at(pos)
        if worker is not None:
            self.pick(worker)

    def handle_event(self, event: pygame.event.Event) -> pygame.event.Event | None:
        """The wheel over the 'what moved' list (or PgUp/PgDn) scrolls it."""
        if self.scroller.handle(event, self.why_rect, self.app.mouse):
            self.refresh()
            return None
        return super().handle_event(event)

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_v:
            self.toggle_view()
            return True
        if event.key in (pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET):
            ids = [d.id for d in sorted(self.office.desks, key=lambda d: d.slot)]
            if ids:
                step = 1 if event.key == pygame.K_RIGHTBRACKET else -1
                i = ids.index(self.worker) + step if self.worker in ids else 0
                self.pick(ids[i % len(ids)])
            return True
        return False

    def tip_text(self, pos: tuple[int, int]) -> str | None:
        return self.office.tip_at(pos) or super().tip_text(pos)

    def demo_act(self) -> None:
        self.on_enter()

    # ----- drawing ------------------------------------------------------------------------
    def draw_scene(self, surface: pygame.Surface) -> None:
        app, pal, s = self.app, self.app.palette, self.s
        surface.fill(pal["background"])
        level = self.session.level
        draw_header(self, surface, text("report.title", quarter=self.quarter),
                    f"{level.title} · {self.quarter} of {level.quarters} quarters played")
        last = self.table.iloc[-1] if len(self.table) else None
        formats = dict(TILES)
        for column, _, rect in self.tile_layout():
            panel(surface, rect, pal["panel"], pal["panel_border"], s(8))
            label = text(f"report.tiles.{column}")
            blit_text(surface, app.fonts, label, (rect.x + s(10), rect.y + s(4)), 12,
                      pal["muted"], width=rect.width - s(20))
            value = formats[column].format(float(last[column])) if last is not None else "–"
            blit_text(surface, app.fonts, value, (rect.x + s(10), rect.bottom - s(4)), 18,
                      pal["text"], bold=True, anchor="bottomleft")
        for chart in self.charts:
            chart.draw(surface)
        panel(surface, self.office_rect, pal["panel"], pal["panel_border"], s(8))
        blit_text(surface, app.fonts, self.office_caption(),
                  (self.office_rect.x + s(10), self.office_rect.y + s(4)), 12, pal["muted"],
                  width=self.office_rect.width - s(20))
        self.office.draw(surface, self.worker, self.office.worker_at(app.mouse))
        self.draw_why(surface)

    def draw_why(self, surface: pygame.Surface) -> None:
        app, pal, s = self.app, self.app.palette, self.s
        area, view = self.why_rect, self.view
        panel(surface, area, pal["panel"], pal["panel_border"], s(10))
        g = self.why_geometry()
        blit_text(surface, app.fonts, self.why_title(), (area.x + s(14), area.y + s(10)), 15,
                  pal["text"], bold=True, width=g.title_width)
        blit_text(surface, app.fonts, self.summary_text(), g.summary.topleft, 14, pal["text"],
                  width=g.summary.width)
        biggest = max((abs(r.tenths) for r, _ in g.rows), default=1) or 1
        for row, rect in g.rows:
            label_w = round(rect.width * 0.52)
            blit_text(surface, app.fonts, row.label, (rect.x, rect.centery), 13, pal["text"],
                      anchor="midleft", width=label_w - s(6))
            bar_area = pygame.Rect(rect.x + label_w, rect.centery - s(8),
                                   rect.width - label_w - s(60), s(16))
            mid = bar_area.centerx
            length = round(bar_area.width / 2 * abs(row.tenths) / biggest)
            colour = pal["good"] if row.tenths >= 0 else pal["bad"]
            if length:
                x = mid if row.tenths >= 0 else mid - length
                pygame.draw.rect(surface, colour, (x, bar_area.y, length, bar_area.height),
                                 border_radius=3)
            pygame.draw.line(surface, pal["panel_border"], (mid, rect.y), (mid, rect.bottom))
            blit_text(surface, app.fonts, row.shown, (rect.right, rect.centery), 14, colour,
                      bold=True, anchor="midright")
        if g.more.height:
            blit_text(surface, app.fonts, self.scroller.more(), g.more.topleft, 13, pal["muted"])
        right = area.right - s(14)
        pygame.draw.line(surface, pal["text"], (right - s(60), g.total_y), (right, g.total_y))
        blit_text(surface, app.fonts, "= " + points(view.change, signed=True),
                  (right, g.total_y + s(2)), 14, pal["text"], bold=True, anchor="topright")
        if view.concern:
            r = blit_text(surface, app.fonts, self.concern_text(),
                          (area.x + s(14), g.concern_y + s(8)), 14, pal["bad"], bold=True,
                          width=area.width - s(28))
            blit_text(surface, app.fonts, view.hint, (area.x + s(14), r.bottom + s(4)), 13,
                      pal["text"], width=area.width - s(28))

    def draw_above_widgets(self, surface: pygame.Surface) -> None:
        """The guided first quarter's call-out (levels that ask for it)."""
        guide.draw_callout(self, surface, guide.report_step(self))
