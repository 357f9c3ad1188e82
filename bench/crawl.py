"""Crawl a few hundred pages on loopback with no delay: pages per second and memory.

    python bench/crawl.py [--copies 2]
    python bench/crawl.py --realdata all|krongno|... [--layout folder|flat]

Serves the bundled corpus (each article `--copies` times under different paths) behind
paginated listing pages on 127.0.0.1, crawls it with --delay 0 into a temporary folder,
indexes it, and prints the rate and the crawler's peak memory. Run a second time over the
same folder to see the incremental crawl (conditional requests only).

`--realdata SITE` serves the real portal pages of ../shared/realdata/html/SITE from
127.0.0.1 the way Apache or nginx serve folders (`/slug` answers 301 to `/slug/`; with
`--layout flat`, `/slug.html`), behind paginated home listings (`/`, `/page/2/`, ...) that
link to `/slug`, with a robots.txt that disallows one linked folder. It runs `vankien
crawl` and prints, per site, the exit status, the fraction of the site's pages and of its
hand-labelled articles indexed as articles, listing pages indexed as articles (must be 0)
and requests to disallowed paths (must be 0). Nothing of the real pages is stored.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.crawl.crawler import CrawlOptions, Site, crawl  # noqa: E402

PER_PAGE = 20
REALDATA = Path(os.environ.get("VANKIEN_REALDATA") or ROOT.parent / "shared" / "realdata")


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


def build_portal(site: str, layout: str) -> tuple[dict[str, tuple[str, bytes]], dict, list[str]]:
    """One real portal as a server would serve it: pages, redirects, listings, robots.txt."""
    files = sorted((REALDATA / "html" / site).glob("*.html"))
    slugs = [f.stem for f in files]
    pages: dict[str, tuple[str, bytes]] = {}
    redirects: dict[str, str] = {}
    for file in files:
        if layout == "folder":
            pages[f"/{file.stem}/"] = ("text/html; charset=utf-8", file.read_bytes())
            redirects[f"/{file.stem}"] = f"/{file.stem}/"
        else:
            pages[f"/{file.stem}.html"] = ("text/html; charset=utf-8", file.read_bytes())
    link = "/{}" if layout == "folder" else "/{}.html"
    listing_count = (len(slugs) + PER_PAGE - 1) // PER_PAGE
    for n in range(listing_count):
        items = "".join(
            f'<li><a href="{link.format(slug)}">{slug.replace("-", " ").capitalize()}</a>'
            f" <span>({n % 28 + 1:02d}/06/2019)</span></li>"
            for slug in slugs[n * PER_PAGE : (n + 1) * PER_PAGE]
        )
        pager = " ".join(
            f'<a href="{"/" if k == 0 else f"/page/{k + 1}/"}">{k + 1}</a>'
            for k in range(listing_count)
        )
        html = (
            '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Tin tức - Sự kiện</title>'
            '</head><body><nav><a href="/">Trang chủ</a> <a href="/private/quan-tri">Quản trị</a>'
            f'</nav><h1>Tin tức - Sự kiện</h1><ul class="news-list">{items}</ul>'
            f'<div class="pager">{pager}</div></body></html>'
        )
        pages["/" if n == 0 else f"/page/{n + 1}/"] = ("text/html; charset=utf-8", html.encode())
        if n:
            redirects[f"/page/{n + 1}"] = f"/page/{n + 1}/"
    pages["/robots.txt"] = ("text/plain", b"User-agent: *\nDisallow: /private/\n")
    return pages, redirects, slugs


def serve_portal(
    pages: dict[str, tuple[str, bytes]], redirects: dict[str, str], log: list[str]
) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            log.append(self.path)
            path = self.path.split("?", 1)[0]
            if path in redirects:
                self.send_response(301)
                self.send_header("Location", redirects[path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            content_type, body = pages.get(path, ("text/html", b"<h1>404 Not Found</h1>"))
            self.send_response(200 if path in pages else 404)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def labelled_articles(site: str) -> set[str]:
    """Slugs of the site's hand-labelled files that are articles (a title was labelled)."""
    found = set()
    for name in ("dev.jsonl", "dev2.jsonl"):
        path = REALDATA / "labels" / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            folder, _, file = item["file"].rpartition("/")
            if folder == f"html/{site}" and item.get("title"):
                found.add(file.removesuffix(".html"))
    return found


def indexed_urls(index_dir: Path) -> list[str]:
    from indexer.search import SearchEngine

    if not index_dir.exists():
        return []
    try:
        engine = SearchEngine(index_dir)
    except (TypeError, ValueError, OSError):  # an index created but never given a segment
        return []
    try:
        return [fields["id"] for fields in engine._searcher.all_stored_fields()]
    finally:
        engine.close()


def bench_realdata(site: str, layout: str) -> bool:
    """Crawl one real portal served on loopback; True when it meets the targets."""
    from indexer.cli import main as vankien

    pages, redirects, slugs = build_portal(site, layout)
    log: list[str] = []
    server = serve_portal(pages, redirects, log)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory() as folder:
        out = io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            status = vankien(
                ["crawl", base + "/", "--delay", "0", "--json", "--warc", f"{folder}/warc"]
                + ["--index", f"{folder}/index"]
            )
        seconds = time.perf_counter() - started
        urls = indexed_urls(Path(folder) / "index")
    server.shutdown()
    server.server_close()
    paths = {url.removeprefix(base) for url in urls}
    got = {p.strip("/").removesuffix(".html") for p in paths}
    listings = [p for p in paths if p == "/" or p.startswith("/page/")]
    labelled = labelled_articles(site)
    page_share = len(got & set(slugs)) / max(1, len(slugs))
    label_share = len(got & labelled) / max(1, len(labelled))
    forbidden = [p for p in log if p.startswith("/private/")]
    print(
        f"{site} ({layout}): exit {status}, {len(log)} requests in {seconds:.1f} s, "
        f"pages indexed as articles {len(got & set(slugs))}/{len(slugs)} ({page_share:.2f}), "
        f"labelled articles {len(got & labelled)}/{len(labelled)} ({label_share:.2f}), "
        f"listings indexed as articles {len(listings)}, requests to disallowed paths {len(forbidden)}"
    )
    return status == 0 and label_share >= 0.95 and not listings and not forbidden


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=2)
    parser.add_argument("--realdata", help="a folder of ../shared/realdata/html, or all")
    parser.add_argument("--layout", choices=["folder", "flat"], default="folder")
    args = parser.parse_args()
    if args.realdata:
        if not (REALDATA / "html").is_dir():
            print(f"no real data at {REALDATA}", file=sys.stderr)
            return 2
        sites = (
            sorted(p.name for p in (REALDATA / "html").iterdir() if p.is_dir())
            if args.realdata == "all"
            else [args.realdata]
        )
        results = [bench_realdata(site, args.layout) for site in sites]
        print(f"{sum(results)}/{len(results)} sites meet the targets")
        return 0 if all(results) else 1
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
