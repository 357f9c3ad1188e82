"""Progress of `vankien index`: a tqdm bar on a terminal, a few plain lines otherwise."""

from __future__ import annotations

import sys
from typing import TextIO

from tqdm import tqdm

PLAIN_STEPS = 10  # lines written over a whole run when the output is not a terminal
PLAIN_MIN_TOTAL = 50  # smaller runs only print their summary
OCR_PLAIN_MIN_PAGES = 10  # a scan this long reports its OCR in a log
OCR_PLAIN_STEP = 10  # ...every this many pages


class IndexProgress:
    """Called as `progress(count, path)` by `index_records`; `close()` before the summary.

    On a terminal it draws a bar (rate, time left); in a log or a pipe it writes one
    line per tenth of the work, so cron mails stay short and a long run still shows life.
    """

    def __init__(
        self,
        total: int,
        stream: TextIO | None = None,
        tty: bool | None = None,
        mininterval: float = 0.2,
    ) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.tty = self.stream.isatty() if tty is None else tty
        self.bar: tqdm | None = None
        if self.tty:
            self.bar = tqdm(
                total=total or None,
                desc="vankien index",
                unit=" bài",
                file=self.stream,
                dynamic_ncols=True,
                mininterval=mininterval,
                leave=False,
            )
        self._step = max(1, -(-total // PLAIN_STEPS))
        self._next = self._step

    def __call__(self, count: int, path: str) -> None:
        if self.bar is not None:
            self.bar.update(count - self.bar.n)
            return
        if self.total < PLAIN_MIN_TOTAL:
            return
        if count >= self._next:
            share = min(100, round(100 * count / self.total))
            self.stream.write(f"vankien index: đã đọc {count}/{self.total} tệp ({share}%)\n")
            self.stream.flush()
            while self._next <= count:
                self._next += self._step

    def ocr(self, done: int, total: int) -> None:
        """Long OCR of one file: the bar says which scanned page is being read; a log gets a
        line every tenth page of a long scan, so a quiet minute is not taken for a hang."""
        if self.bar is not None:
            self.bar.set_postfix_str(f"OCR trang {done}/{total}", refresh=False)
            return
        if total >= OCR_PLAIN_MIN_PAGES and (done % OCR_PLAIN_STEP == 0 or done == total):
            self.stream.write(f"vankien index: OCR trang {done}/{total} của một tệp scan\n")
            self.stream.flush()

    def close(self) -> None:
        """Take the bar off the screen, so the summary line stands alone."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None
