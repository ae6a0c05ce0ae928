"""The HTTP front (server/front.py) attacked through a real `dtkg serve` on 127.0.0.1.

Slow-header and slow-body sockets (slowloris), a storm of slow queries, and one greedy client: a
cheap query from another socket must still be answered, or refused at once with 503 and
Retry-After, never left hanging. Loops are bounded in count and time. The claims are about order,
not durations (no wall-clock thresholds, which a shared 2-core machine would make flaky): probes
answered while every attacking socket is still held, refusals that come before the slow queries
they would have waited for end.
"""
from __future__ import annotations

import http.client
import itertools
import socket
import threading
import time

import pytest

from tests.fixtures_server import SLOW_QUERY, Server, sample_file  # noqa: F401

ASK = "/sparql?query=ASK%7B%7D"
FRONT_LIMITS = {"DTKG_QUERY_TIMEOUT": "2", "DTKG_HEADER_TIMEOUT": "3", "DTKG_BODY_TIMEOUT": "2",
                "DTKG_CLIENT_CONCURRENCY": "3", "DTKG_CLIENT_CONNECTIONS": "60", "DTKG_MAX_QUEUED": "2", "DTKG_QUEUE_TIMEOUT": "1", "DTKG_RETRY_AFTER": "3",
                "DTKG_RESPONSE_TIMEOUT": "2"}
PROBES = 5  # cheap queries that must be answered while every attacking socket is still held
COMPLETED = itertools.count()  # the order in which requests end, across threads


@pytest.fixture(scope="module")
def front_server(sample_file):
    """Two workers of 4 threads; small limits so that each is reached in seconds."""
    server = Server([str(sample_file)], FRONT_LIMITS, workers=2)
    yield server
    server.stop()


