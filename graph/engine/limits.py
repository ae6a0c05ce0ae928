"""What an engine may spend on one query, and where its data is: the engine's part of the settings.

The server's Config (server/config.py) carries these under the same names and hands them over with
`Config.engine`; the command line builds them directly.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..namespaces import BASE

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    # Seconds a query may run before it is cut; a caller may ask for less per query.
    QUERY_TIMEOUT: float = 30.0
    # A serialised result larger than this is refused, never returned truncated.
    MAX_RESULT_BYTES: int = 64 * MIB
    # SERVICE IRIs a query may call; any other SERVICE is refused. Empty: no federation.
    SERVICE_ALLOWLIST: tuple[str, ...] = ()
    BASE_IRI: str = BASE
    # Memory one query process may allocate beyond the shared store. 0: no limit.
    QUERY_MEMORY_BYTES: int = 1024 * MIB
    # Killable query processes (so a timeout can cut a query); 0 runs queries in the calling
    # process, with no timeout and no sandbox.
    QUERY_PROCESSES: int = 4
    # Bytes of serialised results kept for repeated queries on a local store; 0: no cache.
    RESULT_CACHE_BYTES: int = 64 * MIB


# Queries in the calling process: no query processes, no time or memory limit, no cache (the build
# and the tests, on data they made themselves).
IN_PROCESS = Limits(QUERY_TIMEOUT=0, QUERY_MEMORY_BYTES=0, QUERY_PROCESSES=0, RESULT_CACHE_BYTES=0)
# The command line: the same, but in one query process that cannot open a network socket, as the
# endpoint without an allow-list (`dtkg query` calls no other server).
COMMAND_LINE = Limits(QUERY_TIMEOUT=0, QUERY_MEMORY_BYTES=0, QUERY_PROCESSES=1, RESULT_CACHE_BYTES=0)
