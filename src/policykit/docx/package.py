"""The .docx package: the zip container, its safety limits and its relationships.

:func:`open_package` tells a Word 97-2003 file, an encrypted document, an empty
file and a non-zip apart before any XML is parsed. :class:`Package` reads parts
by streaming them, counting the bytes actually inflated (never the sizes the
zip headers claim), and finds parts through relationships, not fixed paths.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import posixpath
import stat
import struct
import threading
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from typing import BinaryIO
from urllib.parse import unquote

from policykit.docx.xml import (
    CT_DEFAULT,
    CT_OVERRIDE,
    MAX_MARKUP,
    PKG_RELATIONSHIP,
    W_P,
    W_STRICT_NS,
    W_TC,
    W_TR,
    Element,
    markup_units,
    parse_xml,
)
from policykit.errors import (
    DocumentError,
    DocumentTooLarge,
    EncryptedDocument,
    LegacyDocument,
    UnreadableDocument,
)

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARKER = "EncryptedPackage".encode("utf-16-le")
MIB = 1024 * 1024

# Relationship types, by their last path segment (transitional and strict share these).
REL_OFFICE_DOCUMENT = "officedocument"
REL_STYLES = "styles"
REL_NUMBERING = "numbering"
REL_HEADER = "header"
REL_FOOTER = "footer"
REL_CORE_PROPERTIES = "core-properties"
REL_CUSTOM_PROPERTIES = "custom-properties"
REL_COMMENTS = "comments"
REL_FOOTNOTES = "footnotes"
REL_ENDNOTES = "endnotes"

_REL_PREFIXES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/",
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/",
    "http://schemas.openxmlformats.org/package/2006/relationships/",
)
_REL_ALIASES = {"customproperties": REL_CUSTOM_PROPERTIES, "coreproperties": REL_CORE_PROPERTIES}
_MAIN_CONTENT_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)

# What the zipfile module raises for a damaged archive (none of them is a bug of ours).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    struct.error,
    EOFError,
    OSError,
    ValueError,
    OverflowError,
    NotImplementedError,
)

# Members read in one piece (see Package.read); others are streamed through zipfile.
_PLAIN_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)

# A relationship as written: (id, kind, target, external).
_RelEntry = tuple[str, str, str, bool]
# Relationship parts kept between packages, by content: entries, bytes, markup units.
_KEPT_RELS = 256
_kept_rels: OrderedDict[bytes, tuple[tuple[_RelEntry, ...], int, int]] = OrderedDict()
_kept_rels_lock = threading.Lock()

# Elements that become Python objects in the walk (paragraphs, table rows and cells), in
# both namespaces: counted over every part read, against Limits.max_blocks. (``iter``
# with tags filters in C; an XPath count with a predicate is thirty times slower.)
_BLOCK_TAGS = (W_P, W_TR, W_TC, *("{" + W_STRICT_NS + "}" + t for t in ("p", "tr", "tc")))

_ODF_MIMETYPE = b"application/vnd.oasis.opendocument."
_CONVERT_HINT = "convert it with `soffice --headless --convert-to docx FILE.doc` and read the .docx"
_CORRUPT_HINT = "open it in Word or LibreOffice and save it again as .docx"


@dataclass(frozen=True, slots=True)
class Limits:
    """Safety limits for one document. Exceeding one raises :class:`DocumentTooLarge`."""

    part_bytes: int = 64 * MIB  # uncompressed bytes of any one part
    total_bytes: int = 256 * MIB  # uncompressed bytes read from the package in all
    max_ratio: float = 200.0  # uncompressed / compressed, checked for parts over ratio_floor
    ratio_floor: int = 1 * MIB
    max_entries: int = 10_000  # zip members
    max_markup: int = MAX_MARKUP  # XML tags and attributes in all parts read, before parsing
    max_blocks: int = 200_000  # paragraphs, table rows and cells in all parts read
    chunk: int = 256 * 1024


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True, slots=True)
class Relationship:
    rel_id: str
    kind: str  # normalised type: the last segment of the type URI, lower case
    target: str  # part name inside the package (resolved, no leading "/")
    external: bool


def rel_kind(type_uri: str) -> str:
    """``".../relationships/officeDocument"`` -> ``"officedocument"`` (both namespaces)."""
    for prefix in _REL_PREFIXES:
        if type_uri.startswith(prefix):
            kind = type_uri[len(prefix) :].lower()
            return _REL_ALIASES.get(kind, kind)
    return type_uri.rstrip("/").rsplit("/", 1)[-1].lower()


class Package:
    """An opened .docx zip. Use :func:`open_package` to get one."""

    def __init__(self, zf: zipfile.ZipFile, limits: Limits) -> None:
        self._zip = zf
        self._limits = limits
        self._total = 0
        self._markup = 0
        self._blocks = 0
        infos = zf.infolist()
        if len(infos) > limits.max_entries:
            raise DocumentTooLarge(
                f"the package holds {len(infos)} zip entries, over the limit of "
                f"{limits.max_entries}; this is not an ordinary Word document"
            )
        # Part names are case-insensitive (OPC); the first of equal names wins.
        self._names: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            self._names.setdefault(info.filename.lstrip("/").lower(), info)
        self._raw: dict[str, bytes] = {}  # compressed bytes fetched by fingerprint()
        self._rels: dict[str, list[Relationship]] = {}
        self._types: tuple[dict[str, str], dict[str, str]] | None = None  # overrides, defaults

    # -- parts -------------------------------------------------------------------------

    def members(self) -> list[zipfile.ZipInfo]:
        """The zip's members in their stored order (for code that rewrites the package)."""
        return self._zip.infolist()

    def has(self, name: str) -> bool:
        return name.lower() in self._names

    def read(self, name: str) -> bytes:
        """The uncompressed bytes of a part, under the limits.

        An ordinary member (stored or deflated, not encrypted, headers that agree)
        is read in one piece and inflated in one call, bounded by the part limit;
        anything else, and anything that does not check out (CRC, sizes, limits),
        goes the careful way, streamed in chunks through :mod:`zipfile`, which says
        what is wrong.
        """
        info = self._names.get(name.lower())
        if info is None:
            raise UnreadableDocument(f"the package has no part {name}; {_CORRUPT_HINT}")
        data = self._inflate(info)
        if data is None:
            data = self._stream(info, name)
        else:
            self._total += len(data)
        self.charge(name, len(data), data)
        return data

    def charge(self, name: str, size: int, data: bytes | None = None, units: int = 0) -> None:
        """Count a part's markup against the limits: from ``data``, else ``units`` given.

        Without ``data`` the part is one known from before (its parsed form kept), not
        inflated again: its size and markup count all the same.
        """
        if data is None:
            self._total += size
            self._markup += units
        else:
            self._markup += markup_units(data)
        if self._markup > self._limits.max_markup:
            raise DocumentTooLarge(
                f"the document's XML holds more than {self._limits.max_markup:,} tags and "
                f"attributes (reading part {name}); it is too large to read safely (split the "
                "document, or save it again without content pasted from other programs)"
            )

    def remaining(self) -> Limits:
        """The limits left for a package read from inside this one (an embedded document)."""
        limits = self._limits
        return replace(
            limits,
            total_bytes=max(limits.total_bytes - self._total, 0),
            max_markup=max(limits.max_markup - self._markup, 0),
            max_blocks=max(limits.max_blocks - self._blocks, 0),
        )

    def absorb(self, inner: Package) -> None:
        """Count what a package read from inside this one used against this one's limits."""
        self.charge("an embedded document", inner._total, units=inner._markup)
        self.charge_blocks(inner._blocks)

    def fingerprint(self, name: str) -> bytes | None:
        """A key for a part's content read without inflating it (its compressed bytes).

        None when the part is not an ordinary member; then read it and hash the bytes.
        """
        info = self._names.get(name.lower())
        if info is None:
            return None
        raw = self._fetch(info)
        if raw is None:
            return None
        self._raw[info.filename] = raw
        digest = hashlib.sha256(raw).digest()
        return digest + struct.pack("<HIQ", info.compress_type, info.CRC, info.file_size)

    def _fetch(self, info: zipfile.ZipInfo) -> bytes | None:
        """The compressed bytes of an ordinary member, or None (see :meth:`read`)."""
        kept = self._raw.pop(info.filename, None)
        if kept is not None:
            return kept
        if info.flag_bits & 0x1 or info.compress_type not in _PLAIN_METHODS:
            return None
        if info.compress_size > self._limits.part_bytes:
            return None
        fp = self._zip.fp
        if fp is None:
            return None
        try:
            encoded = info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437")
            fp.seek(info.header_offset)
            header = fp.read(30)
            if len(header) != 30 or header[:4] != b"PK\x03\x04":
                return None
            name_len, extra_len = struct.unpack("<HH", header[26:30])
            if fp.read(name_len) != encoded:
                return None
            fp.seek(extra_len, os.SEEK_CUR)
            raw = fp.read(info.compress_size)
        except (OSError, ValueError, UnicodeError, struct.error):
            return None
        return raw if len(raw) == info.compress_size else None

    def _inflate(self, info: zipfile.ZipInfo) -> bytes | None:
        raw = self._fetch(info)
        if raw is None:
            return None
        limits = self._limits
        if info.compress_type == zipfile.ZIP_STORED:
            data = raw
        else:
            inflater = zlib.decompressobj(-15)
            try:
                data = inflater.decompress(raw, limits.part_bytes + 1)
            except zlib.error:
                return None
            if not inflater.eof:  # truncated, or over the part limit
                return None
        size = len(data)
        if size != info.file_size or zlib.crc32(data) != info.CRC:
            return None
        if self._total + size > limits.total_bytes:
            return None
        if size > limits.ratio_floor and size / max(info.compress_size, 1) > limits.max_ratio:
            return None
        return data

    def _stream(self, info: zipfile.ZipInfo, name: str) -> bytes:
        """The careful way: streamed in chunks, every limit checked as bytes arrive."""
        limits = self._limits
        chunks: list[bytes] = []
        size = 0
        compressed = max(info.compress_size, 1)
        try:
            with self._zip.open(info) as stream:
                while True:
                    chunk = stream.read(limits.chunk)
                    if not chunk:
                        break
                    size += len(chunk)
                    self._total += len(chunk)
                    if size > limits.part_bytes:
                        raise DocumentTooLarge(
                            f"part {name} inflates to more than {limits.part_bytes // MIB} MiB; "
                            "refused as a possible zip bomb"
                        )
                    if self._total > limits.total_bytes:
                        raise DocumentTooLarge(
                            f"the package inflates to more than {limits.total_bytes // MIB} MiB "
                            "in all; refused as a possible zip bomb"
                        )
                    if size > limits.ratio_floor and size / compressed > limits.max_ratio:
                        raise DocumentTooLarge(
                            f"part {name} is compressed more than {limits.max_ratio:g} to 1; "
                            "refused as a possible zip bomb"
                        )
                    chunks.append(chunk)
        except DocumentError:
            raise
        except _ZIP_ERRORS as exc:
            raise UnreadableDocument(
                f"part {name} cannot be decompressed ({exc}); the file is truncated or corrupt: "
                f"{_CORRUPT_HINT}"
            ) from None
        except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required"
            raise EncryptedDocument(
                f"part {name} is encrypted ({exc}); remove the password in Word "
                "(File > Info > Protect Document) and save again"
            ) from None
        return b"".join(chunks)

    def xml(self, name: str) -> Element:
        """A part parsed with the safe parser, its paragraphs, rows and cells counted."""
        return self.parse(name, self.read(name))[0]

    def parse(self, name: str, data: bytes) -> tuple[Element, int]:
        """Part ``name`` parsed from the bytes :meth:`read` gave, and its blocks (counted)."""
        root = parse_xml(data, name, self._limits.max_markup)
        blocks = sum(1 for _ in root.iter(*_BLOCK_TAGS))
        self.charge_blocks(blocks)
        return root, blocks

    def charge_blocks(self, count: int) -> None:
        """Count ``count`` paragraphs, table rows and cells against the limit."""
        self._blocks += count
        if self._blocks > self._limits.max_blocks:
            raise DocumentTooLarge(
                f"the document holds more than {self._limits.max_blocks:,} paragraphs, table "
                "rows and cells; it is too large to check (split it into smaller documents)"
            )

    # -- relationships -----------------------------------------------------------------

    def rels(self, source: str) -> list[Relationship]:
        """Relationships of part ``source`` ("" for the package), in document order."""
        directory, base = posixpath.split(source)
        rels_name = posixpath.join(directory, "_rels", base + ".rels")
        kept = self._rels.get(rels_name)
        if kept is not None:
            return kept
        if not self.has(rels_name):
            return []
        out: list[Relationship] = []
        for rel_id, kind, target, external in self._rel_entries(rels_name):
            resolved = target if external else self._resolve(directory, target)
            out.append(Relationship(rel_id, kind, resolved, external))
        self._rels[rels_name] = out
        return out

    def _rel_entries(self, rels_name: str) -> tuple[_RelEntry, ...]:
        """A relationships part's entries as written (targets not yet resolved).

        Kept between packages by content (:meth:`fingerprint`): documents made from one
        template share their relationship parts. A part met again is charged to the
        limits as if read.
        """
        key = self.fingerprint(rels_name)
        if key is not None:
            with _kept_rels_lock:
                kept = _kept_rels.get(key)
                if kept is not None:
                    _kept_rels.move_to_end(key)
            if kept is not None:
                entries, size, units = kept
                self.charge(rels_name, size, units=units)
                return entries
        data = self.read(rels_name)
        root, _ = self.parse(rels_name, data)
        found: list[_RelEntry] = []
        for el in root.iter(PKG_RELATIONSHIP):
            target = el.get("Target")
            type_uri = el.get("Type")
            if not target or not type_uri:
                continue
            external = (el.get("TargetMode") or "").lower() == "external"
            found.append((el.get("Id") or "", rel_kind(type_uri), target, external))
        entries = tuple(found)
        if key is not None:
            with _kept_rels_lock:
                _kept_rels[key] = (entries, len(data), markup_units(data))
                if len(_kept_rels) > _KEPT_RELS:
                    _kept_rels.popitem(last=False)
        return entries

    def _resolve(self, directory: str, target: str) -> str:
        path = _part_name(directory, target)
        if not self.has(path):
            unquoted = unquote(path)
            if self.has(unquoted):
                return unquoted
        return path

    def content_type(self, name: str) -> str:
        """A part's content type from ``[Content_Types].xml`` ("" when not declared)."""
        if self._types is None:
            overrides: dict[str, str] = {}
            defaults: dict[str, str] = {}
            if self.has("[Content_Types].xml"):
                root = self.xml("[Content_Types].xml")
                for el in root:
                    if el.tag == CT_OVERRIDE:
                        part = (el.get("PartName") or "").lstrip("/").lower()
                        overrides.setdefault(unquote(part), el.get("ContentType") or "")
                    elif el.tag == CT_DEFAULT:
                        extension = (el.get("Extension") or "").lower()
                        defaults.setdefault(extension, el.get("ContentType") or "")
            self._types = (overrides, defaults)
        overrides, defaults = self._types
        lower = name.lower()
        found = overrides.get(lower)
        if found is None:
            found = defaults.get(posixpath.splitext(lower)[1].lstrip("."), "")
        return found

    def main_part(self) -> str:
        """The main document part, found through ``_rels/.rels``.

        Falls back to the content-type override of a main document when the
        package relationships are missing or name no existing part.
        """
        for rel in self.rels(""):
            if rel.kind == REL_OFFICE_DOCUMENT and not rel.external and self.has(rel.target):
                return rel.target
        if self.has("[Content_Types].xml"):
            root = self.xml("[Content_Types].xml")
            for el in root.iter(CT_OVERRIDE):
                if (el.get("ContentType") or "").lower() in _MAIN_CONTENT_TYPES:
                    name = (el.get("PartName") or "").lstrip("/")
                    if name and self.has(name):
                        return name
        if self.has("mimetype") and self.read("mimetype").startswith(_ODF_MIMETYPE):
            raise UnreadableDocument(
                "this is an OpenDocument file (LibreOffice's .odt), not a Word document: "
                "policykit checks it, but reads or edits only .docx here; save it as .docx "
                "in LibreOffice (File > Save As > Word 2007-365)"
            )
        backslashed = sorted(name for name in self._names if "\\" in name)
        if backslashed:
            raise UnreadableDocument(
                f"the zip's entry names use backslashes ({backslashed[0]!r} and "
                f"{len(backslashed) - 1} more) where a Word package uses forward slashes: "
                "it was zipped by a tool that wrote Windows paths, so its parts cannot be "
                "found; open the original in Word and save it again, or re-zip it with "
                "forward slashes"
            )
        raise UnreadableDocument(
            "the package has no main document part (no officeDocument relationship in "
            "_rels/.rels); it is not a Word document or it is damaged: " + _CORRUPT_HINT
        )


