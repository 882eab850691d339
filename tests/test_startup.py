"""Start-up (issue 12): `import sim` and the quick commands load only what they use.

Each check runs in a fresh child process and asserts which modules it loaded, not how long it
took (benchmarks/bench_startup.py prints the times): `import sim` imports its names on first use
(PEP 562), and `orgsim --help`, `levels` and `strategies` build every parser and answer
without numpy, pandas or Mesa (each sub-command imports the library in its handler).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from cli_helpers import ROOT, child_env

#: What `import sim` alone must not load: the model, the analysis (plots, the Dask cluster
#: backend), the workshop, and the libraries they stand on.
NOT_ON_IMPORT = ("numpy", "pandas", "mesa", "matplotlib", "dask", "sim.analysis", "sim.workshop",
                 "sim.model")
#: What the quick commands (and building every sub-command's parser) must not load.
NOT_IN_QUICK_COMMANDS = ("numpy", "pandas", "mesa")


def loaded_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running `code` (stdout is discarded)."""
    script = (f"import io, contextlib, json, sys\n"
              f"with contextlib.redirect_stdout(io.StringIO()):\n"
              f"    exec({code!r})\n"
              f"print(json.dumps(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=child_env(),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout))


def heavy(modules: set[str], names: tuple[str, ...]) -> list[str]:
    """Which of `names` (packages, with their submodules) are among `modules`."""
    return sorted(n for n in names if any(m == n or m.startswith(n + ".") for m in modules))


def test_import_sim_loads_neither_the_model_nor_the_analysis() -> None:
    assert heavy(loaded_after("import sim"), NOT_ON_IMPORT) == []


def test_the_cli_parser_loads_no_heavy_library() -> None:
    code = "from sim.cli import build_parser\nbuild_parser()"
    assert heavy(loaded_after(code), NOT_IN_QUICK_COMMANDS) == []


def cli(argv: list[str], succeeds: bool) -> str:
    """Code that runs `orgsim argv` in-process and checks it succeeds (or fails)."""
    check = "status == 0" if succeeds else "status not in (0, None)"
    return (f"from sim.cli import main\n"
            f"try:\n    status = main({argv!r})\nexcept SystemExit as stop:\n"
            f"    status = stop.code\n"
            f"assert {check}, status")


@pytest.mark.parametrize("argv", [["--help"], ["levels"], ["strategies"], ["run", "--help"]])
def test_quick_commands_load_no_heavy_library(argv: list[str]) -> None:
    assert heavy(loaded_after(cli(argv, succeeds=True)), NOT_IN_QUICK_COMMANDS) == []


def test_public_names_and_submodules_load_on_first_use() -> None:
    code = ("import sim\n"
            "assert sim.OrgModel.__module__ == 'sim.model'\n"
            "assert sim.sweep.__module__ == 'sim.analysis.sweep'\n"
            "from sim import what_if\n"
            "assert what_if is sim.whatif.what_if\n"
            "import sim.analysis\n"
            "assert sim.analysis.compare is sim.compare\n"
            "assert sim.levels.load_level('tutorial').name == 'tutorial'\n"
            "assert sim.workshop.__name__ == 'sim.workshop'\n")
    assert {"sim.model", "sim.analysis.sweep", "sim.whatif", "sim.workshop"} <= loaded_after(code)


def test_dir_lists_every_public_name() -> None:
    import sim

    assert set(sim.__all__) <= set(dir(sim))


def test_unknown_names_are_attribute_errors() -> None:
    import sim

    for name in ("no_such_thing", "_private", "__wrapped__"):
        assert not hasattr(sim, name)
    with pytest.raises(AttributeError, match="no attribute 'no_such_thing'"):
        _ = sim.no_such_thing


@pytest.mark.parametrize("argv", [["run", "--level", "no_such_level"],
                                  ["run", "--out", "table.xlsx"]])
def test_run_refuses_a_bad_level_or_path_before_loading_the_model(argv: list[str]) -> None:
    """A mistyped level name or output file is told at once, not after Mesa and pandas load."""
    assert heavy(loaded_after(cli(argv, succeeds=False)), NOT_IN_QUICK_COMMANDS) == []
