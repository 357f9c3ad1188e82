"""Results: what a page shows of a ranked match (hits with snippets, how the query was
understood, a "did you mean"), and the other reads of stored documents."""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from functools import partial

from indexer import bitset
from indexer.documents.links import address_key, name_key
from indexer.search import code_search
from indexer.search.highlight import make_snippet
from indexer.search.matching import word_docs
from indexer.search.query import FieldValue, ParsedQuery, Phrase, Words
from indexer.search.ranking import by_date
from indexer.search.request import Hit
from indexer.search.respell import respell_query
from indexer.search.restore import restore_query
from indexer.search.snapshot import Snapshot
from indexer.search.snippet_terms import query_terms
from indexer.text.analysis import folded_text
from indexer.text.normalize import fold_diacritics

MAX_SUGGESTED_WORDS = 8  # a longer query gets no "did you mean"
MIN_CORRECTED_LENGTH = 3  # shorter words are never respelled
LONG_WORD = 4  # longer words may be two edits from the indexed one, shorter ones only one
MAX_LINKING = 50  # articles listed as linking one document
PAGE_PROBE_CHARS = 40  # the start of a snippet looked up in the body to find its page
_MARKS = re.compile(r"</?mark>")
# Finding the nearest indexed word scans the field's vocabulary, at a cost that grows
# with the word's length: a longer unknown word is kept as typed, and a query with more
# unknown words than this gets no "did you mean" (a line of noise is no typo).
MAX_RESPELLED_CHARS = 16
MAX_RESPELLED_WORDS = 2


def hits(
    snapshot: Snapshot,
    ordered: list[tuple[int, float | None]],
    parsed: ParsedQuery,
    allowed: int | None = None,
) -> list[Hit]:
    """The hits of a page of ranked documents, with their snippets. A repost group shows
    its original when the filters (`allowed`) let it through, else the copy found."""
    terms = highlight_terms(parsed)
    patterns = code_search.positive_patterns(parsed.root)
    matcher = code_search.CodeMatcher.build(patterns, snapshot.columns) if patterns else None
    return [hit(snapshot, doc, score, terms, matcher, allowed) for doc, score in ordered]


def copies(snapshot: Snapshot, doc: int, group_docs: list[int], shown: int) -> list[dict]:
    """The other documents of a repost group, as a hit lists them."""
    summary = snapshot.columns.summary
    return [
        {
            "id": snapshot.doc_id(d),
            "url": summary[d].get("url"),
            "site": summary[d].get("site"),
            "published": summary[d].get("published"),
        }
        for d in group_docs
        if d != shown
    ]


def hit(
    snapshot: Snapshot,
    doc: int,
    score: float | None,
    terms: set[str],
    codes: code_search.CodeMatcher | None = None,
    allowed: int | None = None,
) -> Hit:
    """One result: the original of its repost group is shown (when `allowed`, the
    documents the filters let through, holds it), the others listed."""
    columns = snapshot.columns
    group_docs = columns.members(doc)
    original = group_docs[0]
    permitted = allowed is None or bool((allowed >> original) & 1)
    shown = original if permitted and not columns.summary[original].get("source_url") else doc
    summary = columns.summary[shown]
    stored_id, record = snapshot.view.stored(shown)
    passage = (codes and code_search.citing_snippet(record.get("body", ""), codes, terms)) or (
        snippet(record, terms)
    )
    document = summary.get("document")
    return Hit(
        id=stored_id,
        title=summary.get("title", ""),
        url=summary.get("url"),
        source_url=summary.get("source_url"),
        published=summary.get("published"),
        site=summary.get("site", ""),
        snippet=passage,
        persons=list(summary.get("persons", [])),
        codes=list(summary.get("codes", [])),
        copies=copies(snapshot, doc, group_docs, shown),
        score=round(score, 3) if score is not None else None,
        gone=bool(record.get("gone")),
        captured=bool(record.get("capture")),
        format=summary.get("format", ""),
        document={k: v for k, v in document.items() if k != "page_starts"} if document else None,
        page=page_of(record.get("body", ""), passage, document["page_starts"])
        if document
        else None,
    )


