"""The facilitator's page in a real browser: Debian's headless Chromium driven by Selenium
through Debian's ChromeDriver, against a real page on loopback (tests/live_server.py).

The leaderboard updates as a team commits, releasing a quarter unblocks the teams (a real game
link stops waiting), a wrong facilitator key is refused on the page, and the page serves the
debrief report. CI (.ci/run, ORGSIM_REQUIRE_BROWSER=1) installs Chromium and fails here when it
is missing; elsewhere a missing browser skips with the reason."""

from __future__ import annotations

import json
import os
import shutil
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from live_server import running_page

import sim
from game.live import LiveLink, call, parse_address
from game.session import Session as Game
from sim.workshop import new_session
from sim.workshop.session import Session

pytestmark = pytest.mark.slow


def _browser_paths() -> tuple[str, str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if chromium and driver:
        return chromium, driver
    reason = ("the browser test needs Debian's chromium and chromium-driver "
              "(apt-get install chromium chromium-driver)")
    if os.environ.get("ORGSIM_REQUIRE_BROWSER"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    """Headless Chromium, no network beyond loopback, a fresh profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = _browser_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-sync",
                 "--disable-component-update", "--window-size=1400,1000",
                 f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    chrome = webdriver.Chrome(options=options, service=Service(executable_path=driver))
    try:
        yield chrome
    finally:
        chrome.quit()


def _session(tmp_path: Path) -> Session:
    return new_session(tmp_path / "class", "tutorial", 9, ["Red", "Blue", "Green"],
                       quarters=2)


def _game(session: Session, boss: str, quarters: int) -> Game:
    """A team's game as the game plays it, `quarters` quarters by a scripted boss."""
    game = Game(session.spec.level, session.spec.seed, session.overrides)
    for _ in range(quarters):
        game.play_quarter(sim.get_strategy(boss).decide(game.model))
    return game


def _put(base: str, session: Session, team: str, what: str, body: Any) -> None:
    """A team's upload, through the game's own client call (it raises on a refusal)."""
    call("PUT", f"{base}/{session.code}/teams/{team}/{what}", session.team(team).token,
         body=body, timeout=60)


def _wait(what: Callable[[], Any], seconds: float = 20.0) -> Any:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = what()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("the page did not get there in time")


def _row(browser: Any, team: str) -> str:
    """A team's row of the leaderboard, read in one step (the page redraws it every second,
    so elements found one by one can go stale between two reads)."""
    rows = browser.execute_script(
        "return Array.from(document.querySelectorAll('#board tr'), r => r.innerText);")
    return next((row for row in rows if team in row), "")


def test_the_leaderboard_follows_a_team_and_release_unblocks_the_teams(
        tmp_path: Path, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    session = _session(tmp_path)
    with running_page(session.folder) as base:
        browser.get(f"{base}/?key={session.secret}")
        _wait(lambda: "not joined yet" in _row(browser, "Red"))
        # The key is kept by the tab, not left in the address bar for the room to read.
        assert "key=" not in browser.current_url
        # Red's game commits its first quarter: the board shows the page's own re-run.
        log = _game(session, "leader", 1).decision_log()
        _put(base, session, "Red", "decisions", {"decisions": log, "planned": None})
        model = sim.OrgModel(session.level(), seed=session.spec.seed,
                             decisions=[sim.Decision.from_dict(e) for e in log])
        output = model.run_quarter()["output_cum"]
        _wait(lambda: f"{round(output):,}" in _row(browser, "Red"))
        # A team's game waits at the plan screen until the facilitator releases quarter 1.
        address = parse_address(f"{base}/{session.code}")
        link = LiveLink(address, "Blue", session.team("Blue").token).start()
        try:
            _wait(lambda: link.pacing is not None)
            assert link.hold(1) == "waiting"
            # The room sees that Blue has joined and is planning (Green has not joined).
            _wait(lambda: "joined, planning" in _row(browser, "Blue"))
            assert "not joined yet" in _row(browser, "Green")
            release = browser.find_element(By.ID, "release")
            assert release.text == "Release quarter 1"
            release.click()
            _wait(lambda: browser.find_element(By.ID, "released").text
                  == "Quarter 1 of 2 released")
            _wait(lambda: link.hold(1) is None)
            assert link.hold(2) == "waiting"
        finally:
            link.close()
        browser.save_screenshot(str(tmp_path / "page.png"))
        assert (tmp_path / "page.png").stat().st_size > 10_000


def test_a_wrong_key_is_refused_on_the_page(tmp_path: Path, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    session = _session(tmp_path)
    with running_page(session.folder) as base:
        browser.get(f"{base}/?key=not-the-secret")
        release = _wait(lambda: browser.find_element(By.ID, "release"))
        _wait(lambda: release.is_displayed())
        release.click()
        message = browser.find_element(By.ID, "message")
        _wait(lambda: "wrong facilitator key" in message.text)
        assert "bad" in message.get_attribute("class")
        with urllib.request.urlopen(f"{base}/{session.code}/pacing", timeout=10) as reply:
            assert json.loads(reply.read())["released"] == 0
        # Without a key the projector shows no controls at all.
        browser.get(f"{base}/")
        _wait(lambda: browser.find_element(By.ID, "board").text)
        assert not browser.find_element(By.ID, "controls").is_displayed()


def test_the_page_serves_the_debrief_report(tmp_path: Path, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    from game.results import build_debrief, result_data

    session = _session(tmp_path)
    with running_page(session.folder, report_seeds=3, report_workers=1) as base:
        for team, boss in (("Red", "leader"), ("Blue", "manager")):
            game = _game(session, boss, session.quarters)
            game.team, game.session_code = team, session.code
            _put(base, session, team, "result", result_data(build_debrief(game)))
        browser.get(f"{base}/report")
        _wait(lambda: "Luck or skill?" in browser.page_source, seconds=120)
        headings = [h.text for h in browser.find_elements(By.TAG_NAME, "h2")]
        assert headings[:2] == ["Leaderboard", "Paths beside the scripted bosses"]
        assert "For discussion" in headings
        board = browser.find_element(By.CSS_SELECTOR, "table").text
        assert "Red" in board and "Blue" in board and "Green" not in board
        assert len(browser.find_elements(By.CSS_SELECTOR, "svg")) >= 3
        browser.save_screenshot(str(tmp_path / "report.png"))
