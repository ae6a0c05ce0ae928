"""The HTTP front: gunicorn's threaded worker, changed so that a slow or greedy client never holds a thread.

`GuardedWorker` (`--worker-class dtkg.server.front.GuardedWorker`, what `dtkg serve` runs) reads each
request's head and body in the worker's event loop, without blocking, and gives the request to a
thread only once it is complete. The stock gthread worker hands a connection to a thread as soon as
one byte is readable, and the thread then blocks reading the rest: 16 sockets sending their headers
a byte at a time kept every thread of a server busy. Limits (server/config.py, `DTKG_*`):

- HEADER_TIMEOUT: the request line and headers must arrive within this many seconds of the
  connection's opening (or of the first byte of a kept-alive connection's next request);
- BODY_TIMEOUT: the body must arrive within this many seconds of the headers;
- MAX_REQUEST_BYTES: a larger body is refused (413) without being read;
- CLIENT_CONNECTIONS: connections one client may have open, over all workers (each may buffer up
  to a head and a body); the next is answered 503 and closed;
- CLIENT_CONCURRENCY: requests one client (remote address, or the X-Forwarded-For address given by
  one of TRUSTED_PROXIES) may have in progress, counted over all workers; the next one gets 503;
- MAX_QUEUED: requests a worker holds waiting for one of its threads; the next one gets 503;
- QUEUE_TIMEOUT: a request still waiting for a thread after this many seconds is not run: 503;
- RESPONSE_TIMEOUT: a client must read its response within this many seconds, or the connection
  is closed and the thread freed (server/response_deadline.py).

Refusals are written from the event loop (a few hundred bytes into an empty socket buffer), carry
`Connection: close` (and `Retry-After` for 503), and the connection lingers LINGER seconds reading
and discarding, so that a client still sending its body reads the answer instead of a reset.

Cost (benchmarks/RESULTS.md, "HTTP fronts"): on a cached answer a kept-alive request costs about
35 us more than under stock gthread (one worker, sequential POSTs: 284 against 250 us, worker CPU
287 against 255 us; 288 us before the framing and counter changes of 2026-12-01). All of it is this
event-loop pass: with kept-alive requests handed straight to a thread it is gone, and the worker
makes the same syscalls as gthread (futex included). It is Python on the request's critical path,
spread over the framing (roughly 15 us), the client table (5 us) and the bookkeeping: 10 us hot
against gthread's 4 us, about three times that between Flask requests that evict it from the caches.

The framing is read by server/framing.py, the per-client counters live in server/client_table.py,
the response deadline is server/response_deadline.py. The worker relies on the gthread worker of
gunicorn 27 (`accept`, `enqueue_req`, `finish_request`, `murder_pending`, `TConn.parser`), hence
the pin in pyproject.toml; TLS is not handled (terminate it in a proxy).
"""
from __future__ import annotations

import errno
import ipaddress
import selectors
import socket
import time
from functools import partial

from gunicorn import http
from gunicorn.workers.gthread import TConn, ThreadWorker

from .client_table import CONNECTIONS, ClientTable
from .config import Config
from .framing import Incoming, Refusal, complete, drop_expect
from .response_deadline import ResponseDeadline

READ_SIZE = 64 * 1024
LINGER = 2.0  # seconds a refused connection is read and discarded before it is closed
SWEEP_EVERY = 0.25  # seconds between deadline checks (the loop wakes at least once a second)
REASONS = {400: "Bad Request", 408: "Request Timeout", 413: "Content Too Large", 431: "Request Header Fields Too Large",
           503: "Service Unavailable"}


def check(config: Config) -> None:
    """ValueError with a sentence for a front setting that cannot work."""
    for name in ("HEADER_TIMEOUT", "BODY_TIMEOUT", "RESPONSE_TIMEOUT", "QUEUE_TIMEOUT"):
        if not getattr(config, name) > 0:
            raise ValueError(f"DTKG_{name} must be a positive number of seconds, not {getattr(config, name)}.")
    for name, least in (("CLIENT_CONCURRENCY", 1), ("CLIENT_CONNECTIONS", 1), ("MAX_QUEUED", 0), ("RETRY_AFTER", 0)):
        if getattr(config, name) < least:
            raise ValueError(f"DTKG_{name} must be at least {least}, not {getattr(config, name)}.")
    for proxy in config.TRUSTED_PROXIES:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            raise ValueError(f"DTKG_TRUSTED_PROXIES: {proxy!r} is not an IP address or network.") from None


class CountedConn(TConn):
    """A connection that gives its client's slot back when it is closed (always in the event loop)."""

    counted = None  # (row, client key) while counted

    def close(self, graceful: bool = False) -> None:
        if self.counted is not None:
            row, key = self.counted
            self.counted = None
            GuardedWorker.table.add(row, key, -1, CONNECTIONS)
        super().close(graceful)


