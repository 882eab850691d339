"""Session codes: a workshop's level, seed, length, timer, rules and model version in a code
short enough to type, so a laptop with no network can join a session.

Why these choices:
- Crockford base32 (digits and letters without I, L, O, U) in groups of 4: nothing looks alike,
  case does not matter, and on input I and L read as 1, O as 0, dashes and spaces are ignored.
- A 15-bit CRC (the CAN polynomial) ends the code: it catches every mistyped character, every
  swap of two neighbours and every burst of up to three characters, and a random typo
  otherwise with odds of 1 in 32,768.
- The model version (major 4 bits, minor 6, patch 6) comes first and never moves, so a code made
  on another orgsim is told apart from a typo and named: the same decisions play out differently
  on another model, so a code only decodes on the version that made it.
- The level is its index in `sorted(sim.level_names())`, not a name: names would make the code
  long. A fixed table of names here would drift from `levels/`; the sorted list of built-in
  levels cannot, and since a code only decodes on its own version, both ends read the same list
  (unless someone adds a level file to an installed copy, which then needs a new code).
- The seed is last before the check, in 24, 44 or 64 bits: any seed orgsim takes fits, and the
  seeds a facilitator picks (under 16,777,216) give 16 characters.

Layout, most significant bit first:
    major 4 | minor 6 | patch 6 | level 5 | quarters 6 | minutes 6 | rules 8 | seed 24/44/64 |
    check 15
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

import sim
from sim.levels import level_names
from sim.limits import MAX_MINUTES, MAX_QUARTERS, MAX_SEED
from sim.paths import levels_dir
from sim.safefile import quote
from sim.workshop.errors import WorkshopError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_ALIASES = {"I": "1", "L": "1", "O": "0"}
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
GROUP = 4

VERSION_BITS = (4, 6, 6)
#: The fields after the version, in order, with their widths (the seed's width varies).
FIELD_BITS = (("level", 5), ("quarters", 6), ("minutes", MAX_MINUTES.bit_length()), ("rules", 8))
SEED_BITS = (24, 44, 64)
CHECK_BITS = 15
CRC_POLY = 0x4599           # CRC-15/CAN: x^15+x^14+x^10+x^8+x^7+x^4+x^3+1
CRC_INIT = 0x7FFF
_FIXED_BITS = sum(VERSION_BITS) + sum(b for _, b in FIELD_BITS) + CHECK_BITS
#: Code lengths in characters, one for each seed width.
LENGTHS = tuple((_FIXED_BITS + s) // 5 for s in SEED_BITS)


@dataclass(frozen=True)
class Rules:
    """What a session allows the teams' games, one bit each in the code's rules byte."""

    preview: bool = False               # easy mode's forecast before committing (off in class)
    practice_after_first: bool = True   # only a team's first finished game counts

    def to_byte(self) -> int:
        return sum(1 << i for i, f in enumerate(fields(self)) if getattr(self, f.name))

    @classmethod
    def from_byte(cls, byte: int) -> Rules:
        names = [f.name for f in fields(cls)]
        if byte >> len(names):
            raise ValueError(byte)
        return cls(**{name: bool(byte >> i & 1) for i, name in enumerate(names)})


#: A workshop's rules unless the facilitator says otherwise.
DEFAULT_RULES = Rules()


@dataclass(frozen=True)
class SessionSpec:
    """What a session code says: the level (built-in), seed, quarters (0: the level's own),
    minutes per quarter (0: no timer), rules and the model version that made it."""

    level: str
    seed: int
    quarters: int = 0
    minutes: int = 0
    rules: Rules = DEFAULT_RULES
    version: str = sim.__version__

    @property
    def overrides(self) -> dict[str, int]:
        """The level overrides every team's game plays with."""
        return {"quarters": self.quarters} if self.quarters else {}


def normalise(code: str) -> str:
    """A code as typed to its characters: upper case, I and L as 1, O as 0, no dashes or
    spaces (unknown characters are kept, for `decode` to name)."""
    text = re.sub(r"[\s\-]+", "", code).upper()
    return "".join(_ALIASES.get(c, c) for c in text)


def format_code(chars: str) -> str:
    """Characters in dash-separated groups of 4, as printed."""
    return "-".join(chars[i:i + GROUP] for i in range(0, len(chars), GROUP))


def printed(code: str) -> str:
    """A code as printed (groups of 4), whatever its spelling."""
    return format_code(normalise(code))


_LEVELS: dict[tuple[tuple[str, int, int], ...], tuple[str, ...]] = {}


def built_in_levels() -> list[str]:
    """The level table a code indexes: the built-in levels' names, sorted.

    Kept while the level files are unchanged (names, sizes, times): reading them all takes
    tens of milliseconds, and a page decodes a code per request."""
    try:
        key = tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                    for p in sorted(levels_dir().glob("*.toml")))
    except OSError:
        return sorted(level_names())
    if key not in _LEVELS:
        _LEVELS.clear()
        _LEVELS[key] = tuple(sorted(level_names()))
    return list(_LEVELS[key])


def version_parts(version: str) -> tuple[int, int, int]:
    """major, minor, patch of a version such as '0.4.5' (a suffix such as '.dev1' is ignored)."""
    match = re.match(r"(\d+)\.(\d+)\.(\d+)", version)
    if not match:
        raise WorkshopError(f"orgsim version {quote(version)} is not major.minor.patch, so no "
                            "session code can name it")
    parts = tuple(int(p) for p in match.groups())
    if any(p >> bits for p, bits in zip(parts, VERSION_BITS, strict=True)):
        raise WorkshopError(f"orgsim version {quote(version)} is beyond what a session code "
                            "holds (major up to 15, minor and patch up to 63)")
    return parts  # type: ignore[return-value]


