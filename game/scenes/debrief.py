"""The debrief: stars against the goals, your path beside the leader, the manager and the
balanced boss on the same seed, where your attention went, and the lessons of the text."""

from __future__ import annotations

from pathlib import Path

import pygame

import sim
from game import flow, hotseat, registry
from game.assets import count, text
from game.charts import Chart, Series, line_chart, share_bars
from game.draw import blit_text, panel, stars
from game.jsonfile import FileRefusedError
from game.progress import save_progress
from game.results import build_debrief, comparison_series, write_results_soon
from game.scene import Scene
from game.scenes.common import draw_header, footer_rect, header_height
from game.scoring import format_difference, format_value
from game.scroll import ItemScroller
from game.tips import Tip


class DebriefScene(Scene):
    name = "debrief"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.session = app.session
        self.debrief = build_debrief(self.session)
        self.saved = ""
        self.writing = None
        self.to_write = True          # on the first frame: the debrief shows first
        self.progress_error = ""
        if app.demo is None and not app.workshop:    # a class's games unlock nothing
            app.progress.record(self.session.level_name, self.debrief.stars, self.debrief.passed)
            try:
                save_progress(app.progress)
            except (OSError, FileRefusedError) as exc:   # told, never lost silently
                self.progress_error = str(exc)
        self.charts: list[Chart] = []
        self.scroller = ItemScroller()
        self.what_if: sim.WhatIf | None = None      # a replay with one quarter decided differently

    def enter(self) -> None:
        super().enter()
        if self.progress_error:
            flow.show_message(self.app, text("save.failed"), self.progress_error)

    def layout(self) -> None:
        s = self.s
        w, _ = self.app.screen.get_size()
        top = header_height(self) + s(10)
        bottom = footer_rect(self).y - s(12) - self.app.fonts.line_height(12)   # the saved line
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
                    text("hotseat.next_team" if hotseat.will_hand_over(self.app)
                         else "debrief.again"), self.again, primary=True)
        self.button(pygame.Rect(foot.right - s(410), foot.y, s(200), foot.height),
                    text("debrief.what_if"), self.ask_what_if, tip=text("debrief.what_if_tip"))
        self.tips = [t for chart in self.charts for t in chart.tips] + self.goal_tips()
        saved = pygame.Rect(foot.x, foot.y - s(6) - self.app.fonts.line_height(12), foot.width,
                            self.app.fonts.line_height(12))
        self.tips.append(Tip(saved, self.saved))

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
                       self.series("output_cum"), level.quarters,
                       app.fonts, app.palette, fmt="{:.0f}", legend=True,
                       tip="Cumulative output: you (solid) and the archetypes (dashed), same "
                           "level and seed."),
            line_chart(boxes[1], text("charts.morale"),
                       self.series("morale"), level.quarters, app.fonts,
                       app.palette, fmt="{:.0%}", y_range=(0.0, 1.0), legend=True,
                       tip="Team morale at the end of each quarter: you and the archetypes."),
            share_bars(boxes[2], text("debrief.share"), d.shares, level.quarters, app.fonts,
                       app.palette, ("leadership", "management", "unspent"),
                       tip=text("debrief.share_tip")),
        ]

    def series(self, column: str) -> list[Series]:
        """You beside the archetypes, and the what-if path when there is one."""
        series = comparison_series(self.debrief, column, self.app.palette)
        if self.what_if is not None:
            series.append(Series(text("debrief.what_if_series"),
                                 tuple(float(v) for v in self.what_if.changed[column]),
                                 self.app.palette.series["what_if"], width=3))
        return series

    def goal_texts(self, result: object) -> tuple[str, str]:
        g = result
        marks = " / ".join(format_value(g.goal.metric, t) for t in g.goal.stars)
        return g.goal.label, text("debrief.goal_line", value=format_value(g.goal.metric, g.value),
                                  marks=marks)

    def left_blocks(self) -> list[tuple[str, object, list[tuple[str, int, str, bool]]]]:
        """The left panel's content as whole blocks: each goal, then each lesson (the first
        under the 'lessons' heading); each block is (kind, item, [(text, size, colour, bold)])."""
        blocks: list[tuple[str, object, list[tuple[str, int, str, bool]]]] = []
        changed = ({a.goal.metric: b for a, b in self.what_if.goals}
                   if self.what_if is not None else {})
        for g in self.debrief.goals:
            label, line = self.goal_texts(g)
            lines = [(label, 14, "text", True), (line, 13, "muted", False)]
            if g.goal.metric in changed:
                b = changed[g.goal.metric]
                lines.append((text("debrief.what_if_line", quarter=self.what_if.from_quarter,
                                   value=format_value(b.goal.metric, b.value),
                                   stars=count(b.stars, "star"),
                                   difference=format_difference(b.goal.metric,
                                                                b.value - g.value)),
                              13, "accent", True))
            blocks.append(("goal", g, lines))
        if self.what_if is not None and self.what_if.dropped:
            notes = "; ".join(self.what_if.dropped)
            blocks.append(("note", None, [(text("debrief.what_if_dropped", notes=notes), 13,
                                           "muted", False)]))
        for i, lesson in enumerate(self.debrief.lessons):
            lines = [(text("debrief.lessons"), 16, "text", True)] if i == 0 else []
            lines += [(lesson.title, 14, "accent", True), (f"“{lesson.quote}”", 13, "muted", False),
                      (lesson.text, 13, "text", False)]
            blocks.append(("lesson", lesson, lines))
        return blocks

    def left_layout(self) -> list[tuple[tuple, pygame.Rect, int]]:
        """The blocks that show (whole; the rest scroll), each with its rect and text width."""
        s, fonts, left = self.s, self.app.fonts, self.left
        heights, widths = [], []
        for kind, _, lines in self.left_blocks():
            width = left.width - s(28) - (s(100) if kind == "goal" else 0)
            h = sum(fonts.render(words, size, (0, 0, 0), bold, width=width).get_height()
                    for words, size, _, bold in lines)
            heights.append(max(h, s(30)) + s(10))
            widths.append(width)
        top = left.y + s(12) + fonts.line_height(16, True) + s(6)
        room = left.bottom - s(8) - top
        if sum(heights) > room:
            room -= fonts.line_height(13)
        self.scroller.fit(heights, room)
        blocks, out, y = self.left_blocks(), [], top
        for k in self.scroller.visible():
            out.append((blocks[k], pygame.Rect(left.x + s(14), y, left.width - s(28),
                                               heights[k] - s(10)), widths[k]))
            y += heights[k]
        return out

    def goal_rows(self) -> list[tuple[object, pygame.Rect]]:
        """The goals that show, with their rows."""
        return [(block[1], rect) for block, rect, _ in self.left_layout() if block[0] == "goal"]

    def goal_tips(self) -> list[Tip]:
        tips = []
        for g, rect in self.goal_rows():
            one, two, three = (format_value(g.goal.metric, t) for t in g.goal.stars)
            how = {"end": "at the end", "mean": "averaged over the quarters",
                   "total": "summed over the quarters"}[g.goal.at]
            tips.append(Tip(rect, text("debrief.goal_tip", label=g.goal.label,
                                       value=format_value(g.goal.metric, g.value), how=how,
                                       one=one, two=two, three=three)))
        return tips

    def ask_what_if(self) -> None:
        """Which quarter to decide differently, then its plan (game/whatif.py)."""
        from game import whatif
        self.app.push(registry.make("whatif_pick", self.app, len(self.debrief.table),
                                      lambda q: whatif.start(self.app, self, q)))

    def show_what_if(self, result: sim.WhatIf) -> None:
        """Overlay the replay: its line on the charts, each goal's value and difference."""
        self.what_if = result
        self.build()

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_w:
            self.ask_what_if()
            return True
        return False

    def exit(self) -> None:
        """Left before its first frame: the results are written all the same."""
        if self.to_write:
            self.write_results()
        super().exit()

    def write_results(self) -> None:
        """Draw the result sheet and have it written in the background (once per game)."""
        self.to_write = False
        try:
            joined = hotseat.joined_for(self.app, self.session)
            # A game joined by its session folder hands its result to the session too.
            after = joined.deliver if joined is not None and self.session.team else None
            json_path, self.writing = write_results_soon(self.debrief, self.app.palette,
                                                         after=after)
            self.saved = str(json_path)
            self.app.last_result = json_path
        except OSError as exc:
            self.saved = f"could not write the results: {exc}"

    def update(self, dt: float) -> None:
        """The results are written after the debrief has shown (the frame that opens it stays
        short); one that could not be written says so in place of where it went."""
        if self.to_write:
            self.write_results()
        super().update(dt)
        if self.writing is not None and self.writing.done():
            error = self.writing.exception()
            line = "" if error is not None else self.writing.result()
            self.writing = None
            if error is not None:
                self.saved = f"could not write the results: {error}"
                self.app.last_result = None
            elif line:                    # what the workshop session made of the result
                self.saved += f" · {line}"

    # ----- actions ------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> pygame.event.Event | None:
        """The wheel over the lessons (or PgUp/PgDn) scrolls them when they do not fit."""
        if self.scroller.handle(event, self.left, self.app.mouse):
            return None
        return super().handle_event(event)

    def leave(self) -> bool:
        """In a hot seat, leaving a team's debrief hands the laptop to a team still playing;
        with --exit-after-level, leaving the (last) debrief ends the game."""
        if hotseat.hand_over(self.app):
            return True
        if self.app.options.exit_after_level:
            self.app.quit()
            return True
        return False

    def on_back(self) -> None:
        if self.leave():
            return
        flow.to_title(self.app)
        self.app.push(registry.make("level_select", self.app))

    def leave_to_title(self) -> None:
        if not self.leave():
            flow.to_title(self.app)

    def again(self) -> None:
        if self.leave():
            return
        level = self.session.level_name
        # In a workshop every team plays the same seed, so playing again keeps it.
        workshop = self.app.workshop
        seed = self.session.seed if workshop else None
        flow.to_title(self.app)
        self.app.workshop = workshop
        flow.start_level(self.app, level, seed)

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
        w = surface.get_width()
        draw_header(self, surface, text("debrief.title", level=self.session.level.title),
                    f"seed {self.session.seed} · {len(d.table)} quarters",
                    limit=w - s(150))                        # the stars are drawn there
        stars(surface, (w - s(140), s(14)), d.stars, 3, s(13), pal["star"], pal["star_empty"])
        left = self.left
        panel(surface, left, pal["panel"], pal["panel_border"], s(10))
        blit_text(surface, app.fonts, text("debrief.stars"), (left.x + s(14), left.y + s(12)), 16,
                  pal["text"], bold=True)
        for (kind, item, lines), rect, width in self.left_layout():
            y = rect.y + (s(4) if kind == "lesson" else 0)
            for i, (words, size, colour, bold) in enumerate(lines):
                r = blit_text(surface, app.fonts, words, (rect.x, y), size, pal[colour],
                              bold=bold, width=width)
                y = r.bottom + (s(4) if kind == "lesson" and i == 0 and len(lines) == 4 else 0)
            if kind == "goal":
                stars(surface, (rect.right - s(90), rect.y + s(8)), item.stars, 3, s(12),
                      pal["star"], pal["star_empty"])
        if self.scroller.above or self.scroller.below:
            blit_text(surface, app.fonts, self.scroller.more(),
                      (left.x + s(14), left.bottom - s(6)), 13, pal["muted"],
                      anchor="bottomleft")
        for chart in self.charts:
            chart.draw(surface)
        foot = footer_rect(self)
        blit_text(surface, app.fonts, self.saved_line(), (foot.x, foot.y - s(6)), 12,
                  pal["muted"], anchor="bottomleft")

    def saved_line(self) -> str:
        """Where the results went: the whole path if it fits, else the file's name (the whole
        path is in the tooltip); until they are written (after the first frame), that they are
        being saved."""
        if not self.saved:
            return text("debrief.saving")
        line = text("debrief.saved", path=self.saved)
        if self.app.fonts.font(12).size(line)[0] > self.app.screen.get_width() - self.s(40):
            line = text("debrief.saved", path=Path(self.saved).name)
        return line
