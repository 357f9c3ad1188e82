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

from indexer.fields import BY_NAME, FACETS, FILTERS, SEARCHABLE_FACETS
from indexer.limits import Limits
from indexer.search.request import MIN_YEAR
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
        values: dict = {"type": "string", "maxLength": MAX_FILTER_CHARS}
        description = f"filter by {name}"
        form = BY_NAME[name].value_form
        if form is not None:  # blank values are ignored, as an empty form field is
            values["pattern"] = rf"^\s*(?:(?:{form.pattern})\s*)?$"
            description += f": {form.english}"
        schema = {"type": "array", "maxItems": MAX_FILTER_VALUES, "items": values}
        parameter = _query_parameter(name, description, schema)
        parameters.append({**parameter, "style": "form", "explode": True})
    for name in SEARCHABLE_FACETS:
        text = {"type": "string", "maxLength": limits.max_query_chars}
        parameters.append(
            _query_parameter(f"fq_{name}", f"text to find inside the {name} facet", text)
        )
    return parameters


def describe(static: dict, limits: Limits) -> dict:
    """`static` (openapi.json as read) with the filters of each marked operation added,
    and the ranges of its query, paging and date parameters set from `limits`."""
    description = copy.deepcopy(static)
    for operations in description.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict) and operation.pop(MARKER, False):
                _state_ranges(operation.setdefault("parameters", []), limits)
                operation["parameters"].extend(filter_parameters(limits))
    return description


def _state_ranges(parameters: list[dict], limits: Limits) -> None:
    """The limits of a search's own parameters, as the server enforces them."""
    for parameter in parameters:
        schema, name = parameter.get("schema", {}), parameter["name"]
        if name == "q":
            schema["maxLength"] = limits.max_query_chars
            parameter["description"] = (
                f"the query: at most {limits.max_query_chars} characters, no word longer "
                f"than {limits.max_word_chars} (VANKIEN_MAX_QUERY_CHARS, "
                "VANKIEN_MAX_WORD_CHARS); one with nothing searchable in it finds nothing"
            )
        elif name == "page":
            schema["maximum"] = limits.max_page
        elif name == "per_page":
            schema["maximum"] = limits.max_per_page
        elif name in ("from", "to"):
            parameter["description"] += f"; the year has four digits ({MIN_YEAR}-9999)"


def _query_parameter(name: str, description: str, schema: dict) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }
