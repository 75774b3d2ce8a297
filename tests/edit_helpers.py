"""Helpers for the tests of annotate, approve, compare and suppressions.

* :func:`make_policy`: a small community cohesion policy written with
  python-docx, in the layouts schools use (our own wording), with Word
  comments where asked (python-docx writes them: an independent producer).
* :func:`odt_annotations`: the comments LibreOffice read from a document
  (converted to .odt): author, text and the text each is anchored on.
* :func:`part`: one part of a package, as bytes.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from lxml import etree

SOFFICE_TIMEOUT = 600

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
DC = "http://purl.org/dc/elements/1.1/"


@dataclass
class Para:
    """A paragraph of a test policy: its text, style, and comments to anchor on it."""

    text: str
    style: str | None = None
    bold: bool = False
    comments: list[str] = field(default_factory=list)


def standard_paragraphs(
    school: str = "Oakfield Primary School",
    approved: str = "1 September 2025",
    review: str = "September 2026",
) -> list[Para]:
    """A policy in the usual shape: title, school, metadata lines, four sections."""
    return [
        Para("Community Cohesion Policy", "Title"),
        Para(school),
        Para(f"Date approved: {approved}"),
        Para(f"Review date: {review}"),
        Para("Rationale", "Heading 1"),
        Para(
            f"{school} serves families from many backgrounds. We report our work on "
            "cohesion through the SEF each year."
        ),
        Para("Aims", "Heading 1"),
        Para("We aim to help every pupil understand and respect the community around them."),
        Para("Procedures", "Heading 1"),
        Para("Pupils meet partner schools twice a year; staff plan visits with local groups."),
        Para("Monitoring and Review", "Heading 1"),
        Para("This policy is reviewed annually by the governing board."),
    ]


def make_policy(
    path: Path, paragraphs: Sequence[Para], tables: Sequence[list[list[str]]] = ()
) -> Path:
    """Write the paragraphs (then any tables) with python-docx; comments on whole paragraphs."""
    document = Document()
    for para in paragraphs:
        p = document.add_paragraph(style=para.style)
        run = p.add_run(para.text)
        run.bold = para.bold or None
        for text in para.comments:
            document.add_comment(run, text=text, author="Governor", initials="GV")
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    document.save(str(path))
    return path


def part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name)


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def convert(
    soffice: str, documents: Sequence[Path], out_dir: Path, profile: Path, fmt: str
) -> None:
    """Convert ``documents`` with one headless soffice process (a private profile)."""
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        fmt,
        "--outdir",
        str(out_dir),
        *(str(d) for d in documents),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=SOFFICE_TIMEOUT)


@dataclass
class OdtComment:
    author: str
    text: str
    anchored: str  # the text between the comment's start and end (or its whole paragraph)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def odt_annotations(odt: Path) -> list[OdtComment]:
    """The comments in an .odt's content.xml, each with the text it is anchored on.

    The text between a comment's start and its ``annotation-end`` (paragraph ends
    as newlines); a comment without an end is anchored on its paragraph.
    """
    root = etree.fromstring(part(odt, "content.xml"), etree.XMLParser(resolve_entities=False))
    found: list[OdtComment] = []
    open_: dict[str, OdtComment] = {}
    collected: dict[str, list[str]] = {}
    paragraph_of: dict[int, etree._Element | None] = {}
    for kind, value in _events(root):
        if kind == "start":
            el = value
            assert isinstance(el, etree._Element)
            author = el.findtext(f"{{{DC}}}creator") or ""
            text = "\n".join("".join(p.itertext()) for p in el.iter(f"{{{TEXT}}}p"))
            comment = OdtComment(author, text, "")
            found.append(comment)
            name = el.get(f"{{{OFFICE}}}name")
            if name:
                open_[name] = comment
                collected[name] = []
            else:
                paragraph_of[id(comment)] = el.getparent()
        elif kind == "end":
            assert isinstance(value, str)
            if value in open_:
                open_.pop(value).anchored = "".join(collected.pop(value))
        else:
            assert isinstance(value, str)
            for texts in collected.values():
                texts.append(value)
    for comment in found:
        paragraph = paragraph_of.get(id(comment))
        if paragraph is not None:
            comment.anchored = "".join(v for k, v in _events(paragraph) if k == "text")  # type: ignore[misc]
    return found


_P = (f"{{{TEXT}}}p", f"{{{TEXT}}}h")
_CHARS = {f"{{{TEXT}}}tab": "\t", f"{{{TEXT}}}s": " ", f"{{{TEXT}}}line-break": "\n"}


def _events(el: etree._Element) -> Iterator[tuple[str, object]]:
    """("start", annotation) / ("end", name) / ("text", str) in document order."""
    if el.tag == f"{{{OFFICE}}}annotation":
        yield "start", el
        return
    if el.tag == f"{{{OFFICE}}}annotation-end":
        yield "end", el.get(f"{{{OFFICE}}}name") or ""
        return
    if el.tag in _CHARS:
        yield "text", _CHARS[el.tag]
    if el.text:
        yield "text", el.text
    for child in el:
        yield from _events(child)
        if child.tail:
            yield "text", child.tail
    if el.tag in _P:
        yield "text", "\n"
