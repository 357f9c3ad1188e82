"""Every result of a search, for scripts: pages of the web's size fetched one after another."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from indexer.search import Hit, SearchRequest, search


def iter_hits(
    request: SearchRequest, index_dir: str | Path, start: int = 0, count: int | None = None
) -> Iterator[Hit]:
    """The hits of `request` from rank `start` (0-based), `count` of them or all.

    The web's per-page cap stays where it protects the server; here the pages of
    the largest page the request's limits allow is asked for in turn, up to their deepest page
    (100,000 hits with the defaults).
    """
    per_page, last_page = request.limits.max_per_page, request.limits.max_page
    page, skip = divmod(start, per_page)
    page += 1
    given = 0
    while page <= last_page and (count is None or given < count):
        response = search(replace(request, page=page, per_page=per_page), index_dir)
        for hit in response.hits[skip:]:
            if count is not None and given >= count:
                return
            given += 1
            yield hit
        if page * per_page >= response.total or not response.hits:
            return
        page, skip = page + 1, 0
