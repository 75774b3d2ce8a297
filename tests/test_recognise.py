"""Recognition rules, each on a small document built the way schools write them."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

import policykit
from policykit.model import ListBlock, Policy
from policykit.recognise.names import smart_case

Build = Callable[[DocxDocument], None]


def parse_built(build: Build) -> Policy:
    return policykit.parse(_saved(build))


def bold(doc: DocxDocument, text: str, size: float | None = None) -> None:
    run = doc.add_paragraph().add_run(text)
    run.bold = True
    if size:
        run.font.size = Pt(size)


BODY = "The governing body recognises that schools help young people to understand others."


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("WOOTTON PARK", "Wootton Park"),
        ("ST MARY'S C OF E PRIMARY SCHOOL", "St Mary's C of E Primary School"),
        ("THE MEADOWS COMMUNITY SCHOOL", "The Meadows Community School"),
        ("HILLCREST CE JUNIOR SCHOOL", "Hillcrest CE Junior School"),
        ("Oakfield Primary School", "Oakfield Primary School"),
    ],
)
def test_school_names_get_sensible_casing(given: str, expected: str) -> None:
    assert smart_case(given) == expected


def test_bold_normal_paragraphs_are_headings_and_metadata_lines_are_read() -> None:
    def build(doc: DocxDocument) -> None:
        bold(doc, "OAKFIELD PRIMARY SCHOOL", 18)
        bold(doc, "Community Cohesion Policy", 14)
        doc.add_paragraph("Date approved: 12th September 2016")
        doc.add_paragraph("Next review:\tSummer 2019")
        for heading in (
            "Introduction",
            "Aims and Objectives",
            "How we promote community cohesion",
            "Links with other policies",
            "Monitoring and Review",
        ):
            bold(doc, heading)
            doc.add_paragraph(BODY)
        doc.add_paragraph("This policy will be reviewed every three years.")

    policy = parse_built(build)
    assert policy.school == "Oakfield Primary School"
    assert policy.title == "Community Cohesion Policy"
    assert [s.id for s in policy.sections] == ["rationale", "aims", "procedures", None, "review"]
    assert policy.approved is not None and policy.approved.precision == "day"
    assert policy.approved.start.isoformat() == "2016-09-12"
    assert policy.review_due is not None and policy.review_due.text == "Summer 2019"
    assert policy.review_cycle_months == 36


def test_numbered_and_capitals_headings_nest_by_their_numbers() -> None:
    def build(doc: DocxDocument) -> None:
        bold(doc, "Policy for Community Cohesion", 16)
        doc.add_paragraph("1. RATIONALE")
        doc.add_paragraph(BODY)
        doc.add_paragraph("2. AIMS")
        doc.add_paragraph(BODY)
        doc.add_paragraph("3. PROCEDURES")
        doc.add_paragraph("3.1 Teaching and learning")
        doc.add_paragraph(BODY)
        doc.add_paragraph("3.2 Equity and excellence")
        doc.add_paragraph(BODY)
        doc.add_paragraph("4. REVIEW")
        doc.add_paragraph(BODY)

    policy = parse_built(build)
    assert [s.id for s in policy.sections] == ["rationale", "aims", "procedures", "review"]
    procedures = policy.find("procedures")
    assert procedures is not None
    assert [(s.heading, s.level) for s in procedures.sections] == [
        ("3.1 Teaching and learning", 2),
        ("3.2 Equity and excellence", 2),
    ]


def test_heading_styles_in_any_language_and_run_in_headings() -> None:
    def build(doc: DocxDocument) -> None:
        doc.add_heading("Community Cohesion Policy", 0)
        doc.add_heading("Rationale", 1)
        para = doc.add_paragraph("We consider three areas: ")
        para.add_run("Teaching and learning").bold = True
        doc.add_paragraph(BODY)
        doc.add_heading("Aims", 1)
        doc.add_paragraph(BODY)

    policy = parse_built(build)
    assert [s.id for s in policy.sections] == ["rationale", "aims"]
    rationale = policy.sections[0]
    assert rationale.blocks[0].type == "paragraph"
    assert rationale.blocks[0].text == "We consider three areas:"
    assert [(s.heading, s.level) for s in rationale.sections] == [("Teaching and learning", 2)]
    assert policy.title == "Community Cohesion Policy"


def test_banner_tables_and_footer_metadata() -> None:
    def build(doc: DocxDocument) -> None:
        title = doc.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.add_run("Riverside Academy Community Cohesion Policy").bold = True
        for heading in ("Purpose", "Objectives", "Implementation", "Policy Review"):
            doc.add_table(rows=1, cols=1).cell(0, 0).text = heading
            doc.add_paragraph(BODY)
        footer = doc.sections[0].footer.paragraphs[0]
        footer.text = "Next review: Summer 2027"

    policy = parse_built(build)
    assert policy.school == "Riverside Academy"
    assert policy.title == "Community Cohesion Policy"
    assert [s.id for s in policy.sections] == ["rationale", "aims", "procedures", "review"]
    assert policy.review_due is not None and policy.review_due.text == "Summer 2027"


def test_review_due_is_inferred_from_the_last_review_and_the_cycle() -> None:
    def build(doc: DocxDocument) -> None:
        doc.add_heading("Community Cohesion Policy", 0)
        table = doc.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "School", "Hillcrest Academy"
        table.cell(1, 0).text, table.cell(1, 1).text = "Date approved", "Autumn 2023"
        doc.add_heading("Review", 1)
        doc.add_paragraph("The policy is reviewed biennially by the governing body.")

    policy = parse_built(build)
    assert policy.review_cycle_months == 24
    assert policy.review_due is not None
    assert policy.review_due.inferred
    assert policy.review_due.text == "Autumn 2025"
    assert policy.school == "Hillcrest Academy"


def test_approval_stated_in_a_sentence_and_tbc_review_date() -> None:
    def build(doc: DocxDocument) -> None:
        doc.add_heading("Community Cohesion Policy", 0)
        doc.add_paragraph("Review date: TBC")
        doc.add_heading("Introduction", 1)
        doc.add_paragraph("This policy was approved by the governing body on 13 July 2009.")

    result = policykit.parse_document(_saved(build))
    policy = result.policy
    assert policy.approved is not None and policy.approved.start.isoformat() == "2009-07-13"
    assert policy.review_due is None
    assert any(n.code == "date-not-a-date" and n.field == "review_due" for n in result.notices)


def test_manual_bullets_become_nested_lists() -> None:
    def build(doc: DocxDocument) -> None:
        doc.add_heading("Aims", 1)
        doc.add_paragraph("We aim to:")
        doc.add_paragraph("•\tTeach tolerance")
        doc.add_paragraph("o\tThrough assemblies")
        doc.add_paragraph("o\tThrough PSHE")
        doc.add_paragraph("•\tWork with parents")

    policy = parse_built(build)
    lists = [b for b in policy.sections[0].blocks if isinstance(b, ListBlock)]
    assert len(lists) == 1
    assert [i.text for i in lists[0].items] == ["Teach tolerance", "Work with parents"]
    assert [i.text for i in lists[0].items[0].items] == ["Through assemblies", "Through PSHE"]


def _saved(build: Build) -> io.BytesIO:
    doc = Document()
    build(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    buffer.seek(0)
    return buffer


def test_a_date_field_in_the_footer_is_never_a_review_date() -> None:
    """A DATE field shows today's date whenever the file is opened."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def build(doc: DocxDocument) -> None:
        doc.add_heading("Community Cohesion Policy", 0)
        footer = doc.sections[0].footer.paragraphs[0]
        footer.add_run("Next review: ")
        for xml in (
            f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
            f'<w:r {nsdecls("w")}><w:instrText> DATE \\@ "dd/MM/yyyy" </w:instrText></w:r>',
            f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
            f"<w:r {nsdecls('w')}><w:t>22/11/2026</w:t></w:r>",
            f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>',
        ):
            footer._p.append(parse_xml(xml))

    policy = parse_built(build)
    assert policy.review_due is None