def page_of(body: str, passage: str, page_starts: list[int]) -> int | None:
    """The page of a document a snippet was taken from (None for one-page files, or when
    the passage is not the body's)."""
    if len(page_starts) < 2:
        return None
    plain = html.unescape(_MARKS.sub("", passage)).strip(" …")
    probe = plain[:PAGE_PROBE_CHARS]
    at = body.find(probe) if probe else -1
    if at < 0:
        return None
    paragraph = body.count("\n", 0, at)
    return bisect_right(page_starts, paragraph)


def snippet(record: dict, terms: set[str]) -> str:
    """A passage of the body; of the page text when only that holds the query's words."""
    body, page = record.get("body", ""), record.get("page_text", "")
    found = make_snippet(body, terms)
    if page and terms and "<mark>" not in found:
        from_page = make_snippet(page, terms)
        if "<mark>" in from_page:
            return from_page
    return found


def highlight_terms(parsed: ParsedQuery) -> set[str]:
    """The folded words a snippet marks (not those under NOT)."""
    terms: set[str] = set()
    for node in parsed.walk(negated=False):
        match node:
            case Words(terms=analysed) | Phrase(terms=analysed):
                terms.update(t.folded for t in analysed)
            case FieldValue(field="title" | "person", folded=folded):
                terms.update(folded.split())
    return query_terms(parsed, terms)


def suggestion(snapshot: Snapshot, parsed: ParsedQuery, q: str) -> str | None:
    """A "did you mean": the query with its accents restored, or its unknown words
    respelled to the nearest indexed ones; None when nothing would change."""
    analysed = [
        t
        for node in parsed.walk(negated=False)
        if isinstance(node, Words | Phrase)
        for t in node.terms
    ]
    if not analysed or len(analysed) > MAX_SUGGESTED_WORDS:
        return None
    columns = snapshot.columns
    words = [t.accented for t in analysed]
    known = [t.folded in columns.vocabulary for t in analysed]
    docs_of = partial(word_docs, snapshot)
    if all(known) and not any(t.has_diacritics for t in analysed):
        restored = restore_query([t.folded for t in analysed], columns, docs_of)
        respelled = respell_query(q, words, restored)  # codes and fields kept as typed
        return respelled if respelled != q else None
    if all(known):
        return None
    folded = [t.folded for t in analysed]
    unknown = [i for i, w in enumerate(folded) if not known[i] and _respellable(w)]
    if len(unknown) > MAX_RESPELLED_WORDS:
        return None
    corrected = list(folded)
    for i in unknown:
        corrected[i] = nearest_word(snapshot, folded[i]) or folded[i]
    restored = restore_query(corrected, columns, docs_of)
    respelled = respell_query(q, words, restored)
    # The suggestion is new text: compared with the query once both are folded.
    return respelled if folded_text(respelled) != folded_text(q) else None


def _respellable(folded: str) -> bool:
    return MIN_CORRECTED_LENGTH <= len(folded) <= MAX_RESPELLED_CHARS


def nearest_word(snapshot: Snapshot, folded: str) -> str | None:
    """The indexed word nearest to an unknown (folded) one: one edit away, else two for
    a long word; None when there is none."""
    for distance in (1, 2) if len(folded) > LONG_WORD else (1,):
        options = snapshot.view.suggest("body_f", folded, distance)
        if options:
            return options[0]
    return None


def understood(parsed: ParsedQuery, persons: list[str]) -> dict:
    """How the query was read, for the page and the JSON."""
    words: list[str] = []
    mode = "all"
    for node in parsed.walk(negated=False):  # what NOT excludes is listed apart
        if isinstance(node, Words):
            words.extend(node.words)
            if len(node.words) > 1:
                mode = "phrase-first"
    return {
        "codes": parsed.codes,
        "persons": persons,
        "fields": parsed.fields,
        "phrases": parsed.phrases,
        "words": words,
        "excluded": parsed.excluded,
        "mode": mode,
        "warnings": parsed.warnings,
    }


