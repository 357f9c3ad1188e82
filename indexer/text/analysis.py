"""Text analysis, once for the index and the query alike: normalised syllables in two forms.

Every text field is stored twice: as written (accents kept, lowercase) for exact-accent
ranking, and folded ("Đảng" -> "dang") so that typing without Vietnamese input finds it.
The index writer and the query parser both call `analyse`, so a word is cut and folded
the same way on both sides, and no later stage of a search folds text again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.text.normalize import fold_diacritics, normalize_text

# The tokenizer Whoosh is given for every text field: the text reaching it was already
# normalised here, so a syllable is simply a run of word characters.
SYLLABLE_PATTERN = r"\w+"
_SYLLABLE = re.compile(SYLLABLE_PATTERN)


@dataclass(frozen=True, slots=True)
class Term:
    """One syllable in both forms: `accented` as written (lowercase, NFC, one tone
    placement) and `folded` without marks."""

    accented: str
    folded: str

    @property
    def has_diacritics(self) -> bool:
        """True when folding changed the syllable: the typist wrote accents."""
        return self.accented != self.folded


def analyse(text: str) -> list[Term]:
    """The syllables of `text`, normalised once, each in both forms."""
    return [term(word) for word in _SYLLABLE.findall(normalize_text(text).lower())]


def term(word: str) -> Term:
    """One word as a Term (the word is normalised and lowercased here)."""
    accented = normalize_text(word).lower()
    return Term(accented, fold_diacritics(accented))


def accented_text(text: str) -> str:
    """`text` as the accented fields store it: normalised and lowercase."""
    return normalize_text(text).lower()


def folded_text(text: str) -> str:
    """`text` as the folded fields store it: normalised, then every mark removed."""
    return fold_diacritics(normalize_text(text))


def syllables(text: str) -> list[str]:
    """The syllables of text already in stored form (accented or folded)."""
    return _SYLLABLE.findall(text)
