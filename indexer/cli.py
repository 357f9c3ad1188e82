"""The `vankien` command line: parse, index, search, crawl, serve."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from indexer.parse import ParseFailure, parse_paths


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vankien", description="Search party-committee archives.")
    commands = parser.add_subparsers(dest="command", required=True)

    parse = commands.add_parser("parse", help="parse articles and print records")
    parse.add_argument("paths", nargs="+", help="files or folders (.html, .htm, .txt)")
    parse.add_argument("--json", action="store_true", help="print JSON Lines")
    parse.add_argument("--no-layouts", action="store_true", help="ignore known site layouts")
    parse.set_defaults(func=cmd_parse)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `vankien` console script."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("vankien: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
