"""An object a pool's tasks share, pickled once in the parent and rebuilt once per worker.

Why: `ProcessPoolExecutor.map` pickles its function with every chunk of tasks, and a search's
function carries its objective: the level (or every level) and the plan layout. Each task then
got levels of its own, new objects, so nothing a worker remembers per level object (a model's
start, `sim.start_draws`) was ever found again, and each task paid for pickling them (a
fortieth of a level's search task, a twentieth of a universal one). Shipped, the objective is
pickled once, and each worker rebuilds it on the first task that brings it and keeps it: its
later tasks play on the same level objects, as one process would.
"""

from __future__ import annotations

import itertools
import os
import pickle
import threading
from collections import OrderedDict
from typing import Any

#: Shipped objects a worker keeps (a search ships one objective; the universal search's
#: measures ship each of its levels in turn).
KEPT = 8

_tokens = itertools.count()
_received: OrderedDict[tuple[int, int], Any] = OrderedDict()
_lock = threading.Lock()


class Shipped:
    """`value`, to be sent to worker processes: pickled once (on its first trip) under a token
    unique to this process and object, and rebuilt once per receiving process, which keeps
    the last `KEPT`. Here, unpickled, it is the value itself; in the sending process, a
    wrapper whose `value` is the object."""

    def __init__(self, value: Any) -> None:
        self.value = value
        self.token = (os.getpid(), next(_tokens))
        self._payload: bytes | None = None

    def __reduce__(self) -> tuple[Any, tuple[tuple[int, int], bytes]]:
        if self._payload is None:
            self._payload = pickle.dumps(self.value, protocol=pickle.HIGHEST_PROTOCOL)
        return _receive, (self.token, self._payload)


def unwrap(value: Any) -> Any:
    """The object itself, whether `value` is its `Shipped` (in the sending process) or the
    object a worker rebuilt from it."""
    return value.value if isinstance(value, Shipped) else value


def _receive(token: tuple[int, int], payload: bytes) -> Any:
    """The object a token names, rebuilt from its payload the first time this process sees
    it (the payload is this program's own pickle, made by `Shipped`, never a file's)."""
    with _lock:
        value = _received.get(token)
        if value is not None:
            _received.move_to_end(token)
            return value
    value = pickle.loads(payload)
    with _lock:
        _received[token] = value
        while len(_received) > KEPT:
            _received.popitem(last=False)
    return value
