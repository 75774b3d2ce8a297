"""The renderer: what a user sees in the .docx it writes.

Built-in styles (navigation pane, table of contents), a metadata table and the
review history at the top, school and title in the header, "Next review" and
a page number in the footer, document properties, lists that restart,
deterministic bytes, atomic writes, and a trust's house style.
"""

from __future__ import annotations

import io
import json
import os
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.shared import Pt, RGBColor, Twips
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph
from lxml import etree

from policykit.cli import main
from policykit.dates import parse_date
from policykit.docx.reader import read_docx
from policykit.model import ListBlock, ListItem, Paragraph, Policy, Review, Section, Table
from policykit.parsing import parse
from policykit.render import RenderError, render, render_bytes
from policykit.render.layout import inferred_review_due
from tests.conftest import need_shared


def style_name(item: WordParagraph | WordTable) -> str | None:
    """The name of the style Word shows for a paragraph or a table."""
    style = item.style
    assert style is not None
    name: str | None = style.name
    return name


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _date(text: str):  # type: ignore[no-untyped-def]
    found = parse_date(text)
    assert found is not None
    return found


def sample_policy() -> Policy:
    return Policy(
        kind="community-cohesion",
        title="Community Cohesion Policy",
        school="St Mary’s C of E Primary School",
        approved=_date("September 2016"),
        review_due=_date("September 2019"),
        review_cycle_months=12,
        reviews=[
            Review(date=_date("Spring 2017"), signed_by="Pam Holland"),
            Review(date=_date("Autumn 2018"), signed_by=None),
        ],
        people={"author": "Dan Rosser", "link_governor": "Zoë O’Brien"},
        sections=[
            Section(
                id="rationale",
                heading="Rationale",
                level=1,
                blocks=[
                    Paragraph(text="Pupils & staff say “hello” <always>."),
                    ListBlock(
                        ordered=False,
                        items=[
                            ListItem(
                                text="one",
                                items=[
                                    ListItem(text="one.one", items=[ListItem(text="one.one.one")])
                                ],
                            ),
                            ListItem(text="two"),
                        ],
                    ),
                ],
                sections=[
                    Section(
                        heading="Our local community",
                        level=2,
                        blocks=[Table(rows=[["Group", "Contact"], ["Parents", "Jo Bloggs"]])],
                        sections=[
                            Section(
                                heading="Faith groups",
                                level=3,
                                blocks=[Paragraph(text="We meet termly.")],
                            )
                        ],
                    ),
                ],
            ),
            Section(
                id="aims",
                heading="Aims",
                level=1,
                blocks=[
                    ListBlock(
                        ordered=True, items=[ListItem(text="first"), ListItem(text="second")]
                    ),
                    Paragraph(text="And then:"),
                    ListBlock(ordered=True, items=[ListItem(text="again first")]),
                ],
            ),
            Section(
                id="review",
                heading="Monitoring and Review",
                level=1,
                blocks=[Paragraph(text="The governing board reviews this policy.")],
            ),
        ],
    )