def request(port: int, method: str, path: str, body: str | None = None, source: str = "127.0.0.1",
            timeout: float = 15.0) -> tuple[int, dict, str, int]:
    """One request on a fresh connection from `source`: status, headers, body, and its place in the
    order in which requests end (a client timeout bounds a hung request)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    try:
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
        return response.status, dict(response.getheaders()), text, next(COMPLETED)
    finally:
        conn.close()


class Slowloris(threading.Thread):
    """`count` sockets that each send a byte every `interval` s: of their headers or, with
    `body`, of a 1,000-byte body after complete headers. A socket the server answers or closes is
    replaced (at most `count` × 4 times in all)."""

    def __init__(self, port: int, count: int, body: bool = False, interval: float = 0.5):
        super().__init__(daemon=True)
        self.port, self.count, self.body, self.interval = port, count, body, interval
        self.stop, self.answers, self.opened, self.most_open = threading.Event(), [], 0, 0
        self.ready = threading.Event()  # every socket is open and has sent its first bytes

    def _open(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        self.opened += 1
        if self.body:
            sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                         b"Content-Length: 1000\r\n\r\nASK")
        else:
            sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\n")
        sock.setblocking(False)
        return sock

    def run(self) -> None:
        sockets = [self._open() for _ in range(self.count)]
        self.most_open = len(sockets)
        self.ready.set()
        while not self.stop.wait(self.interval):
            for i, sock in enumerate(sockets):
                try:
                    answer = sock.recv(4096)
                except BlockingIOError:
                    answer = None
                except OSError:
                    answer = b""
                if answer is None:
                    try:
                        sock.send(b" " if self.body else b"X")
                        continue
                    except OSError:
                        answer = b""
                self.answers.append(answer.split(b"\r\n", 1)[0].decode("latin-1"))
                sock.close()
                if self.opened < self.count * 4:
                    sockets[i] = self._open()
            sockets = [s for s in sockets if s.fileno() >= 0]
            self.most_open = max(self.most_open, len(sockets))
        for sock in sockets:
            sock.close()


def probe_during(port: int, attack: Slowloris) -> tuple[int, int]:
    """Cheap queries on fresh connections, one after another, from when every attacking socket is
    open until the server has cut some of them (its timeout) and PROBES more were answered after
    that; each must be answered 200. Returns the probes answered before the attack saw its first cut
    (it looks every 0.1 s, so at most a probe or two answered just after the cut count as before)
    and those answered after it."""
    attack.start()
    assert attack.ready.wait(30), "the attacking sockets could not be opened"
    before = after = 0
    try:
        while after < PROBES and before < 1000:
            # from another client: the attacker's own address may meet its connection limit (503)
            status, _, text, _ = request(port, "GET", ASK, source="127.0.0.8", timeout=10)
            assert status == 200 and '"boolean":true' in text, (status, text)
            before, after = (before, after + 1) if attack.answers else (before + 1, after)
            time.sleep(0.05)
    finally:
        attack.stop.set()
        attack.join(timeout=10)
    return before, after


def test_front_slow_headers_from_50_sockets_leave_a_cheap_query_answered(front_server):
    attack = Slowloris(front_server.port, 50, interval=0.1)
    before, after = probe_during(front_server.port, attack)
    assert attack.most_open == 50
    # a worker held by the attack would answer no probe before HEADER_TIMEOUT freed it
    assert before >= PROBES, f"only {before} cheap queries answered while 50 sockets sent headers slowly"
    # HEADER_TIMEOUT is 3 s: the attacking sockets were answered 408 and closed, then replaced; 50
    # replacements opened while the 50 answered ones are still closing meet CLIENT_CONNECTIONS (60).
    assert "HTTP/1.1 408 Request Timeout" in attack.answers
    assert set(attack.answers) <= {"HTTP/1.1 408 Request Timeout", "HTTP/1.1 503 Service Unavailable", ""}


def test_front_slow_bodies_from_50_sockets_leave_a_cheap_query_answered(front_server):
    attack = Slowloris(front_server.port, 50, body=True, interval=0.1)
    before, after = probe_during(front_server.port, attack)
    assert attack.most_open == 50
    assert before >= PROBES, f"only {before} cheap queries answered while 50 sockets sent bodies slowly"
    assert "HTTP/1.1 408 Request Timeout" in attack.answers  # BODY_TIMEOUT is 2 s


def test_front_20_slow_queries_leave_a_cheap_query_answered_or_refused_with_retry_after(front_server):
    """20 clients (127.0.0.10-29) each send a query that runs into the 2 s timeout; there are 8
    threads and 2 queue places per worker, so some are refused at once, and those queued are
    refused after QUEUE_TIMEOUT (1 s); the cheap query from another client is answered or
    refused, never left waiting."""
    outcomes: list[tuple[int, dict, str, int]] = []

    def slow(i: int) -> None:
        outcomes.append(request(front_server.port, "POST", "/sparql", f"query={SLOW_QUERY}&timeout=2",
                                source=f"127.0.0.{10 + i}", timeout=30))

    threads = [threading.Thread(target=slow, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    status, headers, text, cheap = request(front_server.port, "GET", ASK, source="127.0.0.9", timeout=30)
    for t in threads:
        t.join(timeout=30)
    assert len(outcomes) == 20
    for s, h, body, _ in outcomes + [(status, headers, text, cheap)]:
        assert s in (200, 503, 504), (s, body)
        if s == 503:
            assert h.get("Retry-After") == "3" and "retry in 3 s" in body
    timed_out = [o[3] for o in outcomes if o[0] == 504]
    refused = [o for o in outcomes if o[0] == 503]
    full = [o[3] for o in refused if "requests are waiting" in o[2]]
    waited = [o[3] for o in refused if "this request waited 1 s for a free thread" in o[2]]
    assert timed_out and full and waited and len(full) + len(waited) == len(refused)
    # the cheap query did not wait for a thread to come free: it ended before any slow query did
    assert cheap < min(timed_out), f"the cheap query ({status}) ended after a slow query had run to its timeout"
    assert max(full) < min(waited), "a full queue's 503 must come at once, before any queued request is refused"
    assert max(waited) < min(timed_out), "a queued request must be refused at QUEUE_TIMEOUT, not when a thread frees"
    assert request(front_server.port, "GET", ASK)[0] == 200  # nothing is left stuck


def test_front_one_client_over_its_limit_gets_503_while_another_is_served(front_server):
    outcomes: list[tuple[int, dict, str, int]] = []

    def slow() -> None:
        outcomes.append(request(front_server.port, "POST", "/sparql", f"query={SLOW_QUERY}&timeout=2",
                                source="127.0.0.2", timeout=30))

    threads = [threading.Thread(target=slow) for _ in range(3)]  # CLIENT_CONCURRENCY is 3
    for t in threads:
        t.start()
    time.sleep(0.7)
    over = request(front_server.port, "GET", ASK, source="127.0.0.2")
    other = request(front_server.port, "GET", ASK, source="127.0.0.3")
    for t in threads:
        t.join(timeout=30)
    status, headers, text, _ = over
    assert status == 503 and headers["Retry-After"] == "3" and headers["Connection"] == "close"
    assert text == ("This client already has 3 requests in progress, the most one client may have at once; "
                    "retry in 3 s.\n")
    assert other[0] == 200 and '"boolean":true' in other[2]
    assert sorted(o[0] for o in outcomes) == [504, 504, 504]  # the three in progress ran to their timeout
    assert request(front_server.port, "GET", ASK, source="127.0.0.2")[0] == 200  # and its slots are free again


def test_front_one_client_over_its_connection_limit_gets_503_while_another_connects(front_server):
    """60 idle connections from 127.0.0.4 (CLIENT_CONNECTIONS is 60): the 61st is refused at once,
    127.0.0.5 is served, and once they are closed 127.0.0.4 is served again."""
    idle = [socket.create_connection(("127.0.0.1", front_server.port), timeout=5, source_address=("127.0.0.4", 0))
            for _ in range(60)]
    try:
        time.sleep(0.5)  # both workers have accepted them
        status, headers, text, _ = request(front_server.port, "GET", ASK, source="127.0.0.4")
        assert status == 503 and headers["Retry-After"] == "3"
        assert text == "This client already has 60 connections open, the most one client may have; retry in 3 s.\n"
        assert request(front_server.port, "GET", ASK, source="127.0.0.5")[0] == 200
    finally:
        for sock in idle:
            sock.close()
    time.sleep(0.5)
    assert request(front_server.port, "GET", ASK, source="127.0.0.4")[0] == 200


def test_front_a_client_that_does_not_read_its_response_is_cut_at_the_response_timeout(front_server):
    """A ~30 MB result asked for and never read: past RESPONSE_TIMEOUT (2 s) the server closes the
    connection (its thread is free again) instead of waiting on the client for ever."""
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 100000"
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.settimeout(15)
    sock.connect(("127.0.0.1", front_server.port))
    try:
        body = f"query={query}".encode()
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        time.sleep(4)  # not reading: the server's writes stall, then its deadline passes
        received, end = b"", time.monotonic() + 10
        while time.monotonic() < end and (chunk := sock.recv(1 << 20)):
            received += chunk
    except ConnectionResetError:
        received = b"(reset)"
    finally:
        sock.close()
    if received != b"(reset)":
        head, _, payload = received.partition(b"\r\n\r\n")
        length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
        assert head.startswith(b"HTTP/1.1 200 OK") and length > 10_000_000 and len(payload) < length
    assert request(front_server.port, "GET", ASK)[0] == 200


def test_front_body_over_the_limit_is_refused_before_it_is_read(front_server):
    sock = socket.create_connection(("127.0.0.1", front_server.port), timeout=10)
    try:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 5000000\r\n\r\nASK {}")
        answer = sock.recv(4096).decode()
    finally:
        sock.close()
    assert answer.startswith("HTTP/1.1 413 Content Too Large\r\n")
    assert "The request body is 5000000 bytes; this endpoint accepts at most 1048576." in answer


def test_front_keeps_requests_whole_for_keep_alive_pipelining_chunks_and_100_continue(front_server):
    sock = socket.create_connection(("127.0.0.1", front_server.port), timeout=10)
    try:
        sock.sendall(b"GET " + ASK.encode() + b" HTTP/1.1\r\nHost: x\r\n\r\n"  # two pipelined requests
                     b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n4\r\nASK \r\n2\r\n{}\r\n0\r\n\r\n")
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 6\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
        time.sleep(0.3)
        sock.sendall(b"ASK {}")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    finally:
        sock.close()
    text = data.decode()
    assert text.count("HTTP/1.1 200 OK") == 3 and text.count('"boolean":true') == 3
    assert text.count("HTTP/1.1 100 Continue") == 1


def test_front_malformed_chunks_get_400_not_500(front_server):
    sock = socket.create_connection(("127.0.0.1", front_server.port), timeout=10)
    try:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\nzz\r\nASK {}\r\n0\r\n\r\n")
        answer = sock.recv(4096).decode()
    finally:
        sock.close()
    assert answer.startswith("HTTP/1.1 400 Bad Request\r\n") and "'zz' is not hexadecimal" in answer


def test_front_client_key_behind_a_trusted_proxy():
    from dtkg.server.front import GuardedWorker

    worker = GuardedWorker.__new__(GuardedWorker)  # only client_key's settings are needed
    import ipaddress

    worker.trusted = [ipaddress.ip_network("10.0.0.0/8")]
    assert worker.client_key(("203.0.113.5", 1234), [b"198.51.100.7"]) == "203.0.113.5"  # untrusted peer
    assert worker.client_key(("10.0.0.2", 1234), [b"1.2.3.4, 198.51.100.7, 10.0.0.9"]) == "198.51.100.7"
    assert worker.client_key(("10.0.0.2", 1234), []) == "10.0.0.2"
    worker.trusted = []
    assert worker.client_key(("10.0.0.2", 1234), [b"198.51.100.7"]) == "10.0.0.2"
    assert worker.client_key("", [b"198.51.100.7"]) == "198.51.100.7"  # behind a proxy on a Unix socket
    assert worker._trusted("unix") and not worker._trusted("10.0.0.2")


def test_front_framing_reads_its_fields_in_any_case_and_keeps_their_values_as_sent():
    from dtkg.server.framing import Incoming, complete

    head = (b"POST /sparql HTTP/1.1\r\nHOST: x\r\nx-Forwarded-FOR: 2001:DB8::1 \r\nExpect: 100-Continue\r\n"
            b"CONTENT-length:\t5\r\nX-Content-Length: 9\r\n\r\n")
    request = Incoming(0.0, head + b"ab")
    assert not complete(request, 100)  # 5 bytes announced, 2 here
    assert request.method == b"POST" and request.expect and request.forwarded == [b"2001:DB8::1"]
    assert request.body_end == len(head) + 5
    request.buf += b"cde"
    assert complete(request, 100)


def test_front_client_table_counts_every_claimed_row_and_only_those():
    from dtkg.server.client_table import CONNECTIONS, ClientTable

    table = ClientTable()
    rows = [table.claim() for _ in range(3)]
    assert rows == [0, 1, 2] and table.used[0] == 3
    table.add(2, "198.51.100.7", 1)
    table.add(0, "198.51.100.7", 1)
    table.add(1, "198.51.100.7", 1, CONNECTIONS)
    assert table.count("198.51.100.7") == 2 and table.count("198.51.100.7", CONNECTIONS) == 1
    assert table.count("198.51.100.8") == 0
    table.owners[1] = 0  # a worker gone: its row is claimed again, zeroed, and the rows counted stay 3
    assert table.claim() == 1 and table.used[0] == 3
    assert table.count("198.51.100.7", CONNECTIONS) == 0 and table.count("198.51.100.7") == 2
