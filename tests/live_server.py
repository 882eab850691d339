"""A facilitator's page on a real uvicorn server in a background thread, on loopback, for the
tests of the page's clients (the game, the browser, the load test)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def running_page(folder: Path, **app_options: Any) -> Iterator[str]:
    """Serve the session in `folder` on 127.0.0.1 (a free port); yields the page's base URL
    and stops the server on leaving."""
    import uvicorn

    from sim.workshop.server import make_app, open_socket, server_config

    sock = open_socket("127.0.0.1", 0)
    server = uvicorn.Server(server_config(make_app(folder, **app_options)))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        for _ in range(400):
            if server.started:
                break
            time.sleep(0.05)
        assert server.started, "the page did not start"
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
    assert not thread.is_alive(), "the page did not stop"
