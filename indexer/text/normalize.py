"""Vietnamese text core: NFC, one tone-mark placement, ASCII folding, cleaning.

Every function here is pure (str in, str out) and safe on any input, so each entry
point (files, HTTP, queries) can call `normalize_text` without thinking.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
VOWELS = frozenset("aăâeêioôơuưy")
MODIFIED_VOWELS = frozenset("ăâêôơư")

# Characters that look like spaces or are invisible; all become a plain space or vanish.
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_HYPHENS = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\ufe58": "-",
        "\ufe63": "-",
        "\uff0d": "-",
        "\u2015": "\u2014",
    }
)
_WORD = re.compile(r"\w+")
# Vietnamese letters by case, for regex character classes ("À-Ỹ" would mix both cases).
UPPER_LETTERS = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
LOWER_LETTERS = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
_O = "oòóỏõọOÒÓỎÕỌ"
_U = "uùúủũụUÙÚỦŨỤ"
_AE = "aàáảãạeèéẻẽẹAÀÁẢÃẠEÈÉẺẼẸ"
_Y = "yỳýỷỹỵYỲÝỶỸỴ"
# Words with a cluster whose tone placement depends on the style (hòa/hoà, ủy/uỷ, khỏe/khoẻ).
# Tried at word starts only (\b): from every position inside a long word without a
# cluster, \w* read to its end and back, which cost n² steps (0.5 s for 6,000 letters).
_STYLE_CANDIDATE = re.compile(rf"\b\w*(?:[{_O}][{_AE}]|[{_U}][{_Y}])\w*")


def _build_fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)) + list(range(0x41, 0x5B)):
        ch = chr(code)
        stripped = "".join(
            c for c in unicodedata.normalize("NFD", ch.lower()) if not unicodedata.combining(c)
        )
        if len(stripped) == 1 and stripped != ch:
            table[code] = stripped
    for code in range(0x300, 0x370):  # combining marks left by NFD input
        table[code] = None
    table[ord("đ")] = table[ord("Đ")] = "d"
    return table


_FOLD_TABLE = _build_fold_table()
_FOLD_KEEP_LENGTH = {k: v for k, v in _FOLD_TABLE.items() if v is not None}
_UNFOLDED = re.compile("[A-Z\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff]")


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """NFC, odd spaces to plain spaces, invisible characters removed, hyphens unified."""
    text = nfc(text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    return text.translate(_HYPHENS)


def _tone_position(base: str, style: str) -> int | None:
    """Index in `base` (a toneless lowercase syllable) where its tone mark belongs."""
    start = 0
    if (
        base.startswith("qu")
        and len(base) > 2
        and base[2] in VOWELS
        or base.startswith("gi")
        and len(base) > 2
        and base[2] in VOWELS
    ):
        start = 2
    while start < len(base) and base[start] not in VOWELS:
        start += 1
    end = start
    while end < len(base) and base[end] in VOWELS:
        end += 1
    nucleus = base[start:end]
    if not nucleus:
        return None
    modified = [i for i, ch in enumerate(nucleus) if ch in MODIFIED_VOWELS]
    if modified:
        return start + modified[-1]
    if end < len(base):  # a final consonant follows
        return end - 1
    if len(nucleus) == 3:
        return start + 1
    if len(nucleus) == 2:
        if nucleus in ("oa", "oe", "uy"):
            return start + (0 if style == "old" else 1)
        return start
    return start


@lru_cache(maxsize=65536)
def _retone_word(word: str, style: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in TONE_MARKS]
    if len(tones) != 1:
        return word
    base = nfc("".join(ch for ch in decomposed if ch not in TONE_MARKS))
    position = _tone_position(base.lower(), style)
    if position is None:
        return word
    toned = base[:position] + nfc(base[position] + tones[0]) + base[position + 1 :]
    return nfc(toned)


def normalize_tone(text: str, style: str = "old") -> str:
    """Put every tone mark where `style` says: "old" (hòa, ủy) or "new" (hoà, uỷ).

    Only syllables with an oa, oe or uy cluster differ between the two styles, so only
    words holding one are looked at.
    """
    text = nfc(text)
    return _STYLE_CANDIDATE.sub(lambda m: _retone_word(m.group(0), style), text)


def normalize_text(text: str) -> str:
    """The canonical form of Vietnamese text: cleaned, NFC, old-style tone marks."""
    return normalize_tone(clean_text(text))


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


def fold_diacritics(text: str) -> str:
    """Lowercase ASCII-ish form: every mark removed and đ folded to d ("Đảng" -> "dang")."""
    text = clean_text(text)
    if text.isascii():
        return text.lower()
    folded = text.translate(_FOLD_TABLE)
    if folded.isascii() or not _UNFOLDED.search(folded):
        return folded
    return _WORD.sub(lambda m: _fold_word(m.group(0)), folded).lower()


def fold_aligned(text: str) -> str:
    """Fold `text` character for character, so offsets in the result match the input.

    Combining marks (rare in NFC text) stay in place; callers strip them per token.
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(ch.lower()[:1] or ch for ch in text)
    return lowered.translate(_FOLD_KEEP_LENGTH)


def has_diacritics(text: str) -> bool:
    """True when `text` holds any letter that folding would change (đ included)."""
    return fold_diacritics(text) != text.lower()


def words(text: str) -> list[str]:
    """The `\\w+` tokens of `text`."""
    return _WORD.findall(text)
