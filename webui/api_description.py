"""The OpenAPI description of the JSON API: the static webui/openapi.json, with the
search filters filled in from the fields declared in indexer/fields.py.

An operation marked `"x-search-filters": true` in openapi.json takes the search filters:
it gets, generated here, the `more` parameter (one of the facets shown), one parameter
per filter, and `fq_name` for every facet whose values can be searched by text. They are
generated when the description is served, not written into the file: a facet added in
fields.py is described at once, and nobody has a generated file to keep current.
"""

from __future__ import annotations

import copy

from indexer.fields import FACETS, FILTERS, SEARCHABLE_FACETS
from indexer.limits import Limits
from webui.params import MAX_FILTER_CHARS, MAX_FILTER_VALUES

MARKER = "x-search-filters"


def filter_parameters(limits: Limits) -> list[dict]:
    """The parameters every search-like operation takes, derived from the declared fields."""
    parameters = [
        _query_parameter(
            "more", "a facet whose every value is listed", {"type": "string", "enum": [*FACETS]}
        )
    ]
    for name in FILTERS:
        values = {"type": "string", "maxLength": MAX_FILTER_CHARS}
        schema = {"type": "array", "maxItems": MAX_FILTER_VALUES, "items": values}
        parameter = _query_parameter(name, f"filter by {name}", schema)
        parameters.append({**parameter, "style": "form", "explode": True})
    for name in SEARCHABLE_FACETS:
        text = {"type": "string", "maxLength": limits.max_query_chars}
        parameters.append(
            _query_parameter(f"fq_{name}", f"text to find inside the {name} facet", text)
        )
    return parameters


def describe(static: dict, limits: Limits) -> dict:
    """`static` (openapi.json as read) with the filters of each marked operation added."""
    description = copy.deepcopy(static)
    for operations in description.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict) and operation.pop(MARKER, False):
                operation.setdefault("parameters", []).extend(filter_parameters(limits))
    return description


def _query_parameter(name: str, description: str, schema: dict) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }
