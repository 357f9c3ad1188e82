"""Facets: the values of each facet among the matched documents, with their counts.

Counts follow Solr's tag/exclude rule: a facet's counts ignore that facet's own
selection, so several values of one facet combine with OR. Facet values come from the
index (the columns); where they are compared with typed text (a facet's search box, a
person spelled two ways) both sides are folded here, the typed side where it enters.
"""

from __future__ import annotations

import numpy as np

from indexer.fields import BY_NAME, FACETS
from indexer.search.columns import Columns
from indexer.search.request import UNDATED, FacetValue, SearchRequest
from indexer.text.normalize import fold_diacritics


def facets(
    columns: Columns, request: SearchRequest, matched: int, selections: dict[str, int]
) -> tuple[dict[str, list[FacetValue]], dict[str, int]]:
    """Every facet's values shown for `request`, and how many values each facet has."""
    shown_facets: dict[str, list[FacetValue]] = {}
    totals: dict[str, int] = {}
    masks: dict[int, np.ndarray] = {}
    for name in FACETS:
        base = facet_base(name, request, matched, selections)
        if base is None:
            continue
        if base not in masks:  # facets without a selection of their own share one
            masks[base] = columns.mask(base)
        values, totals[name] = facet_values(columns, request, name, base, masks[base])
        shown_facets[name] = values
    return shown_facets, totals


def facet_base(
    name: str, request: SearchRequest, matched: int, selections: dict[str, int]
) -> int | None:
    """The documents a facet counts in: the match and every other facet's selection
    (None: the facet is not shown; months need exactly one year)."""
    needs = BY_NAME[name].facet.needs  # declared in indexer/fields.py (month needs a year)
    base = matched
    for other, docs in selections.items():
        if other != name and other != needs:
            base = base & docs
    if needs:
        if len(request.filters.get(needs) or []) != 1:
            return None
        base = base & selections[needs]
    return base


def facet_values(
    columns: Columns, request: SearchRequest, name: str, base: int, mask: np.ndarray
) -> tuple[list[FacetValue], int]:
    """One facet's shown values (top by count, or by date for years and months), and
    the number of values it has in `base`."""
    names = columns.facet_names(name)
    # Repost groups, counted once per value they carry: what selecting it returns.
    counts = columns.group_count_array(name, base, mask)
    present = np.flatnonzero(counts)
    if name == "person":  # selecting a person selects every spelling folding alike
        counts = variant_counts(columns, base, counts, present)
    needle = fold_diacritics(request.facet_filter.get(name, "")).strip()
    if needle:
        present = np.array(
            [i for i in present.tolist() if needle in fold_diacritics(names[i])],
            dtype=np.int64,
        )
    total = int(present.size)
    # Sorted in numpy, and only the values shown become Python objects: a facet
    # such as person has thousands of values with a count.
    declared = BY_NAME[name].facet
    ranks = columns.name_ranks(name)[present]
    if declared.order == "value":  # newest first (years, months)
        ordered = present[np.argsort(-ranks)]
    else:
        ordered = present[np.lexsort((ranks, -counts[present]))]
    limit = None if request.facet_more == name or not declared.cut else request.facet_limit
    top = ordered if limit is None else ordered[:limit]
    shown = [(names[i], c) for i, c in zip(top.tolist(), counts[top].tolist(), strict=True)]
    selected = set(request.filters.get(name, []))
    numbers = columns.value_numbers(name)
    shown += [
        (v, int(counts[numbers[v]]) if v in numbers else 0)
        for v in sorted(selected - {v for v, _ in shown})
    ]
    if name == "person":  # a selected name no document in `base` spells that way
        shown = [(v, c or person_count(columns, base, v, c)) for v, c in shown]
    if name == "year":  # every year, then the articles without a date
        shown = sorted(((v, c) for v, c in shown if v != UNDATED), reverse=True)
        undated = columns.representatives(base & columns.undated()).bit_count()
        if undated or UNDATED in selected:
            shown.append((UNDATED, undated))
    return [FacetValue(v, c, v in selected) for v, c in shown], total


def variant_counts(
    columns: Columns, base: int, counts: np.ndarray, present: np.ndarray
) -> np.ndarray:
    """`counts` with each name that other spellings fold alike to counted as a click on it
    returns (every spelling), before the values are sorted by count."""
    out = counts
    for variants, chosen in spelling_groups(columns):
        if not np.any(counts[chosen]):
            continue
        total = columns.representatives(base & columns.with_values("person", variants))
        if out is counts:
            out = counts.copy()
        out[chosen] = [total.bit_count() if counts[i] else 0 for i in chosen]
    return out


def spelling_groups(columns: Columns) -> list[tuple[list[str], list[int]]]:
    """The person names that fold alike, with their value numbers (read once per index)."""

    def build() -> list[tuple[list[str], list[int]]]:
        numbers = columns.value_numbers("person")
        return [
            (variants, [numbers[v] for v in variants])
            for variants in columns.names_folded("person").values()
            if len(variants) > 1
        ]

    return columns._cached("person-spelling-groups", build)


def person_count(columns: Columns, base: int, name: str, count: int) -> int:
    """What selecting `name` returns: `count`, unless other spellings fold alike."""
    variants = columns.names_folded("person").get(fold_diacritics(name), [name])
    if len(variants) < 2:
        return count
    return columns.representatives(base & columns.with_values("person", variants)).bit_count()
