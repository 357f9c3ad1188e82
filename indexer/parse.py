"""Files and fetched pages to article records."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from indexer.byline import clean_author
from indexer.charset import charset_from_content_type, decode_bytes
from indexer.codes import extract_codes
from indexer.confidence import FOUND, text_confidence
from indexer.dates import find_event_date, parse_iso, written_on
from indexer.html_extract import extract_html
from indexer.persons import extract_persons
from indexer.record import ArticleRecord, Image
from indexer.text import normalize_text
from indexer.text_extract import extract_text
from indexer.urls import canonical_url
from indexer.warc import is_warc, iter_captures

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".aspx", ".php"})
TEXT_SUFFIXES = frozenset({".txt"})
MAX_BYTES = 20 * 1024 * 1024
# A file is binary when more than this share of its first bytes are control characters.
BINARY_SNIFF_BYTES, BINARY_CONTROL_SHARE = 4096, 0.1
# A page of headline links whose longest unbroken run of prose is shorter than this is a
# listing; with more, it is an article whose body was not found with confidence (indexed,
# its page text searchable). Listings' summaries are cut apart by their links.
LISTING_MAX_PROSE = 400
# A headline this long that the page's own address spells is an article's (a title-only
# notice with its file attached), not a category name.
ARTICLE_TITLE_WORDS = 6
_HTML_SNIFF = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|div|p)[\s>]", re.I)


class ParseError(Exception):
    """A document that cannot become an article; the message says why."""


@dataclass
class ParseFailure:
    path: str
    reason: str


def _looks_binary(data: bytes) -> bool:
    sample = data[:BINARY_SNIFF_BYTES]
    if not sample:
        return False
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control / len(sample) > BINARY_CONTROL_SHARE


def parse_bytes(
    data: bytes,
    path: str,
    url: str | None = None,
    content_type: str | None = None,
    use_layouts: bool = True,
    skip_layouts: Collection[str] = (),
    tree: etree._Element | None = None,
) -> ArticleRecord:
    """Parse one document given as bytes; raise ParseError when it is not an article.

    `skip_layouts` names known layouts to ignore (to measure the generic extractor);
    `tree` is the page as `html_extract.parse_tree` gave it, when the caller has it."""
    if not data.strip():
        raise ParseError("tệp rỗng")
    if len(data) > MAX_BYTES:
        raise ParseError(f"tệp quá lớn ({len(data)} byte, tối đa {MAX_BYTES})")
    if _looks_binary(data):
        raise ParseError("nội dung nhị phân, không phải văn bản hay HTML")
    text = decode_bytes(data, charset_from_content_type(content_type))
    suffix = Path(urlsplit(path).path).suffix.lower()
    is_html = (content_type or "").lower().startswith(("text/html", "application/xhtml")) or (
        suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _HTML_SNIFF.search(data[:2048]))
    )
    if is_html:
        return _record_from_html(text, path, url, use_layouts, skip_layouts, tree)
    return _record_from_text(text, path, url)


def _record_from_html(
    html: str,
    path: str,
    url: str | None,
    use_layouts: bool,
    skip_layouts: Collection[str] = (),
    tree: etree._Element | None = None,
) -> ArticleRecord:
    page = extract_html(
        html,
        base_url=url,
        use_layouts=use_layouts,
        address=url or path,
        skip_layouts=skip_layouts,
        tree=tree,
    )
    if not page.title and not page.body:
        raise ParseError("không thấy bài viết: không có tiêu đề, không có nội dung")
    record = ArticleRecord(
        path=path,
        url=page.canonical_url or url,
        title=normalize_text(page.title),
        body=[normalize_text(p) for p in page.body],
        published=page.published,
        author=page.author,
        source_url=page.source_url,
        site=page.site or urlsplit(page.canonical_url or url or "").hostname or None,
        images=[Image(src, normalize_text(caption)) for src, caption in page.images],
    )
    record.confidence = page.confidence
    if page.confidence != FOUND:  # nothing findable is lost: the page's words stay searchable
        record.page_text = normalize_text("\n".join(page.page_text))
    paragraphs = len(record.body)
    prose = len(record.body_text)
    if (page.link_blocks >= 5 and page.link_blocks * 2 >= paragraphs) or (
        prose < 150
        and page.headline_links >= 5
        and page.published is None
        and page.prose_run_chars < LISTING_MAX_PROSE
        and not (page.title_in_slug and len(page.title.split()) >= ARTICLE_TITLE_WORDS)
    ):
        record.kind = "listing"
    return _enrich(record)


def _record_from_text(text: str, path: str, url: str | None) -> ArticleRecord:
    extracted = extract_text(text)
    if not extracted.title and not extracted.body:
        raise ParseError("không thấy nội dung bài viết")
    record = ArticleRecord(
        path=path,
        url=url,
        title=normalize_text(extracted.title),
        body=[normalize_text(p) for p in extracted.body],
        author=extracted.author,
        source_url=extracted.source_url,
    )
    record.confidence = text_confidence(record.title, len(record.body_text))
    return _enrich(record)


def _enrich(record: ArticleRecord) -> ArticleRecord:
    """Fill the fields found in the text itself: codes, references, persons, event date."""
    full_text = record.title + "\n" + record.body_text
    record.codes, record.references = extract_codes(full_text)
    # A page with no article text (a title and a PDF link) names nobody: a citizen in the title
    # of a complaint answer is not a person to facet on.
    record.persons = extract_persons(full_text) if record.body_text.strip() else []
    record.author = clean_author(record.author)
    if record.author:
        authors = {p.strip() for p in re.split(r"[-–,/()]", record.author)}
        record.persons = [p for p in record.persons if p.name not in authors]
    written = written_on(record.body_text, record.published)
    record.event_date = find_event_date(record.body_text, written or record.published)
    if record.published and written and written > record.published:
        record.published = None  # the text says it was written later: that date is wrong
    return record


@lru_cache(maxsize=64)
def _folder_metadata(folder: Path) -> dict[str, dict]:
    """Per-file metadata that an archive export left beside its files (_metadata*.json)."""
    merged: dict[str, dict] = {}
    for sidecar in sorted(folder.glob("_metadata*.json")):
        try:
            data = json.loads(sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            merged.update({str(k): v for k, v in data.items() if isinstance(v, dict)})
    return merged


def _apply_sidecar(record: ArticleRecord, path: Path) -> ArticleRecord:
    meta = _folder_metadata(path.parent).get(path.stem)
    own = path.with_suffix(".json")
    if meta is None and own.exists():
        try:
            meta = json.loads(own.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = None
    if not isinstance(meta, dict):
        return record
    lowered = {k.lower(): v for k, v in meta.items()}

    def first(*keys: str) -> str | None:
        for key in keys:
            value = lowered.get(key)
            if isinstance(value, str) and value.strip():
                return normalize_text(value.strip())
        return None

    if title := first("title", "headline"):
        if record.title and record.title != title and not record.body_text.startswith(record.title):
            record.body.insert(0, record.title)  # the first line was body, not a title
        record.title = title
    if record.body and record.body[0] == record.title:
        record.body.pop(0)  # the export repeats the title as the first line
    if when := first("published", "date", "time", "time_publish", "time_modify", "datepublished"):
        record.published = parse_iso(when) or record.published
    record.author = first("author", "authorguestname", "byline") or record.author
    record.url = first("url", "link") or record.url
    record.source_url = first("source_url", "original_url") or record.source_url
    record.confidence = text_confidence(record.title, len(record.body_text))
    return _enrich(record)


def parse_file(
    path: str | Path, use_layouts: bool = True, skip_layouts: Collection[str] = ()
) -> ArticleRecord:
    """Parse one .html/.htm/.txt file into an article record."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ParseError(f"không đọc được tệp: {error.strerror or error}") from error
    record = parse_bytes(data, str(path), use_layouts=use_layouts, skip_layouts=skip_layouts)
    if path.suffix.lower() in TEXT_SUFFIXES:
        record = _apply_sidecar(record, path)
    record.source_hash = hashlib.sha256(data).hexdigest()
    return record


