"""OCR of Vietnamese pages: accuracy, speed and memory, and what a second index costs.

    python bench/ocr.py [--pages 3] [--dpis 150 200 300] [--render 300]
    python bench/ocr.py --realdata [--files ../shared/realdata/files]

Pages mode: Vietnamese text of the bundled corpus is laid out on A4 pages (DejaVu Serif,
13 pt) and rendered at 100, 150, 200 and 300 dpi, clean and "noisy" (a 1.2°
skew, speckle, blur and JPEG compression, as a photocopy scanned at an office). Each page
goes into a PDF as an image, as a scanner would make it, and is read by the same code as
`vankien index` (indexer/documents). The report gives the character accuracy with
diacritics counted (1 - edit distance / length, NFC, spaces collapsed), pages per second
per core (Tesseract's CPU time), and the peak memory of one Tesseract process.

Realdata mode: indexes the real attachments into a new index with an empty OCR cache,
then the same files into a second new index with that cache, and compares the two times.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageDraw, ImageFilter, ImageFont  # noqa: E402

from indexer.documents.read import read_document  # noqa: E402
from indexer.documents.settings import DocumentSettings  # noqa: E402
from indexer.extract.parse import parse_paths  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"  # fonts-dejavu-core
FONT_POINTS = 13  # the decree's body size
A4_INCHES = (8.27, 11.69)
MARGIN_INCHES = 0.9


def corpus_paragraphs(limit: int = 400) -> list[str]:
    """Body paragraphs of the bundled corpus (the team's own text), in a fixed order."""
    out: list[str] = []
    for item in parse_paths([ROOT / "corpus" / "sites"]):
        body = getattr(item, "body", None)
        if body:
            out.extend(p for p in body if len(p) > 80)
        if len(out) >= limit:
            break
    return out


def layout_page(paragraphs: list[str], dpi: int) -> tuple[Image.Image, str]:
    """A white A4 page at `dpi` with as many paragraphs as fit; the image and its text."""
    width, height = (round(side * dpi) for side in A4_INCHES)
    margin = round(MARGIN_INCHES * dpi)
    font = ImageFont.truetype(FONT, round(FONT_POINTS * dpi / 72))
    line_height = round(FONT_POINTS * dpi / 72 * 1.45)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    y, written = margin, []
    for paragraph in paragraphs:
        lines, line = [], ""
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if font.getlength(trial) > width - 2 * margin and line:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
        if y + line_height * len(lines) > height - margin:
            break
        for text in lines:
            draw.text((margin, y), text, font=font, fill=0)
            y += line_height
        y += line_height // 2
        written.append(" ".join(lines))
    return page, "\n".join(written)


def add_noise(page: Image.Image, seed: int) -> Image.Image:
    """A photocopy scanned at an office: skewed, speckled, a little blurred, JPEG'd."""
    rng = random.Random(seed)
    noisy = page.rotate(1.2, resample=Image.BICUBIC, expand=False, fillcolor=255)
    pixels = noisy.load()
    width, height = noisy.size
    for _ in range(width * height // 400):
        x, y = rng.randrange(width), rng.randrange(height)
        pixels[x, y] = 0 if rng.random() < 0.5 else 255
    noisy = noisy.filter(ImageFilter.GaussianBlur(0.6))
    out = io.BytesIO()
    noisy.save(out, format="JPEG", quality=55)
    return Image.open(io.BytesIO(out.getvalue())).convert("L")


def as_scan_pdf(page: Image.Image, dpi: int) -> bytes:
    out = io.BytesIO()
    page.save(out, format="PDF", resolution=dpi)
    return out.getvalue()


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def accuracy(found: str, truth: str) -> float:
    """1 - Levenshtein distance / length of the truth, diacritics counted."""
    from rapidfuzz.distance import Levenshtein

    truth, found = _normal(truth), _normal(found)
    return max(0.0, 1 - Levenshtein.distance(found, truth) / max(1, len(truth)))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def pages_mode(args: argparse.Namespace) -> dict:
    paragraphs = corpus_paragraphs()
    rows = []
    for dpi in args.dpis:
        for noisy in (False, True):
            scores, cpu, pages = [], 0.0, 0
            for n in range(args.pages):
                page, truth = layout_page(paragraphs[n * 12 :], dpi)
                if noisy:
                    page = add_noise(page, seed=n)
                settings = DocumentSettings(ocr_cache=None, ocr_dpi=args.render, ocr_workers=1)
                before = _children_cpu()
                text = read_document(as_scan_pdf(page, dpi), settings)
                cpu += _children_cpu() - before
                pages += 1
                scores.append(accuracy(text.text, truth))
            rows.append(
                {
                    "scan_dpi": dpi,
                    "noisy": noisy,
                    "render_dpi": args.render,
                    "accuracy": round(sum(scores) / len(scores), 4),
                    "worst": round(min(scores), 4),
                    "pages_per_cpu_second": round(pages / max(cpu, 1e-9), 3),
                }
            )
            print(json.dumps(rows[-1]), flush=True)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"rows": rows, "tesseract_peak_mb": round(peak_mb, 1)}


def realdata_mode(args: argparse.Namespace) -> dict:
    from indexer.index import index_records

    with tempfile.TemporaryDirectory() as temp:
        os.environ["VANKIEN_OCR_CACHE"] = str(Path(temp) / "cache")
        timings = []
        for name in ("first", "second"):
            started = time.perf_counter()
            cpu = _children_cpu() + time.process_time()
            summary = index_records(Path(temp) / name, parse_paths([args.files]))
            timings.append(
                {
                    "index": name,
                    "seconds": round(time.perf_counter() - started, 2),
                    "cpu_seconds": round(_children_cpu() + time.process_time() - cpu, 2),
                    "added": summary.added,
                    "failed": len(summary.failed),
                }
            )
            print(json.dumps(timings[-1]), flush=True)
    ratio = timings[1]["seconds"] / max(timings[0]["seconds"], 1e-9)
    return {"timings": timings, "second_over_first": round(ratio, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=3, help="pages per condition")
    parser.add_argument("--dpis", type=int, nargs="+", default=[100, 150, 200, 300])
    parser.add_argument("--render", type=int, default=DocumentSettings().ocr_dpi)
    parser.add_argument("--realdata", action="store_true")
    parser.add_argument("--files", default=str(ROOT.parent / "shared" / "realdata" / "files"))
    parser.add_argument("--json", help="write the report here")
    args = parser.parse_args()
    report = realdata_mode(args) if args.realdata else pages_mode(args)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
