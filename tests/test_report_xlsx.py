"""``check --format xlsx``: the register workbook, read back by openpyxl and by LibreOffice.

The share is tests/trustshare.py's six schools; the hostile workbook is made from
records whose titles, schools and file names are spreadsheet formulas.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.request import url2pathname

import openpyxl
import pytest
from click.testing import CliRunner
from lxml import etree
from openpyxl.worksheet.worksheet import Worksheet

from policykit.cli import main
from policykit.dates import parse_date
from policykit.records import CheckReport, DocumentReport, Finding
from policykit.registry import Registry
from policykit.reports import ReportOptions, render, render_bytes

from .conftest import need_tool
from .edit_helpers import convert
from .trustshare import AS_OF, DUPLICATE, MISSING, SCHOOLS, UNREADABLE, make_share, stub_kinds

HOSTILE = [
    '=HYPERLINK("http://example.invalid/x","click")',
    "+1",
    "-2+3",
    "@SUM(1,2)",
    "=1+1",
    "\t=1+1",
]
FILLS = {"lapsed": "FFC7CE", "due soon": "FFEB9C", "current": "C6EFCE", "unreadable": "FFC7CE"}


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with stub_kinds(tmp_path_factory.mktemp("kinds")):
        share = make_share(tmp_path_factory.mktemp("share") / "Trust")
        out = tmp_path_factory.mktemp("out") / "register.xlsx"
        result = CliRunner().invoke(
            main,
            [
                *("check", str(share.root), "--format", "xlsx", "-o", str(out)),
                *("--as-of", AS_OF.isoformat(), "--jobs", "1", "--no-cache"),
            ],
        )
        assert result.exit_code == 1, result.output  # findings, as for every format
        yield out


def _sheet(book: openpyxl.Workbook, name: str) -> Worksheet:
    sheet = book[name]
    assert isinstance(sheet, Worksheet)
    return sheet


def _records(sheet: Worksheet) -> list[dict[str, object]]:
    values = list(sheet.iter_rows(values_only=True))
    header = [str(h) for h in values[0]]
    return [dict(zip(header, row, strict=True)) for row in values[1:]]


def test_the_register_has_a_row_a_document_with_dates_as_dates(register: Path) -> None:
    book = openpyxl.load_workbook(register)
    assert book.sheetnames == ["Register", "Findings", "Missing"]
    sheet = _sheet(book, "Register")
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A1:P")
    assert sheet.column_dimensions["B"].width > 30  # titles get room
    rows = _records(sheet)
    # 15 kinds a school, less the missing one, plus a duplicate and an archived copy each
    assert len(rows) == len(SCHOOLS) * 16 - 1 + 1
    assert {r["School"] for r in rows} == set(SCHOOLS)
    dated = [r for r in rows if r["Approved (as written)"]]
    assert dated
    for r in dated:
        assert isinstance(r["Approved"], dt.datetime)
        assert isinstance(r["Review due by"], dt.datetime)
        written = parse_date(str(r["Review due (as written)"]))
        assert written is not None
        assert isinstance(r["Review due by"], dt.datetime)
        assert r["Review due by"].date() == written.end
    assert sheet["E2"].number_format == "d mmm yyyy"
    assert all(str(r["Path"]).endswith(".docx") for r in rows)
    link = sheet["P2"].hyperlink
    assert link is not None
    assert Path(url2pathname(str(link.target)[len("file://") :])) == Path(str(rows[0]["Path"]))
    assert str(link.target).lower().startswith("file:///")
    people = [r for r in rows if r["Approver"]]
    assert people and all(r["Owner or link governor"] == "Mrs A. Example" for r in people)
    assert any(r["Statutory"] == "yes" for r in rows)


def test_status_is_a_word_on_a_red_amber_or_green_fill(register: Path) -> None:
    sheet = _sheet(openpyxl.load_workbook(register), "Register")
    seen: set[str] = set()
    for (cell,) in sheet.iter_rows(min_row=2, min_col=9, max_col=9):
        word = str(cell.value)
        if word in FILLS:
            assert str(cell.fill.fgColor.rgb).endswith(FILLS[word]), (word, cell.fill.fgColor.rgb)
            seen.add(word)
        elif word.endswith(("(archived)", "(superseded)")):
            assert str(cell.fill.fgColor.rgb).endswith("EDEDED")
    assert {"lapsed", "due soon", "current", "unreadable"} <= seen
    rows = _records(sheet)
    duplicate = [r for r in rows if r["School"] == DUPLICATE[0] and "Behaviour" in str(r["Title"])]
    assert sorted(str(r["Status"]).endswith("(superseded)") for r in duplicate) == [False, True]
    unreadable = [r for r in rows if r["Status"] == "unreadable"]
    assert [r["School"] for r in unreadable] == [UNREADABLE[0]]
    assert str(unreadable[0]["Problem"]).startswith("PK001")


def test_findings_and_missing_policies_have_their_sheets(register: Path) -> None:
    book = openpyxl.load_workbook(register)
    findings = _records(_sheet(book, "Findings"))
    codes = {f["Code"] for f in findings}
    assert {"PK201", "PK402", "PK501", "PK502", "PK001"} <= codes
    (unread,) = [f for f in findings if f["Code"] == "PK001"]
    assert (unread["Rule"], unread["Severity"]) == ("unreadable", "error")
    placed = [f for f in findings if f["Code"] == "PK402"]
    assert all(str(f["Where"]).startswith("under “") for f in placed)
    missing = _records(_sheet(book, "Missing"))
    lacking = [(m["School"], m["Kind id"]) for m in missing]
    assert MISSING in lacking  # the one kind of the share's fifteen that a school lacks
    assert len({school for school, _ in lacking}) == len(SCHOOLS)  # the statute asks more
    assert all(m["Required by"] for m in missing)  # the statute, or the trust
    assert _sheet(book, "Missing").freeze_panes == "A2"


def hostile_report() -> CheckReport:
    docs = [
        DocumentReport(
            path=f"{text}/{text}.docx",
            kind="community-cohesion",
            title=text,
            school=text,
            approved=parse_date("September 2025"),
            review_due=parse_date("Autumn 2026"),
            status="due-soon",
            findings=[Finding("PK402", "placeholder-text", "warning", text, None, 3)],
            places={3: (text, text)},
            people={"approved_by": text, "link_governor": text},
        )
        for text in HOSTILE
    ]
    return CheckReport(AS_OF, docs)


def test_text_from_documents_is_never_a_formula() -> None:
    data = render_bytes("xlsx", hostile_report(), ReportOptions(Registry.with_builtins()))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for name in sheets:
            assert b"<f>" not in package.read(name), name  # no formula anywhere
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet_name in ("Register", "Findings"):
        sheet = _sheet(book, sheet_name)
        texts = {c.value for row in sheet.iter_rows(min_row=2) for c in row if c.data_type == "s"}
        for text in HOSTILE:
            assert text in texts, (sheet_name, text)
        assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_a_binary_format_is_not_text() -> None:
    options = ReportOptions(Registry.with_builtins())
    assert render_bytes("xlsx", hostile_report(), options).startswith(b"PK\x03\x04")
    with pytest.raises(Exception, match="binary format"):
        render("xlsx", hostile_report(), options)


def test_one_run_gives_the_same_bytes() -> None:
    options = ReportOptions(Registry.with_builtins())
    assert render_bytes("xlsx", hostile_report(), options) == render_bytes(
        "xlsx", hostile_report(), options
    )


def test_xlsx_is_refused_to_a_terminal_and_piped_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policykit.cli import check_cmd

    empty = tmp_path / "policies"
    empty.mkdir()
    monkeypatch.setattr(check_cmd, "_tty", lambda: True)
    result = CliRunner().invoke(main, ["check", str(empty), "--format", "xlsx"])
    assert result.exit_code == 2
    assert "binary file" in result.output and "-o register.xlsx" in result.output
    monkeypatch.setattr(check_cmd, "_tty", lambda: False)
    piped = CliRunner().invoke(main, ["check", str(empty), "--format", "xlsx", "--no-cache"])
    assert piped.exit_code == 0, piped.output
    assert piped.stdout_bytes.startswith(b"PK\x03\x04")
    assert openpyxl.load_workbook(io.BytesIO(piped.stdout_bytes)).sheetnames[0] == "Register"
    assert list(tmp_path.iterdir()) == [empty]  # nothing left beside it


# --------------------------------------------------------------------------- LibreOffice

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"


def _fods(source: Path, tmp_path: Path) -> etree._Element:
    soffice = need_tool("soffice")
    out = tmp_path / "lo"
    out.mkdir()
    convert(soffice, [source], out, tmp_path / "profile", "fods")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    return etree.parse(str(out / (source.stem + ".fods")), parser).getroot()


def _table(root: etree._Element, name: str) -> list[list[etree._Element]]:
    """A sheet's rows of cells, each repeated cell as many times as it stands for."""
    (table,) = root.xpath("//t:table[@t:name=$name]", namespaces={"t": TABLE}, name=name)
    rows = []
    for row in table.iter(f"{{{TABLE}}}table-row"):
        cells: list[etree._Element] = []
        for cell in row.iter(f"{{{TABLE}}}table-cell"):
            repeat = int(cell.get(f"{{{TABLE}}}number-columns-repeated", "1"))
            cells.extend([cell] * min(repeat, 64))
        rows.append(cells)
    return rows


