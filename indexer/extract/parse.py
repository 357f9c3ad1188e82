"""Files and fetched pages to article records."""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from indexer.crawl.urls import canonical_url
from indexer.crawl.warc import Capture, is_warc, iter_captures
from indexer.documents import ATTACHMENT_SUFFIXES, DocumentError, document_format
from indexer.extract.byline import clean_author
from indexer.extract.confidence import FOUND, text_confidence
from indexer.extract.html import extract_html
from indexer.extract.identity import HEAD_BYTES, Declared
from indexer.extract.parallel import ParsePool, parse_pool
from indexer.extract.persons import extract_persons
from indexer.extract.plain_text import extract_text
from indexer.extract.soft404 import error_page
from indexer.ledger import Ledger
from indexer.record import ArticleRecord, Attachment, Image
from indexer.text.charset import charset_from_content_type, decode_bytes, unicode_encoding
from indexer.text.codes import extract_codes
from indexer.text.dates import find_event_date, parse_iso, written_on
from indexer.text.normalize import normalize_text

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
_HTML_SNIFF = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|div|p)[\s>]", re.I)


class ParseError(Exception):
    """A document that cannot become an article; the message says why."""


class NotAnArticle(ParseError):
    """A document read without trouble that is no article (a server's error page): it is
    skipped and named, not counted as a failure."""


@dataclass
class ParseFailure:
    path: str
    reason: str
    skipped: bool = False  # read, but no article (NotAnArticle): named, not a failure


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
    if document_format(data) is not None:
        return _record_from_document(data, path, url)
    if len(data) > MAX_BYTES:
        raise ParseError(f"tệp quá lớn ({len(data)} byte, tối đa {MAX_BYTES})")
    if unicode_encoding(data) is None and _looks_binary(data):  # UTF-16 is half NUL bytes
        raise ParseError("nội dung nhị phân, không phải văn bản hay HTML")
    text = decode_bytes(data, charset_from_content_type(content_type))
    suffix = Path(urlsplit(path).path).suffix.lower()
    is_html = (content_type or "").lower().startswith(("text/html", "application/xhtml")) or (
        suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _HTML_SNIFF.search(text[:2048]))
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
    refused = error_page(html)
    if refused:
        raise NotAnArticle(f"trang báo lỗi của máy chủ, không phải bài viết («{refused[1]}»)")
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
        attachments=[Attachment(link, normalize_text(text)) for link, text in page.attachments],
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


def _record_from_document(data: bytes, path: str, url: str | None) -> ArticleRecord:
    """An attached file (PDF, Word…): its text, read by OCR where it is a scan."""
    from indexer.documents.read import read_document
    from indexer.documents.records import document_record

    try:
        text = read_document(data)
    except DocumentError as error:
        raise ParseError(str(error)) from error
    return document_record(text, path, url, len(data), url or path)


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
    path: str | Path,
    use_layouts: bool = True,
    skip_layouts: Collection[str] = (),
    data: bytes | None = None,
) -> ArticleRecord:
    """Parse one article or document file into a record (`data`: its bytes, when read)."""
    path = Path(path)
    if data is None:
        data = read_file(path)
    record = parse_bytes(data, str(path), use_layouts=use_layouts, skip_layouts=skip_layouts)
    if path.suffix.lower() in TEXT_SUFFIXES:
        record = _apply_sidecar(record, path)
    record.source_hash = hashlib.sha256(data).hexdigest()
    return record


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise ParseError(f"không đọc được tệp: {error.strerror or error}") from error


@dataclass
class Unchanged:
    """A file the index already holds as it is now: skipped unread, or read and unparsed."""

    path: str
    doc_id: str  # the record it gave ("" for a WARC file, which gives many)


def _unchanged(
    path: Path, name: str, ledger: Ledger, indexed: Callable[[str], bool]
) -> tuple[Unchanged | None, bytes | None, os.stat_result | None]:
    """Whether `path` is unchanged since it was indexed: by its size and time (not read),
    else by the hash of its bytes (read, not parsed). The bytes read are handed on."""
    try:
        stat = path.stat()
    except OSError:
        return None, None, None
    known = ledger.unchanged_stat(name, stat)
    if known and (not known.doc_id or indexed(known.doc_id)):
        return Unchanged(name, known.doc_id), None, stat
    known = ledger.state(name)
    if known is None:
        return None, None, stat
    try:
        data = path.read_bytes()
    except OSError:
        return None, None, stat
    digest = hashlib.sha256(data).hexdigest()
    if known.sha256 == digest and (not known.doc_id or indexed(known.doc_id)):
        ledger.note(name, stat, digest, known.doc_id)  # touched, not changed
        return Unchanged(name, known.doc_id), None, stat
    return None, data, stat


