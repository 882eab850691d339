"""The quarter plays out: the office floor week by week at a chosen speed, events that pop up
and wait for an answer, and a live strip of morale and output."""

from __future__ import annotations

import pygame

import sim
from game import flow, guide, registry
from game.assets import text, text_node
from game.charts import Chart, nice_ticks, sparkline
from game.draw import blit_image, blit_text, panel
from game.office import OfficeView
from game.scene import Scene
from game.scenes.common import draw_header, header_height

SPEEDS = (0, 1, 2, 4)                                       # 0 is paused
WEEKS_PER_SECOND = {0: 0.0, 1: 2.0, 2: 4.0, 4: 8.0}
DEMO_SPEED = 4
LEGEND = ("exhausted", "idea", "offer", "quit", "new")


def weekly_output_scale(level: sim.Level) -> float:
    """A fixed top for the weekly output axis: the level's team at its busiest phase's demand,
    with room for leadership's gains in value (about one unit per person-week is average)."""
    demand = max([1.0] + [p.demand for p in level.phases if p.demand is not None])
    return float(nice_ticks(0.0, 1.6 * level.team_size * demand)[1])


def current_week(model) -> int:
    """The week being played (1-13): the one after the weeks done, as the event log numbers
    it (an event that pops up before week 3 is played happens in week 3)."""
    return min(int(model.week) + 1, 13)


