"""Producer 3: pandoc, from markdown (no page headers or footers: pandoc has none)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Sequence
from pathlib import Path

from .ir import Block, DocPlan, Field, Item, ListBlock, Para, Run, Table

# -f markdown-smart: keep straight quotes and apostrophes exactly as planned.
PANDOC_FROM = "markdown-smart"
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_LINE_START = re.compile(r"^(\d+)([.)])")
HOUSE_STYLE = (
    '<w:style w:type="paragraph" w:customStyle="1" w:styleId="PolicyHeading">'
    '<w:name w:val="PolicyHeading"/><w:basedOn w:val="Heading1"/><w:next w:val="BodyText"/>'
    '<w:qFormat/><w:rPr><w:color w:val="1F3864"/><w:sz w:val="28"/></w:rPr></w:style>'
)


def md_escape(text: str, *, line_start: bool = True) -> str:
    text = _SPECIAL.sub(r"\\\1", text)
    if line_start:
        text = _LINE_START.sub(r"\1\\\2", text)
        if text.startswith(("- ", "+ ", "-\t")):
            text = "\\" + text
    return text.replace("\t", " ")


def _runs(runs: Sequence[Run | Field]) -> str:
    out = []
    for i, run in enumerate(runs):
        text = md_escape(run.text if isinstance(run, Run) else run.shown, line_start=i == 0)
        if isinstance(run, Run) and text.strip():
            if run.underline:
                text = f"[{text}]{{.underline}}"
            if run.bold and run.italic:
                text = f"***{text}***"
            elif run.bold:
                text = f"**{text}**"
            elif run.italic:
                text = f"*{text}*"
        out.append(text)
    return "".join(out)


def _para(para: Para) -> str:
    text = _runs(para.runs)
    if para.banner:  # a one-cell table: pandoc writes the cell as a header row
        return f"| {text} |\n|---|"
    if para.style in {"Heading 1", "Heading 2", "Heading 3"}:
        level = int(para.style[-1])
        return "#" * level + " " + md_escape(para.text, line_start=False)
    if para.style in {"PolicyHeading", "Subtitle", "Title"}:
        return f'::: {{custom-style="{para.style}"}}\n{text}\n:::'
    return text


def _list(items: list[Item], ordered: bool, depth: int = 0) -> list[str]:
    lines = []
    for n, item in enumerate(items, start=1):
        marker = f"{n}." if ordered else "-"
        indent = "    " * depth
        lines.append(f"{indent}{marker} {md_escape(item.text)}")
        lines += _list(item.children, ordered, depth + 1)
    return lines


def _cell(text: str, bold: bool) -> str:
    text = md_escape(text, line_start=False)
    return f"**{text}**" if bold and text else text or " "


def _table(table: Table) -> str:
    cols = max(len(r) for r in table.rows)
    rows = [r + [""] * (cols - len(r)) for r in table.rows]
    if table.header:
        head, body = rows[0], rows[1:]
    else:
        head, body = [""] * cols, rows
    lines = [
        "| " + " | ".join(_cell(c, False) for c in head) + " |",
        "|" + "|".join("---" for _ in range(cols)) + "|",
    ]
    for row in body:
        cells = [_cell(c, table.bold_first_col and j == 0) for j, c in enumerate(row)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def markdown(plan: DocPlan) -> str:
    parts: list[str] = []
    if plan.yaml:
        parts.append(
            "---\n"
            + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in plan.yaml.items())
            + "---"
        )
    previous: Block | None = None
    for block in plan.blocks:
        if isinstance(block, Para):
            parts.append(_para(block))
        elif isinstance(block, ListBlock):
            if isinstance(previous, ListBlock):
                parts.append("<!-- -->")  # keep two lists apart
            parts.append("\n".join(_list(block.items, block.ordered)))
        else:
            parts.append(_table(block))
        previous = block
    return "\n\n".join(parts) + "\n"


def reference_doc(kind: str, directory: Path) -> Path | None:
    """pandoc's default reference.docx, or a "house" one (Arial, en-GB, PolicyHeading)."""
    if kind == "default":
        return None
    path = directory / f"reference-{kind}.docx"
    if path.exists():
        return path
    pandoc = shutil.which("pandoc")
    assert pandoc is not None
    data = subprocess.run(
        [pandoc, "--print-default-data-file", "reference.docx"], check=True, capture_output=True
    ).stdout
    base = directory / "reference-default.docx"
    base.write_bytes(data)
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "word/styles.xml":
                xml = content.decode("utf-8")
                xml = re.sub(
                    r"<w:rFonts [^>]*/>",
                    '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/>',
                    xml,
                    count=1,
                )
                xml = xml.replace('<w:sz w:val="24" />', '<w:sz w:val="22" />', 1)
                xml = xml.replace('w:val="en-US"', 'w:val="en-GB"', 1)
                xml = xml.replace("</w:styles>", HOUSE_STYLE + "</w:styles>")
                content = xml.encode("utf-8")
            dst.writestr(info, content)
    base.unlink()
    return path


def start(plan: DocPlan, source_dir: Path, out: Path) -> subprocess.Popen[bytes]:
    """Write the markdown and start pandoc on it."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        raise FileNotFoundError("pandoc")
    md = source_dir / f"{plan.name}.md"
    md.write_text(markdown(plan), encoding="utf-8")
    cmd = [pandoc, "-f", PANDOC_FROM, "-t", "docx", "-o", str(out), str(md)]
    reference = reference_doc(plan.reference, source_dir)
    if reference is not None:
        cmd[1:1] = ["--reference-doc", str(reference)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
