"""Crawl a few hundred pages on loopback with no delay: pages per second and memory.

    python bench/crawl.py [--copies 2]

Serves the bundled corpus (each article `--copies` times under different paths) behind
paginated listing pages on 127.0.0.1, crawls it with --delay 0 into a temporary folder,
indexes it, and prints the rate and the crawler's peak memory. Run a second time over the
same folder to see the incremental crawl (conditional requests only).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.crawl import CrawlOptions, Site, crawl  # noqa: E402

PER_PAGE = 20


def build_site(copies: int) -> dict[str, tuple[str, bytes]]:
    pages: dict[str, tuple[str, bytes]] = {}
    files = sorted((ROOT / "corpus" / "sites").rglob("*.html"))
    for copy in range(copies):
        for file in files:
            content_type = (
                "text/html; charset=windows-1258" if "thanhuy" in file.parent.name else "text/html"
            )
            pages[f"/c{copy}/{file.parent.name}/{file.name}"] = (content_type, file.read_bytes())
    paths = sorted(pages)
    listing_count = (len(paths) + PER_PAGE - 1) // PER_PAGE
    for n in range(listing_count):
        items = "".join(
            f'<li><a href="{p}">{p.rsplit("/", 1)[-1][:60]}</a></li>'
            for p in paths[n * PER_PAGE : (n + 1) * PER_PAGE]
        )
        pager = f'<a href="/tin-tuc?page={n + 2}">Trang sau</a>' if n + 1 < listing_count else ""
        html = f"<html><body><h1>Tin tức</h1><ul>{items}</ul>{pager}</body></html>"
        pages["/tin-tuc" if n == 0 else f"/tin-tuc?page={n + 1}"] = (
            "text/html; charset=utf-8",
            html.encode(),
        )
    pages["/robots.txt"] = ("text/plain", b"User-agent: *\nAllow: /\n")
    return pages


def serve(pages: dict[str, tuple[str, bytes]]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            page = pages.get(self.path)
            if page is None:
                self.send_response(404)
                self.end_headers()
                return
            content_type, body = page
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=2)
    args = parser.parse_args()
    pages = build_site(args.copies)
    server = serve(pages)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory() as folder:
        options = CrawlOptions(
            warc_dir=Path(folder) / "warc",
            index_dir=Path(folder) / "index",
            delay=0,
            backoff=0.01,
            retries=1,
        )
        for label in ("first crawl", "second crawl"):
            started = time.perf_counter()
            report = crawl([Site([base + "/tin-tuc"])], options)
            seconds = time.perf_counter() - started
            for url, reason in report.failed[:3]:
                print("   failed:", url, reason)
            print(
                f"{label}: {report.fetched} responses in {seconds:.1f} s ({report.fetched / seconds:.1f}/s), "
                f"articles {report.articles}, not modified {report.not_modified}, failed {len(report.failed)}, "
                f"indexed {report.indexed}"
            )
            if label == "first crawl":
                warc_mb = (
                    sum(f.stat().st_size for f in (Path(folder) / "warc").glob("*.warc.gz")) / 2**20
                )
                print(f"   WARC {warc_mb:.1f} MB for {len(pages)} pages served")
    server.shutdown()
    print(
        f"peak memory of the crawling process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
