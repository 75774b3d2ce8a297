"""OpenDocument text (.odt) policies are read like Word ones (issue 13 item 6).

The same policy saved as .odt by LibreOffice, or written by pandoc, parses
to the same model as its .docx: metadata, sections, blocks. Hand-made .odt
files hold each feature a school's file can: headings by outline level,
bold and size, lists, merged and repeated table cells, headers and footers
on master pages, properties in meta.xml, comments (suppressions), notes.
Hostile ones meet the Word reader's limits (zip bombs, entities, depth).
"""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policykit.cli import main
from policykit.docx.blocks import DocParagraph, DocTable
from policykit.errors import DocumentError
from policykit.odt import read_document, read_odt
from policykit.parsing import parse
from tests.conftest import need_tool
from tests.docgen import Case
from tests.docgen.fixtures import generated_policies  # noqa: F401  (a session fixture)
from tests.edit_helpers import convert

AS_OF = "2026-11-22"
NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
)
MIMETYPE = "application/vnd.oasis.opendocument.text"

STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {NS} office:version="1.3"><office:styles>
<style:default-style style:family="paragraph"><style:text-properties fo:font-size="11pt"/>
</style:default-style>
<style:style style:name="Standard" style:family="paragraph"/>
<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard">
<style:text-properties fo:font-size="14pt"/></style:style>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
 style:parent-style-name="Heading" style:default-outline-level="1">
<style:text-properties fo:font-size="130%" fo:font-weight="bold"/></style:style>
<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Heading">
<style:paragraph-properties fo:text-align="center"/></style:style>
<style:style style:name="Strong_20_Emphasis" style:display-name="Strong Emphasis"
 style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
</office:styles>
<office:automatic-styles>
<style:style style:name="MP1" style:family="paragraph" style:parent-style-name="Standard"/>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard">
<style:header><text:p text:style-name="MP1">Oakfield Primary School</text:p></style:header>
<style:footer><text:p text:style-name="MP1">Next review: September 2027</text:p></style:footer>
<style:footer-left style:display="false"><text:p>hidden footer</text:p></style:footer-left>
</style:master-page></office:master-styles></office:document-styles>"""

META = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta {NS} office:version="1.3"><office:meta>
<dc:title>Community Cohesion Policy</dc:title><dc:subject>Community cohesion</dc:subject>
<meta:initial-creator>Ms A Khan</meta:initial-creator><dc:creator>Mr B Lee</dc:creator>
<meta:creation-date>2026-09-01T10:00:00</meta:creation-date><dc:date>2026-09-02T11:00:00</dc:date>
<meta:keyword>policy</meta:keyword><meta:keyword>cohesion</meta:keyword>
<meta:user-defined meta:name="Review owner">Deputy Head</meta:user-defined>
</office:meta></office:document-meta>"""

AUTOMATIC = """<office:automatic-styles>
<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard">
<style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="P2" style:family="paragraph" style:parent-style-name="Heading_20_1"/>
<style:style style:name="T1" style:family="text"><style:text-properties fo:font-style="italic"/>
</style:style>
<style:style style:name="T2" style:family="text"><style:text-properties text:display="none"/>
</style:style>
<text:list-style style:name="L1">
<text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"/>
<text:list-level-style-bullet text:level="2" text:bullet-char="•"/>
</text:list-style></office:automatic-styles>"""

