"""The game loop and the scene stack.

Why this shape (after Tuxemon): scenes are pushed, popped and replaced through the app, never
through globals; only the top scene gets input and updates; scenes are drawn from the highest
opaque one upwards; simulation time comes from update(dt), so the frame rate (capped, no busy
loop) never changes how fast a quarter plays.
"""

from __future__ import annotations

import random
import statistics
import sys
import threading
import time
from pathlib import Path

import pygame
import pygame_gui

import sim
from game.demo import DemoPilot
from game.draw import blit_image
from game.figures import Sprites
from game.fonts import FontBook
from game.options import PlayOptions
from game.palette import Palette
from game.progress import read_progress
from game.scene import Scene
from game.session import Session
from game.settings import Settings, load_settings, save_settings, ui_scale
from game.sound import Sounds
from game.theme import ManagerFactory, theme_dict
from game.tips import HOVER_DELAY, draw_tip
from sim import kernels

FPS = 60
PROJECTOR_MIN_PX = 18   # the smallest text in projector mode, readable from the back of a room
MAX_DT = 0.25    # a stalled frame never advances the game by more than this


class App:
    """The window, the shared resources (fonts, palette, sounds) and the scene stack."""

    def __init__(self, options: PlayOptions | None = None,
                 settings: Settings | None = None) -> None:
        pygame.init()
        self.options = options or PlayOptions()
        self.settings = settings or load_settings()
        self.screen = self._open_window()
        self._configure()
        self.sounds = Sounds(self.settings.sound)
        # A progress file that could not be read: the reason, told once at the start.
        self.progress, self.progress_problem = read_progress()
        self.stack: list[Scene] = []
        self.session: Session | None = None
        self.demo = (DemoPilot(self.options.demo, self.options.demo_pause)
                     if self.options.demo else None)
        self.workshop = False
        self.running = True
        self.clock = pygame.time.Clock()
        self.mouse = (-1, -1)
        self.hover_tip: str | None = None
        self._hover_time = 0.0
        self.frame_ms: list[float] = []
        self.frames = 0
        self.shots: dict[str, Path] = {}
        self.layout_version = 0
        self.last_result: Path | None = None
        # Keys down now, and keys whose press already acted on a screen that has since gone:
        # their repeats (or queued presses) are ignored until the key is released, so one
        # press never acts on two screens.
        self.notice: tuple[str, float] | None = None    # a passing confirmation, seconds left
        self._keys_down: set[int] = set()
        self._keys_spent: set[int] = set()
        # The model's compiled week, made ready while the player reads the first screens (the
        # first game on a machine compiles it for several seconds).
        threading.Thread(target=kernels.warm_up, name="orgsim-warm-up", daemon=True).start()

    # ----- window and resources -----------------------------------------------------------
    def _open_window(self) -> pygame.Surface:
        flags = pygame.RESIZABLE | (pygame.FULLSCREEN if self.settings.fullscreen else 0)
        screen = pygame.display.set_mode(self.settings.window, flags)
        pygame.display.set_caption("orgsim: leadership and management")
        return screen

    def _configure(self) -> None:
        self.scale = ui_scale(self.screen.get_size(), self.settings.projector)
        self.fonts = FontBook(self.scale, PROJECTOR_MIN_PX if self.settings.projector else 8)
        self.palette = Palette(self.settings.colour_blind)
        self.sprites = Sprites(self.palette)
        self.theme = theme_dict(self.scale)
        self.managers = ManagerFactory(self.screen.get_size(), self.scale)

    def new_ui(self) -> pygame_gui.UIManager:
        """A widget manager for one scene, themed at the current scale."""
        return self.managers.new(self.screen.get_size())

    def apply_settings(self, settings: Settings) -> None:
        """Keep new settings, reopen the window if needed and rebuild every scene."""
        old = self.settings
        self.settings = settings
        try:
            save_settings(settings)
        except (OSError, sim.OrgsimError) as exc:    # kept for this run, told to the player
            from game import flow
            from game.assets import text
            flow.show_message(self, text("save.failed"), str(exc))
        if (old.window, old.fullscreen) != (settings.window, settings.fullscreen):
            self.screen = self._open_window()
        self._configure()
        self.sounds.set_enabled(settings.sound)
        self.relayout()

    def relayout(self) -> None:
        """The window or scale changed: rebuild every scene on the stack for the new size."""
        self.layout_version += 1
        for scene in self.stack:
            scene.build()
            scene.built_version = self.layout_version

    # ----- the stack ----------------------------------------------------------------------
    @property
    def top(self) -> Scene:
        return self.stack[-1]

    def push(self, scene: Scene) -> None:
        if self.stack:
            self.top.pause()
        self.stack.append(scene)
        scene.built_version = self.layout_version
        scene.enter()
        self._screen_changed()

    def pop(self) -> None:
        if not self.stack:
            return
        self.stack.pop().exit()
        if self.stack:
            self.top.resume()
        self._screen_changed()

    def replace(self, scene: Scene) -> None:
        if self.stack:
            self.stack.pop().exit()
        self.stack.append(scene)
        scene.built_version = self.layout_version
        scene.enter()
        self._screen_changed()

    def reset(self, scene: Scene) -> None:
        """Drop every scene and start again from `scene`."""
        while self.stack:
            self.stack.pop().exit()
        self.push(scene)

    def quit(self) -> None:
        """Stop after this frame, once files being written in the background are on disk."""
        from game.results import finish_background_work
        finish_background_work()
        self.running = False

    # ----- the frame ----------------------------------------------------------------------
    def dispatch(self, event: pygame.event.Event) -> None:
        """Route one event: window events here, F1 to the help, the rest to the top scene."""
        if event.type == pygame.QUIT:
            self.quit()
            return
        if event.type == pygame.VIDEORESIZE:
            self.screen = pygame.display.get_surface()
            self._configure()
            self.relayout()
            return
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            if self.mouse != event.pos:
                self._hover_time = 0.0
            self.mouse = event.pos
        if event.type == pygame.KEYUP:
            self._keys_down.discard(event.key)
            self._keys_spent.discard(event.key)
        elif event.type == pygame.KEYDOWN:
            if event.key in self._keys_spent:
                return
            self._keys_down.add(event.key)
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F1:
            from game import flow
            flow.toggle_help(self)
        elif self.stack:
            self.top.handle_event(event)

    def _screen_changed(self) -> None:
        """Another scene is on top: held keys have acted, and a text field that had the focus
        (pygame_gui turns key repeat on for it) is gone, so repeat goes off until a new text
        field takes the focus."""
        self._keys_spent |= self._keys_down
        if not self._text_field_focused():
            pygame.key.set_repeat(0)

    def _text_field_focused(self) -> bool:
        ui = self.top.ui if self.stack else None
        widgets = ui.get_sprite_group().sprites() if ui is not None else []
        return any(isinstance(e, (pygame_gui.elements.UITextEntryLine,
                                  pygame_gui.elements.UITextEntryBox)) and e.is_focused
                   for e in widgets)

    def notify(self, message: str, seconds: float = 3.0) -> None:
        """A short confirmation over any screen ("Saved to slot ..."), gone by itself."""
        self.notice = (message, seconds)

    def update(self, dt: float) -> None:
        if self.notice is not None:
            message, left = self.notice
            self.notice = (message, left - dt) if left > dt else None
        if not self.stack:
            return
        self.top.update(dt)
        if self.stack:
            self._hover_time += dt
            tip = self.top.tip_text(self.mouse)
            self.hover_tip = tip if tip and self._hover_time >= HOVER_DELAY else None

    def draw(self, surface: pygame.Surface) -> None:
        """Draw from the highest opaque scene up; draw changes nothing in the game."""
        start = 0
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].opaque:
                start = i
                break
        if not self.stack or not self.stack[start].opaque:
            surface.fill(self.palette["background"])
        for scene in self.stack[start:]:
            scene.draw(surface)
        if self.notice is not None:
            self._draw_notice(surface, self.notice[0])
        if self.hover_tip:
            draw_tip(surface, self.fonts, self.hover_tip, self.mouse,
                     self.palette["tooltip_bg"], self.palette["tooltip_text"])

    def _draw_notice(self, surface: pygame.Surface, message: str) -> None:
        img = self.fonts.render(message, 15, self.palette["tooltip_text"], bold=True)
        pad = round(10 * self.scale)
        box = img.get_rect(midbottom=(surface.get_width() // 2,
                                      surface.get_height() - round(72 * self.scale)))
        pygame.draw.rect(surface, self.palette["tooltip_bg"], box.inflate(2 * pad, pad),
                         border_radius=pad)
        blit_image(surface, img, box, message, self.fonts.px(15))

    def frame(self, dt: float) -> None:
        """One frame: events, update(dt), draw, flip, screenshot."""
        started = time.perf_counter()
        for event in pygame.event.get():
            self.dispatch(event)
        if not self.stack:
            self.running = False
            return
        self.update(min(dt, MAX_DT))
        if self.stack:
            self.draw(self.screen)
            self._screenshot()
            pygame.display.flip()
        self.frame_ms.append((time.perf_counter() - started) * 1000.0)
        self.frames += 1

    def _screenshot(self) -> None:
        folder = self.options.screenshots
        if folder is None:
            return
        name = self.top.screenshot_name()
        if name in self.shots:
            return
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{len(self.shots) + 1:02d}-{name}.png"
        pygame.image.save(self.screen, str(path))
        self.shots[name] = path

    def run(self) -> int:
        """Play until the player quits (or the options' frame limit)."""
        fixed = self.options.fixed_dt
        while self.running and self.stack:
            if fixed is not None:
                self.clock.tick()
                dt = fixed
            else:
                dt = self.clock.tick(FPS) / 1000.0
            self.frame(dt)
            if self.options.max_frames is not None and self.frames >= self.options.max_frames:
                break
        self.shutdown()
        if self.options.fps_report:
            print(self.fps_report())
        return 0

    def shutdown(self) -> None:
        while self.stack:
            self.stack.pop().exit()
        from game.results import finish_background_work
        finish_background_work()
        joined = self.options.teams or ((self.options.joined,) if self.options.joined else ())
        for team in joined:         # the last quarter's log reaches the page if it can
            if team.link is not None:
                team.link.flush(3.0)
                team.link.close()

    def fps_report(self) -> str:
        """Frame-time figures (work per frame, without the sleep that caps the rate)."""
        times = sorted(self.frame_ms[1:]) or [0.0]
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        return (f"frames: {len(times)}  mean {statistics.fmean(times):.2f} ms  "
                f"p95 {p95:.2f} ms  max {times[-1]:.2f} ms  (budget 16.7 ms for 60 fps)")


