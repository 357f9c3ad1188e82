"""A document's text as read: one entry per page, with where each page's text came from."""

from __future__ import annotations

from dataclasses import dataclass, field

TEXT = "text"  # the file's own text (a PDF's text layer, a Word file's paragraphs)
OCR = "ocr"  # read from the page's image by Tesseract
NONE = "none"  # no text: an empty page, or a scan left unread (limit, no OCR)


@dataclass
class Page:
    """One page (a Word file is one page: it has no fixed pages)."""

    number: int  # 1-based
    text: str
    source: str = TEXT


@dataclass
class DocumentText:
    """Everything read from one file."""

    format: str  # see formats.FORMATS
    pages: list[Page]
    page_count: int = 0  # pages in the file; more than len(pages) when it was cut
    notes: list[str] = field(default_factory=list)  # what was cut or left unread, Vietnamese
    stamps: list[str] = field(default_factory=list)  # text of stamps over scans (signatures)

    @property
    def ocr_pages(self) -> int:
        return sum(1 for p in self.pages if p.source == OCR)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages if p.text)

    @property
    def is_scan(self) -> bool:
        """Most of its text was read by OCR (the UI's "bản scan")."""
        read = [p for p in self.pages if p.text.strip()]
        return bool(read) and sum(p.source == OCR for p in read) * 2 > len(read)
