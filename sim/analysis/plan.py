"""A sweep's plan: which levels, strategies, decision logs, seeds and level parameters to cross.

Why a separate module: the same plan comes from command-line flags, a TOML file or Python
keywords, and every spelling must be checked the same way before a single run starts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.analysis.errors import SweepError
from sim.analysis.mixes import canonical_strategy
from sim.errors import StrategyError
from sim.levels import OVERRIDABLE
from sim.limits import MAX_SEED, MAX_SEEDS
from sim.safefile import quote, read_toml

DEFAULT_LEVELS = ("knowledge_team",)
DEFAULT_STRATEGIES = ("leader", "manager", "balanced")
DEFAULT_SEEDS = 10
MAX_VALUES = 1_000_000
PLAN_KEYS = ("levels", "level", "strategies", "strategy", "decisions", "seeds", "params", "out",
             "workers_out")
_INT = re.compile(r"^[+-]?\d+$")
_SEED_RANGE = re.compile(r"^\s*(\d+)\s*\.\.\s*(\d+)\s*$")

Values = tuple[Any, ...]


@dataclass(frozen=True)
class Plan:
    """The full factorial of levels x (strategies + decision logs) x parameter values x seeds.

    `params` keeps the order given; `out` and `workers_out` come from a plan file, if any.
    """

    levels: tuple[str, ...] = DEFAULT_LEVELS
    strategies: tuple[str, ...] = DEFAULT_STRATEGIES
    decisions: tuple[str, ...] = ()
    seeds: tuple[int, ...] = tuple(range(DEFAULT_SEEDS))
    params: tuple[tuple[str, Values], ...] = ()
    out: str | None = None
    workers_out: str | None = None
    source: str | None = None

    def where(self, axis: str) -> str:
        """How to name an axis in an error: its flag, or its key in the plan file."""
        if self.source:
            return f"{self.source}: {axis}"
        flags = {"levels": "--level", "strategies": "--strategy", "decisions": "--decisions",
                 "seeds": "--seeds", "params": "--param"}
        return flags.get(axis, axis)

    def param_where(self, name: str) -> str:
        """How to name one level parameter in an error."""
        return f"{self.source}: params.{_short(name)}" if self.source \
            else f"--param {_short(name)}"

    @property
    def size(self) -> int:
        """How many runs the plan makes."""
        combos = math.prod(len(values) for _, values in self.params)
        return len(self.levels) * (len(self.strategies) + len(self.decisions)) * combos \
            * len(self.seeds)

    def to_dict(self) -> dict[str, Any]:
        """The grid as plain JSON-ready data (for the metadata file and resume checks)."""
        return {"levels": list(self.levels), "strategies": list(self.strategies),
                "decisions": list(self.decisions), "seeds": list(self.seeds),
                "params": {name: list(values) for name, values in self.params}}


def _short(name: str) -> str:
    """A name as it appears in a message: cut to about 80 characters (see sim.safefile)."""
    return quote(str(name))[1:-1]


def split_names(values: list[str] | None) -> list[str] | None:
    """Repeated comma lists (`--strategy a,b --strategy c`) to one list; None stays None."""
    if values is None:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def parse_scalar(token: str) -> Any:
    """A command-line value as a whole number, a number, true/false, or else a string."""
    token = token.strip()
    if _INT.match(token):
        try:
            return int(token)
        except ValueError:      # more digits than Python converts: left as text, refused later
            return token
    if token.lower() in ("true", "false"):
        return token.lower() == "true"
    try:
        value = float(token)
    except ValueError:
        return token
    return value if math.isfinite(value) else token


def parse_range(text: str, where: str) -> Values:
    """`start:stop:step`, both ends included: `10:200:10` is 10, 20, ..., 200."""
    parts = [parse_scalar(p) for p in text.split(":")]
    if len(parts) != 3 or not all(isinstance(p, int | float) and not isinstance(p, bool)
                                  for p in parts):
        raise SweepError(f"{where}: a range must be start:stop:step with numbers, got "
                         f"{quote(text)}")
    start, stop, step = parts
    if step <= 0:
        raise SweepError(f"{where}: the step of range {quote(text)} must be above 0")
    if stop < start:
        raise SweepError(f"{where}: range {quote(text)} is empty (stop is below start)")
    count = math.floor((stop - start) / step + 1e-9) + 1
    if count > MAX_VALUES:
        raise SweepError(f"{where}: range {quote(text)} gives {count} values; at most {MAX_VALUES}")
    if all(isinstance(p, int) for p in parts):
        return tuple(start + i * step for i in range(count))
    return tuple(round(start + i * step, 10) for i in range(count))


def parse_values(text: str, where: str) -> Values:
    """A list `0.1,0.5,0.9` or a range `10:200:10` of one parameter's values."""
    if ":" in text:
        return parse_range(text, where)
    tokens = [t for t in (t.strip() for t in text.split(",")) if t]
    return tuple(parse_scalar(t) for t in tokens)


