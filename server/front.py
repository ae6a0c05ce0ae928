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
- RESPONSE_TIMEOUT: a client must read its response within this many seconds, or the connection
  is closed and the thread freed (responses of up to 64 KiB go into the socket buffer at once).

Refusals are written from the event loop (a few hundred bytes into an empty socket buffer), carry
`Connection: close` (and `Retry-After` for 503), and the connection lingers LINGER seconds reading
and discarding, so that a client still sending its body reads the answer instead of a reset.

It relies on the gthread worker of gunicorn 27 (`enqueue_req`, `finish_request`, `murder_pending`,
`TConn.parser`), hence the pin in pyproject.toml; TLS is not handled (terminate it in a proxy).
"""
from __future__ import annotations

import errno
import ipaddress
import mmap
import os
import re
import selectors
import socket
import string
import time
import zlib
from functools import partial

from gunicorn import http
from gunicorn.workers.gthread import TConn, ThreadWorker

from .config import Config

MAX_HEAD_BYTES = 64 * 1024  # browsers and SPARQL clients send a few KiB; gunicorn's own limits apply within
READ_SIZE = 64 * 1024
PIECE = 64 * 1024  # a response is written in pieces of this size, each within the response deadline
LINGER = 2.0  # seconds a refused connection is read and discarded before it is closed
SWEEP_EVERY = 0.25  # seconds between deadline checks (the loop wakes at least once a second)
SLOTS = 4096  # client counters; two clients whose addresses hash alike share one (and its limit)
ROWS = 128  # worker processes alive at once, at most
REQUESTS, CONNECTIONS = 0, 1  # the two counters kept per client
BAD_CHUNKS = "The request body's chunked encoding is malformed: "
# The header fields the front reads (one regular expression: a Python loop over every field costs
# more than the rest of the front's work on a request).
FRAMING = re.compile(rb"^(content-length|transfer-encoding|expect|x-forwarded-for)[ \t]*:[ \t]*([^\r\n]*?)[ \t]*\r?$",
                     re.IGNORECASE | re.MULTILINE)
HEX = frozenset(string.hexdigits.encode())
REASONS = {400: "Bad Request", 408: "Request Timeout", 413: "Content Too Large", 431: "Request Header Fields Too Large",
           503: "Service Unavailable"}


def check(config: Config) -> None:
    """ValueError with a sentence for a front setting that cannot work."""
    for name in ("HEADER_TIMEOUT", "BODY_TIMEOUT", "RESPONSE_TIMEOUT"):
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


class ClientTable:
    """Requests in progress per client, summed over the worker processes that share this memory
    (made in the master, inherited by fork). Each worker writes only its own row, so no lock is
    needed (a lock held by a worker killed at its timeout would stop every other one); two workers
    admitting the same client at the same instant may each let it in, one over the limit."""

    def __init__(self):
        self._memory = mmap.mmap(-1, 4 * ROWS * (2 * SLOTS + 1))  # anonymous and shared across fork
        view = memoryview(self._memory).cast("i")
        self.owners = view[:ROWS]  # the pid of each row's worker; 0 free, -1 being started
        self.counts = view[ROWS:]  # counts[(kind * SLOTS + slot) * ROWS + row]

    def claim(self) -> int:
        """A row no live worker owns, zeroed (its counts died with its worker). In the master."""
        for row in range(ROWS):
            owner = self.owners[row]
            if owner == 0 or (owner > 0 and not _alive(owner)):
                self.owners[row] = -1
                for cell in range(row, len(self.counts), ROWS):
                    self.counts[cell] = 0
                return row
        raise RuntimeError(f"more than {ROWS} worker processes at once")

    def count(self, key: str, kind: int = REQUESTS) -> int:
        start = (kind * SLOTS + _slot(key)) * ROWS
        return sum(self.counts[start:start + ROWS])

    def add(self, row: int, key: str, delta: int, kind: int = REQUESTS) -> None:
        self.counts[(kind * SLOTS + _slot(key)) * ROWS + row] += delta


def _slot(key: str) -> int:
    return zlib.crc32(key.encode()) % SLOTS


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Incoming:
    """What the event loop knows of a request it is reading."""

    __slots__ = ("buf", "deadline", "head_end", "body_end", "scan", "body_bytes", "method", "forwarded",
                 "continued", "registered", "key", "lingering", "searched")

    def __init__(self, deadline: float, buf: bytes = b""):
        self.buf = bytearray(buf)
        self.deadline = deadline
        self.head_end = None  # index just past the blank line ending the head
        self.body_end = None  # index just past the body, once known
        self.scan = 0  # where the chunked-body scan resumes
        self.body_bytes = 0
        self.method = b""
        self.forwarded: list[bytes] = []
        self.continued = False
        self.registered = False
        self.key = None  # the client key, once admitted (counted in the table)
        self.lingering = False
        self.searched = 0  # where the search for the end of the head resumes


class CountedConn(TConn):
    """A connection that gives its client's slot back when it is closed (always in the event loop)."""

    counted = None  # (row, client key) while counted

    def close(self, graceful: bool = False) -> None:
        if self.counted is not None:
            row, key = self.counted
            self.counted = None
            GuardedWorker.table.add(row, key, -1, CONNECTIONS)
        super().close(graceful)


