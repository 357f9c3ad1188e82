"""The limits and choices of document reading, each set by a VANKIEN_* variable.

They keep any one file from costing unbounded work: its size, its pages, its unpacked
size, the OCR time it may take. A file over a limit is cut or refused with the reason.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

MB = 1024 * 1024


def _default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "vankien" / "ocr"


@dataclass(frozen=True)
class DocumentSettings:
    """How documents are read; `from_env` reads each field's VANKIEN_* variable."""

    max_bytes: int = 60 * MB  # VANKIEN_DOCUMENT_MAX_BYTES: a larger file is refused
    max_pages: int = 500  # VANKIEN_DOCUMENT_MAX_PAGES: pages read, the rest cut
    max_unpacked_bytes: int = 200 * MB  # VANKIEN_DOCUMENT_MAX_UNPACKED: a zip bomb stops here
    ocr: bool = True  # VANKIEN_OCR=0 reads text layers only
    ocr_max_pages: int = 120  # VANKIEN_OCR_MAX_PAGES: scanned pages read by OCR per file
    ocr_seconds: float = 900.0  # VANKIEN_OCR_SECONDS: OCR time per file, the rest cut
    ocr_page_seconds: float = 180.0  # VANKIEN_OCR_PAGE_SECONDS: one page's OCR at most
    ocr_dpi: int = 200  # VANKIEN_OCR_DPI: scans are rendered at this resolution (measured)
    ocr_workers: int = 0  # VANKIEN_OCR_WORKERS: pages read at once (0: one per core)
    ocr_cache: Path | None = None  # VANKIEN_OCR_CACHE: folder of OCR results ("" : none)
    tool_seconds: float = 60.0  # antiword and the other converters, per file

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> DocumentSettings:
        """Defaults, overridden by the VANKIEN_* variables of `environ` (os.environ)."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for item in fields(cls):
            raw = environ.get(_VARIABLES[item.name])
            if raw is None:
                continue
            values[item.name] = _convert(item.name, raw)
        if "ocr_cache" not in values:
            values["ocr_cache"] = _default_cache()
        return cls(**values)  # type: ignore[arg-type]

    @property
    def workers(self) -> int:
        return self.ocr_workers or os.cpu_count() or 1


_VARIABLES = {
    "max_bytes": "VANKIEN_DOCUMENT_MAX_BYTES",
    "max_pages": "VANKIEN_DOCUMENT_MAX_PAGES",
    "max_unpacked_bytes": "VANKIEN_DOCUMENT_MAX_UNPACKED",
    "ocr": "VANKIEN_OCR",
    "ocr_max_pages": "VANKIEN_OCR_MAX_PAGES",
    "ocr_seconds": "VANKIEN_OCR_SECONDS",
    "ocr_page_seconds": "VANKIEN_OCR_PAGE_SECONDS",
    "ocr_dpi": "VANKIEN_OCR_DPI",
    "ocr_workers": "VANKIEN_OCR_WORKERS",
    "ocr_cache": "VANKIEN_OCR_CACHE",
    "tool_seconds": "VANKIEN_TOOL_SECONDS",
}


def _convert(name: str, raw: str) -> object:
    """One variable's value as its field's type; a bad value is refused in Vietnamese."""
    variable = _VARIABLES[name]
    if name == "ocr":
        return raw.strip().lower() not in ("0", "no", "false", "off", "khong", "không")
    if name == "ocr_cache":
        return Path(raw) if raw.strip() else None
    try:
        value = float(raw) if name.endswith("seconds") else int(raw)
    except ValueError:
        raise ValueError(f"{variable} phải là một số, không phải {raw!r}") from None
    if value < 0 or (value == 0 and name != "ocr_workers"):
        raise ValueError(f"{variable} phải là số dương, không phải {raw!r}")
    return value
