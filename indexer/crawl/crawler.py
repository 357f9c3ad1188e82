"""Crawl committee websites politely, keep every response in WARC, index the articles.

One crawl run walks the frontier (start URLs, sitemaps, feeds, then links) within each
site's scope, honouring robots.txt and a per-host delay. The run is committed page by
page, so a crawl that is killed continues where it stopped; the index is only added to
or updated, never emptied, so a failed crawl loses nothing that was indexed before.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import sys
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from indexer.crawl import fetch as fetch_module
from indexer.crawl.discover import (
    Robots,
    html_links,
    is_directory_listing,
    is_xml_listing,
    looks_like_feed_url,
    looks_like_listing_url,
    tree_links,
    unpack_gzip,
    xml_links,
)
from indexer.crawl.requisites import (
    MAX_PER_PAGE,
    REQUISITE,
    REQUISITE_TYPES,
    css_references,
    page_requisites,
)
from indexer.crawl.settings import pattern_problem, settings_problem
from indexer.crawl.state import STATE_FILE, CrawlState, PageState
from indexer.crawl.urls import canonical_url, same_site
from indexer.crawl.warc import WarcArchive, read_capture
from indexer.documents.formats import (
    document_format,
    is_attachment_type,
    looks_like_attachment_url,
)
from indexer.extract.html import parse_tree
from indexer.extract.parse import ParseError, ParseFailure, parse_bytes
from indexer.extract.soft404 import NOT_FOUND_PAGE, error_page
from indexer.record import ArticleRecord
from indexer.store import is_database
from indexer.text.charset import charset_from_content_type, decode_bytes

HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECTS = {301, 302, 303, 307, 308}
LOCK_FILE = "crawl.lock"
MAX_PAGES = 100_000
MAX_DEPTH = 20  # links from a start page; pagination of a listing does not count
# A gzipped sitemap may unpack to this many times the download limit (XML packs well).
GZIP_RATIO = 5
MAX_REDIRECTS = 5  # a longer chain is a loop or a trap, recorded as failed
MAX_SITEMAP_DEPTH = 5  # sitemap indexes of sitemap indexes, outside the path prefix
ATTACHMENT_MAX_BYTES = 50 * 1024 * 1024  # a larger attached file is recorded as failed
ATTACHMENT = "attachment"  # the frontier kind of a linked file (fetched outside the prefix)
# A stored article's stylesheets and images (and what its stylesheets name), so that its
# captured copy looks like the original: from its own host, each up to this size.
REQUISITE_MAX_BYTES = 2 * 1024 * 1024
# A rel=canonical naming one of these is a template's mistake, not this page's address.
_GENERIC_PAGE = re.compile(r"^/$|/(?:index|default|home|trang-chu)\.\w+$", re.I)


class ExitStatus(IntEnum):
    """What `vankien crawl` exits with, so that cron can tell a failed night."""

    COMPLETED = 0  # the crawl ran; single 404s, timeouts and errors are in the report
    SETTINGS = 2  # bad command line or settings file
    START_UNREACHABLE = 3  # a site's every start URL failed (DNS, refused, 4xx/5xx, loop)
    NOTHING_FETCHED = 4  # no page or sitemap was fetched at all (robots.txt, bounds)
    LOCKED = 5  # another crawl holds the crawl folder's lock
    INDEX_NOT_WRITABLE = 6  # the index folder cannot be created or written


class CrawlError(Exception):
    """A crawl that cannot start (locked, bad settings); the message is for the user."""

    status = ExitStatus.SETTINGS


class CrawlLocked(CrawlError):
    """Another crawl is running on the same crawl folder."""

    status = ExitStatus.LOCKED


class IndexNotWritable(CrawlError):
    """The index folder cannot be created or written."""

    status = ExitStatus.INDEX_NOT_WRITABLE


@dataclass
class Site:
    """One site to crawl and the part of it that is in scope."""

    start_urls: list[str]
    prefix: str = "/"
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    delay: float | None = None
    max_pages: int = MAX_PAGES  # URLs fetched from this site in one run
    max_depth: int = MAX_DEPTH  # infinite calendars and faceted links stop here

    @property
    def host(self) -> str:
        return urlsplit(self.start_urls[0]).hostname or ""

    def in_scope(self, url: str) -> bool:
        if not same_site(url, self.host):
            return False
        path = urlsplit(url).path or "/"
        if not path.startswith(self.prefix):
            return False
        if self.include and not any(re.search(p, url) for p in self.include):
            return False
        return not any(re.search(p, url) for p in self.exclude)


@dataclass
class CrawlOptions:
    warc_dir: Path
    index_dir: str | Path | None = None  # the index's location (a folder or, later, a database)
    delay: float = 1.0
    timeout: float = 15.0
    max_bytes: int = fetch_module.DEFAULT_MAX_BYTES
    # Attached files (PDF, Word…) may be larger than pages; 0 turns their fetching off.
    attachment_max_bytes: int = ATTACHMENT_MAX_BYTES
    # An article's stylesheets and images, each up to this size; 0 fetches none.
    requisite_max_bytes: int = REQUISITE_MAX_BYTES
    retries: int = 3
    backoff: float = 1.0


@dataclass
class CrawlReport:
    """What a run did, for the summary and the failure report."""

    fetched: int = 0
    not_modified: int = 0
    unchanged: int = 0
    articles: int = 0
    low_confidence: int = 0  # articles whose body was not found with confidence
    listings: int = 0
    attachments: int = 0  # attached files (PDF, Word…) fetched and kept
    requisites: int = 0  # stylesheets and images of articles fetched and kept
    requisites_missing: int = 0  # those that failed, were too large or were no such file
    gone: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    indexed: dict = field(default_factory=dict)
    seconds: float = 0.0
    resumed: bool = False
    not_found: int = 0  # 404, 410 and soft 404 (200 with a "không tìm thấy" page)
    redirects: int = 0
    timeouts: int = 0
    notes: list[tuple[str, str]] = field(default_factory=list)
    pages: int = 0  # pages and sitemaps received (200 or 304), over the whole run
    unreachable: list[str] = field(default_factory=list)  # sites none of whose starts answered

    def exit_status(self) -> ExitStatus:
        """0 when the crawl did its job, whatever single pages answered."""
        if self.unreachable:
            return ExitStatus.START_UNREACHABLE
        if self.pages == 0:
            return ExitStatus.NOTHING_FETCHED
        return ExitStatus.COMPLETED

    def to_dict(self) -> dict:
        return {
            "fetched": self.fetched,
            "not_modified": self.not_modified,
            "unchanged": self.unchanged,
            "articles": self.articles,
            "low_confidence": self.low_confidence,
            "listings": self.listings,
            "attachments": self.attachments,
            "requisites": self.requisites,
            "requisites_missing": self.requisites_missing,
            "gone": self.gone,
            "skipped": [{"url": u, "reason": r} for u, r in self.skipped],
            "failed": [{"url": u, "reason": r} for u, r in self.failed],
            "indexed": self.indexed,
            "seconds": round(self.seconds, 2),
            "resumed": self.resumed,
            "not_found": self.not_found,
            "redirects": self.redirects,
            "timeouts": self.timeouts,
            "notes": [{"url": u, "note": n} for u, n in self.notes],
            "pages": self.pages,
            "unreachable": self.unreachable,
            "exit_status": int(self.exit_status()),
        }


def load_settings(path: str | Path) -> tuple[list[Site], dict]:
    """Sites and options from a TOML settings file (see README, "Crawling your own site")."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CrawlError(f"không đọc được tệp cấu hình {path}: {error}") from error
    problem = settings_problem(data)
    if problem:
        raise CrawlError(f"tệp cấu hình {path}: {problem}")
    sites = []
    max_pages, max_depth = data.get("max_pages", MAX_PAGES), data.get("max_depth", MAX_DEPTH)
    for entry in data.get("sites", []):
        urls = entry.get("start_urls") or ([entry["url"]] if "url" in entry else [])
        if not urls:
            raise CrawlError(f"{path}: mỗi mục [[sites]] cần url hoặc start_urls")
        sites.append(
            Site(
                start_urls=list(urls),
                prefix=entry.get("prefix", "/"),
                include=list(entry.get("include", [])),
                exclude=list(entry.get("exclude", [])),
                delay=entry.get("delay"),
                max_pages=int(entry.get("max_pages", max_pages)),
                max_depth=int(entry.get("max_depth", max_depth)),
            )
        )
    return sites, {k: v for k, v in data.items() if k != "sites"}


