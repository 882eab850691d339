"""`orgsim workshop serve`: the facilitator's page on the local network (Starlette on uvicorn).

What it serves is the HTTP contract the teams' games are written against: the projector page
and its JSON (`/`, `/api/state`), the facilitator's controls (`/api/release`, `/api/pause`,
`/api/stand-in`, with the session's secret in the `X-Orgsim-Key` header), the debrief report
(`/report`), and each team's side under `/{code}/...` (its token as `Authorization: Bearer`).
The live state itself is `sim.workshop.live.Board`; this module only speaks HTTP.

Why these guards: the page runs on a classroom network. It binds to the one address asked for;
every upload is read in chunks and refused past its limit (413), parsed as JSON, checked and
re-run before anything is shown or stored; a token writes only its own team's records; and
every refusal is one sentence, so the page keeps working for the other teams. Imported only by
`orgsim workshop serve`: `import sim` never loads Starlette, uvicorn or Jinja2.
"""

from __future__ import annotations

import errno
import ipaddress
import json
import socket
import sys
import threading
import time
import traceback
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2
import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import sim
from sim.errors import OrgsimError
from sim.safefile import parse_json, quote
from sim.workshop.charts import team_colours
from sim.workshop.errors import WorkshopError
from sim.workshop.live import (
    MAX_CONTROL_BYTES,
    MAX_LOG_BYTES,
    MAX_RESULT_BYTES,
    BadRequestError,
    Board,
    LiveError,
    TooLargeError,
    check_size,
)
from sim.workshop.luck import SPREAD_SEEDS
from sim.workshop.session import Session

HERE = Path(__file__).parent
TEMPLATES, STATIC = HERE / "templates", HERE / "static"
DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8765
#: The projector and join pages load only this server's own script and style sheet.
PAGE_HEADERS = {"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
                                           "frame-ancestors 'none'; base-uri 'none'"}
#: Seconds between reloads of the page shown while the report is being built.
REPORT_WAIT = 2


# ----- reading a request ---------------------------------------------------------------------
async def read_body(request: Request, limit: int, what: str) -> bytes:
    """The request's body, refused (413) as soon as it is past `limit`: the Content-Length
    first, then the bytes as they arrive (a sender may lie about the length or send none)."""
    check_size(request.headers.get("content-length"), limit, what)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise TooLargeError(f"{what} is larger than the limit of {limit:,} bytes")
    return bytes(body)


async def json_object(request: Request, what: str, keys: tuple[str, ...]) -> dict[str, Any]:
    """A small JSON object body with exactly these keys."""
    body = await read_body(request, MAX_CONTROL_BYTES, what)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequestError(f"{what}: the body is not UTF-8 text, so not JSON") from None
    data = parse_json(text, what, BadRequestError)
    if not isinstance(data, dict) or set(data) != set(keys):
        shown = ", ".join(f'"{k}"' for k in keys)
        raise BadRequestError(f"{what}: expected a JSON object with {shown}, got {quote(data)}")
    return data


def wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


# ----- the debrief report, built in the background ------------------------------------------------
class Reports:
    """`/report`: the debrief page, built in a thread whenever results/ has changed since the
    last build (a `Reporter` kept between builds plays only what is new); while it builds,
    a short page that reloads itself."""

    def __init__(self, session: Session, seeds: int, workers: int | None) -> None:
        self.session, self.seeds, self.workers = session, seeds, workers
        self._lock = threading.Lock()
        self._reporter: Any = None
        self._html: str | None = None
        self._error: str | None = None
        self._built_for: Any = None
        self._thread: threading.Thread | None = None

    def page(self) -> tuple[str | None, str | None]:
        """(the report, None), (None, the error sentence), or (None, None) while it builds."""
        from sim.workshop.report import fingerprint

        now = fingerprint(self.session)
        with self._lock:
            if self._built_for == now and (self._html is not None or self._error is not None):
                return self._html, self._error
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._build, args=(now,),
                                                name="orgsim-report", daemon=True)
                self._thread.start()
        return None, None

    def _build(self, seen: Any) -> None:
        from sim.workshop.report import Reporter, render_html

        html, error = None, None
        try:
            if self._reporter is None:
                self._reporter = Reporter(self.session.folder, self.workers, self.seeds)
            html = render_html(self._reporter.build())
        except OrgsimError as exc:
            error = str(exc)
        except Exception as exc:   # shown on the page, logged for the facilitator
            traceback.print_exc(file=sys.stderr)
            error = f"the report could not be built ({type(exc).__name__}: {exc})"
        with self._lock:
            self._html, self._error, self._built_for = html, error, seen


