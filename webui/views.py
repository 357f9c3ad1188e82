"""The pages: each one data function rendered as HTML or as its JSON twin (`.json`).

A data function reads the request's `Params`, calls the search API of `indexer` and
returns a plain dict; `render_page` turns it into the page or the JSON. To add a page,
write its data function and its template and add a line to `PAGES`.
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from flask import Blueprint, Response, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from indexer.crawl.requisites import REQUISITE, REQUISITE_TYPES, rewrite_css
from indexer.crawl.state import CaptureLookup
from indexer.crawl.warc import read_capture
from indexer.fields import HELP_FACETS
from indexer.search import SearchEngine, SearchError, SearchRequest, SearchResponse
from indexer.text.charset import charset_from_content_type, decode_bytes
from indexer.text.codes import KIND_NAMES, parse_code
from webui.api_description import describe as describe_api
from webui.capture import banner_html, captured_page
from webui.charts import year_chart, years_of
from webui.engine import SharedEngine
from webui.errors import UserError
from webui.export import SEPARATORS, csv_export, export_rows, xlsx_export
from webui.issuers import issuer_name
from webui.labels import FACET_LABELS, SORT_LABELS, value_label
from webui.params import Params, typed_day
from webui.present import (
    codes_as_indexed,
    date_span,
    document_facts,
    suggested_code,
    understood_parts,
    vn_date,
    vn_number,
)
from webui.urls import (
    Args,
    args_without,
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
# The captured copy runs no script (sandbox without allow-scripts, no script-src) and
# loads styles, images and fonts only from here: its own, kept in the WARC files.
CAPTURE_CSP = (
    "sandbox; default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; base-uri 'none'; form-action 'none'"
)
ASSET_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:"
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

HELP_TASKS = [
    {
        "id": "ma-van-ban",
        "title": "Tra một văn bản theo số hiệu",
        "steps": [
            "Gõ số hiệu vào ô tìm kiếm theo cách nào cũng được: 29-NQ/TW, 29 NQ TW, nq 29 tw, "
            "hoặc “Nghị quyết 29”.",
            "Bấm vào số hiệu (dưới mỗi kết quả, hoặc ở mục “Mã văn bản”) để mở trang của văn bản: "
            "loại, cơ quan ban hành, biểu đồ số bài theo năm, mọi bài trích dẫn theo thời gian "
            "và các văn bản thường được trích cùng (số bên cạnh là số bài trích cả hai).",
            "Không nhớ số hiệu? Mở “Mã văn bản” trên thanh điều hướng và lọc theo một phần, ví dụ 29-NQ.",
        ],
        "example": "/search?q=29-NQ/TW",
        "image": "help/tra-ma.png",
        "alt": "Kết quả tìm 29-NQ/TW: bên trái là các bộ lọc, bên phải là danh sách bài.",
    },
    {
        "id": "nguoi",
        "title": "Tra một người",
        "steps": [
            "Gõ họ tên, có dấu hay không dấu: le hong son cũng tìm được Lê Hồng Sơn.",
            "Bấm vào tên để mở trang của người đó: các chức vụ được nêu (từ ngày nào đến ngày nào), "
            "biểu đồ số bài theo năm và mọi bài nêu tên theo thời gian.",
            "Mục “Nhân vật” trên thanh điều hướng liệt kê mọi người có trong chỉ mục.",
        ],
        "example": "/persons",
        "image": "help/trang-nguoi.png",
        "alt": "Trang một người: chức vụ, biểu đồ theo năm và danh sách bài.",
    },
    {
        "id": "thoi-gian",
        "title": "Tìm trong một khoảng thời gian",
        "steps": [
            "Bấm một năm trong mục “Năm” bên trái (trên điện thoại: nút “Bộ lọc”); khi đã chọn một "
            "năm, mục “Tháng” hiện ra. “Không rõ ngày” là các bài không ghi ngày đăng.",
            "Hoặc điền “Từ ngày” và “Đến ngày” rồi bấm “Lọc”; hoặc gõ year:2017 hay "
            "date:2017-01..2017-06 vào ô tìm kiếm.",
            "Xếp “Mới nhất” hay “Cũ nhất” ở dòng “Sắp xếp”.",
        ],
        "example": "/search?q=so+ket&year=2017",
        "image": "help/loc-nam.png",
        "alt": "Kết quả đã lọc theo năm 2017, bộ lọc đang dùng hiện ở đầu danh sách.",
    },
]
HELP_NUMBERS = (
    "Con số bên cạnh mỗi giá trị là số bài sẽ thấy khi bấm vào nó. Một bài đăng lại ở nhiều "
    "trang được tính một lần, nhưng có mặt ở mỗi trang đã đăng nó. Chọn nhiều giá trị trong "
    "cùng một mục thì lấy bài có giá trị này HOẶC giá trị kia; chọn ở nhiều mục thì bài phải "
    "thỏa mọi mục. Bấm ✕ trên bộ lọc đang dùng để bỏ nó."
)

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
    data["understood_codes"] = codes_as_indexed(
        response.understood.get("codes") or [], engine().canonical_code
    )
    data["understood_parts"] = understood_parts(response.understood, data["understood_codes"])
    data["near_codes_url"] = near_codes_url(response, engine().codes_numbered)
    data["code_offers"] = code_offers(response)
    data["code_suggestion"] = suggested_code(search.q, response.suggestion)
    return data


def near_codes_url(
    response: SearchResponse, codes_numbered: Callable[[int], list[str]]
) -> str | None:
    """For a code that finds nothing, the list of the indexed codes with its number (None
    when the index has none)."""
    matches = response.understood.get("code_matches") or []
    if response.total or not matches or not codes_numbered(matches[0]["number"]):
        return None
    return path_with_args("/codes", [("number", str(matches[0]["number"]))])


def code_offers(response: SearchResponse) -> dict:
    """What a code typed in full left out, each with the link that finds it: the same
    number from other issuers, and mentions that name no issuer."""
    offers = [
        {**offer, "url": path_with_args("/search", [("q", offer["q"])])}
        for offer in response.understood.get("code_offers") or []
    ]
    return {
        "same_number": [o for o in offers if o["kind"] == "same_number"],
        "unresolved": [o for o in offers if o["kind"] == "unresolved"],
    }


def add_facet_links(data: dict, args: Args) -> None:
    """Each facet value's toggle link, the facets' labels and their "all values" links."""
    for name, values in data["facets"].items():
        for value in values:
            value["toggle_url"] = path_with_toggled_arg("/search", args, name, value["value"])
            value["label"] = value_label(name, value["value"])
            if name == "issuer":
                value["name"] = issuer_name(value["value"])
            elif name == "type":  # "NĐ" spelled out as "Nghị định", as issuers are
                value["name"] = KIND_NAMES.get(value["value"], "")
    data["facet_labels"] = {k: FACET_LABELS[k] for k in data["facets"]}
    data["more_urls"] = {
        k: path_with_replaced_arg("/search", args, "more", k) for k in data["facets"]
    }


def _holds_day(args: Args, name: str, day: date) -> bool:
    """Whether the argument `name` was typed as `day` (in any accepted spelling)."""
    for key, raw in args:
        if key == name:
            with contextlib.suppress(ValueError):
                return typed_day(raw.strip()) == day
    return False


def active_filters(search: SearchRequest, args: Args) -> list[dict]:
    """The filters in force, each with the link that removes it."""
    active = [
        {
            "name": name,
            "label": FACET_LABELS.get(name, name),
            "value": value_label(name, value),
            "remove_url": path_with_toggled_arg("/search", args, name, value),
        }
        for name, values in search.filters.items()
        for value in values
    ]
    for name, value in (("from", search.date_from), ("to", search.date_to)):
        if value:
            # A range typed backwards was swapped (params.py): remove the argument holding it.
            source = next((k for k in (name, *DATE_LABELS) if _holds_day(args, k, value)), name)
            active.append(
                {
                    "name": name,
                    "label": DATE_LABELS[name],
                    "value": vn_date(value.isoformat()),
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
        "csv_semicolon_url": path_with_args(
            "/search.csv", [*args_without(args, "page", "per_page", "sep"), ("sep", "semicolon")]
        ),
        "xlsx_url": path_with_removed_args("/search.xlsx", args, "page", "per_page"),
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
    """One article or document by id, its links made safe, its body in paragraphs (a
    document's by page), the files it attaches or the articles that link it."""
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
    paragraphs = record.pop("body", "").split("\n")
    document = record.get("document")
    record["pages"] = document_pages(paragraphs, document)
    record["paragraphs"] = [p for p in paragraphs if p]
    record["capture_url"] = (
        path_with_args("/capture", [("id", doc_id)]) if record.get("capture") else None
    )
    if document:
        record["facts"] = document_facts(document)
        record["linked_from"] = engine().linking_articles(record)
    else:
        record["attachments"] = [
            {**a, "url": safe_link(a.get("url"))} for a in engine().attachments(record)
        ]
        for attachment in record["attachments"]:
            if attachment["document"]:
                attachment["facts"] = document_facts(attachment["document"])
    return record


def document_pages(paragraphs: list[str], document: dict | None) -> list[dict]:
    """A document's paragraphs page by page ({"number", "paragraphs"}); [] for articles
    and one-page files (their paragraphs are shown as an article's)."""
    starts = (document or {}).get("page_starts") or []
    if len(starts) < 2:
        return []
    bounds = [*starts, len(paragraphs)]
    return [
        {"number": n, "paragraphs": [p for p in paragraphs[start:end] if p]}
        for n, (start, end) in enumerate(zip(bounds, bounds[1:], strict=False), start=1)
    ]


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
    cited_with = co_citations(articles, canonical)
    return {
        "code": canonical,
        "info": parsed.to_dict() if parsed else None,
        "issuer_name": issuer_name(parsed.issuer) if parsed else None,
        "type_name": KIND_NAMES.get(parsed.type or "", "") if parsed else "",
        "total": response.total,
        "documents": [
            {**d, "facts": document_facts(d)} for d in engine().documents_of_code(canonical)
        ],
        "articles": articles,
        "cited_with": cited_with,
        "years": [v.to_dict() for v in response.facets["year"]],
    }


def years_chart(data: dict) -> Markup:
    """The page's articles per year, as an SVG chart (HTML pages only)."""
    counts, undated = years_of(a.get("published") for a in data["articles"])
    return year_chart(counts, undated)


def co_citations(articles: list[dict], code: str) -> list[dict]:
    """The codes cited in the same articles as `code`, each with how many of them cite it."""
    counts = Counter(c for article in articles for c in set(article["codes"]) if c != code)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:CITED_WITH]
    return [{"value": value, "count": count} for value, count in ranked]


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
        "roles": [role_span(r, d) for r, d in roles.items()],
    }


