"""Messages as data: what the reader skipped reaches ``parse`` output and ``check`` (PK005)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from click.testing import CliRunner

from policykit.checking import check
from policykit.cli import main
from policykit.parsing import parse_document

from .docgen.shapes import package

MATH_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def body_of_policy(extra: str) -> str:
    return (
        p("Attendance Policy")
        + p("Approved: 1 September 2025")
        + p("Next review: September 2026")
        + extra
        + p("Staff record attendance twice a day.")
    )


def rtf_alt_chunk_docx(tmp_path: Path) -> Path:
    path = tmp_path / "embedded.docx"
    path.write_bytes(
        package(
            body_of_policy('<w:altChunk r:id="rIdA"/>'),
            {"word/part1.rtf": r"{\rtf1\ansi Our aims are these.}"},
            [("rIdA", "aFChunk", "part1.rtf")],
        )
    )
    return path


def test_an_unread_alt_chunk_is_a_message_in_parse_json(tmp_path: Path) -> None:
    path = rtf_alt_chunk_docx(tmp_path)
    result = CliRunner().invoke(main, ["parse", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    [message] = [m for m in data["messages"] if m["code"] == "reader.alt-chunk"]
    assert message["unread"] is True
    assert "altChunk" in message["text"] and message["location"] == "word/document.xml"


def test_an_unread_alt_chunk_is_a_partly_read_finding(tmp_path: Path) -> None:
    path = rtf_alt_chunk_docx(tmp_path)
    report = check([path], as_of="2026-01-10")
    [document] = report.documents
    found = [f for f in document.findings if f.code == "PK005"]
    assert len(found) == 1
    assert found[0].name == "partly-read" and found[0].severity == "warning"
    assert "not read" in found[0].message and "altChunk" in found[0].message


def test_elements_the_walk_does_not_know_are_counted_by_name() -> None:
    math = (
        f'<m:oMathPara xmlns:m="{MATH_NS}"><m:oMath><m:r><m:t>x+1</m:t></m:r>'
        f"<m:r><m:t>=2</m:t></m:r></m:oMath></m:oMathPara>"
    )
    empty = f'<m:oMathPara xmlns:m="{MATH_NS}"/>'
    data = package(body_of_policy(math + math + empty), {}, [])

    policy = parse_document(io.BytesIO(data)).policy
    unknown = [m for m in policy.messages if m.code == "reader.unknown-element"]
    assert len(unknown) == 1
    assert unknown[0].unread
    assert "3 m:oMathPara element(s)" in unknown[0].text and "10 character(s)" in unknown[0].text


def test_unknown_elements_without_text_are_reported_but_are_not_findings(tmp_path: Path) -> None:
    path = tmp_path / "marked.docx"
    path.write_bytes(package(body_of_policy('<w:unknownMarker w:val="1"/>'), {}, []))
    policy = parse_document(path).policy
    [message] = [m for m in policy.messages if m.code == "reader.unknown-element"]
    assert not message.unread and "w:unknownMarker" in message.text
    [document] = check([path], as_of="2026-01-10").documents
    assert "PK005" not in [f.code for f in document.findings]


def test_recognition_notices_are_messages_too(tmp_path: Path) -> None:
    path = tmp_path / "tbc.docx"
    path.write_bytes(package(p("Attendance Policy") + p("Next review: TBC"), {}, []))
    messages = parse_document(path).policy.messages
    codes = [m.code for m in messages]
    assert any(code.startswith("recognise.") for code in codes), codes
    assert not any(m.unread for m in messages)


def test_a_missing_header_part_is_a_partly_read_finding(tmp_path: Path) -> None:
    path = tmp_path / "headless.docx"
    sect = '<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/></w:sectPr>'
    path.write_bytes(package(body_of_policy(sect), {}, [("rIdH", "header", "header1.xml")]))
    [document] = check([path], as_of="2026-01-10").documents
    [finding] = [f for f in document.findings if f.code == "PK005"]
    assert "word/header1.xml" in finding.message
