"""The errors a user's mistake can raise: each carries one clear sentence for the terminal."""


class OrgsimError(Exception):
    """Base class for mistakes in user input; the CLI prints the message and exits non-zero."""


class LevelError(OrgsimError):
    """A level file or level name is wrong (which file, which key, what was expected)."""


class DecisionError(OrgsimError):
    """A decision overspends the budget, names an unknown lever, or a decision log is malformed."""


class StrategyError(OrgsimError):
    """An unknown strategy name."""
