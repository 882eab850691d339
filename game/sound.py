"""Tiny synthesised sounds (a click, a chime, a quarter's end): no recordings to license.

Why optional: a game on a projector may need silence, and a machine without audio must still
run the game, so every failure here means 'no sound', never an error.
"""

from __future__ import annotations

import numpy as np
import pygame

_TONES = {           # name -> (frequencies in Hz, seconds)
    "click": ((880.0,), 0.04),
    "chime": ((660.0, 990.0), 0.35),
    "quarter": ((523.25, 659.25, 783.99), 0.6),
}


class Sounds:
    """Synthesised sounds, played only when enabled and the mixer works."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        if enabled:
            self._load()

    def _load(self) -> None:
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init()
            freq, size, channels = pygame.mixer.get_init()
        except (pygame.error, TypeError):
            self.enabled = False
            return
        if size != -16:
            self.enabled = False
            return
        for name, (tones, seconds) in _TONES.items():
            t = np.arange(int(freq * seconds)) / freq
            wave = sum(np.sin(2 * np.pi * f * t) for f in tones) / len(tones)
            envelope = np.minimum(1.0, t / 0.005) * np.exp(-t * 6.0 / seconds)
            samples = (wave * envelope * 0.25 * 32767).astype(np.int16)
            frames = np.repeat(samples[:, None], channels, axis=1) if channels > 1 else samples
            try:
                self._sounds[name] = pygame.sndarray.make_sound(np.ascontiguousarray(frames))
            except (pygame.error, ValueError):
                self.enabled = False
                return

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        if enabled and not self._sounds:
            self._load()

    def play(self, name: str) -> None:
        if self.enabled and name in self._sounds:
            self._sounds[name].play()
