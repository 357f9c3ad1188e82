"""Every fetched response kept as fetched, in WARC files (the web-archiving standard).

The index can be rebuilt from them without the network, and the captured copy of an
article can be shown when the original is gone.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from indexer.crawl.fetch import FetchResult

ROTATE_BYTES = 256 * 1024 * 1024
WARC_SUFFIXES = (".warc", ".warc.gz")


@dataclass
class Capture:
    """One archived HTTP response."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    date: str = ""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def is_warc(path: str | Path) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


class WarcArchive:
    """Appends responses to gzip WARC files in one folder, rotating large files."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._current: Path | None = None

    def _file(self) -> Path:
        if self._current is None or self._current.stat().st_size > ROTATE_BYTES:
            stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime())
            n = len(list(self.folder.glob("vankien-*.warc.gz")))
            self._current = self.folder / f"vankien-{stamp}-{n:05d}.warc.gz"
            self._current.touch()
        return self._current

    def write(self, result: FetchResult, request_headers: dict[str, str]) -> tuple[str, int]:
        """Archive one response (and its request); returns (file name, offset)."""
        path = self._file()
        with path.open("ab") as out:
            offset = out.tell()
            writer = WARCWriter(out, gzip=True)
            reason = "OK" if result.status == 200 else "-"
            http_headers = StatusAndHeaders(
                f"{result.status} {reason}", list(result.headers.items()), protocol="HTTP/1.1"
            )
            response = writer.create_warc_record(
                result.url,
                "response",
                payload=io.BytesIO(result.body),
                length=len(result.body),
                http_headers=http_headers,
            )
            request = writer.create_warc_record(
                result.url,
                "request",
                payload=io.BytesIO(b""),
                length=0,
                http_headers=StatusAndHeaders(
                    f"GET {result.url} HTTP/1.1",
                    list(request_headers.items()),
                    is_http_request=True,
                ),
            )
            writer.write_request_response_pair(request, response)
            out.flush()
        return path.name, offset


def read_capture(folder: str | Path, filename: str, offset: int) -> Capture | None:
    """The response archived at `offset` of `filename`, or None if it cannot be read."""
    path = Path(folder) / Path(filename).name
    try:
        with path.open("rb") as stream:
            stream.seek(offset)
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    return _capture(record)
                break
    except (OSError, ValueError):
        return None
    return None


def iter_captures(path: str | Path) -> Iterator[Capture]:
    """Every HTTP response in a WARC file, ours or another tool's (wget --warc-file)."""
    with Path(path).open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "response" and record.http_headers is not None:
                yield _capture(record)


def _capture(record) -> Capture:  # noqa: ANN001 - warcio's ArcWarcRecord
    headers = {k.lower(): v for k, v in record.http_headers.headers}
    status = int(record.http_headers.get_statuscode() or 0)
    return Capture(
        url=record.rec_headers.get_header("WARC-Target-URI") or "",
        status=status,
        headers=headers,
        body=record.content_stream().read(),
        date=record.rec_headers.get_header("WARC-Date") or "",
    )