BODY = """<text:sequence-decls><text:sequence-decl text:name="Table"/></text:sequence-decls>
<text:tracked-changes><text:changed-region text:id="c1"><text:deletion>
<text:p>Deleted wording about the SEF</text:p></text:deletion></text:changed-region>
</text:tracked-changes>
<text:p text:style-name="Title">Community Cohesion Policy</text:p>
<text:p text:style-name="Standard">Approved by governors: <text:span
 text:style-name="T1">1 September
 2026</text:span><text:span text:style-name="T2"> secret</text:span></text:p>
<text:h text:style-name="P2" text:outline-level="1">Aims</text:h>
<text:p text:style-name="Standard">We<text:s text:c="2"/>aim to<text:tab/>help.<text:note
 text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation>
<text:note-body><text:p>Education and Inspections Act 2006.</text:p></text:note-body>
</text:note></text:p>
<text:list text:style-name="L1"><text:list-item><text:p>First aim</text:p>
<text:list><text:list-item><text:p>A detail</text:p></text:list-item></text:list></text:list-item>
<text:list-item><text:p>Second aim</text:p></text:list-item></text:list>
<text:section text:name="S1"><text:h text:outline-level="2">Our contribution</text:h>
<text:p text:style-name="P1">Bold line<office:annotation><dc:creator>Ms A Khan</dc:creator>
<text:p>policykit: ignore PK401 kept on purpose</text:p></office:annotation></text:p></text:section>
<table:table table:name="History"><table:table-column table:number-columns-repeated="3"/>
<table:table-header-rows><table:table-row><table:table-cell table:number-columns-spanned="2">
<text:p>Review history</text:p></table:table-cell><table:covered-table-cell/>
<table:table-cell><text:p>Signed</text:p></table:table-cell></table:table-row>
</table:table-header-rows>
<table:table-row><table:table-cell><text:p>Autumn 2025</text:p></table:table-cell>
<table:table-cell table:number-columns-repeated="2"><text:p>x</text:p></table:table-cell>
</table:table-row></table:table>
<text:h text:outline-level="1">Monitoring and review</text:h>
<text:p>The policy is reviewed annually.</text:p>"""


def content(body: str = BODY, automatic: str = AUTOMATIC) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS} '
        f'office:version="1.3">{automatic}<office:body><office:text>{body}'
        "</office:text></office:body></office:document-content>"
    )


def odt_bytes(parts: dict[str, str | bytes] | None = None, mimetype: str = MIMETYPE) -> bytes:
    """An .odt: the mimetype stored first, then the parts (defaults: the sample above)."""
    parts = (
        {"content.xml": content(), "styles.xml": STYLES, "meta.xml": META}
        if parts is None
        else parts
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), mimetype, zipfile.ZIP_STORED)
        for name, data in parts.items():
            zf.writestr(name, data)
    return out.getvalue()


# --------------------------------------------------------------------------- made by hand


def test_headings_runs_lists_tables_and_notes_are_read() -> None:
    doc = read_odt(io.BytesIO(odt_bytes()))
    paragraphs = doc.paragraphs()
    texts = [p.text for p in paragraphs]
    assert "Deleted wording about the SEF" not in " ".join(texts)  # a tracked deletion
    title = paragraphs[0]
    assert title.is_title and title.alignment == "center" and title.font_size == 14.0
    approved = paragraphs[1]
    assert approved.text == "Approved by governors: 1 September 2026"  # hidden text left out
    assert [r.italic for r in approved.runs] == [False, True]
    aims = paragraphs[2]
    assert (aims.text, aims.heading_level, aims.style_name) == ("Aims", 1, "Heading 1")
    assert aims.bold and aims.font_size == pytest.approx(14.0 * 1.3)
    spaced = paragraphs[3]
    assert spaced.text == "We  aim to\thelp."
    assert [(n.kind, n.text) for n in spaced.notes] == [
        ("footnote", "Education and Inspections Act 2006.")
    ]
    items = [(p.text, p.list_level, p.list_ordered, p.list_label) for p in paragraphs[4:7]]
    assert items == [
        ("First aim", 0, True, "1."),
        ("A detail", 1, False, "•"),
        ("Second aim", 0, True, "2."),
    ]
    assert paragraphs[4].list_id == paragraphs[5].list_id == paragraphs[6].list_id
    assert (paragraphs[7].text, paragraphs[7].heading_level) == ("Our contribution", 2)
    assert paragraphs[8].bold and paragraphs[8].text == "Bold line"
    assert [p.index for p in paragraphs] == list(range(len(paragraphs)))
    table = next(b for b in doc.body if isinstance(b, DocTable))
    assert table.text_rows() == [["Review history", "Signed"], ["Autumn 2025", "x", "x"]]
    assert all(p.in_table for row in table.rows for c in row for p in c.blocks)  # type: ignore[union-attr]


