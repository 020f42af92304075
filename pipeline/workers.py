"""Worker processes for a batch's extractions, that fail small and end with their parent.

pebble's `ProcessPool` runs each document in a worker; when a worker dies (pdfium, Tesseract or
OpenCV crashing, a `kill -9`), only the future of the document it held fails, with
`ProcessExpired`, and the pool starts a new worker: the other documents go on. Each worker
asks the kernel to end it when the process that started it ends (Linux's parent-death
signal), and a thread of its own watches for it too, so a killed `dti ingest` leaves no idle
workers behind.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from pebble import ProcessExpired, ProcessPool

_PR_SET_PDEATHSIG = 1


class WorkerDied(Exception):
    """The worker holding a document ended without a result: `cause` says how."""

    def __init__(self, cause: str) -> None:
        super().__init__(cause)
        self.cause = cause


def _exit_with_parent(parent: int) -> None:
    """Make this worker end when `parent` does: the kernel's parent-death signal on Linux, and a
    thread that checks the parent every second wherever that is missing. The worker also
    marks itself daemonic, as the readers expect of a batch's worker: it reads the pages of
    its one document itself instead of starting processes of its own (the batch already keeps
    every core busy)."""
    multiprocessing.current_process().daemon = True
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent ended before the signal was asked for
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def describe(error: ProcessExpired) -> str:
    """ "killed by SIGKILL" or "exit code 3", from the worker's exit code."""
    code = error.exitcode
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


class _Pool:
    """A `ProcessPool` whose futures raise `WorkerDied` for a worker that ended without a result."""

    def __init__(self, pool: ProcessPool) -> None:
        self._pool = pool

    def schedule(self, function, args=(), timeout=None):  # type: ignore[no-untyped-def]
        future = self._pool.schedule(function, args=args, timeout=timeout)
        original = future.result

        def result(timeout=None):  # type: ignore[no-untyped-def]
            try:
                return original(timeout)
            except ProcessExpired as error:
                raise WorkerDied(describe(error)) from error

        future.result = result  # type: ignore[method-assign]
        return future


@contextmanager
def worker_pool(workers: int) -> Iterator[_Pool]:
    """`workers` processes that each end with this one; closed and joined on the way out, and
    stopped at once if the batch itself is interrupted."""
    pool = ProcessPool(max_workers=workers, initializer=_exit_with_parent, initargs=(os.getpid(),))
    try:
        yield _Pool(pool)
    except BaseException:
        pool.stop()
        pool.join()
        raise
    pool.close()
    pool.join()
