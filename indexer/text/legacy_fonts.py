"""Detect and convert text typed in the pre-Unicode Vietnamese font encodings.

TCVN3 (ABC, the `.VnTime` fonts) uses one byte per letter; VNI (`VNI-Times`) writes a
base letter followed by one or two mark bytes. Both reach us as Latin-1/cp1252 soup.
"""

from __future__ import annotations

import re
import unicodedata

# TCVN3 byte (as the cp1252/Latin-1 character it shows up as) -> Unicode letter.
TCVN3 = {
    "µ": "à",
    "¸": "á",
    "¶": "ả",
    "·": "ã",
    "¹": "ạ",
    "¨": "ă",
    "»": "ằ",
    "¾": "ắ",
    "¼": "ẳ",
    "½": "ẵ",
    "Æ": "ặ",
    "©": "â",
    "Ç": "ầ",
    "Ê": "ấ",
    "È": "ẩ",
    "É": "ẫ",
    "Ë": "ậ",
    "®": "đ",
    "§": "Đ",
    "Ì": "è",
    "Ð": "é",
    "Î": "ẻ",
    "Ï": "ẽ",
    "Ñ": "ẹ",
    "ª": "ê",
    "Ò": "ề",
    "Õ": "ế",
    "Ó": "ể",
    "Ô": "ễ",
    "Ö": "ệ",
    "×": "ì",
    "Ý": "í",
    "Ø": "ỉ",
    "Ü": "ĩ",
    "Þ": "ị",
    "ß": "ò",
    "ã": "ó",
    "á": "ỏ",
    "â": "õ",
    "ä": "ọ",
    "«": "ô",
    "å": "ồ",
    "è": "ố",
    "æ": "ổ",
    "ç": "ỗ",
    "é": "ộ",
    "¬": "ơ",
    "ê": "ờ",
    "í": "ớ",
    "ë": "ở",
    "ì": "ỡ",
    "î": "ợ",
    "ï": "ù",
    "ó": "ú",
    "ñ": "ủ",
    "ò": "ũ",
    "ô": "ụ",
    "\u00ad": "ư",
    "õ": "ừ",
    "ø": "ứ",
    "ö": "ử",
    "÷": "ữ",
    "ù": "ự",
    "ú": "ỳ",
    "ý": "ý",
    "û": "ỷ",
    "ü": "ỹ",
    "þ": "ỵ",
    "¡": "Ă",
    "¢": "Â",
    "£": "Ê",
    "¤": "Ô",
    "¥": "Ơ",
    "¦": "Ư",
}
_TCVN3_TABLE = str.maketrans(TCVN3)

# VNI: mark bytes that follow a base vowel. Tone alone, circumflex (+tone), breve (+tone).
_TONE = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
# Single VNI characters that are whole Vietnamese letters.
_VNI_LETTERS = {
    "ñ": "đ",
    "Ñ": "Đ",
    "ô": "ơ",
    "Ô": "Ơ",
    "ö": "ư",
    "Ö": "Ư",
    "æ": "ỉ",
    "Æ": "Ỉ",
    "ó": "ĩ",
    "Ó": "Ĩ",
    "ò": "ị",
    "Ò": "Ị",
}
_VNI_SEQUENCE = re.compile(
    "([aeoyuAEOYU])([âáàåãäÂÁÀÅÃÄêéèúüëÊÉÈÚÜË])?([ùøûõïÙØÛÕÏ])?"
    "|([ôÔöÖ])([ùøûõïÙØÛÕÏ])?"
    "|([ñÑæÆóÓòÒ])"
)

_TCVN3_MARKERS = frozenset(
    ["vµ", "cña", "c¸c", "®\xadîc", "lµ", "nh÷ng", "viÖt", "§¶ng", "ngµy", "n¨m"]
)
_VNI_MARKERS = frozenset(
    ["vaø", "cuûa", "caùc", "ñöôïc", "laø", "nhöõng", "vieät", "ñaûng", "ngaøy", "naêm"]
)
_UNICODE_VIETNAMESE = re.compile("[\u1ea0-\u1ef9ăđơưĂĐƠƯ]")
_TOKEN = re.compile(r"[^\s.,;:!?()\"'“”]+")


def _vni_replace(match: re.Match[str]) -> str:
    base, shape, tone, horn, horn_tone, letter = match.groups()
    if letter:
        return _VNI_LETTERS[letter]
    if horn:
        return unicodedata.normalize(
            "NFC", _VNI_LETTERS[horn] + _TONE.get((horn_tone or "").lower(), "")
        )
    if not shape and not tone:
        return base
    marks = ""
    if shape:
        low = shape.lower()
        if low in _CIRCUMFLEX and base.lower() in "aeo":
            marks += "\u0302" + _CIRCUMFLEX[low]
        elif low in _BREVE and base.lower() == "a":
            marks += "\u0306" + _BREVE[low]
        else:
            return match.group(0)
    if tone:
        marks += _TONE[tone.lower()]
    return unicodedata.normalize("NFC", base + marks)


def tcvn3_to_unicode(text: str) -> str:
    """Convert TCVN3 (ABC) text to Unicode NFC."""
    return unicodedata.normalize("NFC", text.translate(_TCVN3_TABLE))


def vni_to_unicode(text: str) -> str:
    """Convert VNI (font encoding, not the typing method) text to Unicode NFC."""
    return unicodedata.normalize("NFC", _VNI_SEQUENCE.sub(_vni_replace, text))


def detect_legacy_encoding(text: str) -> str | None:
    """Return "tcvn3", "vni" or None for a piece of text, by counting marker words."""
    if _UNICODE_VIETNAMESE.search(text):
        return None
    tokens = [token.lower() for token in _TOKEN.findall(text)]
    if not tokens:
        return None
    tcvn3 = sum(token in _TCVN3_MARKERS for token in tokens)
    vni = sum(token in _VNI_MARKERS for token in tokens)
    best, count = ("tcvn3", tcvn3) if tcvn3 >= vni else ("vni", vni)
    if count >= 1 and count / len(tokens) >= 0.03:
        return best
    return None


def fix_legacy_text(text: str) -> str:
    """Convert each paragraph of `text` that is written in TCVN3 or VNI to Unicode."""
    if text.isascii():
        return text
    parts = text.split("\n")
    for i, part in enumerate(parts):
        if part.isascii():
            continue
        encoding = detect_legacy_encoding(part)
        if encoding == "tcvn3":
            parts[i] = tcvn3_to_unicode(part)
        elif encoding == "vni":
            parts[i] = vni_to_unicode(part)
    return "\n".join(parts)