def parse_param(arg: str) -> tuple[str, Values]:
    """`--param NAME=VALUES` to the parameter's name and its values."""
    name, sep, text = arg.partition("=")
    name = name.strip()
    if not sep or not name:
        raise SweepError(f"--param {quote(arg)}: expected NAME=VALUES, e.g. "
                         "knowledge_share=0.1,0.5")
    return name, parse_values(text, f"--param {_short(name)}")


def _seed_count(count: int, where: str) -> None:
    if count > MAX_SEEDS:
        raise SweepError(f"{where}: {count:,} seeds is too many; at most {MAX_SEEDS:,}")


def _is_seed(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_SEED


def parse_seeds(value: Any, where: str = "--seeds") -> tuple[int, ...]:
    """Seeds as a count (`100` is 0..99), an inclusive range (`10..19`) or a list (`1,5,9`).

    At most MAX_SEEDS seeds, each from 0 to MAX_SEED, checked before any list is built."""
    if isinstance(value, str):
        text = value.strip()
        match = _SEED_RANGE.match(text)
        if match:
            try:
                low, high = int(match[1]), int(match[2])
            except ValueError:           # more digits than Python converts
                raise SweepError(f"{where}: seed {quote(text, 40)} is too large; seeds go "
                                 f"up to {MAX_SEED:,}") from None
            if high > MAX_SEED:
                raise SweepError(f"{where}: seeds go up to {MAX_SEED:,}, got {high:,}")
            _seed_count(high - low + 1, where)
            return tuple(range(low, high + 1))
        if _INT.match(text):
            value = parse_scalar(text)
        elif "," in text:
            tokens = text.split(",")
            _seed_count(len(tokens), where)
            value = [parse_scalar(t) for t in tokens if t.strip()]
        else:
            raise SweepError(
                f"{where}: expected a count (100), a range (10..19) or a list (1,5,9), "
                f"got {quote(value)}"
            )
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise SweepError(f"{where}: the number of seeds must be 0 or more, got {value}")
        _seed_count(value, where)
        return tuple(range(value))
    if isinstance(value, list | tuple | range):
        _seed_count(len(value), where)
        seeds = tuple(value)
        for seed in seeds:
            if not _is_seed(seed):
                raise SweepError(f"{where}: seeds must be whole numbers from 0 to "
                                 f"{MAX_SEED:,}, got {quote(seed)}")
        return seeds
    raise SweepError(
        f"{where}: expected a count (100), a range (10..19) or a list (1,5,9), got "
        f"{quote(value)}"
    )


def _unique(values: Iterable[Any], where: str) -> None:
    """Refuse a value listed twice, in one pass (1 and 1.0 are different spellings here)."""
    seen: set[tuple[type, Any]] = set()
    for value in values:
        try:
            key = (type(value), value)
            repeated = key in seen
            seen.add(key)
        except TypeError:                # an unhashable value: the value check refuses it
            continue
        if repeated:
            raise SweepError(f"{where} lists {quote(value)} twice")


def _names(value: Any, where: str, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise SweepError(f"{where} must be a list of {what}, got {quote(value)}")
    return tuple(v.strip() for v in value if v.strip())


def _empty(source: str | None, where: str) -> str:
    """'the grid is empty' naming the flag, or the plan file first and then its key."""
    if source and where.startswith(f"{source}: "):
        return f"{source}: the grid is empty: {where[len(source) + 2:]} has no values"
    return f"the grid is empty: {where} has no values"


def make_plan(levels: Iterable[str] | str | None = None,
              strategies: Iterable[str] | str | None = None,
              decisions: Iterable[str | Path] | None = None,
              seeds: Any = None,
              params: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
              out: str | None = None, workers_out: str | None = None,
              source: str | None = None) -> Plan:
    """Check and build a plan; errors name the flag, or the key of the plan file `source`."""
    origin = Plan(source=source)
    at = {axis: origin.where(axis) for axis in ("levels", "strategies", "decisions", "seeds")}
    level_t = _names(DEFAULT_LEVELS if levels is None else levels, at["levels"], "level names")
    decision_t = tuple(str(d) for d in (decisions or ()))
    if strategies is None:
        strategies = () if decision_t else DEFAULT_STRATEGIES
    strategy_t = _names(strategies, at["strategies"], "strategy names")
    try:
        strategy_t = tuple(canonical_strategy(s) for s in strategy_t)
    except StrategyError as exc:
        raise SweepError(f"{at['strategies']}: {exc}") from None
    seed_t = parse_seeds(DEFAULT_SEEDS if seeds is None else seeds, at["seeds"])
    items = list(params.items() if isinstance(params, Mapping) else params or ())
    param_t: list[tuple[str, Values]] = []
    for name, values in items:
        spot = origin.param_where(name)
        if name not in OVERRIDABLE:
            raise SweepError(
                f"{spot}: unknown level parameter {quote(name)}; parameters you can sweep are "
                f"{', '.join(sorted(OVERRIDABLE))}"
            )
        if name in (n for n, _ in param_t):
            raise SweepError(f"{spot}: the parameter is given twice")
        if isinstance(values, str):
            values = parse_values(values, spot)
        elif not isinstance(values, list | tuple | range):
            values = (values,)
        values = tuple(values)
        if not values:
            raise SweepError(_empty(source, spot))
        odd = [v for v in values if not isinstance(v, int | float | str)]   # bools are ints
        if odd:
            raise SweepError(f"{spot}: values must be numbers, true/false or text, got "
                             f"{quote(odd[0])}")
        _unique(values, spot)
        param_t.append((name, values))
    for axis, items_ in (("levels", level_t), ("seeds", seed_t)):
        if not items_:
            raise SweepError(_empty(source, at[axis]))
    if not strategy_t and not decision_t:
        raise SweepError(_empty(source, at["strategies"]))
    for axis, items_ in (("levels", level_t), ("strategies", strategy_t),
                         ("decisions", decision_t), ("seeds", seed_t)):
        _unique(items_, at[axis])
    return Plan(levels=level_t, strategies=strategy_t, decisions=decision_t, seeds=seed_t,
                params=tuple(param_t), out=out, workers_out=workers_out, source=source)


def _relative(base: Path, value: str) -> str:
    """A path from a plan file, taken relative to the plan file's folder."""
    path = Path(value)
    return str(path if path.is_absolute() else base / path)


def _looks_like_path(text: str) -> bool:
    return text.endswith(".toml") or "/" in text or "\\" in text


def load_plan(path: str | Path) -> Plan:
    """Read a TOML plan file; paths inside it are relative to the file's folder."""
    path = Path(path)
    data = read_toml(path, "plan file", SweepError)
    for key in data:
        if key not in PLAN_KEYS:
            raise SweepError(
                f"{path}: unknown key {quote(key)}; expected one of {', '.join(PLAN_KEYS)}"
            )
    for one, many in (("level", "levels"), ("strategy", "strategies")):
        if one in data and many in data:
            raise SweepError(f"{path}: give '{one}' or '{many}', not both")
        if one in data:
            data[many] = data.pop(one)
    base = path.parent
    params = data.get("params", {})
    if not isinstance(params, dict):
        raise SweepError(f"{path}: 'params' must be a table ([params]) of name = values")
    levels = data.get("levels")
    if levels is not None:
        levels = [_relative(base, lv) if isinstance(lv, str) and _looks_like_path(lv) else lv
                  for lv in (levels if isinstance(levels, list) else [levels])]
    decisions = data.get("decisions", [])
    decisions = _names(decisions, f"{path}: decisions", "decision log paths")
    strings = {}
    for key in ("out", "workers_out"):
        if key in data:
            if not isinstance(data[key], str) or not data[key]:
                raise SweepError(f"{path}: '{key}' must be a file path, got {quote(data[key])}")
            strings[key] = _relative(base, data[key])
    return make_plan(levels=levels, strategies=data.get("strategies"),
                     decisions=[_relative(base, d) for d in decisions],
                     seeds=data.get("seeds"), params=params, source=str(path), **strings)
