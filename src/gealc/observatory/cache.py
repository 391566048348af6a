"""Cache keys for published results.

Everything the pages and the API cache about published runs is keyed on the *published
generation*, a number that publication changes: a new publication makes every older key
unreachable at once (no need to know which pages showed what), and serving never recomputes an
index because the figures themselves are stored rows (see ``models``).

Helpers for the pages and the API: ``published_generation()`` and ``cache_key(*parts)``.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "observatory:published-generation"
PREFIX = "observatory"
MAX_KEY_LENGTH = 200


def published_generation() -> str:
    """The current generation; after a cache flush, a new one (so nothing stale is served)."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = _new_generation()
        # add, not set: two processes starting at once agree on the first value stored.
        if not cache.add(GENERATION_KEY, generation, timeout=None):
            generation = cache.get(GENERATION_KEY, generation)
    return str(generation)


def _new_generation() -> str:
    return f"{time.time_ns():x}"


def bump_published_generation() -> None:
    """Invalidate every published page and API response, once the transaction commits."""
    transaction.on_commit(lambda: cache.set(GENERATION_KEY, _new_generation(), timeout=None))


def cache_key(*parts: object) -> str:
    """``observatory:<generation>:<parts…>``, hashed when it would be too long for memcached."""
    body = ":".join(str(part) for part in parts)
    key = f"{PREFIX}:{published_generation()}:{body}"
    if len(key) > MAX_KEY_LENGTH or any(ord(c) < 33 or ord(c) == 127 for c in key):
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        key = f"{PREFIX}:{published_generation()}:h:{digest}"
    return key


def run_cache_key(run_id: int, *parts: object) -> str:
    """A key for something derived from one run (its charts, its exports)."""
    return cache_key("run", run_id, *parts)
