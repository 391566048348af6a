"""Cache keys for published results.

Everything the pages and the API cache about published runs is keyed on the *published
generation*, a fingerprint of what is published: a new publication makes every older key
unreachable at once (no need to know which pages showed what), and serving never recomputes an
index because the figures themselves are stored rows (see ``models``).

Helpers for the pages and the API: ``published_generation()`` and ``cache_key(*parts)``.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max

GENERATION_KEY = "observatory:published-generation"
PREFIX = "observatory"
MAX_KEY_LENGTH = 200
# How long a process may trust its cached generation. With a shared cache (Redis) publication
# sets the new one at once for every server; with a per-process cache (locmem, several
# gunicorn workers) the other workers notice within this many seconds.
GENERATION_SECONDS = 10


def published_generation() -> str:
    """A short fingerprint of what is published (computed from the database when the cache
    has none, so a flushed or per-process cache never serves an older publication)."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = _generation_from_database()
        cache.set(GENERATION_KEY, generation, GENERATION_SECONDS)
    return str(generation)


def _generation_from_database() -> str:
    from gealc.observatory.models import EgdiValue, IndexRun

    published = IndexRun.objects.exclude(status=IndexRun.Status.PREVIEW).aggregate(
        count=Count("pk"), published=Max("published_at"), superseded=Max("superseded_at")
    )
    # The UN benchmark is shown beside the index: a new edition is a publication too.
    egdi = EgdiValue.objects.aggregate(count=Count("pk"), latest=Max("year"))
    text = (
        f"{published['count']}|{published['published']}|{published['superseded']}"
        f"|{egdi['count']}|{egdi['latest']}"
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def bump_published_generation() -> None:
    """Invalidate every published page and API response, once the transaction commits."""
    transaction.on_commit(
        lambda: cache.set(GENERATION_KEY, _generation_from_database(), GENERATION_SECONDS)
    )


def cache_key(*parts: object) -> str:
    """``observatory:<generation>:<parts…>``, hashed when it would be too long for memcached."""
    body = ":".join(str(part) for part in parts)
    key = f"{PREFIX}:{published_generation()}:{body}"
    if len(key) > MAX_KEY_LENGTH or any(ord(c) < 33 or ord(c) == 127 for c in key):
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        key = f"{PREFIX}:{published_generation()}:h:{digest}"
    return key
