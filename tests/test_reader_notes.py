"""Footnotes and endnotes: read, carried by the paragraph that cites them, checked.

Policies keep their legal references in notes, so the outdated-reference rule
must see note text and say where it is cited. Files from pandoc (Markdown
``[^1]``), LibreOffice (an OpenDocument ``text:note``) and python-docx (with a
footnotes part added), and raw WordprocessingML for the edge cases.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from policykit.checking import check
from policykit.cli import main
from policykit.docx.blocks import DocParagraph, DocxDocument
from policykit.docx.reader import read_docx
from policykit.parsing import parse_document

from .docgen.shapes import NS, package
from .producers import fodt, libreoffice_docx, pandoc_docx

AS_OF = "2026-11-20"
KCSIE_2016 = "Keeping Children Safe in Education (September 2016)"
CITING = "All adults in school share the duty to keep pupils safe."

MARKDOWN = f"""\
# Child Protection Policy

Approved by governors: 14 March 2025

Next review: March 2027

## Introduction

{CITING}[^kc]

## Roles and Responsibilities

The designated safeguarding lead coordinates every referral.

## Procedures

Concerns are written down the same day and passed to the designated lead.[^lp]

[^kc]: Our procedures follow {KCSIE_2016}, published by the Department for Education.
[^lp]: See the local safeguarding partnership's procedures for referrals.
"""


def _citing(doc: DocxDocument, start: str) -> DocParagraph:
    return next(p for p in doc.paragraphs() if p.text.startswith(start))


def _outdated(path: Path) -> list[dict[str, object]]:
    report = check([path], as_of=AS_OF, select=["PK401"]).to_dict()
    findings: list[dict[str, object]] = report["documents"][0]["findings"]
    return [f for f in findings if "Keeping Children Safe" in str(f["message"])]


def test_pandoc_footnotes_are_carried_by_the_paragraph_citing_them(tmp_path: Path) -> None:
    path = pandoc_docx(MARKDOWN, tmp_path / "cp.docx")
    doc = read_docx(path)
    assert doc.stats.lost == 0
    citing = _citing(doc, CITING)
    assert citing.text == CITING  # the note's text is not run into the paragraph's
    assert [(n.kind, n.text) for n in citing.notes] == [
        (
            "footnote",
            f"Our procedures follow {KCSIE_2016}, published by the Department for Education.",
        )
    ]
    # the self-check counts the notes' characters on both sides
    body_chars = sum(len(p.text) for p in doc.paragraphs())
    note_chars = sum(len(n.text) for p in doc.paragraphs() for n in p.notes)
    assert doc.stats.source_chars >= body_chars + note_chars


def test_an_outdated_reference_only_in_a_footnote_is_found_where_it_is_cited(
    tmp_path: Path,
) -> None:
    path = pandoc_docx(MARKDOWN, tmp_path / "cp.docx")
    citing = _citing(read_docx(path), CITING)
    found = _outdated(path)
    assert [f["paragraph"] for f in found] == [citing.index]
    assert "(September 2016" in str(found[0]["message"])
    assert found[0]["section"] is not None  # the Introduction's, where it is cited


def test_parse_json_carries_notes_on_the_citing_block_only(tmp_path: Path) -> None:
    path = pandoc_docx(MARKDOWN, tmp_path / "cp.docx")
    result = CliRunner().invoke(main, ["parse", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    blocks = {s["heading"]: s["blocks"] for s in data["sections"]}
    intro = blocks["Introduction"][0]
    assert intro["text"] == CITING
    assert intro["notes"] == [
        {
            "kind": "footnote",
            "text": f"Our procedures follow {KCSIE_2016}, published by the "
            "Department for Education.",
        }
    ]
    assert "notes" not in blocks["Roles and Responsibilities"][0]  # no notes: no key


FODT_BODY = (
    '<text:h text:outline-level="1">Child Protection Policy</text:h>'
    "<text:p>Approved by governors: 14 March 2025</text:p>"
    "<text:p>Next review: March 2027</text:p>"
    '<text:h text:outline-level="2">Introduction</text:h>'
    f"<text:p>{CITING}"
    '<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1'
    f"</text:note-citation><text:note-body><text:p>Read with {KCSIE_2016}.</text:p>"
    "</text:note-body></text:note></text:p>"
    '<text:h text:outline-level="2">Procedures</text:h>'
    "<text:p>Records are kept securely and apart from the pupil's file."
    '<text:note text:id="edn1" text:note-class="endnote"><text:note-citation>i'
    "</text:note-citation><text:note-body><text:p>Records are kept until the pupil is "
    "25.</text:p><text:p>Then they are destroyed.</text:p></text:note-body></text:note>"
    "</text:p>"
)


@pytest.mark.slow
def test_libreoffice_footnotes_and_endnotes(tmp_path: Path) -> None:
    made = libreoffice_docx({"notes.fodt": fodt(FODT_BODY)}, tmp_path)
    path = made["notes.fodt"]
    doc = read_docx(path)
    assert doc.stats.lost == 0
    citing = _citing(doc, CITING)
    assert [(n.kind, n.text) for n in citing.notes] == [("footnote", f"Read with {KCSIE_2016}.")]
    records = _citing(doc, "Records are kept securely")
    assert [(n.kind, n.text) for n in records.notes] == [
        ("endnote", "Records are kept until the pupil is 25.\nThen they are destroyed.")
    ]
    assert [f["paragraph"] for f in _outdated(path)] == [citing.index]


def _python_docx_with_footnote() -> bytes:
    document = docx.Document()
    document.add_heading("Child Protection Policy", 1)
    document.add_paragraph("Approved by governors: 14 March 2025")
    document.add_heading("Introduction", 2)
    citing = document.add_paragraph(CITING)
    citing._p.append(parse_xml(f'<w:r {NS}><w:footnoteReference w:id="1"/></w:r>'))  # type: ignore[arg-type]  # any element
    notes = (
        f'<w:footnotes {NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r>'
        '<w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" '
        'w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve">'
        f" As {KCSIE_2016} sets out.</w:t></w:r></w:p></w:footnote></w:footnotes>"
    )
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        notes.encode("utf-8"),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_python_docx_footnote_part_separators_skipped(tmp_path: Path) -> None:
    data = _python_docx_with_footnote()
    doc = read_docx(io.BytesIO(data))
    assert doc.stats.lost == 0
    assert [(p.text, [n.text for n in p.notes]) for p in doc.paragraphs() if p.notes] == [
        (CITING, [f"As {KCSIE_2016} sets out."])
    ]
    path = tmp_path / "cp.docx"
    path.write_bytes(data)
    assert [f["paragraph"] for f in _outdated(path)] == [_citing(doc, CITING).index]


def _note(note_id: str, text: str, kind: str = "footnote") -> str:
    return f'<w:{kind} w:id="{note_id}"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:{kind}>'


def _ref(note_id: str, kind: str = "footnote", rpr: str = "") -> str:
    return f'<w:r>{rpr}<w:{kind}Reference w:id="{note_id}"/></w:r>'


def _with_notes(body: str, footnotes: str, endnotes: str = "") -> bytes:
    parts = {"word/footnotes.xml": f"<w:footnotes {NS}>{footnotes}</w:footnotes>"}
    rels = [("rIdFn", "footnotes", "footnotes.xml")]
    if endnotes:
        parts["word/endnotes.xml"] = f"<w:endnotes {NS}>{endnotes}</w:endnotes>"
        rels.append(("rIdEn", "endnotes", "endnotes.xml"))
    return package(body, parts, rels)


def test_deleted_and_hidden_references_carry_no_note_and_lose_nothing() -> None:
    body = (
        f"<w:p><w:r><w:t>Kept.</w:t></w:r>{_ref('1')}</w:p>"
        # a reference in deleted text: the note went with it
        f'<w:p><w:r><w:t>Changed.</w:t></w:r><w:del w:id="9" w:author="A">{_ref("2")}</w:del></w:p>'
        # a hidden reference run
        f"<w:p><w:r><w:t>Hidden mark.</w:t></w:r>{_ref('3', rpr='<w:rPr><w:vanish/></w:rPr>')}"
        "</w:p>"
        # a reference to a note the part does not hold
        f"<w:p><w:r><w:t>Dangling.</w:t></w:r>{_ref('7')}</w:p>"
        # an endnote cited from a table cell
        f"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>In a cell.</w:t></w:r>{_ref('1', 'endnote')}"
        "</w:p></w:tc></w:tr></w:tbl>"
    )
    footnotes = (
        '<w:footnote w:type="continuationNotice" w:id="0"><w:p><w:r><w:t>continued</w:t>'
        "</w:r></w:p></w:footnote>"
        + _note("1", "First note.")
        + _note("2", "Note of deleted text, 1 September 2016.")
        + _note("3", "Hidden note.")
        + _note("4", "A note nobody cites.")
    )
    doc = read_docx(io.BytesIO(_with_notes(body, footnotes, _note("1", "End note.", "endnote"))))
    assert doc.stats.lost == 0
    assert [(p.text, [(n.kind, n.text) for n in p.notes]) for p in doc.paragraphs()] == [
        ("Kept.", [("footnote", "First note.")]),
        ("Changed.", []),
        ("Hidden mark.", []),
        ("Dangling.", []),
        ("In a cell.", [("endnote", "End note.")]),
    ]
    policy = parse_document(io.BytesIO(_with_notes(body, footnotes))).policy
    assert "2016" not in policy.model_dump_json()


def test_a_note_cited_in_a_list_item_and_a_table_reaches_the_model() -> None:
    body = (
        "<w:p><w:pPr><w:pStyle w:val='Heading1'/></w:pPr><w:r><w:t>Aims</w:t></w:r></w:p>"
        f"<w:p><w:r><w:t>\u2022\tPupils are safe.</w:t></w:r>{_ref('1')}</w:p>"
        f"<w:p><w:r><w:t>\u2022\tStaff are trained.</w:t></w:r></w:p>"
        f"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Role</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r>"
        f"<w:t>Lead</w:t></w:r>{_ref('2')}</w:p></w:tc></w:tr></w:tbl>"
    )
    footnotes = _note("1", "As the local partnership expects.") + _note("2", "Named yearly.")
    policy = parse_document(io.BytesIO(_with_notes(body, footnotes))).policy
    data = policy.model_dump(mode="json")
    blocks = [b for s in data["sections"] for b in s["blocks"]] + data["preamble"]
    listed = next(b for b in blocks if b["type"] == "list")
    assert listed["items"][0]["notes"] == [
        {"kind": "footnote", "text": "As the local partnership expects."}
    ]
    assert "notes" not in listed["items"][1]
    table = next(b for b in blocks if b["type"] == "table")
    assert table["notes"] == [{"kind": "footnote", "text": "Named yearly."}]


def test_notes_of_the_shared_corpus_are_read_and_nothing_is_lost() -> None:
    """Other readers' fixtures with footnotes and endnotes: carried, counted, none lost."""
    from policykit.errors import DocumentError

    from .conftest import need_shared

    with_notes = 0
    lost: dict[str, int] = {}
    for path in sorted(need_shared().rglob("*.docx")):
        try:
            doc = read_docx(path)
        except DocumentError:
            continue
        if doc.stats.lost:
            lost[path.name] = doc.stats.lost
        with_notes += any(p.notes for p in doc.paragraphs())
    assert lost == {}
    assert with_notes >= 5


