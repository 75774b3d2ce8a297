"""Fuzzing ``parse``: mutated .docx bytes, parts, XML trees and zip structure.

The property: ``policykit.parse`` returns a Policy that serialises (as ``parse
--format json`` and ``--format text`` do), or raises one of policykit's own
errors (PK001-PK004). Nothing else may escape, and every example finishes
within a generous bound (hypothesis' deadline reports a slow one; a watchdog
turns a hang into a failure instead of a stuck CI job).

CI runs a few dozen derandomized examples per property. A longer campaign:

    POLICYKIT_FUZZ_EXAMPLES=3000 PYTHONPATH=src python -m pytest tests/test_fuzz.py -q

(random seeds then; a failure prints the reproducing example). Inputs that once
failed live in ``tests/fuzz_regressions`` and are checked here on every run.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import random
import signal
import tempfile
import threading
import warnings
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from policykit import check, parse
from policykit.docx.reader import read_docx
from policykit.errors import DocumentError, PolicykitError
from policykit.outline import outline

from .conftest import CORPUS
from .fuzz_regressions import REGRESSIONS, Regression
from .test_hostile import (
    CONTENT_TYPES,
    R_NS,
    W_NS,
    relationships,
)

CAMPAIGN = "POLICYKIT_FUZZ_EXAMPLES" in os.environ
EXAMPLES = int(os.environ.get("POLICYKIT_FUZZ_EXAMPLES", "50"))
HANG_SECONDS = 60.0  # a hang, not a slow example: the deadline below reports those

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=10),
    derandomize=not CAMPAIGN,  # CI: the same examples every run; a campaign: fresh ones
    database=None,  # no .hypothesis directory to commit or to depend on
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NAMESPACES = (
    f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:mc="{MC_NS}" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)

# --------------------------------------------------------------------------- seeds


def _p(text: str, ppr: str = "", rpr: str = "") -> str:
    head = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:p>{head}<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def _num(num_id: int, ilvl: int = 0) -> str:
    return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'


RICH_BODY = "".join(
    [
        _p("Oakfield Primary School", rpr="<w:b/><w:sz w:val='32'/>"),
        _p("Community Cohesion Policy", '<w:pStyle w:val="Title"/>'),
        _p("Date approved: 12th September 2016"),
        "<w:p><w:r><w:t>Printed: </w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> SAVEDATE \\@ "d MMMM yyyy" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1 March 2024</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
        '<w:p><w:fldSimple w:instr=" DATE "><w:r><w:t>2 March 2024</w:t></w:r></w:fldSimple></w:p>',
        _p("1. Rationale", '<w:pStyle w:val="Heading1"/>'),
        _p("We value every member of our community."),
        _p("Aims", '<w:pStyle w:val="Berschrift1"/>'),
        _p("We promote mutual respect.", _num(1)),
        _p("Through the curriculum.", _num(1, 1)),
        _p("Through assemblies.", _num(2)),
        _p("•\tA typed bullet"),
        _p("o\tA typed sub-bullet", '<w:ind w:left="720"/>'),
        _p("Procedures", '<w:outlineLvl w:val="0"/>'),
        '<w:sdt><w:sdtPr><w:date w:fullDate="2027-03-01T00:00:00Z"/></w:sdtPr><w:sdtContent>'
        + _p("Next review: March 2027")
        + "</w:sdtContent></w:sdt>",
        "<w:p><w:ins w:id='1' w:author='a'><w:r><w:t>Inserted words. </w:t></w:r></w:ins>"
        "<w:del w:id='2' w:author='a'><w:r><w:delText>Deleted words.</w:delText></w:r></w:del>"
        "<w:hyperlink r:id='rIdL'><w:r><w:t>a link</w:t></w:r></w:hyperlink>"
        "<w:smartTag w:element='place'><w:r><w:t> Leeds</w:t></w:r></w:smartTag>"
        "<w:r><w:tab/><w:sym w:font='Symbol' w:char='F0B7'/><w:br/><w:t>end</w:t></w:r></w:p>",
        "<w:p><w:pPr><w:rPr><w:del w:id='3' w:author='a'/></w:rPr></w:pPr>"
        "<w:r><w:t>Joined with </w:t></w:r></w:p>",
        _p("the next paragraph."),
        "<w:p><w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wps:txbx>"
        "<w:txbxContent>" + _p("Text box text") + "</w:txbxContent></wps:txbx></w:drawing>"
        "</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
        + _p("Text box text")
        + "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent>"
        "</w:r></w:p>",
        "<w:tbl><w:tr><w:tc>" + _p("Review date") + "</w:tc><w:tc>" + _p("Autumn 2025") + "</w:tc>"
        "</w:tr><w:tr><w:tc>"
        + _p("Signed")
        + "</w:tc><w:tc><w:tbl><w:tr><w:tc>"
        + _p("J. Smith, Chair")
        + "</w:tc></w:tr></w:tbl>"
        + _p("")
        + "</w:tc></w:tr>"
        "<w:sdt><w:sdtContent><w:tr><w:tc>"
        + _p("Reviewed")
        + "</w:tc><w:tc>"
        + _p("Spring 2018/19")
        + "</w:tc></w:tr></w:sdtContent></w:sdt></w:tbl>",
        _p("Monitoring and Review", '<w:pStyle w:val="Heading2"/>'),
        _p("This policy will be reviewed annually. Next review: TBC."),
        "<w:customXml><w:p><w:r><w:t>custom xml text</w:t></w:r></w:p></w:customXml>",
        '<w:altChunk r:id="rIdX"/>',
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/>'
        '<w:footerReference w:type="default" r:id="rIdF"/></w:sectPr>',
    ]
)

RICH_STYLES = (
    f"<w:styles {NAMESPACES}><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val='22'/></w:rPr>"
    "</w:rPrDefault><w:pPrDefault><w:pPr><w:jc w:val='left'/></w:pPr></w:pPrDefault>"
    "</w:docDefaults>"
    "<w:style w:type='paragraph' w:default='1' w:styleId='Normal'><w:name w:val='Normal'/>"
    "</w:style>"
    "<w:style w:type='paragraph' w:styleId='Title'><w:name w:val='Title'/>"
    "<w:basedOn w:val='Normal'/><w:rPr><w:caps/></w:rPr></w:style>"
    "<w:style w:type='paragraph' w:styleId='Heading1'><w:name w:val='heading 1'/>"
    "<w:basedOn w:val='Normal'/><w:pPr><w:outlineLvl w:val='0'/></w:pPr></w:style>"
    "<w:style w:type='paragraph' w:styleId='Berschrift1'><w:name w:val='heading 1'/>"
    "<w:basedOn w:val='Heading1'/></w:style>"
    "<w:style w:type='paragraph' w:styleId='Heading2'><w:name w:val='heading 2'/>"
    "<w:basedOn w:val='Heading1'/><w:pPr><w:numPr><w:numId w:val='3'/></w:numPr></w:pPr>"
    "</w:style>"
    "<w:style w:type='paragraph' w:styleId='ListBullet2'><w:name w:val='List Bullet 2'/>"
    "<w:pPr><w:numPr><w:numId w:val='2'/></w:numPr><w:ind w:left='1080'/></w:pPr></w:style>"
    "<w:style w:type='character' w:styleId='Strong'><w:name w:val='Strong'/>"
    "<w:rPr><w:b/></w:rPr></w:style>"
    "<w:style w:type='numbering' w:styleId='OutlineList'><w:name w:val='Outline List'/>"
    "<w:pPr><w:numPr><w:numId w:val='3'/></w:numPr></w:pPr></w:style>"
    "</w:styles>"
)

_LEVEL_FORMATS = [
    ("decimal", "%1."),
    ("lowerLetter", "%1.%2)"),
    ("lowerRoman", "%3."),
    ("upperLetter", "%4"),
    ("upperRoman", "%5"),
    ("ordinal", "%6"),
    ("decimalZero", "%7"),
    ("bullet", "\uf0b7"),
    ("none", ""),
]

RICH_NUMBERING = (
    f"<w:numbering {NAMESPACES}>"
    "<w:abstractNum w:abstractNumId='0'>"
    + "".join(
        f"<w:lvl w:ilvl='{i}'><w:start w:val='1'/><w:numFmt w:val='{fmt}'/>"
        f"<w:lvlText w:val='{text}'/><w:pPr><w:ind w:left='{720 * (i + 1)}'/></w:pPr></w:lvl>"
        for i, (fmt, text) in enumerate(_LEVEL_FORMATS)
    )
    + "</w:abstractNum>"
    "<w:abstractNum w:abstractNumId='1'><w:lvl w:ilvl='0'><w:numFmt w:val='bullet'/>"
    "<w:lvlText w:val='o'/></w:lvl></w:abstractNum>"
    "<w:abstractNum w:abstractNumId='2'><w:numStyleLink w:val='OutlineList'/></w:abstractNum>"
    "<w:num w:numId='1'><w:abstractNumId w:val='0'/>"
    "<w:lvlOverride w:ilvl='0'><w:startOverride w:val='3'/></w:lvlOverride></w:num>"
    "<w:num w:numId='2'><w:abstractNumId w:val='1'/></w:num>"
    "<w:num w:numId='3'><w:abstractNumId w:val='0'/></w:num>"
    "<w:num w:numId='4'><w:abstractNumId w:val='2'/></w:num>"
    "</w:numbering>"
)


def rich_docx() -> bytes:
    """A small package using most of what the reader understands: the fuzzers' main seed."""
    core = (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>Community Cohesion Policy</dc:title>'
        "<dc:creator>Head</dc:creator>"
        "<dcterms:modified>2019-09-01T00:00:00Z</dcterms:modified></cp:coreProperties>"
    )
    custom = (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        'name="Review date"><vt:lpwstr>Autumn 2026</vt:lpwstr></property></Properties>'
    )
    parts: dict[str, str] = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": relationships(
            ("rId1", "officeDocument", "word/document.xml"),
            ("rId2", "custom-properties", "docProps/custom.xml"),
        ).replace(
            "</Relationships>",
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            "</Relationships>",
        ),
        "docProps/core.xml": core,
        "docProps/custom.xml": custom,
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f"<w:document {NAMESPACES}><w:body>{RICH_BODY}</w:body></w:document>"
        ),
        "word/_rels/document.xml.rels": relationships(
            ("rIdS", "styles", "styles.xml"),
            ("rIdN", "numbering", "numbering.xml"),
            ("rIdH", "header", "header1.xml"),
            ("rIdF", "footer", "footer1.xml"),
            ("rIdX", "aFChunk", "chunk.html"),
        ).replace(
            "</Relationships>",
            f'<Relationship Id="rIdL" Type="{R_NS}/hyperlink" Target="https://example.org/" '
            'TargetMode="External"/></Relationships>',
        ),
        "word/styles.xml": RICH_STYLES,
        "word/numbering.xml": RICH_NUMBERING,
        "word/header1.xml": f"<w:hdr {NAMESPACES}>{_p('Oakfield Primary School')}</w:hdr>",
        "word/footer1.xml": f"<w:ftr {NAMESPACES}>{_p('Next review: Summer term 2027')}</w:ftr>",
        "word/chunk.html": "<html><body>imported</body></html>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return out.getvalue()


