"""orgsim's Pygame front end: scenes on a stack over the `sim` library's public API.

Import `game.app` only when the game is played; `import sim` never imports pygame.
"""

import os

# pygame prints a banner on import unless told not to; the game's output is its own.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