class _Lock:
    """An exclusive lock on the crawl folder, so two runs (cron) never overlap."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_FILE
        self.fd: int | None = None

    def __enter__(self) -> _Lock:
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            os.close(self.fd)
            raise CrawlLocked(
                f"một lần thu thập khác đang chạy trên thư mục {self.path.parent}"
            ) from error
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)


@dataclass(frozen=True)
class _Classified:
    """What a fetched HTML page is: an article (with its record, kept so that indexing
    does not parse it again) or a listing of links."""

    kind: str  # "article" or "listing"
    record: str | None  # the article's record as JSON
    low_confidence: bool  # an article whose body is not sure (indexed all the same)


_DOCUMENT = _Classified("document", None, False)


def _classify(
    result: fetch_module.FetchResult, url: str, text: str, tree: etree._Element, has_links: bool
) -> _Classified | str:
    """The page parsed once into an article or a listing; a reason when it is neither."""
    try:
        record = parse_bytes(result.body, url, url=url, content_type=result.content_type, tree=tree)
    except ParseError as error:
        return _Classified("listing", None, False) if has_links else f"not an article: {error}"
    listing = record.kind == "listing" or looks_like_listing_url(url) or is_directory_listing(text)
    if listing:
        return _Classified("listing", None, False)
    parsed = json.dumps(record.to_dict(), ensure_ascii=False)
    return _Classified("article", parsed, record.confidence != "found")


def _content_key(record: str | None) -> tuple[str, str] | None:
    """What an article says (title, body), to tell two copies of it from two articles."""
    if not record:
        return None
    data = json.loads(record)
    return data.get("title") or "", " ".join(str(data.get("body") or "").split())


def _same_content(digest: str, page: _Classified, held: PageState, record: str | None) -> bool:
    """True when `page` (fetched with `digest`) is a copy of the page `held` (`record`):
    the same bytes, the same article, or both listings (a listing's page 2 naming page 1)."""
    if digest == held.content_hash:
        return True
    if page.kind == "listing" and held.kind == "listing":
        return True
    mine, theirs = _content_key(page.record), _content_key(record)
    return mine is not None and mine == theirs


def _requisite_problem(result: fetch_module.FetchResult, limit: int) -> str | None:
    """Why a fetched stylesheet or image is not kept, or None."""
    if result.error:
        return result.error
    if result.status != 200:
        return f"HTTP {result.status}"
    if result.truncated:
        return f"larger than {limit} bytes"
    content_type = result.content_type.split(";")[0].strip().lower()
    if not content_type.startswith(REQUISITE_TYPES):
        return f"not a stylesheet or image ({content_type or 'no type'})"
    return None


def _conditional_headers(known: PageState | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since for a page fetched before, so 304 can answer."""
    headers: dict[str, str] = {}
    if known and known.status == 200:
        if known.etag:
            headers["If-None-Match"] = known.etag
        if known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
    return headers


class Crawler:
    """One crawl run over a list of sites."""

    def __init__(
        self,
        sites: list[Site],
        options: CrawlOptions,
        progress: Callable[[CrawlReport, int], None] | None = None,
    ) -> None:
        self.sites, self.options, self.progress = sites, options, progress
        self.archive = WarcArchive(options.warc_dir)
        self.state = CrawlState(options.warc_dir / STATE_FILE)
        self.report = CrawlReport()
        self.robots: dict[str, Robots] = {}
        self.last_fetch: dict[str, float] = {}
        self.pages_per_site: dict[str, int] = {}
        # A start URL is in scope even when its prefix is spelled with a slash it lacks.
        self.start_sites = {canonical_url(url): site for site in sites for url in site.start_urls}

    def site_for(self, url: str) -> Site | None:
        found = next((s for s in self.sites if s.in_scope(url)), None)
        return found or self.start_sites.get(url)

    # -- politeness ----------------------------------------------------------------------

    def _robots(self, url: str) -> Robots:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self.robots:
            result = self._get(origin + "/robots.txt", {}, count=False)
            text = result.body.decode("utf-8", "replace") if result.status == 200 else ""
            self.robots[origin] = Robots(text)
        return self.robots[origin]

    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc
        site = self.site_for(url)
        delay = site.delay if site and site.delay is not None else self.options.delay
        robots_delay = self.robots.get(f"{urlsplit(url).scheme}://{host}")
        if robots_delay and robots_delay.delay(fetch_module.USER_AGENT):
            delay = max(delay, robots_delay.delay(fetch_module.USER_AGENT) or 0)
        wait = self.last_fetch.get(host, 0) + delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.last_fetch[host] = time.monotonic()

    def _get(
        self, url: str, headers: dict[str, str], count: bool = True, max_bytes: int = 0
    ) -> fetch_module.FetchResult:
        """Fetch with retries and backoff on connection errors and 5xx answers."""
        result = fetch_module.FetchResult(url, error="not fetched")
        max_bytes = max_bytes or self.options.max_bytes
        for attempt in range(self.options.retries + 1):
            self._wait_turn(url)
            result = fetch_module.fetch(url, headers, self.options.timeout, max_bytes)
            if result.error is None and result.status < 500:
                break
            if attempt < self.options.retries:
                time.sleep(self.options.backoff * (2**attempt))
        if count and result.error is None:
            self.report.fetched += 1
        if count and result.error and "timed out" in result.error.lower():
            self.report.timeouts += 1
        return result

    # -- the run -------------------------------------------------------------------------

    def run(self) -> CrawlReport:
        started = self.started = time.monotonic()
        with _Lock(self.options.warc_dir):
            run, resumed = self.state.open_run()
            self.report.resumed = resumed
            if not resumed:
                self._seed(run)
            while (item := self.state.next_queued(run)) is not None:
                url, depth, kind = item
                self._visit(run, url, depth, kind)
                if self.progress:
                    self.report.seconds = time.monotonic() - started
                    self.progress(self.report, self.state.queued_count(run))
            self.state.finish_run(run)
            self._collect_outcomes(run)
            if self.options.index_dir is not None:
                self.report.indexed = self._index_runs()
        self.report.seconds = time.monotonic() - started
        self.state.close()
        return self.report

    def _seed(self, run: int) -> None:
        for page in self.state.all_articles():  # revisit what we have: changed? gone?
            if page.gone:
                continue
            if page.kind == "document" and self._on_a_site(page.url):
                self.state.enqueue(run, page.url, 1, ATTACHMENT)
            elif self.site_for(page.url) is not None:
                self.state.enqueue(run, page.url, 1)
        for site in self.sites:
            for url in site.start_urls:
                canonical = canonical_url(url)
                if canonical:
                    self.state.enqueue(run, canonical, 0)
            robots = self._robots(site.start_urls[0])
            origin = "{0.scheme}://{0.netloc}".format(urlsplit(site.start_urls[0]))
            for sitemap in robots.sitemaps:
                canonical = canonical_url(sitemap, origin + "/")  # some give a bare path
                if canonical:
                    self.state.enqueue(run, canonical, 0, "sitemap")
            if not robots.sitemaps:  # a guess: its absence is no broken link
                guess = canonical_url("/sitemap.xml", origin + "/")
                if guess:
                    self.state.enqueue(run, guess, 0, "guess")
        self.state.db.commit()  # the seeds survive a crash before the first page

    def _on_a_site(self, url: str) -> bool:
        return any(same_site(url, site.host) for site in self.sites)

    def _visit(self, run: int, url: str, depth: int, kind: str | None = None) -> None:
        is_sitemap = kind in ("sitemap", "guess") or (depth == 0 and looks_like_feed_url(url))
        refusal = self._refusal(url, depth, is_sitemap, kind)
        if refusal:
            self.state.settle(run, url, "skipped", refusal)
            return
        if kind == REQUISITE:
            self._requisite(run, url, depth)
            return
        host = urlsplit(url).hostname or ""
        self.pages_per_site[host] = self.pages_per_site.get(host, 0) + 1
        known = self.state.page(url)
        headers = _conditional_headers(known)
        limit = self.options.attachment_max_bytes if kind == ATTACHMENT else self.options.max_bytes
        result = self._get(url, headers, max_bytes=limit)
        if result.error:
            self.state.settle(run, url, "failed", result.error)
            return
        status = result.status
        if status == 304 and known:
            self._not_modified(run, url, depth, known)
        elif status in REDIRECTS:
            self._redirect(run, url, depth, result, kind)
        elif status in (404, 410) and kind == "guess":
            self.state.settle(run, url, "skipped", "no sitemap at the usual address")
        elif status in (404, 410):
            self._not_found(run, url, known, f"HTTP {status}")
        elif status != 200:
            self.state.settle(run, url, "failed", f"HTTP {status}")
        elif result.truncated:
            self.state.settle(run, url, "failed", f"larger than {limit} bytes")
        else:
            self._answer(run, url, depth, result, headers, known)

    def _refusal(
        self, url: str, depth: int, is_sitemap: bool, kind: str | None = None
    ) -> str | None:
        """Why `url` is not fetched at all (scope, robots.txt, limits), or None. A file
        that an in-scope page links is fetched from anywhere on the same site."""
        site = self.site_for(url)
        if kind in (ATTACHMENT, REQUISITE):
            site = site or next((s for s in self.sites if same_site(url, s.host)), None)
        if site is None and not is_sitemap:
            return "outside the crawl scope"
        if not self._robots(url).allowed(url, fetch_module.USER_AGENT):
            return "disallowed by robots.txt"
        if site and depth > site.max_depth:
            return f"depth limit of the site ({site.max_depth})"
        if site is None and depth > MAX_SITEMAP_DEPTH:
            return "sitemap nested too deep"
        host = urlsplit(url).hostname or ""
        if site and kind != REQUISITE and self.pages_per_site.get(host, 0) >= site.max_pages:
            return "page limit of the site reached"
        return None

    def _not_modified(self, run: int, url: str, depth: int, known: PageState) -> None:
        """304: nothing to store; a listing's links are followed from its capture."""
        self.report.not_modified += 1
        self.report.pages += 1
        self.state.touch_page(run, url)
        self.state.settle(run, url, "done", "not modified")
        if known.kind == "listing" and known.warc:
            self._follow_capture(run, url, depth, known.warc, known.offset)

    def _answer(
        self,
        run: int,
        url: str,
        depth: int,
        result: fetch_module.FetchResult,
        headers: dict[str, str],
        known: PageState | None,
    ) -> None:
        """A 200 answer: a sitemap or feed, a page, or something that is neither."""
        content_type = result.content_type.split(";")[0].strip().lower()
        body = unpack_gzip(result.body, self.options.max_bytes * GZIP_RATIO)  # sitemap.xml.gz
        if is_xml_listing(content_type, body) and content_type not in HTML_TYPES:
            self.archive.write(result, headers)
            self.report.pages += 1
            listed = xml_links(body, url)
            for sitemap in listed.sitemaps:
                if self._on_a_site(sitemap):
                    self.state.enqueue(run, sitemap, depth + 1, "sitemap")
            self._enqueue_links(run, listed.pages, depth)
            self.state.settle(run, url, "done", "sitemap or feed")
            return
        if is_attachment_type(content_type) or document_format(result.body):
            self._attachment(run, url, result, headers, known)
            return
        if (content_type and content_type not in (*HTML_TYPES, "text/plain")) or urlsplit(
            url
        ).path == "/robots.txt":  # text/css, text/javascript, robots.txt: not articles
            self.state.settle(run, url, "skipped", f"not a page ({content_type})")
            return
        self._page(run, url, depth, result, headers, known)

    def _not_found(self, run: int, url: str, known, reason: str) -> None:  # noqa: ANN001
        """404, 410 or a soft 404: counted; an article held before stays, marked gone."""
        self.report.not_found += 1
        kept = known is not None and known.status == 200 and known.kind in ("article", "document")
        if kept and known.gone:
            self.state.settle(run, url, "done", f"still gone at the source ({reason}), kept")
        elif kept:
            self.state.mark_gone(run, url)
            self.report.gone += 1
            self.state.settle(run, url, "done", f"gone at the source ({reason}), kept")
        else:
            self.state.settle(run, url, "failed", reason)

    def _redirect_chain(self, run: int, start: str) -> list[str]:
        """`start` and the URLs it was seen to redirect to in this run, exactly as given."""
        chain = [start]
        while len(chain) <= MAX_REDIRECTS + 1:
            entry = self.state.frontier_entry(run, chain[-1])
            reason = entry[1] if entry else None
            if not reason or not reason.startswith("redirect to "):
                break
            chain.append(reason.removeprefix("redirect to "))
        return chain

    def _redirect(
        self,
        run: int,
        url: str,
        depth: int,
        result: fetch_module.FetchResult,
        kind: str | None = None,
    ) -> None:
        """Follow a redirect to its target as given; that target is the page's address."""
        location = result.headers.get("location")
        target = canonical_url(location, url) if location else None
        if not target:
            self.state.settle(run, url, "failed", f"HTTP {result.status} without a usable Location")
            return
        self._follow(run, url, depth, target, kind)

    def _follow(self, run: int, url: str, depth: int, target: str, kind: str | None) -> None:
        """Settle `url` as a redirect to `target` (HTTP or <meta refresh>), loops refused."""
        self.report.redirects += 1
        if target == url:
            self.state.settle(run, url, "failed", "redirect loop")
            return
        chain = self._redirect_chain(run, target)
        if url in chain:
            self.state.settle(run, url, "failed", f"redirect loop via {target}")
            return
        if len(chain) > MAX_REDIRECTS:
            self.state.settle(run, url, "failed", f"more than {MAX_REDIRECTS} redirects")
            return
        if self.state.frontier_entry(run, target) is None:
            if kind in ("sitemap", "guess") and self._on_a_site(target):
                self.state.enqueue(run, target, depth, kind)
            elif self.site_for(target) is None:
                self.state.settle(
                    run, url, "skipped", f"redirect outside the crawl scope ({target})"
                )
                return
            else:
                self.state.enqueue(run, target, depth, kind)
        self.state.settle(run, url, "done", f"redirect to {target}")

    def _canonical_claim(
        self, run: int, url: str, canonical: str | None, digest: str, page: _Classified
    ) -> str:
        """What rel=canonical means for this page: "claim" (store it under the canonical
        address), "duplicate" (that address holds the same content), "wait" (that address
        is still to be fetched: visit this page again after it) or "own" (ignored).

        A canonical is believed only while it names one content: a template that writes
        the same address on every page (rel=canonical "/guest") makes the first page's
        claim, and the second page with other content undoes it (`_undo_claim`)."""
        if not canonical or canonical == url or self.site_for(canonical) is None:
            return "own"  # absent, itself, or another site (a repost names its original)
        path = urlsplit(canonical).path
        starts = {canonical_url(u) for site in self.sites for u in site.start_urls}
        if _GENERIC_PAGE.search(path) or canonical in starts or looks_like_listing_url(canonical):
            return "own"  # every page of the template names the home page or index.html
        entry = self.state.frontier_entry(run, canonical)
        if entry is None:
            return "claim"
        held = self.state.page(canonical) if entry[0] == "done" else None
        if held is not None:
            if _same_content(digest, page, held, self.state.record_of(canonical)):
                return "duplicate"  # fetched under its own address
            self._undo_claim(run, canonical, held)
            return "own"  # many pages, one canonical: no page's identity
        own_entry = self.state.frontier_entry(run, url)
        if entry[0] == "queued" and not (own_entry and (own_entry[1] or "").startswith("wait")):
            return "wait"
        return "own"  # the canonical address failed, is out of bounds or shared

    def _undo_claim(self, run: int, canonical: str, held: PageState) -> None:
        """The page stored under `canonical` by a claim goes back to the address it was
        fetched from; `canonical` then holds no page, so later claims of it are refused."""
        capture = read_capture(self.options.warc_dir, held.warc or "", held.offset or 0)
        origin = canonical_url(capture.url) if capture else None
        if origin is None or origin == canonical or self.state.page(origin) is not None:
            return  # the canonical address's own page, fetched there: it stays
        self.state.move_page(canonical, origin, run)
        self.state.settle(run, origin, "done", held.kind or "article")
        self.state.settle(run, canonical, "skipped", "canonical address shared by many pages")

    def _page(
        self,
        run: int,
        url: str,
        depth: int,
        result: fetch_module.FetchResult,
        request_headers: dict[str, str],
        known: PageState | None,
    ) -> None:
        """An HTML page: its links, then what it is (soft 404, redirect, duplicate of its
        canonical address, article or listing), stored and counted."""
        text = decode_bytes(result.body, charset_from_content_type(result.content_type))
        tree = parse_tree(text)  # once: for the links here and the record below
        found = tree_links(tree, url)
        links, canonical = found.links, found.canonical
        refused = error_page(text)
        if refused and refused[0] == NOT_FOUND_PAGE:
            self._not_found(run, url, known, "soft 404 (HTTP 200 with a not-found page)")
            return
        if refused:  # "Runtime Error", "Object moved": the article, if held, is not gone
            self.state.settle(run, url, "failed", f"error page (HTTP 200): {refused[1]}")
            return
        if found.refresh and found.refresh != url:  # a portal's root moving on to its home
            self._follow(run, url, depth, found.refresh, None)
            return
        for feed in found.feeds:
            if self._on_a_site(feed):
                self.state.enqueue(run, feed, depth, "sitemap")
        if found.postbacks:
            self.report.notes.append(
                (url, f"{found.postbacks} __doPostBack link(s) not followed (they need a POST)")
            )
        digest = hashlib.sha256(result.body).hexdigest()
        classified = _classify(result, url, text, tree, bool(links))
        if isinstance(classified, str):
            self.state.settle(run, url, "failed", classified)
            return
        claim = self._canonical_claim(run, url, canonical, digest, classified)
        if claim == "wait":
            self.state.requeue(run, url, f"waiting for its canonical address {canonical}")
            return
        if claim == "duplicate":
            self.state.settle(run, url, "skipped", f"duplicate of {canonical}")
            self._enqueue_links(run, links, depth, listing=True)
            return
        if claim == "claim" and canonical:
            # Stored under its canonical address, which therefore needs no fetch of its own.
            self.state.enqueue(run, canonical, depth)
            self.state.settle(run, url, "done", f"canonical address is {canonical}")
            url = canonical
            known = self.state.page(url)
        self._store(run, url, result, request_headers, known, digest, classified)
        self._enqueue_links(run, links, depth, listing=classified.kind == "listing")
        if classified.kind == "article":
            self._enqueue_requisites(run, page_requisites(tree, result.url), result.url, depth)
        self.state.settle(run, url, "done", classified.kind)

    def _store(
        self,
        run: int,
        url: str,
        result: fetch_module.FetchResult,
        request_headers: dict[str, str],
        known: PageState | None,
        digest: str,
        page: _Classified,
    ) -> None:
        """Archive the capture (unless unchanged), remember the page, count it."""
        changed = self._keep(
            run, url, result, request_headers, known, digest, page.kind, page.record
        )
        self.report.pages += 1
        if page.kind == "article":
            self.report.articles += 1
            self.report.low_confidence += page.low_confidence
        elif page.kind == "document":
            self.report.attachments += 1
        else:
            self.report.listings += 1
        if not changed:
            self.report.unchanged += 1

    def _keep(
        self,
        run: int,
        url: str,
        result: fetch_module.FetchResult,
        request_headers: dict[str, str],
        known: PageState | None,
        digest: str,
        kind: str,
        record: str | None = None,
    ) -> bool:
        """Archive a capture unless the same bytes are archived already (and still at the
        source), and remember it in the crawl state; True when it changed."""
        changed = not (known and known.content_hash == digest and not known.gone)
        warc, offset = (
            (known.warc, known.offset)
            if not changed and known
            else self.archive.write(result, request_headers)
        )
        self.state.save_page(
            run,
            url,
            200,
            result.headers.get("etag"),
            result.headers.get("last-modified"),
            digest,
            kind,
            warc,
            offset,
            changed,
            record,
        )
        return changed

    def _attachment(
        self,
        run: int,
        url: str,
        result: fetch_module.FetchResult,
        request_headers: dict[str, str],
        known: PageState | None,
    ) -> None:
        """An attached file (PDF, Word…): kept in the WARC files as fetched, read when the
        run is indexed (its text, by OCR where it is a scan)."""
        if not self.options.attachment_max_bytes:
            self.state.settle(run, url, "skipped", "attachments are not fetched")
            return
        digest = hashlib.sha256(result.body).hexdigest()
        self._store(run, url, result, request_headers, known, digest, _DOCUMENT)
        self.state.settle(run, url, "done", "document")

    def _enqueue_requisites(self, run: int, urls: list[str], page: str, depth: int) -> None:
        """Queue the stylesheets and images of `page` that its own host serves, up to
        MAX_PER_PAGE; each is fetched once a run however many pages show it."""
        if not self.options.requisite_max_bytes:
            return
        host = urlsplit(page).hostname or ""
        for url in [u for u in urls if same_site(u, host)][:MAX_PER_PAGE]:
            self.state.enqueue(run, url, depth, REQUISITE)

    def _requisite(self, run: int, url: str, depth: int) -> None:
        """Fetch one stylesheet or image (conditionally, as pages), keep it in the WARC
        files and queue what a stylesheet names; a failure only counts it as missing."""
        known = self.state.page(url)
        headers = _conditional_headers(known)
        result = self._get(  # not a page: counted apart (requisites), not in "fetched"
            url, headers, count=False, max_bytes=self.options.requisite_max_bytes
        )
        if result.status == 304 and known:
            self.state.touch_page(run, url)
            self.state.settle(run, url, "done", "requisite not modified")
            return
        problem = _requisite_problem(result, self.options.requisite_max_bytes)
        if problem:
            self.report.requisites_missing += 1
            self.state.settle(run, url, "skipped", f"requisite not kept ({problem})")
            return
        digest = hashlib.sha256(result.body).hexdigest()
        self._keep(run, url, result, headers, known, digest, REQUISITE)
        self.report.requisites += 1
        if result.content_type.lower().startswith("text/css"):
            css = decode_bytes(result.body, charset_from_content_type(result.content_type))
            self._enqueue_requisites(run, css_references(css, url), url, depth)
        self.state.settle(run, url, "done", REQUISITE)

    def _enqueue_links(self, run: int, links: list[str], depth: int, listing: bool = False) -> None:
        """Queue the in-scope links one level deeper; a listing's next pages at its level;
        attached files at the page's level, from anywhere on the site."""
        for link in links:
            if looks_like_attachment_url(link):
                if self.options.attachment_max_bytes and self._on_a_site(link):
                    self.state.enqueue(run, link, depth, ATTACHMENT)
                continue
            if self.site_for(link) is not None:
                same_level = listing and looks_like_listing_url(link)
                self.state.enqueue(run, link, depth if same_level else depth + 1)

    def _follow_capture(
        self, run: int, url: str, depth: int, warc: str, offset: int | None
    ) -> None:
        """A listing that did not change still leads to its articles (they may have)."""
        capture = read_capture(self.options.warc_dir, warc, offset or 0)
        if capture is not None:
            text = decode_bytes(capture.body, charset_from_content_type(capture.content_type))
            self._enqueue_links(run, html_links(text, url).links, depth, listing=True)

    def _collect_outcomes(self, run: int) -> None:
        pages = 0
        for url, state, reason in self.state.outcomes(run):
            if state == "failed":
                self.report.failed.append((url, reason or "failed"))
            elif state == "skipped":
                self.report.skipped.append((url, reason or "skipped"))
            elif state == "done" and not (reason or "").startswith(("redirect to ", REQUISITE)):
                pages += 1
        self.report.pages = max(self.report.pages, pages)  # a resumed run counts it all
        for site in self.sites:
            if all(self._start_failed(run, u) for u in site.start_urls):
                self.report.unreachable.append(site.start_urls[0])

    def _start_failed(self, run: int, start: str) -> bool:
        """True when `start`, after its redirects, failed (network, HTTP error, loop);
        a start URL skipped by robots.txt or the bounds was reachable, just not wanted."""
        url = canonical_url(start)
        if url is None:
            return True
        entry = self.state.frontier_entry(run, self._redirect_chain(run, url)[-1])
        if entry is None:
            return False
        state, reason = entry
        return state == "failed" or (reason or "").startswith("gone")

    # -- indexing ------------------------------------------------------------------------

    def _index_runs(self) -> dict:
        from indexer.index import index_records

        runs = self.state.unindexed_runs()
        pages = self.state.articles_changed_in(runs)
        summary = index_records(self.options.index_dir, self._records(pages), expected=len(pages))
        for run in runs:
            self.state.mark_indexed(run)
        return summary.to_dict()

    def _records(self, pages):  # noqa: ANN001, ANN202
        for page in pages:
            record = record_from_capture(
                self.options.warc_dir, page.url, page.warc, page.offset, page.record
            )
            if isinstance(record, ArticleRecord):
                record.gone = page.gone
            yield record


def record_from_capture(
    warc_dir: Path, url: str, warc: str | None, offset: int | None, parsed: str | None = None
) -> ArticleRecord | ParseFailure:
    """The article record of an archived response, with where it was captured.

    `parsed` is the record as the crawler parsed it when it fetched the page (JSON); the
    capture is then read for its date only, not extracted again."""
    capture = read_capture(warc_dir, warc or "", offset or 0) if warc else None
    if capture is None:
        return ParseFailure(url, "the captured copy cannot be read")
    try:
        record = (
            ArticleRecord.from_dict(json.loads(parsed))
            if parsed
            else parse_bytes(capture.body, url, url=url, content_type=capture.content_type)
        )
    except ParseError as error:
        return ParseFailure(url, str(error))
    declared = record.url  # the parser's choice: the page's rel=canonical, when it has one
    record.url = url  # the address the crawler settled on
    if declared and not record.source_url and not same_site(declared, urlsplit(url).hostname or ""):
        record.source_url = declared  # a copy whose canonical names the original elsewhere
    record.capture = {"warc": warc, "offset": offset, "date": capture.date}
    return record


def crawl(
    sites: list[Site],
    options: CrawlOptions,
    progress: Callable[[CrawlReport, int], None] | None = None,
) -> CrawlReport:
    """Run (or resume) one crawl of `sites`."""
    if not sites:
        raise CrawlError(
            "không có gì để thu thập: hãy cho địa chỉ bắt đầu hoặc tệp cấu hình có [[sites]]"
        )
    problem = pattern_problem(p for site in sites for p in (*site.include, *site.exclude))
    if problem:
        raise CrawlError(problem)
    try:
        options.warc_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # --warc names a file, or a folder we may not create
        raise CrawlError(
            f"không tạo được thư mục thu thập {options.warc_dir}: {error.strerror or error}"
        ) from error
    if options.index_dir is not None and not is_database(options.index_dir):
        check_writable(Path(options.index_dir))
    return Crawler(sites, options, progress).run()


def check_writable(folder: Path) -> None:
    """Raise IndexNotWritable unless `folder` exists or can be made, and can be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise IndexNotWritable(f"không tạo được thư mục chỉ mục {folder}: {error}") from error
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise IndexNotWritable(f"không ghi được vào thư mục chỉ mục {folder}")


def print_progress(report: CrawlReport, queued: int) -> None:
    rate = report.fetched / max(0.001, report.seconds) if report.seconds else 0.0
    sys.stderr.write(
        f"\rđã tải {report.fetched}, chờ {queued}, lỗi {len(report.failed)} {rate:.1f}/s "
    )
    sys.stderr.flush()