def role_span(role: str, dates: list[str]) -> dict:
    """A role with the first and last dates it was written (None when no article is dated)."""
    dated = [d for d in dates if d]
    return {
        "role": role,
        "first": min(dated) if dated else None,
        "last": max(dated) if dated else None,
        "count": len(dates),
    }


def browse_data(params: Params, facet: str) -> dict:
    """Every value of one facet (codes, persons, issuers), most articles first, optionally
    those containing q; for codes, optionally those of one number (`number`)."""
    search = SearchRequest(
        facet_more=facet, facet_filter={facet: params.one("q")} if params.one("q") else {}
    )
    response = engine().search(search)
    values = response.facets[facet]
    number = params.one("number") if facet == "code" else ""
    if number:
        if not number.isdigit() or len(number) > 5:
            raise UserError("Số văn bản (number) phải là một số, tối đa 5 chữ số.")
        numbered = set(engine().codes_numbered(int(number)))
        values = [v for v in values if v.value in numbered]
    return {
        "facet": facet,
        "label": FACET_LABELS[facet],
        "q": params.one("q"),
        "number": number,
        "values": [
            {**v.to_dict(), "name": issuer_name(v.value)} if facet == "issuer" else v.to_dict()
            for v in values
        ],
        "total": len(values) if number else response.facet_totals[facet],
    }


