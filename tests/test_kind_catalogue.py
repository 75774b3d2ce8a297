"""Every kind in the catalogue as data: listed, explained, documented, and recognised."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

import policykit
from policykit.cli import main
from policykit.kindchoice import choose_kind, fold
from policykit.kinddocs import kinds_markdown
from policykit.kinds import all_kinds, get_kind

ROOT = Path(__file__).resolve().parents[1]

CONTRACT_IDS = [
    "community-cohesion",
    "child-protection",
    "behaviour",
    "anti-bullying",
    "send-policy",
    "send-information-report",
    "accessibility-plan",
    "equality-objectives",
    "charging-remissions",
    "complaints",
    "data-protection",
    "health-and-safety",
    "supporting-medical-conditions",
    "attendance",
    "rse",
    "suspensions-exclusions",
    "online-safety",
    "whistleblowing",
    "staff-code-of-conduct",
    "first-aid",
    "admissions",
    "pay",
    "capability",
    "careers",
    "uniform",
    "remote-education",
    "mobile-phones",
    "collective-worship",
    "early-career-teachers",
    "pupil-premium",
]

IN_DEPTH = [
    "child-protection",
    "behaviour",
    "behaviour-principles",
    "send-information-report",
    "send-policy",
    "accessibility-plan",
    "equality-objectives",
    "charging-remissions",
    "complaints",
    "data-protection",
    "health-and-safety",
    "supporting-medical-conditions",
    "attendance",
    "rse",
    "suspensions-exclusions",
]


def test_at_least_thirty_kinds_with_the_contract_ids() -> None:
    ids = {k.id for k in all_kinds()}
    assert len(ids) >= 30
    assert set(CONTRACT_IDS) <= ids
    assert "generic" in ids


@pytest.mark.parametrize("kind_id", IN_DEPTH)
def test_the_fifteen_in_depth_kinds_carry_their_law(kind_id: str) -> None:
    kind = get_kind(kind_id)
    assert kind.statute and kind.sources and kind.approver
    assert kind.sections and kind.contents
    assert kind.review_cycle.max_months or kind.review_cycle.recommended_months
    assert all(item.source for item in kind.contents)


def test_required_maximum_cycles_are_the_verified_ones_in_the_catalogue() -> None:
    required = {k.id: k.review_cycle.max_months for k in all_kinds() if k.review_cycle.max_months}
    assert required == {
        "child-protection": 12,
        "send-information-report": 12,
        "accessibility-plan": 36,
        "equality-objectives": 48,
    }
    assert all(get_kind(k).review_cycle.verified for k in required)


def test_child_protection_outranks_a_low_stakes_kind() -> None:
    assert get_kind("child-protection").priority == 1
    assert get_kind("child-protection").priority < get_kind("uniform").priority


def test_no_name_of_a_kind_belongs_to_two_kinds() -> None:
    owner: dict[str, str] = {}
    for kind in all_kinds():
        for name in {fold(n).strip() for n in [*kind.spec.title_phrases, *kind.titles]}:
            assert owner.setdefault(name, kind.id) == kind.id, (name, owner[name], kind.id)


# --------------------------------------------------------------------------- content items


@pytest.mark.parametrize(
    ("kind_id", "item", "present", "absent"),
    [
        (
            "charging-remissions",
            "remissions",
            "Charges for board and lodging will be waived for families on qualifying benefits.",
            "We charge for music tuition requested by parents.",
        ),
        (
            "send-information-report",
            "senco-contact",
            "Our SENCO is Mrs P. Okafor, who can be contacted on 01632 960123.",
            "The SENCO meets class teachers each term.",
        ),
        (
            "accessibility-plan",
            "information",
            "We will provide letters in large print or other accessible information formats.",
            "The plan covers the next three years.",
        ),
        (
            "rse",
            "withdrawal",
            "Parents may ask for their child to be withdrawn from sex education.",
            "Relationships education is taught in every year group.",
        ),
        (
            "complaints",
            "timescales",
            "The headteacher will reply within 10 school days.",
            "We take every complaint seriously.",
        ),
        (
            "child-protection",
            "dsl",
            "The designated safeguarding lead is Mr J. Adeyemi.",
            "All staff read this policy.",
        ),
    ],
)
def test_content_items_are_found_in_the_wording_schools_use(
    kind_id: str, item: str, present: str, absent: str
) -> None:
    content = next(c for c in get_kind(kind_id).contents if c.id == item)
    assert content.found([], present.lower())
    assert not content.found([], absent.lower())


def test_every_content_item_is_found_by_its_heading_and_not_in_nothing() -> None:
    for kind in all_kinds():
        for item in kind.contents:
            if item.spec.headings:
                heading = "3. " + item.spec.headings[0].upper() + ":"
                assert item.found([heading], ""), (kind.id, item.id)
            assert not item.found(["Introduction"], ""), (kind.id, item.id)


# --------------------------------------------------------------------------- commands and docs


def test_kinds_lists_them_all_and_kind_explains_one() -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["kinds"])
    assert listed.exit_code == 0
    assert all(f"{k} " in listed.output for k in CONTRACT_IDS)
    explained = runner.invoke(main, ["kind", "child-protection"])
    assert explained.exit_code == 0, explained.output
    text = explained.output
    assert "Keeping Children Safe in Education" in text
    assert "at most 12 months between reviews" in text
    assert "roles (required)" in text
    assert "dsl: the named Designated Safeguarding Lead" in text
    assert "Outdated references" in text
    unknown = runner.invoke(main, ["kind", "no-such-kind"])
    assert unknown.exit_code == 2 and "policykit kinds" in unknown.output


def test_docs_kinds_md_is_generated_from_the_kind_files() -> None:
    path = ROOT / "docs" / "kinds.md"
    assert path.is_file(), "docs/kinds.md is missing: run `python -m policykit.kinddocs`"
    assert path.read_text(encoding="utf-8") == kinds_markdown(), (
        "docs/kinds.md is stale: run `python -m policykit.kinddocs docs/kinds.md`"
    )


# --------------------------------------------------------------------------- recognition


def _doc(title: str, *, header: str | None = None, lines: tuple[str, ...] = ()) -> bytes:
    document = Document()
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    document.add_paragraph("Hollybank Primary School")
    if title:
        document.add_paragraph(title, style="Title")
    for line in lines:
        document.add_paragraph(line)
    document.add_heading("Aims", level=1)
    document.add_paragraph("This policy sets out what we do and why we do it.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Keeping Children Safe Policy", "child-protection"),
        ("Safeguarding and Child Protection Policy 2025-26", "child-protection"),
        ("Positive Behaviour Policy", "behaviour"),
        ("Relationships and Behaviour Policy", "behaviour"),
        ("SEND Information Report", "send-information-report"),
        ("Special Educational Needs and Disabilities Policy", "send-policy"),
        ("Staff Behaviour Policy", "staff-code-of-conduct"),
        ("Accessibility Plan 2024-2027", "accessibility-plan"),
        ("Charges and Remissions", "charging-remissions"),
        ("Supporting Pupils with Medical Conditions", "supporting-medical-conditions"),
        ("Relationships and Sex Education Policy", "rse"),
        ("E-Safety Policy", "online-safety"),
        ("Lettings Policy", "generic"),
    ],
)
def test_the_title_decides_the_kind(title: str, expected: str) -> None:
    result = policykit.parse_document(io.BytesIO(_doc(title)))
    assert result.policy.kind == expected
    assert result.policy.kind_source == ("default" if expected == "generic" else "title")


def test_the_file_name_decides_when_the_document_does_not_say(tmp_path: Path) -> None:
    path = tmp_path / "SEND Information Report 2025.docx"
    path.write_bytes(_doc(""))
    result = policykit.parse_document(path)
    assert (result.policy.kind, result.policy.kind_source) == (
        "send-information-report",
        "file-name",
    )


def test_a_header_decides_when_the_body_does_not_say() -> None:
    data = _doc("", header="RIVERSIDE ACADEMY - BEHAVIOUR POLICY")
    result = policykit.parse_document(io.BytesIO(data))
    assert (result.policy.kind, result.policy.kind_source) == ("behaviour", "header")


def test_a_clear_lead_wins_and_a_tie_goes_to_generic() -> None:
    from policykit.docx.reader import read_docx

    doc = read_docx(io.BytesIO(_doc("", header="Uniform Policy")))
    choice = choose_kind(doc, "Attendance Policy.docx")  # a file name outweighs a header
    assert (choice.kind.id, choice.source) == ("attendance", "file-name")
    document = Document(io.BytesIO(_doc("", header="Uniform Policy")))
    document.core_properties.title = "Attendance Policy"  # as much as the header: a tie
    out = io.BytesIO()
    document.save(out)
    choice = choose_kind(read_docx(io.BytesIO(out.getvalue())), None)
    assert (choice.kind.id, choice.source) == ("generic", "default")
    assert choice.scores == {"uniform": 2.0, "attendance": 2.0}


def test_a_named_kind_is_configuration() -> None:
    result = policykit.parse_document(io.BytesIO(_doc("Lettings Policy")), kind="complaints")
    assert (result.policy.kind, result.policy.kind_source) == ("complaints", "configuration")


# --------------------------------------------------------------------------- configuration


@pytest.fixture
def own_kinds(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Kinds a test registers are forgotten after it."""
    import policykit.kinds as kinds_module

    monkeypatch.setattr(kinds_module, "_registered", {})
    yield
    monkeypatch.undo()
    kinds_module.register_kinds_dir.cache_clear()
    kinds_module.get_kind.cache_clear()


