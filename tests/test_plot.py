"""`orgsim plot` and `sim.analysis.plot`: real figures from real sweep and run files.

Each file must be a valid image (PNG decoded by Pillow, SVG parsed as XML); the landscape must
refuse data that holds no landscape; bad input is one sentence.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from cli_helpers import one_sentence, orgsim
from PIL import Image

import sim
from sim.analysis.plot import landscape_data, plot
from sim.analysis.sweep import sweep
from sim.cli import main

ROOT = Path(__file__).resolve().parent.parent




def valid_png(path: Path) -> tuple[int, int]:
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(path) as image:
        image.verify()
    with Image.open(path) as image:
        return image.size


def valid_svg(path: Path) -> None:
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    assert len(list(root.iter())) > 50           # real drawing, not an empty canvas


@pytest.fixture(scope="module")
def landscape(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small sweep over leadership share (mix:SHARE) and knowledge_share, on disk."""
    out = tmp_path_factory.mktemp("plot") / "land.parquet"
    sweep(levels=["tutorial"], strategies=["mix:0", "mix:0.5", "mix:1", "neglect"], seeds=2,
          params={"knowledge_share": [0.1, 0.9], "quarters": [3]}, out=out, jobs=1,
          progress=False)
    return out


@pytest.mark.slow
def test_plot_command_writes_every_figure_as_png_and_svg(tmp_path: Path,
                                                         landscape: Path) -> None:
    done = orgsim("plot", str(landscape), "--out", "figures", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    names = {Path(line).name for line in done.stdout.split()}
    expected = {f"{stem}.{fmt}" for stem in ("trends-tutorial", "cumulative",
                                             "landscape-output_cum") for fmt in ("png", "svg")}
    assert names == expected
    for name in expected:
        path = tmp_path / "figures" / name
        if name.endswith(".png"):
            width, height = valid_png(path)
            assert width > 600 and height > 300
        else:
            valid_svg(path)


def test_figures_say_what_they_show(tmp_path: Path, landscape: Path) -> None:
    written = plot(landscape, tmp_path, kinds=["trends", "landscape"], formats=["svg"],
                   outcome_name="morale")
    assert [p.name for p in written] == ["trends-tutorial.svg", "landscape-morale.svg"]
    trends = written[0].read_text()
    for words in ("Morale", "Output this quarter", "Trust in the boss", "Skill",
                  "People who quit", "quarter", "boss's strategy", "95% confidence",
                  "mix:0.5"):
        assert words in trends
    land = written[1].read_text()
    for words in ("Policy landscape", "leadership share", "knowledge_share",
                  "higher is better"):
        assert words in land


def test_landscape_cells_follow_the_sweep(landscape: Path) -> None:
    from sim.analysis.store import read_results

    cells = landscape_data(read_results(landscape), "output_cum")
    assert sorted(cells["knowledge_share"].unique()) == [0.1, 0.9]
    assert sorted(cells["leadership"].unique()) == [0.0, 0.5, 1.0]   # neglect left out
    assert (cells["count"] == 2).all()                               # two seeds a cell


@pytest.mark.slow
def test_plot_a_single_run_from_json_and_csv(tmp_path: Path) -> None:
    frame = sim.run("tutorial", "balanced", 3)
    frame.to_json(tmp_path / "run.json", orient="records")
    frame.to_csv(tmp_path / "run.csv", index=False)
    for source in ("run.json", "run.csv"):
        written = plot(tmp_path / source, tmp_path / source.replace(".", "_"),
                       formats=["png"])
        assert [p.name for p in written] == ["trends-tutorial.png", "cumulative.png"]
        for path in written:
            valid_png(path)


def test_landscape_needs_a_landscape(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    sim.run("tutorial", "leader", 1).to_csv(tmp_path / "run.csv", index=False)
    assert main(["plot", str(tmp_path / "run.csv"), "--kind", "landscape", "--out",
                 str(tmp_path / "figs")]) == 1
    assert "the policy landscape needs runs at two or more knowledge shares" in \
        one_sentence(capsys.readouterr().err)
    assert not (tmp_path / "figs").exists()


@pytest.mark.parametrize("args, expected", [
    (["missing.parquet"], "missing.parquet: no such results file"),
    (["table.txt"], "table.txt: expected a .csv, .parquet or .json results file"),
    (["bad.csv"], "needs the column(s)"),
    (["run.csv", "--kind", "pie"], "unknown plot kind 'pie'; kinds are trends, cumulative"),
    (["run.csv", "--format", "gif"], "unknown image format 'gif'"),
])
def test_bad_plot_input_is_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture,
                                        monkeypatch: pytest.MonkeyPatch, args: list[str],
                                        expected: str) -> None:
    (tmp_path / "table.txt").write_text("x\n")
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n")
    sim.run("tutorial", "leader", 1).to_csv(tmp_path / "run.csv", index=False)
    monkeypatch.chdir(tmp_path)
    assert main(["plot", *args, "--out", str(tmp_path / "figs")]) == 1
    assert expected in one_sentence(capsys.readouterr().err)


def test_unknown_outcome_is_refused_by_the_parser(tmp_path: Path) -> None:
    pd.DataFrame({"a": [1]}).to_csv(tmp_path / "x.csv", index=False)
    done = orgsim("plot", "x.csv", "--outcome", "happiness", cwd=tmp_path)
    assert done.returncode == 2
    assert "invalid choice: 'happiness'" in one_sentence(done.stderr)
