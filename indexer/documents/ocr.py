"""Text from page images with Tesseract's Vietnamese model (Debian's tesseract-ocr-vie).

Each page is one `tesseract` process limited to one thread, so that pages of a scan are
read side by side, one per core. Results are kept in a cache folder under the page's
content key, so indexing the same file again never reads it twice.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from indexer.text.normalize import nfc

LANGUAGE = "vie"
# Page segmentation 3: automatic layout, the default; it reads the two-column header of
# an administrative document as lines, left column first.
PAGE_SEGMENTATION = "3"
# Changes with anything that changes what OCR reads: the cache never serves stale text.
RECIPE = f"tesseract-{LANGUAGE}-psm{PAGE_SEGMENTATION}-tsv-v2"
# A word with a digit read with less confidence than this (0-100) is written "?": on
# administrative scans it is the handwritten number or day, which OCR misreads (a
# handwritten "217" read as "2" at 38, printed words at 90 and more).
DIGIT_CONFIDENCE = 50
UNSURE = "?"


class OcrUnavailable(Exception):
    """Tesseract or its Vietnamese model is not installed."""


@functools.cache
def tesseract_version() -> str | None:
    """Tesseract's version when it and the Vietnamese model are installed, else None."""
    binary = shutil.which("tesseract")
    if binary is None:
        return None
    try:
        langs = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
        version = subprocess.run(
            [binary, "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if LANGUAGE not in langs.stdout.split():
        return None
    first = (version.stdout or version.stderr).splitlines()
    return first[0].strip() if first else "tesseract"


def missing_reason() -> str:
    return (
        "chưa cài Tesseract với tiếng Việt (gói tesseract-ocr và tesseract-ocr-vie): "
        "trang scan không đọc được"
    )


def read_image(image: bytes, seconds: float) -> str:
    """The text of one page image (PNG or PNM bytes); raises TimeoutError past `seconds`."""
    if tesseract_version() is None:
        raise OcrUnavailable(missing_reason())
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", LANGUAGE, "--psm", PAGE_SEGMENTATION, "tsv"],
            input=image,
            capture_output=True,
            timeout=seconds,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise TimeoutError(f"OCR một trang quá {seconds:.0f} giây") from error
    if done.returncode != 0:
        raise OSError(done.stderr.decode("utf-8", "replace").strip()[-300:] or "tesseract lỗi")
    return text_from_tsv(done.stdout.decode("utf-8", "replace"))


def text_from_tsv(tsv: str) -> str:
    """The page's text from Tesseract's TSV: lines in reading order, a blank line between
    paragraphs, and each word holding a digit that was read unsurely written "?"."""
    paragraphs: list[list[list[str]]] = []
    place: tuple[str, ...] | None = None
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        block, paragraph, line = cells[2], cells[3], cells[4]
        word = cells[11].strip()
        if any(ch.isdigit() for ch in word) and float(cells[10]) < DIGIT_CONFIDENCE:
            word = UNSURE
        if place is None or place[:2] != (block, paragraph):
            paragraphs.append([[]])
        elif place[2] != line:
            paragraphs[-1].append([])
        paragraphs[-1][-1].append(word)
        place = (block, paragraph, line)
    return nfc("\n\n".join("\n".join(" ".join(w) for w in p) for p in paragraphs))


# A "word" OCR reads from specks, rules and the edge of the page: no letter or digit, and
# one of these marks (a dash or a comma alone is kept: it is punctuation).
_SPECK_WORD = re.compile(r"(?<!\S)[^\w\s]*[_|¬‹›ˆ~`][^\w\s]*(?!\S)")
_SPECK_EDGE = re.compile(r"(?<!\S)[_|¬‹›ˆ~`]+(?=\w)|(?<=\w)[_|¬‹›ˆ~`]+(?!\S)")


def clean_ocr_text(text: str) -> str:
    """OCR text without the specks it reads as "_", "|" or "¬" beside or between words
    (a "_" glued to a word would join the word in the index)."""
    text = _SPECK_WORD.sub(" ", text)
    text = _SPECK_EDGE.sub("", text)
    return re.sub(r"[ \t]{2,}", " ", text)


class OcrCache:
    """OCR results by page key, one small file each (written atomically); None: no cache."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    @staticmethod
    def key(file_hash: str, page: int, dpi: int) -> str:
        """The cache key of page `page` of the file whose sha256 is `file_hash`."""
        text = f"{RECIPE}|{tesseract_version()}|{dpi}|{file_hash}|{page}"
        return hashlib.sha256(text.encode()).hexdigest()

    def _path(self, key: str) -> Path | None:
        return self.folder / key[:2] / f"{key}.txt" if self.folder else None

    def get(self, key: str) -> str | None:
        path = self._path(key)
        if path is None:
            return None
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, key: str, text: str) -> None:
        path = self._path(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
            ) as out:
                out.write(text)
            os.replace(out.name, path)
        except OSError:
            return  # a cache that cannot be written only costs time