def _unchanged_by_time(
    files: list[tuple[Path, str]], ledger: Ledger, indexed: Callable[[str], bool]
) -> dict[Path, Unchanged]:
    """The files whose size and time are what the ledger holds (and whose records are
    indexed): they are neither read nor parsed."""
    found: dict[Path, Unchanged] = {}
    for path, name in files:
        try:
            known = ledger.unchanged_stat(name, path.stat())
        except OSError:
            continue
        if known and (not known.doc_id or indexed(known.doc_id)):
            found[path] = Unchanged(name, known.doc_id)
    return found


def _is_article_file(path: Path) -> bool:
    suffix = path.suffix.lower()
    return suffix in HTML_SUFFIXES | TEXT_SUFFIXES | ATTACHMENT_SUFFIXES or is_warc(path)


# Files a folder holds beside its articles, by what they are: named when skipped.
_NOT_ARTICLES = (
    (
        frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".svg", ".ico", ".tif"}),
        "ảnh, không phải bài viết",
    ),
    (
        frozenset({".css", ".js", ".map", ".woff", ".woff2", ".ttf", ".otf", ".eot"}),
        "tệp giao diện của trang (CSS, JavaScript, phông chữ), không phải bài viết",
    ),
    (
        frozenset({".zip", ".rar", ".7z", ".gz", ".tar", ".tgz", ".bz2", ".xz"}),
        "tệp nén: hãy giải nén rồi đọc",
    ),
)


def skip_reason(path: Path) -> str | None:
    """Why a file found in a folder is not read, or None when it is read (an article, a
    document, a WARC file, or the metadata read with its article: `_metadata*.json`,
    `bai.json` beside `bai.txt`)."""
    if _is_article_file(path):
        return None
    suffix = path.suffix.lower()
    if suffix == ".json" and (
        path.name.startswith("_metadata") or path.with_suffix(".txt").exists()
    ):
        return None
    for suffixes, reason in _NOT_ARTICLES:
        if suffix in suffixes:
            return reason
    if not suffix:
        return "tệp không có đuôi, không biết là loại gì"
    return f"loại tệp {suffix} chưa đọc được"


def missing_paths(paths: Iterable[str | Path]) -> list[str]:
    """The paths given that name no file or folder."""
    return [str(p) for p in paths if not Path(p).exists()]


def iter_article_files(
    paths: Iterable[str | Path], skipped: list[tuple[str, str]] | None = None
) -> Iterator[Path]:
    """Every article file (and WARC file) under the given files and folders, in order;
    the files not read are added to `skipped` as (path, reason)."""
    for path, _ in article_files(paths, skipped):
        yield path


