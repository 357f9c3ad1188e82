"""Main content and metadata of an HTML article page.

The page is flattened into text blocks in reading order. The body is the run of blocks
with the most prose and the fewest links (a maximum-sum window over block scores), cut
at headings that open "other news" lists. The title is the heading-like block just
before the body; the publication date comes from metadata, else from a short dated
line next to the title.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from indexer.documents.formats import looks_like_attachment_url
from indexer.extract.byline import is_list_heading, split_byline
from indexer.extract.confidence import FOUND, Evidence, judge
from indexer.extract.headline import SITE_NAME, clean_headline, strip_site_name
from indexer.extract.layouts import (
    BOILERPLATE_CLASS,
    BOILERPLATE_HEADING,
    FOOTER_LINE,
    LAYOUTS,
    ORIGINAL_LINK,
    TRAILING_NOISE,
    Layout,
)
from indexer.extract.page_meta import page_url, site_name
from indexer.text.dates import ISO_DATE, NUMERIC_DATE, WORDY_DATE, make_date, parse_iso
from indexer.text.normalize import clean_text, fold_diacritics

SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "iframe",
        "svg",
        "canvas",
        "template",
        "select",
        "option",
        "button",
        "input",
        "textarea",
        "object",
        "embed",
        "map",
        "area",
        "head",
        "title",
        "meta",
        "link",
        "video",
        "audio",
        "source",
    ]
)
BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "section",
        "article",
        "main",
        "dd",
        "dt",
        "dl",
        "figcaption",
        "pre",
        "table",
        "tr",
        "tbody",
        "thead",
        "tfoot",
        "ul",
        "ol",
        "form",
        "body",
        "header",
        "footer",
        "nav",
        "aside",
        "center",
        "figure",
        "caption",
        "address",
        "hr",
        "br",
        "fieldset",
        "legend",
        "details",
        "summary",
    ]
)
CELL_TAGS = frozenset({"td", "th"})
EMPHASIS_TAGS = frozenset({"b", "strong", "em", "i"})
_RIGHT_ALIGNED = re.compile(r"text-align:\s*right", re.I)
HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4"])
ALL_HEADING_TAGS = HEADING_TAGS | {"h5", "h6"}
BOILERPLATE_TAGS = frozenset(["nav", "footer", "aside"])
_WS = re.compile(r"\s+")
_TITLE_CLASS = re.compile(r"title|tieude|tieu-de|headline|heading|news-name|article-name", re.I)
_BIG_FONT = re.compile(r"font-size:\s*(?:1[6-9]|[2-4]\d)px", re.I)
_BOLD = re.compile(r"font-weight:\s*(?:bold|[6-9]00)", re.I)
_SITE_SPLIT = re.compile(r"\s+[|\-–—:»]\s+")


@dataclass
class Block:
    """A run of text between two block-level boundaries."""

    text: str
    link_chars: int
    tag: str
    element: etree._Element
    boilerplate: bool
    heading_score: float
    images: list[tuple[str, str]] = field(default_factory=list)
    emphasis_chars: int = 0
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (file URL, link text)

    @property
    def emphasised(self) -> bool:
        """Set in bold or italics, or aligned right, as bylines usually are."""
        return self.emphasis_chars >= 0.9 * len(self.text.replace(" ", ""))

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


@dataclass
class ExtractedPage:
    """What the HTML extractor found; turned into an ArticleRecord by the parser."""

    title: str
    body: list[str]
    published: date | None
    author: str | None
    source_url: str | None
    canonical_url: str | None
    site: str | None
    images: list[tuple[str, str]]
    layout: str | None = None
    confidence: str = FOUND  # "found", "unsure" or "none" (indexer/extract/confidence.py)
    page_text: list[str] = field(default_factory=list)  # visible text, menus and sidebars out
    prose_run_chars: int = 0  # the longest run of prose with no headline link inside it
    title_in_slug: bool = False  # the page's own address spells its title
    link_blocks: int = 0  # link-dominated blocks in the main window: many on listing pages
    headline_links: int = 0  # links with headline-length text anywhere outside menus
    attachments: list[tuple[str, str]] = field(default_factory=list)  # files the article links


def _class_of(el: etree._Element) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def _heading_score(el: etree._Element) -> float:
    score = 0.0
    if el.tag in HEADING_TAGS:
        score += 3 if el.tag == "h1" else 2
    nodes = [el, el.getparent()]
    if el.tag == "tr":  # a table row takes the look of its cells
        nodes += [cell for cell in el if cell.tag in CELL_TAGS]
    for node in nodes:
        if node is not None and _TITLE_CLASS.search(_class_of(node)):
            score += 2
            break
    if el.get("itemprop") == "headline":  # schema.org says so
        score += 2
    style = el.get("style", "")
    if _BIG_FONT.search(style):
        score += 1.5
    if _BOLD.search(style) or el.tag in ("strong", "b"):
        score += 0.5
    return score


def _is_boilerplate(el: etree._Element, tag: str, protected: set[etree._Element]) -> bool:
    """A menu, sidebar or footer by its tag or class, unless it holds the main text."""
    if el in protected:
        return False
    return tag in BOILERPLATE_TAGS or bool(BOILERPLATE_CLASS.search(_class_of(el)))


def _is_hidden(el: etree._Element) -> bool:
    style = el.get("style", "")
    return "display:none" in style.replace(" ", "").lower() or el.get("hidden") is not None


MAIN_TEXT_MIN = 150  # a text this long is prose: its containers are never boilerplate
_PROSE_TEXT = "//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]"


def _main_text_containers(root: etree._Element) -> set[etree._Element]:
    """The elements around the page's longest run of text.

    A theme may give the article's wrapper a class that reads as boilerplate
    ("content-print", "header-title", a Liferay portlet "asset-others"); the
    longest paragraph of the page is article text far more often than not, so its
    containers are exempt from the boilerplate marking.
    """
    longest, size = None, MAIN_TEXT_MIN
    for text in root.xpath(_PROSE_TEXT):
        length = len(text.strip())
        if length > size:
            longest, size = text, length
    if longest is None:
        return set()
    parent = longest.getparent()
    if parent is None:
        return set()
    return {parent, *parent.iterancestors()}


class _Flattener:
    """Walks the tree once, without recursion, and cuts it into blocks."""

    def __init__(self, base_url: str | None) -> None:
        self.base_url = base_url
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._link_chars = 0
        self._images: list[tuple[str, str]] = []
        self._attachments: list[tuple[str, str]] = []
        self._emphasis_chars = 0
        self._owner: etree._Element | None = None

    def _add(self, text: str | None, in_link: bool, emphasis: bool = False) -> None:
        if text:
            self._parts.append(text)
            if in_link:
                self._link_chars += len(text.strip())
            if emphasis:
                self._emphasis_chars += len(text.replace(" ", "").strip())

    def _note_attachment(self, link: etree._Element) -> None:
        """A link to an attached file (PDF, Word…) is kept with its text."""
        href = (link.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            return
        url = urljoin(self.base_url or "", href)
        if looks_like_attachment_url(url):
            text = _WS.sub(" ", link.text_content() or "").strip()
            self._attachments.append((url, clean_text(text or link.get("title", ""))))

    def _flush(self, boilerplate: bool) -> None:
        text = _WS.sub(" ", "".join(self._parts)).strip()
        if (text or self._images or self._attachments) and self._owner is not None:
            emphasis = self._emphasis_chars
            if _RIGHT_ALIGNED.search(self._owner.get("style", "")):
                emphasis = len(text)
            owner = self._owner
            self.blocks.append(
                Block(
                    clean_text(text),
                    self._link_chars,
                    owner.tag,
                    owner,
                    boilerplate,
                    _heading_score(owner),
                    self._images,
                    emphasis,
                    self._attachments,
                )
            )
        self._parts, self._link_chars, self._images, self._attachments = [], 0, [], []
        self._emphasis_chars = 0

    def run(self, root: etree._Element) -> list[Block]:
        boiler_depth = link_depth = emphasis_depth = 0
        skipped: etree._Element | None = None
        protected = _main_text_containers(root)
        boiler_marks: list[bool] = []  # one per open element, so `end` need not re-test it
        owners: list[etree._Element] = [root]
        self._owner = root
        for event, el in etree.iterwalk(root, events=("start", "end")):
            tag = el.tag if isinstance(el.tag, str) else ""
            if skipped is not None:
                if event == "end" and el is skipped:
                    skipped = None
                    self._add(el.tail, link_depth > 0)
                continue
            if event == "start":
                if not tag or tag in SKIP_TAGS or _is_hidden(el):
                    skipped = el
                    continue
                is_boiler = _is_boilerplate(el, tag, protected)
                if tag in BLOCK_TAGS:
                    self._flush(boiler_depth > 0)
                    owners.append(el)
                    self._owner = el
                elif tag in CELL_TAGS:
                    self._parts.append(" ")
                boiler_depth += is_boiler
                boiler_marks.append(is_boiler)
                if tag in EMPHASIS_TAGS:
                    emphasis_depth += 1
                if tag == "a":
                    link_depth += 1
                    self._note_attachment(el)
                elif tag == "img" and el.get("src") and not el.get("src", "").startswith("data:"):
                    src = urljoin(self.base_url or "", el.get("src", ""))
                    self._images.append((src, clean_text(el.get("alt", "")).strip()))
                self._add(el.text, link_depth > 0, emphasis_depth > 0)
            else:
                is_boiler = boiler_marks.pop()
                if tag in BLOCK_TAGS:
                    self._flush(boiler_depth > 0)
                    owners.pop()
                    self._owner = owners[-1] if owners else root
                boiler_depth -= is_boiler
                if tag == "a":
                    link_depth -= 1
                if tag in EMPHASIS_TAGS:
                    emphasis_depth -= 1
                self._add(el.tail, link_depth > 0, emphasis_depth > 0)
        self._flush(boiler_depth > 0)
        return self.blocks


FOOTER_MAX_CHARS = 200  # a footer line is short; a long paragraph naming a licence is not one


def _block_score(block: Block) -> float:
    length = len(block.text)
    if BOILERPLATE_HEADING.match(block.text):
        return -10_000.0
    if length == 0:
        return -2.0
    density = block.link_density
    if density > 0.5:
        return -length * density - 15
    score = length * (1 - 2 * density) - 25
    if length >= 80 and block.text[-1:] in '.!?…"”)':
        score += 30
    if block.boilerplate or (length < FOOTER_MAX_CHARS and FOOTER_LINE.search(block.text)):
        score = min(score, 0) - 0.5 * length
    return score


def _best_window(scores: list[float]) -> tuple[int, int]:
    """The contiguous window [start, end) with the largest sum of scores."""
    best, best_range = 0.0, (0, 0)
    running, start = 0.0, 0
    for i, score in enumerate(scores):
        if running <= 0:
            running, start = 0.0, i
        running += score
        if running > best:
            best, best_range = running, (start, i + 1)
    return best_range


_DATELINE_NOISE = re.compile(
    r"\d{1,2}\s?[:hg]\s?\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?[AaPp][Mm]|Z)?|thứ\s+\w+|chủ nhật|"
    r"ngày đăng tin|ngày đăng|đăng tin|đăng ngày|ngày cập nhật|cập nhật lúc|thời gian đăng|"
    r"ngày|cập nhật|đăng lúc|lượt xem|lượt đọc|"
    r"gmt\s?[+-]\s?\d+|[\W_]+",
    re.I,
)


def _is_dateline(text: str) -> bool:
    """A line that is only a date, a time and a weekday ("Thứ Sáu, 04/08/2017 10:30")."""
    if len(text) > 80:
        return False
    for pattern in (WORDY_DATE, NUMERIC_DATE, ISO_DATE):
        m = pattern.search(text)
        if m:
            rest = text[: m.start()] + " " + text[m.end() :]
            return len(_DATELINE_NOISE.sub("", rest)) <= 3
    return False


# Words that say a date is the article's own publication date.
_PUBLISHED_LABEL = re.compile(
    r"ngày đăng|đăng ngày|đăng lúc|đăng tin|ngày cập nhật|cập nhật lúc|ngày xuất bản|thời gian đăng",
    re.I,
)


def _is_labelled_dateline(text: str) -> bool:
    """A dateline that says it gives the posting date ("Ngày đăng tin: 31.05.2019 08:15")."""
    return bool(_PUBLISHED_LABEL.search(text)) and _is_dateline(text)


HEADING_LINE_MAX_CHARS = 100  # broken pages wrap whole paragraphs in <h1>: those are prose


def _is_heading_line(block: Block) -> bool:
    """A short heading element that does not read as a sentence."""
    text = block.text
    return (
        block.tag in ALL_HEADING_TAGS
        and len(text) <= HEADING_LINE_MAX_CHARS
        and text[-1:] not in '.!?…"”'
    )


def _is_emphasised_byline(block: Block) -> bool:
    text = block.text
    return (
        block.emphasised
        and block.tag not in ALL_HEADING_TAGS
        and not is_list_heading(text)
        and 2 <= len(text) <= 70
        and not text.endswith((".", ":", ";", ","))
        and not re.search(r"\d{3,}", text)
        and not ORIGINAL_LINK.search(text)
    )


def _first_prose(blocks: list[Block], start: int, end: int) -> int | None:
    """Index of the first paragraph of real prose in the window (None if it has none)."""
    for i in range(start, end):
        text = blocks[i].text
        if blocks[i].heading_score >= 2:
            continue
        if blocks[i].link_density < 0.3 and (
            len(text) >= 200 or (len(text) >= 60 and text[-1:] in '.!?…:"”)')
        ):
            return i
    return None


CAPTION_MAX_CHARS = 80  # list items shorter than this, with no sentence, are captions


def _only_captions(window: list[Block]) -> bool:
    """A window of nothing but short list items that are not sentences."""
    items = [b for b in window if b.text and b.heading_score < 2]  # a headline may lead
    return bool(items) and all(
        b.tag == "li" and len(b.text) < CAPTION_MAX_CHARS and b.text[-1:] not in ".!?…:;"
        for b in items
    )


HEADLINE_LINK_CHARS = (15, 250)  # a link this long is another story's headline
TEASER_MAX_CHARS = 300  # the summary under a listed story's headline is shorter than this


def _is_headline_link(block: Block) -> bool:
    """A block that is a link to another story: mostly link text, headline-sized, and
    not the article's own "Liên kết bài viết gốc" or "Xem chi tiết" link."""
    low, high = HEADLINE_LINK_CHARS
    return (
        block.link_density > 0.5
        and low <= len(block.text) <= high
        and not ORIGINAL_LINK.search(block.text)
        and not TRAILING_NOISE.match(block.text)
    )


