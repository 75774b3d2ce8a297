"""Producer 2: LibreOffice. Flat ODF (.fodt) or HTML sources, converted in one batch.

``convert`` runs a single ``soffice --headless --convert-to docx`` for all the
sources of a batch, with a private user profile so parallel runs don't clash.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .ir import Block, DocPlan, Field, Item, ListBlock, Para, Run, Table

NS = " ".join(
    f'xmlns:{p}="urn:oasis:names:tc:opendocument:xmlns:{u}"'
    for p, u in [
        ("office", "office:1.0"),
        ("style", "style:1.0"),
        ("text", "text:1.0"),
        ("table", "table:1.0"),
        ("fo", "xsl-fo-compatible:1.0"),
        ("svg", "svg-compatible:1.0"),
    ]
)
ODF_STYLE_NAMES = {
    "Title": "Title",
    "Subtitle": "Subtitle",
    "Heading 1": "Heading_20_1",
    "Heading 2": "Heading_20_2",
    "Heading 3": "Heading_20_3",
    "PolicyHeading": "PolicyHeading",
    "SectionTitle": "Section_20_Title",
}
OUTLINE_LEVELS = {
    "Heading 1": 1,
    "Heading 2": 2,
    "Heading 3": 3,
    "PolicyHeading": 1,
    "SectionTitle": 1,
}


def _list_level(level: int, kind: str) -> str:
    indent = 0.635 * (level + 1)
    align = (
        f"<style:list-level-properties text:list-level-position-and-space-mode="
        f'"label-alignment"><style:list-level-label-alignment text:label-followed-by='
        f'"listtab" text:list-tab-stop-position="{indent:.3f}cm" fo:text-indent="-0.635cm"'
        f' fo:margin-left="{indent:.3f}cm"/></style:list-level-properties>'
    )
    if kind == "bullet":
        char = "•◦▪"[min(level, 2)]
        return (
            f'<text:list-level-style-bullet text:level="{level + 1}" '
            f'text:bullet-char="{char}">{align}</text:list-level-style-bullet>'
        )
    fmt, suffix = [("1", "."), ("a", ")"), ("i", ".")][min(level, 2)]
    return (
        f'<text:list-level-style-number text:level="{level + 1}" style:num-format="{fmt}" '
        f'style:num-suffix="{suffix}">{align}</text:list-level-style-number>'
    )


def _odf_text(text: str) -> str:
    """Escape text for ODF: tabs and runs of spaces become elements."""
    out = []
    for i, piece in enumerate(text.split("\t")):
        if i:
            out.append("<text:tab/>")
        piece = escape(piece).replace("\n", "<text:line-break/>")
        piece = re.sub(r"(?<= ) +|^ +", lambda m: f'<text:s text:c="{len(m.group())}"/>', piece)
        out.append(piece)
    return "".join(out)


def _outline_level(level: int, numbered: bool) -> str:
    """One level of the outline (heading numbering: "1." and "1.1" when ``numbered``)."""
    fmt = 'style:num-format="1"' if numbered else 'style:num-format=""'
    shown = f' text:display-levels="{level}"' if numbered and level > 1 else ""
    suffix = ' style:num-suffix="."' if numbered and level == 1 else ""
    return (
        f'<text:outline-level-style text:level="{level}" {fmt}{shown}{suffix}>'
        f"<style:list-level-properties text:list-level-position-and-space-mode="
        f'"label-alignment"><style:list-level-label-alignment text:label-followed-by='
        f'"listtab" fo:text-indent="-0.762cm" fo:margin-left="0.762cm"/>'
        f"</style:list-level-properties></text:outline-level-style>"
    )


class FodtWriter:
    def __init__(self, plan: DocPlan) -> None:
        self.plan = plan
        self.auto: dict[tuple[object, ...], str] = {}
        self.auto_xml: list[str] = []
        numbered = [b for b in plan.blocks if isinstance(b, Para) and b.number_level is not None]
        self.outline_numbers = any(b.style for b in numbered)
        self.tables = 0
        self.heading_list = False

    # -- automatic styles -----------------------------------------------------------

    def _text_style(self, run: Run) -> str | None:
        props = []
        if run.bold:
            props.append('fo:font-weight="bold"')
        if run.italic:
            props.append('fo:font-style="italic"')
        if run.underline:
            props.append(
                'style:text-underline-style="solid" style:text-underline-width="auto" '
                'style:text-underline-color="font-color"'
            )
        if run.caps:
            props.append('fo:text-transform="uppercase"')
        if run.size:
            props.append(f'fo:font-size="{run.size}pt"')
        if not props:
            return None
        key = ("T", *props)
        if key not in self.auto:
            name = f"T{len(self.auto) + 1}"
            self.auto[key] = name
            self.auto_xml.append(
                f'<style:style style:name="{name}" style:family="text">'
                f"<style:text-properties {' '.join(props)}/></style:style>"
            )
        return self.auto[key]

    def _para_style(self, para: Para) -> str:
        parent = ODF_STYLE_NAMES.get(para.style or "", "Standard")
        props = []
        if para.center:
            props.append('fo:text-align="center"')
        if para.indent:
            props.append(f'fo:margin-left="{0.635 * para.indent:.3f}cm" fo:text-indent="-0.635cm"')
        if not props:
            return parent
        key = ("P", parent, *props)
        if key not in self.auto:
            name = f"P{len(self.auto) + 1}"
            self.auto[key] = name
            tabs = ""
            if para.indent:
                tabs = '<style:tab-stops><style:tab-stop style:position="0cm"/></style:tab-stops>'
            self.auto_xml.append(
                f'<style:style style:name="{name}" style:family="paragraph" '
                f'style:parent-style-name="{parent}"><style:paragraph-properties '
                f"{' '.join(props)}>{tabs}</style:paragraph-properties></style:style>"
            )
        return self.auto[key]

    # -- content -------------------------------------------------------------------------

    def _runs(self, runs: Sequence[Run | Field]) -> str:
        out = []
        for run in runs:
            if isinstance(run, Field):
                out.append(
                    f'<text:page-number text:select-page="current">{run.shown}</text:page-number>'
                )
                continue
            style = self._text_style(run)
            text = _odf_text(run.text)
            out.append(
                f'<text:span text:style-name="{style}">{text}</text:span>' if style else text
            )
        return "".join(out)

    def _para(self, para: Para) -> str:
        if para.banner:
            self.tables += 1
            inner = self._para(replace(para, banner=False))
            return (
                f'<table:table table:name="Table{self.tables}" table:style-name="Tbl">'
                f"<table:table-column/><table:table-row><table:table-cell table:style-name="
                f'"CellBanner" office:value-type="string">{inner}</table:table-cell>'
                f"</table:table-row></table:table>"
            )
        style = self._para_style(para)
        body = self._runs(para.runs)
        if para.number_level is not None and para.style is None:
            # one numbered list, interrupted by the section bodies and continued each time
            link = 'text:continue-list="headings"' if self.heading_list else 'xml:id="headings"'
            self.heading_list = True
            return (
                f'<text:list text:style-name="LHeading" {link}>'
                f'<text:list-item><text:p text:style-name="{style}">{body}</text:p>'
                f"</text:list-item></text:list>"
            )
        level = OUTLINE_LEVELS.get(para.style or "")
        if level:
            return f'<text:h text:style-name="{style}" text:outline-level="{level}">{body}</text:h>'
        return f'<text:p text:style-name="{style}">{body}</text:p>'

    def _list(self, items: list[Item], ordered: bool, top: bool = True) -> str:
        style = f' text:style-name="{"LNumbers" if ordered else "LBullets"}"' if top else ""
        parts = [f"<text:list{style}>"]
        for item in items:
            parts.append(
                f'<text:list-item><text:p text:style-name="List_20_Paragraph">'
                f"{_odf_text(item.text)}</text:p>"
            )
            if item.children:
                parts.append(self._list(item.children, ordered, top=False))
            parts.append("</text:list-item>")
        parts.append("</text:list>")
        return "".join(parts)

    def _table(self, table: Table) -> str:
        self.tables += 1
        cols = max(len(r) for r in table.rows)
        cell = "CellGrid" if table.grid else "CellPlain"
        rows = []
        for i, row in enumerate(table.rows):
            cells = []
            for j, text in enumerate(row + [""] * (cols - len(row))):
                bold = text and ((table.header and i == 0) or (table.bold_first_col and j == 0))
                content = self._runs([Run(text, bold=bool(bold))])
                cells.append(
                    f'<table:table-cell table:style-name="{cell}" office:value-type='
                    f'"string"><text:p text:style-name="Table_20_Contents">{content}'
                    f"</text:p></table:table-cell>"
                )
            row_xml = f"<table:table-row>{''.join(cells)}</table:table-row>"
            if table.header and i == 0:
                row_xml = f"<table:table-header-rows>{row_xml}</table:table-header-rows>"
            rows.append(row_xml)
        return (
            f'<table:table table:name="Table{self.tables}" table:style-name="Tbl">'
            f'<table:table-column table:number-columns-repeated="{cols}"/>'
            f"{''.join(rows)}</table:table>"
        )

    def _block(self, block: Block) -> str:
        if isinstance(block, Para):
            return self._para(block)
        if isinstance(block, ListBlock):
            return self._list(block.items, block.ordered)
        return self._table(block)

    def document(self) -> str:
        body = "\n".join(self._block(b) for b in self.plan.blocks)
        if self.plan.layout_table:
            body = (
                '<table:table table:name="Layout" table:style-name="Tbl"><table:table-column/>'
                '<table:table-row><table:table-cell table:style-name="CellPlain" '
                f'office:value-type="string">{body}</table:table-cell></table:table-row>'
                "</table:table><text:p/>"
            )
        header = "".join(self._para(p) for p in self.plan.header)
        footer = "".join(self._para(p) for p in self.plan.footer)
        font = self.plan.font
        outline = "".join(_outline_level(lvl, self.outline_numbers) for lvl in (1, 2, 3))
        heading = 'style:family="paragraph" style:parent-style-name="Heading" style:class="text"'
        styles = f"""
