"""Deriving the schema and the documents from indexer/fields.py changed nothing.

The schema and the record-to-document mapping as they were hand-written before issue 14
are kept here, verbatim, as the reference: the schema must come out identical (same
fields, types, boosts and analyzers, so SCHEMA_VERSION stays), and every record of the
bundled corpus must give the same Whoosh document and the same stored facet summary.

Schema 11 (issue 19) added, by hand here too, the fields of attached documents: `own_code`
and `links` (an article's files, a document's addresses), and in the stored summary the
"Loại tài liệu" (`format`), `own_code` and `document`. Articles without attachments give
exactly the documents they gave before, plus those empty or "bài viết" values.

Schema 12 (issue 20) added, by hand here too, the repost signature of a body: `lsh` (its
MinHash bands as index terms, where the writer looks up a new record's copies) and
`near` (stored: the signature, its digest and, added by the writer, the copies found).
A body too short to be compared has neither.
"""

from __future__ import annotations

import json
import struct
from datetime import date, datetime

import pytest
from whoosh.analysis import RegexTokenizer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from indexer.extract.parse import ParseFailure, parse_paths
from indexer.index import facet_values, record_to_fields
from indexer.record import ArticleRecord
from indexer.reposts import signature
from indexer.search.textcolumn import pack_words
from indexer.store.whoosh.schema import SCHEMA_VERSION, build_schema
from indexer.text.analysis import accented_text, folded_text, syllables
from indexer.text.codes import Reference, loose_key, parse_code
from indexer.text.normalize import fold_diacritics
from tests.conftest import ROOT
from tests.fixtures import ARTICLES


def reference_schema() -> Schema:
    """build_schema() of SCHEMA_VERSION 10, as written by hand before fields.py."""
    syllables_ = RegexTokenizer(r"\w+")
    return Schema(
        id=ID(stored=True, unique=True),
        group=ID(stored=True),
        lsh=KEYWORD(commas=True, scorable=True),
        near=STORED(),
        site=ID(stored=True),
        title=TEXT(analyzer=syllables_, phrase=False, field_boost=3.0),
        title_f=TEXT(analyzer=syllables_, phrase=True, field_boost=2.5),
        body_f=TEXT(analyzer=syllables_, phrase=False, field_boost=0.8),
        page=TEXT(analyzer=syllables_, phrase=False, field_boost=0.2),
        page_f=TEXT(analyzer=syllables_, phrase=True, field_boost=0.15),
        person=KEYWORD(commas=True, scorable=True, field_boost=2.0),
        person_f=KEYWORD(commas=True, lowercase=True, scorable=True, field_boost=2.0),
        code=KEYWORD(commas=True, scorable=True, field_boost=2.0),
        code_loose=KEYWORD(commas=True, scorable=True),
        code_bare=KEYWORD(commas=True, scorable=True),
        author=ID(stored=True),
        published=DATETIME(stored=True, sortable=True),
        year=NUMERIC(stored=True),
        own_code=ID(),
        links=KEYWORD(commas=True, scorable=True),
        content_hash=STORED(),
        source=ID(),
        words=STORED(),
        facets=STORED(),
        record=STORED(),
    )


def reference_facet_values(record: ArticleRecord) -> dict:
    cited = record.cited_codes()
    parsed = {c.code: c for c in record.codes}
    types, issuers = [], []
    for key in cited:
        code = parsed.get(key) or parse_code(key)
        if code is not None:
            types.append(code.type or "")
            issuers.append(code.issuer)
    return {
        "title": record.title,
        "url": record.url,
        "source_url": record.source_url,
        "path": record.path,
        "published": record.published.isoformat() if record.published else None,
        "persons": [p.name for p in record.persons],
        "codes": cited,
        "types": sorted({t for t in types if t}),
        "issuers": sorted(set(issuers)),
        "site": record.site or "",
        "author": record.author or "",
        "format": "bài viết",
        "own_code": None,
        "document": None,
    }


def reference_record_to_fields(record: ArticleRecord) -> dict:
    title = accented_text(record.title)
    body = accented_text(record.body_text)
    names = [p.name for p in record.persons]
    codes = record.cited_codes()
    bare = {
        r.key.split("/")[0] for r in record.references if not r.resolved and r.key.endswith("/?")
    }
    loose = {loose_key(c) for c in codes} | bare
    fields = {
        "id": record.doc_id,
        "group": record.source_url or record.url or record.doc_id,
        "site": record.site or "",
        "title": title,
        "title_f": fold_diacritics(title),
        "body_f": fold_diacritics(body),
        "page": accented_text(record.page_text),
        "page_f": folded_text(record.page_text),
        "person": ",".join(names),
        "person_f": ",".join(fold_diacritics(n) for n in names),
        "code": ",".join(codes),
        "code_loose": ",".join(sorted(loose)),
        "code_bare": ",".join(sorted(bare)),
        "author": record.author or "",
        "content_hash": record.content_hash(),
        "source": record.source_hash or "",
        "words": pack_words(syllables(title), syllables(body)),
        "facets": reference_facet_values(record),
        "record": json.dumps(record.to_dict(), ensure_ascii=False),
    }
    near = signature(record.body_text, record.kind)
    if near is not None:
        fields["lsh"] = ",".join(near.bands())
        fields["near"] = near.to_stored()
    if record.published:
        fields["published"] = datetime(
            record.published.year, record.published.month, record.published.day
        )
        fields["year"] = record.published.year
    return fields


def _records() -> list[ArticleRecord]:
    corpus = [
        r for r in parse_paths([str(ROOT / "corpus" / "sites")]) if not isinstance(r, ParseFailure)
    ]
    odd = ArticleRecord(
        path="/tmp/odd.txt",
        title="Ủy ban hoà giải",
        body=["Thực hiện Chỉ thị 05 về công tác.", "Dòng hai"],
        author="Nguyễn Văn A",
        page_text="Trang chủ · Tin tức Đảng bộ",
        source_hash="abc",
        confidence="unsure",
        references=[
            Reference("Chỉ thị 05", "CT", 5, "05-CT/?", False),
            Reference("Nghị quyết 29", "NQ", 29, "29-NQ/TW", True),
        ],
    )
    bare = ArticleRecord(path="/tmp/empty.html", title="", body=[], published=date(2019, 2, 3))
    return [*ARTICLES, *corpus, odd, bare]


RECORDS = _records()


def test_the_corpus_gives_many_records_to_compare():
    assert len(RECORDS) > 20


def _plain(value: object) -> object:
    """A field type's attribute as comparable data: a struct by its format, a column by
    its class and attributes (Whoosh compares those two by identity)."""
    if isinstance(value, struct.Struct):
        return ("struct", value.format)
    if hasattr(value, "__dict__") and not isinstance(value, type):
        return (type(value).__name__, {k: _plain(v) for k, v in vars(value).items()})
    return value


def test_the_schema_is_the_hand_written_one_field_for_field():
    built, reference = build_schema(), reference_schema()
    assert built.names() == reference.names()
    for name in reference.names():
        assert _plain(built[name]) == _plain(reference[name]), name
    assert SCHEMA_VERSION == 12


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.path)
def test_the_document_of_a_record_is_unchanged(record):
    assert record_to_fields(record) == reference_record_to_fields(record)
    assert facet_values(record) == reference_facet_values(record)
