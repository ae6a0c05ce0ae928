"""Run jobs in forked worker processes that can be killed, so that a query past its time is cut.

pyoxigraph 0.5 `Store.query` takes no timeout and cannot be interrupted from Python. Each server
process therefore keeps a few query processes, forked from itself on demand: a fork shares the
in-memory store copy-on-write, so a new process is ready in milliseconds with no reload. A job is
sent over a socket pair; when no answer comes in time the process is killed (SIGKILL) and a new one
is forked for the next job, while queries in the other server processes carry on.

>>> pool = Executor(init=lambda: 40, handle=lambda state, job: state + job, processes=1)
>>> pool.run(2, timeout=5)
42
>>> pool.close()
"""
from __future__ import annotations

import gc
import math
import os
import pickle
import select
import signal
import socket
import sys
import threading
import time
from multiprocessing.connection import Connection
from typing import Any, Callable

from .errors import EngineBusy, EngineError, QueryTimeout

_PR_SET_PDEATHSIG = 1


class _Worker:
    """One forked process and the parent's end of its socket pair."""

    def __init__(self, pid: int, conn: Connection):
        self.pid, self.conn = pid, conn
        self.poller = select.poll()  # registered once: Connection.poll builds a selector on every call
        self.poller.register(conn.fileno(), select.POLLIN)

    def kill(self, grace: float = 0.0) -> int:
        """Stop the process and return its wait status. With `grace`, a process that is already
        ending (its socket closed) gets that long to exit by itself, so its own status is kept."""
        deadline = time.monotonic() + grace
        while True:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                self.conn.close()
                return 0
            if pid:
                self.conn.close()
                return status
            if time.monotonic() >= deadline:
                break
            time.sleep(0.005)
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        return self.reap()

    def reap(self) -> int:
        """Wait for the process; its wait status (0 if it was already reaped)."""
        self.conn.close()
        try:
            return os.waitpid(self.pid, 0)[1]
        except ChildProcessError:
            return 0


class Executor:
    """A lazily grown pool of at most `processes` killable processes running `handle(state, job)`.

    `init()` runs once in each new process and returns its state (for example a store opened
    read-only); `handle` may raise EngineError, which reaches the caller as it was raised. With
    `processes=0` jobs run in the calling process, with no timeout.
    """

    def __init__(self, init: Callable[[], Any], handle: Callable[[Any, Any], Any], processes: int = 4,
                 confine: Callable[[], None] | None = None, crashed: Callable[[int], EngineError] | None = None):
        self.init, self.handle, self.processes = init, handle, processes
        self.confine = confine  # runs in each new process before any job (sandbox.py)
        self.crashed = crashed or crashed_unexpectedly  # the error for a process that died with this wait status
        self._state = None
        self._lock = threading.Condition()
        self._reset()

    def _reset(self) -> None:
        """Forget processes inherited from a parent (after gunicorn forks a worker) and start afresh."""
        self._pid = os.getpid()
        for worker in getattr(self, "_idle", []):
            worker.conn.close()
        self._idle: list[_Worker] = []
        self._count = 0

    def run(self, job: Any, timeout: float | None) -> Any:
        """The result of `handle(state, job)`, or QueryTimeout after `timeout` seconds."""
        if self.processes <= 0:
            if self._state is None:
                self._state = self.init()
            return self.handle(self._state, job)
        deadline = None if timeout is None else time.monotonic() + timeout
        worker = self._acquire(deadline)
        try:
            worker.conn.send_bytes(pickle.dumps(job, pickle.HIGHEST_PROTOCOL))
            reply = self._receive(worker, deadline)
            kind = reply[:1]
            if kind == _PICKLED:
                status, value = pickle.loads(memoryview(reply)[1:])
            else:
                status, end = "ok", 3 + int.from_bytes(reply[1:3], "big")
                body = reply[end:] if kind == _INLINE else self._receive(worker, deadline)
                value = (reply[3:end].decode(), body)
        except _Expired:
            self._discard(worker)
            raise QueryTimeout(
                f"The query was stopped after {timeout:g} s, the time limit of this endpoint. "
                "Make it more selective (restrict the graph patterns, add LIMIT) or ask for a "
                "result that needs less work.") from None
        except (EOFError, OSError):
            raise self.crashed(self._discard(worker, grace=1.0)) from None
        except BaseException:
            self._discard(worker)
            raise
        self._release(worker)
        if status == "error":
            raise value
        return value

    @staticmethod
    def _receive(worker: _Worker, deadline: float | None) -> bytes:
        remaining = -1 if deadline is None else max(0, math.ceil((deadline - time.monotonic()) * 1000))
        if not worker.poller.poll(remaining):
            raise _Expired
        return worker.conn.recv_bytes()

    def _acquire(self, deadline: float | None) -> _Worker:
        with self._lock:
            if self._pid != os.getpid():
                self._reset()
            while not self._idle and self._count >= self.processes:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise EngineBusy("Every query process of this server is busy; try again shortly.", retry_after=1)
                self._lock.wait(remaining)
            if self._idle:
                return self._idle.pop()
            self._count += 1
        try:
            return self._spawn()
        except BaseException:
            with self._lock:
                self._count -= 1
                self._lock.notify()
            raise

    def _release(self, worker: _Worker) -> None:
        with self._lock:
            if self._pid == os.getpid():
                self._idle.append(worker)
                self._lock.notify()

    def _discard(self, worker: _Worker, grace: float = 0.0) -> int:
        status = worker.kill(grace)
        with self._lock:
            if self._pid == os.getpid():
                self._count -= 1
                self._lock.notify()
        return status

    def warm(self) -> None:
        """Fork one process now (called after gunicorn forks a worker) so the first query does not wait."""
        if self.processes > 0:
            self._release(self._acquire(None))

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
            self._count -= len(idle)
        for worker in idle:
            worker.kill()

    def _spawn(self) -> _Worker:
        parent_end, child_end = socket.socketpair()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child, which never returns
            parent_end.close()
            _child(Connection(child_end.detach()), self.init, self.handle, parent, self.confine)
        child_end.close()
        return _Worker(pid, Connection(parent_end.detach()))