class ResponseDeadline:
    """WSGI middleware: a response larger than PIECE is written in pieces, each with a socket timeout
    of what is left of RESPONSE_TIMEOUT, so that a client reading slowly (or not at all) releases
    its thread when the time is up (the connection is then closed)."""

    def __init__(self, app, seconds: float):
        self.app, self.seconds = app, seconds

    def __getattr__(self, name):  # gunicorn's hooks reach the Flask app through worker.wsgi
        return getattr(self.app, name)

    def __call__(self, environ, start_response):
        result = self.app(environ, start_response)
        sock = environ.get("gunicorn.socket")
        if sock is None or (isinstance(result, list) and sum(len(item) for item in result) <= PIECE):
            return result  # fits the socket's buffer: no wait on the client
        return self._pieces(result, sock, time.monotonic() + self.seconds)

    def _pieces(self, result, sock, deadline: float):
        try:
            for item in result:
                for start in range(0, len(item), PIECE):
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise TimeoutError(f"the client did not read its response within {self.seconds:g} s")
                    sock.settimeout(left)
                    yield item[start:start + PIECE]
        finally:
            if hasattr(result, "close"):
                result.close()


class Refusal(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


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
        self.retry_after = config.RETRY_AFTER
        self.wsgi = ResponseDeadline(self.wsgi, config.RESPONSE_TIMEOUT)
        self.trusted = [ipaddress.ip_network(p, strict=False) for p in config.TRUSTED_PROXIES]
        self.incoming: dict = {}  # connection → Incoming, while read or lingering in the event loop
        self.in_flight = 0  # requests given to the thread pool and not finished
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
        ahead = conn.parser.unreader.take_buffered() if conn.parser is not None else b""
        conn.front = Incoming(time.monotonic() + self.header_timeout, ahead)
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
        """Whether the buffer holds the whole request (or enough for gunicorn to refuse it)."""
        buf = request.buf
        if request.head_end is None:
            start = max(0, request.searched - 3)  # each byte is searched about once
            request.searched = len(buf)
            end, mark = buf.find(b"\r\n\r\n", start), 4
            bare = buf.find(b"\n\n", start)
            if bare >= 0 and (end < 0 or bare < end):  # bare LF: gunicorn answers 400
                return True
            if end < 0:
                if len(buf) > MAX_HEAD_BYTES:
                    raise Refusal(431, f"The request headers are larger than {MAX_HEAD_BYTES} bytes.")
                return False
            request.head_end = end + mark
            if not self._frame(conn, request, end):
                return True
            request.deadline = time.monotonic() + self.body_timeout
        if request.body_end is None:
            request.body_end = self._chunked_end(request)
        if request.body_end is None or len(buf) < request.body_end:
            return False
        return True

    def _frame(self, conn, request: Incoming, end: int) -> bool:
        """Parse the head's framing; False when the request should go on as it is (no body, or a
        framing gunicorn refuses by itself)."""
        head = bytes(request.buf[:end])
        request.method = head[:head.find(b" ")]
        lengths, codings, expect = [], [], False
        for name, value in FRAMING.findall(head):
            name = name.lower()
            if name == b"content-length":
                lengths.append(value)
            elif name == b"transfer-encoding":
                codings.append(value.lower())
            elif name == b"expect":
                expect = value.lower() == b"100-continue"
            else:
                request.forwarded.append(value)
        if codings:
            if not codings[-1].replace(b" ", b"").endswith(b"chunked"):
                return False
            request.scan = request.head_end
        elif lengths:
            if len(set(lengths)) != 1 or not lengths[0].isdigit():
                return False
            length = int(lengths[0])
            if length > self.max_body:
                raise Refusal(413, f"The request body is {length} bytes; this endpoint accepts at most "
                                   f"{self.max_body}.")
            if length == 0:
                return False
            request.body_end = request.head_end + length
        else:
            return False
        if expect and len(request.buf) < (request.body_end or request.head_end + 1):
            self._continue(conn, request, head.split(b"\r\n"))
        return True

    def _continue(self, conn, request: Incoming, lines: list[bytes]) -> None:
        """Answer `Expect: 100-continue` here (the body is read before any thread sees the request),
        and take the header out so that gunicorn does not answer it a second time."""
        try:
            conn.sock.send(b"HTTP/1.1 100 Continue\r\n\r\n")
        except OSError:
            return
        kept = [line for line in lines if line.partition(b":")[0].strip().lower() != b"expect"]
        head = b"\r\n".join(kept) + b"\r\n\r\n"
        shift = len(head) - request.head_end
        request.buf[:request.head_end] = head
        request.head_end += shift
        request.scan += shift if request.scan else 0
        if request.body_end is not None:
            request.body_end += shift

    def _chunked_end(self, request: Incoming) -> int | None:
        """Where a chunked body ends, once all of it is buffered; scans each chunk once."""
        buf, pos = request.buf, request.scan
        if not pos:
            return None
        while True:
            eol = buf.find(b"\r\n", pos)
            if eol < 0:
                if len(buf) - pos > 1024:
                    raise Refusal(400, BAD_CHUNKS + "a chunk-size line longer than 1024 bytes.")
                return None
            size_text = bytes(buf[pos:eol]).split(b";", 1)[0].strip()
            if not size_text or not HEX.issuperset(size_text) or len(size_text) > 16:
                raise Refusal(400, BAD_CHUNKS + f"the chunk size {size_text[:20].decode('latin-1')!r} is not hexadecimal.")
            size = int(size_text, 16)
            if request.body_bytes + size > self.max_body:
                raise Refusal(413, f"The request body is larger than {self.max_body} bytes, the most this "
                                   f"endpoint accepts.")
            if size == 0:
                if buf[eol + 2:eol + 4] == b"\r\n":
                    return eol + 4
                trailers = buf.find(b"\r\n\r\n", eol + 2)
                if trailers < 0:
                    if len(buf) - eol > MAX_HEAD_BYTES:
                        raise Refusal(431, f"The request trailers are larger than {MAX_HEAD_BYTES} bytes.")
                    return None
                return trailers + 4
            following = eol + 2 + size + 2
            if len(buf) < following:
                return None
            if buf[following - 2:following] != b"\r\n":
                raise Refusal(400, BAD_CHUNKS + "a chunk is longer than its size says.")
            request.body_bytes += size
            request.scan = pos = following

    # ------------------------------------------------------------------ admission
    def _admit(self, conn, request: Incoming) -> None:
        """Give a complete request to the thread pool, unless the worker or the client is full."""
        if self.in_flight >= self.capacity:
            message = (f"The server is busy: every thread is answering and {self.capacity - self.cfg.threads} "
                          f"requests are waiting; retry in {self.retry_after} s.")
            self._refuse(conn, 503, message)
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
        conn.parser.unreader.unread(bytes(request.buf))
        conn.data_ready = True  # the thread must not wait for data: it is all here
        super().enqueue_req(conn)

    def client_key(self, peer, forwarded: list[bytes]) -> str:
        """The client's address: the peer's, or behind a trusted proxy the last X-Forwarded-For
        address that is not itself a trusted proxy."""
        address = peer[0] if isinstance(peer, tuple) else str(peer or "")
        if not self.trusted or not forwarded or not self._trusted(address):
            return address
        hops = [h.strip() for value in forwarded for h in value.decode("latin-1").split(",") if h.strip()]
        for hop in reversed(hops):
            if not self._trusted(hop):
                return hop
        return hops[0] if hops else address

    def _trusted(self, address: str) -> bool:
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
