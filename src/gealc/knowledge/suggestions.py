"""Suggestions ("did you mean") for a search that found nothing: the query, corrected.

Known words are the most frequent words of 4 to 40 letters of what the unified search reads,
normalised as it normalises (``search_text``: lower-case, accent-free, every language), kept by
length so that an unknown word is only compared with words of a similar length. The caller
decides which rows count (``selectors.search_vocabulary``: public content only, so that a
suggestion never reveals a word of a draft or of the members' directory).

Closeness is ``difflib``'s ratio (standard library): PostgreSQL's ``pg_trgm`` would need
``CREATE EXTENSION`` in a migration, and SQLite and PostgreSQL suggest the same this way.

The vocabulary is kept in Django's cache. ``forget_vocabulary`` drops it whenever an indexed
entry is saved or rewritten (``search.refresh_vectors``); the timeout bounds what that does not
see (countries, deletions, and other processes when the cache is local memory).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import islice

from django.core.cache import cache
from django.db import transaction

from gealc.network.models import normalise_for_search

VOCABULARY_KEY = "knowledge:search-vocabulary"
VOCABULARY_SECONDS = 15 * 60
MIN_WORD_LENGTH = 4
MAX_WORD_LENGTH = 40
# The most frequent words are kept: bounds the cache entry and the time of a suggestion
# (difflib compares the unknown word with every known word of a similar length).
MAX_VOCABULARY = 10_000
# A typo or two: words longer or shorter by more letters are not compared.
MAX_LENGTH_DIFFERENCE = 2
# Longer queries are rarely one typo away from a result, and each unknown word costs a scan.
MAX_QUERY_WORDS = 6
# difflib's ratio (2 * matching characters / total length); 0.8 lets one typo in a short
# word through ("digitl" → "digital": 0.92) but not a different word ("dato" → "data": 0.75).
CLOSENESS = 0.8

# Runs of letters long enough to be worth correcting (digits and punctuation split words).
_WORDS = re.compile(rf"[^\W\d_]{{{MIN_WORD_LENGTH},}}")
# Control characters (category Cc): never part of a word, and PostgreSQL refuses a NUL.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

Vocabulary = dict[int, frozenset[str]]  # known words by length


def vocabulary_from(texts: Iterable[str], limit: int = MAX_VOCABULARY) -> Vocabulary:
    """The ``limit`` most frequent words of these normalised texts, by length."""
    # Whole tokens are counted first (split and count run in C) and words picked from the
    # distinct tokens only: a regular expression over every text took three times as long.
    tokens: Counter[str] = Counter()
    for text in texts:
        tokens.update(text.split())
    counts: Counter[str] = Counter()
    for token, count in tokens.items():
        for word in _WORDS.findall(token):
            counts[word] += count
    kept = (word for word, _count in counts.most_common() if len(word) <= MAX_WORD_LENGTH)
    by_length: dict[int, set[str]] = {}
    for word in islice(kept, limit):
        by_length.setdefault(len(word), set()).add(word)
    return {length: frozenset(words) for length, words in by_length.items()}


def cached_vocabulary(texts: Callable[[], Iterable[str]]) -> Vocabulary:
    """The cached vocabulary, built from ``texts()`` when the cache has none."""
    vocabulary: Vocabulary = cache.get_or_set(
        VOCABULARY_KEY, lambda: vocabulary_from(texts()), VOCABULARY_SECONDS
    )
    return vocabulary


def forget_vocabulary() -> None:
    """Drop the cached vocabulary now, and again once the transaction commits (a search in
    between may have rebuilt it from the rows as they were before)."""
    cache.delete(VOCABULARY_KEY)
    transaction.on_commit(lambda: cache.delete(VOCABULARY_KEY))


def suggestion(query: str, vocabulary: Vocabulary) -> str | None:
    """The query with each unknown word replaced by the closest known word, other words as
    typed; None when no word changes or the query has too many words."""
    words = _CONTROL.sub(" ", query or "").split()
    if len(words) > MAX_QUERY_WORDS:
        return None
    corrected = [closest_word(word, vocabulary) or word for word in words]
    return " ".join(corrected) if corrected != words else None


def closest_word(word: str, vocabulary: Vocabulary) -> str | None:
    """The known word closest to an unknown one (normalised), or None: the word is known,
    is not a plain word of 4+ letters, or nothing is close enough."""
    term = normalise_for_search(word)
    if not term.isalpha() or not MIN_WORD_LENGTH <= len(term) <= MAX_WORD_LENGTH:
        return None
    if term in vocabulary.get(len(term), frozenset()):
        return None
    matches = difflib.get_close_matches(
        term, _candidates(len(term), vocabulary), n=1, cutoff=CLOSENESS
    )
    return matches[0] if matches else None


def _candidates(length: int, vocabulary: Vocabulary) -> list[str]:
    """Known words at most ``MAX_LENGTH_DIFFERENCE`` letters longer or shorter."""
    sizes = range(length - MAX_LENGTH_DIFFERENCE, length + MAX_LENGTH_DIFFERENCE + 1)
    return [word for size in sizes for word in vocabulary.get(size, frozenset())]
