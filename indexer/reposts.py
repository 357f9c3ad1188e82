"""One article on several sites: near-identical bodies found by MinHash and LSH.

A body becomes the set of its 5-word shingles (folded syllables) and a MinHash signature
of `PERMUTATIONS` values; two records are copies of one article when their signatures
agree on at least `JACCARD_MIN` of the values (the estimated Jaccard similarity of the
shingle sets) and the numbers of the shorter body all appear in the longer one (a
"Kết quả tiếp công dân tuần 2" and its "tuần 3" share a template, not an article).
Bodies under `MIN_SHINGLES` shingles take no part: short notices differ in a date or a
name only.

The signature is cut into `BANDS` bands; each band's hash is an index term (`lsh`), so
the index itself is the LSH table: the writer finds the candidates of a new record by
looking its band terms up, checks them, and stores the copies it confirmed with the
record (`near`, see indexer/index.py). Records of attached files (`kind == "document"`)
are compared only with each other, never with articles.

Why not datasketch: it needs scipy, and its LSH lives in memory and is saved whole;
here the band terms live in the Whoosh index, written and committed with the records.
The MinHash itself is a few lines of numpy.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from indexer.text.normalize import fold_diacritics

SHINGLE_WORDS = 5
PERMUTATIONS = 96
BANDS, ROWS = 16, 6  # PERMUTATIONS = BANDS * ROWS; candidates from ~0.63 similarity up
MIN_SHINGLES = 40  # shorter bodies are never grouped (notices, templates)
JACCARD_MIN = 0.7  # share of signature values two copies agree on
NUMBERS_MIN = 0.9  # share of the shorter body's numbers found in the longer one
MAX_NUMBERS = 400  # numbers kept per body for that check
_HIGH32 = np.uint64(32)
_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+")


def _seeded(label: str) -> int:
    """A fixed 64-bit number from a label: the hash functions never depend on a library's
    random generator, so signatures stored in an index stay comparable."""
    return int.from_bytes(hashlib.blake2b(label.encode(), digest_size=8).digest(), "big")


# PERMUTATIONS multiply-shift hash functions: (a * x + b) mod 2**64, its high 32 bits.
_A = np.array([_seeded(f"a{i}") | 1 for i in range(PERMUTATIONS)], dtype=np.uint64)
_B = np.array([_seeded(f"b{i}") for i in range(PERMUTATIONS)], dtype=np.uint64)


@dataclass(frozen=True)
class Signature:
    """What is kept of one body to find its copies."""

    values: np.ndarray  # PERMUTATIONS uint32 values
    numbers: frozenset[str]  # the distinct numbers written in the body
    kind: str  # "a" article, "d" attached document: compared only within a kind

    def bands(self) -> list[str]:
        """The LSH terms of this signature: band number and a hash of its rows."""
        rows = self.values.reshape(BANDS, ROWS)
        return [
            f"{self.kind}{band}:{hashlib.blake2b(rows[band].tobytes(), digest_size=6).hexdigest()}"
            for band in range(BANDS)
        ]

    def digest(self) -> str:
        """Names this signature: a stored link to a copy holds only while it is unchanged."""
        payload = self.values.tobytes() + "|".join(sorted(self.numbers)).encode()
        return hashlib.blake2b(payload, digest_size=8).hexdigest()

    def to_stored(self) -> dict:
        """What the index keeps: values, numbers, kind and digest (the writer adds the
        confirmed copies, "e")."""
        return {
            "v": self.values.tobytes(),
            "n": sorted(self.numbers),
            "k": self.kind,
            "d": self.digest(),
        }

    @classmethod
    def from_stored(cls, data: dict) -> Signature:
        values = np.frombuffer(data["v"], dtype=np.uint32)
        return cls(values, frozenset(data["n"]), data["k"])


def shingles(folded: str) -> np.ndarray:
    """The 5-word shingles of a folded text, each as a 64-bit hash."""
    words = _WORD.findall(folded)
    if len(words) < SHINGLE_WORDS:
        return np.zeros(0, dtype=np.uint64)
    hashes = np.array([_word_hash(w) for w in words], dtype=np.uint64)
    out = np.zeros(len(words) - SHINGLE_WORDS + 1, dtype=np.uint64)
    for k in range(SHINGLE_WORDS):  # a polynomial of the word hashes, wrapping at 2**64
        out = out * np.uint64(1_000_003) + hashes[k : len(hashes) - SHINGLE_WORDS + 1 + k]
    return np.unique(out)


@lru_cache(maxsize=200_000)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")


def signature(body: str, kind: str = "article", folded: str | None = None) -> Signature | None:
    """The MinHash signature of a body, or None when it is too short to be compared
    (`folded`: the body already folded, when the caller has it)."""
    hashed = shingles(fold_diacritics(body) if folded is None else folded)
    if len(hashed) < MIN_SHINGLES:
        return None
    with np.errstate(over="ignore"):  # wrapping at 2**64 is the hash
        permuted = (_A[:, None] * hashed[None, :] + _B[:, None]) >> _HIGH32
    values = permuted.min(axis=1).astype(np.uint32)
    numbers = frozenset(sorted(set(_NUMBER.findall(body)), key=lambda n: (len(n), n))[:MAX_NUMBERS])
    return Signature(values, numbers, "d" if kind == "document" else "a")


def similarity(a: Signature, b: Signature) -> float:
    """The estimated Jaccard similarity of two bodies' shingles."""
    return float(np.mean(a.values == b.values))


