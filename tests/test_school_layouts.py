"""What schools actually write (issue 12, items 1-3), from two producers.

Each layout is built with python-docx and again as LibreOffice writes it (the
same document saved by ``soffice --convert-to docx``), in the project's own
wording. The other producers' versions of these layouts (LibreOffice from
.fodt/.html, pandoc) are measured in ``test_accuracy.py``.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject

from policykit.model import Policy
from policykit.parsing import parse

from .conftest import need_tool

Build = Callable[[DocumentObject], None]
SECTIONS = ("Rationale", "Aims", "Procedures", "Monitoring and Review")
BODY = "We want every pupil to feel that they belong to a community that values them."


def _table(doc: DocumentObject, rows: list[list[str]]) -> None:
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


def _top(doc: DocumentObject) -> None:
    doc.add_paragraph("Harbourside Primary School")
    doc.add_heading("Community Cohesion Policy", 0)


def _sections(doc: DocumentObject, headings: tuple[str, ...] = SECTIONS) -> None:
    for heading in headings:
        doc.add_heading(heading, 1)
        doc.add_paragraph(BODY)


def review_table(doc: DocumentObject) -> None:
    _top(doc)
    doc.add_paragraph("Date approved: 14 March 2019")
    _sections(doc)
    _table(
        doc,
        [
            ["Date reviewed", "Signed", "Next review"],
            ["March 2019", "P. Okafor", "March 2020"],
            ["February 2020", "P. Okafor", "February 2022"],
        ],
    )


def review_then_next(doc: DocumentObject) -> None:
    _top(doc)
    _table(doc, [["Review date:", "May 2015"], ["Next Review Date:", "May 2018"]])
    _sections(doc)


def signed_front_table(doc: DocumentObject) -> None:
    _top(doc)
    _table(
        doc,
        [
            ["Date", "Autumn 2021"],
            ["Signed (Headteacher)", "R. Adeyemi"],
            ["Signed (Chair)", "L. Moss"],
            ["Next review", "Autumn 2023"],
        ],
    )
    _sections(doc)


def labels_across(doc: DocumentObject) -> None:
    _top(doc)
    _table(doc, [["Policy date", "Review due", "Author"], ["06/10/2020", "October 2022", "A. Lee"]])
    _sections(doc)


def typed_labels(doc: DocumentObject) -> None:
    _top(doc)
    doc.add_paragraph("Date of authorisation: 3 February 2016 VU")
    doc.add_paragraph("Reviewed: January 2017")
    doc.add_paragraph("Next review: Summer Term 2018 (earlier if legislation changes)")
    _sections(doc)


def footer_without_colon(doc: DocumentObject) -> None:
    _top(doc)
    doc.add_paragraph("Issue date: 2 March 2025")
    _sections(doc)
    doc.sections[0].footer.paragraphs[
        0
    ].text = "Community Cohesion Policy – Next review Spring 2027"


def dates_in_a_sentence(doc: DocumentObject) -> None:
    _top(doc)
    _sections(doc)
    doc.add_paragraph(
        "This policy was adopted by the governing body on 12 October 2021 and will be "
        "reviewed in the autumn term 2023."
    )


def headings_saying_more(doc: DocumentObject) -> None:
    _top(doc)
    doc.add_paragraph("Ratified: 9 July 2022")
    doc.add_paragraph("Next review: July 2024")
    _sections(
        doc,
        (
            "Rationale – why do we need a policy for community cohesion?",
            "Our Community Cohesion Aims",
            "3 What we mean by community cohesion",
            "Procedures",
            "Monitoring and Review",
        ),
    )


def contents_and_quotation(doc: DocumentObject) -> None:
    _top(doc)
    doc.add_paragraph("Adopted by governors on 4 May 2021")
    doc.add_paragraph("Review date: May 2023")
    doc.add_paragraph("Contents").runs[0].bold = True
    for n, heading in enumerate(SECTIONS, start=1):
        doc.add_paragraph(f"{n}. {heading} {'.' * 20} {n + 1}")
    for heading in SECTIONS:
        doc.add_paragraph().add_run(heading).bold = True
        doc.add_paragraph(BODY)
        if heading == "Rationale":
            doc.add_paragraph().add_run("“Every school has a part to play in a shared society.”")
            doc.add_paragraph().add_run("DFE").bold = True
            doc.add_paragraph(BODY)


def _text(value: object) -> str | None:
    return getattr(value, "text", None)


CASES: dict[str, tuple[Build, Callable[[Policy], None]]] = {}


def case(build: Build) -> Callable[[Callable[[Policy], None]], Callable[[Policy], None]]:
    def register(check: Callable[[Policy], None]) -> Callable[[Policy], None]:
        CASES[build.__name__] = (build, check)
        return check

    return register


@case(review_table)
def _(p: Policy) -> None:
    assert _text(p.review_due) == "February 2022"
    assert [r.date.text for r in p.reviews] == ["March 2019", "February 2020"]


@case(review_then_next)
def _(p: Policy) -> None:
    assert _text(p.review_due) == "May 2018"
    assert _text(p.last_reviewed) == "May 2015"


@case(signed_front_table)
def _(p: Policy) -> None:
    assert _text(p.approved) == "Autumn 2021"
    assert _text(p.review_due) == "Autumn 2023"
    assert p.reviews == []


@case(labels_across)
def _(p: Policy) -> None:
    assert _text(p.approved) == "06/10/2020"
    assert _text(p.review_due) == "October 2022"


@case(typed_labels)
def _(p: Policy) -> None:
    assert p.approved is not None and p.approved.start.isoformat() == "2016-02-03"
    assert _text(p.last_reviewed) == "January 2017"
    assert p.review_due is not None and p.review_due.start.isoformat() == "2018-04-02"


@case(footer_without_colon)
def _(p: Policy) -> None:
    assert _text(p.approved) == "2 March 2025"
    assert _text(p.review_due) == "Spring 2027"


@case(dates_in_a_sentence)
def _(p: Policy) -> None:
    assert _text(p.approved) == "12 October 2021"
    assert p.review_due is not None and p.review_due.start.isoformat() == "2023-09-01"


@case(headings_saying_more)
def _(p: Policy) -> None:
    assert _text(p.approved) == "9 July 2022"
    assert [s.id for s in p.sections] == ["rationale", "aims", "definition", "procedures", "review"]


@case(contents_and_quotation)
def _(p: Policy) -> None:
    assert [s.id for s in p.sections] == ["rationale", "aims", "procedures", "review"]
    assert [s.heading for s in p.sections] == list(SECTIONS)
    assert _text(p.approved) == "4 May 2021"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("school-layouts")
    for name, (build, _check) in CASES.items():
        doc = Document()
        build(doc)
        doc.save(str(out / f"{name}.docx"))
    return out


@pytest.mark.parametrize("name", sorted(CASES))
def test_python_docx(written: Path, name: str) -> None:
    CASES[name][1](parse(written / f"{name}.docx"))


@pytest.fixture(scope="module")
def resaved(written: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    soffice = need_tool("soffice")
    out = tmp_path_factory.mktemp("school-layouts-lo")
    profile = tmp_path_factory.mktemp("lo-profile")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            *(str(written / f"{name}.docx") for name in sorted(CASES)),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_libreoffice(resaved: Path, name: str) -> None:
    CASES[name][1](parse(resaved / f"{name}.docx"))
