"""Every field of the index and every facet, declared once; the rest is derived from here.

A `Field` says everything about one field: its name, its Vietnamese label and what it
means, how it is read from an ArticleRecord, the index fields it is stored as (`Form`:
kind, accented or folded, boost, positions), whether it is a facet (the order of its
values, whether the list is cut), how a typed value is matched, its name and aliases in
the query language, and whether it is a filter of the web, the API and `vankien search`.

Derived from `FIELDS`:

- the Whoosh schema (indexer/store/whoosh/schema.py) from `INDEX_FORMS`;
- the Whoosh document of a record and its stored summary (`document`, `summary`);
- the facet columns (`COLUMN_FACETS`, `column_values`), the facets shown (`FACETS`) and the
  filters (`FILTERS`) of indexer/search.py and webui/params.py;
- the query language's `QUERY_FIELDS` and `FIELD_ALIASES` (indexer/search/query.py);
- the `vankien search --name` options (`CLI_FILTERS`), the Vietnamese labels
  (webui/labels.py), the help page's facet list and the OpenAPI filter parameters
  (webui/api_description.py).

Adding a facet is one `Field(...)` below. This module imports neither Whoosh nor Flask.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from indexer.documents.links import format_label, link_keys
from indexer.reposts import Signature, signature
from indexer.text.analysis import accented_text, folded_text, syllables
from indexer.text.codes import loose_key, parse_code
from indexer.text.normalize import fold_diacritics

if TYPE_CHECKING:
    from indexer.record import ArticleRecord


class Kind(StrEnum):
    """How an index field is stored (schema.py maps each kind to a Whoosh field type)."""

    ID = "id"  # one exact term, as given
    TEXT = "text"  # syllables (indexer.text.analysis.SYLLABLE_PATTERN), scored
    KEYWORD = "keyword"  # comma-separated exact values, scored
    DATETIME = "datetime"
    NUMERIC = "numeric"
    STORED = "stored"  # kept with the document, not searchable


class RecordView:
    """One record as the fields read it: each costly form (the accented body, the cited
    codes) is computed once, however many fields use it."""

    def __init__(self, record: ArticleRecord) -> None:
        self.record = record

    @cached_property
    def title(self) -> str:
        """The title as the accented fields store it (normalised, lowercase)."""
        return accented_text(self.record.title)

    @cached_property
    def body(self) -> str:
        """The body as the accented fields store it."""
        return accented_text(self.record.body_text)

    @cached_property
    def folded_body(self) -> str:
        """The body folded, as the folded body field stores it."""
        return fold_diacritics(self.body)

    @cached_property
    def near(self) -> Signature | None:
        """The MinHash signature of the body (None for short bodies: never grouped)."""
        return signature(self.record.body_text, self.record.kind, self.folded_body)

    @cached_property
    def persons(self) -> list[str]:
        return [p.name for p in self.record.persons]

    @cached_property
    def codes(self) -> list[str]:
        """The codes the article cites: explicit ones and resolved references."""
        return self.record.cited_codes()

    @cached_property
    def bare_codes(self) -> set[str]:
        """Unresolved mentions ("Chỉ thị 05") by their type and number: "05-CT"."""
        return {
            r.key.split("/")[0]
            for r in self.record.references
            if not r.resolved and r.key.endswith("/?")
        }

    @cached_property
    def code_parts(self) -> tuple[list[str], list[str]]:
        """The types (NQ, CT...) and issuers (TW, TU...) of the cited codes, sorted, once each."""
        parsed = {c.code: c for c in self.record.codes}
        types, issuers = [], []
        for key in self.codes:
            code = parsed.get(key) or parse_code(key)
            if code is not None:
                types.append(code.type or "")
                issuers.append(code.issuer)
        return sorted({t for t in types if t}), sorted(set(issuers))


Reader = Callable[[RecordView], object]


@dataclass(frozen=True)
class Form:
    """One field of the index document: what is stored and how it is analysed.

    `read` gives the value for one record; None leaves the field out of the document.
    """

    name: str
    kind: Kind
    read: Reader
    stored: bool = False
    unique: bool = False  # the document's identity (updates replace by it)
    boost: float = 1.0
    phrase: bool = False  # TEXT: positions kept, for phrases
    lowercase: bool = False  # KEYWORD: values lowercased by the analyzer
    sortable: bool = False  # DATETIME: a column for sorting


@dataclass(frozen=True)
class Facet:
    """How a facet lists its values on the results page."""

    order: Literal["count", "value"] = "count"  # most documents first, or newest value first
    # Cut to SearchRequest.facet_limit values (until "more" is asked), or list them all.
    cut: bool = True
    shown: bool = True  # a list on the results page (False: a column and a filter only)
    needs: str | None = None  # listed only once one value of this facet is selected


UNDATED = "undated"  # the year facet's value (and year filter) for articles without a date


@dataclass(frozen=True)
class ValueForm:
    """The form every value of a filter must have: refused before searching otherwise."""

    pattern: str  # a regular expression the whole value matches
    vietnamese: str  # the form as a refusal says it
    english: str  # the form as the API description says it

    def accepts(self, value: str) -> bool:
        return re.fullmatch(self.pattern, value) is not None


# A year has four digits (1000-9999): "20199" is a typing mistake, not a year to search.
YEAR = ValueForm(
    rf"[1-9][0-9]{{3}}|{UNDATED}",
    f"một năm bốn chữ số (như 2017), hoặc {UNDATED} (không rõ ngày)",
    f"a year of four digits (1000-9999), or '{UNDATED}' for articles without a date",
)
MONTH = ValueForm(
    r"[1-9][0-9]{3}-(?:0[1-9]|1[0-2])",
    "một tháng dạng YYYY-MM (như 2017-08, tháng từ 01 đến 12)",
    "a month as YYYY-MM (1000-9999, 01-12)",
)


@dataclass(frozen=True)
class Field:
    """One field: everything the index, the search, the CLI and the web know about it."""

    name: str
    label: str = ""  # Vietnamese, as pages show it ("Cơ quan ban hành")
    meaning: str = ""  # the help page's explanation of the facet
    help_name: str = ""  # the help page's heading when it covers several facets
    forms: tuple[Form, ...] = ()  # the index fields it is stored as
    # (key, read): its entry in the stored summary that facets and result lists use.
    summary: tuple[str, Reader] | None = None
    # A facet column: its values for one document, read from that stored summary.
    column: Callable[[dict], tuple[str, ...]] | None = None
    facet: Facet | None = None
    # How a typed value (filter or query field) meets the stored values: "folded" (any
    # accents: "le hong son" finds Lê Hồng Sơn), "code" (any spelling of a code), "date"
    # (a year or a date range), "words" (folded words of a text field), "exact".
    match: Literal["folded", "code", "date", "words", "exact"] = "exact"
    filter: bool = False  # a filter parameter of the web, the API and SearchRequest
    cli: str = ""  # `vankien search --name` filter help ("lọc theo …"); empty: no option
    query: bool = False  # `name:value` in the query language
    aliases: tuple[str, ...] = ()  # Vietnamese names in the query language (nguoi:)
    searchable: bool = False  # its values can be searched by text (fq_name, browse pages)
    value_form: ValueForm | None = None  # the form a filter value must have (any: None)


def _one(value: str | None) -> tuple[str, ...]:
    return (value,) if value else ()


def _published_day(view: RecordView) -> datetime | None:
    day = view.record.published
    return datetime(day.year, day.month, day.day) if day else None


def _words(view: RecordView) -> bytes | None:
    from indexer.search.textcolumn import pack_words  # numpy: only when indexing

    return pack_words(syllables(view.title), syllables(view.body))


def _commas(values: list[str] | set[str]) -> str:
    return ",".join(values)


def _format(view: RecordView) -> str:
    document = view.record.document
    return format_label(document.format if document else None, bool(document and document.scan))


def _own_code(view: RecordView) -> str | None:
    document = view.record.document
    return document.own_code if document else None


def _link_keys(view: RecordView) -> str | None:
    """Articles: the files they attach; documents: the addresses they are known by."""
    record = view.record
    if record.document is not None:
        addresses = [a for a in (record.url, record.path, record.document.file_name) if a]
    else:
        addresses = [a.url for a in record.attachments]
    return _commas(link_keys(addresses)) or None


def _document_summary(view: RecordView) -> dict | None:
    """What a result line says of a document: its format, pages, OCR pages and size."""
    document = view.record.document
    if document is None:
        return None
    return {
        "format": document.format,
        "pages": document.pages,
        "ocr_pages": document.ocr_pages,
        "size": document.size,
        "page_starts": document.page_starts,
    }


FIELDS: tuple[Field, ...] = (
    Field("id", forms=(Form("id", Kind.ID, lambda v: v.record.doc_id, stored=True, unique=True),)),
    Field(
        "group",  # a repost's original: one result per group
        forms=(
            Form(
                "group",
                Kind.ID,
                lambda v: v.record.source_url or v.record.url or v.record.doc_id,
                stored=True,
            ),
        ),
    ),
    Field(
        "near",  # copies of one article on other sites (indexer/reposts.py)
        forms=(
            # The signature's LSH bands, looked up to find a new record's copies.
            Form("lsh", Kind.KEYWORD, lambda v: _commas(v.near.bands()) if v.near else None),
            # The signature, and (added by indexer/index.py) the copies confirmed.
            Form("near", Kind.STORED, lambda v: v.near.to_stored() if v.near else None),
        ),
    ),
    Field(
        "title",
        label="Tiêu đề",
        forms=(
            Form("title", Kind.TEXT, lambda v: v.title, boost=3.0),
            Form("title_f", Kind.TEXT, lambda v: fold_diacritics(v.title), boost=2.5, phrase=True),
        ),
        summary=("title", lambda v: v.record.title),
        match="words",
        query=True,
        aliases=("tieude",),
    ),
    Field("url", summary=("url", lambda v: v.record.url)),
    Field("source_url", summary=("source_url", lambda v: v.record.source_url)),
    Field("path", summary=("path", lambda v: v.record.path)),
    Field(
        "body",
        # Folded only, no positions: phrases, exact accents and proximity in the body are
        # answered by the text column (indexer/search/textcolumn.py), built from `words`.
        forms=(Form("body_f", Kind.TEXT, lambda v: v.folded_body, boost=0.8),),
    ),
    Field(
        "page",
        # The page's visible text, only for records whose body is not sure (low weight):
        # accented as written and folded, with positions for phrases (few documents).
        forms=(
            Form("page", Kind.TEXT, lambda v: accented_text(v.record.page_text), boost=0.2),
            Form(
                "page_f",
                Kind.TEXT,
                lambda v: folded_text(v.record.page_text),
                boost=0.15,
                phrase=True,
            ),
        ),
    ),
    Field(
        "date",
        label="Ngày đăng",
        forms=(Form("published", Kind.DATETIME, _published_day, stored=True, sortable=True),),
        summary=(
            "published",
            lambda v: v.record.published.isoformat() if v.record.published else None,
        ),
        match="date",
        query=True,
        aliases=("ngay",),
    ),
    Field(
        "year",
        label="Năm",
        help_name="Năm, Tháng",
        meaning="Ngày đăng bài. Mọi năm đều hiện; “không rõ ngày” là bài không ghi ngày.",
        forms=(
            Form(
                "year",
                Kind.NUMERIC,
                lambda v: v.record.published.year if v.record.published else None,
                stored=True,
            ),
        ),
        column=lambda s: _one((s.get("published") or "")[:4]),
        facet=Facet(order="value", cut=False),
        match="date",
        filter=True,
        value_form=YEAR,
        cli="năm",
        query=True,
        aliases=("nam",),
    ),
    Field(
        "month",
        label="Tháng",
        column=lambda s: _one((s.get("published") or "")[:7]),
        facet=Facet(order="value", needs="year"),
        filter=True,
        value_form=MONTH,
    ),
    Field(
        "format",
        label="Loại tài liệu",
        meaning="Bài viết trên trang web, hoặc tệp đính kèm: PDF, Word (DOC, DOCX, ODT, RTF), "
        "bản scan (đọc bằng nhận dạng chữ, OCR), bảng tính.",
        summary=("format", _format),
        column=lambda s: _one(s.get("format")),
        facet=Facet(),
        match="folded",
        filter=True,
        cli="loại tài liệu (bài viết, PDF, Word, bản scan, bảng tính)",
        query=True,
        aliases=("loaitailieu", "tailieu"),
    ),
    Field(
        "own_code",  # a document's own số/ký hiệu: a lookup of that code shows it first
        forms=(Form("own_code", Kind.ID, _own_code),),
        summary=("own_code", _own_code),
    ),
    Field(
        "links",  # an article's attached files, a document's addresses (documents/links.py)
        forms=(Form("links", Kind.KEYWORD, _link_keys),),
    ),
    Field("document", summary=("document", _document_summary)),
    Field(
        "person",
        label="Người",
        meaning="Những người được nêu tên trong bài.",
        forms=(
            Form("person", Kind.KEYWORD, lambda v: _commas(v.persons), boost=2.0),
            Form(
                "person_f",
                Kind.KEYWORD,
                lambda v: _commas([fold_diacritics(n) for n in v.persons]),
                boost=2.0,
                lowercase=True,
            ),
        ),
        summary=("persons", lambda v: v.persons),
        column=lambda s: tuple(s.get("persons", ())),
        facet=Facet(),
        match="folded",
        filter=True,
        cli="người",
        query=True,
        aliases=("nguoi",),
        searchable=True,
    ),
    Field(
        "code",
        label="Mã văn bản",
        meaning="Các văn bản có số hiệu được trích trong bài.",
        forms=(
            Form("code", Kind.KEYWORD, lambda v: _commas(v.codes), boost=2.0),
            # Any spelling of a code ("29-NQ/TW" as "nq 29 tw") and bare mentions
            # ("Nghị quyết 29" as "29-NQ"): see indexer/search/code_search.py.
            Form(
                "code_loose",
                Kind.KEYWORD,
                lambda v: _commas(sorted({loose_key(c) for c in v.codes} | v.bare_codes)),
            ),
            Form("code_bare", Kind.KEYWORD, lambda v: _commas(sorted(v.bare_codes))),
        ),
        summary=("codes", lambda v: v.codes),
        column=lambda s: tuple(s.get("codes", ())),
        facet=Facet(),
        match="code",
        filter=True,
        cli="mã văn bản",
        query=True,
        aliases=("ma",),
        searchable=True,
    ),
    Field(
        "type",
        label="Loại văn bản",
        meaning="NQ nghị quyết, CT chỉ thị, KH kế hoạch, QĐ quyết định, NĐ nghị định…",
        summary=("types", lambda v: v.code_parts[0]),
        column=lambda s: tuple(s.get("types", ())),
        facet=Facet(),
        match="folded",
        filter=True,
        cli="loại văn bản (NQ, CT...)",
        query=True,
        aliases=("loai",),
    ),
    Field(
        "issuer",
        label="Cơ quan ban hành",
        meaning="Phần cuối của số hiệu: TW, TU, ĐUK… (xem trang Cơ quan ban hành).",
        summary=("issuers", lambda v: v.code_parts[1]),
        column=lambda s: tuple(s.get("issuers", ())),
        facet=Facet(),
        match="folded",
        filter=True,
        cli="cơ quan ban hành",
        query=True,
        aliases=("coquan",),
        searchable=True,
    ),
    Field(
        "site",
        label="Trang",
        meaning="Trang web đăng bài.",
        forms=(Form("site", Kind.ID, lambda v: v.record.site or "", stored=True),),
        summary=("site", lambda v: v.record.site or ""),
        column=lambda s: _one(s.get("site")),
        facet=Facet(),
        match="folded",
        filter=True,
        cli="trang",
        query=True,
        aliases=("trang",),
        searchable=True,
    ),
    Field(
        "author",
        label="Tác giả",
        forms=(Form("author", Kind.ID, lambda v: v.record.author or "", stored=True),),
        summary=("author", lambda v: v.record.author or ""),
        column=lambda s: _one(s.get("author")),
        facet=Facet(shown=False),
        match="folded",
        filter=True,
        cli="tác giả",
        query=True,
        aliases=("tacgia",),
    ),
    Field(
        "content_hash",  # an unchanged article is skipped when indexed again
        forms=(Form("content_hash", Kind.STORED, lambda v: v.record.content_hash()),),
    ),
    Field(
        "source",  # sha256 of the file an article was read from (a moved file is found)
        forms=(Form("source", Kind.ID, lambda v: v.record.source_hash or ""),),
    ),
    Field("words", forms=(Form("words", Kind.STORED, _words),)),  # the text column's input
    Field("facets", forms=(Form("facets", Kind.STORED, lambda v: summary_of(v)),)),
    Field(
        "record",
        forms=(Form("record", Kind.STORED, lambda v: _record_json(v.record)),),
    ),
)

BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
INDEX_FORMS: tuple[Form, ...] = tuple(form for f in FIELDS for form in f.forms)
COLUMN_FACETS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.column is not None)
FACETS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.facet is not None and f.facet.shown)
FILTERS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.filter)
SEARCHABLE_FACETS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.searchable)
# Facets whose typed values find every spelling that folds alike (person:le hong son).
FOLDED_FACETS: tuple[str, ...] = tuple(
    f.name for f in FIELDS if f.column is not None and f.match == "folded"
)
QUERY_FIELDS: frozenset[str] = frozenset(f.name for f in FIELDS if f.query)
FIELD_ALIASES: dict[str, str] = {a: f.name for f in FIELDS for a in f.aliases}
CLI_FILTERS: dict[str, str] = {f.name: f.cli for f in FIELDS if f.cli}
LABELS: dict[str, str] = {f.name: f.label for f in FIELDS if f.column is not None}
# The help page's list: (heading, meaning) of each facet that has a meaning.
HELP_FACETS: list[tuple[str, str]] = [
    (f.help_name or f.label, f.meaning) for f in FIELDS if f.meaning
]


# Read for every document when the index or the columns are built: looked up once here.
_SUMMARY = tuple(f.summary for f in FIELDS if f.summary is not None)
_COLUMNS = tuple((f.name, f.column) for f in FIELDS if f.column is not None)


def _record_json(record: ArticleRecord) -> str:
    return json.dumps(record.to_dict(), ensure_ascii=False)


def summary_of(view: RecordView) -> dict:
    """The small stored summary that facet columns and result lists are built from."""
    return {key: read(view) for key, read in _SUMMARY}


def summary(record: ArticleRecord) -> dict:
    """`summary_of` for one record."""
    return summary_of(RecordView(record))


def document(record: ArticleRecord) -> dict:
    """The index document of one record: every form that has a value for it."""
    view = RecordView(record)
    values = ((form.name, form.read(view)) for form in INDEX_FORMS)
    return {name: value for name, value in values if value is not None}


def column_values(stored_summary: dict) -> dict[str, tuple[str, ...]]:
    """Each facet column's values for one document, from its stored summary."""
    return {name: read(stored_summary) for name, read in _COLUMNS}
