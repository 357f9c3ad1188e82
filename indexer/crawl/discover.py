"""What a fetched page leads to: links, sitemaps, feeds, robots rules, and its kind."""

from __future__ import annotations

import re
import urllib.robotparser
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin

import lxml.etree
import lxml.html

from indexer.crawl.urls import canonical_url, declared_address

MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a gzip bomb stops here
_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.I | re.M)
_PAGINATION = re.compile(
    r"[?&](?:page|trang|pageindex|paged|pagenumber|start)=\d+"
    r"|/(?:page|trang)[-/]\d+(?:/|\.html?|\.aspx|\.php|$|\?)",
    re.I,
)
_POSTBACK = re.compile(r"^\s*javascript:.*dopostback", re.I | re.S)
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rss", "text/xml")
_FEED_URL = re.compile(r"(?:\.xml(?:\.gz)?|/rss/?|/feed/?|/atom/?|rss\.aspx|\.rss)$", re.I)


class Robots:
    """robots.txt rules of one host (Disallow, Allow, Crawl-delay, Sitemap)."""

    def __init__(self, text: str | None) -> None:
        self.parser = urllib.robotparser.RobotFileParser()
        self.parser.parse((text or "").splitlines())
        self.sitemaps = _SITEMAP_LINE.findall(text or "")
        self.delays = self._crawl_delays(text or "")

    @staticmethod
    def _crawl_delays(text: str) -> dict[str, float]:
        """Crawl-delay per user agent; the standard library reads whole seconds only."""
        delays: dict[str, float] = {}
        agents: list[str] = []
        in_rules = False
        for raw in text.splitlines():
            line = raw.split("#", 1)[0].strip()
            if ":" not in line:
                continue
            key, value = (part.strip() for part in line.split(":", 1))
            key = key.lower()
            if key == "user-agent":
                if in_rules:
                    agents, in_rules = [], False
                agents.append(value.lower())
            else:
                in_rules = True
                if key == "crawl-delay":
                    try:
                        seconds = float(value)
                    except ValueError:
                        continue
                    for agent in agents:
                        delays[agent] = seconds
        return delays

    def allowed(self, url: str, agent: str) -> bool:
        return self.parser.can_fetch(agent, url) and self.parser.can_fetch("*", url)

    def delay(self, agent: str) -> float | None:
        token = agent.split("/", 1)[0].lower()
        for name, seconds in self.delays.items():
            if name != "*" and name in token:
                return seconds
        return self.delays.get("*")


def unpack_gzip(body: bytes, max_bytes: int = MAX_UNPACKED_BYTES) -> bytes:
    """The content of a gzip file (`sitemap.xml.gz`), at most `max_bytes`; other bytes as given."""
    if body[:2] != b"\x1f\x8b":
        return body
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        return inflater.decompress(body, max_bytes)
    except zlib.error:
        return b""


def is_xml_listing(content_type: str, body: bytes) -> bool:
    head = body[:512].lstrip().lower()
    return "xml" in content_type or head.startswith(
        (b"<?xml", b"<urlset", b"<sitemapindex", b"<rss", b"<feed")
    )