def _is_article_file(path: Path) -> bool:
    return path.suffix.lower() in HTML_SUFFIXES | TEXT_SUFFIXES or is_warc(path)


def iter_article_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every article file (and WARC file) under the given files and folders, in order."""
    for path, _ in article_files(paths):
        yield path


def article_files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str]]:
    """Every article file with its name as indexed: relative to the folder given, after
    that folder's own name ("luu-tru/2017/bai.html"), so moving the folder keeps it."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            top = path.resolve().name
            for child in sorted(path.rglob("*")):
                if child.is_file() and _is_article_file(child):
                    yield child, f"{top}/{child.relative_to(path).as_posix()}".lstrip("/")
        else:
            yield path, f"{path.resolve().parent.name}/{path.name}".lstrip("/")


def parse_warc(path: Path, use_layouts: bool = True) -> Iterator[ArticleRecord | ParseFailure]:
    """Every article page archived in a WARC file (responses 200 with HTML)."""
    try:
        for capture in iter_captures(path):
            content_type = capture.content_type.lower()
            if capture.status != 200 or not content_type.startswith(
                ("text/html", "application/xhtml")
            ):
                continue
            url = canonical_url(capture.url) or capture.url
            try:
                record = parse_bytes(
                    capture.body,
                    url,
                    url=url,
                    content_type=capture.content_type,
                    use_layouts=use_layouts,
                )
            except ParseError as error:
                yield ParseFailure(f"{path}#{url}", str(error))
                continue
            if record.kind == "article":
                yield record
    except (OSError, ValueError, EOFError) as error:
        yield ParseFailure(str(path), f"không đọc được tệp WARC: {error}")


def parse_paths(
    paths: Iterable[str | Path], use_layouts: bool = True
) -> Iterator[ArticleRecord | ParseFailure]:
    """Parse every article under `paths`, yielding records and failures in order."""
    for path, name in article_files(paths):
        if is_warc(path):
            yield from parse_warc(path, use_layouts)
            continue
        try:
            record = parse_file(path, use_layouts=use_layouts)
        except ParseError as error:
            yield ParseFailure(str(path), str(error))
            continue
        record.path = name
        yield record