def _opens_link_list(blocks: list[Block], at: int) -> bool:
    """The block at `at` heads a list of other stories: a headline link follows it, and a
    second one follows that, right after it or after a short teaser."""
    following = [b for b in blocks[at + 1 : at + 6] if b.text]
    if len(following) < 2 or not _is_headline_link(following[0]):
        return False
    if _is_headline_link(following[1]):
        return True
    return (
        len(following) >= 3
        and len(following[1].text) <= TEASER_MAX_CHARS
        and not following[1].link_chars
        and _is_headline_link(following[2])
    )


PROSE_BEFORE_LIST_CHARS = 200  # article text above a list of stories for it to be cut out


def _story_list_end(blocks: list[Block], at: int, end: int) -> int | None:
    """Where a list of other stories starting at `at` ends: two or more headline links,
    each followed by at most one short teaser. None when no such list starts there."""
    links, i, list_end = 0, at, None
    after_link = False
    while i < end:
        block = blocks[i]
        if not block.text:
            i += 1
            continue
        if _is_headline_link(block):
            links, after_link = links + 1, True
        elif after_link and not block.link_chars and len(block.text) <= TEASER_MAX_CHARS:
            after_link = False  # the teaser under the headline
        else:
            break
        i += 1
        list_end = i
    return list_end if links >= 2 else None


