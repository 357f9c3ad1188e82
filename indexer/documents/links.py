"""How an article and the files it attaches find each other in the index.

A page links a file by its address; the file is indexed under its own address (crawled)
or under its path in a folder ("stc/img/a.pdf"). Both sides index the same keys: the
address, and the file's name alone, so that a page read from one folder finds the file
read from another. Keys are lowercased and percent-escaped (addresses hold spaces and
commas; the index's keyword fields split on commas).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import quote, unquote, urlsplit

ADDRESS, NAME = "u:", "n:"


def _key(text: str) -> str:
    return quote(unquote(text).strip().lower(), safe=":/?&=;@+$!*'()~-._")


def file_name(address: str) -> str:
    """The file's own name in an address or path ("a b.pdf" in "/img/a%20b.pdf")."""
    return PurePosixPath(unquote(urlsplit(address).path) or address).name


def address_key(address: str) -> str:
    return ADDRESS + _key(address)


def name_key(address: str) -> str:
    return NAME + _key(file_name(address))


def link_keys(addresses: list[str]) -> list[str]:
    """The keys under which files at `addresses` (or a file known by them) are found."""
    keys: list[str] = []
    for address in addresses:
        for key in (address_key(address), name_key(address)):
            if key not in keys and len(key) > len(NAME):
                keys.append(key)
    return keys


FORMAT_LABELS = {
    "pdf": "PDF",
    "docx": "Word",
    "doc": "Word",
    "odt": "Word",
    "rtf": "Word",
    "xlsx": "bảng tính",
    "xls": "bảng tính",
    "ods": "bảng tính",
}
ARTICLE_LABEL = "bài viết"
SCAN_LABEL = "bản scan"


def format_label(fmt: str | None, scan: bool) -> str:
    """The "Loại tài liệu" of a record: bài viết, PDF, Word, bản scan or bảng tính."""
    if fmt is None:
        return ARTICLE_LABEL
    return SCAN_LABEL if scan else FORMAT_LABELS.get(fmt, fmt.upper())
