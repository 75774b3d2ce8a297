"""The trust's dashboard: one self-contained HTML file (``policykit report``, ``--format html``).

Everything is inline (styles, script, charts as SVG), so the file opens from a
shared drive or an email attachment with no network; a Content-Security-Policy
allows only this page's own style and script (by hash) and no connection at
all. Text from documents (titles, school names, quotations, file names) only
reaches the page through Jinja2 with autoescaping on; nothing from a document
is ever put in a script, a style, an event handler or a URL.

The page: counts at the top; the school x kind matrix (required kinds first,
each cell's status in colour and in words, linking to the document); what is
due when (lapsed, then the next twelve months as bars, each bar a link to its
list); each school's missing and duplicate policies; a table of every
document that sorts and filters in the browser; and each document's detail
(shown when its link is followed), with its findings most serious first and
placed by section heading and first words.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any, Final

from ...trust import STATUS_WORDS, kind_name, kind_priority
from ..register import Row, rows, school_findings, trust_view
from .charts import Bar, bar_chart, month_key, months_ahead
from .details import details, script_json

if TYPE_CHECKING:
    import jinja2

    from ...records import CheckReport
    from ...trust import TrustView
    from .. import ReportOptions

STATUS_SIGNS: Final = {
    "lapsed": "✖",
    "unreadable": "?",
    "missing": "∅",
    "due-soon": "!",
    "no-review-date": "–",
    "current": "✔",
    "unchecked": "·",
}
PAGE_TITLE: Final = "Policies across the trust"


@dataclass(slots=True)
class Cell:
    """One school x kind cell of the matrix."""

    status: str | None  # None: the school holds none and need not
    href: str | None
    hover: str

    @property
    def word(self) -> str:
        return "" if self.status is None else STATUS_WORDS.get(self.status, self.status)

    @property
    def sign(self) -> str:
        return "" if self.status is None else STATUS_SIGNS.get(self.status, "")


@dataclass(slots=True)
class MatrixRow:
    """A school's row: its cells and its counts."""

    number: int
    name: str
    cells: list[Cell]
    counts: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class Month:
    """A group of the 'due when' list: lapsed, or one month."""

    key: str
    label: str
    rows: list[Row]


def _asset(name: str) -> str:
    return files(__package__).joinpath("templates", name).read_text(encoding="utf-8")


def _digest(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("policykit.reports.html", "templates"),
        autoescape=True,  # every value is escaped unless marked safe here, in Python
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    return env


def _matrix(
    view: TrustView, by_path: dict[str, Row]
) -> tuple[list[dict[str, Any]], list[MatrixRow]]:
    required = view.required_kinds()
    columns = [{"kind": k, "name": kind_name(k), "required": k in required} for k in view.kinds]
    matrix: list[MatrixRow] = []
    for number, school in enumerate(view.schools, 1):
        cells: list[Cell] = []
        counts: Counter[str] = Counter()
        for kind in view.kinds:
            status = school.cell(kind)
            entry = school.current.get(kind)
            if entry is not None and entry.path in by_path:
                row = by_path[entry.path]
                cells.append(Cell(status, f"#doc-{row.number}", f"{school.name}: {row.title}"))
            elif status == "missing":
                cells.append(
                    Cell(status, f"#school-{number}", f"{school.name}: no {kind_name(kind)}")
                )
            else:
                cells.append(Cell(None, None, ""))
            if status is not None:
                counts[status] += 1
        counts["documents"] = sum(1 for e in school.documents if not e.archived)
        matrix.append(MatrixRow(number, school.name, cells, counts))
    return columns, matrix


def _due(counted: list[Row], as_of: dt.date) -> tuple[list[Month], str]:
    lapsed = [r for r in counted if r.status == "lapsed"]
    # highest stakes first (a lapsed child protection policy before a lapsed homework one)
    lapsed.sort(
        key=lambda r: (
            kind_priority(r.kind),
            r.review_due.end if r.review_due else as_of,
            r.school,
        )
    )
    months = months_ahead(as_of)
    groups = [Month("lapsed", "Lapsed", lapsed)]
    by_month: dict[str, list[Row]] = {month_key(m): [] for m in months}
    for row in counted:
        if row.status == "lapsed" or row.review_due is None:
            continue
        key = month_key(max(row.review_due.start, as_of))
        if key in by_month:
            by_month[key].append(row)
    for month in months:
        key = month_key(month)
        items = sorted(
            by_month[key], key=lambda r: (r.review_due.start if r.review_due else month, r.school)
        )
        groups.append(Month(key, f"{month:%B %Y}", items))
    bars = [Bar("Lapsed", "before", len(lapsed), "#due-lapsed", "bar lapsed")]
    bars += [
        Bar(f"{m:%b}", f"{m:%Y}", len(by_month[month_key(m)]), f"#due-{month_key(m)}")
        for m in months
    ]
    chart = bar_chart(bars, "Reviews lapsed, and due in each of the next twelve months")
    return groups, chart


def context(report: CheckReport) -> dict[str, Any]:
    """Everything the template shows (plain data: the template only lays it out)."""
    view = trust_view(report)
    register = rows(report, view)
    by_path = {r.path: r for r in register}
    counted = [r for r in register if r.counted]
    columns, matrix = _matrix(view, by_path)
    groups, chart = _due(counted, report.as_of)
    severity = Counter({"error": 0, "warning": 0, "info": 0})
    for row in register:
        severity.update(row.counts)
    schools = school_findings(report)
    for found in schools.values():
        severity.update(f.severity for f in found)
    missing = sum(len(s.missing) for s in view.schools)
    statuses = Counter(r.status for r in counted)
    return {
        "title": PAGE_TITLE,
        "as_of": report.as_of,
        "as_of_text": f"{report.as_of.day} {report.as_of:%B %Y}",
        "counts": {
            "documents": len(register),
            "counted": len(counted),
            "lapsed": statuses["lapsed"],
            "due_soon": statuses["due-soon"],
            "missing": missing,
            "unreadable": statuses["unreadable"],
            "schools": len(view.schools),
        },
        "severity": severity,
        "columns": columns,
        "matrix": matrix,
        "due": groups,
        "chart": chart,
        "schools": [
            {
                "number": n,
                "name": s.name,
                "missing": s.missing,
                "findings": schools.get(s.name, []),
            }
            for n, s in enumerate(view.schools, 1)
        ],
        "rows": register,
        "school_names": sorted({r.school for r in register if r.school}, key=str.casefold),
        "kind_names": sorted({r.kind_name for r in register}, key=str.casefold),
        "status_words": [
            STATUS_WORDS[s]
            for s in ("lapsed", "due-soon", "current", "no-review-date", "unreadable")
        ],
        "signs": STATUS_SIGNS,
        "details": details(register, STATUS_SIGNS),
    }


def render_html(report: CheckReport) -> str:
    """The dashboard as one HTML document."""
    css, js = _asset("report.css"), _asset("report.js")
    csp = (
        "default-src 'none'; "
        f"style-src '{_digest(css)}'; script-src '{_digest(js)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    from markupsafe import Markup

    template = _environment().get_template("report.html.j2")
    shown = context(report)
    # The page's own style and script (never data) are the only unescaped text, but for
    # the documents' data, which is JSON with every "<", ">" and "&" escaped.
    data = Markup(script_json(shown.pop("details")))
    return template.render(shown, css=Markup(css), js=Markup(js), csp=csp, details=data)


def write(report: CheckReport, options: ReportOptions) -> str:
    """``--format html``: the dashboard (see :func:`render_html`)."""
    return render_html(report)


__all__ = ["context", "render_html", "write"]
