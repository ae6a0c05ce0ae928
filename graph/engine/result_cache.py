"""A bounded LRU cache of serialised results, for a store that never changes while it is served.

The local store is loaded once and read-only, so the same query on the same dataset with the same
formats always gives the same bytes: a repeated query (a page's lookups, the editor's examples, a
dashboard refreshing) is answered from here without evaluation. Each server process has its own
cache of at most `budget` bytes, counting everything an entry holds: the result, the query text in
its key and a fixed overhead. An entry larger than a quarter of it is never kept, so a few large
answers cannot evict all the small ones. Errors and timeouts are not cached.

>>> cache = ResultCache(100)
>>> cache.put("q", ("text/csv", b"a,b"))
>>> cache.get("q"), cache.get("other")
(('text/csv', b'a,b'), None)
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Hashable

ENTRY_OVERHEAD = 512  # the key object, the entry and the dictionary slot, roughly


class ResultCache:
    def __init__(self, budget: int):
        self.budget, self.size = budget, 0
        self.hits = self.misses = 0
        self._entries: OrderedDict[Hashable, tuple[str, bytes, int]] = OrderedDict()  # media, body, cost
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> tuple[str, bytes] | None:
        with self._lock:
            value = self._entries.get(key)
            if value is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return value[0], value[1]

    def put(self, key: Hashable, value: tuple[str, bytes], key_bytes: int = 0) -> None:
        """Keep `value`; its cost is the result's bytes plus `key_bytes` (the query text the key
        holds) plus a fixed overhead, so many long queries with tiny results are bounded too."""
        cost = len(value[1]) + key_bytes + ENTRY_OVERHEAD
        if cost > self.budget // 4:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= old[2]
            self._entries[key] = (*value, cost)
            self.size += cost
            while self.size > self.budget:
                _, evicted = self._entries.popitem(last=False)
                self.size -= evicted[2]
