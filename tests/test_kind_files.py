"""The kind-file keys: validated on load, read as attributes, and the generic kind."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.enum.style import WD_STYLE_TYPE

import policykit
from policykit.errors import KindError
from policykit.kinds import get_kind, load_kind_file

MINIMAL = {"id": "lettings", "name": "Lettings Policy", "default_title": "Lettings Policy"}


def _write(tmp_path: Path, data: dict[str, object]) -> Path:
    path = tmp_path / f"{data['id']}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_a_kind_file_with_every_key_reads_as_attributes(tmp_path: Path) -> None:
    data = {
        **MINIMAL,
        "titles": ["Lettings Policy", "Hire of School Premises Policy"],
        "abbreviations": ["HSP"],
        "statute": "Education Act 2002 s.27 (community facilities)",
        "sources": ["S1"],
        "statutory": {"maintained": "no", "academy": "where-applicable"},
        "phases": ["secondary"],
        "publish": True,
        "review_cycle": {"max_months": 24, "recommended_months": 12, "verified": True},
        "approver": "Governing board",
        "priority": 4,
        "contents": [
            {
                "id": "charges",
                "name": "Charges for hire",
                "source": "S1",
                "headings": ["Charges"],
                "patterns": ["\\bhire charges?\\b"],
            }
        ],
        "heading_styles": {"Trust Heading": 1},
        "fields": {"approved": ["Signed off"]},
    }
    kind = load_kind_file(_write(tmp_path, data))
    assert kind.titles == ["Lettings Policy", "Hire of School Premises Policy"]
    assert kind.statutory.academy == "where-applicable"
    assert kind.review_cycle.max_months == 24 and kind.review_cycle.verified
    assert kind.priority == 4 and kind.publish and kind.phases == ["secondary"]
    assert kind.heading_styles == {"trust heading": 1}
    (charges,) = kind.contents
    assert charges.found(["3. CHARGES:"], "")
    assert charges.found([], "the hire charge is set each year")
    assert not charges.found(["Booking"], "bookings are made online")
    # a kind's own label, and the shared ones, both read
    assert kind.labels.field_for("Signed off") == "approved"
    assert kind.labels.field_for("Date approved") == "approved"
    assert kind.find_review_cycle("reviewed every two years") is not None


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ({"colour": "blue"}, "colour"),
        ({"priority": 9}, "priority"),
        ({"review_cycle": {"max_months": 12, "every": 1}}, "every"),
        ({"statutory": {"maintained": "sometimes"}}, "maintained"),
        ({"contents": [{"id": "x", "name": "X", "source": "S1"}]}, "neither headings nor patterns"),
        ({"contents": [{"id": "x", "name": "X", "source": "S1", "patterns": ["("]}]}, "regular"),
        ({"heading_styles": {"Trust Heading": 12}}, "1..9"),
    ],
)
def test_a_bad_key_is_an_error_naming_file_and_key(
    tmp_path: Path, extra: dict[str, object], says: str
) -> None:
    path = _write(tmp_path, {**MINIMAL, **extra})
    with pytest.raises(KindError) as caught:
        load_kind_file(path)
    assert str(path) in str(caught.value) and says in str(caught.value)


def test_the_generic_kind_demands_nothing() -> None:
    generic = get_kind("generic")
    assert generic.sections == [] and generic.contents == [] and generic.required == []
    assert generic.review_cycle.max_months is None


def _unknown_policy() -> bytes:
    document = Document()
    document.add_paragraph("Riverside Primary School")
    document.add_paragraph("Lettings Policy", style="Title")
    document.add_paragraph("Date approved: 12 September 2024")
    document.add_paragraph("Next review: September 2025")
    document.add_heading("Aims", level=1)
    document.add_paragraph("The school lets its hall to community groups at weekends.")
    document.add_heading("Charges", level=1)
    document.add_paragraph("Groups pay an hourly rate set by the governors.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_an_unknown_kind_is_generic_and_judged_by_no_kinds_sections(tmp_path: Path) -> None:
    path = tmp_path / "lettings.docx"
    path.write_bytes(_unknown_policy())
    result = policykit.parse_document(path)
    assert result.policy.kind == "generic" and result.policy.kind_source == "default"
    assert result.policy.title == "Lettings Policy"
    assert result.policy.approved is not None
    assert [s.id for s in result.policy.sections] == [None, None]
    report = policykit.check([path], as_of=dt.date(2026, 11, 22))
    codes = {f.code for d in report.documents for f in d.findings}
    assert not codes & {"PK101", "PK102", "PK103"}
    assert "PK201" in codes  # the review lapsed: dates are still checked


def test_a_trusts_house_heading_style_is_data(tmp_path: Path) -> None:
    document = Document()
    document.styles.add_style("Trust Heading", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Community Cohesion Policy", style="Title")
    headings = ["Our school and its neighbours", "Working with partners", "Rationale"]
    for heading, text in zip(headings, ["Who.", "How.", "Why."], strict=True):
        document.add_paragraph(heading, style="Trust Heading")
        document.add_paragraph(text + " " + "Words of the body text go here. " * 4)
    source = tmp_path / "house.docx"
    document.save(str(source))
    plain = policykit.parse(source)
    assert [s.heading for s in plain.sections] != headings
    kind_file = Path(get_kind("community-cohesion").source or "")
    data = yaml.safe_load(kind_file.read_text(encoding="utf-8"))
    data["heading_styles"] = {"Trust Heading": 1}
    house = load_kind_file(_write(tmp_path, data))
    styled = policykit.parse(source, kind=house)
    assert [s.heading for s in styled.sections] == headings
    assert [s.id for s in styled.sections] == [None, None, "rationale"]
