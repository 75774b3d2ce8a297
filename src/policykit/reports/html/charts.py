"""Charts as inline SVG, made here (no library, no network): the dashboard's month bars.

Every label is escaped; a bar is a link to that month's list, and carries its
count in words (``<title>`` and a text label), so colour is never the only signal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Final

BAR_WIDTH: Final = 44
GAP: Final = 10
CHART_HEIGHT: Final = 150  # the tallest bar
TOP: Final = 22  # room for the count above a bar
BOTTOM: Final = 38  # room for the month and year below


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its label (two lines), how many, where it links, and its colour class."""

    label: str
    sublabel: str
    count: int
    href: str
    css: str = "bar"


def months_ahead(as_of: dt.date, count: int = 12) -> list[dt.date]:
    """The first day of ``as_of``'s month and of the ``count - 1`` months after it."""
    found: list[dt.date] = []
    year, month = as_of.year, as_of.month
    for _ in range(count):
        found.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def month_key(day: dt.date) -> str:
    """``2027-03``: a month's id in the page."""
    return f"{day.year:04d}-{day.month:02d}"


def bar_chart(bars: Sequence[Bar], title: str) -> str:
    """An SVG bar chart: bar heights proportional to the counts, the tallest CHART_HEIGHT."""
    tallest = max((b.count for b in bars), default=0) or 1
    width = len(bars) * (BAR_WIDTH + GAP) + GAP
    height = TOP + CHART_HEIGHT + BOTTOM
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line class="axis" x1="0" y1="{TOP + CHART_HEIGHT}" x2="{width}" '
        f'y2="{TOP + CHART_HEIGHT}"/>',
    ]
    for i, bar in enumerate(bars):
        x = GAP + i * (BAR_WIDTH + GAP)
        h = round(CHART_HEIGHT * bar.count / tallest)
        if bar.count and h < 3:
            h = 3  # one review among thousands is still visible
        y = TOP + CHART_HEIGHT - h
        noun = "review" if bar.count == 1 else "reviews"
        parts.append(
            f'<a href="{escape(bar.href)}" class="{escape(bar.css)}">'
            f"<title>{escape(bar.label)} {escape(bar.sublabel)}: {bar.count} {noun}</title>"
            f'<rect x="{x}" y="{y}" width="{BAR_WIDTH}" height="{h}" rx="3"/>'
            f'<text class="count" x="{x + BAR_WIDTH / 2:g}" y="{y - 6}" '
            f'text-anchor="middle">{bar.count}</text>'
            f'<text class="label" x="{x + BAR_WIDTH / 2:g}" y="{TOP + CHART_HEIGHT + 16}" '
            f'text-anchor="middle">{escape(bar.label)}</text>'
            f'<text class="sublabel" x="{x + BAR_WIDTH / 2:g}" y="{TOP + CHART_HEIGHT + 31}" '
            f'text-anchor="middle">{escape(bar.sublabel)}</text>'
            "</a>"
        )
    parts.append("</svg>")
    return "".join(parts)


__all__ = ["Bar", "bar_chart", "month_key", "months_ahead"]
