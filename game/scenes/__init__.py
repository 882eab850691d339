"""One module per screen of the game; each defines a Scene subclass."""