def document_row(snapshot: Snapshot, doc: int) -> dict:
    """One result of a listing (exports, timelines): the columns' summary, no snippet."""
    summary = snapshot.columns.summary[doc]
    return {
        "id": snapshot.doc_id(doc),
        "title": summary.get("title", ""),
        "url": summary.get("url"),
        "source_url": summary.get("source_url"),
        "published": summary.get("published"),
        "site": summary.get("site", ""),
        "author": summary.get("author", ""),
        "persons": list(summary.get("persons", [])),
        "codes": list(summary.get("codes", [])),
    }


def document(snapshot: Snapshot, doc_id: str) -> dict | None:
    """The stored record of one article, with its repost group, or None."""
    columns = snapshot.columns
    doc = snapshot.view.doc_number(doc_id)
    if doc is None or doc not in columns.summary:
        return None
    record = snapshot.record(doc)
    group = columns.members(doc)
    record["id"] = doc_id
    record["copies"] = [
        {
            "id": snapshot.doc_id(d),
            "url": columns.summary[d].get("url"),
            "site": columns.summary[d].get("site"),
            "published": columns.summary[d].get("published"),
            "original": i == 0 and not columns.summary[d].get("source_url"),
        }
        for i, d in enumerate(group)
        if d != doc
    ]
    return record


def person_roles(snapshot: Snapshot, name: str, limit: int) -> dict[str, list[str]]:
    """Roles written beside `name`, per article id, read from its newest `limit` articles.
    The name comes from a URL and the roles from stored records: both are folded here,
    where they are compared."""
    wanted = fold_diacritics(name)
    docs = snapshot.term_docs([("person_f", wanted)])
    out: dict[str, list[str]] = {}
    for doc in by_date(snapshot.columns, docs, True, limit):
        record = snapshot.record(doc)
        for person in record.get("persons", []):
            if fold_diacritics(person["name"]) == wanted and person["roles"]:
                out[snapshot.doc_id(doc)] = person["roles"]
    return out


def attachments(snapshot: Snapshot, record: dict) -> list[dict]:
    """The files an article links, each with the indexed document it is (or None): found
    by the link's address, else by the file's name when only one document has it."""
    out = []
    for link in record.get("attachments", []):
        found = _documents_at(snapshot, link["url"])
        row = attachment_row(snapshot, found) if found is not None else None
        out.append({**link, "document": row})
    return out


def _documents_at(snapshot: Snapshot, address: str) -> int | None:
    documents = snapshot.columns.documents()
    for key in (address_key(address), name_key(address)):
        docs = bitset.to_docs(snapshot.term_docs([("links", key)]) & documents)
        if len(docs) == 1:
            return docs[0]
        if docs and key.startswith("u:"):
            return docs[0]
    return None


def attachment_row(snapshot: Snapshot, doc: int) -> dict:
    """What an article page lists of an attached file it links."""
    summary = snapshot.columns.summary[doc]
    document = summary.get("document") or {}
    return {
        "id": snapshot.doc_id(doc),
        "title": summary.get("title", ""),
        "label": summary.get("format", ""),
        "format": document.get("format"),
        "pages": document.get("pages"),
        "ocr_pages": document.get("ocr_pages"),
        "size": document.get("size"),
        "captured": bool(snapshot.record(doc).get("capture")),
    }


def linking_articles(snapshot: Snapshot, record: dict) -> list[dict]:
    """The articles that link a document (its page back to them), newest first."""
    document = record.get("document") or {}
    addresses = [a for a in (record.get("url"), record.get("path")) if a]
    columns = snapshot.columns
    articles = columns.all_docs & ~columns.documents()
    docs = snapshot.term_docs([("links", address_key(a)) for a in addresses]) & articles
    name = document.get("file_name")
    if not docs and name and len(bitset.to_docs(_named(snapshot, name) & columns.documents())) == 1:
        docs = _named(snapshot, name) & articles
    return [document_row(snapshot, d) for d in by_date(columns, docs, True, MAX_LINKING)]


def _named(snapshot: Snapshot, name: str) -> int:
    return snapshot.term_docs([("links", name_key(name))])


def documents_of_code(snapshot: Snapshot, code: str) -> list[dict]:
    """The attached files whose own số/ký hiệu is `code` (the document itself)."""
    return [attachment_row(snapshot, d) for d in snapshot.columns.own_code_docs().get(code, [])]
