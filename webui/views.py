"""The pages: each one data function rendered as HTML or as its JSON twin (`.json`).

A data function reads the request's `Params`, calls the search API of `indexer` and
returns a plain dict; `render_page` turns it into the page or the JSON. To add a page,
write its data function and its template and add a line to `PAGES`.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from indexer.codes import KIND_NAMES, parse_code
from indexer.search import SearchEngine, SearchError, SearchRequest, SearchResponse
from indexer.warc import read_capture
from webui.engine import SharedEngine
from webui.errors import UserError
from webui.labels import FACET_LABELS, SORT_LABELS
from webui.params import Params
from webui.urls import (
    Args,
    path_with_args,
    path_with_removed_args,
    path_with_replaced_arg,
    path_with_toggled_arg,
    safe_link,
)

ROLE_ARTICLES = 60  # the person page reads roles from this many of the newest articles
LISTED_ARTICLES = 2000  # articles listed on a code or person page, at most
CITED_WITH = 30  # codes shown as cited together with a code
SUGGESTIONS = 10  # values offered while typing
MAX_CODE_CHARS = 60  # longest document code looked up
MAX_NAME_CHARS = 300  # longest person name looked up
DATE_LABELS = {"from": "Từ ngày", "to": "Đến ngày"}
CAPTURE_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"
ENGINE = "vankien.engine"  # the SharedEngine's key in app.extensions

HELP_SYNTAX = [
    {
        "example": "nghi quyet 29",
        "meaning": "Gõ có dấu, không dấu hay thiếu dấu đều tìm được; các từ đứng liền nhau được xếp trước.",
    },
    {"example": '"xây dựng Đảng"', "meaning": "Cụm từ chính xác."},
    {
        "example": "29-NQ/TW, nq 29 tw, Nghị quyết 29",
        "meaning": "Mã văn bản viết theo mọi cách.",
    },
    {
        "example": "16/2017/ND-CP, nghi dinh 140/2016, NĐ 140, chi thi 05 nam 2016",
        "meaning": "Mã gõ không dấu, theo tên loại văn bản, số và năm; năm đi kèm mã "
        "thu hẹp kết quả. Bài có tiêu đề nêu mã được xếp trước.",
    },
    {"example": "a AND b, a OR b, NOT a, -a, ( … )", "meaning": "Kết hợp điều kiện."},
    {
        "example": 'title:"sơ kết" person:"Lê Hồng Sơn" code:29-NQ/TW site:… author:…',
        "meaning": "Tìm theo trường.",
    },
    {
        "example": "year:2017, date:2017-01..2017-06",
        "meaning": "Theo năm hoặc khoảng ngày.",
    },
    {"example": "dang*", "meaning": "Tìm theo tiền tố."},
]

pages = Blueprint("pages", __name__)


def engine() -> SearchEngine:
    """This process's search engine (see webui/engine.py)."""
    shared: SharedEngine = current_app.extensions[ENGINE]
    return shared.get()


def request_params() -> Params:
    """The current request's arguments, within the app's settings."""
    return Params(request.args, current_app.config["SETTINGS"])


# -- data functions ----------------------------------------------------------------------


def search_data(params: Params) -> dict:
    """The results page: hits, facets, and every link that changes the search."""
    search = params.search_request()
    try:
        response = engine().search(search)
    except SearchError as error:
        raise UserError(str(error)) from error
    data = response.to_dict()
    args = list(params.args.items(multi=True))
    add_facet_links(data, args)
    data["active_filters"] = active_filters(search, args)
    data.update(search_links(search, response, args))
    data.update(form_values(search))
    for hit in data["hits"]:
        hit["url"] = safe_link(hit["url"])
        hit["source_url"] = safe_link(hit["source_url"])
    return data


def add_facet_links(data: dict, args: Args) -> None:
    """Each facet value's toggle link, the facets' labels and their "all values" links."""
    for name, values in data["facets"].items():
        for value in values:
            value["toggle_url"] = path_with_toggled_arg("/search", args, name, value["value"])
    data["facet_labels"] = {k: FACET_LABELS[k] for k in data["facets"]}
    data["more_urls"] = {
        k: path_with_replaced_arg("/search", args, "more", k) for k in data["facets"]
    }


def active_filters(search: SearchRequest, args: Args) -> list[dict]:
    """The filters in force, each with the link that removes it."""
    active = [
        {
            "name": name,
            "label": FACET_LABELS.get(name, name),
            "value": value,
            "remove_url": path_with_toggled_arg("/search", args, name, value),
        }
        for name, values in search.filters.items()
        for value in values
    ]
    for name, value in (("from", search.date_from), ("to", search.date_to)):
        if value:
            # A range typed backwards was swapped (params.py): remove the argument holding it.
            source = next((k for k in (name, *DATE_LABELS) if (k, value.isoformat()) in args), name)
            active.append(
                {
                    "name": name,
                    "label": DATE_LABELS[name],
                    "value": value.isoformat(),
                    "remove_url": path_with_removed_args("/search", args, source, "page"),
                }
            )
    return active


