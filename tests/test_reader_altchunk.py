"""``w:altChunk``: HTML and MHT parts read as blocks in document order; others reported.

Documents made with python-docx (the chunk part and its relationship added as
a program assembling policies does) and raw packages for hostile input; an
embedded Word document is also checked against LibreOffice's merge of it
(LibreOffice drops an HTML altChunk when it opens such a file, so no round trip
exists for HTML).
"""

from __future__ import annotations

import email.policy
import io
from email.message import EmailMessage
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from policykit.checking import check
from policykit.docx import altchunk
from policykit.docx.blocks import DocTable
from policykit.docx.reader import read_docx
from policykit.parsing import parse_document

from .docgen.shapes import NS, package

HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>ignored title</title>
<style>p { color: red }</style><script>document.write("never read")</script></head>
<body>
<h1>Attendance Policy</h1>
<p>Approved by governors: 12 October 2025</p>
<p>Next review: October 2026</p>
<h2>Aims</h2>
<p>We expect every pupil to attend every day&nbsp;&amp; on time.</p>
<ul><li>Pupils arrive by 8.45am.</li><li>Parents call on the first day of absence.
  <ul><li>Before 9.30am.</li></ul></li></ul>
<h2>Procedures</h2>
<div>Registers are taken <b>twice</b> a day.<br>The office follows up absences.</div>
<table><tr><th>Role</th><th>Name</th></tr><tr><td>Attendance lead</td><td>Deputy Head</td></tr>
</table>
<img src="http://example.invalid/tracker.png" alt="">
</body></html>
"""

EXPECTED = [
    "Before the imported part.",
    "Attendance Policy",
    "Approved by governors: 12 October 2025",
    "Next review: October 2026",
    "Aims",
    "We expect every pupil to attend every day & on time.",
    "Pupils arrive by 8.45am.",
    "Parents call on the first day of absence.",
    "Before 9.30am.",
    "Procedures",
    "Registers are taken twice a day.\nThe office follows up absences.",
    "Role",
    "Name",
    "Attendance lead",
    "Deputy Head",
    "After the imported part.",
]

HTML_TYPE = "text/html"
MHT_TYPE = "message/rfc822"


def _with_chunk(data: bytes, name: str, content_type: str) -> bytes:
    """A python-docx document with an altChunk part between two paragraphs."""
    document = docx.Document()
    document.add_paragraph("Before the imported part.")
    after = document.add_paragraph("After the imported part.")
    part = Part(PackURI(f"/word/{name}"), content_type, data, document.part.package)
    rel_id = document.part.relate_to(part, RT.A_F_CHUNK)
    after._p.addprevious(parse_xml(f'<w:altChunk {NS} r:id="{rel_id}"/>'))  # type: ignore[arg-type]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _mht(html: str) -> bytes:
    message = EmailMessage(policy=email.policy.default)
    message["MIME-Version"] = "1.0"
    message.set_content(html, subtype="html", cte="quoted-printable")
    message.make_related()
    message.add_related(b"\x89PNG not an image", "image", "png", cid="<image001>")
    return message.as_bytes()


def _texts(data: bytes) -> list[str]:
    return [p.text for p in read_docx(io.BytesIO(data)).paragraphs()]


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (HTML.encode("utf-8"), "afchunk.htm", HTML_TYPE),
        (_mht(HTML), "afchunk.mht", MHT_TYPE),
    ],
    ids=["html", "mht"],
)
def test_html_and_mht_chunks_are_read_as_blocks_in_document_order(
    data: bytes, name: str, content_type: str
) -> None:
    made = _with_chunk(data, name, content_type)
    doc = read_docx(io.BytesIO(made))
    assert [p.text for p in doc.paragraphs()] == EXPECTED
    assert [p.index for p in doc.paragraphs()] == list(range(len(EXPECTED)))
    levels = {p.text: p.heading_level for p in doc.paragraphs() if p.heading_level}
    assert levels == {"Attendance Policy": 1, "Aims": 2, "Procedures": 2}
    items = {p.text: p.list_level for p in doc.paragraphs() if p.list_level is not None}
    assert items == {
        "Pupils arrive by 8.45am.": 0,
        "Parents call on the first day of absence.": 0,
        "Before 9.30am.": 1,
    }
    tables = [b for b in doc.body if isinstance(b, DocTable)]
    assert [t.text_rows() for t in tables] == [
        [["Role", "Name"], ["Attendance lead", "Deputy Head"]]
    ]
    assert doc.stats.lost == 0
    assert [m.code for m in doc.messages] == ["reader.alt-chunk-read"]
    assert not any(m.unread for m in doc.messages)


def test_an_html_chunk_policy_parses_and_checks_clean_of_pk005(tmp_path: Path) -> None:
    made = _with_chunk(HTML.encode("utf-8"), "afchunk.htm", HTML_TYPE)
    policy = parse_document(io.BytesIO(made)).policy
    assert policy.title == "Attendance Policy"
    assert policy.approved is not None and policy.approved.text == "12 October 2025"
    assert policy.review_due is not None and policy.review_due.text == "October 2026"
    assert [s.heading for s in policy.sections] == ["Aims", "Procedures"]
    path = tmp_path / "attendance.docx"
    path.write_bytes(made)
    codes = [f.code for f in check([path], as_of="2026-01-10").documents[0].findings]
    assert "PK005" not in codes


def test_an_rtf_chunk_is_reported_naming_what_was_not_read(tmp_path: Path) -> None:
    made = _with_chunk(rb"{\rtf1\ansi Our aims are these.}", "afchunk.rtf", "application/rtf")
    doc = read_docx(io.BytesIO(made))
    assert [p.text for p in doc.paragraphs()] == [EXPECTED[0], EXPECTED[-1]]
    [message] = doc.messages
    assert message.unread and message.code == "reader.alt-chunk"
    assert "afchunk.rtf" in message.text and "application/rtf" in message.text
    path = tmp_path / "rtf.docx"
    path.write_bytes(made)
    found = [f for f in check([path], as_of="2026-01-10").documents[0].findings]
    assert [f.code for f in found if f.code == "PK005"] == ["PK005"]


def test_hostile_html_fetches_nothing_and_resolves_no_entity(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret", encoding="utf-8")
    html = (
        f'<!DOCTYPE html [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>'
        f'<html><body><p>Text &leak; here.</p><iframe src="{secret.as_uri()}"></iframe>'
        f'<object data="{secret.as_uri()}">x</object><p>End.</p></body></html>'
    )
    texts = _texts(_with_chunk(html.encode("utf-8"), "afchunk.htm", HTML_TYPE))
    assert not any("secret" in t for t in texts)
    assert "End." in texts


def test_a_missing_or_oversized_chunk_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    body = "<w:p><w:r><w:t>Kept.</w:t></w:r></w:p><w:altChunk r:id='rIdGone'/>"
    doc = read_docx(io.BytesIO(package(body, {}, [])))
    assert [p.text for p in doc.paragraphs()] == ["Kept."]
    assert [m.code for m in doc.messages if m.unread] == ["reader.alt-chunk"]
    monkeypatch.setattr(altchunk, "MAX_CHUNK_BYTES", len(HTML) - 1)
    big = HTML.encode("utf-8")
    doc = read_docx(io.BytesIO(_with_chunk(big, "big.htm", HTML_TYPE)))
    [message] = [m for m in doc.messages if m.unread]
    assert "larger than" in message.text


def test_paragraph_indices_after_a_chunk_match_the_elements_editing_uses() -> None:
    from policykit.docx.package import open_package
    from policykit.docx.reader import paragraph_elements
    from policykit.docx.xml import normalise_strict

    made = _with_chunk(HTML.encode("utf-8"), "afchunk.htm", HTML_TYPE)
    doc = read_docx(io.BytesIO(made))
    with open_package(io.BytesIO(made)) as pkg:
        root = normalise_strict(pkg.xml(pkg.main_part()))
        elements = paragraph_elements(pkg, root)
    assert len(elements) == len(doc.paragraphs())
    assert elements[0] and elements[-1]  # the main part's own paragraphs
    assert all(not e for e in elements[1:-1])  # the chunk's: no w:p of the main part


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _inner_docx() -> bytes:
    document = docx.Document()
    document.add_heading("Attendance Policy", 1)
    document.add_paragraph("Approved by governors: 12 October 2025")
    document.add_heading("Aims", 2)
    document.add_paragraph("Every pupil attends every day.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Attendance lead"
    table.cell(0, 1).text = "Deputy Head"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_an_embedded_word_document_is_read_in_place() -> None:
    made = _with_chunk(_inner_docx(), "chunk.docx", DOCX_TYPE)
    doc = read_docx(io.BytesIO(made))
    assert [p.text for p in doc.paragraphs()] == [
        "Before the imported part.",
        "Attendance Policy",
        "Approved by governors: 12 October 2025",
        "Aims",
        "Every pupil attends every day.",
        "Attendance lead",
        "Deputy Head",
        "After the imported part.",
    ]
    assert [p.index for p in doc.paragraphs()] == list(range(8))
    assert {p.text: p.heading_level for p in doc.paragraphs() if p.heading_level} == {
        "Attendance Policy": 1,
        "Aims": 2,
    }
    assert not [m for m in doc.messages if m.unread]
    policy = parse_document(io.BytesIO(made)).policy
    assert policy.approved is not None and policy.approved.text == "12 October 2025"


def test_embedding_is_followed_two_deep_and_a_broken_document_is_reported() -> None:
    deep = _inner_docx()
    for _ in range(3):
        deep = _with_chunk(deep, "chunk.docx", DOCX_TYPE)
    doc = read_docx(io.BytesIO(deep))
    texts = [p.text for p in doc.paragraphs()]
    assert texts.count("Before the imported part.") == 3  # the outer one and two embedded
    assert "Attendance Policy" not in texts
    [message] = [m for m in doc.messages if m.unread]
    assert "more than 2 deep" in message.text
    broken = read_docx(io.BytesIO(_with_chunk(b"PK\x03\x04 not a zip", "chunk.docx", DOCX_TYPE)))
    [message] = [m for m in broken.messages if m.unread]
    assert "chunk.docx" in message.text and "embedded Word document" in message.text


@pytest.mark.slow
def test_an_embedded_word_document_reads_as_libreoffice_merges_it(tmp_path: Path) -> None:
    """LibreOffice merges an embedded .docx chunk into the body (it drops HTML ones):
    the chunked file and LibreOffice's merged copy read the same."""
    from .producers import libreoffice_convert

    source = tmp_path / "chunked.docx"
    source.write_bytes(_with_chunk(_inner_docx(), "chunk.docx", DOCX_TYPE))
    merged = libreoffice_convert([source], tmp_path / "out")[source.name]
    ours = [p.text for p in read_docx(source).paragraphs()]
    assert ours == [p.text for p in read_docx(merged).paragraphs()]
    assert "Every pupil attends every day." in ours


WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><body lang=EN-GB>
<div class=WordSection1>
<p class=MsoTitle><span style='font-size:26.0pt'>Attendance Policy</span></p>
<p class=MsoNormal style='mso-outline-level:1'><b>Aims<o:p></o:p></b></p>
<p class=MsoNormal><span style='font-size:11.0pt'>Every pupil attends every day.</span></p>
<p class=MsoNormal><b><span style="font-size:16px">Contacts</span></b></p>
</div></body></html>"""


def test_word_saved_html_title_outline_levels_and_sizes() -> None:
    doc = read_docx(io.BytesIO(_with_chunk(WORD_HTML.encode("utf-8"), "c.htm", HTML_TYPE)))
    found = {
        p.text: (p.is_title, p.heading_level, p.font_size)
        for p in doc.paragraphs()
        if p.text not in (EXPECTED[0], EXPECTED[-1])
    }
    assert found == {
        "Attendance Policy": (True, None, 26.0),
        "Aims": (False, 1, None),
        "Every pupil attends every day.": (False, None, 11.0),
        "Contacts": (False, None, 12.0),
    }