def _xml(data: bytes, part: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(part).decode("utf-8")


def _all_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "".join(
            z.read(n).decode("utf-8", "replace")
            for n in z.namelist()
            if n.endswith((".xml", ".rels"))
        )


def test_a_rendered_policy_reads_back_the_same() -> None:
    policy = sample_policy()
    assert parse(io.BytesIO(render_bytes(policy).data)) == policy


def test_uses_words_built_in_styles() -> None:
    document = Document(io.BytesIO(render_bytes(sample_policy()).data))
    used = {style_name(p) for p in document.paragraphs}
    assert {
        "Title",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "List Bullet",
        "List Bullet 2",
        "List Bullet 3",
        "List Number",
    } <= used
    assert all(style_name(t) == "Table Grid" for t in document.tables)


def test_metadata_and_review_history_tables_come_first() -> None:
    document = Document(io.BytesIO(render_bytes(sample_policy()).data))
    assert document.paragraphs[0].text == "Community Cohesion Policy"
    meta, history = document.tables[0], document.tables[1]
    rows = {r.cells[0].text: r.cells[1].text for r in meta.rows}
    assert rows["School"] == "St Mary’s C of E Primary School"
    assert rows["Date approved"] == "September 2016"
    assert rows["Review date"] == "September 2019"
    assert rows["Review cycle"] == "Annually"
    assert rows["Link governor"] == "Zoë O’Brien"
    assert [[c.text for c in r.cells] for r in history.rows] == [
        ["Date of review", "Signed by"],
        ["Spring 2017", "Pam Holland"],
        ["Autumn 2018", ""],
    ]


def test_each_list_restarts_its_numbering() -> None:
    data = render_bytes(sample_policy()).data
    labels = [
        (p.text, p.list_label)
        for p in read_docx(io.BytesIO(data)).paragraphs()
        if p.list_label and p.list_ordered
    ]
    assert labels == [("first", "1."), ("second", "2."), ("again first", "1.")]
    numbering = _xml(data, "word/numbering.xml")
    assert numbering.count('<w:startOverride w:val="1"/>') >= 2 * 9


def test_header_has_school_and_title_footer_has_next_review_and_page() -> None:
    data = render_bytes(sample_policy()).data
    document = read_docx(io.BytesIO(data))
    header = " ".join(p.text for blocks in document.headers for p in blocks if hasattr(p, "text"))
    footer = " ".join(p.text for blocks in document.footers for p in blocks if hasattr(p, "text"))
    assert "St Mary’s C of E Primary School" in header and "Community Cohesion Policy" in header
    assert "Next review: September 2019" in footer and "Page 1" in footer
    assert _field_instructions(data) == {"PAGE", "NUMPAGES"}  # never DATE or SAVEDATE


def _field_instructions(data: bytes) -> set[str]:
    found: set[str] = set()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if not name.endswith(".xml"):
                continue
            root = etree.fromstring(z.read(name))
            found.update(
                (t.text or "").split()[0]
                for t in root.iter(f"{W}instrText")
                if (t.text or "").split()
            )
            found.update(
                (f.get(f"{W}instr") or "").split()[0]
                for f in root.iter(f"{W}fldSimple")
                if (f.get(f"{W}instr") or "").split()
            )
    return found


def test_document_properties() -> None:
    data = render_bytes(sample_policy()).data
    core = Document(io.BytesIO(data)).core_properties
    assert core.title == "Community Cohesion Policy"
    assert core.subject == "community-cohesion"
    assert core.created.year == 2016 and core.modified.year == 2018  # from the policy
    custom = read_docx(io.BytesIO(data)).custom
    assert custom["Policy kind"] == "community-cohesion"
    assert custom["Approved"] == "September 2016"
    assert custom["Review due"] == "September 2019"
    assert custom["Review due by"].startswith("2019-09-30")


def test_same_policy_same_bytes() -> None:
    first = render_bytes(sample_policy()).data
    assert render_bytes(sample_policy()).data == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert "docProps/thumbnail.jpeg" not in [i.filename for i in infos]


def test_text_is_escaped_not_interpreted() -> None:
    policy = sample_policy()
    policy.sections[0].blocks[0] = Paragraph(text="<w:p>&amp; {{ school }} </w:t>")
    back = parse(io.BytesIO(render_bytes(policy).data))
    assert back.sections[0].blocks[0] == Paragraph(text="<w:p>&amp; {{ school }} </w:t>")


def test_an_inferred_review_date_stays_inferred() -> None:
    policy = sample_policy()
    policy.review_due = inferred_review_due(policy)  # last review (Autumn 2018) + 12 months
    assert policy.review_due is not None and policy.review_due.text == "Autumn 2019"
    rendered = render_bytes(policy)
    back = parse(io.BytesIO(rendered.data))
    assert back.review_due == policy.review_due and back.review_due.inferred
    assert "Review date" not in _xml(rendered.data, "word/document.xml")  # not stated


def test_seed_policies_render_and_read_back() -> None:
    corpus = need_shared()
    for path in sorted((corpus / "policies").glob("*.docx")):
        policy = parse(path)
        rendered = render_bytes(policy)
        assert parse(io.BytesIO(rendered.data)) == policy, path.name
        assert rendered.warnings == [], path.name


# --------------------------------------------------------------------------- writing files


def test_render_writes_atomically_and_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "policy.docx"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    result = render(sample_policy(), target)
    assert result.path == target and target.read_bytes()[:2] == b"PK"
    assert oct(target.stat().st_mode & 0o777) == oct(0o640)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["policy.docx"]  # no temp left


def test_a_failed_render_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "policy.docx"
    target.write_bytes(b"old")
    with pytest.raises(RenderError):
        render(sample_policy(), target, template=tmp_path / "missing-house-style.docx")
    assert target.read_bytes() == b"old"


# --------------------------------------------------------------------------- house style


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00\x80\xff"))
        + chunk(b"IEND", b"")
    )