def help_data(params: Params) -> dict:
    """How to look up a code, a person, a period; what the filters mean; the query syntax."""
    return {
        "tasks": HELP_TASKS,
        "facets": [{"name": n, "meaning": m} for n, m in HELP_FACETS],
        "numbers": HELP_NUMBERS,
        "syntax": HELP_SYNTAX,
    }


def suggest_data(params: Params) -> dict:
    """Persons or codes containing what is being typed, for the search box."""
    field = params.one("field", "person")
    if field not in ("person", "code"):
        raise UserError("Chỉ gợi ý cho person hoặc code.")
    text = params.one("q")
    if not text:
        return {"field": field, "q": "", "values": []}
    response = engine().search(SearchRequest(facet_filter={field: text}, facet_limit=SUGGESTIONS))
    return {"field": field, "q": text, "values": [v.value for v in response.facets[field]]}


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
    ("/suggest", "suggest.html", suggest_data, "suggest"),
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
    """openapi.json as written; the search filters are added by webui/api_description.py."""
    return json.loads((Path(__file__).parent / "openapi.json").read_text(encoding="utf-8"))


@pages.get("/openapi.json")
def openapi_description() -> Response:
    """The OpenAPI description of the JSON twins."""
    return jsonify(describe_api(openapi(), current_app.config["SETTINGS"].limits))


def export_table() -> list[list[str]]:
    """The whole result list of the request (up to the export limit), as spreadsheet cells."""
    limits = current_app.config["SETTINGS"].limits
    rows = engine().list_documents(request_params().search_request(), limit=limits.export_limit + 1)
    limits.check("export_limit", len(rows), low=0, more=True)  # refused, never silently cut
    return export_rows(rows, request.host_url)


