"""Bytes to text: find the charset, repair mojibake, convert legacy font encodings."""

from __future__ import annotations

import codecs
import re
import unicodedata

from indexer.text.legacy_fonts import detect_legacy_encoding, fix_legacy_text

DECLARATION_BYTES = 8192  # a meta charset or XML declaration sits in the first bytes
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# A run of characters that UTF-8 bytes turn into when read as cp1252 or Latin-1.
_MOJIBAKE_RUN = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d"
    "\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022"
    "\u2026\u2030\u2039\u203a\u20ac\u2122]+"
    "(?:[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178"
    "\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e"
    "\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]+)*"
)
_ALIASES = {
    "windows-1258": "cp1258",
    "x-user-defined": "cp1252",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
}


def _codec_name(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of an HTTP Content-Type header, if any."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.I)
    return match.group(1) if match else None


def sniff_declared_charset(data: bytes) -> str | None:
    """Charset declared inside the document (HTML meta tag or XML declaration)."""
    head = data[:DECLARATION_BYTES]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def _byte_of(ch: str) -> int | None:
    try:
        return ch.encode("cp1252")[0]
    except UnicodeEncodeError:
        return ord(ch) if ord(ch) < 256 else None


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as cp1252 or Latin-1 ("Ä\\x90áº£ng" -> "Đảng")."""
    if text.isascii():
        return text

    def fix(match: re.Match[str]) -> str:
        run = match.group(0)
        raw = [_byte_of(ch) for ch in run]
        if None in raw:
            return run
        try:
            return bytes(raw).decode("utf-8")  # type: ignore[arg-type]
        except UnicodeDecodeError:
            return run

    return _MOJIBAKE_RUN.sub(fix, text)


# UTF-8 with a few broken sequences (a byte lost in an edit, a page cut short) is still
# UTF-8: the broken bytes become U+FFFD. Only when this share or more of the non-ASCII
# sequences are invalid is the page legacy 8-bit text (windows-1258, TCVN3, VNI), where
# practically no high byte forms a valid UTF-8 sequence by chance.
UTF8_MAX_INVALID_SHARE = 0.1
# UTF-16 without a byte-order mark: in HTML and Vietnamese text most characters are ASCII,
# so this share of the bytes at odd (little-endian) or even (big-endian) offsets are NUL,
# and almost none at the other offsets.
UTF16_SNIFF_BYTES = 4096
UTF16_MIN_NUL_SHARE, UTF16_MAX_OTHER_NUL_SHARE = 0.3, 0.02
_BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def unicode_encoding(data: bytes) -> tuple[str, int] | None:
    """(codec, length of its byte-order mark) when the bytes say they are UTF-8, UTF-16 or
    UTF-32 by a byte-order mark, or are UTF-16 without one; None otherwise."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    sample = data[:UTF16_SNIFF_BYTES]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    for codec, nul_side, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if (
            nul_side.count(0) >= UTF16_MIN_NUL_SHARE * len(nul_side)
            and other.count(0) <= UTF16_MAX_OTHER_NUL_SHARE * len(other)
            and _decodes(sample, codec)
        ):
            return codec, 0
    return None


def _decodes(sample: bytes, codec: str) -> bool:
    try:
        sample.decode(codec)
    except UnicodeDecodeError as error:
        return error.start >= len(sample) - 2  # only the cut at the sample's end
    return True


def utf8_invalid_share(data: bytes) -> float:
    """The share of the non-ASCII sequences in `data` that are not valid UTF-8 (0.0 for
    ASCII or valid UTF-8, 1.0 when no high byte forms a valid sequence)."""
    try:
        data.decode("utf-8")
        return 0.0
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", "replace")
    invalid = text.count("\ufffd") - data.count("\ufffd".encode())  # not those written so
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return invalid / max(1, non_ascii)


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode a fetched or read document to text.

    Order: byte-order mark (UTF-8, UTF-16, UTF-32) or UTF-16 seen in the bytes, UTF-8
    (a few invalid sequences replaced), the HTTP header's charset (`declared`), the
    charset the document declares, then TCVN3/VNI sniffing, then windows-1258. Afterwards
    UTF-8 mojibake is repaired and paragraphs typed in TCVN3 or VNI are converted.
    """
    found = unicode_encoding(data)
    if found:
        codec, bom = found
        text = data[bom:].decode(codec, "replace")
    else:
        text = _decode_by_declaration(data, declared)
    text = text.replace("\x00", "")
    if _MOJIBAKE_RUN.search(text):
        text = repair_mojibake(text)
    return unicodedata.normalize("NFC", fix_legacy_text(text))


def _decode_by_declaration(data: bytes, declared: str | None) -> str:
    # Bytes that are (nearly all) valid UTF-8 are UTF-8, whatever a (often default) header
    # claims: legacy 8-bit Vietnamese text practically never forms valid multi-byte sequences.
    if utf8_invalid_share(data) < UTF8_MAX_INVALID_SHARE:
        return data.decode("utf-8", "replace")
    for label in (declared, sniff_declared_charset(data)):
        codec = _codec_name(label)
        if codec is None:
            continue
        if codec == "utf-8" or codec.startswith(("utf-16", "utf-32")):
            continue  # declared UTF-8 but not valid, or UTF-16 with no NUL bytes: sniff instead
        return data.decode(codec, "replace")
    as_latin = data.decode("cp1252", "replace")
    if detect_legacy_encoding(as_latin):
        return as_latin  # TCVN3/VNI bytes read one-to-one; converted afterwards
    return data.decode("cp1258", "replace")