def make_house_style(path: Path, *, drop: tuple[str, ...] = (), header: str | None = None) -> Path:
    """A trust's reference document: its own fonts, margins, header, logo and body text."""
    document = Document()
    heading = document.styles["Heading 1"]
    heading.font.name = "Arial Black"
    heading.font.size = Pt(20)
    heading.font.color.rgb = RGBColor(0x80, 0x00, 0x20)
    section = document.sections[0]
    section.left_margin = Twips(2000)
    head = section.header.paragraphs[0]
    head.text = header or "Oakfield Learning Trust"
    head.add_run().add_picture(io.BytesIO(_png()))
    section.footer.paragraphs[0].text = "Registered in England, company 0123"
    document.add_paragraph("TEMPLATE BODY TEXT to be dropped")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "TEMPLATE TABLE TEXT"
    for name in drop:
        document.styles.element.remove(document.styles[name].element)
    document.save(str(path))
    return path


def test_house_style_keeps_header_fonts_margins_logo_and_drops_body(tmp_path: Path) -> None:
    house = make_house_style(tmp_path / "house.docx")
    rendered = render_bytes(sample_policy(), house)
    data = rendered.data
    everything = _all_xml(data)
    assert "TEMPLATE BODY TEXT" not in everything and "TEMPLATE TABLE TEXT" not in everything
    document = Document(io.BytesIO(data))
    assert document.styles["Heading 1"].font.name == "Arial Black"
    assert document.sections[0].left_margin == Twips(2000)
    header_text = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    assert "Oakfield Learning Trust" in header_text
    assert "St Mary’s C of E Primary School" in header_text
    footer_text = "\n".join(p.text for p in document.sections[0].footer.paragraphs)
    assert "Registered in England" in footer_text and "Next review: September 2019" in footer_text
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert any(n.startswith("word/media/") for n in z.namelist())  # the logo
    assert parse(io.BytesIO(data)) == sample_policy()
    assert rendered.warnings == []


def test_a_style_the_house_style_lacks_is_added_with_a_warning(tmp_path: Path) -> None:
    house = make_house_style(tmp_path / "house.docx", drop=("List Bullet 3", "Title"))
    rendered = render_bytes(sample_policy(), house)
    assert any("'List Bullet 3'" in w for w in rendered.warnings)
    assert any("'Title'" in w for w in rendered.warnings)
    document = Document(io.BytesIO(rendered.data))
    assert style_name(document.paragraphs[0]) == "Title"
    assert parse(io.BytesIO(rendered.data)) == sample_policy()


def test_placeholders_in_the_house_style_header_are_filled(tmp_path: Path) -> None:
    house = make_house_style(tmp_path / "house.docx", header="{{ school }}: {{ title }}")
    document = Document(io.BytesIO(render_bytes(sample_policy(), house).data))
    header = [p.text for p in document.sections[0].header.paragraphs]
    assert header[0] == "St Mary’s C of E Primary School: Community Cohesion Policy"
    assert len(header) == 1  # filled, so no second line of ours