def _is_list_heading_block(block: Block) -> bool:
    """A line that titles a list of stories: an "other stories" heading or a heading element."""
    text = block.text
    return bool(text) and (
        bool(BOILERPLATE_HEADING.match(text)) or is_list_heading(text) or _is_heading_line(block)
    )


def _without_story_lists(blocks: list[Block], start: int, end: int) -> list[Block]:
    """The window's blocks without lists of other stories ("Tin liên quan" with teasers)
    found after the article's opening: their teasers are not the article's text. A list
    with article text after it is taken out; one at the end ends the body."""
    kept: list[Block] = []
    prose, i = 0, start
    while i < end:
        list_end = _story_list_end(blocks, i, end) if prose >= PROSE_BEFORE_LIST_CHARS else None
        if list_end is None:
            prose += len(blocks[i].text) if blocks[i].link_density <= 0.5 else 0
            kept.append(blocks[i])
            i += 1
            continue
        while kept and (not kept[-1].text or _is_list_heading_block(kept[-1])):
            kept.pop()  # the list's heading goes with it
        i = list_end
    return kept


def _extend_end(blocks: list[Block], start: int, end: int) -> int:
    """Take in short plain lines right after the window ("Ngày xử lý: 22/5/2019"), never
    the heading of a list of other stories, and give back footer lines at its end."""
    for _ in range(3):
        if end >= len(blocks):
            break
        block = blocks[end]
        if (
            block.link_chars
            or block.boilerplate
            or not block.text
            or len(block.text) > 200
            or BOILERPLATE_HEADING.match(block.text)
            or FOOTER_LINE.search(block.text)
            or _opens_link_list(blocks, end)
        ):
            break
        end += 1
    while (
        end > start + 1
        and len(blocks[end - 1].text) < 200
        and (FOOTER_LINE.search(blocks[end - 1].text) or not blocks[end - 1].text)
    ):
        end -= 1  # the page footer, run on from the article
    return end


