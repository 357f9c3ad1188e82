"""Every live document's words as one array of word numbers: phrases, accents, proximity.

Whoosh checks a phrase document by document, decoding word positions in Python: two
syllables that most articles hold ("công tác") cost seconds at 100,000 articles. Here
the words of the whole index (title, then body, per document) are one numpy array of
word numbers, and a phrase is a few vectorised comparisons over it, whatever the words.

Words are numbered in (folded, accented) order, so every accented form of one folded
word is a contiguous range of numbers: "dang" is the range holding "đang", "đảng",
"dạng"…, and "đang" alone is one number. Number 0 separates documents (and a title
from its body), so no phrase runs across them.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from indexer.text.analysis import Term
from indexer.text.normalize import fold_diacritics

SEPARATOR = 0
SCAN_SLICE = 1 << 22  # words compared at a time: temporary arrays stay at a few MB
# Words gathered at a time from chosen documents (an index of 8 bytes each: 8 MB).
GATHER_SLICE = 1 << 20
# Gathering the words of chosen documents beats scanning the whole array while they hold
# less than this share of it.
GATHER_SHARE = 4


def pack_words(title_words: list[str], body_words: list[str]) -> bytes:
    """What the index stores per document: its lowercase words, compressed."""
    return zlib.compress((" ".join(title_words) + "\n" + " ".join(body_words)).encode("utf-8"))


def unpack_words(packed: bytes) -> tuple[list[str], list[str]]:
    title, _, body = zlib.decompress(packed).decode("utf-8").partition("\n")
    return title.split(), body.split()


@dataclass
class TextColumn:
    """The word numbers of every document, and the vocabulary that names them."""

    words: list[str] = field(default_factory=lambda: [""])  # number -> accented word
    ranges: dict[str, tuple[int, int]] = field(default_factory=dict)  # folded -> [low, high)
    counts: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    offsets: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    tokens: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint16))
    # Where each document's title ends (the separator after it), by document number.
    title_ends: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))

    # -- building ---------------------------------------------------------------------

    @classmethod
    def build(cls, documents: Iterable[tuple[int, bytes | None]], doc_limit: int) -> TextColumn:
        """From (document number, packed words) pairs in ascending document order."""
        numbers: dict[str, int] = {}
        raw = array("I")  # numbered by first appearance, renumbered below
        missing = np.iinfo(np.int64).max
        starts = np.full(doc_limit + 1, missing, dtype=np.int64)
        title_ends = np.full(doc_limit + 1, missing, dtype=np.int64)
        for doc, packed in documents:
            starts[doc] = len(raw)
            if not packed:
                continue
            raw.append(SEPARATOR)
            for words in unpack_words(packed):  # the title, then the body
                try:
                    raw.extend([numbers[w] for w in words])
                except KeyError:
                    raw.extend([numbers.setdefault(w, len(numbers) + 1) for w in words])
                if title_ends[doc] == missing:
                    title_ends[doc] = len(raw)
                raw.append(SEPARATOR)
        starts[doc_limit] = title_ends[doc_limit] = len(raw)
        # A number that holds no document starts where the next document does.
        starts = np.minimum.accumulate(starts[::-1])[::-1].copy()
        title_ends = np.minimum.accumulate(title_ends[::-1])[::-1].copy()
        # Renumber in (folded, accented) order, so that folded words are ranges.
        by_first_seen = ["", *numbers]
        order = sorted(
            range(1, len(by_first_seen)), key=lambda n: _vocabulary_order(by_first_seen[n])
        )
        renumber = np.zeros(len(by_first_seen), dtype=np.uint32)
        renumber[order] = np.arange(1, len(order) + 1, dtype=np.uint32)
        dtype = np.uint16 if len(by_first_seen) <= np.iinfo(np.uint16).max else np.uint32
        first_seen = np.frombuffer(raw, dtype=np.uint32) if raw else np.zeros(0, np.uint32)
        tokens = np.empty(first_seen.size, dtype=dtype)
        for start in range(0, first_seen.size, SCAN_SLICE):  # in slices: bounded memory
            tokens[start : start + SCAN_SLICE] = renumber[first_seen[start : start + SCAN_SLICE]]
        del first_seen, raw
        words = ["", *(by_first_seen[n] for n in order)]
        return cls.numbered(words, tokens, starts, title_ends)

    def extended(self, newer: TextColumn, first_doc: int) -> TextColumn:
        """This column's documents below `first_doc`, followed by `newer`, which holds those
        from `first_doc` on (an update's new segment): one vocabulary in (folded, accented)
        order again, this column's words renumbered into it in one vectorised pass. Words
        of documents deleted since stay in the array; no live document points at them."""
        words = sorted(set(self.words[1:]) | set(newer.words[1:]), key=_vocabulary_order)
        numbers = {word: n for n, word in enumerate(words, start=1)}
        dtype = np.uint16 if len(words) < np.iinfo(np.uint16).max else np.uint32
        old = np.array([0, *(numbers[w] for w in self.words[1:])], dtype=dtype)
        new = np.array([0, *(numbers[w] for w in newer.words[1:])], dtype=dtype)
        kept = self.tokens[: int(self.offsets[min(first_doc, self.offsets.size - 1)])]
        tokens = np.concatenate([old[kept], new[newer.tokens]])
        offsets = np.concatenate([self.offsets[:first_doc], newer.offsets[first_doc:] + kept.size])
        title_ends = np.concatenate(
            [self.title_ends[:first_doc], newer.title_ends[first_doc:] + kept.size]
        )
        # Each word's count: the old counts without the words dropped from the end, plus
        # the new ones, renumbered (counting the whole array again cost 0.7 s at 100k).
        dropped = np.bincount(self.tokens[kept.size :], minlength=len(self.words))
        counts = np.zeros(len(words) + 1, dtype=np.int64)
        np.add.at(counts, old, self.counts - dropped)
        np.add.at(counts, new, newer.counts)
        return TextColumn.numbered(["", *words], tokens, offsets, title_ends, counts)

    @classmethod
    def numbered(
        cls,
        words: list[str],
        tokens: np.ndarray,
        offsets: np.ndarray,
        title_ends: np.ndarray,
        counts: np.ndarray | None = None,
    ) -> TextColumn:
        """A column from its words (number -> word, in vocabulary order) and arrays; the
        words' `counts` are counted over `tokens` unless given."""
        ranges: dict[str, tuple[int, int]] = {}
        for number, word in enumerate(words[1:], start=1):
            folded = fold_diacritics(word)
            low, _ = ranges.get(folded, (number, number))
            ranges[folded] = (low, number + 1)
        if counts is None:
            counts = np.bincount(tokens, minlength=len(words)).astype(np.int64)
        return cls(
            words=words,
            ranges=ranges,
            counts=counts,
            offsets=offsets,
            tokens=tokens,
            title_ends=title_ends,
        )

    # -- storing: the big array is its own file, mapped rather than read ---------------

    def save_tokens(self, path: Path) -> None:
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")  # two processes may build at once
        np.save(tmp, self.tokens)
        tmp.replace(path)

    def load_tokens(self, path: Path) -> None:
        self.tokens = np.load(path, mmap_mode="r")
        # Ask the kernel to read the file ahead now, in the background: otherwise the
        # first phrase search after a start waits for the disk (about 1 s at 100k).
        with contextlib.suppress(AttributeError, OSError), path.open("rb") as handle:
            os.posix_fadvise(handle.fileno(), 0, 0, os.POSIX_FADV_WILLNEED)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["tokens"] = None  # saved beside, see save_tokens
        return state

    # -- questions ----------------------------------------------------------------------

    def vocabulary(self) -> dict[str, list[tuple[str, int]]]:
        """Folded word -> its accented forms with their counts, commonest first."""
        out: dict[str, list[tuple[str, int]]] = {}
        for folded, (low, high) in self.ranges.items():
            forms = sorted(
                ((self.words[n], int(self.counts[n])) for n in range(low, high)),
                key=lambda item: -item[1],
            )
            out[folded] = forms[:4]
        return out

    def number(self, term: Term) -> int | None:
        """The number of one word in exactly its accents (`term.accented`), if the index
        holds it; the term comes analysed (indexer/text/analysis.py), so nothing is folded here."""
        low, high = self.ranges.get(term.folded, (0, 0))
        for n in range(low, high):
            if self.words[n] == term.accented:
                return n
        return None

    def phrase_docs(
        self, folded_words: list[str], within: np.ndarray | None = None, title_only: bool = False
    ) -> np.ndarray:
        """Document numbers holding the folded words one after another, ascending; only
        documents of `within` (ascending numbers, such as those holding every word) are
        read when it is given; with `title_only`, in the title alone."""
        spans = [self.ranges.get(w) for w in folded_words]
        if not folded_words or any(span is None for span in spans):
            return np.zeros(0, dtype=np.int64)
        # Anchor on the rarest word, then look at its neighbours only.
        sizes = [int(self.counts[low:high].sum()) for low, high in spans]
        anchor = sizes.index(min(sizes))
        if title_only and within is not None:  # the titles' words alone
            within = within[within + 1 < self.offsets.size]
            begins = self.offsets[within] + 1
            positions = self._gathered_positions(*spans[anchor], begins, self.title_ends[within])
        else:
            positions = self._positions(*spans[anchor], within, keep_outside=True)
        for i, (low, high) in enumerate(spans):
            if i == anchor or not positions.size:
                continue
            shifted = positions + (i - anchor)
            shifted = shifted[(shifted >= 0) & (shifted < self.tokens.size)]
            keep = _in_range(self.tokens[shifted], low, high)
            positions = shifted[keep] - (i - anchor)
        if not positions.size:
            return np.zeros(0, dtype=np.int64)
        docs = np.searchsorted(self.offsets, positions, side="right") - 1
        if title_only:  # a phrase never crosses a separator: in the title if it starts there
            docs = docs[positions - anchor < self.title_ends[docs]]
        docs = np.unique(docs)
        return docs if within is None else docs[np.isin(docs, within)]

    def _positions(
        self, low: int, high: int, within: np.ndarray | None = None, keep_outside: bool = False
    ) -> np.ndarray:
        """Where the words numbered [low, high) stand, ascending: in the documents of
        `within` only when given, read from those documents alone while they are a small
        share of the array, else by scanning it in slices (bounded memory). A scan keeps
        the positions outside `within` too when `keep_outside` says the caller filters
        what it finds (cheaper on a few results than on every position)."""
        if within is not None:
            within = within[within + 1 < self.offsets.size]
            begins, ends = self.offsets[within], self.offsets[within + 1]
            if int((ends - begins).sum()) * GATHER_SHARE < self.tokens.size:
                return self._gathered_positions(low, high, begins, ends)
        found = []
        for start in range(0, self.tokens.size, SCAN_SLICE):
            piece = self.tokens[start : start + SCAN_SLICE]
            found.append(np.flatnonzero(_in_range(piece, low, high)) + start)
        positions = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
        if within is None or keep_outside:
            return positions
        docs = np.searchsorted(self.offsets, positions, side="right") - 1
        return positions[np.isin(docs, within)]

    def _gathered_positions(
        self, low: int, high: int, begins: np.ndarray, ends: np.ndarray
    ) -> np.ndarray:
        """Where the words numbered [low, high) stand within the spans [begins, ends)."""
        found = [np.zeros(0, dtype=np.int64)]
        lengths = np.maximum(ends - begins, 0)
        first = 0
        while first < begins.size:  # a batch of documents of about GATHER_SLICE words
            sizes = np.cumsum(lengths[first:])
            last = first + max(1, int(np.searchsorted(sizes, GATHER_SLICE, side="right")))
            batch_begins, batch_lengths = begins[first:last], lengths[first:last]
            starts = np.concatenate([[0], np.cumsum(batch_lengths)[:-1]])
            where = np.arange(int(batch_lengths.sum()), dtype=np.int64)
            where += np.repeat(batch_begins - starts, batch_lengths)
            found.append(where[_in_range(self.tokens[where], low, high)])
            first = last
        return np.concatenate(found)

    def holds_phrase(self, doc: int, folded_words: list[str]) -> bool:
        """Whether one document holds the folded words one after another."""
        tokens = self._doc_tokens(doc)
        spans = [self.ranges.get(w) for w in folded_words]
        if not tokens.size or any(span is None for span in spans):
            return False
        found = _in_range(tokens, *spans[0])
        for i, (low, high) in enumerate(spans[1:], start=1):
            found[: tokens.size - i] &= _in_range(tokens[i:], low, high)
            found[tokens.size - i :] = False
        return bool(found.any())

    def number_mask(self, numbers: list[int]) -> np.ndarray:
        """Word number -> whether it is one of `numbers` (for `numbers_held`)."""
        mask = np.zeros(len(self.words), dtype=bool)
        mask[np.asarray(numbers, dtype=np.int64)] = True
        return mask

    def numbers_held(self, doc: int, mask: np.ndarray) -> int:
        """How many of the word numbers of `mask` (see `number_mask`) one document holds,
        in one pass over its words."""
        tokens = np.asarray(self._doc_tokens(doc))
        return int(np.unique(tokens[mask[tokens]]).size)

    def holds_number(self, doc: int, number: int) -> bool:
        return bool((self._doc_tokens(doc) == number).any())

    def _doc_tokens(self, doc: int) -> np.ndarray:
        if doc + 1 >= self.offsets.size:
            return self.tokens[:0]
        return self.tokens[self.offsets[doc] : self.offsets[doc + 1]]


def _vocabulary_order(word: str) -> tuple[str, str]:
    """Words are numbered in this order: every accented form of a folded word together."""
    return fold_diacritics(word), word


def _in_range(tokens: np.ndarray, low: int, high: int) -> np.ndarray:
    """low <= tokens < high, in one subtraction and one comparison (unsigned wrap-around)."""
    dtype = tokens.dtype.type
    return (tokens - dtype(low)) < dtype(high - low)
