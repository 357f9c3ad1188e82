"""Pure URL helpers: functions of (path, args), never of `flask.request`.

`args` is a request's query string as (name, value) pairs in order, such as
`list(request.args.items(multi=True))`; Datasette's `path_with_added_args` is the model.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import urlencode, urlsplit

Args = Sequence[tuple[str, str]]


def safe_link(url: str | None) -> str | None:
    """Only http(s) links leave the page: never javascript: or data: from article content."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def args_without(args: Args, *names: str) -> list[tuple[str, str]]:
    """`args` less every pair named in `names` and every empty value."""
    return [(k, v) for k, v in args if k not in names and v != ""]


def path_with_args(path: str, items: Iterable[tuple[str, str]]) -> str:
    """`path` with `items` as its query string (none when `items` is empty)."""
    items = list(items)
    return path + ("?" + urlencode(items) if items else "")


def path_with_removed_args(path: str, args: Args, *names: str) -> str:
    """`path` with `args`, less the named arguments and empty values."""
    return path_with_args(path, args_without(args, *names))


def path_with_replaced_arg(path: str, args: Args, name: str, value: str, *drop: str) -> str:
    """`path` with `args` where `name` has the one value `value`, less the `drop` arguments."""
    return path_with_args(path, [*args_without(args, name, *drop), (name, value)])


def path_with_toggled_arg(path: str, args: Args, name: str, value: str) -> str:
    """`path` with the filter `name=value` removed if `args` has it, added if not; back to page 1."""
    items = args_without(args, "page")
    if (name, value) in items:
        items = [i for i in items if i != (name, value)]
    else:
        items.append((name, value))
    return path_with_args(path, items)
