"""The debrief: stars against the goals, your path beside the leader, the manager and the
balanced boss on the same seed, where your attention went, and the lessons of the text."""

from __future__ import annotations

import pygame

from game import flow
from game.assets import text
from game.charts import Chart, line_chart, share_bars
from game.draw import blit_text, fit_text, panel, stars
from game.jsonfile import FileRefusedError
from game.progress import save_progress
from game.results import build_debrief, comparison_series, write_results
from game.scene import Scene
from game.scenes.common import draw_header, footer_rect, header_height
from game.scoring import format_value
from game.tips import Tip


class DebriefScene(Scene):
    name = "debrief"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.session = app.session
        self.debrief = build_debrief(self.session)
        self.saved = ""
        try:
            json_path, _ = write_results(self.debrief, app.palette)
            self.saved = str(json_path)
            app.last_result = json_path
        except OSError as exc:
            self.saved = f"could not write the results: {exc}"
        self.progress_error = ""
        if app.demo is None:
            app.progress.record(self.session.level_name, self.debrief.stars, self.debrief.passed)
            try:
                save_progress(app.progress)
            except (OSError, FileRefusedError) as exc:   # told, never lost silently
                self.progress_error = str(exc)
        self.charts: list[Chart] = []

    def enter(self) -> None:
        super().enter()
        if self.progress_error:
            flow.show_message(self.app, text("save.failed"), self.progress_error)

    def layout(self) -> None:
        s = self.s
        w, _ = self.app.screen.get_size()
        top = header_height(self) + s(10)
        bottom = footer_rect(self).y - s(28)
        left_w = round(w * 0.42)
        self.left = pygame.Rect(s(16), top, left_w - s(16), bottom - top)
        self.right = pygame.Rect(self.left.right + s(12), top, w - self.left.right - s(28),
                                 bottom - top)
        self.build_charts()
        foot = footer_rect(self)
        self.button(pygame.Rect(foot.x, foot.y, s(160), foot.height), text("debrief.levels"),
                    self.on_back)
        self.button(pygame.Rect(foot.x + s(170), foot.y, s(160), foot.height),
                    text("debrief.menu"), self.leave_to_title)
        self.button(pygame.Rect(foot.right - s(200), foot.y, s(200), foot.height),
                    text("debrief.again"), self.again, primary=True)
        self.tips = [t for chart in self.charts for t in chart.tips] + self.goal_tips()

    def build_charts(self) -> None:
        app, s = self.app, self.s
        r = self.right
        gap = s(8)
        h1 = (r.height - 2 * gap) // 3
        level = self.session.level
        d = self.debrief
        boxes = [pygame.Rect(r.x, r.y + i * (h1 + gap), r.width, h1) for i in range(3)]
        self.charts = [
            line_chart(boxes[0], f"{text('charts.output_cum')} ({level.output_unit})",
                       comparison_series(d, "output_cum", app.palette), level.quarters,
                       app.fonts, app.palette, fmt="{:.0f}", legend=True,
                       tip="Cumulative output: you (solid) and the archetypes (dashed), same "
                           "level and seed."),
            line_chart(boxes[1], text("charts.morale"),
                       comparison_series(d, "morale", app.palette), level.quarters, app.fonts,
                       app.palette, fmt="{:.0%}", y_range=(0.0, 1.0), legend=True,
                       tip="Team morale at the end of each quarter: you and the archetypes."),
            share_bars(boxes[2], text("debrief.share"), d.shares, level.quarters, app.fonts,
                       app.palette, ("leadership", "management", "unspent"),
                       tip=text("debrief.share_tip")),
        ]

    def goal_texts(self, result: object) -> tuple[str, str]:
        g = result
        marks = " / ".join(format_value(g.goal.metric, t) for t in g.goal.stars)
        return g.goal.label, text("debrief.goal_line", value=format_value(g.goal.metric, g.value),
                                  marks=marks)

    def goal_rows(self) -> list[pygame.Rect]:
        """One row per goal, as tall as its wrapped label and value need."""
        s, fonts = self.s, self.app.fonts
        width = self.left.width - s(28) - s(100)
        y = self.left.y + s(44)
        rows = []
        for g in self.debrief.goals:
            label, line = self.goal_texts(g)
            h = (fonts.render(label, 14, self.app.palette["text"], True, width=width).get_height()
                 + fonts.render(line, 13, self.app.palette["muted"], width=width).get_height())
            rows.append(pygame.Rect(self.left.x + s(14), y, self.left.width - s(28),
                                    max(h, s(30))))
            y += max(h, s(30)) + s(8)
        return rows

    def goal_tips(self) -> list[Tip]:
        tips = []
        for g, rect in zip(self.debrief.goals, self.goal_rows(), strict=True):
            one, two, three = (format_value(g.goal.metric, t) for t in g.goal.stars)
            how = {"end": "at the end", "mean": "averaged over the quarters",
                   "total": "summed over the quarters"}[g.goal.at]
            tips.append(Tip(rect, text("debrief.goal_tip", label=g.goal.label,
                                       value=format_value(g.goal.metric, g.value), how=how,
                                       one=one, two=two, three=three)))
        return tips

    # ----- actions ------------------------------------------------------------------------
    def leave(self) -> bool:
        """With --exit-after-level, leaving the debrief ends the game."""
        if self.app.options.exit_after_level:
            self.app.quit()
            return True
        return False

    def on_back(self) -> None:
        if self.leave():
            return
        from game.scenes.level_select import LevelSelectScene
        flow.to_title(self.app)
        self.app.push(LevelSelectScene(self.app))

    def leave_to_title(self) -> None:
        if not self.leave():
            flow.to_title(self.app)

    def again(self) -> None:
        if self.leave():
            return
        level = self.session.level_name
        flow.to_title(self.app)
        flow.start_level(self.app, level)

    def on_enter(self) -> None:
        self.again()

    def demo_act(self) -> None:
        """The demo ends here with --exit-after-level, else plays the level again (next seed)."""
        if self.leave():
            return
        level, seed = self.session.level_name, self.session.seed + 1
        flow.to_title(self.app)
        flow.start_level(self.app, level, seed)

    # ----- drawing ------------------------------------------------------------------------
    def draw_scene(self, surface: pygame.Surface) -> None:
        app, pal, s = self.app, self.app.palette, self.s
        surface.fill(pal["background"])
        d = self.debrief
        draw_header(self, surface, text("debrief.title", level=self.session.level.title),
                    f"seed {self.session.seed} · {len(d.table)} quarters")
        w = surface.get_width()
        stars(surface, (w - s(140), s(14)), d.stars, 3, s(13), pal["star"], pal["star_empty"])
        left = self.left
        panel(surface, left, pal["panel"], pal["panel_border"], s(10))
        blit_text(surface, app.fonts, text("debrief.stars"), (left.x + s(14), left.y + s(12)), 16,
                  pal["text"], bold=True)
        for g, rect in zip(d.goals, self.goal_rows(), strict=True):
            label, line = self.goal_texts(g)
            r = blit_text(surface, app.fonts, label, rect.topleft, 14, pal["text"], bold=True,
                          width=rect.width - s(100))
            blit_text(surface, app.fonts, line, (rect.x, r.bottom), 13, pal["muted"],
                      width=rect.width - s(100))
            stars(surface, (rect.right - s(90), rect.y + s(8)), g.stars, 3, s(12), pal["star"],
                  pal["star_empty"])
        rows = self.goal_rows()
        y = (rows[-1].bottom if rows else left.y + s(50)) + s(10)
        r = blit_text(surface, app.fonts, text("debrief.lessons"), (left.x + s(14), y), 16,
                      pal["text"], bold=True)
        width = left.width - s(28)
        y = r.bottom
        for lesson in d.lessons:        # as many whole lessons as fit
            parts = [app.fonts.render(lesson.title, 14, pal["accent"], True),
                     app.fonts.render(f"“{lesson.quote}”", 13, pal["muted"], width=width),
                     app.fonts.render(lesson.text, 13, pal["text"], width=width)]
            height = s(8) + sum(p.get_height() for p in parts) + s(2)
            if y + height > left.bottom - s(8):
                break
            y += s(8)
            for i, part in enumerate(parts):
                surface.blit(part, (left.x + s(14), y))
                y += part.get_height() + (s(2) if i == 1 else 0)
        for chart in self.charts:
            chart.draw(surface)
        foot = footer_rect(self)
        blit_text(surface, app.fonts, fit_text(app.fonts, text("debrief.saved", path=self.saved),
                                               12, w - s(40)),
                  (foot.x, foot.y - s(6)), 12, pal["muted"], anchor="bottomleft")