class GuardedWorker(ThreadWorker):
    """gthread with complete requests only, per-client and per-worker limits (see the module doc)."""

    table: ClientTable | None = None

    def __init__(self, *args, **kwargs):
        if GuardedWorker.table is None:  # in the master, before the first worker is forked
            GuardedWorker.table = ClientTable()
        self.row = GuardedWorker.table.claim()
        super().__init__(*args, **kwargs)

    @property
    def pid(self):
        return self._pid

    @pid.setter
    def pid(self, value) -> None:
        """The arbiter sets `worker.pid` in the master right after the fork: the row is then owned."""
        self._pid = value
        if isinstance(value, int) and getattr(self, "row", None) is not None:
            GuardedWorker.table.owners[self.row] = value

    @classmethod
    def check_config(cls, cfg, log) -> None:
        super().check_config(cfg, log)
        if cfg.is_ssl:
            raise RuntimeError("GuardedWorker reads plain sockets: terminate TLS in a proxy in front of it")

    def run(self) -> None:
        extension = getattr(self.wsgi, "extensions", {}).get("dtkg")
        config = extension.config if extension is not None else Config.load()
        self.header_timeout, self.body_timeout = config.HEADER_TIMEOUT, config.BODY_TIMEOUT
        self.max_body, self.client_limit = config.MAX_REQUEST_BYTES, config.CLIENT_CONCURRENCY
        self.connection_limit = config.CLIENT_CONNECTIONS
        self.capacity = self.cfg.threads + config.MAX_QUEUED
        self.retry_after, self.queue_timeout = config.RETRY_AFTER, config.QUEUE_TIMEOUT
        self.wsgi = ResponseDeadline(self.wsgi, config.RESPONSE_TIMEOUT)
        self.trusted = [ipaddress.ip_network(p, strict=False) for p in config.TRUSTED_PROXIES]
        self.incoming: dict = {}  # connection → Incoming, while read or lingering in the event loop
        self.in_flight = 0  # requests given to the thread pool and not finished
        self.waiting: dict = {}  # connection → Incoming, admitted and maybe not started, oldest first
        self.next_sweep = 0.0
        super().run()

    # ------------------------------------------------------------------ reading, in the event loop
    def accept(self, listener) -> None:
        """gthread's accept, with the client's open connections counted (not a trusted proxy's)."""
        try:
            sock, address = listener.accept()
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = CountedConn(self.cfg, sock, address, listener.getsockname())
        peer = self.client_key(address, [])
        if not self._trusted(peer):
            if self.table.count(peer, CONNECTIONS) >= self.connection_limit:
                conn.front = self.incoming[conn] = Incoming(time.monotonic())
                self._refuse(conn, 503, f"This client already has {self.connection_limit} connections open, the "
                                        f"most one client may have; retry in {self.retry_after} s.")
                return
            self.table.add(self.row, peer, 1, CONNECTIONS)
            conn.counted = (self.row, peer)
        self.enqueue_req(conn)

    def enqueue_req(self, conn) -> None:
        """Every way a request starts (new connection, kept-alive connection readable, bytes read
        ahead by the previous request) comes here: read it before any thread sees it."""
        ahead = b""
        if conn.parser is not None:  # kept alive: bytes of its next request may be buffered
            ahead = conn.parser.unreader.buf.getvalue()
            if ahead:
                conn.parser.unreader.take_buffered()
        conn.front = Incoming(time.monotonic() + self.header_timeout, ahead)
        if conn.sock.gettimeout() != 0.0:  # only after bytes were read ahead by a thread
            conn.sock.setblocking(False)
        self.incoming[conn] = conn.front
        self._read(conn)

    def _on_readable(self, conn, _sock) -> None:
        if conn.front.lingering:
            self._discard(conn)
        else:
            self._read(conn)

    def _read(self, conn) -> None:
        request = conn.front
        try:
            while True:
                try:
                    data = conn.sock.recv(READ_SIZE)
                except (BlockingIOError, InterruptedError):
                    data = None
                if data:
                    request.buf += data
                if self._complete(conn, request):
                    self._admit(conn, request)
                    return
                if data == b"":  # the client closed before its request was complete
                    self._close(conn)
                    return
                if data is None:
                    break
        except Refusal as refusal:
            self._refuse(conn, refusal.status, refusal.message)
            return
        except OSError:
            self._close(conn)
            return
        if not request.registered:
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_readable, conn))
            request.registered = True

    def _complete(self, conn, request: Incoming) -> bool:
        """Whether the request is whole; once its head is in, the body's deadline starts and an
        `Expect: 100-continue` is answered here (no thread will see the request before its body)."""
        had_head = request.head_end is not None
        done = complete(request, self.max_body)
        if not had_head and request.head_end is not None and not done:
            request.deadline = time.monotonic() + self.body_timeout
            if request.expect and not request.continued:
                request.continued = True
                try:
                    conn.sock.send(b"HTTP/1.1 100 Continue\r\n\r\n")
                except OSError:
                    return False
                drop_expect(request)
        return done

    # ------------------------------------------------------------------ admission
    def _admit(self, conn, request: Incoming) -> None:
        """Give a complete request to the thread pool, unless the worker or the client is full."""
        if self.in_flight >= self.capacity:
            self._refuse(conn, 503, f"The server is busy: every thread is answering and "
                                    f"{self.capacity - self.cfg.threads} requests are waiting; retry in {self.retry_after} s.")
            return
        key = self.client_key(conn.client, request.forwarded)
        if self.table.count(key) >= self.client_limit:
            self._refuse(conn, 503, f"This client already has {self.client_limit} requests in progress, the most "
                                    f"one client may have at once; retry in {self.retry_after} s.")
            return
        self._unwatch(conn)
        self.table.add(self.row, key, 1)
        request.key = key
        self.in_flight += 1
        if conn.parser is None:
            conn.parser = http.get_parser(self.cfg, conn.sock, conn.client)
        conn.parser.unreader.unread(request.buf)
        request.buf = bytearray()  # the parser has its copy: an idle kept-alive connection holds none
        conn.data_ready = True  # the thread must not wait for data: it is all here
        # gthread's enqueue_req, keeping the future so that a request waiting too long can be cancelled
        request.future, request.queued_at = self.tpool.submit(self.handle, conn), time.monotonic()
        self.waiting[conn] = request
        request.future.add_done_callback(lambda fut: self.method_queue.defer(self.finish_request, conn, fut))

    def client_key(self, peer, forwarded: list[bytes]) -> str:
        """The client's address: the peer's, or behind a trusted proxy the last X-Forwarded-For
        address that is not itself a trusted proxy. A peer on a Unix socket is a local proxy."""
        address = peer[0] if isinstance(peer, tuple) else "unix"
        if not forwarded or not self._trusted(address):
            return address
        hops = [h.strip() for value in forwarded for h in value.decode("latin-1").split(",") if h.strip()]
        for hop in reversed(hops):
            if not self._trusted(hop):
                return hop
        return hops[0] if hops else address

    def _trusted(self, address: str) -> bool:
        if address == "unix":
            return True
        if not self.trusted:
            return False
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.trusted)

    def finish_request(self, conn, fs) -> None:
        request = getattr(conn, "front", None)
        if request is not None and request.key is not None:
            self.table.add(self.row, request.key, -1)
            request.key = None
            self.in_flight -= 1
            self.waiting.pop(conn, None)
        if fs.cancelled() and self.alive:  # it waited QUEUE_TIMEOUT for a thread: see murder_pending
            self.incoming[conn] = request
            self._refuse(conn, 503, f"The server is busy: this request waited {self.queue_timeout:g} s for a free "
                                    f"thread; retry in {self.retry_after} s.")
            return
        super().finish_request(conn, fs)

    # ------------------------------------------------------------------ refusals, deadlines, closing
    def _refuse(self, conn, status: int, message: str) -> None:
        request = conn.front
        body = b"" if request.method == b"HEAD" else (message + "\n").encode()
        head = (f"HTTP/1.1 {status} {REASONS[status]}\r\nContent-Type: text/plain; charset=utf-8\r\n"
                f"Content-Length: {len(message.encode()) + 1}\r\nConnection: close\r\n"
                + (f"Retry-After: {self.retry_after}\r\n" if status == 503 else "") + "\r\n")
        try:
            conn.sock.send(head.encode() + body)
            conn.sock.shutdown(socket.SHUT_WR)
        except OSError:
            self._close(conn)
            return
        request.lingering, request.deadline = True, time.monotonic() + LINGER
        if not request.registered:
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_readable, conn))
            request.registered = True

    def _discard(self, conn) -> None:
        try:
            while conn.sock.recv(READ_SIZE):
                pass
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            pass
        self._close(conn)  # end of stream, or an error

    def _unwatch(self, conn) -> None:
        request = self.incoming.pop(conn, None)
        if request is not None and request.registered:
            request.registered = False
            try:
                self.poller.unregister(conn.sock)
            except (KeyError, ValueError, OSError):
                pass

    def _close(self, conn) -> None:
        self._unwatch(conn)
        self.nr_conns -= 1
        conn.close()

    def murder_pending(self) -> None:
        """Besides gunicorn's own: close what missed its deadline (408 if part of a request came)."""
        super().murder_pending()
        now = time.monotonic()
        if self.alive and now < self.next_sweep:
            return
        self.next_sweep = now + SWEEP_EVERY
        for conn, request in list(self.waiting.items()):
            if now - request.queued_at < self.queue_timeout:
                break
            del self.waiting[conn]
            request.future.cancel()  # False once a thread has it: it then runs to its end
        for conn, request in list(self.incoming.items()):
            if not self.alive:
                self._close(conn)
            elif now < request.deadline:
                continue
            elif request.lingering or not request.buf:  # a refusal sent, or a connection that never spoke
                self._close(conn)
            else:
                self._refuse(conn, 408, f"The request was not received in time: its headers must arrive within "
                                        f"{self.header_timeout:g} s and its body within {self.body_timeout:g} s more.")