<style:default-style style:family="paragraph"><style:text-properties style:font-name="{font}"
 fo:font-size="11pt" fo:language="en" fo:country="GB"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph" style:class="text">
 <style:paragraph-properties fo:margin-bottom="0.212cm"/></style:style>
<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:margin-top="0.423cm" fo:keep-with-next="always"/>
 <style:text-properties fo:font-size="14pt"/></style:style>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" {heading}
 style:default-outline-level="1"><style:text-properties fo:font-size="14pt"
 fo:font-weight="bold"/></style:style>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" {heading}
 style:default-outline-level="2"><style:text-properties fo:font-size="12pt"
 fo:font-weight="bold"/></style:style>
<style:style style:name="Heading_20_3" style:display-name="Heading 3" {heading}
 style:default-outline-level="3"><style:text-properties fo:font-size="11pt"
 fo:font-weight="bold" fo:font-style="italic"/></style:style>
<style:style style:name="PolicyHeading" style:family="paragraph"
 style:parent-style-name="Heading_20_1" style:default-outline-level="1">
 <style:text-properties fo:color="#1f3864"/></style:style>
<style:style style:name="Section_20_Title" style:display-name="Section Title"
 style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="1">
 <style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Heading"
 style:class="chapter"><style:paragraph-properties fo:text-align="center"/>
 <style:text-properties fo:font-size="24pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Subtitle" style:family="paragraph" style:parent-style-name="Heading"
 style:class="chapter"><style:paragraph-properties fo:text-align="center"/>
 <style:text-properties fo:font-size="16pt"/></style:style>
