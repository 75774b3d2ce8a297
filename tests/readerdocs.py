"""Building .docx files for the reader's tests, and reading them back.

Documents are built with python-docx for ordinary ones, from raw
WordprocessingML for what python-docx cannot write (content controls, tracked
changes, fields, text boxes, mc:AlternateContent, localised style ids, typed
bullets). :func:`read` checks the text self-check (``stats.lost == 0``) of every
document it reads.
"""

from __future__ import annotations

import io
import zipfile

import docx

from policykit.docx.blocks import DocParagraph, DocxDocument
from policykit.docx.reader import read_docx

# -- building documents ----------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'mc:Ignorable="w14"'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def build_docx(
    body: str,
    *,
    styles: str | None = None,
    numbering: str | None = None,
    headers: tuple[str, ...] = (),
    footers: tuple[str, ...] = (),
    custom_props: dict[str, str] | None = None,
) -> bytes:
    """A minimal .docx whose w:body holds ``body`` (raw WordprocessingML)."""
    doc_rels = []
    refs = []
    parts: dict[str, str] = {}
    if styles is not None:
        parts["word/styles.xml"] = f"<w:styles {NAMESPACES}>{styles}</w:styles>"
        doc_rels.append(("rIdS", "styles", "styles.xml"))
    if numbering is not None:
        parts["word/numbering.xml"] = f"<w:numbering {NAMESPACES}>{numbering}</w:numbering>"
        doc_rels.append(("rIdN", "numbering", "numbering.xml"))
    for kind, texts in (("header", headers), ("footer", footers)):
        tag = "w:hdr" if kind == "header" else "w:ftr"
        for i, content in enumerate(texts, 1):
            parts[f"word/{kind}{i}.xml"] = f"<{tag} {NAMESPACES}>{content}</{tag}>"
            doc_rels.append((f"rId{kind}{i}", kind, f"{kind}{i}.xml"))
            refs.append(f'<w:{kind}Reference w:type="default" r:id="rId{kind}{i}"/>')
    sect = f"<w:sectPr>{''.join(refs)}</w:sectPr>"
    parts["word/document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"<w:document {NAMESPACES}><w:body>{body}{sect}</w:body></w:document>"
    )
    parts["word/_rels/document.xml.rels"] = _rels(
        [(rid, f"{REL}/{kind}", target) for rid, kind, target in doc_rels]
    )
    package_rels = [("rId1", f"{REL}/officeDocument", "word/document.xml")]
    if custom_props is not None:
        props = "".join(
            f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i}" name="{k}">'
            f"<vt:lpwstr>{v}</vt:lpwstr></property>"
            for i, (k, v) in enumerate(custom_props.items(), 2)
        )
        parts["docProps/custom.xml"] = (
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/docPropsVTypes">{props}</Properties>'
        )
        package_rels.append(("rId2", f"{REL}/custom-properties", "docProps/custom.xml"))
    parts["_rels/.rels"] = _rels(package_rels)
    parts["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return out.getvalue()


def _rels(rels: list[tuple[str, str, str]]) -> str:
    items = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>' for i, t, g in rels)
    return f'<Relationships xmlns="{PKG_RELS}">{items}</Relationships>'


def para(text: str = "", *, style: str | None = None, ppr: str = "", rpr: str = "") -> str:
    """A paragraph with one run."""
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    run = f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p><w:pPr>{style_xml}{ppr}</w:pPr>{run}</w:p>"


def run(text: str, rpr: str = "") -> str:
    return f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def style(
    style_id: str,
    name: str,
    *,
    kind: str = "paragraph",
    based_on: str | None = None,
    ppr: str = "",
    rpr: str = "",
    default: bool = False,
) -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    flag = ' w:default="1"' if default else ""
    return (
        f'<w:style w:type="{kind}"{flag} w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f"{based}<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


NORMAL = style("Normal", "Normal", default=True)


def read(data: bytes) -> DocxDocument:
    """Read a built document and hold it to the self-check."""
    doc = read_docx(io.BytesIO(data))
    assert doc.stats.lost == 0, doc.stats
    assert doc.stats.source_chars == doc.stats.delivered_chars
    return doc


def texts(doc: DocxDocument) -> list[str]:
    return [p.text for p in doc.paragraphs()]


def by_text(doc: DocxDocument, text: str) -> DocParagraph:
    found = [p for p in doc.paragraphs() if p.text == text]
    assert len(found) == 1, (text, texts(doc))
    return found[0]


def python_docx_bytes(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- lists -------------------------------------------------------------------------------


def level(ilvl: int, fmt: str, text: str, indent: int) -> str:
    return (
        f"<w:lvl w:ilvl='{ilvl}'><w:start w:val='1'/><w:numFmt w:val='{fmt}'/>"
        f"<w:lvlText w:val='{text}'/><w:pPr><w:ind w:left='{indent}' w:hanging='360'/></w:pPr>"
        "</w:lvl>"
    )


NUMBERING = (
    # 1: bullets, 720 per level
    "<w:abstractNum w:abstractNumId='1'>"
    + "".join(level(i, "bullet", "\uf0b7", 720 * (i + 1)) for i in range(3))
    + "</w:abstractNum>"
    # 2: 1. / a) / i.
    "<w:abstractNum w:abstractNumId='2'>"
    + level(0, "decimal", "%1.", 720)
    + level(1, "lowerLetter", "%2)", 1440)
    + level(2, "lowerRoman", "%3.", 2160)
    + "</w:abstractNum>"
    # 3: a bullet list that starts deeper (like Word's "List Bullet 2")
    "<w:abstractNum w:abstractNumId='3'>" + level(0, "bullet", "o", 1440) + "</w:abstractNum>"
    # 4: numStyleLink to the numbering style "OutlineList", whose own list is 5
    "<w:abstractNum w:abstractNumId='4'><w:numStyleLink w:val='OutlineList'/></w:abstractNum>"
    "<w:abstractNum w:abstractNumId='5'><w:styleLink w:val='OutlineList'/>"
    + level(0, "upperRoman", "%1.", 720)
    + "</w:abstractNum>"
    # 6: none-format level that shows nothing
    "<w:abstractNum w:abstractNumId='6'>" + level(0, "none", "", 0) + "</w:abstractNum>"
    "<w:num w:numId='1'><w:abstractNumId w:val='1'/></w:num>"
    "<w:num w:numId='2'><w:abstractNumId w:val='2'/></w:num>"
    "<w:num w:numId='3'><w:abstractNumId w:val='3'/></w:num>"
    "<w:num w:numId='5'><w:abstractNumId w:val='5'/></w:num>"
    "<w:num w:numId='6'><w:abstractNumId w:val='4'/></w:num>"
    "<w:num w:numId='7'><w:abstractNumId w:val='6'/></w:num>"
)


def num_pr(num_id: int | None = None, ilvl: int | None = None) -> str:
    inner = ""
    if ilvl is not None:
        inner += f"<w:ilvl w:val='{ilvl}'/>"
    if num_id is not None:
        inner += f"<w:numId w:val='{num_id}'/>"
    return f"<w:numPr>{inner}</w:numPr>"


LIST_STYLES = (
    NORMAL
    + style("ListBullet", "List Bullet", ppr=num_pr(1) + "<w:ind w:left='360'/>")
    + style("ListBullet2", "List Bullet 2", ppr=num_pr(3) + "<w:ind w:left='720'/>")
    + style("Points", "Points", ppr=num_pr(1))
    + style("DeepPoints", "Deep Points", ppr=num_pr(3))
    + style("StyledList", "Styled List", ppr=num_pr(2))
    + style("Heading1", "heading 1", ppr=num_pr(2, 0))
    + style("OutlineList", "Outline List", kind="numbering", ppr=num_pr(5))
)