def _meta(tree: etree._Element, *names: str) -> str | None:
    """The first non-empty <meta> content named by one of `names` (property, name or
    itemprop), in the order of `names`. The page's <meta> elements are read once."""
    metas = tree.xpath("//meta[@content]")
    for name in names:
        for attr in ("property", "name", "itemprop"):
            for meta in metas:
                content = meta.get("content", "")
                if meta.get(attr) == name and content.strip():
                    return clean_text(content).strip()
    return None


def _page_author(tree: etree._Element, site: str | None) -> str | None:
    """The author the page's metadata names, unless it names the site or its owner
    (a theme's <meta name="author"> is the same on every page, not the article's byline)."""
    author = _meta(tree, "author", "article:author", "dc.creator")
    if not author or "://" in author or author.lower().startswith("www."):
        return None
    owners = [site, _meta(tree, "og:site_name", "copyright", "dc.publisher")]
    owners += [str(t) for t in tree.xpath("//title/text()")[:1]]
    if any(_same_name(author, owner) for owner in owners if owner):
        return None
    if SITE_NAME.search(author):
        return None  # an organisation ("Trường Chính trị tỉnh ...", "Cổng thông tin ...")
    return author


NAME_MATCH_MIN_LETTERS = 8  # shorter names meet inside longer texts by chance


def _letters(text: str) -> str:
    """Only the letters of `text`, folded: "Trường Chính trị" -> "truongchinhtri"."""
    return re.sub(r"[^a-z]", "", fold_diacritics(text))


def _same_name(name: str, text: str) -> bool:
    """`name` is `text`, or is written inside it, spaces, case and accents aside."""
    a, b = _letters(name), _letters(text)
    if not a or not b:
        return False
    return a == b or (min(len(a), len(b)) >= NAME_MATCH_MIN_LETTERS and (a in b or b in a))


def _json_ld(tree: etree._Element) -> dict:
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data])
        for item in items:
            if isinstance(item, dict) and ("datePublished" in item or "headline" in item):
                return item
    return {}


def _metadata_date(tree: etree._Element, ld: dict) -> date | None:
    raw = _meta(
        tree,
        "article:published_time",
        "datePublished",
        "pubdate",
        "publishdate",
        "dc.date",
        "dc.date.issued",
        "date",
        "og:published_time",
    )
    raw = raw or (ld.get("datePublished") if isinstance(ld.get("datePublished"), str) else None)
    if not raw:
        times = tree.xpath(
            "//article//time/@datetime | //time[@itemprop='datePublished']/@datetime"
        )
        raw = times[0] if times else None
    return parse_iso(raw) if raw else None


