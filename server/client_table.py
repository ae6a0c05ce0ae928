"""Per-client counters shared by the worker processes of the HTTP front (server/front.py).

Anonymous shared memory made in gunicorn's master and inherited by each forked worker: a client's
open connections and requests in progress, counted over the whole server rather than per worker.
"""
from __future__ import annotations

import mmap
import os
import zlib

SLOTS = 4096  # client counters; two clients whose addresses hash alike share one (and its limit)
ROWS = 128  # worker processes alive at once, at most
REQUESTS, CONNECTIONS = 0, 1  # the two counters kept per client


class ClientTable:
    """Requests in progress per client, summed over the worker processes that share this memory
    (made in the master, inherited by fork). Each worker writes only its own row, so no lock is
    needed (a lock held by a worker killed at its timeout would stop every other one); two workers
    admitting the same client at the same instant may each let it in, one over the limit."""

    def __init__(self):
        self._memory = mmap.mmap(-1, 4 * (ROWS * (2 * SLOTS + 1) + 1))  # anonymous and shared across fork
        view = memoryview(self._memory).cast("i")
        self.owners = view[:ROWS]  # the pid of each row's worker; 0 free, -1 being started
        self.counts = view[ROWS:-1]  # counts[(kind * SLOTS + slot) * ROWS + row]
        # rows ever claimed (the master claims the lowest free row): a count sums these, not all ROWS
        self.used = view[-1:]

    def claim(self) -> int:
        """A row no live worker owns, zeroed (its counts died with its worker). In the master."""
        for row in range(ROWS):
            owner = self.owners[row]
            if owner == 0 or (owner > 0 and not _alive(owner)):
                self.owners[row] = -1
                for cell in range(row, len(self.counts), ROWS):
                    self.counts[cell] = 0
                self.used[0] = max(self.used[0], row + 1)
                return row
        raise RuntimeError(f"more than {ROWS} worker processes at once")

    def count(self, key: str, kind: int = REQUESTS) -> int:
        start = (kind * SLOTS + _slot(key)) * ROWS
        return sum(self.counts[start:start + self.used[0]])

    def add(self, row: int, key: str, delta: int, kind: int = REQUESTS) -> None:
        self.counts[(kind * SLOTS + _slot(key)) * ROWS + row] += delta


_known: dict[str, int] = {}  # client key → slot, in this process (a request looks its client up three times)


def _slot(key: str) -> int:
    slot = _known.get(key)
    if slot is None:
        if len(_known) >= SLOTS:
            _known.clear()
        slot = _known[key] = zlib.crc32(key.encode()) % SLOTS
    return slot


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
