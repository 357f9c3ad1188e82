"""PDF files: the text layer of each page with pdfium, OCR for pages that have none.

pypdfium2 (Google's pdfium) was chosen by measurement on the real attachments: the same
text as pdfminer.six and pypdf, in the reading order of the page, 18 times faster than
pdfminer.six and 13 times faster than pypdf (bench/documents.py), and it also renders the
pages that OCR reads. pdfium is not thread-safe: pages are read and rendered here, one at
a time, and only the OCR of rendered pages runs side by side (ocr_pages.py).
"""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from indexer.documents.formats import DocumentError
from indexer.documents.pages import TEXT, Page
from indexer.documents.settings import DocumentSettings
from indexer.text.legacy_fonts import fix_legacy_text
from indexer.text.normalize import nfc

# A page whose text layer has this many letters is read as text, whatever images it has.
USABLE_LETTERS = 200
# Below that, a page mostly covered by images is a scan: its few letters are a digital
# signature or "Cơ quan phát hành" stamped on it, not its content.
SCAN_IMAGE_SHARE = 0.5
MAX_IMAGE_PIXELS = 80_000_000  # an embedded picture larger than this is not read (a bomb)


class PdfReader:
    """One open PDF: its pages' text layers and, for scans, their images."""

    def __init__(self, data: bytes) -> None:
        try:
            self.pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            raise DocumentError(_open_reason(error)) from error

    def __enter__(self) -> PdfReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pdf.close()

    def __len__(self) -> int:
        return len(self.pdf)

    def page_text(self, index: int) -> tuple[Page, bool]:
        """Page `index` (0-based) as its text layer gives it, and whether it needs OCR."""
        page = self.pdf[index]
        try:
            textpage = page.get_textpage()
            try:
                raw = textpage.get_text_bounded()
            finally:
                textpage.close()
            text = fix_legacy_text(nfc(raw.replace("\r\n", "\n").replace("\r", "\n")))
            letters = sum(ch.isalpha() for ch in text)
            needs_ocr = letters < USABLE_LETTERS and _image_share(page) >= SCAN_IMAGE_SHARE
        finally:
            page.close()
        return Page(index + 1, text.strip(), TEXT), needs_ocr

    def stamp_text(self, index: int) -> str:
        """The text of the stamps drawn over page `index` (a digital signature's "Người ký:
        …, Thời gian ký: 18.06.2019 16:33:44"): annotations, read once flattened into it."""
        page = self.pdf[index]
        try:
            flattened = pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY)
        finally:
            page.close()
        if flattened != pdfium_c.FLATTEN_SUCCESS:
            return ""
        page = self.pdf[index]
        try:
            textpage = page.get_textpage()
            try:
                return nfc(" ".join(textpage.get_text_bounded().split()))
            finally:
                textpage.close()
        finally:
            page.close()

    def render(self, index: int, dpi: int) -> bytes:
        """Page `index` as a greyscale PGM image at `dpi` (what Tesseract reads)."""
        page = self.pdf[index]
        try:
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            image = bitmap.to_pil()
        finally:
            page.close()
        return pgm_bytes(image)


def pgm_bytes(image) -> bytes:  # noqa: ANN001 - a PIL image
    """A greyscale PIL image as PGM bytes (uncompressed: quick to write, quick to read)."""
    out = io.BytesIO()
    image.convert("L").save(out, format="PPM")
    return out.getvalue()


def image_as_pgm(data: bytes, max_pixels: int = MAX_IMAGE_PIXELS) -> bytes:
    """A picture file (PNG, JPEG… inside a Word file) as PGM for OCR; OSError when it is
    not a picture Pillow reads, or larger than `max_pixels` (a decompression bomb)."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > max_pixels:
                raise OSError(f"hình quá lớn ({image.width}×{image.height} điểm ảnh)")
            return pgm_bytes(image)
    except (Image.DecompressionBombError, ValueError) as error:
        raise OSError(str(error)) from error


def _image_share(page: pdfium.PdfPage) -> float:
    """How much of the page its images cover (0..1; overlapping images counted once each)."""
    width, height = page.get_size()
    if width <= 0 or height <= 0:
        return 0.0
    covered = 0.0
    for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
        left, bottom, right, top = image.get_bounds()
        covered += max(0.0, min(right, width) - max(left, 0)) * max(
            0.0, min(top, height) - max(bottom, 0)
        )
    return min(1.0, covered / (width * height))


def _open_reason(error: pdfium.PdfiumError) -> str:
    message = str(error).lower()
    if "password" in message:
        return "tệp PDF có mật khẩu (đã mã hóa), không đọc được"
    if "format" in message or "file" in message:
        return "tệp PDF hỏng hoặc không đầy đủ, không đọc được"
    return f"không mở được tệp PDF ({error})"


def check_page_count(reader: PdfReader, settings: DocumentSettings) -> tuple[int, list[str]]:
    """How many pages to read, and the note when the file has more than the limit."""
    total = len(reader)
    if total <= settings.max_pages:
        return total, []
    return settings.max_pages, [
        f"tệp có {total} trang; chỉ đọc {settings.max_pages} trang đầu "
        "(giới hạn VANKIEN_DOCUMENT_MAX_PAGES)"
    ]