def test_a_house_style_that_is_not_a_docx_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "house.docx"
    bad.write_text("not a zip")
    with pytest.raises(RenderError, match=r"house\.docx"):
        render_bytes(sample_policy(), bad)


# --------------------------------------------------------------------------- the command


def test_render_command_reads_yaml_with_short_forms(tmp_path: Path) -> None:
    source = tmp_path / "policy.yaml"
    source.write_text(
        "title: Community Cohesion Policy\n"
        "school: Oak Academy\n"
        "approved: 2026-09-01\n"
        "review_due: Autumn 2027\n"
        "reviews: [Spring 2027]\n"
        "sections:\n"
        "  - heading: Rationale\n"
        '    blocks: ["We value everyone.", {items: [a, {text: b, items: [c]}]}]\n'
        "    sections: [{heading: Context, blocks: [{rows: [[x, 1], [y, 2]]}]}]\n"
        "  - heading: Aims\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(main, ["render", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    policy = parse(out)
    assert policy.school == "Oak Academy" and policy.approved is not None
    assert policy.approved.text == "1 September 2026"
    assert policy.review_due is not None and policy.review_due.text == "Autumn 2027"
    assert [s.id for s in policy.sections] == ["rationale", "aims"]
    assert policy.sections[0].sections[0].level == 2
    assert policy.sections[0].blocks[1] == ListBlock(
        items=[ListItem(text="a"), ListItem(text="b", items=[ListItem(text="c")])]
    )


def test_render_command_takes_parse_json(tmp_path: Path) -> None:
    source = tmp_path / "policy.json"
    source.write_text(json.dumps(sample_policy().model_dump(mode="json")), encoding="utf-8")
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(main, ["render", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert parse(out) == sample_policy()


@pytest.mark.parametrize(
    "content, message",
    [
        ("title: [unclosed", "not valid YAML"),
        ("approved: next week\n", "approved: 'next week' is not a date"),
        ("sections: [{blocks: []}]\n", "heading"),
        ("- a list\n", "mapping"),
    ],
)
def test_render_command_reports_a_bad_source(tmp_path: Path, content: str, message: str) -> None:
    source = tmp_path / "policy.yaml"
    source.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(source), "-o", str(tmp_path / "o.docx")])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "o.docx").exists()


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "policy.docx"
    target.write_bytes(b"old")

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(RenderError, match="No space left"):
        render(sample_policy(), target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["policy.docx"]


def test_writing_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="cannot write"):
        render(sample_policy(), tmp_path / "no" / "such" / "policy.docx")


def test_a_heading_that_names_another_section_is_warned_about() -> None:
    policy = sample_policy()
    policy.sections[1].heading = "Things we hope for"  # id stays "aims"
    warnings = render_bytes(policy).warnings
    assert any("'Things we hope for' reads back as section None, not 'aims'" in w for w in warnings)


def test_render_warnings_are_messages_with_codes_like_the_readers() -> None:
    policy = sample_policy()
    policy.sections[1].heading = "Things we hope for"
    policy.kind = "no-such-kind"
    messages = render_bytes(policy).messages
    codes = [m.code for m in messages]
    assert "render.unknown-kind" in codes and "render.heading-reads-as-another-section" in codes
    assert all(m.code.startswith("render.") and m.text and not m.unread for m in messages)
    assert [m.text for m in messages] == render_bytes(policy).warnings


def test_a_house_style_using_a_built_in_id_for_its_own_style(tmp_path: Path) -> None:
    """A trust's custom style that took the id "Title": Word's Title is added beside it."""
    document = Document()
    document.styles["Title"].element.find(f"{W}name").set(f"{W}val", "Trust Banner")
    path = tmp_path / "house.docx"
    document.save(str(path))
    rendered = render_bytes(sample_policy(), path)
    assert any("'Title'" in w for w in rendered.warnings)
    assert style_name(Document(io.BytesIO(rendered.data)).paragraphs[0]) == "Title"
    assert parse(io.BytesIO(rendered.data)) == sample_policy()
