"""The quarter report: line charts over the quarters so far, and 'what moved and why': the
team's morale change as named contributions that add up exactly, by cause (levers, actions,
events, the team you inherited, drift) with the split by state a click away; click a person for
theirs. The biggest concern always comes from the split by cause."""

from __future__ import annotations

import pygame

import sim
from game import flow
from game.advice import biggest_concern
from game.assets import text
from game.charts import Chart, Series, line_chart
from game.draw import blit_text, fit_text, panel
from game.office import OfficeView
from game.scene import Scene
from game.scenes.common import draw_header, footer_rect, header_height
from game.tips import Tip
from game.why import WhyView, points, why_view

CHARTS = (("morale", "{:.0%}"), ("output", "{:.0f}"), ("trust", "{:.0%}"), ("skill", "{:.0%}"),
          ("headcount", "{:.0f}"), ("exhaustion", "{:.0%}"))
TILES = (("output", "{:,.1f}"), ("output_cum", "{:,.0f}"), ("morale", "{:.0%}"),
         ("trust", "{:.0%}"), ("headcount", "{:.0f}"), ("quits", "{:.0f}"))


class ReportScene(Scene):
    name = "report"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.session = app.session
        self.quarter = int(self.session.model.quarter)
        self.table = self.session.table()
        self.worker: int | None = None
        self.office = OfficeView(app, app.session.seats)
        self.charts: list[Chart] = []
        self.max_rows = 12
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
        return why_view(e.start, e.end, e.contributions, max_rows=self.max_rows,
                        concern=concern)

    # ----- layout -------------------------------------------------------------------------
    def layout(self) -> None:
        s = self.s
        w, _ = self.app.screen.get_size()
        top = header_height(self) + s(8)
        self.tiles_rect = pygame.Rect(s(16), top, w - s(32), s(50))
        body_top = self.tiles_rect.bottom + s(8)
        body_bottom = footer_rect(self).y - s(10)
        left_w = round(w * 0.5) - s(20)
        charts_h = round((body_bottom - body_top) * 0.62)
        self.charts_rect = pygame.Rect(s(16), body_top, left_w, charts_h)
        self.office_rect = pygame.Rect(s(16), self.charts_rect.bottom + s(8), left_w,
                                       body_bottom - self.charts_rect.bottom - s(8))
        self.why_rect = pygame.Rect(self.charts_rect.right + s(12), body_top,
                                    w - self.charts_rect.right - s(28), body_bottom - body_top)
        # as many rows as fit above the 'biggest concern' block (the rest are grouped)
        concern = s(40) + 3 * self.app.fonts.line_height(13) + self.app.fonts.line_height(14)
        space = self.why_rect.bottom - concern - self.sum_rect().bottom - s(10)
        self.max_rows = max(3, min(12, space // s(24)))
        self.view = self.explain(self.worker)
        self.office.set_rect(self.office_rect.inflate(-s(8), -s(26)).move(0, s(9)))
        self.office.sync(self.session.model)
        self.build_charts()
        foot = footer_rect(self)
        self.button(pygame.Rect(foot.x, foot.y, s(150), foot.height), text("report.menu"),
                    lambda: flow.open_menu(self.app))
        self.button(pygame.Rect(foot.x + s(160), foot.y, s(150), foot.height),
                    text("report.save"), self.save, enabled=self.app.demo is None)
        label = (text("report.debrief") if self.session.finished
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

    def tile_layout(self) -> list[tuple[str, str, pygame.Rect]]:
        r = self.tiles_rect
        n = len(TILES)
        w = (r.width - (n - 1) * self.s(8)) // n
        out = []
        for i, (column, _) in enumerate(TILES):
            rect = pygame.Rect(r.x + i * (w + self.s(8)), r.y, w, r.height)
            out.append((column, sim.DESCRIPTIONS.get(column, column), rect))
        return out

    def sum_rect(self) -> pygame.Rect:
        fonts = self.app.fonts
        y = self.why_rect.y + self.s(10) + fonts.line_height(15, True) + self.s(4)
        return pygame.Rect(self.why_rect.x + self.s(14), y, self.why_rect.width - self.s(28),
                           fonts.line_height(14))

    def why_rows(self) -> list[tuple[object, pygame.Rect]]:
        top = self.sum_rect().bottom + self.s(10)
        rh = self.s(24)
        return [(row, pygame.Rect(self.why_rect.x + self.s(14), top + i * rh,
                                  self.why_rect.width - self.s(28), rh - self.s(2)))
                for i, row in enumerate(self.view.rows)]

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
        from game.scenes.save import SaveScene
        self.app.push(SaveScene(self.app))

    def on_enter(self) -> None:
        flow.after_report(self.app)

    def on_back(self) -> None:
        flow.open_menu(self.app)

    def on_click(self, pos: tuple[int, int]) -> None:
        worker = self.office.worker_at(pos)
        if worker is not None:
            self.pick(worker)

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
            label = column.replace("output_cum", "output so far").replace("_", " ")
            blit_text(surface, app.fonts, label, (rect.x + s(10), rect.y + s(4)), 12,
                      pal["muted"])
            value = formats[column].format(float(last[column])) if last is not None else "–"
            blit_text(surface, app.fonts, value, (rect.x + s(10), rect.bottom - s(4)), 18,
                      pal["text"], bold=True, anchor="bottomleft")
        for chart in self.charts:
            chart.draw(surface)
        panel(surface, self.office_rect, pal["panel"], pal["panel_border"], s(8))
        blit_text(surface, app.fonts, text("report.click_worker"),
                  (self.office_rect.x + s(10), self.office_rect.y + s(4)), 12, pal["muted"])
        self.office.draw(surface, self.worker, self.office.worker_at(app.mouse))
        self.draw_why(surface)

    def draw_why(self, surface: pygame.Surface) -> None:
        app, pal, s = self.app, self.app.palette, self.s
        area, view = self.why_rect, self.view
        panel(surface, area, pal["panel"], pal["panel_border"], s(10))
        desk = self.office.desk(self.worker)
        name = desk.name if desk else (str(self.worker) if self.worker is not None else "")
        suffix = "" if self.by == "decision" else "_state"
        title = (text(f"report.why_team{suffix}") if self.worker is None
                 else text(f"report.why_worker{suffix}", name=name))
        tw = (self.team_rect.x if self.worker is not None else self.view_rect.x) - area.x - s(20)
        blit_text(surface, app.fonts, fit_text(app.fonts, title, 15, tw, True),
                  (area.x + s(14), area.y + s(10)), 15, pal["text"], bold=True)
        summary = text("report.start_end", start=points(view.start), end=points(view.end),
                       change=points(view.change, signed=True))
        if self.worker is not None and desk is None:
            summary += f" ({text('report.left_team')})"
        blit_text(surface, app.fonts, summary, self.sum_rect().topleft, 14, pal["text"])
        rows = self.why_rows()
        biggest = max((abs(r.tenths) for r, _ in rows), default=1) or 1
        for row, rect in rows:
            label_w = round(rect.width * 0.52)
            blit_text(surface, app.fonts, fit_text(app.fonts, row.label, 13, label_w - s(6)),
                      (rect.x, rect.centery), 13, pal["text"], anchor="midleft")
            bar_area = pygame.Rect(rect.x + label_w, rect.y + s(4), rect.width - label_w - s(60),
                                   rect.height - s(8))
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
        if rows:
            last = rows[-1][1]
            y = last.bottom + s(4)
            pygame.draw.line(surface, pal["text"], (last.right - s(60), y), (last.right, y))
            blit_text(surface, app.fonts, "= " + points(view.change, signed=True),
                      (last.right, y + s(2)), 14, pal["text"], bold=True, anchor="topright")
            y += s(30)
        else:
            y = self.sum_rect().bottom + s(12)
        if view.concern:
            r = blit_text(surface, app.fonts, f"{text('report.concern')}: {view.concern}",
                          (area.x + s(14), y), 14, pal["bad"], bold=True,
                          width=area.width - s(28))
            blit_text(surface, app.fonts, view.hint, (area.x + s(14), r.bottom + s(4)), 13,
                      pal["text"], width=area.width - s(28))
