"""The data folders (levels/, assets/) ship in a wheel and are found from a checkout."""

from __future__ import annotations

import tomllib
from pathlib import Path

import sim
from sim.paths import assets_dir, levels_dir

ROOT = Path(__file__).resolve().parent.parent


def test_data_folders_are_found_from_the_checkout() -> None:
    assert levels_dir() == ROOT / "levels"
    assert assets_dir() == ROOT / "assets"
    assert set(sim.level_names()) == {p.stem for p in (ROOT / "levels").glob("*.toml")}


def test_every_data_file_is_listed_for_the_wheel() -> None:
    """pyproject's data-files globs must cover every file in levels/ and assets/, or an
    installed wheel would silently miss it."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["data-files"]
    shipped = {path for globs in patterns.values() for g in globs for path in ROOT.glob(g)}
    for folder in ("levels", "assets"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                assert path in shipped, f"{path.relative_to(ROOT)} is not in a data-files glob"


def test_the_package_carries_the_models_version() -> None:
    """What pip installs says the model's version (`sim.__version__`, which result files,
    session codes and replays check): a bump of one without the other tells users the wrong
    version."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert config["project"]["version"] == sim.__version__