def _short_date(text: str) -> date | None:
    if len(text) > 80:
        return None
    for pattern in (WORDY_DATE, NUMERIC_DATE, ISO_DATE):
        m = pattern.search(text)
        if m:
            return make_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return None


def matching_layouts(html: str) -> list[str]:
    """Names of the known layouts whose detector matches this page."""
    tree = parse_tree(html)
    return [layout.name for layout in LAYOUTS if tree.xpath(layout.detect)]


def _find_layout(
    tree: etree._Element, use_layouts: bool, skip_layouts: Collection[str] = ()
) -> Layout | None:
    if not use_layouts:
        return None
    for layout in LAYOUTS:
        if layout.name not in skip_layouts and tree.xpath(layout.detect):
            return layout
    return None


def _xpath_text(tree: etree._Element, path: str | None) -> str | None:
    if not path:
        return None
    for el in tree.xpath(path):
        text = _WS.sub(" ", clean_text(el.text_content())).strip()
        if text:
            return text
    return None


def _title_index(
    blocks: list[Block], start: int, hint: str | None, lookback: int = 25, distance: float = 0.5
) -> int | None:
    """The heading-like block that opens the body, searching back from `start`."""
    best, best_score = None, 0.0
    for i in range(start, max(-1, start - lookback), -1):
        block = blocks[i]
        text = block.text
        if not 8 <= len(text) <= 300 or block.link_density > 0.5 or BOILERPLATE_HEADING.match(text):
            continue
        score = block.heading_score - distance * (start - i)
        if hint and (text == hint or (len(text) > 15 and text in hint)):
            score += 4
        if block.boilerplate:
            score -= 2
        if FOOTER_LINE.search(text):  # the site's own name ("Trang thông tin điện tử ...")
            score -= 3
        if score > best_score:
            best, best_score = i, score
    return best


def _title_from_metadata(tree: etree._Element, ld: dict, site: str | None) -> str | None:
    """The headline the page's metadata or <title> gives, without the site's name."""
    og = _meta(tree, "og:title", "twitter:title")
    headline = ld.get("headline") if isinstance(ld.get("headline"), str) else None
    sites = (site or "", _meta(tree, "og:site_name", "application-name") or "")
    if og or headline:
        given = og or headline or ""
        hint = strip_site_name(given, sites) or given
    else:
        title = tree.xpath("//title/text()")
        if not title:
            return None
        text = clean_text(title[0]).strip()
        parts = _SITE_SPLIT.split(text)
        hint = strip_site_name(text, sites) or (max(parts, key=len) if parts else None)
    if hint and any(_same_name(hint, name) for name in sites if name):
        return None  # the theme's <title> or og:title is the site's name, not a headline
    return hint


def _original_link(blocks: list[Block], base_url: str | None) -> str | None:
    for block in blocks:
        for a in block.element.iter("a"):
            label = a.text_content()
            if ORIGINAL_LINK.search(label) or ORIGINAL_LINK.search(block.text[:60]):
                href = a.get("href")
                if href and not href.startswith(("#", "javascript:")):
                    return urljoin(base_url or "", href.strip())
    return None


_TAG = re.compile(r"<[^>]*>")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_NESTING_TAGS = re.compile(
    r"</?(?:div|span|font|section|article|center|table|tbody|tr|td|ul|li|b|i|em|strong)\b[^>]*>",
    re.I,
)


def parse_tree(html: str) -> etree._Element:
    """Parse leniently; when libxml2 gives up on a too-deep tree, flatten and retry.
    The crawler parses a page once with this and hands the tree to `extract_html`."""
    html = _XML_DECLARATION.sub("", html, count=1)
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return lxml.html.document_fromstring("<html><body></body></html>")
    parsed_text = len(tree.text_content())
    if parsed_text < 500:
        visible = len(_TAG.sub("", html).strip())
        if visible > 2 * parsed_text + 100:
            with contextlib.suppress(etree.ParserError, ValueError):
                tree = lxml.html.document_fromstring(_NESTING_TAGS.sub("\n", html))
    return tree


def _slug_words(address: str | None) -> set[str]:
    """Words of the last path segment of a URL or file name ("dang-bo-so" -> dang, bo, so)."""
    if not address:
        return set()
    segment = urlsplit(address).path.rstrip("/").rsplit("/", 1)[-1]
    segment = re.sub(r"\.[a-z]{2,5}$", "", segment, flags=re.I)
    words = set(re.findall(r"[a-z]+", fold_diacritics(segment)))
    return words if len(words) >= 3 else set()


def _digits(text: str) -> str:
    return "".join(re.findall(r"\d", text))