def same_article(a: Signature, b: Signature) -> bool:
    """True when two bodies are copies of one article (see the module's description)."""
    if a.kind != b.kind or similarity(a, b) < JACCARD_MIN:
        return False
    small, large = sorted((a.numbers, b.numbers), key=len)
    if not small:
        return True
    return len(small & large) / len(small) >= NUMBERS_MIN


# The index as an LSH table: band terms -> (band, id, stored signature) of the indexed
# records holding them (indexer/index.py reads them from the store writer of the run).
Lookup = Callable[[list[str]], Iterable[tuple[str, str, dict]]]


class CopyFinder:
    """The copies of each record one `vankien index` run writes: among the records
    already indexed (through `lookup`) and those written earlier in the same run.

    A confirmed copy is stored with the record written later, as (id, digest of its
    signature); the columns keep it only while that record still has that signature
    (indexer/search/columns.py), so the links are the same whatever order the records came in.
    """

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup
        self.rewritten: set[str] = set()  # written in this run: the indexed version is old
        self.bands: dict[str, list[str]] = {}  # band term -> ids written in this run
        self.signatures: dict[str, Signature] = {}

    def written(self, doc_id: str) -> None:
        """`doc_id` is (re)written or removed in this run: its indexed version is outdated."""
        self.rewritten.add(doc_id)

    def copies(self, doc_id: str, sig: Signature) -> list[list[str]]:
        """The confirmed copies of a record written now, as [id, digest] pairs (sorted)."""
        self.written(doc_id)
        found: dict[str, str] = {}
        bands = sig.bands()
        indexed: dict[str, list[tuple[str, dict]]] = {}
        for band, other, stored in self.lookup(bands):
            indexed.setdefault(band, []).append((other, stored))
        for term in bands:
            for other in self.bands.get(term, ()):
                if other != doc_id and other not in found:
                    self._check(found, other, sig, self.signatures[other])
            for other, stored in indexed.get(term, ()):
                if other == doc_id or other in found or other in self.rewritten:
                    continue
                self._check(found, other, sig, Signature.from_stored(stored))
            self.bands.setdefault(term, []).append(doc_id)
        self.signatures[doc_id] = sig
        return sorted([other, digest] for other, digest in found.items() if digest)

    @staticmethod
    def _check(found: dict[str, str], other: str, sig: Signature, candidate: Signature) -> None:
        """Remember `other` as checked: with its digest when it is a copy, else empty."""
        found[other] = candidate.digest() if same_article(sig, candidate) else ""


def repost_groups(
    origins: dict[int, str], digests: dict[int, str], links: dict[int, list], ids: dict[str, int]
) -> dict[int, str]:
    """Each document's repost group: documents sharing an origin (the address a copy
    names as its source, else its own) or linked as copies are one group, named by the
    smallest origin among them, so the same records always give the same groups.

    `links` holds each document's stored copies ([id, digest]); a link counts only while
    the copy still has that digest."""
    parent = {doc: doc for doc in origins}

    def root(doc: int) -> int:
        while parent[doc] != doc:
            parent[doc] = parent[parent[doc]]
            doc = parent[doc]
        return doc

    def join(a: int, b: int) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    first_of_origin: dict[str, int] = {}
    for doc, origin in origins.items():
        join(doc, first_of_origin.setdefault(origin, doc))
    for doc, copies in links.items():
        for other_id, digest in copies:
            other = ids.get(other_id)
            if other is not None and digests.get(other) == digest:
                join(doc, other)
    names: dict[int, str] = {}
    for doc, origin in origins.items():
        top = root(doc)
        if top not in names or origin < names[top]:
            names[top] = origin
    return {doc: names[root(doc)] for doc in origins}
