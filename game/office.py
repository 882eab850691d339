"""The office floor: every worker at a desk, coloured by morale, with icons for their state.

Why a view object: the floor keeps each person at the same desk as people come and go (view
state, not model state), caches what it draws, and answers 'who is under the mouse'. `sync`
reads the model (in update); `draw` only draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pygame

import sim
from game.assets import text
from game.draw import fit_text
from game.figures import Sprites, mood_of
from game.fonts import FontBook
from game.palette import Palette

EXHAUSTED = 0.6          # exhaustion above this shows the battery icon
NEW_WEEKS = 13           # people in their first quarter are shown as new
GHOST_SECONDS = 2.5      # how long a leaver takes to walk out of the door
WALK_SECONDS = 1.5       # how long a newcomer takes to walk in to their desk


@dataclass(frozen=True)
class Desk:
    """What the floor shows of one worker (a snapshot taken in update)."""

    id: int
    name: str
    slot: int
    morale: float
    icons: tuple[str, ...]
    look: int
    role: str
    trust: float
    skill: float
    exhaustion: float
    fit: float
    best: str
    tenure: int
    pose: str = "working"

    @property
    def tip(self) -> str:
        """Name, role and the numbers behind the figure (built only when shown)."""
        return text("office.worker_tip", name=self.name, role=self.role,
                    morale=_pct(self.morale), trust=_pct(self.trust), skill=_pct(self.skill),
                    exhaustion=_pct(self.exhaustion), fit=_pct(self.fit), best=self.best,
                    tenure=self.tenure)


@dataclass
class Ghost:
    """Someone who just left: their desk shows them fading out with a door icon."""

    id: int
    slot: int
    morale: float
    look: int
    seconds: float


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


def pose_of(worker_id: int, morale: float, exhaustion: float, week: int) -> str:
    """How a person sits this week: stressed when exhausted, idle when their morale is low or
    now and then, a word with a colleague now and then, else working (varied week by week, the
    same in every run of a game)."""
    if exhaustion > EXHAUSTED:
        return "stressed"
    turn = (worker_id * 7 + week * 3) % 11
    if morale < 0.35 or turn == 4:
        return "idle"
    return "talking" if turn in (0, 7) and morale >= 0.45 else "working"


def desk_of(worker: Any, slot: int, week: int = 0) -> Desk:
    """A worker's snapshot (a sim Worker agent): state, icons and a tooltip with the numbers."""
    w = worker
    exhaustion, tenure, strengths = w.exhaustion, w.tenure_weeks, w.strengths
    icons = []
    if exhaustion > EXHAUSTED:
        icons.append("exhausted")
    if w.has_offer:
        icons.append("offer")
    if w.has_idea:
        icons.append("idea")
    if tenure < NEW_WEEKS:
        icons.append("new")
    wid = int(w.unique_id)
    best = max(strengths, key=strengths.get) if strengths else ""
    return Desk(wid, w.name, slot, float(w.morale), tuple(icons), (wid * 7) % 36, w.role,
                w.trust, w.skill, exhaustion, w.fit, best, tenure,
                pose_of(wid, float(w.morale), exhaustion, week))


