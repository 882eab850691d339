"""Fuzz: command lines. Random argv built from every sub-command's real flags (read from
`sim.cli.build_parser()`) with odd values (empty, '-', 300-character names, negatives, 10**12,
unicode, folders, /dev/null, a FIFO, /proc paths), each run as a real `orgsim` child process in a
scratch folder with a timeout: exit 0, or 1/2 with one 'orgsim: error:' line; no traceback."""

from __future__ import annotations

import pytest
from fuzz_cases import cli_case, command_lines, make_cli_folder
from fuzz_helpers import assert_ok, fuzz_settings
from hypothesis import given


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return make_cli_folder(tmp_path_factory.mktemp("cli") / "template")


@pytest.mark.slow
@fuzz_settings(16, shrink=False)
@given(argv=command_lines())
def test_odd_command_lines_end_in_one_sentence_or_succeed(argv, template, tmp_path):
    assert_ok(cli_case(argv, template, tmp_path / "case"), argv)


@pytest.mark.slow
@pytest.mark.parametrize("argv", [
    ("sweep", "--seeds", "1000000000000", "--jobs", "1", "--out", "out.csv", "--quiet"),
    ("compare", "--seeds", "1000000000000", "--jobs", "1"),
    ("sweep", "--param", "team_size=1:1000000000000:1", "--seeds", "1", "--out", "out.csv"),
    ("run", "--level", "fifo.toml"), ("run", "--decisions", "fifo.toml"),
    ("sweep", "fifo.toml", "--out", "out.csv"), ("plot", "fifo.toml"),
    ("compare", "--input", "fifo.toml"), ("run", "--out", "/proc/x/out.csv"),
    ("run", "--quarters", "1000000000000"), ("run", "--team-size", "-1"),
    ("run", "--seed", "-1", "--quarters", "1"), ("run", "--knowledge-share", "nan"),
])
def test_known_hard_command_lines(argv, template, tmp_path):
    assert_ok(cli_case(argv, template, tmp_path / "case"), argv)


@pytest.mark.slow
@fuzz_settings(1, shrink=False)
@given(argv=command_lines(commands=("play",)))
def test_odd_play_command_lines_exit(argv, template, tmp_path):
    assert_ok(cli_case(argv, template, tmp_path / "case"), argv)
