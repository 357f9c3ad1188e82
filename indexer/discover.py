"""What a fetched page leads to: links, sitemaps, feeds, robots rules, and its kind."""

from __future__ import annotations

import re
import urllib.robotparser

import lxml.etree
import lxml.html

from indexer.urls import canonical_url

_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.I | re.M)
_PAGINATION = re.compile(r"[?&](?:page|p|trang|pageindex|paged)=\d+|/(?:page|trang)[-/]\d+", re.I)


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


def is_xml_listing(content_type: str, body: bytes) -> bool:
    head = body[:512].lstrip().lower()
    return "xml" in content_type or head.startswith(
        (b"<?xml", b"<urlset", b"<sitemapindex", b"<rss", b"<feed")
    )


def xml_links(body: bytes, base: str) -> list[str]:
    """URLs listed by a sitemap, sitemap index, RSS or Atom feed."""
    try:
        root = lxml.etree.fromstring(
            body, parser=lxml.etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
        )
    except lxml.etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    found = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""
        if tag in ("loc", "link", "guid"):
            value = (element.text or "").strip() or element.get("href", "")
            url = canonical_url(value, base) if value else None
            if url:
                found.append(url)
    return list(dict.fromkeys(found))


def html_links(html: str, base: str) -> tuple[list[str], str | None]:
    """Links of an HTML page (canonical form) and its rel=canonical URL."""
    if not html.strip():
        return [], None
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return [], None
    found = []
    for href in tree.xpath("//a/@href | //area/@href"):
        url = canonical_url(href, base)
        if url:
            found.append(url)
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    return list(dict.fromkeys(found)), canonical_url(canonical[0], base) if canonical else None


def looks_like_listing_url(url: str) -> bool:
    return bool(_PAGINATION.search(url))