def _text_of(cell: etree._Element) -> str:
    return "\n".join(p.xpath("string()").strip() for p in cell.iter(f"{{{TEXT}}}p"))


@pytest.mark.slow
def test_libreoffice_reads_dates_as_dates_and_the_status_fills(
    register: Path, tmp_path: Path
) -> None:
    root = _fods(register, tmp_path)
    fills = {
        style.get(f"{{{STYLE}}}name"): props.get(f"{{{FO}}}background-color", "").lower()
        for style in root.iter(f"{{{STYLE}}}style")
        for props in style.iter(f"{{{STYLE}}}table-cell-properties")
    }
    rows = _table(root, "Register")
    header = [_text_of(c) for c in rows[0]]
    approved, status = header.index("Approved"), header.index("Status")
    dates = [r[approved] for r in rows[1:] if len(r) > approved and _text_of(r[approved])]
    assert dates
    for cell in dates:
        assert cell.get(f"{{{OFFICE}}}value-type") == "date"
        assert dt.date.fromisoformat(cell.get(f"{{{OFFICE}}}date-value", "")[:10]).year > 2000
    colours = {}
    for row in rows[1:]:
        cell = row[status]
        colours[_text_of(cell)] = fills.get(cell.get(f"{{{TABLE}}}style-name"))
    assert colours["lapsed"] == "#ffc7ce"
    assert colours["due soon"] == "#ffeb9c"
    assert colours["current"] == "#c6efce"


@pytest.mark.slow
def test_libreoffice_keeps_formula_like_text_as_text(tmp_path: Path) -> None:
    source = tmp_path / "hostile.xlsx"
    source.write_bytes(
        render_bytes("xlsx", hostile_report(), ReportOptions(Registry.with_builtins()))
    )
    root = _fods(source, tmp_path)
    assert not [c for c in root.iter(f"{{{TABLE}}}table-cell") if c.get(f"{{{TABLE}}}formula")]
    texts = {_text_of(c) for c in root.iter(f"{{{TABLE}}}table-cell")}
    for text in HOSTILE:
        assert text.strip() in texts, text  # as written (a formula would show its value)
