"""An index document (indexer/fields.py `document`) as the rows of the PostgreSQL store.

The terms are the Whoosh store's, form by form, so both stores match the same words: a
text form is its `\\w+` syllables with their positions (the text arrives normalised and
lowercased), a keyword form its comma-separated values (lowercased when declared so), an
id form its whole value. Dates and numbers are only stored: the columns filter on them.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from datetime import date, datetime

from indexer.fields import INDEX_FORMS, Form, Kind
from indexer.text.analysis import SYLLABLE_PATTERN

_SYLLABLE = re.compile(SYLLABLE_PATTERN)
FORMS: dict[str, Form] = {form.name: form for form in INDEX_FORMS}
# Kept with the document (what Whoosh stores): returned by the source and the writer.
STORED = tuple(f.name for f in INDEX_FORMS if f.stored or f.kind == Kind.STORED)
SEARCHED = tuple(f for f in INDEX_FORMS if f.kind in (Kind.ID, Kind.TEXT, Kind.KEYWORD))
FIELD_BOOST: dict[str, float] = {f.name: f.boost for f in SEARCHED}
# Columns of the rows, in COPY order.
DOCUMENT_COLUMNS = (
    "doc", "id", "source", "content_hash", "added", "lengths", "stored", "record", "words"
)  # fmt: skip
POSTING_COLUMNS = ("field", "term", "doc", "freq", "positions")


@dataclass
class DocumentRows:
    """One document's row of `documents` (without its number and generation) and its
    postings (field, term, frequency, positions or None)."""

    id: str
    source: str | None
    content_hash: str | None
    lengths: dict[str, int]
    stored: dict
    record: dict | None
    words: bytes | None
    postings: list[tuple[str, str, int, list[int] | None]]


def field_terms(form: Form, value: object) -> list[str]:
    """The terms of one form's value, in order (positions are their indexes)."""
    text = str(value).replace("\x00", "")  # PostgreSQL text cannot hold NUL
    match form.kind:
        case Kind.TEXT:
            return _SYLLABLE.findall(text)
        case Kind.KEYWORD:
            values = (v.strip() for v in text.split(","))
            return [v.lower() if form.lowercase else v for v in values if v]
        case Kind.ID:
            return [text] if text else []
    return []


def document_rows(document: dict) -> DocumentRows:
    """The rows of one index document."""
    postings: list[tuple[str, str, int, list[int] | None]] = []
    lengths: dict[str, int] = {}
    for form in SEARCHED:
        value = document.get(form.name)
        if value is None:
            continue
        terms = field_terms(form, value)
        if not terms:
            continue
        lengths[form.name] = len(terms)
        places: dict[str, list[int]] = {}
        for position, term in enumerate(terms):
            places.setdefault(term, []).append(position)
        for term, at in places.items():
            postings.append((form.name, term, len(at), at if form.phrase else None))
    stored = {
        name: _jsonable(document[name])
        for name in STORED
        if name in document and name not in ("words", "record")
    }
    record = document.get("record")
    return DocumentRows(
        id=document["id"].replace("\x00", ""),
        source=document.get("source") or None,
        content_hash=document.get("content_hash"),
        lengths=lengths,
        stored=stored,
        record=_jsonable(json.loads(record) if isinstance(record, str) else record),
        words=document.get("words"),
        postings=postings,
    )


BYTES_TAG = "$bytes"  # a stored value's bytes (a body signature) in JSON, as base64


def _jsonable(value: object) -> object:
    """A stored value as JSON: dates as ISO text, bytes tagged as base64, no NUL
    characters (PostgreSQL's JSON refuses them; the parser drops them anyway)."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return {BYTES_TAG: base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _from_json(value: object) -> object:
    """`_jsonable` undone for bytes (dates stay ISO text: nothing reads them back)."""
    if isinstance(value, dict):
        if len(value) == 1 and BYTES_TAG in value:
            return base64.b64decode(value[BYTES_TAG])
        return {k: _from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    return value


def stored_fields(stored: dict, record: dict | None, words: bytes | None) -> dict:
    """The stored fields of a document as the Whoosh store gives them back."""
    fields = {name: _from_json(value) for name, value in stored.items()}
    if record is not None:
        fields["record"] = json.dumps(record, ensure_ascii=False)
    if words is not None:
        fields["words"] = bytes(words)
    return fields
