"""Every report format, read back the way its consumer reads it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from policykit.baseline import fingerprint
from policykit.checking import CheckReport, DocumentReport, ErrorRecord
from policykit.dates import parse_date
from policykit.registry import Registry
from policykit.reports import ReportOptions, render
from policykit.reports.csv import COLUMNS
from policykit.rules import Finding

from .test_check import AS_OF, LINE, run_cli, write_policy

REGISTRY = Registry.with_builtins()
FORMATS = ("text", "json", "csv", "sarif", "github", "junit")


def sample() -> CheckReport:
    lapsed = Finding(
        "PK201", "review-lapsed", "error", "the review due September 2019 has lapsed", None, 13
    )
    cycle = Finding(
        "PK206",
        "review-cycle-mismatch",
        "warning",
        "the policy says it is reviewed annually, but: 36 months",
        "review",
        62,
    )
    info = Finding("PK401", "outdated-reference", "info", "mentions none of British values")
    weird = Finding(
        "PK402",
        "placeholder-text",
        "warning",
        "template text left in: '[Name]'\x0b with a control character,\nand a newline",
        "rationale",
        4,
    )
    return CheckReport(
        as_of=dt.date(2026, 11, 22),
        documents=[
            DocumentReport(
                path="Oakfield/Community Cohesion.docx",
                kind="community-cohesion",
                findings=[info, lapsed, cycle],
                title="Community Cohesion Policy",
                school="St Mary's C of E Primary School",
                approved=parse_date("September 2016"),
                review_due=parse_date("September 2019"),
                status="lapsed",
            ),
            DocumentReport(
                path="Riverside/broken, copy.docx",
                error=ErrorRecord("PK001", "not a zip file"),
                status="unreadable",
            ),
            DocumentReport(
                path="Riverside/odd.docx",
                kind="community-cohesion",
                findings=[weird],
                school='=HYPERLINK("x")',
                status="current",
                review_due=parse_date("Autumn 2027"),
            ),
            DocumentReport(
                path="Riverside/clean.docx", kind="community-cohesion", status="current"
            ),
        ],
    )


def write(fmt: str, report: CheckReport | None = None, color: bool = False) -> str:
    return render(fmt, report or sample(), ReportOptions(REGISTRY, color=color))


def test_text_one_located_line_a_finding_and_a_summary() -> None:
    lines = write("text").splitlines()
    assert lines[0] == (
        "Oakfield/Community Cohesion.docx: info PK401 outdated-reference: "
        "mentions none of British values"
    )
    assert lines[1] == (
        "Oakfield/Community Cohesion.docx:¶13: error PK201 review-lapsed: "
        "the review due September 2019 has lapsed"
    )
    assert lines[2].startswith(
        "Oakfield/Community Cohesion.docx:§review:¶62: warning PK206 review-cycle-mismatch: "
    )
    assert lines[3] == "Riverside/broken, copy.docx: error PK001 unreadable: not a zip file"
    assert lines[4].startswith("Riverside/odd.docx:§rationale:¶4: warning PK402 placeholder-text")
    assert lines[-1] == (
        "Checked 4 documents (as of 2026-11-22): 4 findings (1 error, "
        "2 warnings, 1 info) in 2 documents; 1 unreadable, 1 lapsed."
    )
    for line in lines[:3]:
        assert LINE.match(line), line


def test_text_colour_only_when_asked() -> None:
    assert "\x1b[" not in write("text")
    coloured = write("text", color=True)
    assert "\x1b[1;31merror\x1b[0m" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == write("text")


def test_text_with_nothing_to_report() -> None:
    report = CheckReport(dt.date(2026, 11, 22), [DocumentReport("a.docx", status="current")])
    assert write("text", report) == "Checked 1 document (as of 2026-11-22): no findings.\n"


def test_json_is_the_contract() -> None:
    data = json.loads(write("json"))
    assert data["as_of"] == "2026-11-22"
    assert [d["path"] for d in data["documents"]] == [d.path for d in sample().documents]
    first = data["documents"][0]
    assert first["findings"][1] == {
        "code": "PK201",
        "name": "review-lapsed",
        "severity": "error",
        "message": "the review due September 2019 has lapsed",
        "section": None,
        "paragraph": 13,
    }
    assert data["documents"][1]["error"] == {"code": "PK001", "message": "not a zip file"}
    assert data["documents"][1]["findings"] == []
    assert data["summary"]["documents"] == 4
    assert data["summary"]["by_code"]["PK001"] == 1
    assert data["summary"]["failed"] is True


def test_csv_is_a_register_excel_opens() -> None:
    text = write("csv")
    assert text.startswith("\ufeff")
    raw = text.encode("utf-8")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == 4
    first = rows[0]
    assert first["school"] == "St Mary's C of E Primary School"
    assert first["approved"] == "September 2016"
    assert first["review_due_by"] == "2019-09-30"
    assert first["status"] == "lapsed"
    assert (first["errors"], first["warnings"], first["info"]) == ("1", "1", "1")
    assert first["codes"] == "PK201 PK206 PK401"
    assert rows[1]["error"] == "PK001: not a zip file" and rows[1]["status"] == "unreadable"
    assert rows[2]["school"].startswith("'=")  # never a formula in Excel
    assert rows[3]["codes"] == ""


def test_sarif_is_2_1_0_with_rules_and_stable_fingerprints() -> None:
    data = json.loads(write("sarif"))
    assert data["version"] == "2.1.0"
    assert "sarif-2.1.0" in data["$schema"]
    (run,) = data["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "policykit"
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    assert "PK201" in ids and "PK001" in ids and len(ids) == len(set(ids))
    for r in rules:
        assert r["shortDescription"]["text"] and r["help"]["text"] and r["help"]["markdown"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    results = run["results"]
    assert len(results) == 5  # four findings and one unreadable document
    for result in results:
        assert result["level"] in ("error", "warning", "note")
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uri"] and " " not in location["uri"]
        assert location["uriBaseId"] in run["originalUriBaseIds"]
        assert re.fullmatch(r"[0-9a-f]{20}", result["partialFingerprints"]["policykit/v1"])
    assert results[0]["level"] == "note"  # info
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "Oakfield/Community%20Cohesion.docx"
    )
    prints = [r["partialFingerprints"]["policykit/v1"] for r in results]
    assert len(set(prints)) == len(prints)
    assert prints == [
        r["partialFingerprints"]["policykit/v1"]
        for r in json.loads(write("sarif"))["runs"][0]["results"]
    ]


def test_fingerprints_survive_a_paragraph_moving_but_not_a_new_problem() -> None:
    a = Finding(
        "PK401", "outdated-reference", "warning", "'SEF' ...", "rationale", 14, key="sef:sef"
    )
    moved = Finding(
        "PK401", "outdated-reference", "warning", "'SEF' ...", "rationale", 20, key="sef:sef"
    )
    other = Finding(
        "PK401", "outdated-reference", "warning", "'DCSF' ...", "rationale", 14, key="dcsf:dcsf"
    )
    assert fingerprint(a) == fingerprint(moved) != fingerprint(other)


def test_github_annotations() -> None:
    lines = write("github").split("\n")[:-1]
    assert lines[0] == (
        "::notice file=Oakfield/Community Cohesion.docx,title=PK401 "
        "outdated-reference::mentions none of British values"
    )
    assert lines[1].startswith(
        "::error file=Oakfield/Community Cohesion.docx,title=PK201 "
        "review-lapsed::¶13: the review due"
    )
    assert lines[3] == (
        "::error file=Riverside/broken%2C copy.docx,title=PK001 unreadable::not a zip file"
    )
    assert "%0A" in lines[4] and len(lines) == 5  # a newline in a message stays on one line
    assert "\x0b" not in lines[4]


def test_junit_is_well_formed_xml_with_failures_and_errors() -> None:
    root = ET.fromstring(write("junit").encode("utf-8"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [d.path for d in sample().documents]
    first = suites[0]
    failures = first.findall("testcase/failure")
    assert sorted(f.get("type") or "" for f in failures) == ["PK201", "PK206"]  # info is not
    assert "mentions none" in (first.findtext("system-out") or "")
    assert suites[1].find("testcase/error") is not None
    assert suites[1].find("testcase/error").get("type") == "PK001"  # type: ignore[union-attr]
    assert suites[3].get("failures") == "0" and len(suites[3].findall("testcase")) == 1
    assert root.get("failures") == "3" and root.get("errors") == "1"
    assert "\x0b" not in write("junit")


def test_junit_respects_fail_on() -> None:
    report = sample()
    report.fail_on = "error"
    root = ET.fromstring(write("junit", report).encode("utf-8"))
    assert root.get("failures") == "1"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_from_the_command_line(tmp_path: Path, fmt: str) -> None:
    doc = write_policy(
        tmp_path / "My School" / "policy.docx", approved="March 2022", review="March 2025"
    )
    out = tmp_path / f"report.{fmt}"
    result = run_cli("check", str(doc), "--as-of", AS_OF, "--format", fmt, "-o", str(out))
    assert result.exit_code == 1
    text = out.read_text(encoding="utf-8")
    if fmt == "text":
        assert "PK201 review-lapsed" in text
    elif fmt == "json":
        assert json.loads(text)["documents"][0]["findings"]
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        assert rows[0][0] == "path" and "PK201" in rows[1][COLUMNS.index("codes")]
    elif fmt == "sarif":
        assert json.loads(text)["runs"][0]["results"][0]["ruleId"].startswith("PK")
    elif fmt == "github":
        assert text.startswith("::")
    else:
        assert ET.fromstring(text.encode("utf-8")).get("failures") != "0"


def test_a_plugin_can_add_a_format() -> None:
    registry = Registry.with_builtins()

    def count(report: CheckReport, options: ReportOptions) -> str:
        return f"{sum(len(d.findings) for d in report.documents)}\n"

    registry.add_format("count", count)
    assert "count" in registry.formats()
    assert render("count", sample(), ReportOptions(registry)) == "4\n"
    with pytest.raises(Exception, match="unknown format"):
        render("nope", sample(), ReportOptions(registry))


def test_a_plugin_format_can_stream() -> None:
    # A ReportStream sees the documents one by one; as a whole-report writer the same
    # stream runs over the report's documents, so both ways give the same text.
    from policykit.reports import ReportStream, StreamedFormat

    class Paths(ReportStream):
        def start(self, as_of: dt.date) -> None:
            self.write(f"as of {as_of.isoformat()}\n")

        def add(self, document: DocumentReport) -> None:
            self.write(f"{document.path}: {len(document.findings)}\n")

        def finish(self, report: CheckReport) -> None:
            self.write(f"{report.summary()['documents']} documents\n")

    registry = Registry.with_builtins()
    registry.add_format("paths", StreamedFormat(Paths))
    report = sample()
    whole = render("paths", report, ReportOptions(registry))
    pieces: list[str] = []
    stream = Paths(pieces.append, ReportOptions(registry))
    stream.start(report.as_of)
    for document in report.documents:
        stream.add(document)
    stream.finish(report)
    assert whole == "".join(pieces)
    assert whole.splitlines()[0] == f"as of {report.as_of.isoformat()}"
    assert whole.splitlines()[-1] == f"{len(report.documents)} documents"


def test_every_builtin_format_is_documented_and_offered() -> None:
    from click.testing import CliRunner

    from policykit.cli import main
    from policykit.reports import BUILTIN_FORMATS

    page = (Path(__file__).resolve().parents[1] / "docs" / "reports.md").read_text("utf-8")
    offered = " ".join(CliRunner().invoke(main, ["check", "--help"]).output.split())
    for name in BUILTIN_FORMATS:
        assert f"| `{name}` |" in page, name
        assert name in offered, name
    assert set(BUILTIN_FORMATS) <= set(REGISTRY.formats())
