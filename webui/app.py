"""The Flask application: every page is one data function rendered as HTML or JSON.

A view reads the request, calls the search API of `indexer`, and renders. Every page has a
JSON twin (the same path with `.json`), errors share one JSON shape, and nothing a user
sends can produce a 500: bad parameters are a 400 with a Vietnamese message.
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import io
import json
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from flask import Flask, Response, jsonify, render_template, request
from markupsafe import Markup, escape

from indexer import messages
from indexer.codes import KIND_NAMES, parse_code
from indexer.index import IndexError_
from indexer.limits import LimitError
from indexer.search import FACETS, FILTERS, SearchEngine, SearchError, SearchRequest, get_engine
from indexer.text import normalize_text
from indexer.warc import read_capture
from webui.settings import Settings

FACET_LABELS = {
    "year": "Năm",
    "month": "Tháng",
    "person": "Người",
    "code": "Mã văn bản",
    "type": "Loại văn bản",
    "issuer": "Cơ quan ban hành",
    "site": "Trang",
    "author": "Tác giả",
}
ROLE_ARTICLES = 60  # the person page reads roles from this many of the newest articles
SORT_LABELS = {"relevance": "Phù hợp nhất", "newest": "Mới nhất", "oldest": "Cũ nhất"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
M_ARENA_MAX = -8  # glibc's mallopt() parameter number
CAPTURE_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"


class UserError(Exception):
    """A request the user can fix; `status` is the HTTP status, the message is Vietnamese."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def _safe_link(url: str | None) -> str | None:
    """Only http(s) links leave the page: never javascript: or data: from article content."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def create_app(settings: Settings | None = None) -> Flask:
    """The app factory (Flask's pattern); `settings` default to the environment."""
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config["SETTINGS"] = settings
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    engine_state = {"engine": None, "checked": 0.0}
    engine_lock = threading.Lock()

    def engine() -> SearchEngine:
        """The shared engine; a rebuilt index is picked up within a second, no restart."""
        with engine_lock:
            now = time.monotonic()
            try:
                if engine_state["engine"] is None:
                    engine_state["engine"] = get_engine(settings.index_dir)
                    engine_state["checked"] = now
                elif now - engine_state["checked"] > 1.0:
                    engine_state["checked"] = now
                    engine_state["engine"].refresh_if_changed()
            except IndexError_ as error:
                if engine_state["engine"] is None:
                    raise UserError(f"Chỉ mục chưa sẵn sàng: {error}", 503) from error
                app.logger.warning("giữ bản chỉ mục đang dùng: %s", error)
            if engine_state["engine"].is_empty:
                raise UserError(messages.EMPTY_INDEX, 503)
            return engine_state["engine"]

    # -- parameters ------------------------------------------------------------------------

    def one(name: str, default: str = "") -> str:
        values = request.args.getlist(name)
        if len(values) > 1:
            raise UserError(f"Tham số '{name}' chỉ được có một giá trị.")
        value = values[0] if values else default
        settings.limits.check_text(name, value)
        return normalize_text(value)

    def number(name: str, default: int) -> int:
        """A whole-number parameter; its limits are checked with the request's (validate)."""
        if name not in request.args:
            return default
        raw = one(name)
        if not raw.isdigit():
            raise UserError(f"Tham số '{name}' phải là số nguyên dương.")
        return int(raw)

    def day(name: str) -> date | None:
        raw = one(name)
        if not raw:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError as error:
            raise UserError(f"Ngày '{raw}' không hợp lệ (dạng YYYY-MM-DD).") from error

    def search_request(per_page_default: int = 10) -> SearchRequest:
        q = one("q")
        sort = one("sort") or ("relevance" if q.strip() else "newest")
        if sort not in SORT_LABELS:
            raise UserError("Cách sắp xếp phải là relevance, newest hoặc oldest.")
        filters: dict[str, list[str]] = {}
        for name in FILTERS:
            raw = request.args.getlist(name)
            if len(raw) > 50:
                raise UserError(f"Quá nhiều giá trị cho bộ lọc '{name}'.")
            if any(len(v) > 300 for v in raw):
                raise UserError(f"Giá trị của bộ lọc '{name}' quá dài.")
            values = [normalize_text(v) for v in raw if v.strip()]
            if values:
                filters[name] = list(dict.fromkeys(values))
        more = one("more") if "more" in request.args else None
        if more is not None and more not in FACETS:
            raise UserError(f"Không có nhóm lọc '{more}'.")
        facet_filter = {name: one(f"fq_{name}") for name in FACETS if one(f"fq_{name}")}
        date_from, date_to = day("from"), day("to")
        if date_from and date_to and date_from > date_to:
            date_from, date_to = date_to, date_from  # a range typed backwards
        return SearchRequest(
            q=q,
            filters=filters,
            date_from=date_from,
            date_to=date_to,
            sort=sort,
            page=number("page", 1),
            per_page=number("per_page", per_page_default),
            limits=settings.limits,
            facet_more=more,
            facet_filter=facet_filter,
        )

    # -- URL helpers -----------------------------------------------------------------------

    def params_without(*drop: str) -> list[tuple[str, str]]:
        return [(k, v) for k, v in request.args.items(multi=True) if k not in drop and v != ""]

    def url_with(path: str, items: list[tuple[str, str]]) -> str:
        return path + ("?" + urlencode(items) if items else "")

    def toggle_url(name: str, value: str) -> str:
        items = params_without("page")
        if (name, value) in items:
            items = [i for i in items if i != (name, value)]
        else:
            items.append((name, value))
        return url_with("/search", items)

    # -- data functions --------------------------------------------------------------------

    def search_data() -> dict:
        search = search_request()
        try:
            response = engine().search(search)
        except SearchError as error:
            raise UserError(str(error)) from error
        data = response.to_dict()
        base_items = params_without("page")
        for name, values in data["facets"].items():
            for value in values:
                value["toggle_url"] = toggle_url(name, value["value"])
        data["facet_labels"] = {k: FACET_LABELS[k] for k in data["facets"]}
        data["more_urls"] = {
            k: url_with("/search", [*params_without("more"), ("more", k)]) for k in data["facets"]
        }
        data["active_filters"] = [
            {
                "name": name,
                "label": FACET_LABELS.get(name, name),
                "value": value,
                "remove_url": toggle_url(name, value),
            }
            for name, values in search.filters.items()
            for value in values
        ]
        for name, value in (("from", search.date_from), ("to", search.date_to)):
            if value:
                data["active_filters"].append(
                    {
                        "name": name,
                        "label": "Từ ngày" if name == "from" else "Đến ngày",
                        "value": value.isoformat(),
                        "remove_url": url_with("/search", params_without(name, "page")),
                    }
                )
        pages = max(1, -(-response.total // search.per_page))
        data["pages"] = pages
        data["prev_url"] = (
            url_with("/search", [*base_items, ("page", str(search.page - 1))])
            if search.page > 1
            else None
        )
        data["next_url"] = (
            url_with("/search", [*base_items, ("page", str(search.page + 1))])
            if search.page < pages
            else None
        )
        data["sort_urls"] = {
            k: url_with("/search", [*params_without("sort", "page"), ("sort", k)])
            for k in SORT_LABELS
        }
        data["csv_url"] = url_with("/search.csv", params_without("page", "per_page"))
        data["json_url"] = url_with("/search.json", list(request.args.items(multi=True)))
        data["suggestion_url"] = (
            url_with("/search", [*params_without("q", "page"), ("q", response.suggestion)])
            if response.suggestion
            else None
        )
        data["q"] = search.q
        data["date_from"] = search.date_from.isoformat() if search.date_from else ""
        data["date_to"] = search.date_to.isoformat() if search.date_to else ""
        data["more"] = search.facet_more
        data["facet_filter"] = search.facet_filter
        data["hidden_filters"] = [(k, v) for k, values in search.filters.items() for v in values]
        for hit in data["hits"]:
            hit["url"] = _safe_link(hit["url"])
            hit["source_url"] = _safe_link(hit["source_url"])
        return data

    def article_data() -> dict:
        doc_id = one("id")
        if not doc_id:
            raise UserError("Thiếu mã bài viết (id).")
        record = engine().document(doc_id)
        if record is None:
            raise UserError("Không tìm thấy bài viết này trong chỉ mục.", 404)
        record["url"] = _safe_link(record.get("url"))
        record["source_url"] = _safe_link(record.get("source_url"))
        for copy in record["copies"]:
            copy["url"] = _safe_link(copy.get("url"))
        record["paragraphs"] = [p for p in record.pop("body", "").split("\n") if p]
        record["capture_url"] = (
            url_with("/capture", [("id", doc_id)]) if record.get("capture") else None
        )
        return record

    def code_data() -> dict:
        key = one("code")
        if not key.strip() or len(key) > 60:
            raise UserError("Thiếu mã văn bản (code), hoặc mã dài quá 60 ký tự.")
        parsed = parse_code(key)
        canonical = parsed.code if parsed else key
        search = SearchRequest(
            filters={"code": [canonical]}, sort="oldest", per_page=10, facet_limit=30
        )
        response = engine().search(search)
        articles = engine().list_documents(search, limit=2000)
        cited_with = [v.to_dict() for v in response.facets["code"] if v.value != canonical]
        return {
            "code": canonical,
            "info": parsed.to_dict() if parsed else None,
            "type_name": KIND_NAMES.get(parsed.type or "", "") if parsed else "",
            "total": response.total,
            "articles": articles,
            "cited_with": cited_with,
            "years": [v.to_dict() for v in response.facets["year"]],
        }

    def person_data() -> dict:
        name = one("name")
        if not name.strip() or len(name) > 300:
            raise UserError("Thiếu tên người (name), hoặc tên dài quá 300 ký tự.")
        search = SearchRequest(filters={"person": [name]}, sort="oldest", per_page=10)
        articles = engine().list_documents(search, limit=2000)
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
                {"role": r, "first": min(d), "last": max(d), "count": len(d)}
                for r, d in roles.items()
            ],
        }

    def browse_data(facet: str) -> dict:
        search = SearchRequest(facet_more=facet, facet_filter={facet: one("q")} if one("q") else {})
        response = engine().search(search)
        return {
            "facet": facet,
            "label": FACET_LABELS[facet],
            "q": one("q"),
            "values": [v.to_dict() for v in response.facets[facet]],
            "total": response.facet_totals[facet],
        }

    def help_data() -> dict:
        return {
            "syntax": [
                {
                    "example": "nghi quyet 29",
                    "meaning": "Gõ có dấu, không dấu hay thiếu dấu đều tìm được; các từ đứng liền nhau được xếp trước.",
                },
                {"example": '"xây dựng Đảng"', "meaning": "Cụm từ chính xác."},
                {
                    "example": "29-NQ/TW, nq 29 tw, Nghị quyết 29",
                    "meaning": "Mã văn bản viết theo mọi cách.",
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
        }

    def suggest_data() -> dict:
        field = one("field", "person")
        if field not in ("person", "code"):
            raise UserError("Chỉ gợi ý cho person hoặc code.")
        text = one("q")
        if not text:
            return {"field": field, "values": []}
        response = engine().search(SearchRequest(facet_filter={field: text}, facet_limit=10))
        return {"field": field, "values": [v.value for v in response.facets[field]]}

    # -- routes ----------------------------------------------------------------------------

    def page(template: str, data_function, **extra):  # noqa: ANN001, ANN202
        def view(suffix: str = ""):  # noqa: ANN202
            data = data_function()
            if suffix == ".json":
                return jsonify(data)
            return render_template(
                template, data=data, facet_labels=FACET_LABELS, sort_labels=SORT_LABELS, **extra
            )

        return view

    for path, template, function, name in (
        ("/search", "search.html", search_data, "search"),
        ("/article", "article.html", article_data, "article"),
        ("/code", "code.html", code_data, "code"),
        ("/person", "person.html", person_data, "person"),
        ("/help", "help.html", help_data, "help"),
        ("/suggest", "help.html", suggest_data, "suggest"),
    ):
        view = page(template, function)
        app.add_url_rule(path, name, view)
        app.add_url_rule(path + ".json", name + "_json", view, defaults={"suffix": ".json"})

    for facet, path in (("code", "/codes"), ("person", "/persons"), ("issuer", "/issuers")):
        view = page("browse.html", lambda facet=facet: browse_data(facet))
        app.add_url_rule(path, f"browse_{facet}", view)
        app.add_url_rule(path + ".json", f"browse_{facet}_json", view, defaults={"suffix": ".json"})

    @app.get("/")
    def home():  # noqa: ANN202
        return page("search.html", search_data)()

    openapi = json.loads((Path(__file__).parent / "openapi.json").read_text(encoding="utf-8"))

    @app.get("/openapi.json")
    def openapi_description() -> Response:
        """The OpenAPI description of the JSON twins."""
        return jsonify(openapi)

    @app.get("/search.csv")
    def search_csv() -> Response:
        search = search_request()
        rows = engine().list_documents(search, limit=settings.limits.export_limit + 1)
        settings.limits.check("export_limit", len(rows), low=0, more=True)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            [
                "ngày đăng",
                "tiêu đề",
                "trang",
                "tác giả",
                "người",
                "mã văn bản",
                "địa chỉ",
                "bài gốc",
            ]
        )
        for row in rows:
            writer.writerow(
                [
                    row["published"] or "",
                    _csv_cell(row["title"]),
                    row["site"],
                    _csv_cell(row["author"]),
                    "; ".join(row["persons"]),
                    "; ".join(row["codes"]),
                    row["url"] or row["id"],
                    row["source_url"] or "",
                ]
            )
        return Response(
            "\ufeff" + out.getvalue(),
            mimetype="text/csv",
            headers={"Content-Disposition": "attachment; filename=vankien-ket-qua.csv"},
        )

    @app.get("/capture")
    def capture() -> Response:
        record = article_data()
        info = record.get("capture") or {}
        captured = read_capture(
            settings.warc_dir, str(info.get("warc", "")), int(info.get("offset") or 0)
        )
        if captured is None:
            raise UserError("Không đọc được bản lưu của bài viết này.", 404)
        content_type = (
            captured.content_type if captured.content_type.startswith("text/") else "text/plain"
        )
        response = Response(captured.body, content_type=content_type)
        response.headers["Content-Security-Policy"] = CAPTURE_CSP
        return response

    # -- errors and headers ------------------------------------------------------------------

    def wants_json() -> bool:
        return request.path.endswith(".json") or request.path.endswith(".csv")

    def error_response(status: int, message: str):  # noqa: ANN202
        if wants_json():
            return jsonify({"error": {"status": status, "message": message}}), status
        return render_template(
            "error.html",
            status=status,
            message=message,
            facet_labels=FACET_LABELS,
            sort_labels=SORT_LABELS,
            data={"q": ""},
        ), status

    @app.errorhandler(UserError)
    def user_error(error: UserError):  # noqa: ANN202
        return error_response(error.status, error.message)

    @app.errorhandler(LimitError)
    @app.errorhandler(SearchError)
    def refused(error: Exception):  # noqa: ANN202
        return error_response(400, str(error))

    @app.errorhandler(404)
    def not_found(error: Exception):  # noqa: ANN202
        return error_response(404, "Không có trang này.")

    @app.errorhandler(405)
    def not_allowed(error: Exception):  # noqa: ANN202
        response, status = error_response(405, "Phương thức không được hỗ trợ.")
        response = app.make_response((response, status))
        methods = getattr(error, "valid_methods", None) or ["GET", "HEAD", "OPTIONS"]
        response.headers["Allow"] = ", ".join(methods)
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception):  # noqa: ANN202
        app.logger.exception("unexpected error")
        return error_response(500, "Lỗi không mong muốn; đã ghi nhận.")

    @app.after_request
    def headers(response: Response) -> Response:
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    @app.template_filter("highlight")
    def highlight(snippet: str) -> Markup:
        """Snippets are escaped by the engine; only its <mark> tags are markup."""
        return Markup(snippet)

    @app.template_filter("query")
    def query_string(items: dict) -> str:
        return urlencode(items)

    app.jinja_env.globals["escape"] = escape
    return app


def _csv_cell(text: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _limit_malloc_arenas(arenas: int = 2) -> None:
    """Keep glibc from giving each server thread its own heap.

    Searches allocate and free many 12 KB document sets; spread over one heap per
    thread, the freed memory was not reused and a worker kept growing under load
    (bench/serve.py, 16 clients, 120 s: 645 -> 1291 MB; with two heaps it levels off at
    875 MB). Same as MALLOC_ARENA_MAX=2; a no-op where the C library is not glibc.
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, arenas)


def serve(settings: Settings) -> None:
    """Run the production WSGI server (waitress), in `settings.workers` processes.

    Searching is CPU-bound Python, so the threads of one process share one core; with
    several workers the kernel spreads connections over processes that accept on one
    listening socket.
    """
    from waitress import serve as waitress_serve

    if not Path(settings.index_dir).exists():
        raise SystemExit(messages.no_index("serve", settings.index_dir))
    _limit_malloc_arenas()
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    listener = socket.create_server((settings.host, settings.port), family=family, backlog=1024)
    print(
        f"vankien: http://{settings.host}:{settings.port}/ (chỉ mục: {settings.index_dir}, "
        f"{settings.workers} tiến trình)",
        flush=True,
    )

    # Every worker opens the index, then all start taking connections together: a worker
    # that was ready first would otherwise keep every early keep-alive connection.
    ready = multiprocessing.get_context("fork").Barrier(max(1, settings.workers))

    def run_worker() -> None:
        try:
            get_engine(settings.index_dir)
        except Exception as error:  # noqa: BLE001 - requests will report it (503)
            print(f"vankien: chưa mở được chỉ mục: {error}", file=sys.stderr, flush=True)
        with contextlib.suppress(threading.BrokenBarrierError):
            ready.wait(timeout=600)
        waitress_serve(
            create_app(settings),
            sockets=[listener],
            threads=settings.threads,
            ident="vankien",
            connection_limit=1000,
            channel_timeout=60,
        )

    if settings.workers <= 1:
        run_worker()
        return
    children = []
    for _ in range(settings.workers):
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            try:
                run_worker()
            finally:
                os._exit(0)
        children.append(pid)

    def stop(signum: int, frame: object) -> None:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for child in children:
        with contextlib.suppress(ChildProcessError, InterruptedError):
            os.waitpid(child, 0)
