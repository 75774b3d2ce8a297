"""Hostile and broken files, end to end: one of each class in a folder, ``check --format json``.

Every file is made here by a small generator (no committed binaries). Each bad
document must get one coded error (PK001-PK004) that says what to do, each good
one must parse, every document must appear once, and the run must finish with
no traceback, no leaked file content, no changed input and bounded memory.
The generators are reused by ``test_fuzz.py``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import random
import struct
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import policykit.checking as engine
from policykit import parse
from policykit.checking import check, discover
from policykit.cli import main
from policykit.docx.package import OLE_SIGNATURE, Limits
from policykit.errors import DocumentError, PolicykitError

from .conftest import WILD, need_shared

AS_OF = "2026-11-22"
SRC = Path(__file__).resolve().parents[1] / "src"
MIB = 1024 * 1024
RSS_BOUND_MIB = 500
CACHE_ENV = "POLICYKIT_CACHE_DIR"  # where `check` keeps results between runs

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
MAIN_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

# --------------------------------------------------------------------------- generators


def zip_bytes(parts: Mapping[str, str | bytes], *, stored: bool = False) -> bytes:
    """A zip of ``parts`` in order (deflated unless ``stored``)."""
    out = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w", method) as zf:
        for name, content in parts.items():
            zf.writestr(name, content.encode() if isinstance(content, str) else content)
    return out.getvalue()


def relationships(*items: tuple[str, str, str]) -> str:
    """``_rels/*.rels`` content from (id, type's last segment, target)."""
    inner = "".join(
        f'<Relationship Id="{rid}" Type="{R_NS}/{kind}" Target="{target}"/>'
        for rid, kind, target in items
    )
    return f'<Relationships xmlns="{PKG_NS}">{inner}</Relationships>'


CONTENT_TYPES = (
    f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{CT_NS}">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{MAIN_CT}"/></Types>'
)

STYLES = (
    f'<w:styles xmlns:w="{W_NS}">'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
    '<w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/>'
    '<w:basedOn w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr>'
    "<w:rPr><w:b/></w:rPr></w:style>"
    '<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/>'
    '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    "</w:styles>"
)

NUMBERING = (
    f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/>'
    '<w:pPr><w:ind w:left="720"/></w:pPr></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
    '<w:lvlText w:val="%2)"/><w:pPr><w:ind w:left="1440"/></w:pPr></w:lvl>'
    '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
)


def para(text: str, style: str | None = None, ppr: str = "") -> str:
    """One ``w:p`` (``text`` is XML-escaped by the caller when needed)."""
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + ppr
    head = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f'<w:p>{head}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def document_xml(body: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}</w:body></w:document>'
    )


def docx_bytes(
    body: str = "",
    *,
    document: str | bytes | None = None,
    extra: Mapping[str, str | bytes] | None = None,
    stored: bool = False,
) -> bytes:
    """A .docx: content types, package rels, document (``body`` or a whole ``document``),
    styles and numbering, plus ``extra`` parts."""
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": relationships(("rId1", "officeDocument", "word/document.xml")),
        "word/document.xml": document if document is not None else document_xml(body),
        "word/_rels/document.xml.rels": relationships(
            ("rIdS", "styles", "styles.xml"), ("rIdN", "numbering", "numbering.xml")
        ),
        "word/styles.xml": STYLES,
        "word/numbering.xml": NUMBERING,
    }
    parts.update(extra or {})
    return zip_bytes(parts, stored=stored)


def policy_body(school: str = "Oakfield Primary School", extra: Sequence[str] = ()) -> str:
    bullet = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
    return "".join(
        [
            para(school),
            para("Community Cohesion Policy", "Title"),
            para("Date approved: March 2024"),
            para("Review date: March 2027"),
            para("Rationale", "Heading1"),
            para("We value every member of our community and its diversity."),
            para("Aims", "Heading1"),
            para("We promote mutual respect.", ppr=bullet),
            para("We celebrate our differences.", ppr=bullet),
            para("Procedures", "Heading1"),
            para("We work with families, faith groups and local partners."),
            para("Review", "Heading1"),
            para("This policy will be reviewed every three years."),
            *extra,
        ]
    )


def policy_docx(school: str = "Oakfield Primary School") -> bytes:
    """A small valid community cohesion policy."""
    return docx_bytes(policy_body(school))


def big_docx(paragraphs: int = 20_000) -> bytes:
    """A valid policy with ``paragraphs`` body paragraphs, a heading every 50."""
    rng = random.Random(20_000)
    words = ("pupils", "staff", "governors", "community", "respect", "values", "parents", "we")
    extra = []
    for i in range(paragraphs - 13):
        if i % 50 == 0:
            extra.append(para(f"Part {i // 50 + 1}", "Heading1"))
        else:
            extra.append(para(" ".join(rng.choice(words) for _ in range(12)) + f" ({i})."))
    return docx_bytes(policy_body(extra=extra))


def ole_bytes(streams: Sequence[str], stream_size: int = 4096) -> bytes:
    """A small, well-formed OLE compound file (CFB version 3) holding ``streams``.

    Word 97-2003 files hold ``WordDocument``; password-protected .docx files hold
    ``EncryptionInfo`` and ``EncryptedPackage``. Streams are ``stream_size`` bytes
    (at least 4096, so they live in ordinary sectors, not the mini stream).
    """
    assert stream_size >= 4096 and stream_size % 512 == 0 and len(streams) <= 3
    end, free, fat_sector, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    per_stream = stream_size // 512
    fat = [fat_sector, end]  # sector 0: the FAT itself; sector 1: the directory
    starts = []
    for _ in streams:
        start = len(fat)
        starts.append(start)
        fat.extend(range(start + 1, start + per_stream))
        fat.append(end)
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return struct.pack(
            "<64sHBBIII16sIQQIQ",
            encoded, len(encoded), kind, 1, no_stream, right, child, bytes(16), 0, 0, 0,
            start, size,
        )  # fmt: skip

    # Siblings as a right-leaning chain in CFB order (name length, then upper case).
    order = sorted(range(len(streams)), key=lambda i: (len(streams[i]), streams[i].upper()))
    right = {order[k]: order[k + 1] + 1 for k in range(len(order) - 1)}
    directory = entry("Root Entry", 5, order[0] + 1 if order else no_stream, no_stream, end, 0)
    for i, name in enumerate(streams):
        directory += entry(name, 2, no_stream, right.get(i, no_stream), starts[i], stream_size)
    directory += bytes(512 - len(directory))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        OLE_SIGNATURE, bytes(16), 0x3E, 3, 0xFFFE, 9, 6, bytes(6), 0, 1, 1, 0, 4096, end, 0,
        end, 0,
    )  # fmt: skip
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108
    body = b"".join(name.encode("ascii").ljust(stream_size, b"\0") for name in streams)
    return header + struct.pack("<128I", *fat) + directory + body


def _deflated_part(name: str, chunk: bytes, count: int, level: int = 1) -> bytes:
    """A zip whose part ``name`` is ``chunk`` written ``count`` times, deflated as it streams."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", relationships(("rId1", "officeDocument", name)))
        with zf.open(name, "w", force_zip64=True) as part:
            for _ in range(count):
                part.write(chunk)
    return out.getvalue()


def ratio_bomb(mib: int = 80) -> bytes:
    """80 MiB of blank space compressed about 1000 to 1 (a file of about 80 KB)."""
    return _deflated_part("word/document.xml", b" " * MIB, mib, level=9)


def size_bomb(mib: int = 65) -> bytes:
    """A part inflating to ``mib`` MiB at a modest ratio (about 60 to 1): only its size is wrong."""
    rng = random.Random(65)
    chunk = bytearray(b" " * MIB)
    for at in range(0, MIB, 1024):
        chunk[at : at + 16] = rng.randbytes(8).hex().encode()
    return _deflated_part("word/document.xml", bytes(chunk), mib)


def deep_docx(depth: int = 400) -> bytes:
    """Content controls nested ``depth`` deep (libxml2 refuses more than 256 levels)."""
    nest = "<w:sdt><w:sdtContent>" * depth + para("deep") + "</w:sdtContent></w:sdt>" * depth
    return docx_bytes(nest)


def markup_bomb(tags: int = 2_100_000) -> bytes:
    """More XML tags than any Word document has, at a ratio no zip-bomb check notices."""
    rng = random.Random(2)
    letters = "abcdefghijklmnopqrstuvwxyz"
    chunk = "".join(f"<w:{rng.choice(letters)}/>" for _ in range(100_000)).encode()
    head = f'<w:document xmlns:w="{W_NS}"><w:body>'.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("_rels/.rels", relationships(("rId1", "officeDocument", "word/document.xml")))
        with zf.open("word/document.xml", "w") as part:
            part.write(head)
            for _ in range(tags // 100_000 + 1):
                part.write(chunk)
            part.write(b"</w:body></w:document>")
    return out.getvalue()


def paragraph_bomb(paragraphs: int = 200_001) -> bytes:
    """Empty paragraphs, stored uncompressed (ratio 1): only their number is absurd."""
    return docx_bytes("<w:p/>" * paragraphs, stored=True)


def _words(rng: random.Random, chars: int) -> str:
    words = ("pupils", "staff", "governors", "community", "respect", "values", "we", "2019")
    out: list[str] = []
    size = 0
    while size < chars:
        out.append(rng.choice(words))
        size += len(out[-1]) + 1
    return " ".join(out)


def streamed_docx(head: str, chunk: str, count: int, tail: str) -> bytes:
    """A .docx whose document is ``head``, ``chunk`` ``count`` times, ``tail``, written as it
    is deflated (a chunk of 1 MiB or more is not found again by deflate: ratio stays low)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", relationships(("rId1", "officeDocument", "word/document.xml")))
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(f'<w:document xmlns:w="{W_NS}"><w:body>{head}'.encode())
            encoded = chunk.encode()
            for _ in range(count):
                part.write(encoded)
            part.write(f"{tail}</w:body></w:document>".encode())
    return out.getvalue()


def text_bomb(mib: int = 21) -> bytes:
    """One paragraph of ``mib`` MiB of words in 64 KB runs: more text than any policy."""
    text = _words(random.Random(21), 64 * 1024)
    run = f"<w:r><w:t>{text} </w:t></w:r>"
    return streamed_docx(para("Community Cohesion Policy") + "<w:p>", run * 16, mib, "</w:p>")


def text_node_bomb() -> bytes:
    """A single w:t of 11 million characters: over libxml2's limit for one text node."""
    text = _words(random.Random(11), MIB)
    return streamed_docx("<w:p><w:r><w:t>", text, 11, "</w:t></w:r></w:p>")


def many_runs_docx(runs: int = 150_000) -> bytes:
    """A valid paragraph of ``runs`` tiny runs (reading it must not be quadratic)."""
    rng = random.Random(150)
    body = "".join(f"<w:r><w:t>{rng.randrange(10**8):08d} </w:t></w:r>" for _ in range(runs))
    return docx_bytes(policy_body(extra=[f"<w:p>{body}</w:p>"]))


def xxe_docx(target: str, *, parameter: bool = False) -> bytes:
    """A document whose DTD names ``target`` as an external (general or parameter) entity."""
    if parameter:
        dtd = f'<!DOCTYPE w:document [<!ENTITY % leak SYSTEM "{target}"> %leak;]>'
        text = "parameter entity"
    else:
        dtd = f'<!DOCTYPE w:document [<!ENTITY leak SYSTEM "{target}">]>'
        text = "&leak;"
    document = (
        f'<?xml version="1.0"?>{dtd}<w:document xmlns:w="{W_NS}"><w:body>'
        f"{para('Community Cohesion Policy')}{para(text)}</w:body></w:document>"
    )
    return docx_bytes(document=document)


def billion_laughs(levels: int = 10) -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)
    )
    document = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
        f'<w:document xmlns:w="{W_NS}"><w:body>{para(f"&lol{levels - 1};")}</w:body></w:document>'
    )
    return docx_bytes(document=document)


def truncated(data: bytes) -> bytes:
    return data[: len(data) * 2 // 3]


def corrupted(data: bytes) -> bytes:
    """Flip bytes inside the compressed document part (the central directory stays intact)."""
    out = bytearray(data)
    at = out.index(b"word/document.xml") + len("word/document.xml") + 20
    for i in range(at, at + 32):
        out[i] ^= 0xA5
    return bytes(out)


# --------------------------------------------------------------------------- the folder

SECRET = "policykit-xxe-secret-7f3a9c"

GOOD = "good/Community Cohesion Policy.docx"
#: Expected result of each document found: None (parsed) or the error code.
EXPECTED: dict[str, str | None] = {
    GOOD: None,
    "good/Política de cohesión – 2024.docx": None,
    "good/学校方针 (草案).docx": None,
    "good/emoji 🎓 policy.docx": None,
    'good/Oak\'s "draft"; v2, final #1 & more.docx': None,
    "good/Cafe\u0301 decomposed.docx": None,
    "good/Caf\u00e9 composed.docx": None,
    "good/folder.docx/inside a folder named like a document.docx": None,
    "good/UPPER CASE.DOCX": None,
    "good/macro-enabled.docm": None,
    "big/twenty thousand paragraphs.docx": None,
    "big/one paragraph of 150,000 runs.docx": None,
    "bad/empty.docx": "PK001",
    "bad/plain text renamed.docx": "PK001",
    "bad/pdf renamed.docx": "PK001",
    "bad/truncated.docx": "PK001",
    "bad/corrupt.docx": "PK001",
    "bad/no main part.docx": "PK001",
    "bad/spreadsheet renamed.docx": "PK001",
    "bad/malformed xml.docx": "PK001",
    "bad/legacy word 97.doc": "PK002",
    "bad/legacy renamed.docx": "PK002",
    "bad/password protected.docx": "PK003",
    "bombs/zip bomb ratio.docx": "PK004",
    "bombs/zip bomb size.docx": "PK004",
    "bombs/nested too deep.docx": "PK004",
    "bombs/too much markup.docx": "PK004",
    "bombs/too many paragraphs.docx": "PK004",
    "bombs/too much text.docx": "PK004",
    "bombs/text node too long.docx": "PK004",
    "entities/external entity.docx": "PK001",
    "entities/external parameter entity.docx": "PK001",
    "entities/billion laughs.docx": "PK001",
    "good/minutes.pdf": "PK006",  # policy-like: listed, not read
}
#: Present in the folder but not documents: never reported.
SKIPPED = (
    "good/~$mmunity Cohesion Policy.docx",
    "good/._Community Cohesion Policy.docx",
    "good/register.xlsx",
    "good/notes.txt",
)


def build_hostile_folder(root: Path, secret_file: Path) -> dict[str, str | None]:
    """Write one file of each class under ``root``; return the expected result per document."""
    expected = dict(EXPECTED)
    good = policy_docx()
    files: dict[str, bytes] = {name: good for name, code in EXPECTED.items() if code is None}
    files["big/twenty thousand paragraphs.docx"] = big_docx()
    files["big/one paragraph of 150,000 runs.docx"] = many_runs_docx()
    files.update(
        {
            "bad/empty.docx": b"",
            "bad/plain text renamed.docx": b"Community Cohesion Policy\nReview: 2025\n",
            "bad/pdf renamed.docx": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
            "bad/truncated.docx": truncated(good),
            "bad/corrupt.docx": corrupted(good),
            "bad/no main part.docx": zip_bytes({"docProps/app.xml": "<Properties/>"}),
            "bad/spreadsheet renamed.docx": zip_bytes(
                {
                    "_rels/.rels": relationships(("rId1", "officeDocument", "xl/workbook.xml")),
                    "xl/workbook.xml": '<workbook xmlns="urn:example:sheet"/>',
                }
            ),
            "bad/malformed xml.docx": docx_bytes(document=document_xml(para("x"))[:-20]),
            "bad/legacy word 97.doc": ole_bytes(["WordDocument", "1Table"]),
            "bad/legacy renamed.docx": ole_bytes(["WordDocument", "1Table"]),
            "bad/password protected.docx": ole_bytes(["EncryptionInfo", "EncryptedPackage"]),
            "bombs/zip bomb ratio.docx": ratio_bomb(),
            "bombs/zip bomb size.docx": size_bomb(),
            "bombs/nested too deep.docx": deep_docx(),
            "bombs/too much markup.docx": markup_bomb(),
            "bombs/too many paragraphs.docx": paragraph_bomb(),
            "bombs/too much text.docx": text_bomb(),
            "bombs/text node too long.docx": text_node_bomb(),
            "entities/external entity.docx": xxe_docx(secret_file.as_uri()),
            "entities/external parameter entity.docx": xxe_docx(
                secret_file.as_uri(), parameter=True
            ),
            "entities/billion laughs.docx": billion_laughs(),
            "good/~$mmunity Cohesion Policy.docx": b"\x05Owner" + bytes(155),
            "good/._Community Cohesion Policy.docx": b"\x00\x05\x16\x07" + bytes(60),
            "good/minutes.pdf": b"%PDF-1.4\n",
            "good/register.xlsx": zip_bytes({"xl/workbook.xml": "<workbook/>"}),
            "good/notes.txt": b"not a policy",
        }
    )
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if hasattr(os, "mkfifo"):
        # A FIFO named like a document is not a regular file: not found, never opened. A
        # parameter entity naming a FIFO would block a parser that opens it for ever.
        os.mkfifo(root / "good" / "a pipe.docx")
        os.mkfifo(root / "entities" / "entity.fifo")
        (root / "entities" / "parameter entity naming a FIFO.docx").write_bytes(
            xxe_docx((root / "entities" / "entity.fifo").as_uri(), parameter=True)
        )
        expected["entities/parameter entity naming a FIFO.docx"] = "PK001"
    if hasattr(os, "symlink"):
        links = root / "zz links"
        links.mkdir()
        os.symlink(root, links / "loop back to the top")  # a folder loop
        os.symlink(root / "good", links / "good again")  # a folder seen twice
        os.symlink(root / GOOD, links / "the same document.docx")  # a file seen twice
        os.symlink(root / "nowhere.docx", links / "broken link.docx")
        expected["zz links/broken link.docx"] = "PK001"
    return expected


def tree_digest(root: Path) -> dict[str, tuple[str, int]]:
    """Every regular file under ``root`` (links not followed): sha256 and mtime."""
    out: dict[str, tuple[str, int]] = {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            if path.is_symlink() or not path.is_file():
                out[str(path.relative_to(root))] = ("not a regular file", 0)
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            out[str(path.relative_to(root))] = (digest, path.stat().st_mtime_ns)
    return out


@pytest.fixture(autouse=True)
def fresh_result_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`check` keeps results between runs: start every test here with an empty cache, so
    documents are really read (the generated files are the same bytes in every session)."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path_factory.mktemp("result-cache")))


@pytest.fixture(scope="module")
def secret_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("secret") / "secret.txt"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile(
    tmp_path_factory: pytest.TempPathFactory, secret_file: Path
) -> tuple[Path, dict[str, str | None]]:
    root = tmp_path_factory.mktemp("hostile")
    return root, build_hostile_folder(root, secret_file)


@dataclass(frozen=True)
class Run:
    """One ``policykit check`` of the hostile folder, in a subprocess."""

    proc: subprocess.CompletedProcess[str]
    peak_mib: int  # the largest resident set of the command or any worker
    cache: Path  # the result cache it used (fresh, unless a warm run was asked for)


def run_measured(args: Sequence[str], cache: Path, timeout: float = 300) -> Run:
    """Run ``python -m policykit ARGS`` below a fresh parent, with its result cache in
    ``cache`` (a fresh folder: every document really parsed, whatever earlier runs kept).

    The parent reports ``RUSAGE_CHILDREN``: the largest resident set of the
    command and of every worker process it waited for, and of nothing else.
    """
    driver = (
        "import resource, subprocess, sys\n"
        "proc = subprocess.run(sys.argv[1:])\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(f'PEAK-RSS {peak}', file=sys.stderr)\n"
        "sys.exit(proc.returncode)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC), CACHE_ENV: str(cache)}
    proc = subprocess.run(
        [sys.executable, "-c", driver, sys.executable, "-m", "policykit", *args],
        capture_output=True, text=True, env=env, timeout=timeout, check=False,
    )  # fmt: skip
    marker = [line for line in proc.stderr.splitlines() if line.startswith("PEAK-RSS ")]
    assert marker, proc.stderr
    peak = int(marker[-1].split()[1])
    peak_mib = peak // MIB if sys.platform == "darwin" else peak // 1024  # bytes vs KiB
    return Run(proc, peak_mib, cache)


def check_hostile(root: Path, cache: Path, jobs: int) -> Run:
    """``check --format json`` over the folder; the folder must come out unchanged."""
    before = tree_digest(root)
    args = ["check", str(root), "--format", "json", "--as-of", AS_OF, "--no-progress"]
    run = run_measured([*args, "--jobs", str(jobs)], cache)
    assert tree_digest(root) == before, "checking changed a file in the folder"
    return run


@pytest.fixture(scope="module")
def hostile_run(
    hostile: tuple[Path, dict[str, str | None]], tmp_path_factory: pytest.TempPathFactory
) -> Run:
    return check_hostile(hostile[0], tmp_path_factory.mktemp("cache"), jobs=1)


def documents_by_path(stdout: str, root: Path) -> dict[str, dict[str, Any]]:
    data = json.loads(stdout)
    documents = [d for d in data["documents"] if d["status"] != "school"]  # not PK5 folder records
    paths = [d["path"] for d in documents]
    assert len(paths) == len(set(paths)), "a document is reported twice"
    return {Path(d["path"]).relative_to(root).as_posix(): d for d in documents}


# --------------------------------------------------------------------------- the folder, end to end


def test_every_document_appears_once_with_its_expected_result(
    hostile: tuple[Path, dict[str, str | None]],
    hostile_run: Run,
) -> None:
    root, expected = hostile
    proc = hostile_run.proc
    assert proc.returncode == 1, proc.stderr
    docs = documents_by_path(proc.stdout, root)
    assert sorted(docs) == sorted(expected)
    got = {name: (d["error"] or {}).get("code") for name, d in docs.items()}
    assert got == expected
    for name in SKIPPED:
        assert name not in docs


def test_bad_documents_say_what_is_wrong_and_what_to_do(
    hostile: tuple[Path, dict[str, str | None]],
    hostile_run: Run,
) -> None:
    root, _expected = hostile
    docs = documents_by_path(hostile_run.proc.stdout, root)
    hints = {
        "PK001": ("Word", "LibreOffice", "check it again", "refused", "split"),
        "PK002": ("soffice --headless --convert-to docx",),
        "PK003": ("password",),
        "PK004": ("zip bomb", "too large", "too deeply", "split"),
        "PK006": ("check the Word original",),
    }
    for name, doc in docs.items():
        error = doc["error"]
        if error is None:
            assert doc["kind"] == "community-cohesion", name
            continue
        assert doc["findings"] == [], name
        assert any(hint in error["message"] for hint in hints[error["code"]]), (name, error)
        assert "Traceback" not in error["message"] and "Error:" not in error["message"], name
    assert "compressed more than" in docs["bombs/zip bomb ratio.docx"]["error"]["message"]
    assert "MiB" in docs["bombs/zip bomb size.docx"]["error"]["message"]
    assert "nested too deeply" in docs["bombs/nested too deep.docx"]["error"]["message"]


def test_no_traceback_no_leak_and_bounded_memory(
    secret_file: Path,
    hostile_run: Run,
) -> None:
    proc, peak_mib = hostile_run.proc, hostile_run.peak_mib
    assert "Traceback" not in proc.stderr, proc.stderr
    assert SECRET not in proc.stdout and SECRET not in proc.stderr
    assert str(secret_file.name) not in proc.stdout  # the file was never even opened
    assert peak_mib < RSS_BOUND_MIB, f"peak resident set {peak_mib} MiB"
    print(f"hostile folder: peak RSS {peak_mib} MiB")


def test_the_text_report_names_every_bad_file_and_leaks_nothing(
    hostile: tuple[Path, dict[str, str | None]], secret_file: Path
) -> None:
    root, expected = hostile
    result = CliRunner().invoke(
        main, ["check", str(root), "--as-of", AS_OF, "--jobs", "1", "--select", "PK0"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 1
    assert SECRET not in result.output
    lines = result.output.splitlines()
    for name, code in expected.items():
        if code is None:
            continue
        path = str(root / name)
        severity = "warning" if code == "PK006" else "error"
        assert any(line.startswith(f"{path}: {severity} {code} ") for line in lines), name


@pytest.mark.slow
def test_parallel_workers_give_the_same_report(
    hostile: tuple[Path, dict[str, str | None]],
    hostile_run: Run,
) -> None:
    run = check_hostile(hostile[0], hostile_run.cache.with_name("cache-parallel"), jobs=3)
    assert run.proc.returncode == 1 and "Traceback" not in run.proc.stderr, run.proc.stderr
    assert json.loads(run.proc.stdout) == json.loads(hostile_run.proc.stdout)
    assert run.peak_mib < RSS_BOUND_MIB


def test_a_second_run_from_the_result_cache_gives_the_same_report(
    hostile: tuple[Path, dict[str, str | None]], hostile_run: Run
) -> None:
    run = check_hostile(hostile[0], hostile_run.cache, jobs=2)  # the first run's cache, warm
    assert run.proc.returncode == 1 and "Traceback" not in run.proc.stderr, run.proc.stderr
    assert json.loads(run.proc.stdout) == json.loads(hostile_run.proc.stdout)


# --------------------------------------------------------------------------- single classes


def test_legacy_and_encrypted_ole_files_by_their_streams(tmp_path: Path) -> None:
    legacy = tmp_path / "Behaviour Policy.docx"
    legacy.write_bytes(ole_bytes(["WordDocument", "1Table", "Data"]))
    encrypted = tmp_path / "Draft.docx"
    encrypted.write_bytes(ole_bytes(["EncryptionInfo", "EncryptedPackage"], stream_size=8192))
    with pytest.raises(DocumentError) as info:
        parse(legacy)
    assert info.value.code == "PK002" and str(legacy) in str(info.value)
    assert "soffice --headless --convert-to docx" in info.value.message
    with pytest.raises(DocumentError) as info:
        parse(encrypted)
    assert info.value.code == "PK003" and "password" in info.value.message


def test_twenty_thousand_paragraphs_parse() -> None:
    data = big_docx(20_000)
    start = time.perf_counter()
    policy = parse(io.BytesIO(data))
    elapsed = time.perf_counter() - start
    assert policy.title == "Community Cohesion Policy"
    assert [s.id for s in policy.sections][:4] == ["rationale", "aims", "procedures", "review"]
    assert sum(1 for s in policy.sections if s.heading.startswith("Part ")) == 400
    print(f"20,000 paragraphs parsed in {elapsed:.2f} s")  # shown with -s; never asserted


def test_limits_refuse_before_the_work_is_done() -> None:
    """The markup and paragraph limits are counted before the walk, and can be set."""
    small = Limits(max_markup=1_000, max_blocks=100)
    from policykit.docx.reader import read_docx

    with pytest.raises(DocumentError, match="tags and attributes") as info:
        read_docx(io.BytesIO(docx_bytes(para("x") * 300)), limits=small)
    assert info.value.code == "PK004"
    with pytest.raises(DocumentError, match="paragraphs, table rows and cells") as info:
        read_docx(io.BytesIO(docx_bytes("<w:p/>" * 101)), limits=small)
    assert info.value.code == "PK004"
    assert read_docx(io.BytesIO(docx_bytes("<w:p/>" * 99)), limits=small).paragraphs()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_explicitly_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.docx"
    os.mkfifo(fifo)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.run(
        [sys.executable, "-m", "policykit", "check", str(fifo), "--format", "json"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    doc = json.loads(proc.stdout)["documents"][0]
    assert doc["error"]["code"] == "PK001" and "not a regular file" in doc["error"]["message"]


# --------------------------------------------------------------------------- folders


def test_a_file_that_vanishes_after_discovery_is_pk001(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.docx", "b.docx", "c.docx"):
        (tmp_path / name).write_bytes(policy_docx())
    real = engine.discover

    def discover_then_lose_b(paths: Any) -> list[str]:
        found = real(paths)
        (tmp_path / "b.docx").unlink()  # a sync client moves it away mid-run
        return found

    monkeypatch.setattr(engine, "discover", discover_then_lose_b)
    result = CliRunner().invoke(
        main, ["check", str(tmp_path), "--format", "json", "--jobs", "1", "--as-of", AS_OF],
        catch_exceptions=False,
    )  # fmt: skip
    docs = {Path(d["path"]).name: d for d in json.loads(result.output)["documents"]}
    assert sorted(docs) == ["a.docx", "b.docx", "c.docx"]
    assert docs["b.docx"]["error"]["code"] == "PK001"
    assert "moved or deleted" in docs["b.docx"]["error"]["message"]
    assert docs["a.docx"]["error"] is None and docs["c.docx"]["error"] is None


def _unreadable_result(folder: Path) -> dict[str, dict[str, Any]]:
    report = check([folder], as_of=AS_OF).to_dict()
    return {Path(d["path"]).name: d for d in report["documents"]}


def test_an_unreadable_file_is_pk001_simulated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Permission denied on open, simulated: as root (CI) chmod 000 does not stop reading."""
    (tmp_path / "locked.docx").write_bytes(policy_docx())
    (tmp_path / "open.docx").write_bytes(policy_docx())
    real_open = os.open
    locked = str(tmp_path / "locked.docx")

    def deny(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    docs = _unreadable_result(tmp_path)
    assert docs["locked.docx"]["error"]["code"] == "PK001"
    assert "permission denied" in docs["locked.docx"]["error"]["message"]
    assert docs["open.docx"]["error"] is None


def test_a_folder_that_cannot_be_listed_is_reported_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Permission denied on a school's folder, simulated (as root chmod does not stop it)."""
    for school in ("ash", "birch", "cedar", "dogwood"):
        (tmp_path / school).mkdir()
        (tmp_path / school / "cohesion.docx").write_bytes(policy_docx())
    locked = str(tmp_path / "birch")
    real_scandir = os.scandir

    def deny(path: Any = ".") -> Any:
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", deny)
    report = check([tmp_path], as_of=AS_OF)
    paths = [Path(d.path).relative_to(tmp_path).as_posix() for d in report.documents]
    assert paths == ["ash/cohesion.docx", "birch", "cedar/cohesion.docx", "dogwood/cohesion.docx"]
    folder = report.documents[1]
    assert folder.status == "unreadable"
    assert folder.error is not None and folder.error.code == "PK001"
    assert "permission denied" in folder.error.message and "not checked" in folder.error.message
    assert [d.error for d in report.documents if d is not folder] == [None, None, None]
    assert report.exit_code() == 1
    unlisted = discover([tmp_path])[1]
    assert isinstance(unlisted, engine.UnlistedFolder)
    assert pickle.loads(pickle.dumps(unlisted)).reason == unlisted.reason == "permission denied"
    # The same through the command line, with two workers.
    result = CliRunner().invoke(
        main, ["check", str(tmp_path), "--as-of", AS_OF, "--jobs", "2", "--format", "json"]
    )
    documents = {Path(d["path"]).name: d for d in json.loads(result.output)["documents"]}
    assert documents["birch"]["error"]["code"] == "PK001"
    assert result.exit_code == 1


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="as root (as in CI) chmod 000 does not stop reading; the simulated test covers it",
)
def test_an_unreadable_file_is_pk001_chmod(tmp_path: Path) -> None:
    locked = tmp_path / "locked.docx"
    locked.write_bytes(policy_docx())
    locked.chmod(0)
    try:
        docs = _unreadable_result(tmp_path)
    finally:
        locked.chmod(0o644)
    assert docs["locked.docx"]["error"]["code"] == "PK001"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_links_to_files_loops_and_dangling_links(tmp_path: Path) -> None:
    (tmp_path / "real.docx").write_bytes(policy_docx())
    os.symlink(tmp_path / "real.docx", tmp_path / "alias.docx")
    os.symlink(tmp_path / "b.docx", tmp_path / "a.docx")  # a loop of two file links
    os.symlink(tmp_path / "a.docx", tmp_path / "b.docx")
    os.symlink(tmp_path / "gone.docx", tmp_path / "dangling.docx")
    os.symlink(tmp_path, tmp_path / "self")
    found = [Path(p).name for p in discover([tmp_path])]
    assert found == ["a.docx", "alias.docx", "b.docx", "dangling.docx"]  # real.docx is alias
    docs = _unreadable_result(tmp_path)
    assert docs["alias.docx"]["error"] is None
    for name in ("a.docx", "b.docx", "dangling.docx"):
        assert docs[name]["error"]["code"] == "PK001", name


@pytest.fixture
def deep_tree(tmp_path: Path) -> Iterator[Path]:
    """A document one folder deeper than Python's recursion limit, removed again afterwards
    without recursion (pytest's own clean-up would hit the limit and leave it behind)."""
    depth = sys.getrecursionlimit() + 100
    old = os.getcwd()
    try:  # one short name per level, made relative to stay under PATH_MAX
        os.chdir(tmp_path)
        for _ in range(depth):
            os.mkdir("d")
            os.chdir("d")
        Path("deep.docx").write_bytes(policy_docx())
    finally:
        os.chdir(old)
    yield tmp_path
    try:
        os.chdir(tmp_path)
        for _ in range(depth):
            os.chdir("d")
        os.remove("deep.docx")
        for _ in range(depth):
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(old)


def test_a_folder_tree_deeper_than_the_recursion_limit_is_walked(deep_tree: Path) -> None:
    found = discover([deep_tree])
    assert len(found) == 1 and found[0].endswith("deep.docx")


def test_checking_a_folder_tree_deeper_than_the_recursion_limit(deep_tree: Path) -> None:
    report = check([deep_tree], as_of=AS_OF)
    assert [d.error for d in report.documents] == [None]


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="needs byte file names")
def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/caf\xe9 latin-1.docx"
    with open(name, "wb") as handle:
        handle.write(policy_docx())
    for fmt in ("json", "sarif"):
        proc = subprocess.run(
            [sys.executable, "-m", "policykit", "check", str(tmp_path), "--format", fmt],
            capture_output=True, env={**os.environ, "PYTHONPATH": str(SRC)}, timeout=60,
            check=False,
        )  # fmt: skip
        assert b"Traceback" not in proc.stderr
        data = json.loads(proc.stdout.decode("utf-8"))  # the report itself is valid UTF-8
        assert data


# --------------------------------------------------------------------------- the wild corpus


def test_the_wild_corpus_has_no_internal_error() -> None:
    need_shared()
    files = sorted(p for p in WILD.rglob("*") if p.is_file() and engine.is_candidate(p.name))
    assert len(files) >= 200
    result = CliRunner().invoke(
        main, ["check", str(WILD), "--format", "json", "--jobs", "1", "--as-of", AS_OF],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code in (0, 1)
    docs = json.loads(result.output)["documents"]
    assert sorted(d["path"] for d in docs) == sorted(map(str, files))
    internal = {d["path"]: d["error"] for d in docs if (d["error"] or {}).get("code") == "PK000"}
    assert internal == {}
    crashed_rules = {
        d["path"]: f["message"] for d in docs for f in d["findings"] if f["code"] == "PK000"
    }
    assert crashed_rules == {}
    for doc in docs:
        if doc["error"] is not None:
            assert doc["error"]["code"] in {"PK001", "PK002", "PK003", "PK004", "PK006"}


def test_every_wild_document_parses_and_serialises_or_raises_a_policykit_error() -> None:
    need_shared()
    from policykit.outline import outline

    for path in sorted(WILD.rglob("*.docx")):
        try:
            policy = parse(path)
        except PolicykitError as exc:
            assert str(path) in str(exc)
            continue
        json.dumps(policy.model_dump(mode="json"))
        outline(policy, full=True)