def search_links(search: SearchRequest, response: SearchResponse, args: Args) -> dict:
    """Paging, sorting, export, JSON and "did you mean" links of a results page."""
    pages = max(1, -(-response.total // search.per_page))
    return {
        "pages": pages,
        "prev_url": (
            path_with_replaced_arg("/search", args, "page", str(search.page - 1))
            if search.page > 1
            else None
        ),
        "next_url": (
            path_with_replaced_arg("/search", args, "page", str(search.page + 1))
            if search.page < pages
            else None
        ),
        "sort_urls": {
            k: path_with_replaced_arg("/search", args, "sort", k, "page") for k in SORT_LABELS
        },
        "csv_url": path_with_removed_args("/search.csv", args, "page", "per_page"),
        "json_url": path_with_args("/search.json", args),
        "suggestion_url": (
            path_with_replaced_arg("/search", args, "q", response.suggestion, "page")
            if response.suggestion
            else None
        ),
    }


def form_values(search: SearchRequest) -> dict:
    """What the search form shows filled in, and the filters it carries hidden."""
    return {
        "q": search.q,
        "date_from": search.date_from.isoformat() if search.date_from else "",
        "date_to": search.date_to.isoformat() if search.date_to else "",
        "more": search.facet_more,
        "facet_filter": search.facet_filter,
        "hidden_filters": [(k, v) for k, values in search.filters.items() for v in values],
    }


def article_data(params: Params) -> dict:
    """One article by id, its links made safe and its body in paragraphs."""
    doc_id = params.one("id")
    if not doc_id:
        raise UserError("Thiếu mã bài viết (id).")
    record = engine().document(doc_id)
    if record is None:
        raise UserError("Không tìm thấy bài viết này trong chỉ mục.", 404)
    record["url"] = safe_link(record.get("url"))
    record["source_url"] = safe_link(record.get("source_url"))
    for copy in record["copies"]:
        copy["url"] = safe_link(copy.get("url"))
    record["paragraphs"] = [p for p in record.pop("body", "").split("\n") if p]
    record["capture_url"] = (
        path_with_args("/capture", [("id", doc_id)]) if record.get("capture") else None
    )
    return record


def code_data(params: Params) -> dict:
    """A document code: what it is, the articles citing it, codes cited with it, years."""
    key = params.one("code")
    if not key.strip() or len(key) > MAX_CODE_CHARS:
        raise UserError(f"Thiếu mã văn bản (code), hoặc mã dài quá {MAX_CODE_CHARS} ký tự.")
    parsed = parse_code(key)
    canonical = engine().canonical_code(key) or (parsed.code if parsed else key)
    parsed = parse_code(canonical) or parsed  # every spelling shows the indexed code
    search = SearchRequest(
        filters={"code": [canonical]}, sort="oldest", per_page=10, facet_limit=CITED_WITH
    )
    response = engine().search(search)
    articles = engine().list_documents(search, limit=LISTED_ARTICLES)
    cited_with = codes_cited_with(canonical, articles)
    return {
        "code": canonical,
        "info": parsed.to_dict() if parsed else None,
        "type_name": KIND_NAMES.get(parsed.type or "", "") if parsed else "",
        "total": response.total,
        "articles": articles,
        "cited_with": cited_with,
        "years": [v.to_dict() for v in response.facets["year"]],
    }


def codes_cited_with(code: str, articles: list[dict]) -> list[dict]:
    """The codes the articles citing `code` cite too, most cited first.

    Counted over those articles themselves: the search's code facet leaves out its own
    code filter (values of one filter combine with OR), so it counts the whole index.
    """
    counts = Counter(c for item in articles for c in dict.fromkeys(item.get("codes", [])))
    counts.pop(code, None)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:CITED_WITH]
    return [{"value": value, "count": count, "selected": False} for value, count in ranked]


def person_data(params: Params) -> dict:
    """A person: the articles naming them and the roles they were named with."""
    name = params.one("name")
    if not name.strip() or len(name) > MAX_NAME_CHARS:
        raise UserError(f"Thiếu tên người (name), hoặc tên dài quá {MAX_NAME_CHARS} ký tự.")
    search = SearchRequest(filters={"person": [name]}, sort="oldest", per_page=10)
    articles = engine().list_documents(search, limit=LISTED_ARTICLES)
    found = engine().person_roles(name, limit=ROLE_ARTICLES)
    roles: dict[str, list[str]] = {}
    for item in articles:
        item_roles = found.get(item["id"])
        if item_roles:
            item["roles"] = item_roles
            for role in item_roles:
                roles.setdefault(role, []).append(item.get("published") or "")
    return {
        "name": name,
        "total": len(articles),
        "articles": articles,
        "roles": [
            {"role": r, "first": min(d), "last": max(d), "count": len(d)} for r, d in roles.items()
        ],
    }


def browse_data(params: Params, facet: str) -> dict:
    """Every value of one facet (codes, persons, issuers), optionally those containing q."""
    search = SearchRequest(
        facet_more=facet, facet_filter={facet: params.one("q")} if params.one("q") else {}
    )
    response = engine().search(search)
    return {
        "facet": facet,
        "label": FACET_LABELS[facet],
        "q": params.one("q"),
        "values": [v.to_dict() for v in response.facets[facet]],
        "total": response.facet_totals[facet],
    }


def help_data(params: Params) -> dict:
    """The query syntax, with examples."""
    return {"syntax": HELP_SYNTAX}


def suggest_data(params: Params) -> dict:
    """Persons or codes containing what is being typed, for the search box."""
    field = params.one("field", "person")
    if field not in ("person", "code"):
        raise UserError("Chỉ gợi ý cho person hoặc code.")
    text = params.one("q")
    if not text:
        return {"field": field, "values": []}
    response = engine().search(SearchRequest(facet_filter={field: text}, facet_limit=SUGGESTIONS))
    return {"field": field, "values": [v.value for v in response.facets[field]]}


# -- routes ------------------------------------------------------------------------------

DataFunction = Callable[[Params], dict]


def render_page(template: str, data: dict, suffix: str = "") -> ResponseReturnValue:
    """`data` as JSON for a `.json` path, else rendered with `template`."""
    if suffix == ".json":
        return jsonify(data)
    return render_template(template, data=data, sort_labels=SORT_LABELS)


def page_view(template: str, data_function: DataFunction) -> Callable[..., ResponseReturnValue]:
    """The view of one page and of its JSON twin."""

    def view(suffix: str = "") -> ResponseReturnValue:
        return render_page(template, data_function(request_params()), suffix)

    return view


PAGES: tuple[tuple[str, str, DataFunction, str], ...] = (
    ("/search", "search.html", search_data, "search"),
    ("/article", "article.html", article_data, "article"),
    ("/code", "code.html", code_data, "code"),
    ("/person", "person.html", person_data, "person"),
    ("/help", "help.html", help_data, "help"),
    ("/suggest", "help.html", suggest_data, "suggest"),
    *(
        (path, "browse.html", functools.partial(browse_data, facet=facet), f"browse_{facet}")
        for facet, path in (("code", "/codes"), ("person", "/persons"), ("issuer", "/issuers"))
    ),
)

for _path, _template, _function, _name in PAGES:
    _view = page_view(_template, _function)
    pages.add_url_rule(_path, _name, _view)
    pages.add_url_rule(_path + ".json", _name + "_json", _view, defaults={"suffix": ".json"})


@pages.get("/")
def home() -> ResponseReturnValue:
    return render_page("search.html", search_data(request_params()))


@functools.cache
def openapi() -> dict:
    return json.loads((Path(__file__).parent / "openapi.json").read_text(encoding="utf-8"))


@pages.get("/openapi.json")
def openapi_description() -> Response:
    """The OpenAPI description of the JSON twins."""
    return jsonify(openapi())


CSV_HEADER = (
    "ngày đăng",
    "tiêu đề",
    "trang",
    "tác giả",
    "người",
    "mã văn bản",
    "địa chỉ",
    "bài gốc",
)


def csv_cell(text: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def csv_export(rows: list[dict]) -> str:
    """Listed documents as CSV, with a byte order mark so spreadsheets read UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(
            [
                row["published"] or "",
                csv_cell(row["title"]),
                row["site"],
                csv_cell(row["author"]),
                "; ".join(row["persons"]),
                "; ".join(row["codes"]),
                row["url"] or row["id"],
                row["source_url"] or "",
            ]
        )
    return "\ufeff" + out.getvalue()


@pages.get("/search.csv")
def search_csv() -> Response:
    limits = current_app.config["SETTINGS"].limits
    rows = engine().list_documents(request_params().search_request(), limit=limits.export_limit + 1)
    limits.check("export_limit", len(rows), low=0, more=True)  # refused, never silently cut
    return Response(
        csv_export(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=vankien-ket-qua.csv"},
    )


@pages.get("/capture")
def capture() -> Response:
    record = article_data(request_params())
    info = record.get("capture") or {}
    captured = read_capture(
        current_app.config["SETTINGS"].warc_dir,
        str(info.get("warc", "")),
        int(info.get("offset") or 0),
    )
    if captured is None:
        raise UserError("Không đọc được bản lưu của bài viết này.", 404)
    content_type = (
        captured.content_type if captured.content_type.startswith("text/") else "text/plain"
    )
    response = Response(captured.body, content_type=content_type)
    response.headers["Content-Security-Policy"] = CAPTURE_CSP
    return response


@pages.app_template_filter("highlight")
def highlight(snippet: str) -> Markup:
    """Snippets are escaped by the engine; only its <mark> tags are markup."""
    return Markup(snippet)


@pages.app_template_filter("query")
def query_string(items: dict) -> str:
    return urlencode(items)