class OfficeView:
    """Desks in a grid that fits `rect`; people keep their desk while they stay."""

    def __init__(self, app: Any, seats: dict[int, int] | None = None) -> None:
        """`seats` (worker id -> desk) is shared by every view of one game, so a person keeps
        their desk for the whole level and sits in the same place on every screen."""
        self._app = app
        self.rect = pygame.Rect(0, 0, 100, 100)
        self.slot_of: dict[int, int] = seats if seats is not None else {}
        self.history: Any = None      # the game's PeopleHistory, for the cards' stories
        self.arriving: dict[int, float] = {}    # newcomers walking in: seconds left
        self._look: tuple = ()
        self.desks: list[Desk] = []
        self.ghosts: list[Ghost] = []
        self.capacity = 1
        self.cols = 1
        self.cell = (10, 10)
        self._cells: list[pygame.Rect] = []
        self._version = 0                      # bumped whenever what is drawn changes
        self._layer: pygame.Surface | None = None
        self._layer_key: tuple = ()
        self._floor: pygame.Surface | None = None
        self._desk: pygame.Surface | None = None

    # The app's palette, fonts and sprites are read live: a change of colours (colour-blind
    # palette) or scale (projector mode) shows on the open screen at once.
    @property
    def palette(self) -> Palette:
        return self._app.palette

    @property
    def fonts(self) -> FontBook:
        return self._app.fonts

    @property
    def sprites(self) -> Sprites:
        return self._app.sprites

    # ----- update -------------------------------------------------------------------------
    def set_rect(self, rect: pygame.Rect) -> None:
        if rect != self.rect:
            self.rect = pygame.Rect(rect)
            self._layout()

    def sync(self, model: sim.OrgModel, left: list[int] | None = None) -> None:
        """Take a snapshot of the team; leavers (ids in `left`) become ghosts."""
        workers = model.workers
        present = {int(w.unique_id) for w in workers}
        by_id = {d.id: d for d in self.desks}
        for wid in left or []:
            if wid in self.slot_of and wid in by_id:
                d = by_id[wid]
                self.ghosts.append(Ghost(wid, d.slot, d.morale, d.look, GHOST_SECONDS))
        for wid in list(self.slot_of):
            if wid not in present:
                del self.slot_of[wid]
        taken = set(self.slot_of.values()) | {g.slot for g in self.ghosts}
        free = (s for s in range(10**6) if s not in taken)
        walk_in = bool(self.desks)          # the first snapshot seats everyone at once
        for w in workers:
            if int(w.unique_id) not in self.slot_of:
                self.slot_of[int(w.unique_id)] = next(free)
                if walk_in and left is not None:
                    self.arriving[int(w.unique_id)] = WALK_SECONDS
        need = max(len(self.slot_of), max(self.slot_of.values(), default=0) + 1,
                   max((g.slot + 1 for g in self.ghosts), default=0), model.level.team_size)
        if need > self.capacity or self.capacity == 1:
            self.capacity = max(need, math.ceil(model.level.team_size * 1.0))
            self._layout()
        week = int(model.weeks_played)
        self.desks = [desk_of(w, self.slot_of[int(w.unique_id)], week) for w in workers]
        self._version += 1

    def advance(self, dt: float) -> None:
        """Walk leavers out of the door and newcomers in to their desks."""
        for g in self.ghosts:
            g.seconds -= dt
        self.ghosts = [g for g in self.ghosts if g.seconds > 0]
        arrived = [wid for wid, left in self.arriving.items() if left <= dt]
        self.arriving = {wid: left - dt for wid, left in self.arriving.items() if left > dt}
        if arrived:
            self._version += 1                  # they sit down: their cells are redrawn

    def _layout(self) -> None:
        n, (w, h) = max(1, self.capacity), self.rect.size
        best = (0.0, 1)
        for cols in range(1, n + 1):
            rows = math.ceil(n / cols)
            size = min(w / cols, h / rows / 1.15)
            if size > best[0]:
                best = (size, cols)
        size, self.cols = best
        rows = math.ceil(n / self.cols)
        cw = min(size, 150)
        self.cell = (int(cw), int(min(cw * 1.15, h / rows)))
        cw, ch = self.cell
        ox = self.rect.x + (self.rect.width - cw * self.cols) // 2
        oy = self.rect.y + (self.rect.height - ch * rows) // 2
        self._origin = (ox, oy)
        self._cells = [pygame.Rect(ox + (i % self.cols) * cw, oy + (i // self.cols) * ch, cw, ch)
                       for i in range(self.capacity)]
        self._floor = self._desk = self._layer = None
        self._version += 1

    # ----- reading ------------------------------------------------------------------------
    def cell_rect(self, slot: int) -> pygame.Rect:
        if slot < len(self._cells):
            return self._cells[slot]
        cw, ch = self.cell
        ox, oy = self._origin
        return pygame.Rect(ox + (slot % self.cols) * cw, oy + (slot // self.cols) * ch, cw, ch)

    def worker_at(self, pos: tuple[int, int]) -> int | None:
        """The worker whose desk is under `pos` (arithmetic, not a search)."""
        if not self._cells or not self.rect.collidepoint(pos):
            return None
        cw, ch = self.cell
        ox, oy = self._origin
        col, row = (pos[0] - ox) // cw, (pos[1] - oy) // ch
        if not (0 <= col < self.cols and row >= 0):
            return None
        slot = row * self.cols + col
        for d in self.desks:
            if d.slot == slot:
                return d.id
        return None

    def desk(self, worker_id: int | None) -> Desk | None:
        for d in self.desks:
            if d.id == worker_id:
                return d
        return None

    def tip_at(self, pos: tuple[int, int]) -> str | None:
        d = self.desk(self.worker_at(pos))
        if d is None:
            return None
        notes = [text(f"icons.{kind}") for kind in d.icons]
        story = self.history.card(d.id) if self.history is not None else ""
        return "\n".join([d.tip, *notes, *([story] if story else [])])

    # ----- drawing ------------------------------------------------------------------------
    def _floor_surface(self) -> pygame.Surface:
        """The carpet: quiet tiles."""
        surf = pygame.Surface(self.rect.size)
        surf.fill(self.palette["floor"])
        tile = max(24, self.cell[0] // 2)
        for i, x in enumerate(range(0, self.rect.width, tile)):
            for j, y in enumerate(range(0, self.rect.height, tile)):
                if (i + j) % 2:
                    surf.fill(self.palette["floor_line"], (x, y, tile, tile))
        return surf

    def _desk_sprite(self) -> pygame.Surface:
        """A desk with a laptop, sized for the cells."""
        cw, ch = self.cell
        surf = pygame.Surface((cw, ch), pygame.SRCALPHA)
        desk = pygame.Rect(round(cw * 0.08), round(ch * 0.66), round(cw * 0.84),
                           max(3, round(ch * 0.2)))
        pygame.draw.rect(surf, self.palette["desk"], desk, border_radius=max(1, desk.h // 4))
        pygame.draw.rect(surf, self.palette["desk_edge"], desk, 1,
                         border_radius=max(1, desk.h // 4))
        if cw >= 24:
            lap = pygame.Rect(0, 0, round(desk.w * 0.26), max(2, round(desk.h * 0.35)))
            lap.bottomright = (desk.right - desk.w // 10, desk.bottom - desk.h // 5)
            pygame.draw.rect(surf, self.palette["monitor"], lap, border_radius=2)
        return surf

    def _cell_keys(self, marked: dict[int, str]) -> dict[int, tuple]:
        """What each slot shows, as a key: a slot is redrawn only when its key changes."""
        keys: dict[int, tuple] = dict.fromkeys(range(self.capacity), ("empty",))
        for d in self.desks:
            if d.id in self.arriving:           # still walking in: drawn on top
                continue
            icons = ((marked[d.id],) if d.id in marked else ()) + d.icons
            keys[d.slot] = ("desk", self.palette.shade_index(d.morale), mood_of(d.morale), d.look,
                            icons[:3], d.name, d.pose)
        return keys

    def _render(self, marked: dict[int, str]) -> None:
        """Bring the cached floor up to date, redrawing only the cells that changed."""
        look = (id(self.palette), id(self.fonts), id(self.sprites))
        if self._floor is None or self._floor.get_size() != self.rect.size or look != self._look:
            self._look = look
            self._floor, self._desk = self._floor_surface(), self._desk_sprite()
            self._layer = None
        if self._layer is None:
            self._layer = self._floor.copy()
            self._drawn: dict[int, tuple] = {}
        keys = self._cell_keys(marked)
        for slot, key in keys.items():
            if self._drawn.get(slot) != key:
                self._draw_cell(slot, key)
                self._drawn[slot] = key

    def _draw_cell(self, slot: int, key: tuple) -> None:
        layer, desk = self._layer, self._desk
        ox, oy = self.rect.topleft
        cw, ch = self.cell
        cell = self.cell_rect(slot).move(-ox, -oy)
        layer.blit(self._floor, cell, cell)
        if key[0] != "empty":
            size = max(6, round(cw * 0.6))
            sprite = self.sprites.person(size, key[1], key[2], key[3],
                                         pose=key[6] if key[0] == "desk" else "working")
            layer.blit(sprite, (cell.centerx - sprite.get_width() // 2, cell.y + round(ch * 0.1)))
        layer.blit(desk, cell)
        icon = max(9, round(cw * 0.3))
        kinds = key[4] if key[0] == "desk" else ()
        for i, kind in enumerate(kinds):
            layer.blit(self.sprites.icon(kind, icon),
                       (cell.right - icon - 1, cell.y + 1 + i * (icon + 1)))
        if key[0] == "desk" and cw >= 84:
            label = self.fonts.render(fit_text(self.fonts, key[5], 12, cw - 4), 12,
                                      self.palette["text"])
            layer.blit(label, (cell.centerx - label.get_width() // 2,
                               cell.bottom - label.get_height() - 1))

    def door(self) -> tuple[int, int]:
        """Where people come in and go out: the middle of the floor's left side."""
        return (self.rect.x, self.rect.centery)

    def _walker_at(self, slot: int, towards_door: float) -> tuple[int, int]:
        """A figure's top-left between its desk (0) and the door (1)."""
        cell = self.cell_rect(slot)
        size = max(6, round(self.cell[0] * 0.6))
        desk = (cell.centerx - size // 2, cell.y + round(self.cell[1] * 0.1))
        door = (self.door()[0] - size // 2, self.door()[1] - size // 2)
        t = min(max(towards_door, 0.0), 1.0)
        return (round(desk[0] + (door[0] - desk[0]) * t), round(desk[1] + (door[1] - desk[1]) * t))

    def _draw_walkers(self, surface: pygame.Surface) -> None:
        """Leavers walking out (fading, with the door icon) and newcomers walking in."""
        size = max(6, round(self.cell[0] * 0.6))
        icon = max(9, round(self.cell[0] * 0.3))
        clip = surface.get_clip()
        surface.set_clip(self.rect)
        for g in self.ghosts:
            pos = self._walker_at(g.slot, 1.0 - g.seconds / GHOST_SECONDS)
            sprite = self.sprites.person(size, self.palette.shade_index(g.morale),
                                         mood_of(g.morale), g.look, ghost=True)
            surface.blit(sprite, pos)
            surface.blit(self.sprites.icon("quit", icon), (pos[0] + size - icon // 2, pos[1]))
        for d in self.desks:
            left = self.arriving.get(d.id)
            if left is None:
                continue
            pos = self._walker_at(d.slot, left / WALK_SECONDS)
            surface.blit(self.sprites.person(size, self.palette.shade_index(d.morale),
                                             mood_of(d.morale), d.look), pos)
        surface.set_clip(clip)

    def draw(self, surface: pygame.Surface, selected: int | None = None,
             hover: int | None = None, marked: dict[int, str] | None = None) -> None:
        """Draw the floor. `marked` maps worker ids to an icon kind (e.g. planned actions)."""
        marked = marked or {}
        key = (self._version, self.rect.size, tuple(g.id for g in self.ghosts),
               tuple(sorted(marked.items())), id(self.palette), id(self.fonts))
        if self._layer is None or key != self._layer_key:
            self._render(marked)          # a render cache: no game state changes here
            self._layer_key = key
        surface.blit(self._layer, self.rect)
        self._draw_walkers(surface)
        for worker, colour, width in ((hover, self.palette["panel_border"], 2),
                                      (selected, self.palette["highlight"], 3)):
            desk = self.desk(worker)
            if desk is not None:
                pygame.draw.rect(surface, colour, self.cell_rect(desk.slot).inflate(-2, -2),
                                 width, border_radius=6)
