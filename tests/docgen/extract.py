"""A deliberately simple reader for checking generated files (not the parser).

It reads every paragraph of the main document, headers and footers straight
from the XML, so text inside content controls, tracked insertions and fields
is seen, and deleted text (``w:delText``) is not.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraphs(xml: bytes) -> list[str]:
    root = etree.fromstring(xml)
    out = []
    for p in root.iter(f"{W}p"):
        parts = []
        for el in p.iter(f"{W}t", f"{W}tab"):
            if el.tag == f"{W}tab":
                parent = el.getparent()
                if parent is not None and parent.tag == f"{W}r":
                    parts.append("\t")
            else:
                parts.append(el.text or "")
        out.append("".join(parts))
    return out


def docx_paragraphs(path: Path) -> dict[str, list[str]]:
    """Paragraph texts by part: ``body``, ``header``, ``footer``."""
    result: dict[str, list[str]] = {"body": [], "header": [], "footer": []}
    with zipfile.ZipFile(path) as z:
        for name in sorted(z.namelist()):
            if not name.startswith("word/") or not name.endswith(".xml"):
                continue
            stem = name[len("word/") : -len(".xml")]
            if stem == "document":
                result["body"] += _paragraphs(z.read(name))
            elif stem.startswith(("header", "footer")):
                result[stem.rstrip("0123456789")] += _paragraphs(z.read(name))
    return result


def docx_text(path: Path) -> str:
    """All visible text, one paragraph a line: header, body, then footer."""
    parts = docx_paragraphs(path)
    return "\n".join(parts["header"] + parts["body"] + parts["footer"])


def describe(path: Path) -> str:
    """A debugging view: each body paragraph with its style id, numbering and formatting."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    lines = []
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        num = p.find(f"{W}pPr/{W}numPr")
        flags = {
            tag for tag in ("b", "i", "u", "caps") if p.find(f".//{W}rPr/{W}{tag}") is not None
        }
        label = str(style.get(f"{W}val")) if style is not None else "-"
        if num is not None:
            ilvl = num.find(f"{W}ilvl")
            num_id = num.find(f"{W}numId")
            label += f" num={num_id.get(f'{W}val') if num_id is not None else '?'}"
            label += f"/{ilvl.get(f'{W}val') if ilvl is not None else '-'}"
        if flags:
            label += " " + ",".join(sorted(flags))
        in_table = any(a.tag == f"{W}tc" for a in p.iterancestors())
        text = "".join(_paragraphs(etree.tostring(p)))
        lines.append(f"{'  | ' if in_table else ''}[{label}] {text}")
    return "\n".join(lines)
