"""Colours from assets/palettes.json, and morale to colour on the chosen (colour-blind-safe)
scale."""

from __future__ import annotations

import pygame

from game.assets import load

MORALE_STEPS = 16   # morale is drawn in this many shades, so figures can be cached per shade


def hex_colour(text: str) -> pygame.Color:
    """'#RRGGBB' or '#RRGGBBAA' to a pygame Color."""
    return pygame.Color(text)


class Palette:
    """The UI colours, chart series colours and the morale scale of one palette."""

    def __init__(self, colour_blind: bool = True) -> None:
        data = load("palettes.json")
        name = "colour_blind" if colour_blind else "standard"
        self.name = name
        self.ui = {k: hex_colour(v) for k, v in data["ui"].items()}
        self.series = {k: hex_colour(v) for k, v in data["series"].items()}
        self.skin = [hex_colour(v) for v in data["skin"]]
        self.hair = [hex_colour(v) for v in data["hair"]]
        self._stops = [hex_colour(v) for v in data["palettes"][name]["morale"]]
        self._shades = [self._interpolate(i / (MORALE_STEPS - 1)) for i in range(MORALE_STEPS)]

    def __getitem__(self, key: str) -> pygame.Color:
        return self.ui[key]

    def _interpolate(self, x: float) -> pygame.Color:
        x = min(max(x, 0.0), 1.0) * (len(self._stops) - 1)
        i = min(int(x), len(self._stops) - 2)
        return self._stops[i].lerp(self._stops[i + 1], x - i)

    @staticmethod
    def shade_index(morale: float) -> int:
        """Which of the MORALE_STEPS shades a morale value (0-1) falls in."""
        return min(MORALE_STEPS - 1, max(0, int(morale * MORALE_STEPS)))

    def morale(self, morale: float) -> pygame.Color:
        """The colour of a morale value (0-1)."""
        return self._shades[self.shade_index(morale)]

    def morale_stops(self) -> list[pygame.Color]:
        """The scale's end and middle colours, for a legend."""
        return list(self._shades)
