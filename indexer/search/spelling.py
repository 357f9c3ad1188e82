"""The indexed words within a few edits of a misspelt one, without an edit distance
against every indexed word.

Two words within d edits (a letter inserted, deleted, replaced, or two neighbours
swapped) differ in length by at most d, and their letter counts differ by at most 2d in
all (each edit adds at most one letter and removes at most one). A `Lexicon` keeps its
words by length with their letter counts as one numpy array, so a look-up keeps, in a
few array operations, only the words that pass both tests, and computes the edit
distance for those alone. A scan of every term (Whoosh's corrector on an index of
several segments) cost 80 ms a word at 10,000 articles and grew with the vocabulary.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

# Letter counts are kept for these characters (folded words are ASCII); any other
# character is counted in one shared slot, which keeps the test sound (never too strict).
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_"
_SLOT = {ch: i for i, ch in enumerate(_ALPHABET)}
_OTHER = len(_ALPHABET)


def letter_counts(word: str) -> np.ndarray:
    """How many times each letter of the alphabet (and any other character) occurs."""
    return _count_letters([word])[0]


def _count_letters(words: list[str]) -> np.ndarray:
    """`letter_counts` of words of one length, one row each, in a few array operations."""
    length = len(words[0]) if words else 0
    slots = np.fromiter(
        (_SLOT.get(ch, _OTHER) for word in words for ch in word),
        dtype=np.int64,
        count=len(words) * length,
    )
    rows = np.repeat(np.arange(len(words)), length)
    counts = np.zeros((len(words), _OTHER + 1), dtype=np.int16)
    np.add.at(counts, (rows, slots), 1)
    return counts


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (optimal string alignment, as Whoosh computes it),
    or `limit + 1` as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1] and cost:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@dataclass
class _Bucket:
    """The words of one length."""

    words: list[str] = field(default_factory=list)
    frequencies: list[int] = field(default_factory=list)
    counts: np.ndarray | None = None  # one row of letter counts per word


class Lexicon:
    """Words with their frequencies, for finding the nearest ones to a misspelt word."""

    def __init__(self, words: Iterable[tuple[str, int]]) -> None:
        self.buckets: dict[int, _Bucket] = {}
        for word, frequency in words:
            bucket = self.buckets.setdefault(len(word), _Bucket())
            bucket.words.append(word)
            bucket.frequencies.append(frequency)
        for bucket in self.buckets.values():
            bucket.counts = _count_letters(bucket.words)
        self.compared = 0  # words whose edit distance was computed, over every look-up

    def within(self, word: str, maxdist: int) -> list[tuple[str, int]]:
        """The words (with their frequencies) at most `maxdist` edits from `word`."""
        wanted = letter_counts(word)
        found = []
        for length in range(len(word) - maxdist, len(word) + maxdist + 1):
            bucket = self.buckets.get(length)
            if bucket is None:
                continue
            differ = np.abs(bucket.counts - wanted).sum(axis=1)
            for i in np.flatnonzero(differ <= 2 * maxdist).tolist():
                self.compared += 1
                if edit_distance(word, bucket.words[i], maxdist) <= maxdist:
                    found.append((bucket.words[i], bucket.frequencies[i]))
        return found

    def nearest(self, word: str, maxdist: int, limit: int = 1) -> list[str]:
        """The `limit` most frequent words within `maxdist` edits, as Whoosh's corrector
        chooses them (of equally frequent words, the last alphabetically) and lists them
        (most frequent first, then alphabetically)."""
        best = heapq.nlargest(limit, self.within(word, maxdist), key=lambda item: item[::-1])
        return [w for w, _ in sorted(best, key=lambda item: (-item[1], item[0]))]
