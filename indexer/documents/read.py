"""One file's bytes to its text, page by page: the text layer where it is usable, OCR where
a page is a picture, every limit honoured and every cut noted."""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from indexer.documents import ocr
from indexer.documents.formats import DocumentError, document_format
from indexer.documents.office import embedded_images, read_office
from indexer.documents.pages import NONE, OCR, DocumentText, Page
from indexer.documents.pdf import USABLE_LETTERS, PdfReader, check_page_count, image_as_pgm
from indexer.documents.settings import DocumentSettings

# Called with (pages read, pages to read) as the scanned pages of one file are read.
OcrProgress = Callable[[int, int], None]
_PROGRESS: contextvars.ContextVar[OcrProgress | None] = contextvars.ContextVar(
    "ocr_progress", default=None
)


@contextlib.contextmanager
def reporting_ocr(progress: OcrProgress) -> Iterator[None]:
    """Within this block, long OCR work reports its progress to `progress`."""
    token = _PROGRESS.set(progress)
    try:
        yield
    finally:
        _PROGRESS.reset(token)


def read_document(data: bytes, settings: DocumentSettings | None = None) -> DocumentText:
    """The text of a PDF, Word, OpenDocument, RTF or spreadsheet file; DocumentError when
    it cannot be read at all (the message says why)."""
    settings = settings or DocumentSettings.from_env()
    if len(data) > settings.max_bytes:
        raise DocumentError(
            f"tệp quá lớn ({len(data) // (1024 * 1024)} MB, tối đa "
            f"{settings.max_bytes // (1024 * 1024)} MB: VANKIEN_DOCUMENT_MAX_BYTES)"
        )
    fmt = document_format(data)
    if fmt is None:
        raise DocumentError("không phải tệp PDF, Word, OpenDocument, RTF hay bảng tính")
    if fmt == "pdf":
        return _read_pdf(data, settings)
    pages, notes = read_office(fmt, data, settings)
    if sum(ch.isalpha() for ch in pages[0].text) < USABLE_LETTERS:
        images = embedded_images(fmt, data, settings)
        if images:  # a Word file of scanned pages: each picture is read as a page
            pages = [Page(n, "", NONE) for n in range(1, len(images) + 1)]
            render = lambda index: image_as_pgm(images[index])  # noqa: E731
            notes += _ocr(data, pages, list(range(len(images))), render, settings)
    return DocumentText(fmt, pages, page_count=len(pages), notes=notes)


def _read_pdf(data: bytes, settings: DocumentSettings) -> DocumentText:
    with PdfReader(data) as reader:
        count, notes = check_page_count(reader, settings)
        pages: list[Page] = []
        scans: list[int] = []
        for index in range(count):
            page, needs_ocr = reader.page_text(index)
            pages.append(page)
            if needs_ocr:
                scans.append(index)
        stamps = [text for index in scans if (text := reader.stamp_text(index))]
        if scans:
            render = lambda index: reader.render(index, settings.ocr_dpi)  # noqa: E731
            notes += _ocr(data, pages, scans, render, settings)
        return DocumentText("pdf", pages, page_count=len(reader), notes=notes, stamps=stamps)


def _ocr(
    data: bytes,
    pages: list[Page],
    scans: list[int],
    render: Callable[[int], bytes],
    settings: DocumentSettings,
) -> list[str]:
    """Read pages `scans` (indexes into `pages`) by OCR of `render(index)`, side by side,
    each from the cache when it was read before; the notes say what was left unread."""
    if not settings.ocr:
        _leave(pages, scans)
        return [f"{len(scans)} trang scan không đọc (VANKIEN_OCR=0)"]
    if ocr.tesseract_version() is None:
        _leave(pages, scans)
        return [ocr.missing_reason()]
    notes = []
    if len(scans) > settings.ocr_max_pages:
        notes.append(
            f"chỉ đọc OCR {settings.ocr_max_pages} trong {len(scans)} trang scan "
            "(giới hạn VANKIEN_OCR_MAX_PAGES)"
        )
        _leave(pages, scans[settings.ocr_max_pages :])
        scans = scans[: settings.ocr_max_pages]
    reading = _Reading(pages, ocr.OcrCache(settings.ocr_cache), hashlib.sha256(data).hexdigest())
    deadline = time.monotonic() + settings.ocr_seconds
    progress = _PROGRESS.get()
    with ThreadPoolExecutor(max_workers=settings.workers) as pool:
        for done, index in enumerate(scans, start=1):
            cached = reading.cache.get(reading.key(index, settings))
            if cached is not None:
                _set_ocr(pages[index], cached)
            elif time.monotonic() > deadline:
                _leave(pages, [index])
                reading.failed.append(f"trang {index + 1}: hết thời gian OCR của tệp")
            else:
                reading.drain(settings, keep=settings.workers)
                try:
                    image = render(index)
                except OSError as error:  # a picture Pillow cannot read, or too large
                    _leave(pages, [index])
                    reading.failed.append(f"trang {index + 1}: {error}")
                else:
                    job = pool.submit(ocr.read_image, image, settings.ocr_page_seconds)
                    reading.pending[index] = job
            if progress:
                progress(done, len(scans))
        reading.drain(settings, keep=0)
    if reading.failed:
        notes.append(_summarise(reading.failed, settings))
    return notes


class _Reading:
    """The OCR of one file in flight: pages submitted, failures, the cache."""

    def __init__(self, pages: list[Page], cache: ocr.OcrCache, file_hash: str) -> None:
        self.pages, self.cache, self.file_hash = pages, cache, file_hash
        self.pending: dict[int, Future[str]] = {}
        self.failed: list[str] = []

    def key(self, index: int, settings: DocumentSettings) -> str:
        return self.cache.key(self.file_hash, index, settings.ocr_dpi)

    def drain(self, settings: DocumentSettings, keep: int) -> None:
        """Collect finished OCR until at most `keep` pages are in flight (bounds memory)."""
        while len(self.pending) > keep:
            index = min(self.pending)
            future = self.pending.pop(index)
            try:
                text = future.result()
            except (TimeoutError, OSError, ocr.OcrUnavailable) as error:
                _leave(self.pages, [index])
                self.failed.append(f"trang {index + 1}: {error}")
                continue
            self.cache.put(self.key(index, settings), text)
            _set_ocr(self.pages[index], text)


def _set_ocr(page: Page, text: str) -> None:
    """A page read by OCR; the few letters of its text layer (a signature stamp) are kept."""
    layer, text = page.text, ocr.clean_ocr_text(text).strip()
    page.text = text if not layer else f"{text}\n{layer}"
    page.source = OCR


def _leave(pages: list[Page], indexes: list[int]) -> None:
    for index in indexes:
        if pages[index].source != OCR:
            pages[index].source = NONE


def _summarise(failed: list[str], settings: DocumentSettings) -> str:
    shown = "; ".join(failed[:3]) + (f"; và {len(failed) - 3} trang nữa" if len(failed) > 3 else "")
    return f"{len(failed)} trang scan không đọc được ({shown}; VANKIEN_OCR_SECONDS={settings.ocr_seconds:g})"