def test_a_policy_built_by_hand_has_its_notes_read_by_the_rules() -> None:
    """Without located paragraphs (a Policy from YAML or code) the notes are text too."""
    import datetime as dt

    from policykit.model import ListBlock, ListItem, Note, Paragraph, Policy, Section, Table
    from policykit.recognise.result import ParseResult
    from policykit.rules.base import RuleContext, RuleOptions

    note = Note(text=f"See {KCSIE_2016}.")
    policy = Policy(
        kind="child-protection",
        sections=[
            Section(
                id=None,
                heading="Introduction",
                level=1,
                blocks=[
                    Paragraph(text=CITING, notes=[note]),
                    ListBlock(items=[ListItem(text="Item.", notes=[Note(text="In a list.")])]),
                    Table(rows=[["Role"]], notes=[Note(kind="endnote", text="In a table.")]),
                ],
            )
        ],
    )
    ctx = RuleContext(ParseResult(policy), RuleOptions(as_of=dt.date(2026, 11, 20)))
    assert ctx.plain_texts == [
        "Introduction",
        CITING,
        note.text,
        "Item.",
        "In a list.",
        "Role",
        "In a table.",
    ]


HEADING_NOTE_MD = """\
# Child Protection Policy

Approved by governors: 14 March 2025

## Introduction

Every adult in school keeps pupils safe.

## Legislation[^law]

The school follows the law and statutory guidance.[^kc]

- Staff are trained every year.[^tr]
- Visitors sign in.

| Role | Name |
|------|------|
| Lead | Deputy Head[^dh] |

[^law]: Children Act 1989 and Education Act 2002, section 175.
[^kc]: The edition in force, as the Department for Education publishes it.
[^tr]: Training records are kept by the office.
[^dh]: Named again each September.
"""


def test_notes_on_headings_lists_and_tables_survive_normalize(tmp_path: Path) -> None:
    from policykit.render.api import render_bytes

    path = pandoc_docx(HEADING_NOTE_MD, tmp_path / "notes.docx")
    policy = parse_document(path).policy
    section = next(s for s in policy.sections if s.heading == "Legislation")
    assert [n.text for n in section.notes] == [
        "Children Act 1989 and Education Act 2002, section 175."
    ]
    all_notes = [
        n.text
        for block in section.blocks
        for n in (
            block.notes if block.type != "list" else [m for item in block.items for m in item.notes]
        )
    ]
    assert all_notes == [
        "The edition in force, as the Department for Education publishes it.",
        "Training records are kept by the office.",
        "Named again each September.",
    ]
    rendered = render_bytes(policy)
    back = parse_document(io.BytesIO(rendered.data)).policy
    back.messages = policy.messages = []
    assert back == policy
    assert read_docx(io.BytesIO(rendered.data)).stats.lost == 0