def _sniff(stream: BinaryIO, start: int) -> None:
    """Raise the right error for an empty file, a Word 97-2003 file or an encrypted one."""
    stream.seek(start)
    head = stream.read(8)
    if not head:
        raise UnreadableDocument("the file is empty (0 bytes); it is not a Word document")
    if head.startswith(OLE_SIGNATURE):
        if _contains(stream, start, ENCRYPTED_MARKER):
            raise EncryptedDocument(
                "the document is password-protected (an encrypted OLE package); remove the "
                "password in Word (File > Info > Protect Document > Encrypt) and save again"
            )
        raise LegacyDocument(f"this is a Word 97-2003 (.doc) file, not a .docx; {_CONVERT_HINT}")
    if not head.startswith(b"PK"):
        raise UnreadableDocument(
            "the file is not a zip package, so not a .docx (a Word lock file ~$*.docx, a PDF, "
            "an RTF or HTML file renamed?); open it in Word or LibreOffice and save it as .docx"
        )


def _contains(stream: BinaryIO, start: int, needle: bytes, chunk: int = MIB) -> bool:
    stream.seek(start)
    tail = b""
    while True:
        block = stream.read(chunk)
        if not block:
            return False
        if needle in tail + block:
            return True
        tail = block[-len(needle) :]


