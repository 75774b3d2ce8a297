"""Hidden text through the style chain, w:specVanish, deleted text; LibreOffice and
pandoc files for hidden text and drop caps.

A character or paragraph style with ``w:vanish`` hides every run using it unless
the run itself says ``w:vanish w:val="0"``; such text is never content or a date,
and the self-check still balances.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest

from policykit.docx.reader import read_docx
from policykit.parsing import parse_document

from .conftest import need_tool
from .docgen.shapes import NS, package
from .producers import fodt, libreoffice_docx

STYLES = (
    f"<w:styles {NS}>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    "</w:style>"
    '<w:style w:type="character" w:styleId="Secret"><w:name w:val="Secret"/>'
    "<w:rPr><w:vanish/></w:rPr></w:style>"
    '<w:style w:type="character" w:styleId="SecretToo"><w:name w:val="Secret Too"/>'
    '<w:basedOn w:val="Secret"/><w:rPr><w:b/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="DraftNote"><w:name w:val="Draft Note"/>'
    '<w:basedOn w:val="Normal"/><w:rPr><w:specVanish/></w:rPr></w:style>'
    "</w:styles>"
)


def _read(body: str) -> tuple[list[str], int]:
    data = package(body, {"word/styles.xml": STYLES}, [("rIdS", "styles", "styles.xml")])
    doc = read_docx(io.BytesIO(data))
    return [p.text for p in doc.paragraphs()], doc.stats.lost


def _run(text: str, rpr: str = "") -> str:
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def test_text_hidden_by_a_character_style_or_its_base_is_not_read() -> None:
    texts, lost = _read(
        "<w:p>"
        + _run("Next review: ")
        + _run("May 2019 ", '<w:rPr><w:rStyle w:val="Secret"/></w:rPr>')
        + _run("June 2020 ", '<w:rPr><w:rStyle w:val="SecretToo"/></w:rPr>')
        + _run("May 2027")
        + "</w:p>"
    )
    assert texts == ["Next review: May 2027"]
    assert lost == 0


def test_a_hidden_paragraph_style_hides_its_runs_unless_a_run_shows_itself() -> None:
    texts, lost = _read(
        '<w:p><w:pPr><w:pStyle w:val="DraftNote"/></w:pPr>'
        + _run("Drafting note: approved 1 January 2001.")
        + "</w:p>"
        '<w:p><w:pPr><w:pStyle w:val="DraftNote"/></w:pPr>'
        + _run("Shown: ", '<w:rPr><w:vanish w:val="0"/></w:rPr>')
        + _run("hidden")
        + "</w:p>"
        + "<w:p>"
        + _run("Visible.")
        + "</w:p>"
    )
    assert texts == ["", "Shown: ", "Visible."]
    assert lost == 0


def test_direct_spec_vanish_hides_and_deleted_text_is_never_content() -> None:
    texts, lost = _read(
        "<w:p>"
        + _run("Approved: ")
        + _run("2 February 2002 ", "<w:rPr><w:specVanish/></w:rPr>")
        + '<w:del w:id="1" w:author="A"><w:r><w:delText>3 March 2003 </w:delText></w:r></w:del>'
        + '<w:ins w:id="2" w:author="A">'
        + _run("4 April 2024")
        + "</w:ins></w:p>"
    )
    assert texts == ["Approved: 4 April 2024"]
    assert lost == 0


def test_hidden_dates_never_become_the_policy_dates() -> None:
    body = (
        "<w:p>" + _run("Attendance Policy") + "</w:p>"
        "<w:p>"
        + _run("Approved by governors: ")
        + _run("1 March 2010", '<w:rPr><w:rStyle w:val="Secret"/></w:rPr>')
        + "</w:p>"
        '<w:p><w:pPr><w:pStyle w:val="DraftNote"/></w:pPr>'
        + _run("Next review: Summer 2012")
        + "</w:p>"
    )
    data = package(body, {"word/styles.xml": STYLES}, [("rIdS", "styles", "styles.xml")])
    policy = parse_document(io.BytesIO(data)).policy
    assert policy.approved is None and policy.review_due is None
    assert "2010" not in policy.model_dump_json() and "2012" not in policy.model_dump_json()


HIDDEN_FODT = fodt(
    "<text:p>Attendance Policy</text:p>"
    '<text:p>Next review: <text:span text:style-name="Secret">January 2019 </text:span>'
    "September 2027</text:p>"
    '<text:p text:style-name="Draft">Drafting note: adopted 5 May 2005.</text:p>'
    '<text:p text:style-name="Cap">The governing body reviews this policy.</text:p>',
    styles=(
        '<style:style style:name="Secret" style:family="text">'
        '<style:text-properties text:display="none"/></style:style>'
        '<style:style style:name="Draft" style:family="paragraph">'
        '<style:text-properties text:display="none"/></style:style>'
        '<style:style style:name="Cap" style:family="paragraph"><style:paragraph-properties>'
        '<style:drop-cap style:length="1" style:lines="3"/></style:paragraph-properties>'
        "</style:style>"
    ),
)


def _assert_shown_text(path: Path) -> None:
    """Only the shown text is read (the drop cap joined to its word), nothing lost."""
    doc = read_docx(path)
    texts = [p.text for p in doc.paragraphs() if p.text]
    assert texts == [
        "Attendance Policy",
        "Next review: September 2027",
        "The governing body reviews this policy.",
    ]
    assert doc.stats.lost == 0


@pytest.mark.slow
def test_libreoffice_hidden_styles_and_drop_cap(tmp_path: Path) -> None:
    made = libreoffice_docx({"hidden.fodt": HIDDEN_FODT}, tmp_path)
    _assert_shown_text(made["hidden.fodt"])
    policy = parse_document(made["hidden.fodt"]).policy
    assert policy.review_due is not None and policy.review_due.text == "September 2027"
    assert policy.approved is None


def _pandoc_reference(directory: Path) -> Path:
    """pandoc's reference.docx with a hidden character style "Secret"."""
    pandoc = need_tool("pandoc")
    data = subprocess.run(
        [pandoc, "--print-default-data-file", "reference.docx"], check=True, capture_output=True
    ).stdout
    out = directory / "reference.docx"
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "word/styles.xml":
                content = content.replace(
                    b"</w:styles>",
                    b'<w:style w:type="character" w:customStyle="1" w:styleId="Secret">'
                    b'<w:name w:val="Secret"/><w:rPr><w:vanish/></w:rPr></w:style></w:styles>',
                )
            dst.writestr(info, content)
    return out


def test_pandoc_hidden_text_by_style_and_raw_openxml_drop_cap(tmp_path: Path) -> None:
    reference = _pandoc_reference(tmp_path)
    markdown = (
        "Attendance Policy\n\n"
        'Next review: [January 2019 ]{custom-style="Secret"}September 2027\n\n'
        "```{=openxml}\n"
        '<w:p><w:pPr><w:framePr w:dropCap="drop" w:lines="3"/></w:pPr>'
        "<w:r><w:t>T</w:t></w:r></w:p>\n"
        "```\n\n"
        "he governing body reviews this policy.\n\n"
        "```{=openxml}\n"
        "<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>Approved 1 May 2001</w:t></w:r></w:p>\n"
        "```\n"
    )
    pandoc = need_tool("pandoc")
    out = tmp_path / "hidden.docx"
    md = tmp_path / "hidden.md"
    md.write_text(markdown, encoding="utf-8")
    subprocess.run(
        [
            pandoc,
            "-f",
            "markdown",
            "-t",
            "docx",
            "--reference-doc",
            str(reference),
            "-o",
            str(out),
            str(md),
        ],
        check=True,
        capture_output=True,
    )
    _assert_shown_text(out)
