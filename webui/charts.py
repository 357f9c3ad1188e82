"""Small charts drawn on the server as SVG (no script, no CDN, no inline style: the page's
Content-Security-Policy allows neither)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from markupsafe import Markup, escape

BAR = 22  # width of one year's slot, in SVG units
HEIGHT = 120  # height of the tallest bar
TOP, BOTTOM, LEFT = 18, 22, 4


def years_of(dates: Iterable[str | None]) -> tuple[dict[str, int], int]:
    """Articles per year from ISO dates, and how many have no date."""
    counts: Counter = Counter()
    undated = 0
    for value in dates:
        if value and value[:4].isdigit():
            counts[value[:4]] += 1
        else:
            undated += 1
    return dict(counts), undated


def year_chart(counts: dict[str, int], undated: int = 0, what: str = "bài viết") -> Markup:
    """A bar chart of `counts` (year -> articles), every year from the first to the last
    shown (years without articles as gaps), with a text caption for screen readers."""
    if not counts:
        return Markup("")
    first, last = min(int(y) for y in counts), max(int(y) for y in counts)
    years = [str(y) for y in range(first, last + 1)]
    top = max(counts.values())
    width = LEFT * 2 + BAR * len(years)
    height = TOP + HEIGHT + BOTTOM
    every = 1 if len(years) <= 14 else 5
    summary = ", ".join(f"{y}: {counts[y]}" for y in years if counts.get(y))
    label = f"Số {what} theo năm, {first}–{last}: {summary}"
    if undated:
        label += f"; không rõ ngày: {undated}"
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(label)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(label)}</title>",
        f'<line x1="{LEFT}" y1="{TOP + HEIGHT}" x2="{width - LEFT}" y2="{TOP + HEIGHT}" '
        'stroke="#888" stroke-width="1"/>',
    ]
    for i, year in enumerate(years):
        count = counts.get(year, 0)
        x = LEFT + i * BAR
        bar = round(HEIGHT * count / top) if count else 0
        if count:
            parts.append(
                f'<rect x="{x + 3}" y="{TOP + HEIGHT - bar}" width="{BAR - 6}" height="{bar}" '
                f'fill="#a31515"><title>{year}: {count} {escape(what)}</title></rect>'
            )
            if len(years) <= 30:
                parts.append(
                    f'<text x="{x + BAR / 2}" y="{TOP + HEIGHT - bar - 4}" font-size="10" '
                    f'text-anchor="middle" fill="#1b1b1b">{count}</text>'
                )
        if (int(year) - first) % every == 0:
            parts.append(
                f'<text x="{x + BAR / 2}" y="{height - 6}" font-size="8" text-anchor="middle" '
                f'fill="#555">{year}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
