"""The compiled kernels as an extension module built once per machine, then imported like any
other: the tier of `sim.kernels` tried first.

Why: numba's JIT cache makes every process pay numba itself before its first week, whatever
the kernels: importing numba (~0.26 s, ~50 MiB) and readying its CPU target (~0.33 s, ~45
MiB). A sweep's or balance's one process, a 100,000-worker run and every `orgsim` command that
plays carried that (issue 12: it capped two processes at 1.6x one, and was a quarter of a
large run's memory). numba's ahead-of-time compiler (`numba.pycc`) turns the same Python
functions into a plain extension module that needs neither numba nor LLVM to load: under a
millisecond and no memory to speak of. The same code in the same order, so the same bits
(tests/test_kernels.py compares every kernel with its Python form, and a whole level).

How: the first process that needs the kernels and finds no module for this machine builds it
in a child process (`python -m sim.prebuilt DIR`, 20-40 s once, like numba's first compile),
under a lock so that parallel processes build it once, into a temporary name renamed into
place. The module's name carries a digest of everything its code depends on (the kernels'
source, the Python, numpy and numba versions, the CPU it was compiled for), so a changed kernel
or another machine sharing the folder never loads a stale one. Where it cannot be built (no C
compiler, numba without pycc), a marker says why, `sim.kernels` uses numba's JIT (else Python),
and a process tries again a day later.

The exported functions do not check their arguments' types as numba's dispatcher does: the
model passes the types of `kernels.example_arguments`, which is what they are compiled for (a
test checks that every type the model passes is one of those).
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import os
import platform
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

#: Where a module is built and looked for; the default is `sim/__pycache__`, else the user's
#: cache folder (`$XDG_CACHE_HOME/orgsim`, `~/.cache/orgsim`).
CACHE_ENV = "ORGSIM_KERNEL_CACHE"
#: How long a build may take before it counts as failed (a loaded 2-core machine takes ~40 s).
BUILD_SECONDS = 600
#: After a failed build, how long processes use numba's JIT before one tries again (a compiler
#: installed since, or a machine that was only too busy, gets the module the next day).
RETRY_SECONDS = 24 * 3600
#: Told, when set, that a build starts (the command line prints it: a first command on a new
#: machine would otherwise sit silent for half a minute).
announce: Callable[[str], None] | None = None
_PREFIX = "_orgsim_kernels_"
_LOCK = "_orgsim_kernels.lock"      # one for the folder: builds in it take turns


class PrebuildError(RuntimeError):
    """The kernels' module could not be built here (then numba's JIT compiles them)."""


def _kernels_source() -> bytes:
    return (Path(__file__).resolve().parent / "kernels.py").read_bytes()


def _numba_identity() -> bytes:
    """Which numba would build the module, without importing it (0.3 s) or asking the
    installed packages' metadata (30 ms): its version file (the version it was released as),
    else where it is."""
    spec = importlib.util.find_spec("numba")
    if spec is None or not spec.origin:
        return b"no numba"
    origin = Path(spec.origin)
    try:
        return (origin.parent / "_version.py").read_bytes()
    except OSError:
        return str(origin).encode()


def _cpu() -> str:
    """What the module is compiled for: the machine's CPU model and features where the system
    says (Linux), else its architecture (then compiled for that architecture's baseline)."""
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return platform.machine()
    wanted = ("model name", "flags", "Features", "CPU part")
    seen = {line.split(":", 1)[0].strip(): line for line in lines if ":" in line}
    found = [seen[key] for key in wanted if key in seen]
    return "\n".join([platform.machine(), *found]) if found else platform.machine()


def for_host() -> bool:
    """Compile for this very CPU (its vector units) where it can be told apart, else for its
    architecture's baseline."""
    return _cpu() != platform.machine()


def _digest(*parts: bytes, size: int) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()[:size]


def module_name() -> str:
    """The module's name: a digest of the machine it is built for (its CPU and Python), then
    one of the code it is built from (the kernels' source, numpy's and numba's versions)."""
    machine = _digest(_cpu().encode(), sys.version.encode(), size=8)
    import numpy

    code = _digest(_kernels_source(), numpy.__version__.encode(), _numba_identity(), size=16)
    return f"{_PREFIX}{machine}_{code}"


def _remove_older_builds(folder: Path, name: str) -> None:
    """Remove what earlier builds for this machine left in the folder (modules of older
    kernels or versions, their markers, a build that was killed), not what other machines
    sharing it built. Called under the lock, so no other build is running; a process that
    loaded an old module keeps it (the system frees it when they let go)."""
    import shutil

    machine = name[:name.rindex("_") + 1]
    for path in folder.glob(machine + "*"):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif not path.name.startswith(name + "."):
            path.unlink(missing_ok=True)


def cache_dir() -> Path:
    """The folder for built modules: $ORGSIM_KERNEL_CACHE, else `sim/__pycache__` if it can be
    written, else the user's cache folder."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    beside = Path(__file__).resolve().parent / "__pycache__"
    try:
        beside.mkdir(exist_ok=True)
        if os.access(beside, os.W_OK):
            return beside
    except OSError:
        pass
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "orgsim"


def _module_path(folder: Path, name: str) -> Path:
    return folder / (name + importlib.machinery.EXTENSION_SUFFIXES[0])


def _failure_path(folder: Path, name: str) -> Path:
    return folder / (name + ".failed")


def _failed_lately(folder: Path, name: str) -> bool:
    """Whether a build failed less than RETRY_SECONDS ago (its marker says why)."""
    try:
        return time.time() - _failure_path(folder, name).stat().st_mtime < RETRY_SECONDS
    except OSError:
        return False


def _import(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"{path}: not an extension module")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load(build: bool = True) -> ModuleType | None:
    """The kernels' module for this machine: imported if built, else built first (`build`).
    None where it was not built (`build` False) or a build failed lately (the reason is in
    the `.failed` marker beside it); PrebuildError when this build fails."""
    folder, name = cache_dir(), module_name()
    if name in sys.modules:
        return sys.modules[name]
    path = _module_path(folder, name)
    if not path.exists():
        if not build or _failed_lately(folder, name):
            return None
        if not _build_once(folder, name):
            raise PrebuildError(f"the kernels could not be built ahead of time; why is in "
                                f"{_failure_path(folder, name)} (delete it to try again)")
    _check_safe(path)
    module = _import(path, name)
    sys.modules[name] = module
    return module


def _check_safe(path: Path) -> None:
    """Refuse to load machine code another user could have put there: the module and its
    folder must belong to this user (or to root, as an installed package's do) and not be
    writable by others, as ssh treats its keys. Where the system has no user ids (Windows),
    the folder's access control stands in."""
    if not hasattr(os, "getuid"):
        return
    for item in (path.parent, path):
        st = item.stat()
        if st.st_uid not in (os.getuid(), 0) or st.st_mode & 0o002:
            raise PrebuildError(f"{item} is not safe to load machine code from: it belongs to "
                                "another user or others may write to it")


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the folder's lock file (where the system has file locks):
    parallel processes wait for one build instead of each building."""
    try:
        import fcntl
    except ImportError:          # no POSIX locks: builds may overlap; each renames atomically
        yield
        return
    with open(folder / _LOCK, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_once(folder: Path, name: str) -> bool:
    """Build the module in a child process unless another process did while we waited. The
    child runs in the folder above this package, so that it compiles these very kernels (the
    ones the name digests), whatever else is on its path."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PrebuildError(f"no folder to build the kernels in: {exc}") from None
    import subprocess

    with _locked(folder):
        if _module_path(folder, name).exists():
            return True
        if _failed_lately(folder, name):
            return False
        if announce is not None:
            announce("building the model's compiled week for this machine (once, 15-40 s)")
        try:
            done = subprocess.run([sys.executable, "-m", "sim.prebuilt", str(folder), name],
                                  capture_output=True, text=True, timeout=BUILD_SECONDS,
                                  cwd=Path(__file__).resolve().parent.parent,
                                  env={**os.environ, "PYTHONWARNINGS": "ignore"})
            reason = done.stderr.strip()[-2000:] if done.returncode else ""
        except (OSError, subprocess.SubprocessError) as exc:
            reason = f"{type(exc).__name__}: {exc}"
        if reason or not _module_path(folder, name).exists():
            _failure_path(folder, name).write_text(reason or "the build wrote no module\n")
            return False
        _failure_path(folder, name).unlink(missing_ok=True)   # a failure a day ago, say
        _remove_older_builds(folder, name)
        return True


def signatures() -> dict[str, Any]:
    """Each kernel's argument types, those of `kernels.example_arguments` (what the model
    passes: tests/test_kernels.py checks it); numba infers the return type."""
    import numba
    import numpy as np

    from sim import kernels

    compiled = kernels._dispatchers()
    if not compiled:
        raise RuntimeError("numba cannot make the kernels' dispatchers here")
    return {name: (compiled[name], tuple(numba.typeof(a) for a in args))
            for name, args in kernels.example_arguments(2, np.random.default_rng(0)).items()}


def build(folder: Path, name: str) -> Path:
    """Compile every kernel into the extension module `name` in `folder` (written under a
    temporary name, then renamed into place): what the child process of `load` runs."""
    import tempfile

    from numba.pycc import CC

    with tempfile.TemporaryDirectory(dir=folder, prefix=name + ".build.") as work:
        cc = CC(name)
        cc.output_dir = work
        cc.verbose = False
        if for_host():
            cc.target_cpu = "host"
        for kernel, (dispatcher, signature) in signatures().items():
            cc.export(kernel, signature)(dispatcher.py_func)
        cc.compile()
        built = next(path for path in Path(work).iterdir()   # named by numba's tool chain
                     if path.name.startswith(name + ".")
                     and path.name.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES)))
        target = _module_path(folder, name)
        os.replace(built, target)
    return target


if __name__ == "__main__":
    build(Path(sys.argv[1]), sys.argv[2])
