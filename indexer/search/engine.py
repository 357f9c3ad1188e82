"""Search: one request in, one plain-data response out, for the CLI and the web UI alike.

Which documents match is computed with sets of document numbers (cached per term, and
per facet value in the columns); only the ranking of the requested page asks Whoosh to
score. Facet counts follow Solr's tag/exclude rule: a facet's counts ignore that facet's
own selection, so several values of one facet combine with OR.
"""

from __future__ import annotations

import atexit
import heapq
import json
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from indexer import bitset, code_search
from indexer.codes import loose_key
from indexer.columns import Columns, generation_key, load_columns
from indexer.highlight import make_snippet
from indexer.index import open_index, reading_index
from indexer.limits import LimitError, Limits
from indexer.postings import terms_bitset
from indexer.query import (
    And,
    CodeRef,
    DateRange,
    FieldValue,
    Node,
    Not,
    Or,
    ParsedQuery,
    Phrase,
    Prefix,
    Words,
    parse_query,
)
from indexer.respell import respell_query
from indexer.restore import restore_query
from indexer.snippet_terms import query_terms
from indexer.text import fold_diacritics, has_diacritics

FACETS = ("year", "month", "person", "code", "type", "issuer", "site")
FILTERS = (*FACETS, "author")
SORTS = ("relevance", "newest", "oldest")
UNDATED = "undated"  # the year facet's value (and year filter) for articles without a date
MAX_PREFIX_TERMS = 200
RETIRE_SECONDS = 120  # an old searcher stays open this long after a newer index is opened
RERANK_DEPTH = 200  # candidates re-ranked for words standing together
# Above this many text matches, BM25 over every match costs too much in pure Python: the
# ranking then uses title matches, persons, codes and recency (see _rank_by_features).
EXACT_RANKING_LIMIT = 1500
# The term cache's budget, all terms together: about 5,000 bitsets at 100k articles.
DOCSET_CACHE_BYTES = 64 * 1024 * 1024
# Candidates ranked for a page of `want` results: enough that collapsing duplicates
# (one article on several sites) still leaves a full page.
CANDIDATE_FACTOR, CANDIDATE_SLACK = 3, 20
PERSON_NAME_SIZES = (5, 4, 3, 2)  # syllables in a name, longest tried first
MAX_SUGGESTED_WORDS = 8  # a longer query gets no "did you mean"
# When more than one document in this many is wanted, scanning the date order beats a heap.
DENSE_DATE_SCAN = 20


class SearchError(ValueError):
    """A request that cannot be answered as asked; the message is for the user."""


@dataclass
class SearchRequest:
    """What to search: the query, filters, ordering and paging."""

    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    facet_limit: int = 10
    facet_more: str | None = None  # a facet whose every value is wanted
    facet_filter: dict[str, str] = field(
        default_factory=dict
    )  # text to find inside a facet's values
    limits: Limits = field(default_factory=Limits.from_env)  # paging and query length

    def validate(self) -> None:
        if self.sort not in SORTS:
            raise SearchError(f"Cách sắp xếp phải là một trong: {', '.join(SORTS)}.")
        try:
            self.limits.check_text("q", self.q)
            self.limits.check("max_page", self.page)
            self.limits.check("max_per_page", self.per_page)
        except LimitError as error:
            raise SearchError(str(error)) from error
        unknown = set(self.filters) - set(FILTERS)
        if unknown:
            raise SearchError(f"Không có bộ lọc: {', '.join(sorted(unknown))}.")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise SearchError("Ngày bắt đầu (from) sau ngày kết thúc (to).")


@dataclass
class Hit:
    id: str
    title: str
    url: str | None
    source_url: str | None
    published: str | None
    site: str
    snippet: str
    persons: list[str]
    codes: list[str]
    copies: list[dict]
    score: float | None
    gone: bool = False
    captured: bool = False

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool

    def to_dict(self) -> dict:
        return {"value": self.value, "count": self.count, "selected": self.selected}


@dataclass
class SearchResponse:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    facet_totals: dict[str, int]
    suggestion: str | None
    understood: dict
    page: int
    per_page: int
    sort: str
    took_ms: float

    def to_dict(self) -> dict:
        return {
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "sort": self.sort,
            "took_ms": round(self.took_ms, 1),
            "hits": [h.to_dict() for h in self.hits],
            "facets": {name: [v.to_dict() for v in values] for name, values in self.facets.items()},
            "facet_totals": self.facet_totals,
            "suggestion": self.suggestion,
            "understood": self.understood,
        }


class _DocsetCache:
    """Least-recently-used term -> document bitset, bounded by bytes."""

    def __init__(self, budget: int) -> None:
        self.budget, self.size = budget, 0
        self.items: OrderedDict[tuple, int] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> int | None:
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key: tuple, value: int) -> None:
        with self.lock:
            if key in self.items:
                return
            self.items[key] = value
            self.size += bitset.size_in_bytes(value)
            while self.size > self.budget and len(self.items) > 1:
                _, old = self.items.popitem(last=False)
                self.size -= bitset.size_in_bytes(old)


