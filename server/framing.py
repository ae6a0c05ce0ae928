"""Request framing for the HTTP front (server/front.py): whether the bytes read so far hold a whole
HTTP/1.1 request, by Content-Length or chunked encoding, with the size limits checked as bytes arrive.

Only what framing needs is read (the four fields of FRAMING); gunicorn parses the request itself
once it is whole, and refuses with 400 what it finds malformed.
"""
from __future__ import annotations

import re
import string

MAX_HEAD_BYTES = 64 * 1024  # browsers and SPARQL clients send a few KiB; gunicorn's own limits apply within
BAD_CHUNKS = "The request body's chunked encoding is malformed: "
# The header fields the front reads (one regular expression: a Python loop over every field costs
# more than the rest of the front's work on a request). It runs on the lowered head after a "\n", so
# that it starts with a literal (the engine skips to each line start instead of trying every byte,
# as `^` with IGNORECASE does): half the time per request.
FRAMING = re.compile(rb"\n(content-length|transfer-encoding|expect|x-forwarded-for)[ \t]*:[ \t]*([^\r\n]*?)[ \t]*\r?$",
                     re.MULTILINE)
HEX = frozenset(string.hexdigits.encode())


class Incoming:
    """A request being read: its bytes and framing, and the front's bookkeeping of it."""

    __slots__ = ("buf", "deadline", "head_end", "body_end", "scan", "body_bytes", "method", "forwarded",
                 "expect", "continued", "registered", "key", "lingering", "searched", "future", "queued_at")

    def __init__(self, deadline: float, buf: bytes = b""):
        self.buf = bytearray(buf)
        self.deadline = deadline
        self.head_end = None  # index just past the blank line ending the head
        self.body_end = None  # index just past the body, once known
        self.scan = 0  # where the chunked-body scan resumes
        self.body_bytes = 0
        self.method = b""
        self.forwarded: list[bytes] = []
        self.expect = False  # the client waits for `100 Continue` before sending its body
        self.continued = False
        self.registered = False
        self.key = None  # the client key, once admitted (counted in the table)
        self.lingering = False
        self.searched = 0  # where the search for the end of the head resumes
        self.future = None  # the thread pool's, once admitted
        self.queued_at = 0.0


class Refusal(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def complete(request: Incoming, max_body: int) -> bool:
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
        if not _frame(request, end, max_body):
            return True
    if request.body_end is None:
        request.body_end = _chunked_end(request, max_body)
    if request.body_end is None or len(buf) < request.body_end:
        return False
    return True


def _frame(request: Incoming, end: int, max_body: int) -> bool:
    """Parse the head's framing; False when the request should go on as it is (no body, or a
    framing gunicorn refuses by itself)."""
    head = bytes(request.buf[:end])
    request.method = head[:head.find(b" ")]
    lengths, codings, expect = [], [], False
    for match in FRAMING.finditer(b"\n" + head.lower()):
        name, value = match.group(1), head[match.start(2) - 1:match.end(2) - 1]  # the value as sent
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
        if length > max_body:
            raise Refusal(413, f"The request body is {length} bytes; this endpoint accepts at most "
                               f"{max_body}.")
        if length == 0:
            return False
        request.body_end = request.head_end + length
    else:
        return False
    request.expect = expect
    return True


def _chunked_end(request: Incoming, max_body: int) -> int | None:
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
        if request.body_bytes + size > max_body:
            raise Refusal(413, f"The request body is larger than {max_body} bytes, the most this "
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


def drop_expect(request: Incoming) -> None:
    """Take `Expect` out of the head once the front has answered `100 Continue` itself, so that
    gunicorn does not answer it a second time."""
    lines = bytes(request.buf[:request.head_end - 4]).split(b"\r\n")
    kept = [line for line in lines if line.partition(b":")[0].strip().lower() != b"expect"]
    head = b"\r\n".join(kept) + b"\r\n\r\n"
    shift = len(head) - request.head_end
    request.buf[:request.head_end] = head
    request.head_end += shift
    request.scan += shift if request.scan else 0
    if request.body_end is not None:
        request.body_end += shift
