"""The title and the school of every kind, in the layouts schools use (issue 14, item 4).

A school's name is never a policy title and a title never a school's name;
a typed contents list is never sections and is not written again by
`normalize` (the new document's navigation comes from its headings).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

import policykit
from policykit.cli import main
from policykit.model import Policy

Build = Callable[[DocxDocument], None]
BODY = "Everyone in school knows what to do and who to ask, and we check that it works."


def _parse(build: Build) -> Policy:
    doc = Document()
    build(doc)
    data = io.BytesIO()
    doc.save(data)
    data.seek(0)
    return policykit.parse(data)


def _line(doc: DocxDocument, text: str, size: float | None = None, bold: bool = True) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)


def _body(doc: DocxDocument, *headings: str) -> None:
    table = doc.add_table(rows=2, cols=2)
    for row, (label, value) in zip(
        table.rows, [("Date approved", "14/10/2025"), ("Review date", "October 2026")], strict=True
    ):
        row.cells[0].text, row.cells[1].text = label, value
    for heading in headings:
        doc.add_heading(heading, level=1)
        doc.add_paragraph(BODY)


# (layout, the lines at the top as (style or "bold", text, size), the section headings,
#  kind, title, school)
Top = list[tuple[str, str, float | None]]
CASES: list[tuple[str, Top, list[str], str, str, str]] = [
    (
        "a bold 16-26pt line",
        [("bold", "Hollins Park Academy", 14), ("bold", "Positive Behaviour Policy", 24)],
        ["Aims", "Rewards", "Sanctions"],
        "behaviour",
        "Positive Behaviour Policy",
        "Hollins Park Academy",
    ),
    (
        "a title split over two lines",
        [
            ("bold", "Kingsmead Community School", 14),
            ("bold", "Safeguarding and Child\nProtection Policy", 22),
        ],
        ["Roles and Responsibilities", "Procedures"],
        "child-protection",
        "Safeguarding and Child Protection Policy",
        "Kingsmead Community School",
    ),
    (
        "'Policy for' above the kind's name",
        [
            ("bold", "Belgrave Primary School", 14),
            ("bold", "Policy for", 20),
            ("bold", "Community Cohesion", 20),
        ],
        ["Rationale", "Aims", "Procedures", "Review"],
        "community-cohesion",
        "Policy for Community Cohesion",
        "Belgrave Primary School",
    ),
    (
        "a Title-style school over a Subtitle-style policy",
        [("Title", "Ashdown Infant School", None), ("Subtitle", "Anti-Bullying Policy", None)],
        ["Aims", "Preventing Bullying"],
        "anti-bullying",
        "Anti-Bullying Policy",
        "Ashdown Infant School",
    ),
    (
        "a school with its trust",
        [
            ("bold", "Northgate High School • Part of Chiltern Vale Learning Trust", 12),
            ("bold", "Attendance Policy", 20),
        ],
        ["Aims", "Recording Attendance", "Absence"],
        "attendance",
        "Attendance Policy",
        "Northgate High School",
    ),
    (
        "'<title> at <school>'",
        [("bold", "Community Cohesion at Belgrave Primary School", 20)],
        ["Rationale", "Aims", "Procedures", "Review"],
        "community-cohesion",
        "Community Cohesion",
        "Belgrave Primary School",
    ),
    (
        "a policy number before the title",
        [("bold", "Meadowbank Junior School", 14), ("bold", "20 – Anti-Bullying Policy", 20)],
        ["Aims", "Preventing Bullying"],
        "anti-bullying",
        "Anti-Bullying Policy",
        "Meadowbank Junior School",
    ),
    (
        "a lettings policy (a kind policykit does not know)",
        [("bold", "Riverside Academy", 14), ("bold", "Lettings Policy", 20)],
        ["Purpose", "Procedures"],
        "generic",
        "Lettings Policy",
        "Riverside Academy",
    ),
]


@pytest.mark.parametrize(
    ("layout", "top", "headings", "kind", "title", "school"), CASES, ids=[c[0] for c in CASES]
)
def test_title_and_school_in_the_layouts_schools_use(
    layout: str, top: Top, headings: list[str], kind: str, title: str, school: str
) -> None:
    def build(doc: DocxDocument) -> None:
        for style, text, size in top:
            if style == "bold":
                _line(doc, text, size)
            else:
                doc.add_paragraph(text, style=style)
        _body(doc, *headings)

    policy = _parse(build)
    assert (policy.kind, policy.title, policy.school) == (kind, title, school), layout


def test_the_school_and_policy_in_a_page_header() -> None:
    def build(doc: DocxDocument) -> None:
        doc.sections[0].header.paragraphs[0].text = "RIVERSIDE ACADEMY - BEHAVIOUR POLICY"
        _body(doc, "Aims", "Rewards", "Sanctions")

    policy = _parse(build)
    assert policy.kind == "behaviour"
    assert (policy.title or "").casefold() == "behaviour policy"
    assert (policy.school or "").casefold() == "riverside academy"


def _with_contents(doc: DocxDocument) -> None:
    _line(doc, "Riverside Academy", 14)
    _line(doc, "Data Protection Policy", 22)
    _line(doc, "Contents", None)
    for n, heading in enumerate(["Aims", "Data Protection Principles", "Subject Access"], 1):
        doc.add_paragraph(f"{n}. {heading} " + "." * 20 + f" {n + 1}")
    _body(doc, "Aims", "Data Protection Principles", "Subject Access")


def test_a_typed_contents_list_is_neither_sections_nor_content() -> None:
    policy = _parse(_with_contents)
    texts = [b.text for b in policy.preamble if b.type == "paragraph"]
    for section in policy.walk():
        texts += [section.heading, *(b.text for b in section.blocks if b.type == "paragraph")]
    assert not [t for t in texts if "....." in t or t == "Contents"], texts
    assert [s.heading for s in policy.sections] == [
        "Aims",
        "Data Protection Principles",
        "Subject Access",
    ]


def test_normalize_does_not_write_the_typed_contents_list_again(tmp_path: Path) -> None:
    doc = Document()
    _with_contents(doc)
    source = tmp_path / "dp.docx"
    doc.save(str(source))
    out = tmp_path / "clean.docx"
    result = CliRunner().invoke(main, ["normalize", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = Document(str(out))
    lines = [p.text for p in written.paragraphs]
    assert not [t for t in lines if "....." in t], lines
    assert policykit.parse(out).sections == policykit.parse(source).sections