<style:style style:name="List_20_Paragraph" style:display-name="List Paragraph"
 style:family="paragraph" style:parent-style-name="Standard"/>
<style:style style:name="Table_20_Contents" style:display-name="Table Contents"
 style:family="paragraph" style:parent-style-name="Standard"/>
<text:outline-style style:name="Outline">{outline}</text:outline-style>
<text:list-style style:name="LBullets">{"".join(_list_level(i, "bullet") for i in range(3))}
</text:list-style>
<text:list-style style:name="LNumbers">{"".join(_list_level(i, "number") for i in range(3))}
</text:list-style>
<text:list-style style:name="LHeading">{_list_level(0, "number")}</text:list-style>"""
        automatic = (
            "".join(self.auto_xml)
            + """
<style:style style:name="Tbl" style:family="table"><style:table-properties style:width="16cm"
 table:align="left"/></style:style>
<style:style style:name="CellGrid" style:family="table-cell"><style:table-cell-properties
 fo:padding="0.1cm" fo:border="0.5pt solid #000000"/></style:style>
<style:style style:name="CellBanner" style:family="table-cell"><style:table-cell-properties
 fo:padding="0.1cm" fo:border="0.5pt solid #000000" fo:background-color="#d9e2f3"/>
</style:style>
<style:style style:name="CellPlain" style:family="table-cell"><style:table-cell-properties
 fo:padding="0.1cm" fo:border="none"/></style:style>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm"
 fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm"
 fo:margin-right="2cm"/><style:header-style/><style:footer-style/></style:page-layout>"""
        )
        master_header = f"<style:header>{header}</style:header>" if header else ""
        master_footer = f"<style:footer>{footer}</style:footer>" if footer else ""
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:version="1.3"
 office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="{font}" svg:font-family={quoteattr(font)}/>
</office:font-face-decls>
<office:styles>{styles}</office:styles>
<office:automatic-styles>{automatic}</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">
{master_header}{master_footer}</style:master-page></office:master-styles>
<office:body><office:text>
{body}
</office:text></office:body></office:document>
"""