@dataclass
class XmlLinks:
    """What a sitemap or feed lists: pages, and further sitemaps (a sitemap index)."""

    pages: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def _local(element: lxml.etree._Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _xml_base(element: lxml.etree._Element, base: str) -> str:
    """The base URL in force at `element` (xml:base of its ancestors, outermost first)."""
    chain = [element, *element.iterancestors()]
    for node in reversed(chain):
        value = node.get("{http://www.w3.org/XML/1998/namespace}base")
        if value:
            base = urljoin(base, value.strip())
    return base


def xml_links(body: bytes, base: str) -> XmlLinks:
    """URLs listed by a sitemap, sitemap index, RSS or Atom feed (relative ones resolved)."""
    try:
        root = lxml.etree.fromstring(
            unpack_gzip(body),
            parser=lxml.etree.XMLParser(recover=True, resolve_entities=False, no_network=True),
        )
    except lxml.etree.XMLSyntaxError:
        return XmlLinks()
    if root is None:
        return XmlLinks()
    found = XmlLinks()
    for element in root.iter():
        tag = _local(element)
        parent = _local(element.getparent()) if element.getparent() is not None else ""
        value = ""
        if tag == "loc" and parent in ("url", "sitemap"):  # not image:loc, video:loc
            value = (element.text or "").strip()
        elif tag == "link" and parent in ("item", "entry"):
            rel = (element.get("rel") or "alternate").lower()
            value = (element.text or "").strip() if rel == "alternate" else ""
            value = value or (element.get("href", "").strip() if rel == "alternate" else "")
        elif tag == "guid" and (element.get("isPermaLink") or "true").lower() == "true":
            value = (element.text or "").strip()
        url = canonical_url(value, _xml_base(element, base)) if value else None
        if url:
            (found.sitemaps if parent == "sitemap" else found.pages).append(url)
    found.pages = list(dict.fromkeys(found.pages))
    found.sitemaps = list(dict.fromkeys(found.sitemaps))
    return found


@dataclass
class PageLinks:
    """What an HTML page leads to."""

    links: list[str] = field(default_factory=list)
    canonical: str | None = None
    feeds: list[str] = field(default_factory=list)
    postbacks: int = 0  # links that only work as an ASP.NET form POST (__doPostBack)
    refresh: str | None = None  # <meta http-equiv="refresh" content="0; url=..."> target


def html_links(html: str, base: str) -> PageLinks:
    """Links of an HTML page (canonical form, resolved against <base href>), its
    rel=canonical URL, its RSS/Atom feeds and its count of __doPostBack links."""
    if not html.strip():
        return PageLinks()
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return PageLinks()
    return tree_links(tree, base)


def tree_links(tree: lxml.html.HtmlElement, base: str) -> PageLinks:
    """`html_links` of a page already parsed (the crawler parses each page once)."""
    declared = tree.xpath("//base/@href")
    if declared and declared[0].strip():
        base = urljoin(base, declared[0].strip())
    found, postbacks = [], 0
    for href in tree.xpath("//a/@href | //area/@href"):
        if _POSTBACK.search(href):
            postbacks += 1
            continue
        url = canonical_url(href, base)
        if url:
            found.append(url)
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    feeds = [
        url
        for node in tree.xpath("//link[@href and @type]")
        if "alternate" in (node.get("rel") or "").lower().split()
        and node.get("type", "").lower().strip() in FEED_TYPES
        and (url := canonical_url(node.get("href"), base))
    ]
    return PageLinks(
        refresh=_refresh_target(tree, base),
        links=list(dict.fromkeys(found)),
        canonical=declared_address(canonical[0], base) if canonical else None,
        feeds=list(dict.fromkeys(feeds)),
        postbacks=postbacks,
    )


_REFRESH = re.compile(r"^\s*(\d+(?:\.\d*)?)\s*[;,]\s*(?:url\s*=\s*)?['\"]?([^'\"]+)", re.I)
MAX_REFRESH_SECONDS = 5  # a page that moves on sooner is a redirect, not a page


def _refresh_target(tree: lxml.html.HtmlElement, base: str) -> str | None:
    """Where a <meta http-equiv="refresh"> sends the reader at once, if it does."""
    for node in tree.xpath("//meta[@http-equiv and @content]"):
        if node.get("http-equiv", "").strip().lower() != "refresh":
            continue
        match = _REFRESH.match(node.get("content", ""))
        if match and float(match.group(1)) <= MAX_REFRESH_SECONDS:
            return canonical_url(match.group(2).strip(), base)
    return None


def looks_like_listing_url(url: str) -> bool:
    """A page of a paginated listing: ?page=2, /page/2/, /trang-2.html, /trang/2."""
    return bool(_PAGINATION.search(url))


def looks_like_feed_url(url: str) -> bool:
    """A sitemap or feed by its address: .xml, .xml.gz, /rss, /feed, /atom."""
    return bool(_FEED_URL.search(url.split("?", 1)[0]))


_AUTOINDEX = re.compile(r"<title>\s*(?:index of /|directory listing for /)", re.I)


def is_directory_listing(html: str) -> bool:
    """A folder's file list generated by the server (Apache, nginx, http.server autoindex)."""
    return bool(_AUTOINDEX.search(html[:4096]))