def new_seed() -> int:
    """A fresh seed for a new game (shown on the briefing so it can be replayed)."""
    return random.SystemRandom().randrange(1, 100_000)


def run_game(options: PlayOptions) -> int:
    """Check the options, open the window and play; errors in the options raise OrgsimError."""
    from game import flow
    from game.jsonfile import FileRefusedError
    from game.saves import load_save
    from sim.safefile import quote_path

    if options.level is not None:
        sim.load_level(options.level)
    if options.demo is not None:
        sim.get_strategy(options.demo)
    session = None
    if options.load is not None:
        try:
            session = load_save(options.load)
        except FileRefusedError as exc:
            raise sim.OrgsimError(f"cannot load {quote_path(options.load)}: {exc.reason}") \
                from None
    try:
        app = App(options)
    except pygame.error as exc:
        pygame.quit()
        raise sim.OrgsimError(f"cannot open the game window ({exc}); on a machine without a "
                              "display set SDL_VIDEODRIVER=dummy") from None
    flow.start(app, session)
    try:
        return app.run()
    finally:
        pygame.quit()


def main(argv: list[str] | None = None) -> int:
    """Run the game without the orgsim CLI (python -m game.app)."""
    from sim.cli import main as cli_main
    return cli_main(["play", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    sys.exit(main())