def test_headers_footers_properties_and_comments() -> None:
    doc = read_odt(io.BytesIO(odt_bytes()))
    assert [[b.text for b in h if isinstance(b, DocParagraph)] for h in doc.headers] == [
        ["Oakfield Primary School"]
    ]
    assert [[b.text for b in f if isinstance(b, DocParagraph)] for f in doc.footers] == [
        ["Next review: September 2027"]
    ]
    assert doc.core["title"] == "Community Cohesion Policy"
    assert doc.core["creator"] == "Ms A Khan" and doc.core["lastModifiedBy"] == "Mr B Lee"
    assert doc.core["keywords"] == "policy, cohesion"
    assert doc.core["created"] == "2026-09-01T10:00:00"
    assert doc.custom == {"Review owner": "Deputy Head"}
    [comment] = doc.comments
    assert comment.author == "Ms A Khan"
    assert comment.text == "policykit: ignore PK401 kept on purpose"
    bold_line = next(p for p in doc.paragraphs() if p.text == "Bold line")
    assert comment.paragraphs == (bold_line.index,)


def test_an_odt_policy_is_recognised_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "Community Cohesion.odt"
    path.write_bytes(odt_bytes())
    policy = parse(path)
    assert policy.kind == "community-cohesion"
    assert policy.title == "Community Cohesion Policy"
    assert policy.school == "Oakfield Primary School"
    assert policy.approved is not None and policy.approved.text == "1 September 2026"
    assert policy.review_due is not None and policy.review_due.text == "September 2027"
    assert [s.id for s in policy.sections] == ["aims", "review"]
    result = CliRunner().invoke(
        main, ["check", str(path), "--format", "json", "--as-of", AS_OF, "--no-cache"]
    )
    document = json.loads(result.output)["documents"][0]
    assert document["error"] is None  # not "damaged"
    assert document["kind"] == "community-cohesion"
    assert {f["code"] for f in document["findings"]} >= {"PK101"}


def test_read_document_tells_the_formats_apart_by_content(tmp_path: Path) -> None:
    renamed = tmp_path / "policy.docx"
    renamed.write_bytes(odt_bytes())  # an .odt saved with the wrong extension
    assert read_document(renamed).core["title"] == "Community Cohesion Policy"
    docx = Path(__file__).resolve().parents[1] / "examples" / "wootton-park.docx"
    assert read_document(docx).paragraphs()
    with pytest.raises(DocumentError, match="not an OpenDocument package"):
        read_odt(docx)


def _error(data: bytes) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        read_odt(io.BytesIO(data))
    return caught.value


def test_not_a_text_document_and_encrypted_files_say_so() -> None:
    sheet = _error(odt_bytes(mimetype="application/vnd.oasis.opendocument.spreadsheet"))
    assert sheet.code == "PK001" and "spreadsheet" in sheet.message
    manifest = (
        f'<?xml version="1.0"?><manifest:manifest {NS}><manifest:file-entry '
        'manifest:full-path="content.xml"><manifest:encryption-data manifest:checksum="x"/>'
        "</manifest:file-entry></manifest:manifest>"
    )
    locked = _error(odt_bytes({"META-INF/manifest.xml": manifest, "content.xml": b"\x93\x11"}))
    assert locked.code == "PK003" and "password" in locked.message
    assert _error(odt_bytes({"styles.xml": STYLES})).code == "PK001"  # no content.xml


def test_hostile_odt_files_meet_the_word_readers_limits(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE office:document-content [<!ENTITY leak SYSTEM '
        f'"{secret.as_uri()}">]>' + content("<text:p>&leak;</text:p>").split("?>", 1)[1]
    )
    error = _error(odt_bytes({"content.xml": xxe}))
    assert error.code == "PK001" and "TOP-SECRET" not in error.message
    deep = content("<text:section>" * 400 + "<text:p>deep</text:p>" + "</text:section>" * 400)
    assert _error(odt_bytes({"content.xml": deep})).code == "PK004"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE)
        with zf.open("content.xml", "w", force_zip64=True) as part:
            for _ in range(80):
                part.write(b" " * 1024 * 1024)
    bomb = _error(out.getvalue())
    assert bomb.code == "PK004" and "zip bomb" in bomb.message
    many = content("<text:p>x</text:p>" * 200_001)
    assert _error(odt_bytes({"content.xml": many})).code == "PK004"


