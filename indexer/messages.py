"""Messages the user reads, in Vietnamese, shared by the command line and the web server.

argparse writes its own words ("usage:", "error:", "the following arguments are
required") through gettext; `vietnamese_argparse()` gives them in Vietnamese while a
parser is built and used, without touching any other module's messages.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

EMPTY_INDEX = (
    "Chỉ mục chưa có bài viết nào: lần chạy 'vankien index' đầu tiên chưa xong. "
    "Hãy thử lại sau ít phút."
)
INTERRUPTED = "đã dừng theo yêu cầu (Ctrl-C)"


def no_index_text(path: str | Path) -> str:
    """The index folder holds no index."""
    return f"chưa có chỉ mục trong {path}: hãy chạy 'vankien index' trước"


def no_index(command: str, path: str | Path) -> str:
    """`no_index_text` as a command's error line."""
    return f"vankien {command}: {no_index_text(path)}"


# argparse's own strings (Python 3.11), by their English original.
ARGPARSE_VI = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "subcommands": "lệnh",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "show program's version number and exit": "in số phiên bản rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "tham số không hiểu: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "lựa chọn không hợp lệ: %(value)r (chọn một trong: %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ (cần kiểu %(type)s): %(value)r",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tùy chọn mơ hồ: %(option)s có thể là %(matches)s"
    ),
    "not allowed with argument %s": "không dùng cùng tham số %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "ignored explicit argument %r": "bỏ qua giá trị %r",
    "unexpected option string: %s": "tùy chọn không mong đợi: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "không có lệnh %(parser_name)r (các lệnh: %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
}
_EXPECTED_N = "cần %s giá trị"


def translate_argparse(message: str | None) -> str | None:
    """The Vietnamese form of one of argparse's strings; others come back unchanged."""
    if message is None:
        return None
    return ARGPARSE_VI.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return _EXPECTED_N
    return singular if n == 1 else plural


@contextmanager
def vietnamese_argparse() -> Iterator[None]:
    """argparse speaks Vietnamese inside this block (building, parsing, help, errors)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = translate_argparse  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