def _slug_title_index(blocks: list[Block], address: str | None) -> int | None:
    """The block whose words best match the page's URL slug, if one matches well.

    Words are compared without their digits; each run of digits of the slug must then
    appear in the block's digits run together ("ngay-01072019" and "ngày 01/07/2019")."""
    slug = _slug_words(address)
    if not slug:
        return None
    segment = urlsplit(address or "").path.rstrip("/").rsplit("/", 1)[-1]
    digit_runs = re.findall(r"\d+", re.sub(r"\.[a-z]{2,5}$", "", segment, flags=re.I))
    best, best_score = None, 0.6
    for i, block in enumerate(blocks):
        if not 8 <= len(block.text) <= 400 or block.link_chars:
            continue
        words = set(re.findall(r"[a-z]+", fold_diacritics(block.text)))
        if digit_runs and not all(run in _digits(block.text) for run in digit_runs):
            continue
        if not words or len(words) > 1.8 * len(slug) + 2 or len(words & slug) < 0.8 * len(slug):
            continue
        score = len(words & slug) / len(words | slug) + 0.1 * (block.heading_score > 0)
        if score > best_score:
            best, best_score = i, score
    return best


def extract_html(
    html: str,
    base_url: str | None = None,
    use_layouts: bool = True,
    address: str | None = None,
    skip_layouts: Collection[str] = (),
    tree: etree._Element | None = None,
) -> ExtractedPage:
    """Extract title, body, dates, byline and links from one article page.

    `address` is the page's URL or file name; its slug, when it spells the title,
    helps find the title on layouts never seen before. `skip_layouts` names layouts
    to ignore (the bench's leave-one-site-out mode). `tree` is `parse_tree(html)` when
    the caller has parsed the page already (it is read, not changed).

    The stages: the page's blocks, the window of article text among them, the headline
    above it, the body and byline inside it, the date around it, and how sure all that is.
    """
    tree = parse_tree(html) if tree is None else tree
    ld = _json_ld(tree)
    canonical_url, site = page_url(tree, base_url), site_name(tree)  # indexer/extract/page_meta.py
    layout = _find_layout(tree, use_layouts, skip_layouts)
    body_root = tree.body if tree.body is not None else tree
    if layout and layout.body:
        found = tree.xpath(layout.body)
        body_root = found[0] if found else body_root
    blocks = _Flattener(base_url).run(body_root)
    title_hint = _title_from_metadata(tree, ld, site)
    slug_at = None if layout and layout.title else _slug_title_index(blocks, address or base_url)
    start, end = _article_window(blocks, slug_at)
    layout_title = _xpath_text(tree, layout.title) if layout else None
    title_at = _headline_index(blocks, start, end, slug_at, layout_title, title_hint)
    if title_at is not None and title_at >= start:
        start = title_at + 1
    while start < end and _is_dateline(blocks[start].text):
        start += 1  # a dateline under the title, not the body
    title = layout_title or (blocks[title_at].text if title_at is not None else None)
    title, slot_date = clean_headline(title or title_hint or "")

    body_blocks = blocks[start:end]
    images = [img for b in body_blocks for img in b.images]
    link_blocks = sum(1 for b in body_blocks if b.link_density > 0.5 and len(b.text) >= 20)
    headline_links = sum(
        1 for b in blocks if b.link_density > 0.5 and len(b.text) >= 20 and not b.boilerplate
    )
    body, author, linked_source, labelled_date = _body_and_byline(blocks, start, end, title)

    published = _metadata_date(tree, ld)
    if published is None and layout and layout.date:
        published = _short_date(_xpath_text(tree, layout.date) or "")
    published = published or slot_date
    if published is None and blocks:
        anchor = title_at if title_at is not None else start
        published = _nearby_date(blocks, anchor, start, labelled_date)  # skipped datelines too
    published = published or labelled_date

    largest = _largest_prose_block(blocks)
    evidence = Evidence(
        body_chars=sum(len(p) for p in body),
        body_ends_sentence=bool(body) and body[-1].rstrip()[-1:] in '.!?…"”)',
        largest_block_chars=len(blocks[largest].text) if largest is not None else 0,
        largest_block_in_body=largest is not None and start <= largest < end,
        title_found=bool(title),
        title_confirmed=_title_confirmed(
            title, title_hint, address or base_url, bool(layout_title), title_at, blocks
        ),
    )
    author = author or _page_author(tree, site)
    source_url = _original_link(blocks[start:] if blocks else [], base_url) or linked_source
    return ExtractedPage(
        attachments=_article_attachments(blocks, title_at if title_at is not None else start, end),
        title=title,
        body=body,
        published=published,
        author=author,
        source_url=source_url,
        canonical_url=canonical_url,
        site=site,
        images=images,
        layout=layout.name if layout else None,
        confidence=judge(evidence),
        page_text=_page_text(blocks),
        prose_run_chars=_longest_prose_run(blocks),
        title_in_slug=_title_in_slug(title, address or base_url),
        link_blocks=link_blocks,
        headline_links=headline_links,
    )


ATTACHMENT_REACH = 3  # blocks after the article where its "Xem chi tiết tại đây" link sits


def _article_attachments(blocks: list[Block], start: int, end: int) -> list[tuple[str, str]]:
    """The files the article links, from its headline to just after its body (never from
    menus, sidebars or footers), each once."""
    found: dict[str, str] = {}
    for block in blocks[start : end + ATTACHMENT_REACH]:
        if block.boilerplate:
            continue
        for url, text in block.attachments:
            if not found.get(url):
                found[url] = text
    return list(found.items())


