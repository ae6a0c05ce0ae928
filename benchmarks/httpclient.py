"""The one HTTP client of the benchmark: raw HTTP/1.1 over asyncio, keep-alive when the server
allows it, a reconnect when it does not (gunicorn's sync workers close after each response).

It costs a few tens of microseconds per request, so on a 2-core machine the client takes little CPU
from the server it measures, and every server is measured through exactly the same code.
Only 127.0.0.1 is ever contacted.
"""
from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field

ACCEPT = "application/sparql-results+json"


class HttpError(Exception):
    pass


@dataclass
class Response:
    status: int
    body: bytes
    seconds: float

    def rows(self) -> int | None:
        """Number of solutions in a SPARQL JSON result (None if the body is not one)."""
        try:
            data = json.loads(self.body)
        except ValueError:
            return None
        if "boolean" in data:
            return 1
        return len(data.get("results", {}).get("bindings", []))


class Connection:
    """One keep-alive connection to 127.0.0.1:port, reopened when the server closes it."""

    def __init__(self, port: int, path: str, source: str | None = None):
        self.port, self.path, self.source = port, path, source  # source: the loopback address to send from
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def _open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(
            "127.0.0.1", self.port, local_addr=(self.source, 0) if self.source else None)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def query(self, text: str, timeout: float) -> Response:
        """POST the query (`application/sparql-query`); the time covers the whole response body."""
        body = text.encode()
        head = (f"POST {self.path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nAccept: {ACCEPT}\r\n"
                f"Content-Type: application/sparql-query\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        started = time.perf_counter()
        try:
            status, payload, close = await asyncio.wait_for(self._exchange(head + body), timeout)
        except BaseException:
            self.close()  # a half-read response would poison the next request
            raise
        seconds = time.perf_counter() - started
        if close:
            self.close()
        return Response(status, payload, seconds)

    async def _exchange(self, request: bytes, retry: bool = True) -> tuple[int, bytes, bool]:
        fresh = self.writer is None
        if fresh:
            await self._open()
        try:
            self.writer.write(request)
            await self.writer.drain()
            line = await self.reader.readline()
            if not line:
                raise ConnectionResetError("closed before the status line")
        except (ConnectionError, OSError):
            self.close()
            if retry and not fresh:  # the server dropped an idle keep-alive connection: reconnect once
                return await self._exchange(request, retry=False)
            raise
        status = int(line.split()[1])
        headers: dict[str, str] = {}
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            payload = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            payload = await self._chunked()
        else:
            payload = await self.reader.read()
            headers["connection"] = "close"
        close = headers.get("connection", "").lower() == "close"
        return status, payload, close

    async def _chunked(self) -> bytes:
        parts = []
        while True:
            size = int((await self.reader.readline()).split(b";")[0].strip(), 16)
            if size == 0:
                while (await self.reader.readline()) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readline()


@dataclass
class Throughput:
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float | None:
        if not self.latencies:
            return None
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _hammer(port: int, path: str, text: str, clients: int, seconds: float, max_requests: int,
                  timeout: float) -> Throughput:
    result = Throughput()
    deadline = time.perf_counter() + seconds
    budget = [max_requests]

    async def client(i: int) -> None:
        conn = Connection(port, path, source=f"127.0.0.{2 + i}")  # one address per client, as real clients have
        try:
            while time.perf_counter() < deadline and budget[0] > 0:
                budget[0] -= 1
                try:
                    r = await conn.query(text, min(timeout, max(0.1, deadline - time.perf_counter() + timeout)))
                except (asyncio.TimeoutError, ConnectionError, OSError, ValueError, asyncio.IncompleteReadError):
                    result.errors += 1
                    continue
                if r.status == 200:
                    result.requests += 1
                    result.latencies.append(r.seconds)
                else:
                    result.errors += 1
        finally:
            conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    result.seconds = time.perf_counter() - started
    return result


def throughput(port: int, path: str, text: str, clients: int = 8, seconds: float = 15.0,
               max_requests: int = 200_000, timeout: float = 30.0) -> Throughput:
    """`clients` concurrent connections sending the same query for `seconds` (or `max_requests`), each
    from its own loopback address (127.0.0.2, …): a server's per-client limit sees `clients` clients."""
    return asyncio.run(_hammer(port, path, text, clients, seconds, max_requests, timeout))


def once(port: int, path: str, text: str, timeout: float) -> Response:
    """One query on a fresh connection (readiness probes, checks)."""
    async def go() -> Response:
        conn = Connection(port, path)
        try:
            return await conn.query(text, timeout)
        finally:
            conn.close()
    return asyncio.run(go())


class Session:
    """A keep-alive connection for sequential latency runs, driven from synchronous code."""

    def __init__(self, port: int, path: str):
        self.loop = asyncio.new_event_loop()
        self.conn = Connection(port, path)

    def query(self, text: str, timeout: float) -> Response:
        return self.loop.run_until_complete(self.conn.query(text, timeout))

    def close(self) -> None:
        self.conn.close()
        self.loop.close()