# --- HTML --------------------------------------------------------------------------------

HTML_TAGS = {"Title": "h1", "Heading 1": "h1", "Heading 2": "h2", "Heading 3": "h3"}


def _html_runs(runs: Sequence[Run | Field]) -> str:
    out = []
    for run in runs:
        if isinstance(run, Field):
            out.append(html.escape(run.shown))
            continue
        text = html.escape(run.text).replace("\n", "<br>")
        if run.size:
            text = f'<span style="font-size:{run.size}pt">{text}</span>'
        for flag, tag in ((run.underline, "u"), (run.italic, "i"), (run.bold, "b")):
            if flag:
                text = f"<{tag}>{text}</{tag}>"
        out.append(text)
    return "".join(out)


def _html_para(para: Para) -> str:
    if para.banner:
        inner = _html_para(replace(para, banner=False))
        return (
            f'<table width="100%" border="1" cellpadding="4" cellspacing="0">'
            f'<tr><td bgcolor="#d9e2f3">{inner}</td></tr></table>'
        )
    attrs = []
    if para.center:
        attrs.append('align="center"')
    if para.indent:
        attrs.append(f'style="margin-left:{0.63 * para.indent:.2f}cm"')
    tag = HTML_TAGS.get(para.style or "", "p")
    attr = (" " + " ".join(attrs)) if attrs else ""
    return f"<{tag}{attr}>{_html_runs(para.runs)}</{tag}>"


def _html_list(items: list[Item], ordered: bool) -> str:
    tag = "ol" if ordered else "ul"
    inner = "".join(
        f"<li>{html.escape(i.text)}{_html_list(i.children, ordered) if i.children else ''}</li>"
        for i in items
    )
    return f"<{tag}>{inner}</{tag}>"


def _html_table(table: Table) -> str:
    rows = []
    for i, row in enumerate(table.rows):
        cells = []
        for j, text in enumerate(row):
            head = table.header and i == 0
            tag = "th" if head else "td"
            content = html.escape(text)
            if text and table.bold_first_col and j == 0 and not head:
                content = f"<b>{content}</b>"
            cells.append(f"<{tag}>{content}</{tag}>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    border = ' border="1"' if table.grid else ""
    return f'<table{border} cellpadding="4" cellspacing="0">{"".join(rows)}</table>'


def html_document(plan: DocPlan, *, margins: bool = True) -> str:
    """The plan as HTML; ``margins``: with its header and footer (LibreOffice's divs)."""
    parts = []
    for block in plan.blocks:
        if isinstance(block, Para):
            parts.append(_html_para(block))
        elif isinstance(block, ListBlock):
            parts.append(_html_list(block.items, block.ordered))
        else:
            parts.append(_html_table(block))
    if plan.layout_table:
        parts = ['<table width="100%" cellpadding="4"><tr><td>', *parts, "</td></tr></table>"]
    header = "".join(_html_para(p) for p in plan.header) if margins else ""
    footer = "".join(_html_para(p) for p in plan.footer) if margins else ""
    title = html.escape(str(plan.truth.get("title") or ""))
    return (
        f'<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8"><title>{title}</title>'
        f'<style>body {{ font-family: "{plan.font}"; font-size: 11pt }}</style></head><body>\n'
        + (f'<div title="header">{header}</div>\n' if header else "")
        + "\n".join(parts)
        + (f'\n<div title="footer">{footer}</div>' if footer else "")
        + "\n</body></html>\n"
    )


# --- conversion -----------------------------------------------------------------------


def write_source(plan: DocPlan, directory: Path) -> Path:
    """Write the plan's LibreOffice source (.fodt or .html) into ``directory``."""
    if plan.source == "html":
        path = directory / f"{plan.name}.html"
        path.write_text(html_document(plan), encoding="utf-8")
    else:
        path = directory / f"{plan.name}.fodt"
        path.write_text(FodtWriter(plan).document(), encoding="utf-8")
    return path


def start_conversion(sources: list[Path], out_dir: Path) -> tuple[subprocess.Popen[bytes], Path]:
    """Start one soffice run converting all ``sources`` to .docx in ``out_dir``.

    Returns the process and its private profile directory (remove it afterwards).
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise FileNotFoundError("soffice")
    profile = Path(tempfile.mkdtemp(prefix="docgen-lo-"))
    cmd = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(out_dir),
        *map(str, sources),
    ]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT), profile


def finish_conversion(process: subprocess.Popen[bytes], profile: Path, timeout: float) -> str:
    try:
        output, _ = process.communicate(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        shutil.rmtree(profile, ignore_errors=True)
    return output.decode("utf-8", "replace")
