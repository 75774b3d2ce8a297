"""Documents of a given size and shape, made from raw WordprocessingML (for scaling checks).

Each builder takes a size ``n`` and returns .docx bytes whose work grows with
``n`` in one dimension: sections with their own header and footer
relationships (a mail merge), paragraphs, runs in one paragraph, table rows,
footnotes. The text is invented; nothing here is a school's wording.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = R_NS
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'


def _rels(rels: list[tuple[str, str, str]]) -> str:
    items = "".join(f'<Relationship Id="{i}" Type="{REL}/{t}" Target="{g}"/>' for i, t, g in rels)
    return f'<Relationships xmlns="{PKG_RELS}">{items}</Relationships>'


def package(body: str, parts: dict[str, str], rels: list[tuple[str, str, str]]) -> bytes:
    """A .docx: ``body`` in w:body, more ``parts`` (name -> XML), the main part's ``rels``."""
    files = dict(parts)
    files["word/document.xml"] = f"<w:document {NS}><w:body>{body}</w:body></w:document>"
    files["word/_rels/document.xml.rels"] = _rels(rels)
    files["_rels/.rels"] = _rels([("rId1", "officeDocument", "word/document.xml")])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return out.getvalue()


def mail_merge(n: int) -> bytes:
    """``n`` letters, one section each with its own header and footer relationship."""
    body: list[str] = []
    rels: list[tuple[str, str, str]] = []
    for i in range(n):
        h, f = f"rIdH{i}", f"rIdF{i}"
        rels.append((h, "header", f"header{i % 2 + 1}.xml"))
        rels.append((f, "footer", f"footer{i % 2 + 1}.xml"))
        body.append(
            f"<w:p><w:r><w:t>Dear parent of pupil {i}, the review is due.</w:t></w:r></w:p>"
            f'<w:p><w:pPr><w:sectPr><w:headerReference w:type="default" r:id="{h}"/>'
            f'<w:footerReference w:type="default" r:id="{f}"/></w:sectPr></w:pPr></w:p>'
        )
    parts: dict[str, str] = {}
    for k in (1, 2):
        parts[f"word/header{k}.xml"] = (
            f"<w:hdr {NS}><w:p><w:r><w:t>Letter {k}</w:t></w:r></w:p></w:hdr>"
        )
        parts[f"word/footer{k}.xml"] = (
            f"<w:ftr {NS}><w:p><w:r><w:t>Page {k}</w:t></w:r></w:p></w:ftr>"
        )
    return package("".join(body), parts, rels)


def paragraphs(n: int) -> bytes:
    """``n`` paragraphs under a heading every ten."""
    body = []
    for i in range(n):
        if i % 10 == 0:
            body.append(
                '<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr>'
                f"<w:r><w:t>Section {i // 10}</w:t></w:r></w:p>"
            )
        body.append(
            f"<w:p><w:r><w:t>Staff will follow step {i} of the procedure.</w:t></w:r></w:p>"
        )
    return package("".join(body), {}, [])


def runs(n: int) -> bytes:
    """One paragraph of ``n`` runs, alternately bold and plain."""
    pieces = "".join(
        f"<w:r>{'<w:rPr><w:b/></w:rPr>' if i % 2 else ''}<w:t>word{i} </w:t></w:r>"
        for i in range(n)
    )
    return package(f"<w:p>{pieces}</w:p>", {}, [])


def table_rows(n: int) -> bytes:
    """A table of ``n`` rows of two cells."""
    rows = "".join(
        f"<w:tr><w:tc><w:p><w:r><w:t>Item {i}</w:t></w:r></w:p></w:tc>"
        f"<w:tc><w:p><w:r><w:t>Owner {i}</w:t></w:r></w:p></w:tc></w:tr>"
        for i in range(n)
    )
    return package(f"<w:tbl>{rows}</w:tbl>", {}, [])


def footnotes(n: int) -> bytes:
    """``n`` paragraphs, each citing its own footnote."""
    body = "".join(
        f"<w:p><w:r><w:t>Duty {i}.</w:t></w:r>"
        f'<w:r><w:footnoteReference w:id="{i + 1}"/></w:r></w:p>'
        for i in range(n)
    )
    notes = "".join(
        f'<w:footnote w:id="{i + 1}"><w:p><w:r><w:t>See the guidance, part {i}.</w:t></w:r>'
        "</w:p></w:footnote>"
        for i in range(n)
    )
    parts = {"word/footnotes.xml": f"<w:footnotes {NS}>{notes}</w:footnotes>"}
    return package(body, parts, [("rIdFn", "footnotes", "footnotes.xml")])


SHAPES: dict[str, Callable[[int], bytes]] = {
    "sections (mail merge)": mail_merge,
    "paragraphs": paragraphs,
    "runs in one paragraph": runs,
    "table rows": table_rows,
    "footnotes": footnotes,
}