class _Expired(Exception):
    pass


# A reply is one message when small: (media type, bytes) as kind, media length, media, body; a large
# body follows as a second message (no copy of it); anything else is pickled. One message means one
# wake-up of the waiting thread where a pickled header and a body took two.
_INLINE, _SPLIT, _PICKLED = b"I", b"S", b"P"
_INLINE_LIMIT = 64 * 1024


def _reply(conn: Connection, result: Any) -> None:  # pragma: no cover - runs in the query process
    if (isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], str)
            and isinstance(result[1], bytes)):
        media = result[0].encode()
        head = (_INLINE if len(result[1]) <= _INLINE_LIMIT else _SPLIT) + len(media).to_bytes(2, "big") + media
        if head[:1] == _INLINE:
            conn.send_bytes(head + result[1])
        else:
            conn.send_bytes(head)
            conn.send_bytes(result[1])
    else:
        conn.send_bytes(_PICKLED + pickle.dumps(("ok", result), pickle.HIGHEST_PROTOCOL))


def crashed_unexpectedly(status: int) -> EngineError:
    """The error for a process that died of something no caller explains (the default of `crashed`)."""
    return EngineBusy("The query process ended unexpectedly; try again, or simplify the query.", retry_after=1)


def _child(conn: Connection, init: Callable[[], Any], handle: Callable[[Any, Any], Any], parent: int,
           confine: Callable[[], None] | None) -> None:  # pragma: no cover
    """The query process: answer jobs until the parent goes away, then exit without cleanup."""
    status = 0
    try:
        gc.freeze()  # objects inherited from the parent are never collected here (no stray fd closes)
        _die_with_parent(parent)
        if confine is not None:
            confine()
        for sig in (signal.SIGTERM, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2, signal.SIGHUP,
                    signal.SIGWINCH, signal.SIGCHLD, signal.SIGABRT):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
        # Drop inherited descriptors (the listening socket, client connections) so that a client
        # sees its connection close when the server closes it, and a port is freed on exit.
        fd = conn.fileno()
        os.closerange(3, fd)
        os.closerange(fd + 1, _max_fd())
        # Jobs run on a new thread: glibc gives it a fresh malloc arena, so the query's temporary
        # allocations do not land in the free holes of the inherited heap, where every first
        # write would copy a page shared with the parent (measured: 166 page faults and +60 %
        # time per query at 1M triples on the main thread, none on a new thread).
        errors: list[BaseException] = []
        thread = threading.Thread(target=_serve, args=(conn, init, handle, errors), name="dtkg-query")
        thread.start()
        thread.join()
        status = 1 if errors else 0
    except BaseException:
        status = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(status)


def _serve(conn: Connection, init, handle, errors: list) -> None:  # pragma: no cover
    try:
        state = init()
        while True:
            try:
                job = pickle.loads(conn.recv_bytes())
            except EOFError:
                return
            try:
                started = time.monotonic()
                _reply(conn, handle(state, job))
                if time.monotonic() - started > _TRIM_AFTER:
                    _release_free_memory()
            except EngineError as exc:
                conn.send_bytes(_PICKLED + pickle.dumps(("error", exc), pickle.HIGHEST_PROTOCOL))
            except Exception as exc:
                error = EngineError(f"The query failed: {exc}")
                conn.send_bytes(_PICKLED + pickle.dumps(("error", error), pickle.HIGHEST_PROTOCOL))
    except BaseException as exc:
        errors.append(exc)


# Seconds of work after which a query process gives its freed heap back to the system, once the
# reply is sent. glibc keeps what a large query freed in the query thread's arena, so every query
# process stayed as large as its largest query had made it: 2.3 GiB PSS after the 1M benchmark, where
# `oxigraph serve` holds 0.6. Trimming costs a few ms, paid only after a query that took far longer.
_TRIM_AFTER = 0.05


def _release_free_memory() -> None:  # pragma: no cover
    try:
        _libc().malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def _libc():  # pragma: no cover
    import ctypes

    return ctypes.CDLL(None, use_errno=True)


def _die_with_parent(parent: int) -> None:  # pragma: no cover
    """Linux: SIGKILL this process when the server process that forked it dies."""
    try:
        libc = _libc()
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(0)
    except (OSError, AttributeError):
        pass


def _max_fd() -> int:  # pragma: no cover
    try:
        return os.sysconf("SC_OPEN_MAX")
    except (ValueError, OSError):
        return 65536