def python_docx_policy() -> bytes:
    """A policy written by python-docx (its default template: big styles, real numbering)."""
    import docx

    document = docx.Document()
    document.add_paragraph("Riverside Academy")
    document.add_paragraph("Community Cohesion Policy", style="Title")
    document.add_paragraph("Approved by governors: 01/09/2016")
    document.add_heading("Aims and Objectives", level=1)
    for text in ("Respect", "Tolerance", "Understanding"):
        document.add_paragraph(text, style="List Bullet")
    document.add_paragraph("Sub-aim", style="List Bullet 2")
    document.add_paragraph("First step", style="List Number")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Review", "Autumn Term 2017"
    table.cell(1, 0).text, table.cell(1, 1).text = "Signed", "Chair of Governors"
    document.sections[0].header.paragraphs[0].text = "Riverside Academy"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@cache
def seeds() -> tuple[bytes, ...]:
    """The documents mutated: built here, plus the shared corpus's policies when present."""
    found = [rich_docx(), python_docx_policy()]
    policies = CORPUS / "policies"
    if policies.is_dir():
        found += [p.read_bytes() for p in sorted(policies.glob("*.docx"))]
    return tuple(found)


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def _zip(parts: list[tuple[str, bytes]], stored: frozenset[str] = frozenset()) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name": on purpose
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, content in parts:
                method = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
                zf.writestr(zipfile.ZipInfo(name), content, compress_type=method)
    return out.getvalue()


