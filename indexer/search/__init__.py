"""Search: one request in, one plain-data response out, for the CLI and the web UI alike.

The search path is a package of stages (see engine.py); this module re-exports the
names callers import, so `from indexer.search import ...` keeps working.
"""

from indexer.search.engine import (
    _ENGINES,
    FACETS,
    FILTERS,
    SORTS,
    UNDATED,
    FacetValue,
    Hit,
    Matching,
    SearchEngine,
    SearchError,
    SearchRequest,
    SearchResponse,
    get_engine,
    search,
)

__all__ = [
    "FACETS",
    "FILTERS",
    "SORTS",
    "UNDATED",
    "_ENGINES",
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