class QuarterScene(Scene):
    name = "quarter"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.session = app.session
        # the speed the player last chose in this game carries over from quarter to quarter
        chosen = self.session.speed if self.session.speed is not None \
            else app.settings.default_speed
        self.speed = DEMO_SPEED if app.demo else chosen
        self.last_speed = self.speed or 1
        self.acc = 0.0
        self.done = False
        self.office = OfficeView(app, app.session.seats)
        self.office.history = app.session.history
        self.strip: list[Chart] = []
        self.log: list[str] = []
        self.toasts: list[list] = []          # [text, seconds left] for events just fired

    # ----- layout -------------------------------------------------------------------------
    def layout(self) -> None:
        s = self.s
        w, h = self.app.screen.get_size()
        top = header_height(self) + s(10)
        strip_h = s(96)
        bottom = h - s(12)
        # the side panel as wide as its longest legend line needs (a projector's big text)
        icon_w = s(22) + s(8) + s(24)
        longest = max(self.app.fonts.font(13).size(text(f"icons.{k}").split(":")[0])[0]
                      for k in LEGEND)
        side_w = min(max(s(260), longest + icon_w), round(w * 0.36))
        self.office_rect = pygame.Rect(s(16), top, w - side_w - s(44),
                                       bottom - strip_h - s(10) - top)
        self.side_rect = pygame.Rect(self.office_rect.right + s(12), top, side_w,
                                     self.office_rect.height)
        self.strip_rect = pygame.Rect(s(16), bottom - strip_h, w - s(32), strip_h)
        self.office.set_rect(self.office_rect)
        self.office.sync(self.session.model)
        self.speed_buttons = {}
        tips = text_node("quarter.speed_tips")
        hh = header_height(self)
        x = w - s(16) - 4 * s(70) - 3 * s(6) - s(140)
        self.header_limit = x
        self.button(pygame.Rect(x, (hh - s(36)) // 2, s(124), s(36)), text("plan.menu"),
                    lambda: flow.open_menu(self.app), small=True)
        x += s(140)
        for speed, label, tip in zip(SPEEDS, text_node("quarter.speeds"), tips, strict=True):
            rect = pygame.Rect(x, (hh - s(36)) // 2, s(70), s(36))
            self.speed_buttons[speed] = self.button(rect, label,
                                                    lambda v=speed: self.set_speed(v), tip=tip,
                                                    small=True)
            x += s(76)
        self.refresh_speed()
        self.rebuild_strip()
        self.rebuild_log()

    def refresh_speed(self) -> None:
        for speed, element in self.speed_buttons.items():
            if speed == self.speed and not element.is_selected:
                element.select()
            elif speed != self.speed and element.is_selected:
                element.unselect()

    def rebuild_strip(self) -> None:
        app, s = self.app, self.s
        weeks = self.session.weeks
        length = self.session.level.quarters * 13
        r = self.strip_rect
        half = (r.width - s(10)) // 2
        unit = self.session.level.output_unit
        self.strip = [
            sparkline(pygame.Rect(r.x, r.y, half, r.height), text("quarter.strip_morale"),
                      [wk.morale for wk in weeks], length, app.palette.series["morale"],
                      app.fonts, app.palette, fmt="{:.0%}", y_range=(0.0, 1.0),
                      axis_fmt="{:.0%}",
                      tip="Team mean morale at the end of each week of the level so far "
                          "(a tick marks each quarter)."),
            sparkline(pygame.Rect(r.x + half + s(10), r.y, r.width - half - s(10), r.height),
                      text("quarter.strip_output", unit=unit), [wk.output for wk in weeks],
                      length, app.palette.series["output"], app.fonts, app.palette,
                      fmt="{:.1f}", y_range=(0.0, weekly_output_scale(self.session.level)),
                      tip=f"Value delivered each week, in {unit}."),
        ]
        self.tips = [t for chart in self.strip for t in chart.tips]

    @property
    def names(self) -> dict[int, str]:
        """Everyone's name by id, those who left included."""
        model = self.session.model
        names = {d.worker: d.name for d in model.departures}
        names.update({int(w.unique_id): w.name for w in model.workers})
        return names

    @staticmethod
    def toast_for(fired) -> str:
        """An unanswered card says what happened; an answered one (seen in its pop-up) now
        names its side and explains it: the lesson comes after the choice, never before."""
        if fired.choice is None:
            return f"{fired.card.title}: {fired.card.text}"
        choice = fired.card.choice(fired.choice)
        return text(f"event.explained.{choice.side}", text=choice.text or choice.label)

    def rebuild_log(self) -> None:
        quarter = self.session.next_quarter
        lines = []
        for fired in self.session.model.fired:
            if fired.quarter != quarter:
                continue
            line = f"Week {fired.week}: {fired.card.title}"
            star = self.names.get(fired.star) if fired.star is not None else None
            if star:
                line += f" ({star})"
            if fired.choice is not None:      # the side is named once the choice is made
                choice = fired.card.choice(fired.choice)
                side = text(f"event.side_names.{choice.side}")
                line += ": " + text("event.answered", label=choice.label, side=side)
            if fired.star_left and star:
                line += " · " + text("quarter.star_left", name=star)
            lines.append(line)
        self.log = lines[-4:]

    # ----- time ---------------------------------------------------------------------------
    def set_speed(self, speed: int) -> None:
        if speed:
            self.last_speed = speed
            self.session.speed = speed
        self.speed = speed
        self.refresh_speed()

    def update(self, dt: float) -> None:
        super().update(dt)
        self.office.advance(dt)
        for toast in self.toasts:
            toast[1] -= dt
        self.toasts = [t for t in self.toasts if t[1] > 0]
        if self.done or self.app.top is not self:
            return
        self.acc += dt * WEEKS_PER_SECOND[self.speed]
        while self.acc >= 1.0:
            card = self.session.pending()
            if card is not None:
                self.acc = 0.0
                self.app.sounds.play("chime")
                self.app.push(registry.make("event", self.app, card))
                return
            result = self.session.step_week()
            self.acc -= 1.0
            self.office.sync(self.session.model, result.left + result.let_go)
            if result.fired:
                self.rebuild_log()
                for fired in result.fired:
                    self.toasts.append([self.toast_for(fired), 5.0])
            self.rebuild_strip()
            if result.quarter_done:
                self.done = True
                flow.quarter_over(self.app)
                return

    # ----- input --------------------------------------------------------------------------
    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_SPACE:
            self.set_speed(0 if self.speed else self.last_speed)
            return True
        keys = {pygame.K_1: 0, pygame.K_2: 1, pygame.K_3: 2, pygame.K_4: 4}
        if event.key in keys:
            self.set_speed(keys[event.key])
            return True
        return False

    def on_back(self) -> None:
        self.set_speed(0)
        flow.open_menu(self.app)

    def tip_text(self, pos: tuple[int, int]) -> str | None:
        legend = self.legend_tip(pos)
        return self.office.tip_at(pos) or legend or super().tip_text(pos)

    # ----- drawing ------------------------------------------------------------------------
    def draw_scene(self, surface: pygame.Surface) -> None:
        app, pal, s = self.app, self.app.palette, self.s
        surface.fill(pal["background"])
        model = self.session.model
        level = self.session.level
        week = current_week(model)
        draw_header(self, surface, text("quarter.title", quarter=self.session.next_quarter,
                                        quarters=level.quarters, week=week), level.title,
                    limit=self.header_limit)
        # weeks of the quarter as a progress bar under the header
        hh = header_height(self)
        bar = pygame.Rect(0, hh - s(4), round(surface.get_width() * model.week / 13), s(4))
        pygame.draw.rect(surface, pal["accent"], bar)
        hover = self.office.worker_at(app.mouse)
        self.office.draw(surface, None, hover)
        if self.speed == 0:
            msg = app.fonts.render(text("quarter.paused"), 16, pal["accent_text"], bold=True)
            box = msg.get_rect(midtop=(self.office_rect.centerx, self.office_rect.y + s(10)))
            pygame.draw.rect(surface, pal["accent"], box.inflate(s(20), s(10)),
                             border_radius=s(8))
            blit_image(surface, msg, box, text("quarter.paused"), app.fonts.px(16))
        self.draw_side(surface)
        for chart in self.strip:
            chart.draw(surface)
        y = self.office_rect.bottom - s(10)
        for message, _ in reversed(self.toasts[-2:]):
            img = app.fonts.render(message, 14, pal["tooltip_text"],
                                   width=self.office_rect.width - s(60))
            box = img.get_rect(midbottom=(self.office_rect.centerx, y))
            pygame.draw.rect(surface, pal["tooltip_bg"], box.inflate(s(20), s(12)),
                             border_radius=s(8))
            blit_image(surface, img, box, message, app.fonts.px(14))
            y = box.top - s(16)

    def legend_rows(self) -> list[tuple[str, pygame.Rect]]:
        s = self.s
        x, y = self.side_rect.x + s(12), self.side_rect.y + s(36)
        return [(kind, pygame.Rect(x, y + i * s(26), self.side_rect.width - s(24), s(24)))
                for i, kind in enumerate(LEGEND)]

    def legend_tip(self, pos: tuple[int, int]) -> str | None:
        for kind, rect in self.legend_rows():
            if rect.collidepoint(pos):
                return text(f"icons.{kind}")
        scale = self.scale_rect()
        if scale.collidepoint(pos):
            return text("office.morale_tip")
        return None

    def scale_rect(self) -> pygame.Rect:
        rows = self.legend_rows()
        last = rows[-1][1]
        return pygame.Rect(last.x, last.bottom + self.s(26), last.width, self.s(12))

    def draw_side(self, surface: pygame.Surface) -> None:
        app, pal, s = self.app, self.app.palette, self.s
        area = self.side_rect
        panel(surface, area, pal["panel"], pal["panel_border"], s(10))
        blit_text(surface, app.fonts, text("quarter.legend"), (area.x + s(12), area.y + s(10)),
                  14, pal["text"], bold=True)
        icon = s(22)
        for kind, rect in self.legend_rows():
            surface.blit(app.sprites.icon(kind, icon), rect.topleft)
            label = text(f"icons.{kind}").split(":")[0]
            blit_text(surface, app.fonts, label, (rect.x + icon + s(8), rect.centery), 13,
                      pal["text"], anchor="midleft")
        scale = self.scale_rect()
        blit_text(surface, app.fonts, "morale", (scale.x, scale.y - s(4)), 12, pal["muted"],
                  anchor="bottomleft")
        stops = app.palette.morale_stops()
        step = scale.width / len(stops)
        for i, colour in enumerate(stops):
            pygame.draw.rect(surface, colour, (scale.x + i * step, scale.y, step + 1, scale.h))
        blit_text(surface, app.fonts, "low", (scale.x, scale.bottom + s(2)), 11, pal["muted"])
        blit_text(surface, app.fonts, "high", (scale.right, scale.bottom + s(2)), 11,
                  pal["muted"], anchor="topright")
        y = scale.bottom + s(24)
        decision = self.session.current_decision()
        lead = sum(p for k, p in decision.attention.items()
                   if self.app_lever_side(k) == "leadership")
        manage = sum(decision.attention.values()) - lead
        r = blit_text(surface, app.fonts, "This quarter's plan", (area.x + s(12), y), 13,
                      pal["text"], bold=True)
        r = blit_text(surface, app.fonts, f"leadership {lead:.1f} · management {manage:.1f} pts",
                      (area.x + s(12), r.bottom + s(2)), 12, pal["muted"],
                      width=area.width - s(24))
        state = self.session.model.team_state()
        r = blit_text(surface, app.fonts,
                      text("quarter.money_line", left=f"{state['budget_left']:,.0f}",
                           backlog=f"{state['backlog']:.1f}"),
                      (area.x + s(12), r.bottom + s(2)), 12, pal["muted"],
                      width=area.width - s(24))
        r = blit_text(surface, app.fonts, "Events", (area.x + s(12), r.bottom + s(10)), 13,
                      pal["text"], bold=True)
        for line in reversed(self.log or ["none yet"]):       # the newest first, whole lines
            img = app.fonts.render(line, 12, pal["muted"], width=area.width - s(24))
            if r.bottom + s(4) + img.get_height() > area.bottom - s(6):
                break
            r = blit_text(surface, app.fonts, line, (area.x + s(12), r.bottom + s(4)), 12,
                          pal["muted"], width=area.width - s(24))

    @staticmethod
    def app_lever_side(lever_id: str) -> str:
        return sim.lever_table()[lever_id].side

    def screenshot_name(self) -> str:
        return "quarter"


    def draw_above_widgets(self, surface: pygame.Surface) -> None:
        """The guided first quarter's call-out (levels that ask for it)."""
        guide.draw_callout(self, surface, guide.quarter_step(self))