# --------------------------------------------------------------------------- the property


class Hang(Exception):
    """Raised by the watchdog inside an example that runs far past any reasonable bound."""


@contextlib.contextmanager
def watchdog(seconds: float = HANG_SECONDS) -> Iterator[None]:
    """Interrupt the block with :class:`Hang` after ``seconds`` (and every second after, in
    case something swallows it). A no-op where SIGALRM is missing or off the main thread."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def fire(signum: int, frame: Any) -> None:
        raise Hang(f"parse ran for more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def parses_or_policykit_error(data: bytes) -> None:
    """THE property: a serialisable Policy, or a coded DocumentError; nothing else escapes."""
    with watchdog():
        try:
            policy = parse(io.BytesIO(data))
        except PolicykitError as exc:
            assert isinstance(exc, DocumentError), exc
            assert exc.code in {"PK001", "PK002", "PK003", "PK004"}
            assert exc.message.strip()
            return
        json.dumps(policy.model_dump(mode="json"))  # what `parse --format json` prints
        outline(policy, full=True)  # and `--format text`


# --------------------------------------------------------------------------- byte mutations

INTERESTING = (
    b"\x00", b"\xff", b"\x7f", b"\x80", b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06",
    b"PK\x06\x06", b"\xff\xff\xff\xff", b"\x00\x00\x00\x00", b"\xfe\xff\xff\x7f", b"<", b"&",
)  # fmt: skip

byte_ops = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 2**31), st.integers(1, 255)),
    st.tuples(st.just("cut"), st.integers(0, 2**31)),
    st.tuples(st.just("delete"), st.integers(0, 2**31), st.integers(1, 64)),
    st.tuples(st.just("duplicate"), st.integers(0, 2**31), st.integers(1, 256)),
    st.tuples(st.just("insert"), st.integers(0, 2**31), st.binary(min_size=1, max_size=16)),
    st.tuples(st.just("poke"), st.integers(0, 2**31), st.sampled_from(INTERESTING)),
    # Aim at zip structure: a field of the n-th header (local, central or end record).
    st.tuples(st.just("header"), st.integers(0, 2**31), st.integers(0, 45), st.integers(0, 255)),
)


def mutate_bytes(data: bytes, ops: list[tuple[Any, ...]]) -> bytes:
    out = bytearray(data)
    for op in ops:
        if not out:
            break
        kind, at = op[0], op[1] % len(out)
        if kind == "flip":
            out[at] ^= op[2]
        elif kind == "cut":
            del out[at:]
        elif kind == "delete":
            del out[at : at + op[2]]
        elif kind == "duplicate":
            out[at:at] = out[at : at + op[2]]
        elif kind == "insert":
            out[at:at] = op[2]
        elif kind == "poke":
            out[at : at + len(op[2])] = op[2]
        elif kind == "header":
            starts = [i for i in range(len(out) - 3) if out[i : i + 2] == b"PK" and out[i + 2] < 9]
            if starts:
                where = starts[op[1] % len(starts)] + op[2]
                if where < len(out):
                    out[where] = op[3]
    return bytes(out)


@FUZZ
@given(seed=st.integers(0, 3), ops=st.lists(byte_ops, min_size=1, max_size=6))
def test_mutated_package_bytes(seed: int, ops: list[tuple[Any, ...]]) -> None:
    data = seeds()[seed % len(seeds())]
    parses_or_policykit_error(mutate_bytes(data, ops))


@FUZZ
@given(
    seed=st.integers(0, 3),
    part=st.integers(0, 2**16),
    ops=st.lists(byte_ops, min_size=1, max_size=4),
    stored=st.booleans(),
)
def test_mutated_part_bytes(seed: int, part: int, ops: list[tuple[Any, ...]], stored: bool) -> None:
    """Bytes of one uncompressed part (XML, mostly) mutated, the zip itself kept sound."""
    parts = list(_parts(seeds()[seed % len(seeds())]).items())
    name, content = parts[part % len(parts)]
    parts[part % len(parts)] = (name, mutate_bytes(content, ops))
    parses_or_policykit_error(_zip(parts, frozenset({name}) if stored else frozenset()))


# --------------------------------------------------------------------------- tree mutations

_W_TAGS = [
    "p",
    "r",
    "t",
    "tbl",
    "tr",
    "tc",
    "sdt",
    "sdtContent",
    "ins",
    "del",
    "delText",
    "fldChar",
    "instrText",
    "fldSimple",
    "hyperlink",
    "drawing",
    "txbxContent",
    "pPr",
    "rPr",
    "pStyle",
    "numPr",
    "ilvl",
    "numId",
    "ind",
    "outlineLvl",
    "b",
    "sz",
    "tab",
    "br",
    "sym",
    "sectPr",
    "headerReference",
    "body",
    "document",
    "customXml",
    "smartTag",
    "moveFrom",
    "moveTo",
    "altChunk",
    "style",
    "basedOn",
    "name",
    "lvl",
    "abstractNum",
    "num",
    "abstractNumId",
    "lvlText",
    "numFmt",
    "start",
    "startOverride",
    "lvlOverride",
    "numStyleLink",
    "date",
    "hdr",
    "ftr",
]
_MC_TAGS = ("AlternateContent", "Choice", "Fallback")
VOCABULARY = (*(f"{{{W_NS}}}{t}" for t in _W_TAGS), *(f"{{{MC_NS}}}{t}" for t in _MC_TAGS))

_W_ATTRIBUTES = [
    "val",
    "ilvl",
    "fldCharType",
    "type",
    "styleId",
    "left",
    "start",
    "instr",
    "char",
    "abstractNumId",
    "numId",
    "default",
    "fullDate",
]
_PLAIN_ATTRIBUTES = ("Target", "Type", "Id", "TargetMode", "PartName", "ContentType")
ATTRIBUTES = (*(f"{{{W_NS}}}{a}" for a in _W_ATTRIBUTES), f"{{{R_NS}}}id", *_PLAIN_ATTRIBUTES)

VALUES = st.one_of(
    st.sampled_from(
        [
            "", "0", "-1", "1", "8", "9", "10", "255", "32767", "2147483648",
            "99999999999999999999", "-99999999999999999999", "inf", "-inf", "nan", "1e999",
            "1.5", "0x10", "abc", "true", "off", "bullet", "lowerLetter", "upperRoman",
            "ordinal", "none", "%1.%2.%3.%4.%5.%6.%7.%8.%9", "%0", "%99", "begin", "separate",
            "end", "DATE", " SAVEDATE ", "rId1", "rIdS", "rIdN", "rIdH", "Heading1", "Title",
            "Normal", "OutlineList", "heading 1", "List Bullet 9", "External", "/word/document.xml",
            "../../../../etc/passwd", "file:///etc/passwd", "word/styles.xml", "styles.xml",
            "2027-03-01T00:00:00Z", "F0B7", "FFFFFFFFFFFF", "•", "\uf0b7",
            "Review date: 31/02/2020",
        ]
    ),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12),
)  # fmt: skip

# Numbers as a hostile producer writes them: extremes, floats, infinities, odd spellings.
NUMBERS = st.one_of(
    st.sampled_from(
        [
            "inf", "-inf", "nan", "1e999", "-1e999", "1e15", "99999999999999999999",
            "2147483647", "-2147483648", "4294967296", "0", "-0", "-1", "+5", " 7 ", "1_000",
            "0.0", "1.5", "\u0661\u0662", "0x7fffffff",
        ]
    ),
    st.integers(-(2**70), 2**70).map(str),
)  # fmt: skip

TEXTS = st.one_of(
    st.sampled_from(
        [
            "", " ", "•\t", "o\t", "1.", "Review date: TBC", "Next review: Spring 2018/19",
            "Approved: 12th September 2016", "Rationale", "AIMS", "Section 3: Procedures",
            "Reviewed annually", "biannually", "Every Child Matters", "[School Name]", "XXX",
            "\t\t\t•  deep", "Date: 01/09/2016 and 2016-09-12 and Sept 2016 and Autumn 2017",
        ]
    ),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40),
)  # fmt: skip

tree_ops = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 2**16)),
    st.tuples(st.just("duplicate"), st.integers(0, 2**16), st.integers(1, 3)),
    st.tuples(st.just("move"), st.integers(0, 2**16), st.integers(0, 2**16), st.integers(0, 8)),
    st.tuples(st.just("shuffle"), st.integers(0, 2**16), st.integers(0, 2**16)),
    st.tuples(st.just("drop_attribute"), st.integers(0, 2**16), st.integers(0, 8)),
    st.tuples(st.just("set_attribute"), st.integers(0, 2**16), st.sampled_from(ATTRIBUTES), VALUES),
    # An attribute the element already has, given a hostile value (twice: it finds the most).
    st.tuples(st.just("revalue"), st.integers(0, 2**16), st.integers(0, 8), NUMBERS),
    st.tuples(st.just("revalue"), st.integers(0, 2**16), st.integers(0, 8), VALUES),
    st.tuples(st.just("rename"), st.integers(0, 2**16), st.sampled_from(VOCABULARY)),
    st.tuples(st.just("wrap"), st.integers(0, 2**16), st.sampled_from(VOCABULARY)),
    st.tuples(
        st.just("insert"), st.integers(0, 2**16), st.sampled_from(VOCABULARY), st.integers(0, 8)
    ),
    st.tuples(st.just("text"), st.integers(0, 2**16), TEXTS),
    st.tuples(st.just("nest"), st.integers(0, 2**16), st.integers(1, 40)),
)  # fmt: skip


def mutate_tree(root: Any, ops: list[tuple[Any, ...]]) -> None:
    """Apply tree operations in place; indices pick among the current elements."""
    for op in ops:
        kind = op[0]
        if kind == "revalue":
            with_attributes = [el for el in root.iter() if isinstance(el.tag, str) and el.attrib]
            if with_attributes:
                el = with_attributes[op[1] % len(with_attributes)]
                el.set(list(el.attrib)[op[2] % len(el.attrib)], op[3])
            continue
        elements = [el for el in root.iter() if isinstance(el.tag, str)]
        el = elements[op[1] % len(elements)]
        parent = el.getparent()
        if kind == "delete" and parent is not None:
            parent.remove(el)
        elif kind == "duplicate" and parent is not None:
            at = parent.index(el)
            for _ in range(op[2]):
                parent.insert(at, copy.deepcopy(el))
        elif kind == "move":
            target = elements[op[2] % len(elements)]
            if target is not el and el not in target.iterancestors() and parent is not None:
                parent.remove(el)
                target.insert(min(op[3], len(target)), el)
        elif kind == "shuffle":
            children = list(el)
            random.Random(op[2]).shuffle(children)
            el[:] = children
        elif kind == "drop_attribute" and el.attrib:
            del el.attrib[list(el.attrib)[op[2] % len(el.attrib)]]
        elif kind == "set_attribute":
            el.set(op[2], op[3])
        elif kind == "rename":
            el.tag = op[2]
        elif kind == "wrap" and parent is not None:
            wrapper = etree.Element(op[2])
            parent.replace(el, wrapper)
            wrapper.append(el)
        elif kind == "insert":
            el.insert(min(op[3], len(el)), etree.Element(op[2]))
        elif kind == "text":
            el.text = op[2]
        elif kind == "nest" and parent is not None:
            at = parent.index(el)
            template = copy.deepcopy(el)
            parent.remove(el)
            current = el
            for _ in range(op[2]):  # the element inside copies of itself
                outer = copy.deepcopy(template)
                outer.append(current)
                current = outer
            parent.insert(at, current)


def _xml_parts(parts: dict[str, bytes]) -> list[str]:
    return [n for n in parts if n.endswith((".xml", ".rels"))]


@FUZZ
@given(
    seed=st.integers(0, 3),
    target=st.integers(0, 2**16),
    in_document=st.booleans(),
    ops=st.lists(tree_ops, min_size=1, max_size=6),
)
def test_mutated_xml_trees(
    seed: int, target: int, in_document: bool, ops: list[tuple[Any, ...]]
) -> None:
    """document.xml (or another XML part) reshaped: elements deleted, duplicated, moved,
    reordered, renamed, wrapped, nested; attributes dropped or set to hostile values."""
    parts = _parts(seeds()[seed % len(seeds())])
    candidates = _xml_parts(parts)
    if in_document:
        name = next(n for n in candidates if n.endswith("document.xml"))
    else:
        name = candidates[target % len(candidates)]
    root = etree.fromstring(parts[name])
    mutate_tree(root, ops)
    parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    parses_or_policykit_error(_zip(list(parts.items())))


@FUZZ
@given(seed=st.integers(0, 3), ops=st.lists(tree_ops, min_size=1, max_size=6))
def test_mutated_documents_through_the_rules(seed: int, ops: list[tuple[Any, ...]]) -> None:
    """The same reshaped documents checked end to end: no rule may crash (PK000)."""
    parts = _parts(seeds()[seed % len(seeds())])
    name = next(n for n in _xml_parts(parts) if n.endswith("document.xml"))
    root = etree.fromstring(parts[name])
    mutate_tree(root, ops)
    parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with tempfile.TemporaryDirectory() as folder, watchdog():
        path = os.path.join(folder, "fuzzed.docx")
        with open(path, "wb") as handle:
            handle.write(_zip(list(parts.items())))
        report = check([path], as_of="2026-11-22").to_dict()
    (doc,) = report["documents"]
    assert (doc["error"] or {}).get("code") != "PK000", doc["error"]
    assert [f for f in doc["findings"] if f["code"] == "PK000"] == []


# --------------------------------------------------------------------------- zip structure

zip_ops = st.one_of(
    st.tuples(st.just("drop"), st.integers(0, 2**16)),
    st.tuples(st.just("duplicate"), st.integers(0, 2**16)),  # the same name twice
    st.tuples(st.just("rename"), st.integers(0, 2**16), st.integers(0, 2**16)),
    st.tuples(st.just("swap"), st.integers(0, 2**16), st.integers(0, 2**16)),
    st.tuples(st.just("empty"), st.integers(0, 2**16)),
    st.tuples(st.just("case"), st.integers(0, 2**16)),
    st.tuples(st.just("junk"), st.sampled_from(["word/document.xml", "/word/document.xml",
                                                 "word\\document.xml", "../evil.xml", ""])),
    st.tuples(st.just("reverse"),),
)  # fmt: skip


@FUZZ
@given(seed=st.integers(0, 3), ops=st.lists(zip_ops, min_size=1, max_size=5))
def test_mutated_zip_structure(seed: int, ops: list[tuple[Any, ...]]) -> None:
    """Parts dropped, duplicated, renamed, swapped, emptied, re-cased, reordered."""
    parts = list(_parts(seeds()[seed % len(seeds())]).items())
    for op in ops:
        if not parts:
            break
        kind = op[0]
        i = op[1] % len(parts) if len(op) > 1 and isinstance(op[1], int) else 0
        if kind == "drop":
            parts.pop(i)
        elif kind == "duplicate":
            parts.append((parts[i][0], parts[(i + 1) % len(parts)][1]))
        elif kind == "rename":
            parts[i] = (parts[op[2] % len(parts)][0], parts[i][1])
        elif kind == "swap":
            j = op[2] % len(parts)
            parts[i], parts[j] = (parts[i][0], parts[j][1]), (parts[j][0], parts[i][1])
        elif kind == "empty":
            parts[i] = (parts[i][0], b"")
        elif kind == "case":
            parts[i] = (parts[i][0].upper(), parts[i][1])
        elif kind == "junk":
            parts.append((op[1], b"<x/>"))
        elif kind == "reverse":
            parts.reverse()
    parses_or_policykit_error(_zip([(n or "unnamed", c) for n, c in parts]))


# --------------------------------------------------------------------------- regressions


def test_the_seeds_parse() -> None:
    for data in seeds():
        policy = parse(io.BytesIO(data))
        assert policy.title


@pytest.mark.parametrize("case", REGRESSIONS, ids=lambda case: case.name)
def test_fuzz_regression(case: Regression) -> None:
    """Inputs that once escaped, hung or blew up: each now parses or gets its coded error."""
    data = case.build()
    if case.code is None:
        with watchdog():
            policy = parse(io.BytesIO(data))
        json.dumps(policy.model_dump(mode="json"))
        outline(policy, full=True)
        if case.check is not None:
            case.check(policy)
        if case.read_check is not None:
            case.read_check(read_docx(io.BytesIO(data)))
    else:
        with watchdog(), pytest.raises(DocumentError) as info:
            parse(io.BytesIO(data))
        assert info.value.code == case.code, info.value
        for phrase in case.phrases:
            assert phrase in info.value.message


def test_the_watchdog_turns_a_hang_into_a_failure() -> None:
    if not hasattr(signal, "setitimer"):
        pytest.skip("no SIGALRM here")

    def spin() -> None:
        while True:
            pass

    with pytest.raises(Hang), watchdog(0.2):
        spin()
