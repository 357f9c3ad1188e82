"""Attached documents: PDF, Word, OpenDocument, RTF and spreadsheets, scans read by OCR.

What this package owns: telling a file's format from its bytes (`formats`), reading its
text page by page with the library that reads that format best (`pdf`, `office`), reading
pages that carry no usable text with Tesseract's Vietnamese model (`ocr`, cached by
content hash), finding the administrative header of each document a file holds (số/ký
hiệu, ngày ban hành, cơ quan ban hành, trích yếu, người ký: `header`), and turning all of
it into an article record (`records`). Every limit it honours is in `settings`.

What it never does: fetch anything, or write the index. A file it cannot read is refused
with a Vietnamese reason (`DocumentError`), never a crash or a hang.
"""

from indexer.documents.formats import (
    ATTACHMENT_SUFFIXES,
    DocumentError,
    document_format,
    looks_like_attachment_url,
)

__all__ = [
    "ATTACHMENT_SUFFIXES",
    "DocumentError",
    "document_format",
    "looks_like_attachment_url",
]
