"""Inputs that once made ``parse`` escape, hang or blow up, kept small and in source.

Each :class:`Regression` builds its .docx from a few lines of WordprocessingML
(or keeps the exact bytes a fuzzer found) and says what ``parse`` must do now:
return a Policy (``code`` None) or raise the coded error ``code``.
``tests/test_fuzz.py::test_fuzz_regression`` runs every one.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(frozen=True)
class Regression:
    name: str
    build: Callable[[], bytes]
    code: str | None = None  # None: parses; else the DocumentError code expected
    phrases: tuple[str, ...] = ()  # words the error message must hold
    check: Callable[[Any], None] | None = field(default=None)  # more about the parsed Policy
    read_check: Callable[[Any], None] | None = None  # more about read_docx's DocxDocument
    found: str = ""  # how it was found and what it did


def _rels(*items: tuple[str, str, str]) -> str:
    inner = "".join(
        f'<Relationship Id="{rid}" Type="{R_NS}/{kind}" Target="{target}"/>'
        for rid, kind, target in items
    )
    return f'<Relationships xmlns="{PKG_NS}">{inner}</Relationships>'


def docx(body: str = "", *, numbering: str = "", document: str | None = None) -> bytes:
    """A minimal .docx around ``body`` (or a whole ``document``), with numbering if given."""
    parts = {
        "_rels/.rels": _rels(("rId1", "officeDocument", "word/document.xml")),
        "word/document.xml": document
        or f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}</w:body></w:document>',
    }
    if numbering:
        parts["word/numbering.xml"] = f'<w:numbering xmlns:w="{W_NS}">{numbering}</w:numbering>'
        parts["word/_rels/document.xml.rels"] = _rels(("rIdN", "numbering", "numbering.xml"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return out.getvalue()


def p(text: str, ppr: str = "", rpr: str = "") -> str:
    props = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    run_props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f"<w:p>{props}<w:r>{run_props}<w:t>{text}</w:t></w:r></w:p>"


def numbering(fmt: str = "decimal", start: str = "1", levels: int = 1) -> str:
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="%{i + 1}."/></w:lvl>'
        for i in range(levels)
    )
    return (
        f'<w:abstractNum w:abstractNumId="0">{lvls}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )


def item(text: str, ilvl: str = "0", extra: str = "") -> str:
    return p(text, f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="1"/></w:numPr>{extra}')


def _list_depth(policy: Any) -> int:
    def depth(items: list[Any]) -> int:
        return 1 + max((depth(i.items) for i in items), default=0) if items else 0

    blocks = [b for s in policy.sections for b in s.blocks] + list(policy.preamble or [])
    return max((depth(b.items) for b in blocks if getattr(b, "type", "") == "list"), default=0)


def _lists_at_most_nine_deep(policy: Any) -> None:
    assert _list_depth(policy) <= 9


def _short_labels(doc: Any) -> None:
    labels = [p.list_label for p in doc.paragraphs() if p.list_label]
    assert labels and all(len(label) < 20 for label in labels), labels


REGRESSIONS: list[Regression] = [
    Regression(
        "ilvl-infinity",
        lambda: docx(p("Aims") + item("x", "inf"), numbering=numbering()),
        found="probe: int_attr did int(float('inf')); OverflowError escaped parse",
    ),
    Regression(
        "first-attribute-infinity",
        lambda: docx(p("Oakfield Primary School", rpr='<w:b/><w:sz w:val="inf"/>')),
        found="fuzz (test_mutated_xml_trees on the code before the fix, 1,500 examples): "
        "revalue of the first attribute of document.xml (w:sz/@w:val) to 'inf'; "
        "OverflowError: cannot convert float infinity to integer (docx/xml.py int_attr)",
    ),
    Regression(
        "attributes-1e999",
        lambda: docx(
            p("x", '<w:ind w:left="-1e999"/><w:outlineLvl w:val="1e999"/>', '<w:sz w:val="inf"/>')
        ),
        found="probe: OverflowError from w:ind, w:outlineLvl and w:sz values",
    ),
    Regression(
        "start-two-billion-letters",
        lambda: docx(p("Aims") + item("a") * 3, numbering=numbering("lowerLetter", "2000000000")),
        read_check=_short_labels,
        found="probe: each label was 80 million letters (a...a), 0.4 s and 80 MB apiece",
    ),
    Regression(
        "start-ten-to-the-15-roman",
        lambda: docx(p("Aims") + item("a"), numbering=numbering("lowerRoman", "1" + "0" * 15)),
        found="probe: roman numerals looped once per thousand: a hang",
    ),
    Regression(
        "ilvl-counting-up",
        lambda: docx(
            p("Aims") + "".join(item(f"item {i}", str(i)) for i in range(300)),
            numbering=numbering(levels=9),
        ),
        check=_lists_at_most_nine_deep,
        found="probe: list items nested 300 deep; parse --format json/yaml/text crashed "
        "(ValueError: Circular reference detected; RecursionError)",
    ),
    Regression(
        "indents-growing",
        lambda: docx(
            p("Aims")
            + "".join(p(f"• item {i}", f'<w:ind w:left="{i * 200}"/>') for i in range(300))
        ),
        check=_lists_at_most_nine_deep,
        found="probe: typed bullets at ever larger indents nested 300 deep (as above)",
    ),
    Regression(
        "external-parameter-entity",
        lambda: docx(
            document='<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY % leak SYSTEM '
            '"file:///etc/hostname"> %leak;]>'
            f'<w:document xmlns:w="{W_NS}"><w:body>{p("x")}</w:body></w:document>'
        ),
        code="PK001",
        phrases=("document type declaration",),
        found="probe: libxml2 opened the file named by the parameter entity (and blocked "
        "for ever on a FIFO) despite load_dtd=False and no_network=True",
    ),
]
