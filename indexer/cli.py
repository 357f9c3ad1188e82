"""The `vankien` command line: parse, index, search, crawl, serve."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from indexer.parse import ParseFailure, iter_article_files, parse_paths


def _print_json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def cmd_parse(args: argparse.Namespace) -> int:
    failures = 0
    for item in parse_paths(args.paths, use_layouts=not args.no_layouts):
        if isinstance(item, ParseFailure):
            failures += 1
            print(f"vankien parse: skipped {item.path}: {item.reason}", file=sys.stderr)
            continue
        if args.json:
            _print_json(item.to_dict())
        else:
            published = item.published.isoformat() if item.published else "----------"
            codes = ", ".join(item.cited_codes()) or "-"
            persons = ", ".join(p.name for p in item.persons) or "-"
            print(
                f"{published}  {item.title}\n    {item.path}\n    mã: {codes}\n    người: {persons}"
            )
    if failures:
        print(f"vankien parse: {failures} file(s) could not be parsed", file=sys.stderr)
    return 1 if failures else 0


def _progress_printer(total: int):  # noqa: ANN202
    if not sys.stderr.isatty():
        return None

    def show(count: int, path: str) -> None:
        width = 30
        done = int(width * count / max(1, total))
        sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {count}/{total} ")
        sys.stderr.flush()

    return show


def cmd_index(args: argparse.Namespace) -> int:
    from indexer.index import IndexError_, index_records

    total = sum(1 for _ in iter_article_files(args.paths))
    progress = _progress_printer(total)
    try:
        summary = index_records(
            args.index, parse_paths(args.paths), progress=progress, expected=total
        )
    except IndexError_ as error:
        print(f"vankien index: {error}", file=sys.stderr)
        return 2
    if progress:
        sys.stderr.write("\n")
    if args.json:
        _print_json(summary.to_dict())
    else:
        print(
            f"đã thêm {summary.added}, cập nhật {summary.updated}, không đổi {summary.unchanged}, "
            f"lỗi {len(summary.failed)}"
        )
    for path, reason in summary.failed:
        print(f"vankien index: skipped {path}: {reason}", file=sys.stderr)
    return 1 if summary.failed else 0


def cmd_search(args: argparse.Namespace) -> int:
    from indexer.index import IndexError_
    from indexer.search import SearchError, SearchRequest, search

    filters = {
        name: values
        for name in ("code", "type", "issuer", "person", "site", "author", "year")
        if (values := getattr(args, name))
    }
    try:
        request = SearchRequest(
            q=args.query,
            filters=filters,
            date_from=args.date_from,
            date_to=args.date_to,
            sort=args.sort,
            page=args.page,
            per_page=args.limit,
        )
        response = search(request, args.index)
    except (SearchError, IndexError_) as error:
        print(f"vankien search: {error}", file=sys.stderr)
        return 2
    if args.json:
        _print_json(response.to_dict())
        return 0
    print(f"{response.total} kết quả ({response.took_ms:.0f} ms)")
    if response.suggestion:
        print(f"Có phải bạn muốn tìm: {response.suggestion}")
    for n, hit in enumerate(response.hits, start=(args.page - 1) * args.limit + 1):
        print(f"{n:3}. {hit.published or '----------'}  {hit.title}")
        print(f"     {hit.url or hit.id}")
        if hit.codes:
            print(f"     mã: {', '.join(hit.codes)}")
    return 0


def cmd_crawl(args: argparse.Namespace) -> int:
    from pathlib import Path

    from indexer.crawl import CrawlError, CrawlOptions, Site, crawl, load_settings, print_progress
    from indexer.index import IndexError_

    sites = [
        Site(start_urls=[url], prefix=args.prefix, include=args.include, exclude=args.exclude)
        for url in args.urls
    ]
    settings: dict = {}
    try:
        if args.config:
            more, settings = load_settings(args.config)
            sites += more
        options = CrawlOptions(
            warc_dir=Path(args.warc or settings.get("warc_dir", "crawl")),
            index_dir=None
            if args.no_index
            else Path(args.index or settings.get("index_dir", "index")),
            delay=args.delay if args.delay is not None else float(settings.get("delay", 1.0)),
            timeout=float(settings.get("timeout", 15.0)),
            max_bytes=int(settings.get("max_bytes", 10 * 1024 * 1024)),
        )
        report = crawl(sites, options, progress=print_progress if sys.stderr.isatty() else None)
    except (CrawlError, IndexError_) as error:
        print(f"vankien crawl: {error}", file=sys.stderr)
        return 2
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    if args.json:
        _print_json(report.to_dict())
    else:
        print(
            f"đã tải {report.fetched} trang ({report.fetched / max(report.seconds, 0.001):.1f}/s), "
            f"không đổi {report.not_modified + report.unchanged}, bài viết {report.articles} "
            f"({report.low_confidence} chưa chắc phần nội dung), "
            f"trang danh sách {report.listings}, đã gỡ ở nguồn {report.gone}"
        )
        if report.indexed:
            print(
                f"chỉ mục: thêm {report.indexed['added']}, cập nhật {report.indexed['updated']}, "
                f"không đổi {report.indexed['unchanged']}"
            )
    for url, reason in report.failed:
        print(f"vankien crawl: failed {url}: {reason}", file=sys.stderr)
    return 1 if report.failed else 0


def cmd_serve(args: argparse.Namespace) -> int:
    from pathlib import Path

    from webui.app import serve
    from webui.settings import Settings

    settings = Settings.from_env(
        index_dir=Path(args.index) if args.index else None,
        warc_dir=Path(args.warc) if args.warc else None,
        host=args.host,
        port=args.port,
        threads=args.threads,
        workers=args.workers,
    )
    serve(settings)
    return 0


def _date_arg(text: str):  # noqa: ANN202
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from error


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vankien", description="Search party-committee archives.")
    commands = parser.add_subparsers(dest="command", required=True)

    parse = commands.add_parser("parse", help="parse articles and print records")
    parse.add_argument("paths", nargs="+", help="files or folders (.html, .htm, .txt)")
    parse.add_argument("--json", action="store_true", help="print JSON Lines")
    parse.add_argument("--no-layouts", action="store_true", help="ignore known site layouts")
    parse.set_defaults(func=cmd_parse)

    index = commands.add_parser("index", help="parse files and folders into the search index")
    index.add_argument("paths", nargs="+", help="files or folders (.html, .htm, .txt)")
    index.add_argument("--index", default="index", help="index folder (default: index/)")
    index.add_argument("--json", action="store_true", help="print the summary as JSON")
    index.set_defaults(func=cmd_index)

    find = commands.add_parser("search", help="search the index")
    find.add_argument(
        "query", nargs="?", default="", help="the query (empty: everything, newest first)"
    )
    find.add_argument("--index", default="index", help="index folder (default: index/)")
    for name in ("code", "type", "issuer", "person", "site", "author", "year"):
        find.add_argument(
            f"--{name}", action="append", default=[], help=f"filter by {name} (repeatable)"
        )
    find.add_argument(
        "--from", dest="date_from", type=_date_arg, help="published on or after YYYY-MM-DD"
    )
    find.add_argument(
        "--to", dest="date_to", type=_date_arg, help="published on or before YYYY-MM-DD"
    )
    find.add_argument("--sort", choices=["relevance", "newest", "oldest"], default=None)
    find.add_argument("--page", type=int, default=1)
    find.add_argument("--limit", type=int, default=10, help="results per page")
    find.add_argument("--json", action="store_true", help="print the response as JSON")
    find.set_defaults(func=cmd_search)

    crawler = commands.add_parser(
        "crawl", help="crawl committee websites, archive them (WARC) and index them"
    )
    crawler.add_argument("urls", nargs="*", help="start URLs (the crawl stays on their sites)")
    crawler.add_argument("--config", help="TOML settings file listing [[sites]]")
    crawler.add_argument("--index", help="index folder (default: index/)")
    crawler.add_argument("--warc", help="folder for WARC files and crawl state (default: crawl/)")
    crawler.add_argument(
        "--delay", type=float, help="seconds between requests to one host (default 1)"
    )
    crawler.add_argument("--prefix", default="/", help="only URLs whose path starts with this")
    crawler.add_argument(
        "--include", action="append", default=[], help="regex a URL must match (repeatable)"
    )
    crawler.add_argument(
        "--exclude", action="append", default=[], help="regex a URL must not match (repeatable)"
    )
    crawler.add_argument("--no-index", action="store_true", help="only fetch and archive")
    crawler.add_argument("--json", action="store_true", help="print the report as JSON")
    crawler.set_defaults(func=cmd_crawl)

    server = commands.add_parser("serve", help="serve the web interface (waitress)")
    server.add_argument("--index", help="index folder (default: index/, or VANKIEN_INDEX)")
    server.add_argument(
        "--warc", help="crawl folder with the captured copies (default: crawl/, or VANKIEN_WARC)"
    )
    server.add_argument("--host", help="address to bind (default 127.0.0.1, or VANKIEN_HOST)")
    server.add_argument("--port", type=int, help="port (default 8080, or VANKIEN_PORT)")
    server.add_argument(
        "--threads", type=int, help="threads per process (default 8, or VANKIEN_THREADS)"
    )
    server.add_argument(
        "--workers", type=int, help="server processes (default 2, or VANKIEN_WORKERS)"
    )
    server.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `vankien` console script."""
    args = build_parser().parse_args(argv)
    if getattr(args, "command", None) == "search" and args.sort is None:
        args.sort = "relevance" if args.query.strip() else "newest"
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("vankien: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