@dataclass(frozen=True)
class Matching:
    """A request matched against one index state: the first stage of every search."""

    searcher: Searcher
    columns: Columns
    parsed: ParsedQuery
    persons: list[str]  # names recognised in the query
    matched: int  # documents the query text matches (bitset)
    selections: dict[str, int]  # each filter's documents
    allowed: int  # documents the text and every filter allow


class SearchEngine:
    """An open index: searches it, and picks up a rebuilt index without a restart."""

    def __init__(self, index_dir: str | Path) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        # Whoosh readers share file handles (seek, then read), so one search runs at a
        # time in a process; it also gives every search one index state from start to end.
        # Python runs one thread at a time anyway: `vankien serve` uses processes to scale.
        self._exclusive = threading.RLock()
        self._searcher: Searcher | None = None
        self._columns: Columns | None = None
        self._generation: str | None = None
        self._opened_generation = -1
        self._retired: list[tuple[float, Searcher]] = []
        self._cache = _DocsetCache(DOCSET_CACHE_BYTES)
        self._refresh()

    # -- opening and refreshing ---------------------------------------------------------

    def _refresh(self) -> None:
        ix = open_index(self.index_dir)
        searcher = None
        try:
            with reading_index(self.index_dir):
                searcher = ix.searcher()
                reader = searcher.reader()
                _open_every_file(reader)
                key = generation_key(reader)
                columns = (
                    None if key == self._generation else load_columns(self.index_dir, key, reader)
                )
        except BaseException:
            if searcher is not None:
                searcher.close()
            ix.close()
            raise
        # The generation this snapshot holds (an index without segments reports none).
        generation = reader.generation()
        has_own = generation is not None and generation >= 0
        self._opened_generation = generation if has_own else ix.latest_generation()
        if key == self._generation:
            searcher.close()
            ix.close()
            return
        with self._exclusive, self._lock:
            old = self._searcher
            self._searcher, self._columns, self._generation = searcher, columns, key
            self._cache = _DocsetCache(DOCSET_CACHE_BYTES)
            # Searches still running on the old searcher finish on it: close it only
            # after a grace period, at a later refresh.
            now = time.monotonic()
            if old is not None:
                self._retired.append((now, old))
            while self._retired and now - self._retired[0][0] > RETIRE_SECONDS:
                self._retired.pop(0)[1].close()

    def refresh_if_changed(self) -> bool:
        """Reopen when a newer index generation was committed; True when it changed."""
        ix = open_index(self.index_dir)
        try:
            changed = ix.latest_generation() != self._opened_generation
        finally:
            ix.close()
        if changed:
            self._refresh()
        return changed

    @property
    def is_empty(self) -> bool:
        """True while the index holds no committed article (a first build still running)."""
        return not self.columns.docs

    def close(self) -> None:
        for _, old in self._retired:
            old.close()
        self._retired.clear()
        if self._searcher is not None:
            self._searcher.close()

    @property
    def columns(self) -> Columns:
        assert self._columns is not None
        return self._columns

    # -- document sets ------------------------------------------------------------------

    def _cached_docs(self, key: tuple, compute: Callable[[], int]) -> int:
        """The live documents of `compute()`, kept in the term cache under `key`."""
        cached = self._cache.get(key)
        if cached is None:
            cached = compute() & self.columns.all_docs
            self._cache.put(key, cached)
        return cached

    def _docs(self, searcher: Searcher, key: tuple, make_query) -> int:  # noqa: ANN001
        """Documents of a Whoosh query (title phrases, which need positions)."""
        return self._cached_docs(
            key, lambda: bitset.from_docs(searcher.docs_for_query(make_query()))
        )

    def _term_docs(self, searcher: Searcher, terms: list[tuple[str, str]]) -> int:
        """Documents holding any of the (field, text) terms, read block by block."""
        return self._cached_docs(("terms", *terms), lambda: terms_bitset(searcher.reader(), terms))

    def _word_docs(self, searcher: Searcher, word: str) -> int:
        folded = fold_diacritics(word)
        frequent = self.columns.frequent_words.get(folded)
        if frequent is not None:  # from title and body; pages kept by their page text too
            return frequent | self._term_docs(searcher, [("page_f", folded)])
        return self._term_docs(
            searcher, [("title_f", folded), ("body_f", folded), ("page_f", folded)]
        )

    def _phrase_docs(self, searcher: Searcher, words: list[str]) -> int:
        """Documents holding the words one after another, in the title or in the body
        (or in the page text of a record whose body is not sure)."""
        folded = [fold_diacritics(w) for w in words]
        text = self.columns.text
        found = self._cached_docs(
            ("p", *folded), lambda: bitset.from_array(text.phrase_docs(folded))
        )
        return found | self._docs(searcher, ("pp", *folded), lambda: wq.Phrase("page_f", folded))

    def _prefix_terms(self, searcher: Searcher, prefix: str) -> list[str]:
        reader = searcher.reader()
        terms = []
        for fieldname in ("body_f", "title_f"):
            for term in reader.expand_prefix(fieldname, prefix):
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                terms.append(text)
                if len(terms) >= MAX_PREFIX_TERMS:
                    return sorted(set(terms))
        return sorted(set(terms))

    def _node_docs(self, searcher: Searcher, node: Node) -> int:
        """The bitset of documents a query node matches."""
        columns = self.columns
        match node:
            case Words(words=words):
                sets = [self._word_docs(searcher, w) for w in words]
                result = sets[0]
                for other in sets[1:]:
                    result = result & other
                return result
            case Phrase(words=words):
                return self._phrase_docs(searcher, words)
            case Prefix(prefix=prefix):
                out = 0
                for term in self._prefix_terms(searcher, prefix):
                    out |= self._word_docs(searcher, term)
                return out
            case CodeRef(pattern=pattern) if pattern is not None:
                docs = code_search.pattern_docs(
                    pattern,
                    columns,
                    lambda keys: self._term_docs(searcher, [("code_bare", k) for k in keys]),
                    lambda doc: json.loads(searcher.stored_fields(doc)["record"]).get("body", ""),
                )
                words = code_search.fallback_words(pattern) if not docs else []
                return self._node_docs(searcher, Words(words)) if words else docs
            case CodeRef(loose=True):
                return self._term_docs(searcher, [("code_loose", node.key)])
            case CodeRef(key=key):
                return self._term_docs(searcher, [("code", key), ("code_bare", loose_key(key))])
            case FieldValue():
                return self._field_docs(searcher, node)
            case DateRange(start=start, end=end):
                return columns.in_date_range(start, end)
            case And(operands=operands):  # a NOT operand gives everything but its documents
                result = columns.all_docs
                for child in operands:
                    result = result & self._node_docs(searcher, child)
                return result
            case Or(operands=operands):
                out = 0
                for child in operands:
                    out |= self._node_docs(searcher, child)
                return out
            case Not(operand=operand):
                return columns.all_docs & ~self._node_docs(searcher, operand)
        return 0

    def _field_docs(self, searcher: Searcher, node: FieldValue) -> int:
        columns = self.columns
        if node.field == "title":
            words = node.value.split()
            folded = [fold_diacritics(w) for w in words]
            query = (
                wq.Phrase("title_f", folded) if len(folded) > 1 else wq.Term("title_f", folded[0])
            )
            return self._docs(searcher, ("t", *folded), lambda: query)
        if node.field == "person":
            return self._term_docs(searcher, [("person_f", fold_diacritics(node.value))])
        facet = {"site": "site", "author": "author", "type": "type", "issuer": "issuer"}[node.field]
        values = columns.names_folded(facet).get(fold_diacritics(node.value), [])
        return columns.with_values(facet, values)

    # -- scoring --------------------------------------------------------------------------

    def _code_query(self, node: CodeRef) -> wq.Query:
        """An exact code also finds bare mentions of its type and number ("Nghị quyết 29")."""
        if node.pattern is not None:
            codes = code_search.resolve(node.pattern, self.columns)
            bare = code_search.bare_keys(node.pattern, self.columns)
            terms = [wq.Term("code", c, boost=2.0) for c in codes]
            terms += [wq.Term("code_bare", k, boost=0.5) for k in bare]
            return wq.Or(terms) if terms else wq.NullQuery
        if node.loose:
            return wq.Term("code_loose", node.key)
        return wq.Or(
            [
                wq.Term("code", node.key, boost=2.0),
                wq.Term("code_bare", loose_key(node.key), boost=0.5),
            ]
        )

    def _word_query(self, word: str) -> wq.Query:
        folded = fold_diacritics(word)
        variants = [
            wq.Term("title_f", folded),
            wq.Term("body_f", folded),
            wq.Term("page_f", folded),
        ]
        if has_diacritics(word):  # the body's exact accents count in _rerank
            variants.append(wq.Term("title", word, boost=1.5))
            variants.append(wq.Term("page", word.lower()))
        return wq.Or(variants)

    def _scoring_query(
        self, searcher: Searcher, node: Node | None, persons: list[str]
    ) -> wq.Query | None:
        match node:
            case Words(words=words):
                required = [self._word_query(w) for w in words]
                query: wq.Query = required[0] if len(required) == 1 else wq.And(required)
                return query
            case Phrase(words=words):  # the documents are those holding the phrase already
                folded = [fold_diacritics(w) for w in words]
                all_words = wq.And([wq.Term("body_f", w) for w in folded])
                page = wq.Phrase("page_f", folded)
                return wq.Or([all_words, wq.Phrase("title_f", folded, boost=2.0), page])
            case Prefix(prefix=prefix):
                terms = self._prefix_terms(searcher, prefix)
                return wq.Or([wq.Term("body_f", t) for t in terms]) if terms else None
            case CodeRef():
                return self._code_query(node)
            case FieldValue(field="title", value=value):
                return wq.Or([wq.Term("title_f", fold_diacritics(w)) for w in value.split()])
            case FieldValue(field="person", value=value):
                return wq.Term("person_f", fold_diacritics(value), boost=2.0)
            case And(operands=operands) | Or(operands=operands):
                # A NOT operand scores nothing (it gives None): only what is wanted ranks.
                parts = [self._scoring_query(searcher, c, persons) for c in operands]
                parts = [p for p in parts if p is not None]
                if not parts:
                    return None
                return parts[0] if len(parts) == 1 else wq.Or(parts)
        return None

    # -- the search itself --------------------------------------------------------------

    def _match(self, request: SearchRequest) -> Matching:
        """Validate, parse and match a request."""
        request.validate()
        with self._lock:
            searcher, columns = self._searcher, self._columns
        assert searcher is not None and columns is not None
        parsed = parse_query(request.q)
        persons = self._recognise_persons(parsed)
        matched = (
            columns.all_docs if parsed.root is None else self._node_docs(searcher, parsed.root)
        )
        selections = self._selections(request, columns)
        allowed = matched
        for docs in selections.values():
            allowed = allowed & docs
        return Matching(searcher, columns, parsed, persons, matched, selections, allowed)

    def search(self, request: SearchRequest) -> SearchResponse:
        """Answer one request. Raises SearchError for a request that makes no sense."""
        with self._exclusive:
            return self._search_locked(request)

    def _search_locked(self, request: SearchRequest) -> SearchResponse:
        started = time.perf_counter()
        m = self._match(request)
        searcher, columns, parsed, persons = m.searcher, m.columns, m.parsed, m.persons
        matched, selections, allowed = m.matched, m.selections, m.allowed
        text_matches = matched.bit_count()
        facets, totals = self._facets(request, columns, matched, selections)
        total = columns.representatives(allowed).bit_count()
        skip = (request.page - 1) * request.per_page
        want = skip + request.per_page
        ordered = self._ordered(
            request, searcher, columns, parsed, persons, allowed, text_matches, want
        )
        terms = self._highlight_terms(parsed)
        patterns = code_search.positive_patterns(parsed.root)
        matcher = code_search.CodeMatcher.build(patterns, columns) if patterns else None
        hits = [
            self._hit(searcher, columns, doc, score, terms, matcher)
            for doc, score in ordered[skip:want]
        ]
        understood = self._understood(parsed, persons)
        suggestion = self._suggest(searcher, parsed, request.q, total)
        if patterns:
            notes = code_search.understood_codes(patterns, columns, request.q, total)
            understood.update(notes.understood)
            suggestion = notes.suggestion or suggestion
        return SearchResponse(
            total=total,
            hits=hits,
            facets=facets,
            facet_totals=totals,
            suggestion=suggestion,
            understood=understood,
            page=request.page,
            per_page=request.per_page,
            sort=request.sort,
            took_ms=(time.perf_counter() - started) * 1000,
        )

    def list_documents(self, request: SearchRequest, limit: int = 10_000) -> list[dict]:
        """Every result of a request in order (for exports and timelines), without snippets."""
        with self._exclusive:
            return self._list_documents_locked(request, limit)

    def _list_documents_locked(self, request: SearchRequest, limit: int = 10_000) -> list[dict]:
        m = self._match(request)
        searcher, columns, parsed, persons = m.searcher, m.columns, m.parsed, m.persons
        matched, allowed = m.matched, m.allowed
        ordered = self._ordered(
            request, searcher, columns, parsed, persons, allowed, matched.bit_count(), limit
        )
        out = []
        for doc, _ in ordered:
            summary = columns.summary[doc]
            out.append(
                {
                    "id": _doc_id(columns, doc),
                    "title": summary.get("title", ""),
                    "url": summary.get("url"),
                    "source_url": summary.get("source_url"),
                    "published": summary.get("published"),
                    "site": summary.get("site", ""),
                    "author": summary.get("author", ""),
                    "persons": list(summary.get("persons", [])),
                    "codes": list(summary.get("codes", [])),
                }
            )
        return out

    def document(self, doc_id: str) -> dict | None:
        """The stored record of one article, with its repost group, or None."""
        with self._exclusive:
            return self._document_locked(doc_id)

    def _document_locked(self, doc_id: str) -> dict | None:
        with self._lock:
            searcher, columns = self._searcher, self._columns
        assert searcher is not None and columns is not None
        doc = searcher.document_number(id=doc_id)
        if doc is None or doc not in columns.summary:
            return None
        record = json.loads(searcher.stored_fields(doc)["record"])
        group = columns.groups()[columns.group[doc]]
        record["id"] = doc_id
        record["copies"] = [
            {
                "id": _doc_id(columns, d),
                "url": columns.summary[d].get("url"),
                "site": columns.summary[d].get("site"),
                "published": columns.summary[d].get("published"),
                "original": i == 0 and not columns.summary[d].get("source_url"),
            }
            for i, d in enumerate(group)
            if d != doc
        ]
        return record

    def canonical_code(self, text: str) -> str | None:
        """The indexed code `text` names in any spelling ("16/2017/ND-CP"), or None."""
        with self._lock:
            columns = self._columns
        assert columns is not None
        return code_search.canonical_code(text, columns)

    def person_roles(self, name: str, limit: int = 60) -> dict[str, list[str]]:
        """Roles written beside `name`, per article id, read from its newest `limit` articles."""
        with self._exclusive:
            searcher, columns = self._searcher, self._columns
            assert searcher is not None and columns is not None
            wanted = fold_diacritics(name)
            docs = self._term_docs(searcher, [("person_f", wanted)])
            out: dict[str, list[str]] = {}
            for doc in self._by_date(columns, docs, True, limit):
                record = json.loads(searcher.stored_fields(doc)["record"])
                for person in record.get("persons", []):
                    if fold_diacritics(person["name"]) == wanted and person["roles"]:
                        out[_doc_id(columns, doc)] = person["roles"]
            return out

    def matching_ids(self, q: str) -> set[str]:
        """The ids of every document the query text matches (no filters, no collapsing)."""
        with self._exclusive:
            return self._matching_ids_locked(q)

    def _matching_ids_locked(self, q: str) -> set[str]:
        with self._lock:
            searcher, columns = self._searcher, self._columns
        assert searcher is not None and columns is not None
        parsed = parse_query(q)
        docs = columns.all_docs if parsed.root is None else self._node_docs(searcher, parsed.root)
        return {_doc_id(columns, d) for d in bitset.to_docs(docs)}

    def _selections(self, request: SearchRequest, columns: Columns) -> dict[str, int]:
        selections = {}
        for name, values in request.filters.items():
            values = [v for v in values if v]
            if not values:
                continue
            if name == "person":
                variants = columns.names_folded("person")
                values = [name for v in values for name in variants.get(fold_diacritics(v), [])]
            if name == "code":  # any spelling: every indexed reading of it
                values = code_search.canonical_values(values, columns)
            selections[name] = columns.with_values(name, values)
            if name == "year" and UNDATED in values:
                selections[name] |= columns.undated()
        if request.date_from or request.date_to:
            selections["date"] = columns.in_date_range(request.date_from, request.date_to)
        return selections

    def _facets(
        self,
        request: SearchRequest,
        columns: Columns,
        matched: int,
        selections: dict[str, int],
    ) -> tuple[dict[str, list[FacetValue]], dict[str, int]]:
        facets: dict[str, list[FacetValue]] = {}
        totals: dict[str, int] = {}
        masks: dict[int, np.ndarray] = {}
        for name in FACETS:
            base = matched
            for other, docs in selections.items():
                if other != name and not (name == "month" and other == "year"):
                    base = base & docs
            if name == "month":
                years = request.filters.get("year") or []
                if len(years) != 1:
                    continue
                base = base & selections["year"]
            if base not in masks:  # facets without a selection of their own share one
                masks[base] = columns.mask(base)
            names = columns.facet_names(name)
            # Repost groups, counted once per value they carry: what selecting it returns.
            counts = columns.group_count_array(name, base, masks[base])
            present = np.flatnonzero(counts)
            needle = fold_diacritics(request.facet_filter.get(name, "")).strip()
            if needle:
                present = np.array(
                    [i for i in present.tolist() if needle in fold_diacritics(names[i])],
                    dtype=np.int64,
                )
            totals[name] = int(present.size)
            # Sorted in numpy, and only the values shown become Python objects: a facet
            # such as person has thousands of values with a count.
            ranks = columns.name_ranks(name)[present]
            if name in ("year", "month"):
                ordered = present[np.argsort(-ranks)]
            else:
                ordered = present[np.lexsort((ranks, -counts[present]))]
            limit = None if request.facet_more == name or name == "year" else request.facet_limit
            top = ordered if limit is None else ordered[:limit]
            shown = [(names[i], c) for i, c in zip(top.tolist(), counts[top].tolist(), strict=True)]
            selected = set(request.filters.get(name, []))
            numbers = columns.value_numbers(name)
            shown += [
                (v, int(counts[numbers[v]]) if v in numbers else 0)
                for v in sorted(selected - {v for v, _ in shown})
            ]
            if name == "person":  # selecting a person selects every spelling folding alike
                shown = [(v, self._person_count(columns, base, v, c)) for v, c in shown]
            if name == "year":  # every year, then the articles without a date
                shown = sorted(((v, c) for v, c in shown if v != UNDATED), reverse=True)
                undated = columns.representatives(base & columns.undated()).bit_count()
                if undated or UNDATED in selected:
                    shown.append((UNDATED, undated))
            facets[name] = [FacetValue(v, c, v in selected) for v, c in shown]
        return facets, totals

    @staticmethod
    def _person_count(columns: Columns, base: int, name: str, count: int) -> int:
        """What selecting `name` returns: `count`, unless other spellings fold alike."""
        variants = columns.names_folded("person").get(fold_diacritics(name), [name])
        if len(variants) < 2:
            return count
        return columns.representatives(base & columns.with_values("person", variants)).bit_count()

    def _ordered(
        self,
        request: SearchRequest,
        searcher: Searcher,
        columns: Columns,
        parsed: ParsedQuery,
        persons: list[str],
        allowed: int,
        text_matches: int,
        want: int,
    ) -> list[tuple[int, float | None]]:
        """The first `want` results in order, one per repost group."""
        scoring = None
        if request.sort == "relevance":
            scoring = self._scoring_query(searcher, parsed.root, persons)
            if persons:
                boost = wq.Or([wq.Term("person_f", fold_diacritics(p), boost=3.0) for p in persons])
                scoring = boost if scoring is None else wq.AndMaybe(scoring, boost)
        ordered: list[tuple[int, float | None]] = []
        candidates = want * CANDIDATE_FACTOR + CANDIDATE_SLACK
        if (
            scoring is not None
            and allowed
            and self._scoring_cost(searcher, parsed, text_matches) > EXACT_RANKING_LIMIT
        ):
            ordered = self._rank_by_features(
                searcher, columns, parsed, persons, allowed, candidates
            )
        elif scoring is not None and allowed:
            limit = max(RERANK_DEPTH, candidates)
            allow = None if allowed == columns.all_docs else set(bitset.to_docs(allowed))
            while True:
                results = searcher.search(scoring, filter=allow, limit=limit)
                ordered = self._rerank(columns, [(h.docnum, h.score) for h in results], parsed)
                if (
                    results.scored_length() < limit  # the scoring query matches no more
                    or len(ordered) >= allowed.bit_count()
                    or len(self._collapse(columns, ordered, want)) >= want
                ):
                    break
                limit *= 4
            missing = allowed & ~bitset.from_docs(d for d, _ in ordered)
            if missing and len(self._collapse(columns, ordered, want)) < want:
                ordered += [(d, None) for d in self._by_date(columns, missing, True, candidates)]
        else:
            newest = request.sort != "oldest"
            ordered = [(d, None) for d in self._by_date(columns, allowed, newest, candidates)]
            if len(self._collapse(columns, ordered, want)) < want:
                everything = allowed.bit_count()
                ordered = [(d, None) for d in self._by_date(columns, allowed, newest, everything)]
        patterns = code_search.positive_patterns(parsed.root)
        if patterns and request.sort == "relevance" and allowed:
            ordered = code_search.rank_for_codes(
                code_search.CodeMatcher.build(patterns, columns),
                columns,
                allowed,
                ordered,
                lambda doc: json.loads(searcher.stored_fields(doc)["record"]).get("body", ""),
                by_score=bool(self._word_runs(parsed.root)),
                want=want,
            )
        return self._collapse(columns, ordered, want)

    def _rank_by_features(
        self,
        searcher: Searcher,
        columns: Columns,
        parsed: ParsedQuery,
        persons: list[str],
        allowed: int,
        count: int,
    ) -> list[tuple[int, float | None]]:
        """Order a large result set without scoring every document.

        A document earns the inverse document frequency of each query word in its title,
        a bonus when the words stand together in the title, and bonuses for a recognised
        person or an exactly cited code; ties go to the newest.
        """
        total = max(1, len(columns.docs))
        size = allowed.bit_length()
        scores = np.zeros(size)

        def earn(docs: int, points: float) -> None:
            if docs & allowed:
                scores[bitset.to_mask(docs & allowed, size)] += points

        for words in self._word_runs(parsed.root):
            folded = [fold_diacritics(w) for w in words]
            for word in dict.fromkeys(folded):
                idf = math.log(1 + total / (1 + self._word_docs(searcher, word).bit_count()))
                earn(self._term_docs(searcher, [("title_f", word)]), idf)
            if len(folded) > 1:
                key = ("tp", *folded)
                earn(
                    self._docs(searcher, key, lambda f=folded: wq.Phrase("title_f", f)),
                    2 * len(folded),
                )
        for name in persons:
            earn(self._term_docs(searcher, [("person_f", fold_diacritics(name))]), 3)
        for code in self._exact_codes(parsed.root):
            earn(self._term_docs(searcher, [("code", code)]), 3)
        # The best `count` by score, then newest, sorted in numpy.
        candidates = np.flatnonzero(scores)
        if candidates.size > count:
            cut = candidates.size - count
            kth = np.partition(scores[candidates], cut)[cut]
            candidates = candidates[scores[candidates] >= kth]
        published = columns.published_array()[candidates]
        best = candidates[np.lexsort((published, scores[candidates]))[::-1]][:count].tolist()
        ordered = self._rerank(columns, [(d, round(float(scores[d]), 3)) for d in best], parsed)
        if len(ordered) < count:
            rest = allowed & ~bitset.from_docs(best)
            ordered += [(d, 0.0) for d in self._by_date(columns, rest, True, count - len(ordered))]
        return ordered

    def _scoring_cost(self, searcher: Searcher, parsed: ParsedQuery, text_matches: int) -> int:
        """Roughly how many documents Whoosh would visit to score the query."""
        words = [w for run in self._word_runs(parsed.root) for w in run]
        if not words:
            return text_matches
        result = self.columns.all_docs
        for word in words:
            result &= self._word_docs(searcher, word)
        return max(result.bit_count(), text_matches)

    @staticmethod
    def _word_runs(node: Node | None) -> list[list[str]]:
        runs: list[list[str]] = []
        for current in () if node is None else node.walk(negated=False):
            match current:
                case Words(words=words) | Phrase(words=words):
                    runs.append(words)
                case FieldValue(field="title", value=value):
                    runs.append(value.split())
        return runs

    def _exact_codes(self, node: Node | None) -> list[str]:
        codes: list[str] = []
        for current in () if node is None else node.walk(negated=False):
            match current:
                case CodeRef(pattern=pattern) if pattern is not None:
                    codes.extend(code_search.resolve(pattern, self.columns))
                case CodeRef(loose=False, key=key):
                    codes.append(key)
        return codes

    @staticmethod
    def _rerank(
        columns: Columns, scored: list[tuple[int, float]], parsed: ParsedQuery
    ) -> list[tuple[int, float | None]]:
        """Re-rank the best candidates: words standing together first, then exact accents.

        Both are read from the text column for these candidates only, never for every
        document that holds frequent words, which keeps common multi-word queries fast.
        """
        runs: list[list[str]] = []
        accented: list[str] = []

        for node in parsed.walk(negated=False):
            match node:
                case Words(words=words):
                    if len(words) > 1:
                        runs.append([fold_diacritics(w) for w in words])
                    accented.extend(w for w in words if has_diacritics(w))
                case Phrase(words=words):
                    accented.extend(w for w in words if has_diacritics(w))
        if not scored or not (runs or accented):
            return list(scored)
        text = columns.text
        exact = [n for n in (text.number(w) for w in dict.fromkeys(accented)) if n is not None]
        bonus = max(1.0, max(score or 0.0 for _, score in scored))
        reranked = []
        for doc, score in scored:
            points = score or 0.0
            if any(text.holds_phrase(doc, run) for run in runs):
                points += bonus
            if accented:
                points += bonus * sum(text.holds_number(doc, n) for n in exact) / len(accented)
            reranked.append((doc, round(points, 3)))
        return sorted(reranked, key=lambda item: -item[1])

    @staticmethod
    def _by_date(columns: Columns, docs: int, newest: bool, count: int) -> list[int]:
        """The first `count` of `docs` by date: scan the date order when `docs` is dense."""
        size = docs.bit_count()
        if size * DENSE_DATE_SCAN > len(columns.docs):
            present = bitset.Membership(docs)
            order = columns.newest_first() if newest else columns.oldest_first()
            return list(islice((d for d in order if d in present), count))
        key = columns.published.__getitem__
        members = bitset.to_docs(docs)
        if newest:
            return heapq.nlargest(count, members, key=lambda d: (key(d), -d))
        return heapq.nsmallest(count, members, key=lambda d: (key(d) or 10**7, d))

    @staticmethod
    def _collapse(
        columns: Columns, ordered: list[tuple[int, float | None]], want: int
    ) -> list[tuple[int, float | None]]:
        seen, out = set(), []
        for doc, score in ordered:
            group = columns.group[doc]
            if group in seen:
                continue
            seen.add(group)
            out.append((doc, score))
            if len(out) >= want:
                break
        return out

    def _hit(
        self,
        searcher: Searcher,
        columns: Columns,
        doc: int,
        score: float | None,
        terms: set[str],
        codes: code_search.CodeMatcher | None = None,
    ) -> Hit:
        summary = columns.summary[doc]
        stored = searcher.stored_fields(doc)
        record = json.loads(stored["record"])
        group_docs = columns.groups()[columns.group[doc]]
        original = group_docs[0]
        shown = original if not columns.summary[original].get("source_url") else doc
        copies = [
            {
                "id": _doc_id(columns, d),
                "url": columns.summary[d].get("url"),
                "site": columns.summary[d].get("site"),
                "published": columns.summary[d].get("published"),
            }
            for d in group_docs
            if d != shown
        ]
        if shown != doc:
            summary = columns.summary[shown]
            stored = searcher.stored_fields(shown)
            record = json.loads(stored["record"])
        return Hit(
            id=stored["id"],
            title=summary.get("title", ""),
            url=summary.get("url"),
            source_url=summary.get("source_url"),
            published=summary.get("published"),
            site=summary.get("site", ""),
            snippet=(codes and code_search.citing_snippet(record.get("body", ""), codes, terms))
            or _snippet(record, terms),
            persons=list(summary.get("persons", [])),
            codes=list(summary.get("codes", [])),
            copies=copies,
            score=round(score, 3) if score is not None else None,
            gone=bool(record.get("gone")),
            captured=bool(record.get("capture")),
        )

    @staticmethod
    def _highlight_terms(parsed: ParsedQuery) -> set[str]:
        terms: set[str] = set()
        for node in parsed.walk(negated=False):
            match node:
                case Words(words=words) | Phrase(words=words):
                    terms.update(fold_diacritics(w) for w in words)
                case FieldValue(field="title" | "person", value=value):
                    terms.update(fold_diacritics(value).split())
        return query_terms(parsed, terms)

    def _recognise_persons(self, parsed: ParsedQuery) -> list[str]:
        found: list[str] = []
        columns = self.columns
        for node in parsed.walk(negated=False):
            match node:
                case Words(words=typed) | Phrase(words=typed):
                    words = [fold_diacritics(w) for w in typed]
                    for size in PERSON_NAME_SIZES:
                        for i in range(len(words) - size + 1):
                            name = columns.persons_folded.get(" ".join(words[i : i + size]))
                            if name and name not in found:
                                found.append(name)
                case FieldValue(field="person", value=value):
                    name = columns.persons_folded.get(fold_diacritics(value))
                    if name and name not in found:
                        found.append(name)
        return found

    def _suggest(self, searcher: Searcher, parsed: ParsedQuery, q: str, total: int) -> str | None:
        words: list[str] = []
        for node in parsed.walk(negated=False):
            if isinstance(node, Words | Phrase):
                words.extend(node.words)
        if not words or len(words) > MAX_SUGGESTED_WORDS:
            return None
        columns = self.columns
        known = [fold_diacritics(w) in columns.vocabulary for w in words]
        if all(known) and not has_diacritics(" ".join(words)):
            restored = restore_query([fold_diacritics(w) for w in words], columns)
            suggestion = respell_query(q, words, restored)  # codes and fields kept as typed
            return suggestion if suggestion != q else None
        if all(known):
            return None
        corrected = []
        corrector = searcher.corrector("body_f")
        for word, is_known in zip(words, known, strict=True):
            folded = fold_diacritics(word)
            if is_known or len(folded) < 3:
                corrected.append(folded)
                continue
            options: list[str] = []
            for distance in (1, 2) if len(folded) > 4 else (1,):
                options = corrector.suggest(folded, limit=1, maxdist=distance)
                if options:
                    break
            corrected.append(options[0] if options else folded)
        restored = restore_query(corrected, columns)
        suggestion = respell_query(q, words, restored)
        return suggestion if fold_diacritics(suggestion) != fold_diacritics(q) else None

    @staticmethod
    def _understood(parsed: ParsedQuery, persons: list[str]) -> dict:
        words: list[str] = []
        mode = "all"
        for node in parsed.walk():  # words under NOT too: they are part of what was typed
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
            "mode": mode,
            "warnings": parsed.warnings,
        }


