"""A bounded LRU cache of serialised results, for a store that never changes while it is served.

The local store is loaded once and read-only, so the same query on the same dataset with the same
formats always gives the same bytes: a repeated query (a page's lookups, the editor's examples, a
dashboard refreshing) is answered from here without evaluation. Each server process has its own
cache of at most `budget` bytes. A result larger than a quarter of it is never kept, so a few large
answers cannot evict all the small ones; below that, size does not count against a result, since the
large answers are often the ones that took seconds. Errors and timeouts are not cached.

>>> cache = ResultCache(100)
>>> cache.put("q", ("text/csv", b"a,b"))
>>> cache.get("q"), cache.get("other")
(('text/csv', b'a,b'), None)
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Hashable


class ResultCache:
    def __init__(self, budget: int):
        self.budget, self.size = budget, 0
        self.hits = self.misses = 0
        self._entries: OrderedDict[Hashable, tuple[str, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> tuple[str, bytes] | None:
        with self._lock:
            value = self._entries.get(key)
            if value is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: Hashable, value: tuple[str, bytes]) -> None:
        cost = len(value[1])
        if cost > self.budget // 4:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= len(old[1])
            self._entries[key] = value
            self.size += cost
            while self.size > self.budget:
                _, evicted = self._entries.popitem(last=False)
                self.size -= len(evicted[1])