def _article_window(blocks: list[Block], slug_at: int | None) -> tuple[int, int]:
    """[start, end) of the blocks holding the article text (headline not yet excluded)."""
    scores = [_block_score(b) for b in blocks]
    start, end = _best_window(scores)
    if slug_at is not None and not start - 25 <= slug_at < end:
        # The title sits elsewhere: the article is what follows it.
        offset = slug_at + 1
        local_start, local_end = _best_window(scores[offset:])
        start, end = offset + local_start, offset + local_end
        if local_end == 0:
            start = end = offset
    end = _extend_end(blocks, start, end)
    if _only_captions(blocks[start:end]):
        # a photo album's captions, not an article (a headline leading them stays)
        end = start + 1 if blocks[start].heading_score >= 2 else start
    return start, end


def _headline_index(
    blocks: list[Block],
    start: int,
    end: int,
    slug_at: int | None,
    layout_title: str | None,
    title_hint: str | None,
) -> int | None:
    """The block holding the headline: the layout's, the one the URL slug spells, or the
    best heading above the first prose of the window."""
    title_at = slug_at
    if layout_title:
        title_at = next((i for i, b in enumerate(blocks) if b.text == layout_title), None)
    if blocks and title_at is None and start == end:
        # No body at all (a title-only page): the headline may be anywhere.
        title_at = _title_index(blocks, len(blocks) - 1, title_hint, len(blocks), 0.0)
    if blocks and title_at is None:
        # Search back from just before the first prose, or over the whole proseless window.
        prose = _first_prose(blocks, start, end)
        search_from = max(0, prose - 1) if prose is not None else max(0, end - 1)
        title_at = _title_index(blocks, search_from, layout_title or title_hint)
        own = _own_headline(blocks, prose) if prose is not None else None
        if (
            own is not None
            and (title_at is None or title_at < own)
            and not _agrees(blocks[own].text, title_hint)
        ):
            title_at = own  # the article's own headline, where <title> says something else
    return title_at


OWN_HEADLINE_SCORE = 3  # an <h1>, or a title-classed heading: the article's headline markup
OWN_HEADLINE_GAP = 4  # blocks (datelines, images, bylines) between it and the text


def _own_headline(blocks: list[Block], prose: int) -> int | None:
    """The headline element right above the article's first paragraph, with nothing but
    short lines between them."""
    for i in range(prose - 1, max(-1, prose - 1 - OWN_HEADLINE_GAP), -1):
        block = blocks[i]
        if block.heading_score >= OWN_HEADLINE_SCORE and 8 <= len(block.text) <= 300:
            if block.link_density > 0.5 or BOILERPLATE_HEADING.match(block.text):
                return None
            return i
        if len(block.text) > 120 or block.link_density > 0.5:
            return None
    return None


def _agrees(text: str, hint: str | None) -> bool:
    """The page's metadata gives the same headline (or none to compare with)."""
    if not hint:
        return True
    a, b = fold_diacritics(text), fold_diacritics(hint)
    return a in b or b in a


def _body_and_byline(
    blocks: list[Block], start: int, end: int, title: str
) -> tuple[list[str], str | None, str | None, date | None]:
    """The body paragraphs of the window, its author, the original's link written in a
    byline, and a "Ngày đăng tin: …" date found at its end or just under it."""
    body_blocks = [
        b for b in _without_story_lists(blocks, start, end) if b.text and b.link_density <= 0.5
    ]
    labelled_date = None
    while body_blocks and _is_labelled_dateline(body_blocks[-1].text):
        labelled_date = labelled_date or _short_date(body_blocks.pop().text)
    for block in blocks[end : end + 3]:  # "Ngày đăng tin: ..." just under the article
        if labelled_date is None and not block.link_chars and _is_labelled_dateline(block.text):
            labelled_date = _short_date(block.text)
    while body_blocks and _is_heading_line(body_blocks[-1]):
        body_blocks.pop()  # a heading ends no article: it opens what follows it
    author = None
    if len(body_blocks) > 1 and _is_emphasised_byline(body_blocks[-1]):
        author = body_blocks.pop().text.strip(" .")
    body, byline_author, linked_source = split_byline(
        _without_title(title, [b.text for b in body_blocks])
    )
    return body, author or byline_author, linked_source, labelled_date


PROSE_BLOCK_CHARS = 80  # a low-link block this long reads as prose, not a menu item


def _is_prose(block: Block) -> bool:
    """A low-link block long enough to be prose, wherever it sits (boilerplate-looking
    containers included: their class names may be wrong)."""
    return (
        len(block.text) >= PROSE_BLOCK_CHARS
        and block.link_density < 0.3
        and not FOOTER_LINE.search(block.text)
    )


def _longest_prose_run(blocks: list[Block]) -> int:
    """Characters of the longest stretch of prose blocks not broken by a headline link.

    An article is one such stretch; a listing's summaries are cut apart by their links."""
    best = run = 0
    for block in blocks:
        if block.link_density > 0.5 and len(block.text) >= 20:
            run = 0
        elif _is_prose(block):
            run += len(block.text)
            best = max(best, run)
    return best


def _largest_prose_block(blocks: list[Block]) -> int | None:
    """Index of the page's longest low-link block (the second method's idea of the article)."""
    best, size = None, 0
    for i, block in enumerate(blocks):
        if _is_prose(block) and not block.boilerplate and len(block.text) > size:
            best, size = i, len(block.text)
    return best


