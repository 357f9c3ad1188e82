"""A page's requisites: the stylesheets and images it needs to look as it did.

The crawler fetches them beside each article it stores (`page_requisites`, then the
images and imported sheets a stylesheet names: `css_references`), and the captured copy
points them at our WARC copies (`rewrite_css`). Scripts are never requisites: the copy
runs none. Pure functions over a parsed tree or CSS text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urljoin

from lxml import etree

from indexer.crawl.urls import canonical_url

REQUISITE = "requisite"  # the crawl's kind of a kept stylesheet, image or font
# What is kept and served as a requisite (never a script).
REQUISITE_TYPES = ("image/", "text/css", "font/", "application/font", "application/x-font")
MAX_PER_PAGE = 60  # requisites fetched for one page, at most (a gallery page has hundreds)
# Attributes where lazy-loading scripts keep an image's real address (no script runs in
# the copy, so the copy shows them itself).
LAZY_SOURCES = ("data-src", "data-original", "data-lazy-src", "data-lazy")
_CSS_URL = re.compile(
    r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)"""
    r"""|@import\s+(?:"([^"]*)"|'([^']*)')""",
    re.I,
)
_STYLESHEET_RELS = frozenset({"stylesheet"})


def css_references(css: str, base: str) -> list[str]:
    """The addresses a stylesheet names (url(...) and @import), absolute, in order."""
    found = []
    for match in _CSS_URL.finditer(css):
        raw = next((g for g in match.groups() if g is not None), "").strip()
        if raw and not raw.lower().startswith(("data:", "#")):
            url = canonical_url(raw, base)
            if url:
                found.append(url)
    return list(dict.fromkeys(found))


def rewrite_css(css: str, base: str, local: Callable[[str], str | None]) -> str:
    """`css` with every url(...) and @import pointed at `local(address)`; an address we
    do not hold becomes an empty data URL, which draws nothing (no broken image)."""

    def replace(match: re.Match[str]) -> str:
        raw = next((g for g in match.groups() if g is not None), "").strip()
        if raw.lower().startswith(("data:", "#")):
            return match.group(0)
        url = canonical_url(raw, base) if raw else None
        here = local(url) if url else None
        target = here or "data:,"
        if match.group(0).lower().startswith("@import"):
            return f'@import "{target}"' if here else ""
        return f'url("{target}")'

    return _CSS_URL.sub(replace, css)


def _rels(node: etree._Element) -> set[str]:
    return set((node.get("rel") or "").lower().split())


def image_sources(node: etree._Element) -> list[str]:
    """An <img>'s addresses as written: its lazy-loaded source first, then src."""
    return [v.strip() for a in (*LAZY_SOURCES, "src") if (v := node.get(a)) and v.strip()]


def page_requisites(tree: etree._Element, base: str) -> list[str]:
    """The stylesheets and images a page shows, absolute, in document order: linked
    stylesheets, <img> (lazy sources included), image inputs, legacy background
    attributes, and the url()s of its <style> elements and style attributes."""
    declared = tree.xpath("//base/@href")
    if declared and declared[0].strip():
        base = urljoin(base, declared[0].strip())
    found: list[str] = []
    for node in tree.iter(etree.Element):
        tag = node.tag if isinstance(node.tag, str) else ""
        raw: list[str] = []
        if tag == "link" and _rels(node) & _STYLESHEET_RELS:
            raw.append(node.get("href") or "")
        elif tag == "img" or (tag == "input" and (node.get("type") or "").lower() == "image"):
            raw += image_sources(node)
        elif tag == "style" and node.text:
            found += css_references(node.text, base)
        if node.get("background"):
            raw.append(node.get("background") or "")
        if node.get("style") and "url(" in (node.get("style") or ""):
            found += css_references(node.get("style") or "", base)
        for value in raw:
            if value.strip() and not value.strip().lower().startswith("data:"):
                url = canonical_url(value, base)
                if url:
                    found.append(url)
    return list(dict.fromkeys(found))
