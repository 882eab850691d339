"""The game's line to the facilitator's page (`orgsim play --session http://HOST:PORT/CODE`).

Why a thread with a mailbox: the frame loop never waits on the network. The game sends its
whole decision log after every commit and every quarter (the page takes the whole log each time,
so a resend never duplicates), a newer log replaces an unsent older one, and the thread retries
with a growing pause while the laptop or the network is down, so nothing is lost. The pacing it
reads tells the plan screen whether its quarter is released, paused, and how long its timer
has left; a team that has lost the page plays on at its own pace and catches up on reconnecting.

Only the standard library: the game must not need the workshop extra to join a class.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sim.errors import OrgsimError

#: Seconds between pacing reads, without contact before the team plays on at its own pace,
#: the longest pause between retries, and the wait on one request.
POLL = 1.0
LOST_AFTER = 8.0
MAX_BACKOFF = 8.0
TIMEOUT = 4.0


class PageUnreachableError(OrgsimError):
    """The page did not answer (network down, laptop asleep, server stopped): retry later."""


class PageRefusedError(OrgsimError):
    """The page answered with a refusal (a wrong token, a conflicting log): do not retry."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def call(method: str, url: str, token: str | None = None, body: Any = None,
         raw: bytes | None = None, timeout: float = TIMEOUT) -> Any:
    """One request to the page: its JSON reply, PageRefusedError with the page's own sentence for
    an error status, PageUnreachableError when there is no answer."""
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return json.loads(reply.read().decode("utf-8") or "null")
    except urllib.error.HTTPError as exc:
        raise PageRefusedError(exc.code, _error_sentence(exc)) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise PageUnreachableError(f"the facilitator's page at {url} does not answer ({reason})") \
            from None


def _error_sentence(exc: urllib.error.HTTPError) -> str:
    try:
        message = json.loads(exc.read().decode("utf-8")).get("error")
    except (ValueError, AttributeError, OSError):
        message = None
    return str(message) if message else f"the facilitator's page refused ({exc.code} {exc.reason})"


@dataclass(frozen=True)
class Address:
    """A page's address split into the server, the session code and what the link carries."""

    base: str               # http://HOST:PORT
    code: str
    team: str | None = None
    token: str | None = None


def parse_address(url: str) -> Address:
    """`http://HOST:PORT/CODE[?team=..&token=..]`; one sentence for anything else."""
    parts = urllib.parse.urlsplit(url.strip())
    code = parts.path.strip("/")
    if parts.scheme not in ("http", "https") or not parts.netloc or not code or "/" in code:
        raise OrgsimError(f"{url.strip()!r} is not a facilitator page's join address (expected "
                          "http://HOST:PORT/CODE, as the facilitator's page shows it)")
    query = urllib.parse.parse_qs(parts.query)
    return Address(f"{parts.scheme}://{parts.netloc}", code,
                   (query.get("team") or [None])[0], (query.get("token") or [None])[0])


@dataclass(frozen=True)
class Pacing:
    """The page's pacing when last read: the quarters released, a pause, the timer."""

    released: int
    paused: bool
    seconds_left: float | None
    read_at: float

    @classmethod
    def from_reply(cls, data: Any, now: float) -> Pacing:
        if not isinstance(data, dict):
            raise PageUnreachableError("the facilitator's page sent pacing that is not an object")
        left = data.get("seconds_left")
        return cls(int(data.get("released", 0)), bool(data.get("paused", False)),
                   None if left is None else float(left), now)

    def left(self, now: float) -> float | None:
        """Seconds left on the timer now (frozen while paused)."""
        if self.seconds_left is None:
            return None
        return self.seconds_left if self.paused else max(0.0, self.seconds_left
                                                         - (now - self.read_at))