@pages.get("/search.csv")
def search_csv() -> Response:
    """CSV; `sep=semicolon` for Excel set to Vietnamese, which splits on ';'."""
    separator = request_params().one("sep", "comma")
    if separator not in SEPARATORS:
        raise UserError("Tham số 'sep' phải là comma hoặc semicolon.")
    return Response(
        csv_export(export_table(), SEPARATORS[separator]),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=vankien-ket-qua.csv"},
    )


@pages.get("/search.xlsx")
def search_xlsx() -> Response:
    """The same list as an Excel workbook."""
    return Response(
        xlsx_export(export_table()),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": "attachment; filename=vankien-ket-qua.xlsx"},
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
    if record.get("document"):
        return captured_file(captured.body, captured.content_type, record["document"])
    content_type = captured.content_type if captured.content_type.startswith("text/") else ""
    page_url = record.get("url") or captured.url or ""
    banner = banner_html(
        record.get("site") or urlsplit(page_url).hostname or "",
        str(info.get("date") or captured.date or ""),
        page_url or None,
        path_with_args("/article", [("id", record["id"])]),
    )
    with CaptureLookup(current_app.config["SETTINGS"].warc_dir) as lookup:
        html = captured_page(
            captured.body,
            content_type or "text/plain",
            captured.url or page_url,  # what its relative links meant where it was fetched
            banner,
            local_copy_link,
            functools.partial(local_asset_link, lookup),
        )
    response = Response(html, content_type="text/html; charset=utf-8")
    response.headers["Content-Security-Policy"] = CAPTURE_CSP
    return response


@pages.get("/capture/asset")
def capture_asset() -> Response:
    """A stylesheet, image or font the crawl kept for a captured copy, from the WARC files
    (a stylesheet's own links pointed here too); nothing else is served."""
    url = request_params().one("url")
    warc_dir = current_app.config["SETTINGS"].warc_dir
    with CaptureLookup(warc_dir) as lookup:
        where = lookup.find(url, REQUISITE) if url else None
        captured = read_capture(warc_dir, *where) if where else None
        kind = asset_type(captured.content_type) if captured else None
        if captured is None or kind is None:
            raise UserError("Bản lưu không có tệp này.", 404)
        body = captured.body
        if kind == "text/css":
            css = decode_bytes(body, charset_from_content_type(captured.content_type))
            local = functools.partial(local_asset_link, lookup)
            body = rewrite_css(css, captured.url or url, local).encode("utf-8")
            kind = "text/css; charset=utf-8"
    response = Response(body, content_type=kind)
    response.headers["Content-Security-Policy"] = ASSET_CSP
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response


def asset_type(content_type: str) -> str | None:
    """The type an asset is served as, when it is a stylesheet, an image or a font."""
    kind = content_type.split(";")[0].strip().lower()
    return kind if kind.startswith(REQUISITE_TYPES) else None


def local_asset_link(lookup: CaptureLookup, url: str) -> str | None:
    """Where a stylesheet or image of a captured copy is served here, or None when the
    crawl did not keep it."""
    if len(url) > MAX_NAME_CHARS * 4 or lookup.find(url, REQUISITE) is None:
        return None
    return path_with_args("/capture/asset", [("url", url)])


def captured_file(body: bytes, content_type: str, document: dict) -> Response:
    """The captured copy of an attached file: the bytes as fetched, to download (a
    browser never runs or renders them in our origin)."""
    name = document.get("file_name") or "tep"
    response = Response(body, mimetype=content_type.split(";")[0] or "application/octet-stream")
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name, safe='')}"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


def local_copy_link(url: str) -> str | None:
    """Where an address lives here: its captured copy, else its article page, else None."""
    if len(url) > MAX_NAME_CHARS:
        return None
    found = engine().document(url)
    if found is None:
        return None
    if found.get("capture"):
        return path_with_args("/capture", [("id", url)])
    return path_with_args("/article", [("id", url)])


@pages.app_template_filter("highlight")
def highlight(snippet: str) -> Markup:
    """Snippets are escaped by the engine; only its <mark> tags are markup."""
    return Markup(snippet)


pages.app_template_filter("vndate")(vn_date)
pages.app_template_filter("vnnumber")(vn_number)
pages.app_template_filter("docfacts")(document_facts)
pages.app_template_global("years_chart")(years_chart)
pages.app_template_filter("datespan")(date_span)


@pages.app_template_filter("query")
def query_string(items: dict) -> str:
    return urlencode(items)
