"""The `vankien` command line: parse, index, search, crawl, serve."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from indexer import messages
from indexer.crawl import reasons as crawl_reasons
from indexer.extract.parse import ParseFailure, iter_article_files, missing_paths, parse_paths
from indexer.fields import CLI_FILTERS
from indexer.messages import vietnamese_argparse
from indexer.store import is_database, shown_location

SHOWN_CODES = 12  # codes printed under a hit; a report citing 70 is summed up
SHOWN_SKIPPED = 3  # names printed for a reason files were not read; the others are counted


INDEX_HELP = "thư mục chỉ mục, hoặc địa chỉ postgresql://người@máy:cổng/csdl (mặc định: index/, hoặc VANKIEN_INDEX)"


def default_index() -> str:
    """The index when --index is not given: VANKIEN_INDEX, else the folder index/."""
    return os.environ.get("VANKIEN_INDEX") or "index"


def index_location(text: str) -> str | Path:
    """`--index` as given: a folder path, or a database address kept as written."""
    return text if is_database(text) else Path(text)


def _print_json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def missing_paths_refused(command: str, paths: Sequence[str]) -> bool:
    """Say which paths name nothing (before anything is read or created); True if any."""
    missing = missing_paths(paths)
    for path in missing:
        print(f"vankien {command}: không có tệp hay thư mục nào tên {path}", file=sys.stderr)
    return bool(missing)


def print_skipped(command: str, skipped: Sequence[tuple[str, str]]) -> None:
    """The files not read, one line per reason: how many, and the first few names."""
    by_reason: dict[str, list[str]] = {}
    for path, reason in skipped:
        by_reason.setdefault(reason, []).append(path)
    for reason, names in by_reason.items():
        shown = ", ".join(names[:SHOWN_SKIPPED])
        more = len(names) - SHOWN_SKIPPED
        print(
            f"vankien {command}: bỏ qua {len(names)} tệp ({reason}): {shown}"
            + (f" và {more} tệp khác" if more > 0 else ""),
            file=sys.stderr,
        )


def cmd_parse(args: argparse.Namespace) -> int:
    if missing_paths_refused("parse", args.paths):
        return 2
    failures, skipped = 0, []
    for item in parse_paths(args.paths, use_layouts=not args.no_layouts, skipped=skipped):
        if isinstance(item, ParseFailure):
            if item.skipped:
                skipped.append((item.path, item.reason))
                continue
            failures += 1
            print(f"vankien parse: bỏ qua {item.path}: {item.reason}", file=sys.stderr)
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
    print_skipped("parse", skipped)
    if failures:
        print(f"vankien parse: {failures} tệp không đọc được", file=sys.stderr)
    return 1 if failures else 0


def cmd_index(args: argparse.Namespace) -> int:
    from indexer.documents.read import reporting_ocr
    from indexer.index import IndexError_, index_files
    from indexer.progress import IndexProgress

    if missing_paths_refused("index", args.paths):
        return 2  # before the index folder is created
    not_read: list[tuple[str, str]] = []
    total = sum(1 for _ in iter_article_files(args.paths, not_read))
    progress = IndexProgress(total)
    try:
        with reporting_ocr(progress.ocr):
            summary = index_files(args.index, args.paths, progress=progress, expected=total)
    except IndexError_ as error:
        print(f"vankien index: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # --index names a file, or a folder we may not write
        print(
            f"vankien index: không ghi được chỉ mục vào {shown_location(args.index)}: {error.strerror or error}",
            file=sys.stderr,
        )
        return 2
    finally:
        progress.close()
    summary.skipped[:0] = not_read
    if args.json:
        _print_json(summary.to_dict())
    else:
        print(
            f"đã thêm {summary.added}, cập nhật {summary.updated}, không đổi {summary.unchanged}, "
            f"lỗi {len(summary.failed)}, bỏ qua {len(summary.skipped)}"
        )
    for path, reason in summary.failed:
        print(f"vankien index: bỏ qua {path}: {reason}", file=sys.stderr)
    print_skipped("index", summary.skipped)
    return 1 if summary.failed else 0


def cmd_search(args: argparse.Namespace) -> int:
    from indexer.index import IndexError_
    from indexer.limits import LimitError
    from indexer.search import SearchError, SearchRequest, search

    filters = {name: values for name in CLI_FILTERS if (values := getattr(args, name))}
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
        if args.all or args.limit > request.limits.max_per_page:
            return _search_beyond_a_page(args, request)
        response = search(request, args.index)
    except (SearchError, IndexError_, LimitError) as error:
        print(f"vankien search: {error}", file=sys.stderr)
        return 2
    if args.json:
        _print_json(response.to_dict())
        return 0
    print(f"{response.total} kết quả ({response.took_ms:.0f} ms)")
    for warning in response.understood.get("warnings", []):
        print(f"Lưu ý: {warning}")
    if response.suggestion:
        print(f"Có phải bạn muốn tìm: {response.suggestion}")
    for n, hit in enumerate(response.hits, start=(args.page - 1) * args.limit + 1):
        kind = f"[{hit.format}{f', trang {hit.page}' if hit.page else ''}] " if hit.document else ""
        print(f"{n:3}. {hit.published or '----------'}  {kind}{hit.title}")
        print(f"     {hit.url or hit.id}")
        if hit.codes:
            more = len(hit.codes) - SHOWN_CODES
            print(
                f"     mã: {', '.join(hit.codes[:SHOWN_CODES])}{f' và {more} mã khác' if more > 0 else ''}"
            )
    return 0


def _search_beyond_a_page(args: argparse.Namespace, request) -> int:  # noqa: ANN001
    """`search --all` (every hit) or `--limit` above a web page. With --all --json, hits
    are streamed one JSON object a line; with --limit --json, the page is one object like
    any other page (total, hits, facets...), its hits gathered from several web pages."""
    from dataclasses import replace

    from indexer.search import search
    from indexer.search.paging import iter_hits

    request = replace(request, page=1 if args.all else args.page, per_page=1)
    request.validate()  # --page 0 is refused as such, not as a page -1 of the web's size
    start = 0 if args.all else (args.page - 1) * args.limit
    count = None if args.all else args.limit
    hits = iter_hits(request, args.index, start, count)
    if args.json and not args.all:
        page = search(replace(request, page=1), args.index).to_dict()  # total, facets...
        page.update(page=args.page, per_page=args.limit, hits=[h.to_dict() for h in hits])
        _print_json(page)
        return 0
    for n, hit in enumerate(hits, start=start + 1):
        if args.json:
            _print_json(hit.to_dict())
        else:
            print(f"{n:3}. {hit.published or '----------'}  {hit.title}")
            print(f"     {hit.url or hit.id}")
    return 0


def cmd_crawl(args: argparse.Namespace) -> int:
    from pathlib import Path

    from indexer.crawl.crawler import (
        ATTACHMENT_MAX_BYTES,
        REQUISITE_MAX_BYTES,
        CrawlError,
        CrawlOptions,
        ExitStatus,
        Site,
        crawl,
        load_settings,
        print_progress,
    )
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
            else index_location(
                args.index or os.environ.get("VANKIEN_INDEX") or settings.get("index_dir", "index")
            ),
            delay=args.delay if args.delay is not None else float(settings.get("delay", 1.0)),
            timeout=float(settings.get("timeout", 15.0)),
            max_bytes=int(settings.get("max_bytes", 10 * 1024 * 1024)),
            attachment_max_bytes=0
            if args.no_attachments
            else int(settings.get("attachment_max_bytes", ATTACHMENT_MAX_BYTES)),
            requisite_max_bytes=0
            if args.no_requisites
            else int(settings.get("requisite_max_bytes", REQUISITE_MAX_BYTES)),
        )
        report = crawl(sites, options, progress=print_progress if sys.stderr.isatty() else None)
    except CrawlError as error:
        print(f"vankien crawl: {error}", file=sys.stderr)
        return int(error.status)
    except IndexError_ as error:
        print(f"vankien crawl: {error}", file=sys.stderr)
        return int(ExitStatus.INDEX_NOT_WRITABLE)
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    if args.json:
        _print_json(report.to_dict())
    else:
        print(
            f"đã tải {report.fetched} trang ({report.fetched / max(report.seconds, 0.001):.1f}/s), "
            f"không đổi {report.not_modified + report.unchanged}, bài viết {report.articles} "
            f"({report.low_confidence} chưa chắc phần nội dung), "
            f"trang danh sách {report.listings}, tệp đính kèm {report.attachments}, "
            f"đã gỡ ở nguồn {report.gone}"
        )
        if report.requisites or report.requisites_missing:
            print(
                f"giao diện và ảnh của bài: đã lưu {report.requisites}, "
                f"không lưu được {report.requisites_missing}"
            )
        if report.indexed:
            print(
                f"chỉ mục: thêm {report.indexed['added']}, cập nhật {report.indexed['updated']}, "
                f"không đổi {report.indexed['unchanged']}"
            )
        print(
            f"không tìm thấy (404, soft 404) {report.not_found}, quá thời gian {report.timeouts}, "
            f"chuyển hướng {report.redirects}, địa chỉ không tải được {len(report.failed)}"
        )
        for url, note in report.notes:
            print(f"ghi chú {url}: {crawl_reasons.describe(note)}")
    for url, reason in report.failed:
        print(f"vankien crawl: lỗi {url}: {crawl_reasons.describe(reason)}", file=sys.stderr)
    for url in report.unreachable:
        print(f"vankien crawl: không truy cập được địa chỉ bắt đầu {url}", file=sys.stderr)
    if report.pages == 0:
        print("vankien crawl: không tải được trang nào", file=sys.stderr)
    return int(report.exit_status())


def cmd_serve(args: argparse.Namespace) -> int:
    from pathlib import Path

    from webui.server import serve
    from webui.settings import Settings

    try:
        settings = Settings.from_env(
            index_dir=args.index,
            warc_dir=Path(args.warc) if args.warc else None,
            host=args.host,
            port=args.port,
            threads=args.threads,
            workers=args.workers,
        )
    except ValueError as error:  # a VANKIEN_* variable that is not a number
        print(f"vankien serve: cấu hình không hợp lệ: {error}", file=sys.stderr)
        return 2
    serve(settings)
    return 0


def _date_arg(text: str):  # noqa: ANN202
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"không phải ngày (YYYY-MM-DD): {text}") from error


CRAWL_EXIT_STATUSES = """mã thoát (cho cron):
  0  đã thu thập xong; từng trang trả 404, quá thời gian hay lỗi chỉ được đếm trong báo cáo
  2  dòng lệnh hoặc tệp cấu hình sai
  3  không truy cập được trang nào: mọi địa chỉ bắt đầu đều lỗi (DNS, bị từ chối, lỗi HTTP,
     vòng chuyển hướng)
  4  không tải được gì (robots.txt cấm hết, hoặc ngoài giới hạn)
  5  một lần thu thập khác đang giữ khóa thư mục thu thập
  6  không tạo hoặc ghi được thư mục chỉ mục
