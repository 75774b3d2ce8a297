"""Nothing silently skipped (issue 13 item 6): every policy-like file in a folder is listed.

A folder holding one file of each policy-like type (.docx, .docm, .dotx, .doc,
.odt, .rtf, .pdf, in any case) lists every one of them in every report
format: read where policykit can, else PK006 not-checked, which says what to
do and never fails the run by itself. Office lock files, spreadsheets,
pictures and other files stay out.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from lxml import html

from policykit.cli import main
from policykit.rules.registry import default_registry

from .browser import details, open_page
from .conftest import EXAMPLES

AS_OF = "2026-11-22"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
RTF = b"{\\rtf1\\ansi Behaviour Policy\\par}"


def _write_odt(path: Path) -> None:
    """A small OpenDocument text file (what LibreOffice writes, minus the styling)."""
    import zipfile

    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        "<office:body><office:text>"
        '<text:h text:outline-level="1">Community Cohesion Policy</text:h>'
        "<text:p>Approved: September 2026</text:p>"
        "</office:text></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text"
        )  # stored, first
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """One file of each policy-like type, and files that are not policies."""
    folder = tmp_path / "Oak School"
    folder.mkdir()
    shutil.copy(EXAMPLES / "wootton-park.docx", folder / "Cohesion.docx")
    shutil.copy(EXAMPLES / "john-clifford.docx", folder / "Macro Cohesion.DOCM")
    shutil.copy(EXAMPLES / "john-clifford.docx", folder / "Template.dotx")
    (folder / "Old Behaviour.doc").write_bytes(OLE_MAGIC + b"\x00" * 504)
    _write_odt(folder / "Anti-bullying.odt")
    (folder / "Uniform.rtf").write_bytes(RTF)
    (folder / "Behaviour Policy.PDF").write_bytes(PDF)
    # Not policies: lock files, a spreadsheet, a picture, notes.
    (folder / "~$Cohesion.docx").write_bytes(b"\x0bMs A Khan" + b"\x00" * 150)
    (folder / ".~lock.Anti-bullying.odt#").write_text("Ms A Khan,host,01.12.2026", "utf-8")
    (folder / "register.xlsx").write_bytes(b"PK\x03\x04")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "notes.txt").write_text("minutes", encoding="utf-8")
    return folder


LISTED = {
    "Anti-bullying.odt",
    "Behaviour Policy.PDF",
    "Cohesion.docx",
    "Macro Cohesion.DOCM",
    "Old Behaviour.doc",
    "Template.dotx",
    "Uniform.rtf",
}


def _check(folder: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main,
        ["check", str(folder), "--as-of", AS_OF, "--no-cache", "--jobs", "1", *args],
        catch_exceptions=False,
    )
    return result.exit_code, result.output


def test_json_lists_every_policy_like_file_and_nothing_else(mixed: Path) -> None:
    _code, out = _check(mixed, "--format", "json")
    data = json.loads(out)
    docs = {Path(d["path"]).name: d for d in data["documents"]}
    assert set(docs) == LISTED
    assert docs["Behaviour Policy.PDF"]["error"]["code"] == "PK006"
    assert "check the Word original" in docs["Behaviour Policy.PDF"]["error"]["message"]
    assert docs["Behaviour Policy.PDF"]["status"] == "not-checked"
    assert docs["Uniform.rtf"]["error"]["code"] == "PK006"
    assert "save it as .docx" in docs["Uniform.rtf"]["error"]["message"]
    assert docs["Old Behaviour.doc"]["error"]["code"] == "PK002"
    assert docs["Anti-bullying.odt"]["error"] is None  # read, not "damaged"
    assert docs["Anti-bullying.odt"]["title"] == "Community Cohesion Policy"
    assert docs["Template.dotx"]["error"] is None
    summary = data["summary"]
    assert summary["documents"] == len(LISTED)
    assert summary["not_checked"] == 2
    assert summary["by_code"]["PK006"] == 2


def test_pk006_alone_does_not_fail_the_run_whatever_fail_on(tmp_path: Path) -> None:
    (tmp_path / "Behaviour Policy.pdf").write_bytes(PDF)
    (tmp_path / "Uniform.RTF").write_bytes(RTF)
    for fail_on in ("error", "warning", "info"):
        code, out = _check(tmp_path, "--fail-on", fail_on)
        assert code == 0, (fail_on, out)
    assert "warning PK006 not-checked" in out
    assert "2 not checked" in out.splitlines()[-1]
    # ... while an unreadable document beside it still fails the run.
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 cut short")
    assert _check(tmp_path)[0] == 1


def test_pk006_severity_and_ignore_come_from_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "Behaviour Policy.pdf").write_bytes(PDF)
    (tmp_path / "policykit.toml").write_text(
        '[tool.policykit.severity]\nPK006 = "info"\n', encoding="utf-8"
    )
    code, out = _check(tmp_path, "--format", "json")
    assert code == 0
    assert json.loads(out)["documents"][0]["error"]["code"] == "PK006"
    code, out = _check(tmp_path)
    assert "info PK006" in out
    # Ignored: still listed (nothing is skipped in silence), and still never failing.
    (tmp_path / "policykit.toml").write_text(
        '[tool.policykit]\nignore = ["PK006"]\n', encoding="utf-8"
    )
    code, out = _check(tmp_path, "--format", "json", "--fail-on", "info")
    assert code == 0
    assert [d["error"]["code"] for d in json.loads(out)["documents"]] == ["PK006"]


def test_a_pdf_named_on_the_command_line_is_listed_not_read(tmp_path: Path) -> None:
    pdf = tmp_path / "Policy.pdf"
    pdf.write_bytes(b"not even a PDF inside")  # never opened: the name says what it is
    code, out = _check(pdf, "--format", "json")
    assert code == 0
    assert json.loads(out)["documents"][0]["error"]["code"] == "PK006"


@pytest.mark.parametrize("fmt", ["text", "csv", "sarif", "junit", "github"])
def test_every_format_lists_every_file(mixed: Path, fmt: str) -> None:
    _code, out = _check(mixed, "--format", fmt)
    for name in LISTED:
        assert (quote(name) if fmt == "sarif" else name) in out, (fmt, name)
    for name in ("~$Cohesion.docx", ".~lock", "register.xlsx", "logo.png", "notes.txt"):
        assert name not in out, (fmt, name)
    if fmt == "text":
        pdf_line = next(line for line in out.splitlines() if "Behaviour Policy.PDF" in line)
        assert "warning PK006 not-checked: a PDF is not checked" in pdf_line
    elif fmt == "csv":
        rows = {Path(r["path"]).name: r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))}
        assert set(rows) == LISTED
        assert rows["Uniform.rtf"]["status"] == "not-checked"
        assert rows["Uniform.rtf"]["codes"] == "PK006"
        assert rows["Uniform.rtf"]["errors"] == "0"
    elif fmt == "sarif":
        results = json.loads(out)["runs"][0]["results"]
        pk006 = [r for r in results if r["ruleId"] == "PK006"]
        assert len(pk006) == 2 and {r["level"] for r in pk006} == {"warning"}
    elif fmt == "junit":
        root = ET.fromstring(out)
        suites = {Path(s.get("name", "")).name: s for s in root}
        assert suites["Behaviour Policy.PDF"].get("errors") == "0"
        assert suites["Behaviour Policy.PDF"].get("skipped") == "1"
        assert root.get("skipped") == "2"
        assert suites["Old Behaviour.doc"].get("errors") == "1"
    elif fmt == "github":
        assert "::warning file=" in out and "title=PK006 not-checked" in out


def test_the_dashboard_lists_every_file_and_says_not_checked(
    browser: Any, mixed: Path, tmp_path: Path
) -> None:
    """In Chromium: the table has a row a file, and each file's detail names it (and says
    why it was not checked)."""
    out = tmp_path / "dashboard.html"
    result = CliRunner().invoke(
        main,
        ["report", str(mixed), "-o", str(out), "--as-of", AS_OF, "--no-cache", "--jobs", "1"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    page, _ = open_page(browser, out)
    assert page.locator("#docs tbody tr").count() == len(LISTED)
    assert "not checked" in page.locator("#docs").inner_text()
    page.close()
    found = {}
    for article in details(browser, out):
        file = html.fromstring(article).xpath('string(.//dd[@class="path"])')
        found[Path(file).name] = article
    assert set(found) == LISTED
    pdf = found["Behaviour Policy.PDF"]
    assert 'sev-warning"><span class="sev">warning</span> PK006: a PDF is not checked' in pdf


def test_pk006_is_a_documented_rule() -> None:
    rule = default_registry().get("PK006")
    assert rule is not None and rule.name == "not-checked" and rule.severity == "warning"
    sections = rule.doc_sections()
    assert "Word original" in sections["How to fix"]
    result = CliRunner().invoke(main, ["rule", "PK006"])
    assert result.exit_code == 0 and "not-checked" in result.output
    catalogue = (Path(__file__).resolve().parents[1] / "docs" / "rules.md").read_text("utf-8")
    assert "PK006" in catalogue
