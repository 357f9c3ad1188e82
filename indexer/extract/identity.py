"""Which address a page declares as its own is believed, across many files.

A page names its own address in rel=canonical or og:url (`page_meta.page_url`), and
that address is its identity in the index. A template that writes the same address on
every page (a held-out portal: canonical "/guest" everywhere) would make one article of
all of them, so an address that several pages with different content declare is no
page's identity: they keep their paths (files) or the addresses they were fetched from
(WARC captures). Several copies of one article (a page saved twice, a print view) still
share their address.

A first, cheap pass reads only the head of each page for what it declares (`Declared`);
the parser then decides for each address that more than one page declares.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Hashable
from html import unescape

from indexer.crawl.urls import declared_address
from indexer.extract.page_meta import is_home_page

HEAD_BYTES = 256 * 1024  # a page's canonical link and og:url sit in its head
_TAG = re.compile(rb"<(?:link|meta)\b[^<>]{0,2000}>", re.I)
_ATTRIBUTE = re.compile(rb"""([a-zA-Z:_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def declared_addresses(data: bytes, base: str | None = None) -> set[str]:
    """The addresses a page declares as its own in its first bytes (og:url and
    rel=canonical, as `page_meta.page_url` reads them; home pages are no address)."""
    found = set()
    for tag in _TAG.finditer(data[:HEAD_BYTES]):
        attributes = {
            m.group(1).lower(): (m.group(2) or m.group(3) or m.group(4) or b"")
            for m in _ATTRIBUTE.finditer(tag.group(0))
        }
        if attributes.get(b"rel", b"").strip().lower() == b"canonical":
            value = attributes.get(b"href")
        elif attributes.get(b"property", attributes.get(b"name", b"")).lower() == b"og:url":
            value = attributes.get(b"content")
        else:
            continue
        url = declared_address(unescape(value.decode("utf-8", "replace")), base) if value else None
        if url and not is_home_page(url):
            found.add(url)
    return found


class Declared:
    """Each declared address and the pages (any hashable name) that declare it, with the
    digest of each page's bytes."""

    def __init__(self) -> None:
        self.pages: dict[str, dict[Hashable, str]] = defaultdict(dict)

    def add(self, page: Hashable, data: bytes, base: str | None = None) -> None:
        """Note what `page` (its bytes: `data`) declares as its address."""
        addresses = declared_addresses(data, base)
        if addresses:
            digest = hashlib.sha256(data).hexdigest()
            for url in addresses:
                self.pages[url][page] = digest

    def sharers(self, url: str) -> list[Hashable]:
        """The pages that declare `url`, in the order they were added."""
        return list(self.pages.get(url, ()))

    def same_bytes(self, url: str) -> bool:
        """True when every page that declares `url` holds the same bytes."""
        return len(set(self.pages.get(url, {}).values())) <= 1