def _open_every_file(reader) -> None:  # noqa: ANN001 - a Whoosh IndexReader
    """Open the per-document files of every segment now, while they all exist.

    Whoosh opens a segment's stored-fields and field-length files on first use. A later
    commit that merges segments deletes the old files, so a searcher still on the old
    state failed with FileNotFoundError (or silently read lengths of 0) when it first
    needed one. Files opened before the deletion stay readable.
    """
    for leaf, _ in reader.leaf_readers():
        if not leaf.doc_count_all():
            continue
        leaf.stored_fields(0)
        for name, field_type in leaf.schema.items():
            if field_type.scorable:
                leaf.doc_field_length(0, name)


def _snippet(record: dict, terms: set[str]) -> str:
    """A passage of the body; of the page text when only that holds the query's words."""
    body, page = record.get("body", ""), record.get("page_text", "")
    snippet = make_snippet(body, terms)
    if page and terms and "<mark>" not in snippet:
        from_page = make_snippet(page, terms)
        if "<mark>" in from_page:
            return from_page
    return snippet


def _doc_id(columns: Columns, doc: int) -> str:
    """The stable id of a document (its canonical URL, else its path), from the columns."""
    summary = columns.summary[doc]
    return summary.get("url") or summary.get("path") or str(doc)


_ENGINES: dict[Path, SearchEngine] = {}
_ENGINES_LOCK = threading.Lock()


@atexit.register
def _close_engines() -> None:
    """Close the shared engines' files when the process ends."""
    with _ENGINES_LOCK:
        for engine in _ENGINES.values():
            engine.close()
        _ENGINES.clear()


def get_engine(index_dir: str | Path) -> SearchEngine:
    """A shared engine per index folder, refreshed when the index was rebuilt."""
    path = Path(index_dir).resolve()
    with _ENGINES_LOCK:
        engine = _ENGINES.get(path)
        if engine is None:
            engine = _ENGINES[path] = SearchEngine(path)
            return engine
    engine.refresh_if_changed()
    return engine


def search(request: SearchRequest, index_dir: str | Path = "index") -> SearchResponse:
    """The one search function every caller uses."""
    return get_engine(index_dir).search(request)
