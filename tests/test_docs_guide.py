"""docs/facilitator-guide.md stays true to the software: its screenshots exist and are small,
its links inside the page lead somewhere, every orgsim command it shows is accepted by the real
command line, and its table of levels says what the level files and `lesson_warning` say."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

import sim
from sim.cli import build_parser
from sim.workshop import lesson_warning

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "facilitator-guide.md"
IMAGES = ROOT / "docs" / "images"
MAX_IMAGE_BYTES = 250_000


def _text() -> str:
    return GUIDE.read_text(encoding="utf-8")


def _code_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.M | re.S)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes."""
    kept = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return kept.replace(" ", "-")


def test_every_screenshot_exists_is_a_small_png_and_is_used() -> None:
    text = _text()
    used = re.findall(r"!\[[^\]]+\]\(images/([^)]+)\)", text)
    assert len(used) >= 4, used
    for name in used:
        path = IMAGES / name
        assert path.is_file(), f"docs/images/{name} is missing"
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{name} is not a PNG"
        assert path.stat().st_size < MAX_IMAGE_BYTES, f"{name} is over {MAX_IMAGE_BYTES} bytes"
    unused = {p.name for p in IMAGES.glob("*.png")} - set(used)
    assert not unused, f"screenshots no page shows: {sorted(unused)}"


def test_links_inside_the_guide_lead_to_a_heading() -> None:
    text = _text()
    headings = {_slug(h) for h in re.findall(r"^#{1,4} (.+)$", text, flags=re.M)}
    for target in re.findall(r"\]\(#([^)]+)\)", text):
        assert target in headings, f"#{target} is no heading of the guide"


def test_the_readme_links_to_the_guide() -> None:
    assert "(docs/facilitator-guide.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def _orgsim_lines() -> list[str]:
    lines = []
    for block in _code_blocks(_text(), "sh"):
        for line in block.splitlines():
            if line.strip().startswith("orgsim "):
                lines.append(line.strip())
    return lines


@pytest.mark.parametrize("line", _orgsim_lines())
def test_every_command_shown_is_accepted_by_the_command_line(line: str) -> None:
    words = shlex.split(line, comments=True)[1:]
    try:
        build_parser().parse_args(words)
    except SystemExit as exc:                       # argparse refused it (its message is above)
        pytest.fail(f"orgsim refuses the guide's command {line!r} (exit {exc.code})")


def test_the_commands_cover_the_workshop() -> None:
    shown = " ".join(_orgsim_lines())
    for action in ("workshop new", "workshop serve", "workshop stand-in", "workshop collect",
                   "workshop report", "play --session"):
        assert f"orgsim {action}" in shown, f"the guide shows no 'orgsim {action}'"


def test_the_table_of_levels_says_what_the_levels_say() -> None:
    rows = re.findall(r"^\| `(\w+)` \| (.+?) \| (\d+)% \| (\d+) \| (\d+) \| (.+?) \|$", _text(),
                      flags=re.M)
    assert {r[0] for r in rows} == set(sim.level_names())
    for name, title, share, quarters, needs, goal in rows:
        level = sim.load_level(name)
        assert title == level.title, name
        assert int(share) == round(level.knowledge_share * 100), name
        assert int(quarters) == level.quarters, name
        assert goal == level.learning_goal, name
        fewest = next(q for q in range(1, level.quarters + 1) if lesson_warning(name, q) is None)
        assert int(needs) == fewest, f"{name}: the lesson needs {fewest} quarters"
