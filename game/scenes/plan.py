"""Plan the quarter: attention over the leadership and management levers (two columns), the
level's actions, one-to-ones with a person picked in the office, the goals, and commit."""

from __future__ import annotations

import pygame

import sim
from game import flow, guide, phases
from game.assets import text
from game.draw import blit_text, fit_text, panel
from game.office import OfficeView
from game.plan_draft import PlanDraft
from game.scene import Scene, set_enabled, set_selected
from game.scenes.common import draw_header, footer_rect, header_height
from game.scenes.plan_levers import SIDES, LeverColumns
from game.scoring import describe, format_value, score
from game.tips import Tip

ONE_TO_ONES = ("coach", "recognise", "reassign", "idea")


def starting_draft(session: object) -> PlanDraft:
    """Last quarter's attention and policies (hiring, letting go and one-to-ones start empty)."""
    model = session.model
    if not model.decisions:
        return PlanDraft(level=model.level)
    last = model.decisions[-1]
    return PlanDraft(level=model.level, attention=dict(last.attention), training=last.training,
                     bonus=last.bonus)


class PlanScene(Scene):
    name = "plan"

    def __init__(self, app, what_if: tuple | None = None) -> None:
        """`what_if`: (quarter, its decision as played, commit(decision), cancel()) to plan a
        quarter of a finished game again (game/whatif.py) instead of playing on."""
        super().__init__(app)
        self.session = app.session
        self.what_if = what_if
        self.draft = (PlanDraft.from_decision(self.session.level, what_if[1]) if what_if
                      else starting_draft(self.session))
        self.draft.forget_missing({w.unique_id for w in self.session.model.workers})
        self.picked: int | None = None
        self.hover: int | None = None
        self.levers = LeverColumns(self, self.change)
        self.office = OfficeView(app, app.session.seats)
        self.office.history = app.session.history
        self.demo_step = 0
        self._money_line: str | None = None
        self._goal_lines: list[str] | None = None
        # easy mode: the plan's likely effect, worked out in the background as the draft settles
        self.preview_on = app.settings.easy and not app.workshop and what_if is None
        self._preview: tuple[object, str] | None = None     # (draft it is for, its words)
        self._preview_work: tuple[object, object] | None = None   # (draft, future)
        self._settled = 0.0
        self.timed_out = False            # the page's timer committed this plan

    # ----- geometry -----------------------------------------------------------------------
    def regions(self) -> dict[str, pygame.Rect]:
        w, _ = self.app.screen.get_size()
        s = self.s
        top = header_height(self) + s(10)
        bottom = footer_rect(self).y - s(10)
        left = pygame.Rect(s(16), top, round(w * 0.6) - s(24), bottom - top)
        goals_h = self.goals_height(left.width)
        goals = pygame.Rect(left.x, left.bottom - goals_h, left.width, goals_h)
        colw = (left.width - s(12)) // 2
        col_h = goals.y - s(8) - left.y
        right = pygame.Rect(left.right + s(14), top, w - left.right - s(30), bottom - top)
        budget = pygame.Rect(right.x, right.y, right.width, self.budget_height(right.width))
        acts = pygame.Rect(right.x, right.bottom - s(60), right.width, s(60))
        person_h = s(104) + (self.person_button_rows(right.width) - 1) * s(38)
        person = pygame.Rect(right.x, acts.y - s(8) - person_h, right.width, person_h)
        office = pygame.Rect(right.x, budget.bottom + s(8), right.width,
                             person.y - s(8) - budget.bottom - s(8))
        return {
            "leadership": pygame.Rect(left.x, left.y, colw, col_h),
            "management": pygame.Rect(left.x + colw + s(12), left.y, colw, col_h),
            "budget": budget, "office": office, "person": person, "actions": acts,
            "goals": goals,
        }

    def goals_height(self, width: int) -> int:
        """The goals panel as tall as its wrapped lines (every goal is shown whole), with the
        current phase when the level has phases."""
        fonts, s = self.app.fonts, self.s
        lines = sum(fonts.render(line, 12, (0, 0, 0), width=width - s(20)).get_height() + s(2)
                    for line in self.goals_now())
        place = self.phase_place(pygame.Rect(0, 0, width, 0))
        above = place[0].height + s(4) if place is not None and place[1] else 0
        return s(6) + above + fonts.line_height(13, True) + lines + s(8)

    @property
    def quarter(self) -> int:
        """The quarter this screen plans (1-based): the next one, or a what-if's."""
        return self.what_if[0] if self.what_if else self.session.next_quarter

    def phase_line(self) -> str:
        """'Phase 2 of 3: The big release, quarters 5-6' ('' without phases)."""
        return phases.current_line(self.session.level, self.quarter)

    def phase_place(self, area: pygame.Rect) -> tuple[pygame.Rect, bool] | None:
        """Where the phase's line goes in the goals panel `area`, and whether on rows of its
        own: at the right of the Goals heading when both fit on its row (the lever columns
        above lose no height), else wrapped above the heading; None without phases."""
        line = self.phase_line()
        if not line:
            return None
        fonts, s = self.app.fonts, self.s
        font = fonts.font(13, True)
        top = area.y + s(6)
        width = font.size(line)[0]
        if font.size(text("plan.goals"))[0] + s(24) + width <= area.width - s(20):
            return pygame.Rect(area.right - s(10) - width, top, width, font.get_linesize()), False
        image = fonts.render(line, 13, (0, 0, 0), True, width=area.width - s(20))
        return pygame.Rect((area.x + s(10), top), image.get_size()), True

    def budget_line(self) -> str:
        d = self.draft
        spent, budget = d.spent(), d.budget
        unspent = max(0.0, budget - spent)
        line = f"Attention: {spent:g} of {budget:g} points spent"
        return line + (f" · {unspent:g} unspent (neglect)" if unspent > 1e-9 else "")

    def money_line(self) -> str:
        """Money and work, as the player sees them before committing (they do not change
        while the plan is drawn up, so worked out once)."""
        if self._money_line is None:
            self._money_line = self._money_now()
        return self._money_line

    def _money_now(self) -> str:
        model = self.session.model
        table = self.session.table()
        state = model.team_state()
        return text("plan.money_line", left=f"{model.budget_left:,.0f}",
                    budget=f"{model.level.money:,.0f}",
                    cost=f"{float(table['cost'].iloc[-1]):,.0f}" if len(table) else "–",
                    backlog=f"{state['backlog']:.1f}")

    def budget_height(self, width: int) -> int:
        """Room for the attention line at its longest (wrapped), the bar and the money line."""
        fonts, s = self.app.fonts, self.s
        budget = self.draft.budget
        longest = f"Attention: {budget:g} of {budget:g} points spent · {budget:g} unspent (neglect)"
        text_h = fonts.render(longest, 14, (0, 0, 0), True, width=width - s(24)).get_height()
        money_h = fonts.render(self.money_line(), 12, (0, 0, 0), width=width - s(24)).get_height()
        preview_h = 0
        if self.preview_on:            # room for the longer of its two lines
            sample = text("plan.preview", lo="9,999", hi="9,999",
                          unit=self.session.level.output_unit, mlo="99%", mhi="99%")
            preview_h = fonts.render(sample, 12, (0, 0, 0), True,
                                     width=width - s(24)).get_height() + s(4)
        return max(s(54), s(8) + text_h + s(26)) + money_h + s(4) + preview_h

    # ----- widgets ------------------------------------------------------------------------
    def layout(self) -> None:
        s = self.s
        self.regions_ = regions = self.regions()
        self.office.set_rect(regions["office"])
        self.office.sync(self.session.model)
        self.levers.layout({side: regions[side] for side in SIDES})
        self.plus, self.minus = self.levers.plus, self.levers.minus
        self.goal_lines = self.goals_now()
        self.layout_person(regions["person"])
        self.layout_actions(regions["actions"])
        foot = footer_rect(self)
        bw = s(150)
        x = foot.x
        for label, action, tip in (
            (text("whatif.cancel") if self.what_if else text("plan.menu"), self.on_back, None),
            (text("plan.clear"), self.clear, text("plan.clear_tip")),
            (text("plan.repeat"), self.repeat, text("plan.repeat_tip")),
        ):
            self.button(pygame.Rect(x, foot.y, bw, foot.height), label, action, tip=tip,
                        enabled=action != self.repeat or bool(self.session.model.decisions))
            x += bw + s(10)
        commit = pygame.Rect(foot.right - s(250), foot.y, s(250), foot.height)
        self.commit_button = self.button(commit, text("plan.commit"), self.commit,
                                         tip=text("plan.commit_tip"), primary=True)
        self.refresh()

    def person_button_rows(self, width: int) -> int:
        """One row of the one-to-one and let-go buttons, or two where labels would not fit."""
        s, n = self.s, len(ONE_TO_ONES) + 1
        font = self.app.fonts.font(14, True)
        widest = max(font.size(text(f"plan.{a}"))[0] for a in (*ONE_TO_ONES, "let_go"))
        return 1 if (width - s(16) - (n - 1) * s(6)) // n >= widest + s(16) else 2

    def person_button_rects(self, area: pygame.Rect) -> list[pygame.Rect]:
        s, n = self.s, len(ONE_TO_ONES) + 1
        rows = self.person_button_rows(area.width)
        per_row = -(-n // rows)
        width = (area.width - s(16) - (per_row - 1) * s(6)) // per_row
        top = area.bottom - rows * s(38) - s(2)
        return [pygame.Rect(area.x + s(8) + (i % per_row) * (width + s(6)),
                            top + (i // per_row) * s(38), width, s(32)) for i in range(n)]

    def layout_person(self, area: pygame.Rect) -> None:
        s = self.s
        self.prev = self.button(pygame.Rect(area.right - s(84), area.y + s(6), s(36), s(28)), "<",
                                lambda: self.pick_step(-1), tip="Previous person ([)", small=True)
        self.next = self.button(pygame.Rect(area.right - s(44), area.y + s(6), s(36), s(28)), ">",
                                lambda: self.pick_step(1), tip="Next person (])", small=True)
        acts = self.draft.level.actions
        rects = self.person_button_rects(area)
        self.one_buttons: dict[str, object] = {}
        tip = text("plan.one_to_one_tip", cost=f"{self.draft.one_cost:g}")
        for action, rect in zip(ONE_TO_ONES, rects, strict=False):
            self.one_buttons[action] = self.button(
                rect, text(f"plan.{action}"), lambda a=action: self.one_to_one(a), tip=tip,
                small=True, enabled=acts.one_to_one)
        self.let_go_button = self.button(rects[-1], text("plan.let_go"), self.let_go,
                                         tip=text("plan.let_go_tip"), small=True,
                                         enabled=acts.let_go)

    def layout_actions(self, area: pygame.Rect) -> None:
        s = self.s
        acts = self.draft.level.actions
        third = area.width // 3
        bh, bw, valw = s(28), s(30), s(52)
        y = area.bottom - bh - s(6)

        def pair(section_right: int, tip: str, enabled: bool,
                 minus: object, plus: object) -> tuple[object, object]:
            p = pygame.Rect(section_right - s(8) - bw, y, bw, bh)
            m = pygame.Rect(p.x - valw - bw, y, bw, bh)
            return (self.button(m, "−", minus, tip=tip, small=True, enabled=enabled),
                    self.button(p, "+", plus, tip=tip, small=True, enabled=enabled))

        self.hire_minus, self.hire_plus = pair(
            area.x + third, text("plan.hire_tip"), acts.hire,
            lambda: self.act(self.draft.change_hire(-1)),
            lambda: self.act(self.draft.change_hire(1)))
        self.train_minus, self.train_plus = pair(
            area.x + 2 * third, text("plan.training_tip"), acts.training,
            lambda: self.act(self.draft.change_training(-1)),
            lambda: self.act(self.draft.change_training(1)))
        x = area.x + 2 * third + s(8)
        self.bonus_button = self.button(
            pygame.Rect(x, y, area.right - s(8) - x, bh), self.bonus_label(),
            lambda: self.act(self.draft.cycle_bonus()), tip=text("plan.bonus_tip"), small=True,
            enabled=acts.bonus)

    def goals_now(self) -> list[str]:
        """Each goal with its thresholds and where the team stands now (worked out once)."""
        if self._goal_lines is None:
            self._goal_lines = self._goals_from_table()
        return self._goal_lines

    def _goals_from_table(self) -> list[str]:
        table = self.session.table()
        if not len(table):
            return [describe(goal) for goal in self.session.level.goals]
        return [f"{describe(r.goal)}   (now {format_value(r.goal.metric, r.value)})"
                for r in score(self.session.level, table)]

    def bonus_label(self) -> str:
        return text(f"plan.bonus_names.{self.draft.bonus}")

    def refresh(self) -> None:
        """Enable, disable and select buttons to match the draft (after every change)."""
        self._settled = 0.0
        self.levers.refresh(self.draft)
        acts = self.draft.level.actions
        why = self.why_off()
        set_enabled(self.hire_minus, acts.hire and self.draft.hire > 0, why["hire_minus"])
        set_enabled(self.hire_plus, acts.hire and self.draft.hire < acts.max_hires,
                    why["hire_plus"])
        set_enabled(self.train_minus, acts.training and self.draft.training > 0,
                    why["train_minus"])
        set_enabled(self.train_plus, acts.training and self.draft.training < 1,
                    why["train_plus"])
        self.bonus_button.set_text(self.bonus_label())
        picked = self.picked
        planned = self.draft.one_to_one.get(picked) if picked is not None else None
        has_idea = picked is not None and self.worker_has_idea(picked)
        table = sim.lever_table()
        for action, element in self.one_buttons.items():
            enabled = (acts.one_to_one and picked is not None and picked not in self.draft.let_go
                       and (planned is not None or self.draft.can_add(self.draft.one_cost)))
            needs_idea = table.one_to_one[action].needs == "idea"     # levers.toml says so
            if needs_idea and enabled and not has_idea and planned != action:
                set_enabled(element, False, why["no_idea"])
                continue
            set_enabled(element, enabled, why["one_to_one"])
            set_selected(element, planned == action)
        set_enabled(self.let_go_button, acts.let_go and picked is not None, why["let_go"])
        set_selected(self.let_go_button, picked in self.draft.let_go)
        self.tips = self.make_tips()

    def why_off(self) -> dict[str, str]:
        """Why each action button would be disabled now (its tooltip while it is)."""
        d, acts = self.draft, self.draft.level.actions

        def why(key: str, **values: object) -> str:
            return text(f"plan.why_off.{key}", **values)

        picked = self.picked
        if not acts.one_to_one:
            one = why("no_one_to_one")
        elif picked is None:
            one = why("pick_first")
        elif picked in d.let_go:
            one = why("being_let_go", name=self.worker_name(picked))
        else:
            one = why("one_costs", cost=f"{d.one_cost:g}", left=f"{d.remaining():g}")
        return {
            "hire_plus": why("max_hires", n=acts.max_hires) if acts.hire else why("no_hiring"),
            "hire_minus": why("no_hires_planned") if acts.hire else why("no_hiring"),
            "train_plus": why("training_full") if acts.training else why("no_training"),
            "train_minus": why("training_none") if acts.training else why("no_training"),
            "one_to_one": one,
            "let_go": why("pick_first") if acts.let_go else why("no_let_go"),
            "no_idea": why("no_idea", name=self.worker_name(picked)) if picked is not None
            else why("pick_first"),
        }

    def worker_has_idea(self, worker_id: int) -> bool:
        """Whether the person shows the bulb: an idea worth taking up."""
        desk = self.office.desk(worker_id)
        return desk is not None and "idea" in desk.icons

    def worker_name(self, worker_id: int) -> str:
        desk = self.office.desk(worker_id)
        return desk.name if desk is not None else f"#{worker_id}"

    def make_tips(self) -> list[Tip]:
        tips = self.levers.tips()
        budget = self.regions_["budget"]
        tips.append(Tip(budget, text("plan.budget_tip") + "\n" + text("plan.neglect_tip")))
        acts = self.regions_["actions"]
        third = acts.width // 3
        for i, key in enumerate(("hire_tip", "training_tip", "bonus_tip")):
            tips.append(Tip(pygame.Rect(acts.x + i * third, acts.y, third, self.s(22)),
                            text(f"plan.{key}")))
        tips.append(Tip(self.regions_["goals"], text("plan.goals_tip")))
        phase = self.session.level.phase_at(self.quarter)
        place = self.phase_place(self.regions_["goals"])
        if place is not None and phase is not None and phase.text:
            tips.append(Tip(place[0], phase.text))  # over the phase's line: its situation
        return tips

    # ----- actions ------------------------------------------------------------------------
    def change(self, lever_id: str, amount: float) -> None:
        if amount > 0:
            self.draft.add(lever_id, amount)
        else:
            self.draft.remove(lever_id, -amount)
        self.refresh()

    def act(self, changed: bool) -> None:
        """After a discrete action (changed or refused by the rules), show the draft again."""
        self.refresh()

    def pick(self, worker_id: int | None) -> None:
        self.picked = worker_id
        self.refresh()

    def pick_step(self, step: int) -> None:
        ids = [d.id for d in sorted(self.office.desks, key=lambda d: d.slot)]
        if not ids:
            return
        if self.picked not in ids:
            self.pick(ids[0] if step > 0 else ids[-1])
        else:
            self.pick(ids[(ids.index(self.picked) + step) % len(ids)])

    def one_to_one(self, action: str) -> None:
        if self.picked is not None:
            self.draft.toggle_one_to_one(self.picked, action)
        self.refresh()

    def let_go(self) -> None:
        if self.picked is not None:
            self.draft.toggle_let_go(self.picked)
        self.refresh()

    def clear(self) -> None:
        self.draft.clear_attention()
        self.refresh()

    def repeat(self) -> None:
        model = self.session.model
        if model.decisions:
            self.draft.attention = dict(model.decisions[-1].attention)
            while self.draft.spent() > self.draft.budget + 1e-9 and self.draft.one_to_one:
                self.draft.one_to_one.popitem()
        self.refresh()

    def commit(self, timed_out: bool = False) -> None:
        """Commit the draft; points left unspent are neglect, so the player is asked once a
        game whether that is meant. In a class paced by the facilitator's page the quarter
        starts only once released, and when its timer runs out the draft is committed as it
        stands (`timed_out`)."""
        hold = self.hold()
        if hold is not None and not timed_out:
            self.app.notify(text(f"live.{'held_paused' if hold == 'paused' else 'held'}",
                                 quarter=self.session.next_quarter))
            return
        unspent = self.draft.budget - self.draft.spent()
        if unspent > 1e-9 and not self.session.unspent_confirmed and not timed_out:
            def anyway() -> None:
                self.session.unspent_confirmed = True
                self.commit()
            flow.ask(self.app, text("plan.unspent_title"),
                     text("plan.unspent_body", points=f"{unspent:g}",
                          budget=f"{self.draft.budget:g}"),
                     text("plan.unspent_commit"), anyway)
            return
        try:
            decision = self.draft.to_decision()
            sim.validate_decision(decision, self.session.level,
                                  {w.unique_id for w in self.session.model.workers})
            if self.what_if is not None:
                self.what_if[2](decision)
                return
            self.session.commit(decision)
        except sim.DecisionError as exc:
            flow.show_message(self.app, "This plan cannot be used", str(exc))
            return
        flow.open_quarter(self.app)

    # ----- input --------------------------------------------------------------------------
    def on_enter(self) -> None:
        self.commit()

    def on_back(self) -> None:
        if self.what_if is not None:          # back to the debrief, nothing changed
            self.what_if[3]()
            return
        flow.open_menu(self.app)

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_LEFTBRACKET:
            self.pick_step(-1)
            return True
        if event.key == pygame.K_RIGHTBRACKET:
            self.pick_step(1)
            return True
        return False

    def on_click(self, pos: tuple[int, int]) -> None:
        worker = self.office.worker_at(pos)
        if worker is not None:
            self.pick(worker)

    def hold(self) -> str | None:
        """Why the facilitator's page holds this quarter ("waiting", "paused"), or None."""
        link = self.session.link
        if link is None or self.what_if is not None:
            return None
        return link.hold(self.session.next_quarter)

    def pace(self) -> None:
        """Follow the facilitator's page: the commit button waits for the quarter's release,
        the page's refusals are shown, and a timer that runs out commits the draft."""
        link = self.session.link
        if link is None or self.what_if is not None:
            return
        problem = link.take_problem()
        if problem:
            flow.show_message(self.app, text("live.refused"), problem)
            return
        hold = self.hold()
        set_enabled(self.commit_button, hold is None, because=self.pacing_line())
        left = link.time_left(self.session.next_quarter)
        if hold is None and left is not None and left <= 0 and not self.timed_out:
            self.timed_out = True
            self.app.notify(text("live.timed_out"), 4.0)
            self.commit(timed_out=True)

    def tell_phase(self) -> None:
        """The first plan of a new phase tells its situation once, over the plan: the work
        coming in and what it is worth change from this quarter ("The big release")."""
        level = self.session.level
        phase = phases.beginning(level, self.session.next_quarter)
        if self.what_if is not None or phase is None or phase.name in self.session.phases_told:
            return
        self.session.phases_told.add(phase.name)
        flow.show_message(self.app, *phases.message(level, phase))

    def pacing_line(self) -> str:
        """The pacing as the header shows it ('' when not joined by the page)."""
        link = self.session.link
        if link is None or self.what_if is not None:
            return ""
        quarter = self.session.next_quarter
        if not link.connected and (link.pacing is not None or link.failures):
            return text("live.own_pace")
        hold = self.hold()
        if hold is not None:
            return text(f"live.{hold}", quarter=quarter)
        left = link.time_left(quarter)
        if left is None:
            return ""
        minutes, seconds = divmod(int(left + 0.999), 60)
        return text("live.left", time=f"{minutes}:{seconds:02d}", quarter=quarter)

    def update(self, dt: float) -> None:
        super().update(dt)
        if self.app.top is not self:
            return
        self.tell_phase()
        if self.app.top is not self:
            return
        self.pace()
        if self.app.top is not self:
            return
        self.hover = self.office.worker_at(self.app.mouse)
        if self.preview_on:
            self._update_preview(dt)

    def _update_preview(self, dt: float) -> None:
        """Start a forecast once the draft has been still for a moment; take it when done."""
        key = self.draft.to_decision().to_dict()
        self._settled += dt
        if self._preview_work is not None:
            wanted, work = self._preview_work
            if work.done():
                self._preview_work = None
                if work.exception() is None and wanted == key:
                    f = work.result()
                    unit = self.session.level.output_unit
                    self._preview = (key, text(
                        "plan.preview", lo=f"{f.output[0]:,.0f}", hi=f"{f.output[1]:,.0f}",
                        unit=unit, mlo=f"{f.morale[0]:.0%}", mhi=f"{f.morale[1]:.0%}"))
            return
        if (self._preview is None or self._preview[0] != key) and self._settled >= 0.4:
            from game.preview import copies, forecast
            from game.results import run_in_background
            twins = copies(self.session.model)
            self._preview_work = (key, run_in_background(forecast, twins,
                                                         self.draft.to_decision()))

    def preview_line(self) -> str:
        """The easy-mode line: the forecast for this draft, or that it is being worked out."""
        if not self.preview_on:
            return ""
        key = self.draft.to_decision().to_dict()
        if self._preview is not None and self._preview[0] == key:
            return self._preview[1]
        return text("plan.preview_working")

    def tip_text(self, pos: tuple[int, int]) -> str | None:
        return self.office.tip_at(pos) or super().tip_text(pos)

    def demo_act(self) -> None:
        """First show the scripted boss's plan, then commit it."""
        if self.demo_step == 0:
            decision = self.app.demo.decide(self.session.model)
            self.draft = PlanDraft.from_decision(self.session.level, decision)
            self.demo_step = 1
            self.refresh()
        else:
            self.commit()

    # ----- drawing ------------------------------------------------------------------------
    def draw_scene(self, surface: pygame.Surface) -> None:
        surface.fill(self.app.palette["background"])
        level = self.session.level
        title = (text("whatif.plan_title", quarter=self.what_if[0], quarters=level.quarters)
                 if self.what_if else text("plan.title", quarter=self.session.next_quarter,
                                           quarters=level.quarters))
        line = self.pacing_line()
        limit = surface.get_width() - self.app.fonts.font(15, True).size(line)[0] - self.s(48) \
            if line else None
        draw_header(self, surface, title, f"{level.title} · {level.era}", limit=limit)
        regions = self.regions_
        self.levers.draw(surface, self.draft)
        self.draw_budget(surface, regions["budget"])
        self.office.draw(surface, self.picked, self.hover, self.marks())
        self.draw_person(surface, regions["person"])
        self.draw_actions(surface, regions["actions"])
        self.draw_goals(surface, regions["goals"])

    def marks(self) -> dict[int, str]:
        marks = dict.fromkeys(self.draft.one_to_one, "selected")
        marks.update(dict.fromkeys(self.draft.let_go, "quit"))
        return marks

    def draw_budget(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        app, pal, s = self.app, self.app.palette, self.s
        d = self.draft
        panel(surface, area, pal["panel"], pal["panel_border"], s(10))
        budget = d.budget
        unspent = max(0.0, budget - d.spent())
        r = blit_text(surface, app.fonts, self.budget_line(), (area.x + s(12), area.y + s(8)), 14,
                      pal["bad"] if unspent > budget / 2 else pal["text"], bold=True,
                      width=area.width - s(24))
        bar = pygame.Rect(area.x + s(12), r.bottom + s(8), area.width - s(24), s(10))
        r = blit_text(surface, app.fonts, self.money_line(), (bar.x, bar.bottom + s(6)), 12,
                      pal["muted"], width=area.width - s(24))
        if self.preview_on:
            blit_text(surface, app.fonts, self.preview_line(), (bar.x, r.bottom + s(4)), 12,
                      pal["accent"], bold=True, width=area.width - s(24))
        pygame.draw.rect(surface, pal["neglect"], bar, border_radius=4)
        x = bar.x
        parts = ((d.side_points("leadership"), pal["leadership"]),
                 (d.side_points("management"), pal["management"]),
                 (d.one_cost * len(d.one_to_one), pal["highlight"]))
        for points, colour in parts:
            w = round(bar.width * points / budget) if budget else 0
            if w > 0:
                pygame.draw.rect(surface, colour, (x, bar.y, min(w, bar.right - x), bar.height))
            x += w

    def draw_person(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        app, pal, s = self.app, self.app.palette, self.s
        panel(surface, area, pal["panel"], pal["panel_border"], s(10))
        desk = self.office.desk(self.picked)
        x, y = area.x + s(10), area.y + s(6)
        if desk is None:
            blit_text(surface, app.fonts, text("plan.pick_hint"), (x, y), 13, pal["muted"],
                      width=area.width - s(110))
            return
        lines = desk.tip.split("\n")
        r = blit_text(surface, app.fonts, fit_text(app.fonts, lines[0], 14, area.width - s(110),
                                                   True), (x, y), 14, pal["text"], bold=True)
        for line in lines[1:3]:
            r = blit_text(surface, app.fonts, fit_text(app.fonts, line, 12, area.width - s(20)),
                          (x, r.bottom), 12, pal["muted"])

    def draw_actions(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        app, pal, s = self.app, self.app.palette, self.s
        d = self.draft
        acts = d.level.actions
        panel(surface, area, pal["panel"], pal["panel_border"], s(10))
        third = area.width // 3
        for i, (key, available) in enumerate((("hire", acts.hire), ("training", acts.training),
                                              ("bonus", acts.bonus))):
            blit_text(surface, app.fonts, text(f"plan.{key}"),
                      (area.x + i * third + s(10), area.y + s(5)), 12,
                      pal["text"] if available else pal["muted"], bold=True)
        for minus, plus, value in ((self.hire_minus, self.hire_plus, str(d.hire)),
                                   (self.train_minus, self.train_plus, f"{d.training:.0%}")):
            blit_text(surface, app.fonts, value,
                      ((minus.rect.right + plus.rect.left) // 2, minus.rect.centery), 15,
                      pal["text"], bold=True, anchor="center")

    def draw_goals(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        app, pal, s = self.app, self.app.palette, self.s
        if area.height < s(30):
            return
        panel(surface, area, pal["panel"], pal["panel_border"], s(10))
        y = area.y + s(6)
        place = self.phase_place(area)
        if place is not None:
            blit_text(surface, app.fonts, self.phase_line(), place[0].topleft, 13,
                      pal["accent"], bold=True, width=area.width - s(20))
            y = place[0].bottom + s(4) if place[1] else y
        r = blit_text(surface, app.fonts, text("plan.goals"), (area.x + s(10), y), 13,
                      pal["text"], bold=True)
        for line in self.goal_lines:
            r = blit_text(surface, app.fonts, line, (area.x + s(10), r.bottom + s(2)), 12,
                          pal["text"], width=area.width - s(20))


    def draw_above_widgets(self, surface: pygame.Surface) -> None:
        """The guided first quarter's call-out (levels that ask for it), and the pacing of a
        class played with the facilitator's page."""
        guide.draw_callout(self, surface, guide.plan_step(self))
        line = self.pacing_line()
        if line:
            self.draw_pacing(surface, line)

    def draw_pacing(self, surface: pygame.Surface, line: str) -> None:
        """The pacing in a pill at the header's right, in the warning colour when held."""
        pal, s = self.app.palette, self.s
        colour = pal["bad"] if self.hold() is not None else pal["accent"]
        img = self.app.fonts.render(line, 15, pal["background"], bold=True)
        box = img.get_rect(midright=(surface.get_width() - s(28), header_height(self) // 2))
        pygame.draw.rect(surface, colour, box.inflate(s(20), s(10)), border_radius=s(14))
        surface.blit(img, box)
