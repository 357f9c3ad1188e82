"""The search engine: a thin orchestrator of the stages over the current snapshot.

    snapshot  (snapshot.py: one index generation, swapped on refresh)
      -> matching  (matching.py: query tree and filters -> document sets)
      -> facets    (facets.py: counts per facet value)
      -> ranking   (ranking.py: the page's documents in order)
      -> results   (results.py: hits, snippets, understood, suggestion)

Each stage is a plain function of (snapshot, input); only the snapshot's storage view
(indexer/store/: the store's `IndexView`) touches the index.
"""

from __future__ import annotations

import atexit
import threading
import time
from pathlib import Path

from indexer import bitset
from indexer.search import code_search, facets, matching, ranking, results
from indexer.search.columns import Columns
from indexer.search.matching import Matching
from indexer.search.query import parse_query
from indexer.search.request import SearchRequest, SearchResponse
from indexer.search.snapshot import Snapshot, SnapshotHolder
from indexer.search.suggest import helpful_suggestion, query_docs
from indexer.store import Store, open_store


class SearchEngine:
    """An open index: searches it, and picks up a rebuilt index without a restart."""

    def __init__(self, store: str | Path | Store) -> None:
        """`store`: an index's location (a folder today), or a `Store` of any backend."""
        if isinstance(store, str | Path):
            store = open_store(store)
        self.store = store
        self._holder = SnapshotHolder(store)

    # -- opening and refreshing ---------------------------------------------------------

    @property
    def snapshot(self) -> Snapshot:
        """The current index generation (a search keeps the one it started with)."""
        return self._holder.current

    def refresh_if_changed(self) -> bool:
        """Reopen when a newer index generation was committed; True when it changed."""
        return self._holder.refresh_if_changed()

    @property
    def is_empty(self) -> bool:
        """True while the index holds no committed article (a first build still running)."""
        return not self.columns.docs

    def close(self) -> None:
        self._holder.close()

    @property
    def columns(self) -> Columns:
        return self.snapshot.columns

    @property
    def _searcher(self):  # noqa: ANN202 - the Whoosh searcher, for tests reading stored fields
        return self.snapshot.view.searcher

    # -- the search itself --------------------------------------------------------------

    def _match(self, request: SearchRequest) -> Matching:
        """Validate, parse and match a request."""
        return matching.match(self.snapshot, request)

    def search(self, request: SearchRequest) -> SearchResponse:
        """Answer one request. Raises SearchError for a request that makes no sense."""
        with self._holder.reading:
            started = time.perf_counter()
            m = self._match(request)
            snapshot, columns, parsed = m.snapshot, m.columns, m.parsed
            found_facets, totals = facets.facets(columns, request, m.matched, m.selections)
            total = columns.representatives(m.allowed).bit_count()
            skip = (request.page - 1) * request.per_page
            want = skip + request.per_page
            ordered = ranking.order(m, request.sort, want)
            hits = results.hits(snapshot, ordered[skip:want], parsed, m.allowed)
            understood = results.understood(parsed, m.persons)
            suggestion = results.suggestion(snapshot, parsed, request.q)
            patterns = code_search.positive_patterns(parsed.root)
            if patterns:
                notes = code_search.understood_codes(
                    patterns, columns, request.q, total, self._count_query
                )
                understood.update(notes.understood)
                suggestion = notes.suggestion or suggestion
            docs_of = query_docs(lambda node: matching.node_docs(snapshot, node), columns.all_docs)
            suggestion = helpful_suggestion(
                request.q, suggestion, docs_of, columns.text, m.selections.values(), m.allowed
            )
            return SearchResponse(
                total=total,
                hits=hits,
                facets=found_facets,
                facet_totals=totals,
                suggestion=suggestion,
                understood=understood,
                page=request.page,
                per_page=request.per_page,
                sort=request.sort,
                took_ms=(time.perf_counter() - started) * 1000,
            )

    def _count_query(self, q: str) -> int:
        """How many results the query text alone returns (what a link to it shows)."""
        snapshot = self.snapshot
        docs = matching.query_docs(snapshot, parse_query(q))
        return snapshot.columns.representatives(docs).bit_count()

    def list_documents(self, request: SearchRequest, limit: int = 10_000) -> list[dict]:
        """Every result of a request in order (for exports and timelines), without snippets."""
        with self._holder.reading:
            m = self._match(request)
            ordered = ranking.order(m, request.sort, limit)
            return [results.document_row(m.snapshot, doc) for doc, _ in ordered]

    def document(self, doc_id: str) -> dict | None:
        """The stored record of one article, with its repost group, or None."""
        with self._holder.reading:
            return results.document(self.snapshot, doc_id)

    def attachments(self, record: dict) -> list[dict]:
        """The files an article (a stored record) links, with the documents they are."""
        with self._holder.reading:
            return results.attachments(self.snapshot, record)

    def linking_articles(self, record: dict) -> list[dict]:
        """The articles that link a document (a stored record), newest first."""
        with self._holder.reading:
            return results.linking_articles(self.snapshot, record)

    def documents_of_code(self, code: str) -> list[dict]:
        """The attached files that are the document `code` itself (its header carries it)."""
        with self._holder.reading:
            return results.documents_of_code(self.snapshot, code)

    def canonical_code(self, text: str) -> str | None:
        """The indexed code `text` names in any spelling ("16/2017/ND-CP"), or None."""
        return code_search.canonical_code(text, self.columns)

    def codes_numbered(self, number: int) -> list[str]:
        """The indexed codes of one number ("Cùng số": 17-CT/TU, 17-CT/TW, 17/CT-TTg)."""
        return code_search.codes_numbered(number, self.columns)

    def person_roles(self, name: str, limit: int = 60) -> dict[str, list[str]]:
        """Roles written beside `name`, per article id, read from its newest `limit` articles."""
        with self._holder.reading:
            return results.person_roles(self.snapshot, name, limit)

    def matching_ids(self, q: str) -> set[str]:
        """The ids of every document the query text matches (no filters, no collapsing)."""
        with self._holder.reading:
            snapshot = self.snapshot
            docs = matching.query_docs(snapshot, parse_query(q))
            return {snapshot.doc_id(d) for d in bitset.to_docs(docs)}


_ENGINES: dict[str, SearchEngine] = {}
_ENGINES_LOCK = threading.Lock()


@atexit.register
def _close_engines() -> None:
    """Close the shared engines' files when the process ends."""
    with _ENGINES_LOCK:
        for engine in _ENGINES.values():
            engine.close()
        _ENGINES.clear()


def get_engine(location: str | Path) -> SearchEngine:
    """A shared engine per index location, refreshed when the index was rebuilt."""
    key = _location_key(location)
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            engine = _ENGINES[key] = SearchEngine(location)
            return engine
    engine.refresh_if_changed()
    return engine


def _location_key(location: str | Path) -> str:
    """One key per index: a folder by its absolute path, a database by its address."""
    text = str(location)
    return text if "://" in text else str(Path(text).resolve())


def search(request: SearchRequest, location: str | Path = "index") -> SearchResponse:
    """The one search function every caller uses."""
    return get_engine(location).search(request)