def test_a_review_date_written_as_tbc_is_not_replaced_by_an_inferred_one() -> None:
    def build(doc: DocxDocument) -> None:
        doc.add_heading("Community Cohesion Policy", 0)
        doc.add_paragraph("Date approved: September 2020")
        doc.add_paragraph("Review date: To be confirmed")
        doc.add_heading("Review", 1)
        doc.add_paragraph("This policy will be reviewed annually.")

    result = policykit.parse_document(_saved(build))
    assert result.policy.review_cycle_months == 12
    assert result.policy.review_due is None
    assert any(n.field == "review_due" for n in result.notices)


def test_document_properties_are_the_last_resort_for_title_and_school() -> None:
    import re
    import zipfile

    def build(doc: DocxDocument) -> None:
        doc.core_properties.title = "Community Cohesion Policy"
        doc.add_paragraph("Aims")
        doc.add_paragraph(BODY)

    source = _saved(build)
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "docProps/app.xml":
                text = data.decode("utf-8")
                text = re.sub(r"<Company>.*?</Company>|<Company/>", "", text)
                text = text.replace(
                    "</Properties>", "<Company>Oakfield Primary School</Company></Properties>"
                )
                data = text.encode("utf-8")
            zout.writestr(info, data)
    out.seek(0)
    policy = policykit.parse(out)
    assert policy.title == "Community Cohesion Policy"
    assert policy.school == "Oakfield Primary School"


