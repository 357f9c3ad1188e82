"""Put the diacritics back on a query typed without them, from whole phrases of the corpus.

Word by word, "tinh gian bien che" became "tỉnh gian biên chế" ("tỉnh" is the commonest
"tinh"); the corpus holds the phrase "tinh giản biên chế", and a person index holds
"Lê Văn Thi" where word by word gave "lễ văn thị". So the longest runs of the query
found in the corpus as a phrase, or as a person's name, give their accents first; the
words left over fall back to `restore_diacritics`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import numpy as np

from indexer import bitset
from indexer.search.columns import Columns, restore_diacritics
from indexer.search.textcolumn import TextColumn, _in_range

MAX_OCCURRENCES = 5000  # occurrences of a phrase read to find its commonest accents
# Documents read for one run of words: the first that hold all of them. Their accents
# are the corpus's commonest, and reading the whole text column for each run of a query
# cost 30 ms a run at 10,000 articles (28 runs for 8 words), ten times that at 100,000.
MAX_RESTORE_DOCS = 500

DocsOf = Callable[[str], int]  # the documents (bitset) holding a folded word
# The text column is lowercase; these words are written capitalised inside a phrase too
# (the Party). Other capitals seen in titles ("Nghị quyết") are not forced on phrases.
CAPITALISED = {"đảng": "Đảng"}


class _Phrases:
    """Phrase look-ups in a text column: without `docs_of`, each word's positions are
    read from the whole column once; with it, from the first MAX_RESTORE_DOCS documents
    holding every word of the run looked up."""

    def __init__(self, text: TextColumn, docs_of: DocsOf | None = None) -> None:
        self.text, self.docs_of = text, docs_of
        self.positions: dict[str, np.ndarray] = {}

    def _positions(self, word: str, run: list[str]) -> np.ndarray | None:
        if self.docs_of is None:
            if word not in self.positions:
                self.positions[word] = self.text._positions(*self.text.ranges[word])
            return self.positions[word]
        holding = -1
        for other in dict.fromkeys(run):
            holding &= self.docs_of(other)
        if holding <= 0:
            return None
        docs = np.flatnonzero(bitset.to_mask(holding, holding.bit_length()))
        return self.text._positions(*self.text.ranges[word], docs[:MAX_RESTORE_DOCS])

    def forms(self, folded: list[str]) -> list[str] | None:
        """The commonest accented spelling of the folded words standing together, or None."""
        text = self.text
        if any(w not in text.ranges for w in folded):
            return None
        sizes = [int(text.counts[slice(*text.ranges[w])].sum()) for w in folded]
        anchor = sizes.index(min(sizes))
        positions = self._positions(folded[anchor], folded)
        if positions is None:
            return None
        starts = positions - anchor
        starts = starts[(starts >= 0) & (starts + len(folded) <= text.tokens.size)]
        for i, word in enumerate(folded):
            if i != anchor and starts.size:
                starts = starts[_in_range(text.tokens[starts + i], *text.ranges[word])]
        if not starts.size:
            return None
        found = Counter(
            tuple(text.tokens[start : start + len(folded)].tolist())
            for start in starts[:MAX_OCCURRENCES].tolist()
        )
        best = found.most_common(1)[0][0]
        return [text.words[n] for n in best]


def restore_query(folded: list[str], columns: Columns, docs_of: DocsOf | None = None) -> list[str]:
    """The accented form of the folded query words: persons and corpus phrases, longest
    first from the left, then word by word for the rest. With `docs_of`, a phrase's
    accents are read from a bounded number of the documents holding its words."""
    phrases = _Phrases(columns.text, docs_of)
    out: list[str] = []
    pending: list[str] = []  # words no phrase covers, restored together (bigrams help)
    i = 0
    while i < len(folded):
        for size in range(len(folded) - i, 1, -1):
            chunk = folded[i : i + size]
            name = columns.persons_folded.get(" ".join(chunk))
            forms = name.split() if name else phrases.forms(chunk)
            if forms and len(forms) == size:
                if pending:
                    out += restore_diacritics(pending, columns)
                    pending = []
                out += forms if name else [CAPITALISED.get(w, w) for w in forms]
                i += size
                break
        else:
            pending.append(folded[i])
            i += 1
    if pending:
        out += restore_diacritics(pending, columns)
    return out