@contextmanager
def open_package(
    source: str | os.PathLike[str] | BinaryIO, limits: Limits = DEFAULT_LIMITS
) -> Iterator[Package]:
    """Open a .docx from a path or a binary file object.

    A file object is read from its current position and never closed; when it
    is seekable its position is restored afterwards. The input is never written.
    """
    if isinstance(source, (str, os.PathLike)):
        handle = _open_file(os.fspath(source))
        try:
            with _open_stream(handle, limits, 0) as package:
                yield package
        finally:
            handle.close()
        return
    restore: int | None = None
    stream: BinaryIO = source
    try:
        if source.seekable():
            restore = source.tell()
        else:
            data = source.read(limits.total_bytes + 1)
            if len(data) > limits.total_bytes:
                raise DocumentTooLarge(
                    f"the stream is larger than {limits.total_bytes // MIB} MiB; refused"
                )
            stream = io.BytesIO(data)
    except (OSError, ValueError) as exc:
        raise UnreadableDocument(f"the file object cannot be read ({exc})") from None
    try:
        with _open_stream(stream, limits, restore or 0) as package:
            yield package
    finally:
        if restore is not None:
            with suppress(OSError, ValueError):
                source.seek(restore)


def _open_file(path: str) -> BinaryIO:
    """Open a regular file for reading, without blocking on a pipe or a device."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise UnreadableDocument("this is a folder, not a Word document") from None
    except FileNotFoundError:
        raise UnreadableDocument(
            "the file is not there: a broken link, or it was moved or deleted after it was "
            "found (a sync in progress?); check it again where it is now"
        ) from None
    except PermissionError:
        raise UnreadableDocument(
            "policykit may not read this file (permission denied); ask for read access, "
            "or check a copy"
        ) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise UnreadableDocument(f"the file cannot be opened ({reason})") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise UnreadableDocument("this is a folder, not a Word document")
        if not stat.S_ISREG(mode):
            raise UnreadableDocument(
                "this is not a regular file (a pipe, socket or device named like a document); "
                "it was not read"
            )
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


@contextmanager
def _open_stream(stream: BinaryIO, limits: Limits, start: int) -> Iterator[Package]:
    try:
        _sniff(stream, start)
        stream.seek(start)
        zf = zipfile.ZipFile(stream)
    except DocumentError:
        raise
    except _ZIP_ERRORS as exc:
        raise UnreadableDocument(
            f"the zip package is truncated or corrupt ({exc}); {_CORRUPT_HINT}"
        ) from None
    with zf:
        yield Package(zf, limits)


@functools.lru_cache(maxsize=1024)
def _part_name(directory: str, target: str) -> str:
    """A relationship's target as a part name, from the folder of the part it is in."""
    target = target.split("#", 1)[0]
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(directory, target)
    path = posixpath.normpath(path).lstrip("/")
    if path.startswith("../") or path == "..":
        path = path.lstrip("./")
    return path
