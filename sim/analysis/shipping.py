"""An object a pool's tasks share, kept by each worker the first time a task brings it.

Why: `ProcessPoolExecutor.map` pickles its function with every chunk of tasks, and a search's
function carries its objective: the level (or every level) and the plan layout. Each task then
got levels of its own, new objects, so nothing a worker remembers per level object (a model's
start, `sim.start_draws`) was ever found again. Shipped, the objective still travels with each
chunk (pickle is the pool's own transport), but a worker keeps the first copy it receives
under the sender's token and hands that same object to every later task: they play on the
same level objects, as one process would.
"""

from __future__ import annotations

import itertools
import os
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
    """`value`, to be sent to worker processes under a token unique to this process and
    object: a receiving process keeps the first copy it gets (the last `KEPT` shipments) and
    returns it for every later one. Unpickled, it is the value itself; in the sending process,
    a wrapper whose `value` is the object."""

    def __init__(self, value: Any) -> None:
        self.value = value
        self.token = (os.getpid(), next(_tokens))

    def __reduce__(self) -> tuple[Any, tuple[tuple[int, int], Any]]:
        return _receive, (self.token, self.value)


def unwrap(value: Any) -> Any:
    """The object itself, whether `value` is its `Shipped` (in the sending process) or the
    object a worker kept."""
    return value.value if isinstance(value, Shipped) else value


def _receive(token: tuple[int, int], value: Any) -> Any:
    """The object a token names in this process: the first copy received, kept."""
    with _lock:
        kept = _received.get(token)
        if kept is not None:
            _received.move_to_end(token)
            return kept
        _received[token] = value
        while len(_received) > KEPT:
            _received.popitem(last=False)
    return value
