"""The fuzz suite's cases, one function and one hypothesis strategy per kind of input.

Each `*_case` function takes a drawn recipe and a scratch folder, feeds the input through the
real API (or the real command line) and returns an `Outcome` (see fuzz_helpers). The tests in
tests/test_fuzz_*.py assert on it; benchmarks/fuzz_long.py counts it over many cases.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import shutil
from pathlib import Path
from typing import Any

from fuzz_helpers import (
    ACCEPTED,
    CLI_SECONDS,
    Deep,
    Long,
    Outcome,
    Raw,
    apply_bytes,
    apply_recipe,
    byte_recipe,
    guarded,
    level_seeds,
    level_trees,
    model_outcome,
    run_cli,
    to_json,
    to_toml,
    tree_recipe,
)
from hypothesis import strategies as st

import sim

LEVEL_FILE = "fuzz_level.toml"
LOG_FILE = "fuzz_log.json"
SAVE_FILE = "slot.json"
PLAN_FILE = "study.toml"
#: Levels decision logs are replayed on (short ones keep the cases fast).
LOG_LEVELS = ("tutorial", "factory_floor", "knowledge_team")


def _first(outcome: Outcome, *more: Outcome) -> Outcome:
    """The first outcome that is not plain acceptance."""
    for one in (outcome, *more):
        if one.kind != "accepted":
            return one
    return ACCEPTED


def raw_or_tree(raw: st.SearchStrategy, tree: st.SearchStrategy) -> st.SearchStrategy:
    """(True, a byte recipe) or (False, a tree recipe): one file mutated either way."""
    return st.booleans().flatmap(lambda is_raw: st.tuples(st.just(is_raw),
                                                          raw if is_raw else tree))


# ----- levels -----------------------------------------------------------------------------------
LEVEL_SEEDS = level_seeds()
LEVEL_TREES = level_trees()
level_tree_recipes = tree_recipe(LEVEL_TREES)
level_byte_recipes = byte_recipe(LEVEL_SEEDS)


def level_text(recipe: tuple, raw: bool) -> bytes:
    """The bytes of a mutated level file: a byte recipe, or a tree recipe written as TOML."""
    if raw:
        return apply_bytes(LEVEL_SEEDS, recipe)
    return to_toml(apply_recipe(LEVEL_TREES, recipe)).encode("utf-8")


def level_case(data: bytes, folder: Path, seed: int = 1) -> Outcome:
    """Load a level file through the API; if accepted, play two quarters with the random boss
    and check the table and the explanations. Only OrgsimError may refuse it, and only while
    loading (an accepted level must run)."""
    path = folder / LEVEL_FILE
    path.write_bytes(data)
    level, outcome = guarded(lambda: sim.load_level(str(path)), (sim.OrgsimError,), path)
    if level is None:
        return outcome

    def play() -> Any:
        model = sim.OrgModel(str(path), strategy="random", seed=seed)
        for _ in range(min(2, model.level.quarters)):
            model.run_quarter()
        return model

    model, outcome = guarded(play, ())
    if model is None:
        return outcome
    return _first(*guarded(lambda: model_outcome(model), ())[::-1])


def level_cli_case(data: bytes, folder: Path) -> Outcome:
    """`orgsim run --level FILE --quarters 2` on a mutated level file."""
    path = folder / LEVEL_FILE
    path.write_bytes(data)
    return run_cli(["run", "--level", str(path), "--quarters", "2"], folder, command="run")


# ----- decision logs ----------------------------------------------------------------------------
@functools.cache
def _level(name: str) -> sim.Level:
    return sim.load_level(name)


LEVER_IDS = tuple(sim.lever_table().ids)
ODD_NUMBERS_JSON = (Raw("NaN"), Raw("Infinity"), Raw("-Infinity"), Raw("1e400"), Raw("-1e400"),
                    Raw("1" * 5000), -0.0, -1, 0, 10**12, 10**30, 1e308, 0.5, 2.5, True, None,
                    "2", [], {}, [1], Long("9", 100))


def _json_number(valid: st.SearchStrategy) -> st.SearchStrategy:
    return valid | st.sampled_from(ODD_NUMBERS_JSON)


@st.composite
def decision_entry(draw: st.DrawFn, level: str, sound_only: bool = False) -> Any:
    """One decision-log entry for a level: each field sound, or (one time in three, unless
    `sound_only`) odd."""
    lv = _level(level)
    if not sound_only and draw(st.integers(0, 19)) == 0:
        return draw(st.sampled_from((None, [], "plan", 3, Raw("NaN"), [{}], Deep(50))))
    ids = st.integers(1, lv.team_size)
    odd_id = st.sampled_from((0, -1, lv.team_size + 50, 10**30, 1.0, 1.5, "1", True, None,
                              Raw("NaN")))
    pairs = [(e.id, c.id) for e in lv.events for c in e.choices]
    fields = {
        "attention": (st.dictionaries(st.sampled_from(LEVER_IDS), st.floats(0, 1.5),
                                      max_size=5),
                      st.dictionaries(st.sampled_from((*LEVER_IDS, "", "nope", "PLAN")),
                                      _json_number(st.floats(0, 3)), max_size=5)
                      | st.sampled_from(([], "plan", None, {"plan": {"x": 1}}))),
        "hire": (st.integers(0, min(lv.actions.max_hires, 2) if lv.actions.hire else 0),
                 st.sampled_from(ODD_NUMBERS_JSON)),
        "let_go": (st.lists(ids, max_size=2, unique=True),
                   st.lists(ids | odd_id, max_size=4) | st.sampled_from((1, None, {}))),
        "training": (st.floats(0, 1), st.sampled_from(ODD_NUMBERS_JSON)),
        "bonus": (st.sampled_from(("none", "team", "individual")),
                  st.sampled_from(("", "TEAM", 1, None, ["team"]))),
        "one_to_one": (st.lists(st.fixed_dictionaries({
                           "action": st.sampled_from(("coach", "recognise", "reassign")),
                           "worker": ids}), max_size=2),
                       st.lists(st.fixed_dictionaries({
                           "action": st.sampled_from(("coach", "fire", "", None, 1)),
                           "worker": ids | odd_id}) | st.sampled_from(
                               ({"action": "coach"}, {"action": "coach", "worker": 1, "x": 2},
                                [], "coach")), max_size=3)
                       | st.sampled_from(([{"action": "coach", "worker": 1}] * 300, None, {}))),
        "responses": (st.sampled_from(pairs).map(lambda p: {p[0]: p[1]}) if pairs
                      else st.just({}),
                      st.dictionaries(st.sampled_from([e for e, _ in pairs] + ["nope"]),
                                      st.sampled_from(("", "nope", 1, None, [])), max_size=2)),
        "hires": (st.nothing(), st.just(1)),     # an unknown key
    }
    entry: dict[str, Any] = {}
    keys = sorted(fields) if not sound_only else sorted(set(fields) - {"hires"})
    for key in sorted(draw(st.sets(st.sampled_from(keys), max_size=4))):
        sound, odd = fields[key]
        if key == "hires" or (not sound_only and draw(st.integers(0, 2)) == 0):
            entry[key] = draw(odd)
        else:
            entry[key] = draw(sound)
    return entry


@st.composite
def decision_logs(draw: st.DrawFn) -> tuple[str, Any]:
    """A level and a decision log for it: 0 to quarters + 3 entries (half the logs with sound
    values only), sometimes wrapped in {"decisions": [...]}, sometimes not a list at all."""
    level = draw(st.sampled_from(LOG_LEVELS))
    quarters = _level(level).quarters
    length = draw(st.sampled_from((1, 2, quarters, quarters, quarters + 1, 0, 41)))
    sound_only = draw(st.booleans())
    entries = draw(st.lists(decision_entry(level, sound_only), min_size=min(length, 6),
                            max_size=min(length, 6)))
    entries = (entries * (length // max(len(entries), 1) + 1))[:length] if entries else []
    shape = "list" if sound_only else draw(st.sampled_from(("list",) * 3 + (
        "wrapped", "object", "scalar")))
    if shape == "wrapped":
        return level, {"decisions": entries}
    if shape == "object":
        return level, {"decision": entries}
    if shape == "scalar":
        return level, draw(st.sampled_from((Raw("NaN"), 1, "x", None, Deep(100))))
    return level, entries


def _materialize_json(value: Any) -> Any:
    if isinstance(value, Long | Deep):
        return value.make()
    if isinstance(value, dict):
        return {k: _materialize_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_materialize_json(v) for v in value]
    return value


def log_text(log: Any) -> bytes:
    return to_json(_materialize_json(log)).encode("utf-8")


def decision_log_case(level: str, data: bytes, folder: Path, seed: int = 2) -> Outcome:
    """Read a decision log through the API (only DecisionError may refuse it), replay it on the
    level (only DecisionError may stop the replay) and check the accepted run."""
    path = folder / LOG_FILE
    path.write_bytes(data)
    decisions, outcome = guarded(lambda: sim.load_decision_log(path), (sim.DecisionError,),
                                 path)
    if decisions is None:
        return outcome

    def replay() -> Any:
        model = sim.OrgModel(level, seed=seed, decisions=decisions)
        model.run()
        return model

    model, outcome = guarded(replay, (sim.DecisionError,))
    if model is None:
        return outcome
    return _first(*guarded(lambda: model_outcome(model), ())[::-1])


def decision_log_cli_case(level: str, data: bytes, folder: Path) -> Outcome:
    """`orgsim run --level L --decisions FILE`."""
    path = folder / LOG_FILE
    path.write_bytes(data)
    return run_cli(["run", "--level", level, "--decisions", str(path)], folder, command="run")


# ----- Decision objects built directly ----------------------------------------------------------
ODD_PY = (None, "x", "", 1.5, -1, -0.0, math.nan, math.inf, -math.inf, 10**30, [], {}, (),
          ("a",), True, b"bytes", 2**63, 1e308)


@st.composite
def direct_decisions(draw: st.DrawFn) -> dict[str, Any]:
    """Keyword arguments for sim.Decision: sound values with wrong types and odd numbers."""
    lv = _level("knowledge_team")
    odd = st.sampled_from(ODD_PY)
    one = st.builds(sim.OneToOne, st.sampled_from(("coach", "recognise", "x", None, 1)),
                    st.integers(0, lv.team_size + 1) | odd)
    fields = {
        "attention": st.dictionaries(st.sampled_from(LEVER_IDS) | st.sampled_from(("", 1, None)),
                                     st.floats(0, 2) | odd, max_size=4) | odd,
        "hire": st.integers(0, 2) | odd,
        "let_go": st.lists(st.integers(1, lv.team_size) | odd, max_size=3).map(tuple) | odd,
        "training": st.floats(0, 1) | odd,
        "bonus": st.sampled_from(("none", "team", "individual")) | odd,
        "one_to_one": st.lists(one | odd, max_size=3).map(tuple) | odd,
        "responses": st.dictionaries(st.sampled_from(("client_deadline", "x", 1)),
                                     st.sampled_from(("crunch", "negotiate", "x", 1, None)),
                                     max_size=2) | odd,
    }
    chosen = draw(st.sets(st.sampled_from(sorted(fields)), min_size=1, max_size=3))
    return {name: draw(fields[name]) for name in sorted(chosen)}


def direct_decision_case(kwargs: dict[str, Any], seed: int = 3) -> Outcome:
    """`model.set_decision(sim.Decision(**kwargs))`: only DecisionError may refuse it; an
    accepted decision must play a quarter soundly."""
    model = sim.OrgModel("knowledge_team", seed=seed)

    def decide() -> bool:
        model.set_decision(sim.Decision(**kwargs))
        return True

    done, outcome = guarded(decide, (sim.DecisionError,))
    if done is None:
        return outcome
    played, outcome = guarded(lambda: model.run_quarter() is not None, ())
    if played is None:
        return outcome
    return _first(*guarded(lambda: model_outcome(model), ())[::-1])


# ----- saves ------------------------------------------------------------------------------------
@functools.cache
def save_trees() -> dict[str, Any]:
    """Real saves: the tutorial after two played quarters, and a knowledge team after one."""
    from game.session import Session

    first = Session("tutorial", seed=3)
    first.play_quarter(sim.Decision(attention={"coach": 2.0, "plan": 2.0}, training=0.5,
                                    one_to_one=(sim.OneToOne("coach", 1),)))
    first.play_quarter(sim.Decision(attention={"vision": 3.0}, bonus="team"))
    second = Session("knowledge_team", seed=9, overrides={"team_size": 5})
    second.play_quarter(sim.Decision(attention={"control": 4.0}, let_go=(2,)))
    return {"tutorial": json.loads(json.dumps(first.to_save())),
            "knowledge_team": json.loads(json.dumps(second.to_save()))}


@functools.cache
def save_seed_bytes() -> dict[str, bytes]:
    return {name: json.dumps(tree, indent=1).encode() for name, tree in save_trees().items()}


def save_text(recipe: tuple, raw: bool) -> bytes:
    if raw:
        return apply_bytes(save_seed_bytes(), recipe)
    return to_json(apply_recipe(save_trees(), recipe)).encode("utf-8")


def save_case(data: bytes, folder: Path) -> Outcome:
    """Load a save (only FileRefusedError or OrgsimError may refuse it, naming the file); an
    accepted save plays on soundly; listing the folder never fails and never hangs."""
    from game.jsonfile import FileRefusedError
    from game.saves import list_saves, load_save

    path = folder / SAVE_FILE
    path.write_bytes(data)
    session, outcome = guarded(lambda: load_save(path), (FileRefusedError, sim.OrgsimError),
                               path)
    if session is not None:
        def play_on() -> Outcome:
            if not session.finished:
                session.play_quarter(sim.Decision())
            return model_outcome(session.model)

        outcome = _first(*guarded(play_on, ())[::-1])
    infos, listed = guarded(lambda: list_saves(folder), ())
    if infos is not None and any("\n" in info.error for info in infos):
        listed = Outcome("message", "list_saves: an error of more than one line")
    return _first(outcome, listed)


# ----- sweep plans ------------------------------------------------------------------------------
PLAN_SEEDS: dict[str, str] = {
    "basic": 'levels = ["knowledge_team"]\nstrategies = ["leader", "manager"]\nseeds = 3\n'
             'out = "results.csv"\n',
    "params": 'level = "factory_floor"\nstrategy = "balanced"\nseeds = "10..12"\n'
              '[params]\nknowledge_share = [0.1, 0.5]\nteam_size = "10:30:10"\n',
    "decisions": 'levels = ["tutorial", "levels/knowledge_team.toml"]\n'
                 'strategies = ["mix:0.3", "adaptive"]\ndecisions = ["log.json"]\n'
                 'seeds = [1, 5, 9]\nout = "r.parquet"\nworkers_out = "w.csv"\n'
                 '[params]\nquarters = 2\nattention_budget = "4:8:2"\n',
}


@functools.cache
def plan_trees() -> dict[str, Any]:
    import tomllib

    return {name: tomllib.loads(text) for name, text in PLAN_SEEDS.items()}


PLAN_BYTES = {name: text.encode() for name, text in PLAN_SEEDS.items()}
plan_tree_recipes = tree_recipe(plan_trees())
plan_byte_recipes = byte_recipe(PLAN_BYTES)


def plan_text(recipe: tuple, raw: bool) -> bytes:
    if raw:
        return apply_bytes(PLAN_BYTES, recipe)
    return to_toml(apply_recipe(plan_trees(), recipe)).encode("utf-8")


def plan_case(data: bytes, folder: Path) -> Outcome:
    """`load_plan`: only OrgsimError (SweepError is one) may refuse it, naming the file; an
    accepted plan has a size and can be written as JSON metadata."""
    from sim.analysis.plan import load_plan

    path = folder / PLAN_FILE
    path.write_bytes(data)
    plan, outcome = guarded(lambda: load_plan(path), (sim.OrgsimError,), path)
    if plan is None:
        return outcome

    def sound() -> Outcome:
        size = plan.size
        json.dumps(plan.to_dict(), allow_nan=False)
        if not isinstance(size, int) or size < 1:
            return Outcome("data", f"plan size {size!r}")
        return ACCEPTED

    return _first(*guarded(sound, ())[::-1])


# ----- command lines ----------------------------------------------------------------------------
@functools.cache
def cli_flags() -> dict[str, tuple[tuple[str | None, bool, tuple], ...]]:
    """Every sub-command's flags, read from the real parser: (flag or None for a positional,
    whether it takes a value, its choices)."""
    from sim.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    found = {}
    for name, command in sub.choices.items():
        flags = []
        for action in command._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            flag = max(action.option_strings, key=len) if action.option_strings else None
            flags.append((flag, action.nargs != 0, tuple(action.choices or ())))
        found[name] = tuple(flags)
    return found


#: Odd values for any flag: empty, '-', long, negative, huge, unicode, special files.
ODD_ARGS = ("", "-", "x" * 300, "-1", "0", "1", "2", "1000000000000", "nan", "inf", "1e308",
            "数据ü", ".", "folder", "/dev/null", "fifo.toml", "/proc/x", "/proc/self/status",
            "level.toml", "bad.toml", "log.json", "bad.json", "study.toml", "out.csv",
            "out.json", "out.parquet", "out.xlsx", "results.csv", "knowledge_team", "tutorial",
            "balanced", "mix:0.5", "mix:nan", "knowledge_share=0:1:0.5",
            "team_size=1:1000000000000:1", "quarters=1", "0..1", "1,2",
            "tcp://127.0.0.1:1", "--", "-h")
#: Flags added unless drawn, so a case stays small (a few runs) and never waits for a player.
CLI_DEFAULTS: dict[str, tuple[str, ...]] = {
    "run": ("--quarters", "2"),
    "sweep": ("--seeds", "1", "--jobs", "1", "--out", "out.csv", "--quiet",
              "--connect-timeout", "2"),
    "compare": ("--seeds", "2", "--jobs", "1"),
    "validate": ("--quick", "--seeds", "1"),
    "play": ("--exit-after-level", "--demo", "balanced", "--quarters", "1",
             "--level", "tutorial"),
}
#: How often each sub-command is drawn (validate and play take seconds even when all is well).
CLI_WEIGHTS = {"run": 5, "sweep": 5, "compare": 3, "plot": 3, "levels": 1, "strategies": 1,
               "validate": 1}


@st.composite
def command_lines(draw: st.DrawFn, commands: tuple[str, ...] = ()) -> tuple[str, ...]:
    """An argv: a sub-command, the defaults of `CLI_DEFAULTS`, then a few of its real flags with
    odd values (argparse keeps the last of a repeated flag, so a drawn value wins)."""
    flags = cli_flags()
    pool = commands or tuple(c for c, w in CLI_WEIGHTS.items() for _ in range(w))
    command = draw(st.sampled_from(pool))
    argv: list[str] = [command, *CLI_DEFAULTS.get(command, ())]
    drawn = draw(st.lists(st.sampled_from(flags[command]), max_size=4)) if flags[command] else []
    for flag, takes_value, choices in drawn:
        value = draw(st.sampled_from(choices + ODD_ARGS) if choices
                     else st.sampled_from(ODD_ARGS))
        if flag is None:
            argv.append(value)
        elif takes_value:
            argv += [flag, value] if draw(st.booleans()) else [f"{flag}={value}"]
        else:
            argv.append(flag)
    if draw(st.integers(0, 9)) == 0:
        argv = draw(st.sampled_from(([], ["--bogus"], [command, "--level"], ["-"], [""],
                                     [command, "\x7f"])))
    return tuple(argv)


def make_cli_folder(folder: Path) -> Path:
    """A scratch working folder with the files the odd arguments name: a sound and a broken
    level, a sound and a broken decision log, a plan, a results table and a folder (the FIFO
    is made in each case's copy)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "level.toml").write_bytes(LEVEL_SEEDS["tutorial"])
    (folder / "bad.toml").write_bytes(LEVEL_SEEDS["tutorial"][:700] + b"\xff[[")
    (folder / "log.json").write_text(json.dumps([{"attention": {"plan": 2}}] * 2))
    (folder / "bad.json").write_text('[{"attention": {"plan": NaN}}, {"hire": 1e400}]')
    (folder / "study.toml").write_text('levels = ["tutorial"]\nstrategies = ["balanced"]\n'
                                       'seeds = 1\n')
    (folder / "folder").mkdir(exist_ok=True)
    (folder / "levels").mkdir(exist_ok=True)
    (folder / "levels" / "knowledge_team.toml").write_bytes(LEVEL_SEEDS["knowledge_team"])
    sim.run("tutorial", "balanced", 1, quarters=2).to_csv(folder / "results.csv", index=False)
    return folder


def cli_case(argv: tuple[str, ...], template: Path, scratch: Path) -> Outcome:
    """Run one argv in a fresh copy of the template folder."""
    if scratch.exists():
        shutil.rmtree(scratch)
    shutil.copytree(template, scratch, symlinks=True)
    os.mkfifo(scratch / "fifo.toml")      # a FIFO nobody writes to (copytree cannot copy one)
    command = argv[0] if argv else ""
    seconds = 45.0 if command == "play" else CLI_SECONDS
    outcome = run_cli(list(argv), scratch, seconds=seconds, command=command)
    shutil.rmtree(scratch, ignore_errors=True)
    return outcome