"""


def build_parser() -> argparse.ArgumentParser:
    """The `vankien` command line: one sub-command per job, each declared below."""
    parser = argparse.ArgumentParser(
        prog="vankien", description="Tìm kiếm trong kho lưu trữ của các cấp ủy Đảng."
    )
    commands = parser.add_subparsers(dest="command", required=True, title="lệnh")
    for add in (_add_parse, _add_index, _add_search, _add_crawl, _add_serve):
        add(commands)
    return parser


def _add_parse(commands: argparse._SubParsersAction) -> None:
    """`vankien parse`: read article files and print what was understood."""
    parse = commands.add_parser("parse", help="đọc bài viết và in các trường đã hiểu")
    parse.add_argument("paths", nargs="+", help="tệp hoặc thư mục (.html, .htm, .txt)")
    parse.add_argument("--json", action="store_true", help="in dạng JSON Lines")
    parse.add_argument(
        "--no-layouts", action="store_true", help="bỏ qua bố cục đã biết của các trang"
    )
    parse.set_defaults(func=cmd_parse)


def _add_index(commands: argparse._SubParsersAction) -> None:
    """`vankien index`: put files, folders and WARC files into the index."""
    index = commands.add_parser("index", help="đưa tệp, thư mục, tệp WARC vào chỉ mục tìm kiếm")
    index.add_argument("paths", nargs="+", help="tệp hoặc thư mục (.html, .htm, .txt, WARC)")
    index.add_argument("--index", default=default_index(), help=INDEX_HELP)
    index.add_argument("--json", action="store_true", help="in bản tóm tắt dạng JSON")
    index.set_defaults(func=cmd_index)


def _add_search(commands: argparse._SubParsersAction) -> None:
    """`vankien search`: query the index; the filters come from indexer/fields.py."""
    find = commands.add_parser("search", help="tìm trong chỉ mục")
    find.add_argument(
        "query", nargs="?", default="", help="truy vấn (để trống: tất cả, mới nhất trước)"
    )
    find.add_argument("--index", default=default_index(), help=INDEX_HELP)
    for name in CLI_FILTERS:
        find.add_argument(
            f"--{name}",
            action="append",
            default=[],
            help=f"lọc theo {CLI_FILTERS[name]} (lặp được)",
        )
    find.add_argument("--from", dest="date_from", type=_date_arg, help="đăng từ ngày YYYY-MM-DD")
    find.add_argument("--to", dest="date_to", type=_date_arg, help="đăng đến ngày YYYY-MM-DD")
    find.add_argument(
        "--sort",
        choices=["relevance", "newest", "oldest"],
        default=None,
        help="thứ tự: liên quan, mới nhất, cũ nhất",
    )
    find.add_argument("--page", type=int, default=1, help="trang kết quả (mặc định 1)")
    find.add_argument(
        "--limit", type=int, default=10, help="số kết quả mỗi trang (bao nhiêu cũng được)"
    )
    find.add_argument(
        "--all", action="store_true", help="mọi kết quả; với --json, mỗi dòng một kết quả"
    )
    find.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    find.set_defaults(func=cmd_search)


def _add_crawl(commands: argparse._SubParsersAction) -> None:
    """`vankien crawl`: fetch committee sites, archive them (WARC) and index them."""
    crawler = commands.add_parser(
        "crawl",
        help="thu thập trang của cấp ủy, lưu (WARC) và đưa vào chỉ mục",
        epilog=CRAWL_EXIT_STATUSES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    crawler.add_argument("urls", nargs="*", help="địa chỉ bắt đầu (chỉ đi trong các trang đó)")
    crawler.add_argument("--config", help="tệp cấu hình TOML liệt kê [[sites]]")
    crawler.add_argument("--index", help=INDEX_HELP)
    crawler.add_argument(
        "--warc", help="thư mục tệp WARC và trạng thái thu thập (mặc định: crawl/)"
    )
    crawler.add_argument(
        "--delay", type=float, help="số giây giữa hai yêu cầu tới một máy chủ (mặc định 1)"
    )
    crawler.add_argument(
        "--prefix", default="/", help="chỉ lấy địa chỉ có đường dẫn bắt đầu như vậy"
    )
    crawler.add_argument(
        "--include", action="append", default=[], help="biểu thức địa chỉ phải khớp (lặp được)"
    )
    crawler.add_argument(
        "--exclude",
        action="append",
        default=[],
        help="biểu thức địa chỉ không được khớp (lặp được)",
    )
    crawler.add_argument(
        "--no-index", action="store_true", help="chỉ tải và lưu, không lập chỉ mục"
    )
    crawler.add_argument(
        "--no-attachments",
        action="store_true",
        help="không tải tệp đính kèm (PDF, Word…) mà các trang liên kết tới",
    )
    crawler.add_argument(
        "--no-requisites",
        action="store_true",
        help="không tải tệp giao diện (CSS) và ảnh của bài để xem bản lưu như trang gốc",
    )
    crawler.add_argument("--json", action="store_true", help="in báo cáo dạng JSON")
    crawler.set_defaults(func=cmd_crawl)


def _add_serve(commands: argparse._SubParsersAction) -> None:
    """`vankien serve`: the web interface."""
    server = commands.add_parser("serve", help="chạy giao diện web (waitress)")
    server.add_argument("--index", help=INDEX_HELP)
    server.add_argument(
        "--warc", help="thư mục bản lưu khi thu thập (mặc định: crawl/, hoặc VANKIEN_WARC)"
    )
    server.add_argument("--host", help="địa chỉ lắng nghe (mặc định 127.0.0.1, hoặc VANKIEN_HOST)")
    server.add_argument("--port", type=int, help="cổng (mặc định 8080, hoặc VANKIEN_PORT)")
    server.add_argument(
        "--threads", type=int, help="số luồng mỗi tiến trình (mặc định 8, hoặc VANKIEN_THREADS)"
    )
    server.add_argument(
        "--workers", type=int, help="số tiến trình máy chủ (mặc định 2, hoặc VANKIEN_WORKERS)"
    )
    server.set_defaults(func=cmd_serve)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `vankien` console script."""
    with vietnamese_argparse():
        args = build_parser().parse_args(argv)
    if getattr(args, "command", None) == "search" and args.sort is None:
        args.sort = "relevance" if args.query.strip() else "newest"
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print(f"vankien: {messages.INTERRUPTED}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