def article_files(
    paths: Iterable[str | Path], skipped: list[tuple[str, str]] | None = None
) -> Iterator[tuple[Path, str]]:
    """Every article file with its name as indexed: relative to the folder given, after
    that folder's own name ("luu-tru/2017/bai.html"), so moving the folder keeps it. A
    file named by itself is always read; the files of a folder that are not read are added
    to `skipped` as (path, reason)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            top = path.resolve().name
            # By parts, as Path orders them, but without Path's slow comparison.
            for child in sorted(path.rglob("*"), key=lambda p: p.parts):
                if not child.is_file():
                    continue
                if _is_article_file(child):
                    yield child, f"{top}/{child.relative_to(path).as_posix()}".lstrip("/")
                elif skipped is not None and (reason := skip_reason(child)):
                    skipped.append((str(child), reason))
        else:
            yield path, f"{path.resolve().parent.name}/{path.name}".lstrip("/")


def parse_warc(path: Path, use_layouts: bool = True) -> Iterator[ArticleRecord | ParseFailure]:
    """Every article page archived in a WARC file (responses 200 with HTML). A page is
    known by the address it declares unless pages with other bytes declare it too
    (`indexer/extract/identity.py`): then by the address it was fetched from."""
    try:
        declared = Declared()
        for capture in _warc_pages(path):
            declared.add(capture.url, capture.body, capture.url)
        for capture in _warc_pages(path):
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
                yield ParseFailure(f"{path}#{url}", str(error), isinstance(error, NotAnArticle))
                continue
            if record.url and record.url != url and not declared.same_bytes(record.url):
                record.url = url  # an address many captures declare: a template's
            if record.kind in ("article", "document"):
                yield record
    except (OSError, ValueError, EOFError) as error:
        yield ParseFailure(str(path), f"không đọc được tệp WARC: {error}")


def _warc_pages(path: Path) -> Iterator[Capture]:
    """The captures of a WARC file that may be articles: answers 200, HTML or documents."""
    for capture in iter_captures(path):
        page = capture.content_type.lower().startswith(("text/html", "application/xhtml"))
        if capture.status == 200 and (page or document_format(capture.body)):
            yield capture


def _head(path: Path) -> bytes:
    """The first bytes of a page, where it declares its address; none for other files."""
    if path.suffix.lower() not in HTML_SUFFIXES:
        return b""
    try:
        with path.open("rb") as stream:
            return stream.read(HEAD_BYTES)
    except OSError:
        return b""


def parse_paths(
    paths: Iterable[str | Path],
    use_layouts: bool = True,
    skipped: list[tuple[str, str]] | None = None,
    ledger: Ledger | None = None,
    indexed: Callable[[str], bool] = lambda doc_id: True,
) -> Iterator[ArticleRecord | ParseFailure | Unchanged]:
    """Parse every article and document under `paths`, yielding records and failures in
    order; the files of a folder that are not read are added to `skipped` as (path,
    reason). With the index's `ledger`, a file it holds unchanged (and whose record
    `indexed` confirms) is yielded as `Unchanged`, unparsed.

    A page is known by the address it declares (og:url, rel=canonical) unless pages with
    other content declare it too (`indexer/extract/identity.py`): then by its path. Only the
    files that may have changed are looked at for that. Many files to parse are parsed by
    worker processes, a few ahead of their turn (indexer/extract/parallel.py).
    """
    files = list(article_files(paths, skipped))
    unchanged = _unchanged_by_time(files, ledger, indexed) if ledger is not None else {}
    declared = Declared()
    for path, _ in files:
        if not is_warc(path) and path not in unchanged:
            declared.add(path, _head(path))
    pool = parse_pool(len(files) - len(unchanged), _parse_or_error)
    shared = _SharedAddresses(declared, use_layouts, pool)
    window: deque[_Checked] = deque()
    try:
        for checked in _checked_files(files, unchanged, ledger, indexed, shared):
            window.append(checked)
            shared.prefetch(checked)
            if len(window) > (pool.ahead if pool else 0):
                yield from _finish(window.popleft(), shared, ledger, use_layouts)
        while window:
            yield from _finish(window.popleft(), shared, ledger, use_layouts)
    finally:
        if pool is not None:
            pool.close()


@dataclass
class _Checked:
    """A file of a folder, looked at before it is parsed: unchanged, or to be read."""

    path: Path
    name: str
    unchanged: Unchanged | None = None
    stat: os.stat_result | None = None


def _checked_files(
    files: list[tuple[Path, str]],
    unchanged: dict[Path, Unchanged],
    ledger: Ledger | None,
    indexed: Callable[[str], bool],
    shared: _SharedAddresses,
) -> Iterator[_Checked]:
    """Each file with what the ledger says of it; the bytes read to hash it are kept in
    `shared` for its parse."""
    for path, name in files:
        if path in unchanged:
            yield _Checked(path, name, unchanged[path])
            continue
        stat = None
        if ledger is not None:
            skipped_file, data, stat = _unchanged(path, name, ledger, indexed)
            if skipped_file:
                yield _Checked(path, name, skipped_file)
                continue
            shared.data[path] = data
        yield _Checked(path, name, None, stat)


def _finish(
    checked: _Checked, shared: _SharedAddresses, ledger: Ledger | None, use_layouts: bool
) -> Iterator[ArticleRecord | ParseFailure | Unchanged]:
    """What one file gives the index: Unchanged, its records, or its failure."""
    path, name, stat = checked.path, checked.name, checked.stat
    if checked.unchanged is not None:
        yield checked.unchanged
        return
    if is_warc(path):
        yield from parse_warc(path, use_layouts)
        if ledger is not None and stat is not None:
            ledger.note(name, stat, _file_hash(path, shared.data.pop(path, None)), "")
        return
    try:
        record = shared.parsed(path)
    except ParseError as error:
        yield ParseFailure(str(path), str(error), isinstance(error, NotAnArticle))
        return
    record.path = name
    if record.url and shared.is_shared(record, path):
        record.url = None  # declared by pages with other content: a template's
    if ledger is not None and stat is not None:
        ledger.note(name, stat, record.source_hash or "", record.doc_id)
    if not record.url:
        record.attachments = [
            Attachment(_file_address(name, a.url), a.text) for a in record.attachments
        ]
    yield record


def _parse_or_error(
    path: Path, use_layouts: bool, data: bytes | None
) -> ArticleRecord | ParseError:
    """`parse_file`, its ParseError returned (so that a worker process can hand it back)."""
    try:
        return parse_file(path, use_layouts=use_layouts, data=data)
    except ParseError as error:
        return error


class _SharedAddresses:
    """Decides, once per address, whether pages with different content declare it; the
    pages parsed ahead to decide are kept for their turn (each file is parsed once)."""

    def __init__(self, declared: Declared, use_layouts: bool, pool: ParsePool | None) -> None:
        self.declared, self.use_layouts, self.pool = declared, use_layouts, pool
        self.verdicts: dict[str, bool] = {}
        self.ahead: dict[Path, ArticleRecord | ParseError] = {}
        self.done: set[Path] = set()
        self.data: dict[Path, bytes | None] = {}  # bytes already read (to hash them)

    def prefetch(self, checked: _Checked) -> None:
        """Have a worker parse a file that will be parsed (not one already parsed here)."""
        path = checked.path
        if self.pool is None or checked.unchanged is not None or is_warc(path):
            return
        if path not in self.ahead and path not in self.done:
            self.pool.submit(path, self.use_layouts, self.data.pop(path, None))

    def parsed(self, path: Path) -> ArticleRecord:
        """The record of `path`, parsed now or earlier; raises its ParseError."""
        found = self.ahead.pop(path, None)
        if found is None:
            found = self._parse(path)
        self.done.add(path)
        self.data.pop(path, None)
        if isinstance(found, ParseError):
            raise found
        return found

    def _parse(self, path: Path) -> ArticleRecord | ParseError:
        data = self.data.pop(path, None)
        if self.pool is not None:
            return self.pool.parsed(path, self.use_layouts, data)
        return _parse_or_error(path, self.use_layouts, data)

    def is_shared(self, record: ArticleRecord, path: Path) -> bool:
        """True when another page declaring `record.url` (read from `path`) says
        something else."""
        url = record.url or ""
        if url not in self.verdicts:
            self.verdicts[url] = self._differs(url, record, path)
        return self.verdicts[url]

    def _differs(self, url: str, record: ArticleRecord, path: Path) -> bool:
        if self.declared.same_bytes(url):
            return False  # one page, or copies of the same bytes
        for other in self.declared.sharers(url):
            if not isinstance(other, Path) or other == path or other in self.done:
                continue  # itself, or read before it (it named another address then)
            if other not in self.ahead:
                self.ahead[other] = self._parse(other)
            found = self.ahead[other]
            if (
                isinstance(found, ArticleRecord)
                and found.url == url
                and (found.title, found.body_text) != (record.title, record.body_text)
            ):
                return True
        return False


def _file_address(page_name: str, link: str) -> str:
    """Where a link of a page read from a folder points, in the names files are indexed
    under: "/img/a.pdf" on "stc/bai.html" is "stc/img/a.pdf" (the folder is the site)."""
    if urlsplit(link).scheme:
        return link
    path = unquote(urlsplit(link).path)
    if path.startswith("/"):
        return page_name.split("/", 1)[0] + path
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_name), path))


def _file_hash(path: Path, data: bytes | None) -> str:
    """The sha256 of a file (read in blocks: a WARC file may be large)."""
    if data is not None:
        return hashlib.sha256(data).hexdigest()
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