def test_repeated_cells_and_rows_are_bounded() -> None:
    body = (
        '<table:table><table:table-row table:number-rows-repeated="1048576">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
        "</table:table><text:p>after</text:p>"
    )
    doc = read_odt(io.BytesIO(odt_bytes({"content.xml": content(body)})))
    table = doc.body[0]
    assert isinstance(table, DocTable)
    assert len(table.rows) <= 64 and all(len(row) <= 64 for row in table.rows)
    assert doc.paragraphs()[-1].text == "after"


# --------------------------------------------------------------------------- real producers


def _model(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = parse(path).model_dump(mode="json")
    return data


def _flat(value: Any, path: str = "") -> dict[str, Any]:
    """``{"a": [{"b": 1}]}`` -> ``{"/a/0/b": 1}``: a difference shows where it is."""
    if isinstance(value, dict):
        return {
            k: v for key, item in value.items() for k, v in _flat(item, f"{path}/{key}").items()
        }
    if isinstance(value, list):
        return {k: v for i, item in enumerate(value) for k, v in _flat(item, f"{path}/{i}").items()}
    return {path: value}


def _differences(expected: dict[str, Any], got: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    a, b = _flat(expected), _flat(got)
    return [(k, a.get(k), b.get(k)) for k in sorted(a.keys() | b.keys()) if a.get(k) != b.get(k)]


def _some(cases: list[Case], per_producer: int = 3) -> list[Case]:
    chosen: list[Case] = []
    for producer in ("python-docx", "libreoffice", "pandoc"):
        chosen.extend([c for c in cases if c.producer == producer][:per_producer])
    return chosen


@pytest.mark.slow
def test_libreoffice_odt_parses_as_its_docx(  # type: ignore[no-untyped-def]
    tmp_path: Path,
    generated_policies,  # noqa: F811
) -> None:
    soffice = need_tool("soffice")
    cases = _some(generated_policies)
    assert cases
    out = tmp_path / "odt"
    out.mkdir()
    convert(soffice, [c.path for c in cases], out, tmp_path / "lo-profile", "odt")
    for case in cases:
        odt = out / (case.path.stem + ".odt")
        assert zipfile.ZipFile(odt).read("mimetype") == MIMETYPE.encode()
        assert _differences(_model(case.path), _model(odt)) == [], case.path.name


@pytest.mark.slow
def test_pandoc_odt_parses_as_its_docx(  # type: ignore[no-untyped-def]
    tmp_path: Path,
    generated_policies,  # noqa: F811
) -> None:
    pandoc = need_tool("pandoc")
    # pandoc's own documents (from markdown): pandoc keeps no headers or footers, so a
    # policy keeping its dates there would lose them in the conversion, not in the reader.
    cases = [c for c in generated_policies if c.producer == "pandoc"][:6]
    assert cases
    for case in cases:
        odt = tmp_path / (case.path.stem + ".odt")
        subprocess.run([pandoc, str(case.path), "-t", "odt", "-o", str(odt)], check=True)
        expected, got = _model(case.path), _model(odt)
        assert _differences(expected, got) == [], case.path.name
        assert got["title"] and got["sections"], case.path.name


def test_an_odt_cannot_be_annotated_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "policy.odt"
    path.write_bytes(odt_bytes())
    result = CliRunner().invoke(
        main, ["annotate", str(path), "-o", str(tmp_path / "out.odt"), "--as-of", AS_OF]
    )
    assert result.exit_code == 1
    assert "OpenDocument" in result.output and ".docx" in result.output
    assert not (tmp_path / "out.odt").exists()