def _title_confirmed(
    title: str,
    hint: str | None,
    address: str | None,
    from_layout: bool,
    title_at: int | None,
    blocks: list[Block],
) -> bool:
    """The title agrees with the page's metadata or URL slug, or sits in a heading."""
    if not title:
        return False
    if from_layout:
        return True
    folded = fold_diacritics(title)
    if hint and len(hint) >= 8:
        hinted = fold_diacritics(hint)
        if folded in hinted or hinted in folded:
            return True
    slug = _slug_words(address)
    words = set(re.findall(r"[a-z]+", folded))
    if slug and words and len(words & slug) >= 0.6 * len(slug):
        return True
    return title_at is not None and blocks[title_at].heading_score >= 2


def _title_in_slug(title: str, address: str | None) -> bool:
    """Most of the title's words spell the address's last segment ("so-ket-cong-tac")."""
    slug = _slug_words(address)
    words = set(re.findall(r"[a-z]+", fold_diacritics(title)))
    return bool(slug and words) and len(words & slug) >= 0.8 * len(slug)


_LETTER = re.compile(r"[^\W\d_]")


def _page_text(blocks: list[Block]) -> list[str]:
    """The page's visible text without menus, sidebars, link lists and footers.

    Prose inside boilerplate-looking containers stays: it may be the article."""
    lines: list[str] = []
    seen: set[str] = set()
    for block in blocks:
        text = block.text
        if (
            not _LETTER.search(text)  # counters, page numbers
            or (block.boilerplate and not _is_prose(block))
            or block.link_density > 0.5
            or BOILERPLATE_HEADING.match(text)
            or FOOTER_LINE.search(text)
            or text in seen
        ):
            continue
        seen.add(text)
        lines.append(text)
    return lines


def _without_title(title: str, body: list[str]) -> list[str]:
    """The body without a first line that repeats the headline (alone or glued on)."""
    if body and title and len(title) >= 8 and body[0].startswith(title):
        rest = body[0][len(title) :].lstrip(" .:-–")
        if not rest:
            return body[1:]
        if rest[0].isupper():  # a new sentence: the headline was glued on, not the lead's start
            return [rest, *body[1:]]
    return body


# What a page-top clock or calendar says, not a publication: "Hôm nay: 27/05/2019".
_TODAY = re.compile(r"hôm nay|today|ngày hiện tại|bây giờ", re.I)
# Containers of clocks and calendars by their class or id.
_CLOCK_CLASS = re.compile(r"clock|calendar|today|homnay|hom-nay|current-?date|date-?now", re.I)
_TIME_OF_DAY = re.compile(r"\d{1,2}\s?[:hg]\s?\d{2}")
_WEEKDAY = re.compile(r"thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ nhật", re.I)
CALENDAR_PENALTY = 3.0  # a bare weekday-and-date line is a clock more often than a stamp


CLOCK_INLINE_LOOKUP = 20  # inline elements of a dated line looked at for a clock's class


def _in_clock(element: etree._Element) -> bool:
    """The element, its parent or an inline element of it that writes digits is classed as
    a clock or calendar (an empty icon such as "fa-clock-o" beside a posting time is not)."""
    inline = (
        n for n in element.iterdescendants() if isinstance(n.tag, str) and n.tag not in BLOCK_TAGS
    )
    digits = [n for n in islice(inline, CLOCK_INLINE_LOOKUP) if re.search(r"\d", n.text or "")]
    nodes = [element, element.getparent(), *digits]
    return any(node is not None and _CLOCK_CLASS.search(_class_of(node)) for node in nodes)


def _date_rank(block: Block) -> float | None:
    """How much a dated line near the headline reads as the article's publication date:
    0 for a labelled one ("Ngày đăng tin: …"), 1 for a plain dateline, more for a bare
    weekday-and-date (a page clock's look), None for a clock or calendar."""
    text = block.text
    if _TODAY.search(text) or _in_clock(block.element):
        return None
    if _PUBLISHED_LABEL.search(text):
        return 0.0
    if _WEEKDAY.search(text) and not _TIME_OF_DAY.search(text) and _is_dateline(text):
        return 1.0 + CALENDAR_PENALTY
    return 1.0


def _nearby_date(
    blocks: list[Block], anchor: int, body_start: int, labelled: date | None = None
) -> date | None:
    """The publication date written close to the title: a labelled date first (close to
    the title, or `labelled`, found at the article's end), else the nearest dated line
    just before the title or between it and the body; never a clock or a calendar."""
    candidates = []
    last = max(anchor + 1, body_start)
    for i in range(max(0, anchor - 6), min(len(blocks), last)):
        block = blocks[i]
        if block.link_density > 0.5 or i == anchor:
            continue
        day = _short_date(block.text)
        rank = _date_rank(block) if day else None
        if day and rank is not None:
            distance = abs(i - anchor) + (0.5 if i > anchor else 0)
            candidates.append((rank == 0.0, rank + distance, day))
    if labelled:
        candidates.append((True, 100.0, labelled))
    if not candidates:
        return None
    labelled_first = [c for c in candidates if c[0]] or candidates
    return min(labelled_first, key=lambda c: c[1])[2]