def test_title_and_school_from_the_page_header_and_two_values_on_one_line() -> None:
    def build(doc: DocxDocument) -> None:
        doc.sections[0].header.paragraphs[
            0
        ].text = "Meadowbank Junior School - Community Cohesion Policy"
        doc.core_properties.title = "Template v3"
        doc.add_paragraph("Reviewed: Sept 2018  Next review: Sept 2020")
        bold(doc, "Aims")
        doc.add_paragraph(BODY)

    policy = parse_built(build)
    assert policy.title == "Community Cohesion Policy"
    assert policy.school == "Meadowbank Junior School"
    assert policy.review_due is not None and policy.review_due.text == "Sept 2020"


def test_a_bullet_list_then_a_numbered_list_stay_two_lists() -> None:
    def build(doc: DocxDocument) -> None:
        doc.add_heading("Procedures", 1)
        doc.add_paragraph("Assemblies", style="List Bullet")
        doc.add_paragraph("Visits", style="List Bullet")
        doc.add_paragraph("Plan the year", style="List Number")
        doc.add_paragraph("Review the plan", style="List Number")

    lists = [b for b in parse_built(build).sections[0].blocks if isinstance(b, ListBlock)]
    assert [(lst.ordered, [i.text for i in lst.items]) for lst in lists] == [
        (False, ["Assemblies", "Visits"]),
        (True, ["Plan the year", "Review the plan"]),
    ]


def test_without_a_title_a_heading_near_the_top_is_not_taken_for_the_school() -> None:
    def build(doc: DocxDocument) -> None:
        doc.add_heading("Second Level", 2)
        doc.add_paragraph("Some plain text.")
        doc.add_heading("References", 2)
        doc.add_paragraph("More text.")

    policy = parse_built(build)
    assert policy.school is None
    assert [s.heading for s in policy.sections] == ["Second Level", "References"]


def test_any_every_n_months_cycle_is_read() -> None:
    def build(doc: DocxDocument) -> None:
        doc.add_heading("Review", 1)
        doc.add_paragraph("Governors will review this policy every 18 months.")

    assert parse_built(build).review_cycle_months == 18


def test_last_reviewed_is_kept_and_starts_the_inferred_cycle() -> None:
    def build(doc: DocxDocument) -> None:
        doc.add_heading("Community Cohesion Policy", 0)
        doc.add_paragraph("Date approved: September 2019")
        doc.add_paragraph("Last reviewed: Autumn 2022")
        doc.add_heading("Review", 1)
        doc.add_paragraph("This policy is reviewed annually.")

    policy = parse_built(build)
    assert policy.last_reviewed is not None and policy.last_reviewed.text == "Autumn 2022"
    assert policy.review_due is not None and policy.review_due.inferred
    assert policy.review_due.text == "Autumn 2023"


def test_a_header_row_of_labels_over_one_row_of_values() -> None:
    def build(doc: DocxDocument) -> None:
        doc.add_heading("Community Cohesion Policy", 0)
        table = doc.add_table(rows=2, cols=4)
        for c, (label, value) in enumerate(
            [
                ("School", "Brookside Academy"),
                ("Date approved", "01/09/2020"),
                ("Review date", "01/09/2022"),
                ("Reviewed", "Every two years"),
            ]
        ):
            table.cell(0, c).text, table.cell(1, c).text = label, value
        doc.add_heading("Aims", 1)
        doc.add_paragraph(BODY)

    result = policykit.parse_document(_saved(build))
    policy = result.policy
    assert policy.school == "Brookside Academy"
    assert policy.approved is not None and policy.approved.start.isoformat() == "2020-09-01"
    assert policy.review_due is not None and policy.review_due.start.isoformat() == "2022-09-01"
    assert policy.reviews == []
    assert policy.review_cycle_months == 24
    assert not result.notices


@pytest.mark.parametrize(
    ("line", "school"),
    [
        (
            "Our Lady of Lourdes Catholic Academy Community Cohesion Policy",
            "Our Lady of Lourdes Catholic Academy",
        ),
        ("WOOTTON PARK Policy for Community Cohesion", "Wootton Park"),
        ("Dame Alice Owen: Community Cohesion Policy", "Dame Alice Owen"),
    ],
)
def test_the_school_before_the_policy_name_in_a_title_line(line: str, school: str) -> None:
    def build(doc: DocxDocument) -> None:
        bold(doc, line, 16)
        bold(doc, "Aims")
        doc.add_paragraph(BODY)

    policy = parse_built(build)
    assert policy.school == school
    assert policy.title is not None and "Community Cohesion" in policy.title
    assert school not in policy.title


@pytest.mark.parametrize(
    ("first", "second", "months"),
    [("2 years", "12 months", 24), ("12 months", "2 years", 12)],
)
def test_of_two_review_cycle_fields_the_first_in_the_document_wins(
    first: str, second: str, months: int
) -> None:
    def build(doc: DocxDocument) -> None:
        doc.add_heading("Community Cohesion Policy", 0)
        doc.add_paragraph(f"Review cycle: {first}")
        doc.add_paragraph(f"Review frequency: {second}")

    assert parse_built(build).review_cycle_months == months