def test_configuration_sets_kinds_by_path_and_adds_a_trusts_own_kinds(
    tmp_path: Path, own_kinds: None
) -> None:
    (tmp_path / "our-kinds").mkdir()
    (tmp_path / "our-kinds" / "lettings.yaml").write_text(
        "id: lettings\nname: Lettings Policy\ndefault_title: Lettings Policy\n"
        "title_phrases: [lettings, hire of premises]\npriority: 4\n"
        "sections:\n  - id: charges\n    required: true\n    title: Charges\n"
        "    headings: [Charges, Hire Charges]\n",
        encoding="utf-8",
    )
    (tmp_path / "policykit.toml").write_text(
        'kinds-dir = "our-kinds"\n[kinds]\n"Safeguarding/**" = "child-protection"\n',
        encoding="utf-8",
    )
    (tmp_path / "Safeguarding" / "2025").mkdir(parents=True)
    (tmp_path / "Safeguarding" / "2025" / "policy.docx").write_bytes(_doc("Lettings Policy"))
    (tmp_path / "lettings.docx").write_bytes(_doc("Lettings Policy"))
    report = policykit.check([tmp_path], as_of="2026-11-22")
    kinds = {Path(d.path).name: d.kind for d in report.documents}
    assert kinds == {"policy.docx": "child-protection", "lettings.docx": "lettings"}
    lettings = next(d for d in report.documents if d.kind == "lettings")
    assert "PK101" in {f.code for f in lettings.findings}  # its own required section


def test_configuration_naming_an_unknown_kind_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "policykit.toml").write_text('[kinds]\n"*.docx" = "no-such-kind"\n')
    (tmp_path / "a.docx").write_bytes(_doc("Lettings Policy"))
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert "no-such-kind" in result.output and "policykit.toml" in result.output
