"""The package's other parts (policykit.docx.reader): headers and footers, altChunk, custom
properties, Strict namespaces; reading twice gives the same blocks.

Split from the former tests/test_reader.py; documents come from :mod:`tests.readerdocs`.
"""

from __future__ import annotations

import io
import time
import zipfile

import docx

from policykit.docx.blocks import DocParagraph, DocTable

from .readerdocs import (
    W_NS,
    build_docx,
    by_text,
    para,
    python_docx_bytes,
    read,
    run,
    style,
    texts,
)


def test_headers_and_footers_with_fields_and_tables() -> None:
    header = (
        "<w:tbl><w:tr><w:tc>"
        + para("Wootton Park")
        + "</w:tc><w:tc><w:p>"
        + run("Page ")
        + "<w:fldSimple w:instr=' PAGE '>"
        + run("1")
        + "</w:fldSimple></w:p></w:tc></w:tr></w:tbl>"
    )
    footer = para("Next review: September 2025")
    doc = read(build_docx(para("Body"), headers=(header,), footers=(footer,)))
    assert len(doc.headers) == 1 and len(doc.footers) == 1
    table = doc.headers[0][0]
    assert isinstance(table, DocTable)
    assert table.text_rows() == [["Wootton Park", "Page 1"]]
    footer_para = doc.footers[0][0]
    assert isinstance(footer_para, DocParagraph)
    assert footer_para.text == "Next review: September 2025" and footer_para.index == -1
    assert [p.index for p in doc.paragraphs()] == [0]


def test_alt_chunk_content_is_reported_not_silently_lost() -> None:
    doc = read(build_docx(para("Before") + "<w:altChunk r:id='rIdHtml'/>" + para("After")))
    assert texts(doc) == ["Before", "After"]
    assert any("altChunk" in warning for warning in doc.warnings)


def test_custom_properties() -> None:
    doc = read(build_docx(para("x"), custom_props={"ReviewDate": "September 2025"}))
    assert doc.custom == {"ReviewDate": "September 2025"}


def test_strict_namespace_document() -> None:
    strict_w = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    data = build_docx(
        para("Strict heading", style="H1") + para("Strict body"),
        styles=style("H1", "heading 1") + style("Normal", "Normal", default=True),
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename.endswith(".xml"):
                content = content.replace(W_NS.encode(), strict_w.encode())
            if info.filename == "_rels/.rels":
                content = content.replace(
                    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
                    b"http://purl.oclc.org/ooxml/officeDocument/relationships/",
                )
            dst.writestr(info, content)
    doc = read(out.getvalue())
    assert texts(doc) == ["Strict heading", "Strict body"]
    assert by_text(doc, "Strict heading").heading_level == 1


def test_reading_twice_gives_the_same_blocks_and_is_fast() -> None:
    d = docx.Document()
    for i in range(60):
        d.add_heading(f"Section {i}", 2)
        d.add_paragraph(f"Paragraph {i} " + "words " * 30)
        d.add_paragraph(f"Bullet {i}", style="List Bullet")
    data = python_docx_bytes(d)
    first = read(data)
    start = time.perf_counter()
    for _ in range(5):
        again = read(data)
    per_document = (time.perf_counter() - start) / 5
    assert texts(first) == texts(again)
    # python-docx's 349 KB template styles.xml dominates; generous bound for slow machines.
    assert per_document < 0.25