class LiveLink:
    """A team's line to the page: sends its log and result, reads the pacing."""

    def __init__(self, address: Address, team: str, token: str,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.address, self.team, self.token, self.clock = address, team, token, clock
        self.team_url = (f"{address.base}/{address.code}/teams/"
                         f"{urllib.parse.quote(team, safe='')}")
        self.pacing: Pacing | None = None
        self.problem: str | None = None          # the page's last refusal, told once
        self.sent: dict[str, Any] | None = None  # the last log the page took
        self.failures = 0                        # tries in a row that got no answer
        self._contact: float | None = None
        self._log: dict[str, Any] | None = None   # the newest log not yet taken
        self._results: list[tuple[bytes, threading.Event, list[str]]] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # ----- the game's side ----------------------------------------------------------------
    def start(self) -> LiveLink:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="orgsim-live", daemon=True)
            self._thread.start()
        return self

    def send_log(self, decisions: list[dict[str, Any]], planned: dict[str, Any] | None) -> None:
        """The team's whole log so far; never blocks (the thread sends it)."""
        with self._lock:
            self._log = {"decisions": decisions, "planned": planned}
        self._wake.set()

    def send_result(self, raw: bytes, wait: float = 10.0) -> str:
        """Hand the finished game's result to the page; its answer, or what became of it when
        the page does not answer within `wait` seconds (it is sent once it can be)."""
        done, answer = threading.Event(), []
        with self._lock:
            self._results.append((raw, done, answer))
        self._wake.set()
        if done.wait(wait):
            return answer[0]
        return ("the facilitator's page does not answer yet: the result is sent as soon as it "
                "does (keep the game open), and the file stays for a USB stick")

    @property
    def connected(self) -> bool:
        return self._contact is not None and self.clock() - self._contact < LOST_AFTER

    def hold(self, quarter: int) -> str | None:
        """Why the quarter cannot start yet (released later, or a pause), or None. A team that
        has lost the page is never held: it plays on and catches up."""
        pacing = self.pacing
        if pacing is None or not self.connected:
            return None
        if pacing.paused:
            return "paused"
        if quarter > pacing.released:
            return "waiting"
        return None

    def time_left(self, quarter: int) -> float | None:
        """Seconds left on this quarter's timer (None without a timer or for another quarter)."""
        pacing = self.pacing
        if pacing is None or pacing.released != quarter:
            return None
        return pacing.left(self.clock())

    def take_problem(self) -> str | None:
        with self._lock:
            problem, self.problem = self.problem, None
        return problem

    def close(self) -> None:
        self._stop.set()
        self._wake.set()

    def flush(self, wait: float = 5.0) -> bool:
        """Wait until the newest log has been taken (tests, and quitting the game)."""
        end = time.monotonic() + wait
        while time.monotonic() < end:
            with self._lock:
                if self._log is None and not self._results:
                    return True
            self._wake.set()
            time.sleep(0.02)
        return False

    # ----- the thread ---------------------------------------------------------------------
    def _run(self) -> None:
        backoff = POLL
        while not self._stop.is_set():
            try:
                self._exchange()
                backoff, self.failures = POLL, 0
            except PageUnreachableError:
                backoff = min(MAX_BACKOFF, backoff * 2)
                self.failures += 1
            self._wake.wait(backoff)
            self._wake.clear()

    def _exchange(self) -> None:
        """Send what waits (results first, then the newest log), then read the pacing."""
        with self._lock:
            results = list(self._results)
            log = self._log
        for raw, done, answer in results:
            try:
                reply = call("PUT", f"{self.team_url}/result", self.token, raw=raw)
                answer.append(str(reply.get("message", "sent to the facilitator's page"))
                              if isinstance(reply, dict) else "sent to the facilitator's page")
            except PageRefusedError as exc:
                answer.append(f"the facilitator's page refused the result: {exc}")
            self._touch()
            with self._lock:
                self._results.remove((raw, done, answer))
            done.set()
        if log is not None:
            try:
                reply = call("PUT", f"{self.team_url}/decisions", self.token, body=log)
                self._read_pacing(reply.get("pacing") if isinstance(reply, dict) else None)
                self.sent = log
            except PageRefusedError as exc:
                with self._lock:
                    self.problem = str(exc)
            self._touch()
            with self._lock:
                if self._log is log:
                    self._log = None
        # The team's own record, not the public pacing: it carries the pacing too, and with
        # the token it tells the page this team is still there while it waits.
        record = call("GET", self.team_url, self.token)
        self._read_pacing(record.get("pacing") if isinstance(record, dict) else None)
        self._touch()

    def _read_pacing(self, data: Any) -> None:
        if data is not None:
            self.pacing = Pacing.from_reply(data, self.clock())

    def _touch(self) -> None:
        self._contact = self.clock()


def fetch_team(address: Address, team: str, token: str) -> dict[str, Any]:
    """The team's record on the page (its log, for a game that restarts), checking the token."""
    return call("GET", f"{address.base}/{address.code}/teams/"
                       f"{urllib.parse.quote(team, safe='')}", token)
