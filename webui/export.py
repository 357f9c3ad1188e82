"""A result list as a spreadsheet: CSV (comma, or semicolon for Excel set to Vietnamese)
and Excel .xlsx (openpyxl), each row linking to the article here and to the original."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from webui.urls import path_with_args

HEADER = (
    "ngày đăng",
    "tiêu đề",
    "trang",
    "tác giả",
    "người",
    "mã văn bản",
    "địa chỉ",
    "bài gốc",
    "xem trong vankien",
)
WIDTHS = (12, 70, 24, 20, 40, 30, 40, 40, 40)
LINK_COLUMNS = (7, 8, 9)  # 1-based: address, original, here
SEPARATORS = {"comma": ",", "semicolon": ";"}


def export_rows(rows: list[dict], site_root: str) -> list[list[str]]:
    """The cells of each listed document; `site_root` (http://host) makes the link here."""
    out = []
    for row in rows:
        out.append(
            [
                row.get("published") or "",
                row.get("title") or "",
                row.get("site") or "",
                row.get("author") or "",
                "; ".join(row.get("persons") or []),
                "; ".join(row.get("codes") or []),
                row.get("url") or row.get("id") or "",
                row.get("source_url") or "",
                site_root.rstrip("/") + path_with_args("/article", [("id", row["id"])]),
            ]
        )
    return out


def csv_cell(text: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def csv_export(table: list[list[str]], separator: str = ",") -> str:
    """CSV with a byte order mark, so spreadsheets read UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator)
    writer.writerow(HEADER)
    for cells in table:
        writer.writerow([csv_cell(c) if i in (1, 3) else c for i, c in enumerate(cells)])
    return "\ufeff" + out.getvalue()


def xlsx_export(table: list[list[str]]) -> bytes:
    """An Excel workbook: dates as dates (dd/mm/yyyy), links clickable, text never a formula."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Kết quả"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, cells in enumerate(table, start=2):
        for column, text in enumerate(cells, start=1):
            cell = sheet.cell(row=number, column=column)
            if column == 1 and text:
                try:
                    cell.value = date.fromisoformat(text[:10])
                    cell.number_format = "dd/mm/yyyy"
                    continue
                except ValueError:
                    pass
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
            cell.data_type = "s"  # a title starting with "=" stays text
            if column in LINK_COLUMNS and text.startswith(("http://", "https://")):
                cell.hyperlink = text
                cell.style = "Hyperlink"
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
