"""One error type for users, one handler, one JSON error shape."""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from indexer.limits import LimitError
from indexer.search import SearchError
from indexer.store import IndexError_
from webui.labels import SORT_LABELS

RETRY_AFTER_SECONDS = 30  # an index being built is usually ready within this


class UserError(Exception):
    """A request the user can fix; `status` is the HTTP status, the message is Vietnamese."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def wants_json() -> bool:
    """JSON twins and the CSV export answer errors in JSON; pages answer in HTML."""
    return request.path.endswith(".json") or request.path.endswith(".csv")


def error_response(status: int, message: str) -> tuple[ResponseReturnValue, int]:
    """The error in the one JSON shape, or the error page."""
    if wants_json():
        return jsonify({"error": {"status": status, "message": message}}), status
    return render_template(
        "error.html",
        status=status,
        message=message,
        sort_labels=SORT_LABELS,
        data={"q": ""},
    ), status


def user_error(error: UserError) -> Response:
    """A request the user can fix: its own status and message. A 503 (the index is not
    ready yet) says when to try again, so clients and proxies retry instead of failing."""
    response = current_app.make_response(error_response(error.status, error.message))
    if error.status == 503:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def index_unavailable(error: IndexError_) -> Response:
    """The index failed while a request read it (its database went away, a damaged
    file): 503 with the reason, never a trace; the next request tries again."""
    current_app.logger.warning("chỉ mục không đọc được: %s", error)
    return user_error(UserError(f"Chỉ mục chưa sẵn sàng: {error}", 503))


def refused(error: Exception) -> tuple[ResponseReturnValue, int]:
    """A request over a limit, or one the search cannot take: 400 with the reason."""
    return error_response(400, str(error))


def not_found(error: Exception) -> tuple[ResponseReturnValue, int]:
    """No such path."""
    return error_response(404, "Không có trang này.")


def not_allowed(error: Exception) -> Response:
    """A method other than GET/HEAD/OPTIONS, with the Allow header."""
    response, status = error_response(405, "Phương thức không được hỗ trợ.")
    response = current_app.make_response((response, status))
    methods = getattr(error, "valid_methods", None) or ["GET", "HEAD", "OPTIONS"]
    response.headers["Allow"] = ", ".join(methods)
    return response


def http_error(error: HTTPException) -> tuple[ResponseReturnValue, int]:
    """Another HTTP error werkzeug raised (400, 413, 416 ...): its own status, not a 500."""
    status = error.code or 500
    return error_response(status, f"Yêu cầu không thực hiện được (HTTP {status}).")


def unexpected(error: Exception) -> tuple[ResponseReturnValue, int]:
    """A bug: logged with its trace, answered without it."""
    current_app.logger.exception("unexpected error")
    return error_response(500, "Lỗi không mong muốn; đã ghi nhận.")


def register_error_handlers(app: Flask) -> None:
    """Every error, the user's or ours, answered in Vietnamese in one shape; never a trace."""
    app.register_error_handler(UserError, user_error)
    app.register_error_handler(IndexError_, index_unavailable)
    app.register_error_handler(LimitError, refused)
    app.register_error_handler(SearchError, refused)
    app.register_error_handler(404, not_found)
    app.register_error_handler(405, not_allowed)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, unexpected)
