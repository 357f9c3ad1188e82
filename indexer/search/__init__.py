"""Search: one request in, one plain-data response out, for the CLI and the web UI alike.

The search path runs in stages over one immutable snapshot of the index (see
engine.py), with every helper the stages use beside them: the query parser, code
patterns, the columns and text column, snippets, suggestions. It reads the index only
through a store's view (indexer/store/); it never writes it. This module re-exports the
names callers import.
"""

from indexer.fields import FACETS, FILTERS
from indexer.search.engine import _ENGINES, SearchEngine, get_engine, search
from indexer.search.matching import Matching
from indexer.search.request import (
    SORTS,
    UNDATED,
    FacetValue,
    Hit,
    SearchError,
    SearchRequest,
    SearchResponse,
)

__all__ = [
    "_ENGINES",
    "FACETS",
    "FILTERS",
    "SORTS",
    "UNDATED",
    "FacetValue",
    "Hit",
    "Matching",
    "SearchEngine",
    "SearchError",
    "SearchRequest",
    "SearchResponse",
    "get_engine",
    "search",
]