def _crc(value: int, bits: int) -> int:
    """The CRC-15 of the `bits`-bit number `value`, most significant bit first."""
    crc = CRC_INIT
    for i in reversed(range(bits)):
        feedback = (value >> i & 1) ^ (crc >> (CHECK_BITS - 1))
        crc = (crc << 1) & ((1 << CHECK_BITS) - 1)
        if feedback:
            crc ^= CRC_POLY
    return crc


def _pack(values: list[tuple[int, int]]) -> tuple[int, int]:
    """(value, width) pairs as one number and its width in bits."""
    number, width = 0, 0
    for value, bits in values:
        number, width = number << bits | value, width + bits
    return number, width


def encode(spec: SessionSpec) -> str:
    """The printed code of a session (e.g. '0H2K-...'), refusing what a code cannot hold."""
    names = built_in_levels()
    if spec.level not in names:
        raise WorkshopError(f"a workshop plays a built-in level ({', '.join(names)}), not "
                            f"{quote(spec.level)}")
    if len(names) > 1 << FIELD_BITS[0][1]:
        raise WorkshopError(f"a session code indexes at most {1 << FIELD_BITS[0][1]} levels; "
                            f"this orgsim has {len(names)}")
    if not 0 <= spec.seed <= MAX_SEED:
        raise WorkshopError(f"a workshop's seed must be a whole number from 0 to {MAX_SEED:,}, "
                            f"got {quote(spec.seed)}")
    if not 0 <= spec.quarters <= MAX_QUARTERS:
        raise WorkshopError(f"a workshop plays 1 to {MAX_QUARTERS} quarters (0: the level's "
                            f"own), got {quote(spec.quarters)}")
    if not 0 <= spec.minutes <= MAX_MINUTES:
        raise WorkshopError(f"the minutes per quarter must be from 0 (no timer) to "
                            f"{MAX_MINUTES}, got {quote(spec.minutes)}")
    seed_bits = next(b for b in SEED_BITS if spec.seed < 1 << b)
    values = [*zip(version_parts(spec.version), VERSION_BITS, strict=True),
              (names.index(spec.level), FIELD_BITS[0][1]), (spec.quarters, FIELD_BITS[1][1]),
              (spec.minutes, FIELD_BITS[2][1]), (spec.rules.to_byte(), FIELD_BITS[3][1]),
              (spec.seed, seed_bits)]
    payload, width = _pack(values)
    number = payload << CHECK_BITS | _crc(payload, width)
    chars = (width + CHECK_BITS) // 5
    return format_code("".join(ALPHABET[number >> 5 * (chars - 1 - i) & 31]
                               for i in range(chars)))


def _take(number: int, width: int, bits: int) -> tuple[int, int]:
    """The top `bits` of a `width`-bit number, and the width left."""
    return number >> (width - bits) & ((1 << bits) - 1), width - bits


def decode(code: str) -> SessionSpec:
    """A typed code's session, or one sentence: a typo, another orgsim version, a code this
    orgsim's levels do not know."""
    where = f"session code {quote(code)}"
    text = normalise(code)
    bad = next((c for c in text if c not in _VALUE), None)
    if bad is not None:
        raise WorkshopError(f"{where} holds {quote(bad)}, which no session code has (they "
                            "have digits and letters other than I, L, O and U): check it for a "
                            "typo")
    if len(text) % GROUP or not 2 * GROUP < len(text) <= 8 * GROUP:
        raise WorkshopError(f"{where} has {len(text)} characters; a session code has "
                            f"{', '.join(map(str, LENGTHS[:-1]))} or {LENGTHS[-1]} in groups of "
                            f"{GROUP}: check it for a missing or extra character")
    number = 0
    for c in text:
        number = number << 5 | _VALUE[c]
    width = 5 * len(text) - CHECK_BITS
    if _crc(number >> CHECK_BITS, width) != number & ((1 << CHECK_BITS) - 1):
        raise WorkshopError(f"{where}: the code's checksum does not match: check it for a typo")
    number >>= CHECK_BITS
    parts = []
    for bits in VERSION_BITS:
        part, width = _take(number, width, bits)
        parts.append(part)
    made_for = ".".join(map(str, parts))
    if tuple(parts) != version_parts(sim.__version__):
        raise WorkshopError(f"{where} was made for orgsim {made_for}; this is orgsim "
                            f"{sim.__version__}, whose model plays the same decisions out "
                            f"differently: join with orgsim {made_for} or ask for a new code")
    if len(text) not in LENGTHS:
        raise WorkshopError(f"{where} has {len(text)} characters; a session code of orgsim "
                            f"{sim.__version__} has {', '.join(map(str, LENGTHS))}")
    values = {}
    for name, bits in FIELD_BITS:
        values[name], width = _take(number, width, bits)
    seed = number & ((1 << width) - 1)
    names = built_in_levels()
    if values["level"] >= len(names):
        raise WorkshopError(f"{where} names level number {values['level'] + 1}, but this "
                            f"orgsim has {len(names)} built-in levels: ask for a new code")
    if values["quarters"] > MAX_QUARTERS or seed > MAX_SEED:
        raise WorkshopError(f"{where} asks for more quarters or a larger seed than orgsim "
                            "plays: ask for a new code")
    try:
        rules = Rules.from_byte(values["rules"])
    except ValueError:
        raise WorkshopError(f"{where} sets rules this orgsim does not know: ask for a new "
                            "code") from None
    return SessionSpec(names[values["level"]], seed, values["quarters"], values["minutes"],
                       rules, made_for)