# ----- headers on every response ------------------------------------------------------------
class SafeHeaders:
    """Every response: no MIME sniffing, no referrer (a facilitator link holds the secret),
    and nothing cached but the static files."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope.get("path", "").startswith("/static/")

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer")]
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, sending)


# ----- the app -------------------------------------------------------------------------------
def make_app(folder: str | Path, *, pacing: bool = True,
             clock: Callable[[], float] = time.monotonic, report_seeds: int = SPREAD_SEEDS,
             report_workers: int | None = None) -> Starlette:
    """The page for a session folder (its live state reloaded from DIR/live)."""
    board = Board(folder, pacing=pacing, clock=clock)
    session = board.session
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                             autoescape=jinja2.select_autoescape(("html", "j2")),
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    template = env.get_template("page.html.j2")
    reports = Reports(session, report_seeds, report_workers)
    common = {"session": session, "level": board.level, "version": sim.__version__}

    def html(status: int = 200, **values: Any) -> HTMLResponse:
        return HTMLResponse(template.render(**common, **values), status_code=status,
                            headers=PAGE_HEADERS)

    names = [t.name for t in session.teams]
    colours = json.dumps(team_colours(names))      # as in the report: Red in red

    async def projector(request: Request) -> Response:
        return html(mode="projector", controls="key" in request.query_params, teams=names,
                    colours=colours)

    async def state(request: Request) -> Response:
        return JSONResponse(board.state())

    async def release(request: Request) -> Response:
        board.check_key(request.headers.get("x-orgsim-key"))
        await read_body(request, MAX_CONTROL_BYTES, "the request")
        return JSONResponse(await run_in_threadpool(board.release))

    async def pause(request: Request) -> Response:
        board.check_key(request.headers.get("x-orgsim-key"))
        data = await json_object(request, "pause", ("paused",))
        if not isinstance(data["paused"], bool):
            raise BadRequestError(f"pause: \"paused\" must be true or false, got "
                                  f"{quote(data['paused'])}")
        return JSONResponse(await run_in_threadpool(board.pause, data["paused"]))

    async def stand_in(request: Request) -> Response:
        board.check_key(request.headers.get("x-orgsim-key"))
        data = await json_object(request, "stand-in", ("team", "boss"))
        return JSONResponse(await run_in_threadpool(board.set_stand_in, data["team"],
                                                    data["boss"]))

    async def report(request: Request) -> Response:
        page, error = reports.page()
        if page is not None:
            return HTMLResponse(page)
        if error is not None:
            return html(500, mode="error", message=error)
        return html(mode="wait", seconds=REPORT_WAIT)

    async def join(request: Request) -> Response:
        board.check_code(request.path_params["code"])
        if wants_json(request):
            return JSONResponse(board.session_info())
        base = str(request.base_url).rstrip("/")
        name = request.query_params.get("team")
        token = request.query_params.get("token")
        team = session.team(name) if name else None
        problem = None
        if name and team is None:
            problem = (f"there is no team {name!r} in this session (its teams: "
                       f"{', '.join(t.name for t in session.teams)})")
        elif team is not None and token is not None:
            try:
                board.check_token(team, f"Bearer {token}")
            except LiveError as exc:
                problem = str(exc)
        link = None
        if team is not None and token is not None and problem is None:
            link = join_link(base, session.code, team.name, token)
        return html(mode="join", base=base, team=team, link=link, problem=problem)

    async def session_info(request: Request) -> Response:
        board.check_code(request.path_params["code"])
        return JSONResponse(board.session_info())

    async def pacing(request: Request) -> Response:
        board.check_code(request.path_params["code"])
        return JSONResponse(board.pacing_view())

    def authorised(request: Request) -> Any:
        board.check_code(request.path_params["code"])
        team = board.team(request.path_params["team"])
        board.check_token(team, request.headers.get("authorization"))
        return team

    async def team_record(request: Request) -> Response:
        return JSONResponse(board.team_record(authorised(request)))

    async def decisions(request: Request) -> Response:
        team = authorised(request)
        body = await read_body(request, MAX_LOG_BYTES, f"{team.name}'s decision log")
        return JSONResponse(await run_in_threadpool(board.put_decisions, team, body))

    async def result(request: Request) -> Response:
        team = authorised(request)
        body = await read_body(request, MAX_RESULT_BYTES, f"{team.name}'s result")
        return JSONResponse({"message": await run_in_threadpool(board.put_result, team, body)})

    async def no_icon(request: Request) -> Response:
        return Response(status_code=204)

    async def refused(request: Request, exc: Exception) -> Response:
        status = exc.status if isinstance(exc, LiveError) else 500
        return JSONResponse({"error": str(exc)}, status_code=status)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 404:
            message = f"there is no page or API at {quote(request.url.path)}"
        elif exc.status_code == 405:
            allowed = (exc.headers or {}).get("Allow", "another method")
            message = f"{request.method} is not allowed on {request.url.path} (use {allowed})"
        else:
            message = str(exc.detail)
        return JSONResponse({"error": message}, status_code=exc.status_code,
                            headers=exc.headers)

    async def crashed(request: Request, exc: Exception) -> Response:
        return JSONResponse({"error": f"the page failed on this request ({type(exc).__name__}"
                                      "); the facilitator's terminal shows why"},
                            status_code=500)

    routes = [
        Route("/", projector),
        Route("/api/state", state),
        Route("/api/release", release, methods=["POST"]),
        Route("/api/pause", pause, methods=["POST"]),
        Route("/api/stand-in", stand_in, methods=["POST"]),
        Route("/report", report),
        Route("/favicon.ico", no_icon),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
        Route("/{code}", join),
        Route("/{code}/session", session_info),
        Route("/{code}/pacing", pacing),
        Route("/{code}/teams/{team}", team_record),
        Route("/{code}/teams/{team}/decisions", decisions, methods=["PUT"]),
        Route("/{code}/teams/{team}/result", result, methods=["PUT"]),
    ]
    app = Starlette(routes=routes, exception_handlers={
        OrgsimError: refused, HTTPException: http_error, Exception: crashed})
    app.add_middleware(SafeHeaders)
    app.state.board = board
    return app


# ----- addresses and links -------------------------------------------------------------------
def url_host(host: str) -> str:
    """A host as it goes in a URL (an IPv6 address in brackets)."""
    return f"[{host}]" if ":" in host else host


def join_link(base: str, code: str, team: str, token: str) -> str:
    """A team's join link: `orgsim play --session "<link>"` takes team and token from it."""
    query = urllib.parse.urlencode({"team": team, "token": token},
                                   quote_via=urllib.parse.quote)
    return f"{base}/{code}?{query}"


def loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def shown_host(host: str) -> str:
    """The address other laptops reach: for 0.0.0.0 or :: (every network), this laptop's
    address on the network it would use (found without sending anything)."""
    if host not in ("0.0.0.0", "::", ""):
        return host
    family = socket.AF_INET6 if host == "::" else socket.AF_INET
    probe = "2001:db8::1" if family == socket.AF_INET6 else "192.0.2.1"
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as s:
            s.connect((probe, 9))            # a datagram socket's connect sends nothing
            return str(s.getsockname()[0])
    except OSError:
        return socket.gethostname()


def open_socket(host: str, port: int) -> socket.socket:
    """A listening socket on exactly this address, or one sentence: the port is taken, the
    address is not this laptop's, the port needs administrator rights."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise WorkshopError(f"--host {quote(host)} is not an address this laptop can serve "
                            f"on ({exc.strerror})") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        where = f"{url_host(host)}:{port}"
        if exc.errno == errno.EADDRINUSE:
            raise WorkshopError(f"port {port} on {host} is already in use (another "
                                "'orgsim workshop serve' or another program); stop it or give "
                                "another port with --port") from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise WorkshopError(f"--host {host} is not an address of this laptop; give "
                                "127.0.0.1, 0.0.0.0 (every network) or this laptop's own "
                                "address") from None
        if exc.errno == errno.EACCES:
            raise WorkshopError(f"serving on {where} needs administrator rights; give a port "
                                "from 1024 up with --port") from None
        raise WorkshopError(f"cannot serve on {where} ({exc.strerror})") from None
    return sock


def server_config(app: ASGIApp) -> uvicorn.Config:
    """uvicorn quiet (no line per request: the page polls every second)."""
    return uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                          server_header=False, timeout_graceful_shutdown=3)


def banner(session: Session, host: str, port: int) -> Iterator[str]:
    """What `serve` prints: the page, the facilitator's link, and each team's join link."""
    base = f"http://{url_host(shown_host(host))}:{port}"
    yield (f"the facilitator's page for session {session.code} "
           f"({session.level().title}, {len(session.teams)} teams): {base}/")
    yield (f"facilitator link (it holds the secret: keep it to yourself): "
           f"{base}/?key={session.secret}")
    if loopback(host):
        yield (f"note: the page listens on {host} only, so only this laptop can open it; teams "
               "on other laptops need --host 0.0.0.0 (or this laptop's address on the class "
               "network)")
    for team in session.teams:
        yield f"team {team.name} joins with: {join_link(base, session.code, team.name, team.token)}"
    yield "Ctrl-C stops the page; nothing is lost (the live state is kept in the session's live/)"


def serve(folder: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          pacing: bool = True, echo: Callable[[str], None] = print) -> None:
    """Serve the page until Ctrl-C (KeyboardInterrupt is left to the caller)."""
    app = make_app(folder, pacing=pacing)
    sock = open_socket(host, port)
    try:
        for line in banner(app.state.board.session, host, sock.getsockname()[1]):
            echo(line)
        uvicorn.Server(server_config(app)).run(sockets=[sock])
    finally:
        sock.close()
