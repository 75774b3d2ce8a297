"""The .docx package layer: finding parts through relationships, coded errors, safety limits.

Each bad input must raise one DocumentError subclass with the contract's code
(PK001-PK004) and a message that says what to do, never another exception,
never a hang, never a changed input.
"""

from __future__ import annotations

import hashlib
import io
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from policykit.docx.blocks import all_paragraphs
from policykit.docx.package import Limits, open_package
from policykit.docx.reader import read_docx
from policykit.errors import (
    DocumentError,
    DocumentTooLarge,
    EncryptedDocument,
    LegacyDocument,
    UnreadableDocument,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def document_xml(*paragraphs: str, sect: str = "") -> str:
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    return f'<w:document xmlns:w="{W}" xmlns:r="{REL}"><w:body>{body}{sect}</w:body></w:document>'


def rels(*items: tuple[str, str, str]) -> str:
    inner = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>' for i, t, g in items)
    return f'<Relationships xmlns="{PKG}">{inner}</Relationships>'


def package(parts: dict[str, str | bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, content in parts.items():
            zf.writestr(name, content.encode() if isinstance(content, str) else content)
    return out.getvalue()


def simple_docx(*paragraphs: str) -> bytes:
    return package(
        {
            "_rels/.rels": rels(("rId1", f"{REL}/officeDocument", "word/document.xml")),
            "word/document.xml": document_xml(*paragraphs),
        }
    )


def error_of(data: bytes, **kwargs: object) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        read_docx(io.BytesIO(data), **kwargs)  # type: ignore[arg-type]
    return info.value


def paragraph_texts(data: bytes) -> list[str]:
    doc = read_docx(io.BytesIO(data))
    assert doc.stats.lost == 0
    return [p.text for p in doc.paragraphs()]


# -- finding parts -----------------------------------------------------------------------


def test_main_part_found_through_package_relationships() -> None:
    data = package(
        {
            "_rels/.rels": rels(("rId7", f"{REL}/officeDocument", "content/main.xml")),
            "content/main.xml": document_xml("Found through rels", sect=""),
            "content/_rels/main.xml.rels": rels(
                ("r1", f"{REL}/styles", "look.xml"), ("r2", f"{REL}/header", "top.xml")
            ),
            "content/look.xml": (
                f'<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="X">'
                '<w:name w:val="heading 3"/></w:style></w:styles>'
            ),
            "content/top.xml": f'<w:hdr xmlns:w="{W}"><w:p><w:r><w:t>Top</w:t></w:r></w:p></w:hdr>',
            "word/document.xml": document_xml("A decoy at the usual path"),
        }
    )
    doc = read_docx(io.BytesIO(data))
    assert [p.text for p in doc.paragraphs()] == ["Found through rels"]
    assert len(doc.headers) == 1
    assert doc.headers[0][0].text == "Top"  # type: ignore[union-attr]


def test_strict_office_document_relationship_and_absolute_target() -> None:
    data = package(
        {
            "_rels/.rels": rels(("rId1", f"{STRICT_REL}/officeDocument", "/word/document.xml")),
            "word/document.xml": document_xml("Strict relationship"),
        }
    )
    assert paragraph_texts(data) == ["Strict relationship"]


def test_headers_referenced_from_sections_in_order_without_duplicates() -> None:
    def hdr(text: str) -> str:
        return f'<w:hdr xmlns:w="{W}"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:hdr>'

    sect = (
        '<w:sectPr><w:headerReference w:type="first" r:id="h2"/>'
        '<w:headerReference w:type="default" r:id="h1"/>'
        '<w:footerReference w:type="default" r:id="f1"/></w:sectPr>'
    )
    first_section = (
        '<w:p><w:pPr><w:sectPr><w:headerReference w:type="default" r:id="h1"/>'
        "</w:sectPr></w:pPr></w:p>"
    )
    doc_xml = document_xml("Body", sect=sect).replace("<w:body>", "<w:body>" + first_section)
    data = package(
        {
            "_rels/.rels": rels(("rId1", f"{REL}/officeDocument", "word/document.xml")),
            "word/document.xml": doc_xml,
            "word/_rels/document.xml.rels": rels(
                ("f1", f"{REL}/footer", "footer1.xml"),
                ("h2", f"{REL}/header", "header2.xml"),
                ("h1", f"{REL}/header", "header1.xml"),
                ("h3", f"{REL}/header", "missing.xml"),
            ),
            "word/header1.xml": hdr("Header one"),
            "word/header2.xml": hdr("First page header"),
            "word/footer1.xml": hdr("Foot").replace("w:hdr", "w:ftr"),
        }
    )
    doc = read_docx(io.BytesIO(data))
    assert [blocks[0].text for blocks in doc.headers] == [  # type: ignore[union-attr]
        "Header one",
        "First page header",
    ]
    assert [blocks[0].text for blocks in doc.footers] == ["Foot"]  # type: ignore[union-attr]


def test_core_and_custom_properties_found_through_relationships() -> None:
    core = (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/">'
        "<dc:title>Community Cohesion Policy</dc:title><dc:creator>Head</dc:creator>"
        "<dc:subject></dc:subject><dcterms:modified>2019-09-01T00:00:00Z</dcterms:modified>"
        "</cp:coreProperties>"
    )
    custom = (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        'name="Review"><vt:lpwstr>Autumn 2025</vt:lpwstr></property>'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="Approved">'
        "<vt:bool>true</vt:bool></property></Properties>"
    )
    data = package(
        {
            "_rels/.rels": rels(
                ("rId1", f"{REL}/officeDocument", "word/document.xml"),
                ("rId2", CORE, "meta/c.xml"),
                ("rId3", f"{REL}/custom-properties", "meta/extra.xml"),
            ),
            "word/document.xml": document_xml("x"),
            "meta/c.xml": core,
            "meta/extra.xml": custom,
        }
    )
    doc = read_docx(io.BytesIO(data))
    assert doc.core == {
        "title": "Community Cohesion Policy",
        "creator": "Head",
        "modified": "2019-09-01T00:00:00Z",
    }
    assert doc.custom == {"Review": "Autumn 2025", "Approved": "true"}


def test_path_str_path_and_file_object_agree_and_the_input_is_untouched(tmp_path: Path) -> None:
    data = simple_docx("Hello", "World")
    path = tmp_path / "policy.docx"
    path.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    assert [p.text for p in read_docx(path).paragraphs()] == ["Hello", "World"]
    assert [p.text for p in read_docx(str(path)).paragraphs()] == ["Hello", "World"]
    with path.open("rb") as handle:
        handle.seek(0)
        doc = read_docx(handle)
        assert not handle.closed
        assert handle.tell() == 0
    assert [p.text for p in doc.paragraphs()] == ["Hello", "World"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_non_seekable_stream_is_read() -> None:
    class Pipe(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self._inner = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def seekable(self) -> bool:
            return False

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            chunk = self._inner.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    stream = io.BufferedReader(Pipe(simple_docx("Piped")))
    assert [p.text for p in read_docx(stream).paragraphs()] == ["Piped"]


# -- coded errors ------------------------------------------------------------------------


def test_empty_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    with pytest.raises(UnreadableDocument) as info:
        read_docx(path)
    assert info.value.code == "PK001"
    assert "empty" in info.value.message
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    "content",
    [
        b"\x05Owner\x00" + bytes(154),  # a Word lock file ~$name.docx (162 bytes)
        b"%PDF-1.7\n" + b"0" * 100,
        b"{\\rtf1\\ansi hello}",
        b"PK\x03\x04 not really a zip",
    ],
)
def test_non_zip_files_are_unreadable(content: bytes) -> None:
    error = error_of(content)
    assert isinstance(error, UnreadableDocument) and error.code == "PK001"
    assert "Word" in error.message or "LibreOffice" in error.message


def test_word_97_file_is_legacy_with_conversion_command() -> None:
    error = error_of(OLE + bytes(2000) + "WordDocument".encode("utf-16-le") + bytes(500))
    assert isinstance(error, LegacyDocument) and error.code == "PK002"
    assert "soffice --headless --convert-to docx" in error.message


def test_encrypted_docx_is_reported_as_encrypted() -> None:
    error = error_of(OLE + bytes(3000) + "EncryptedPackage".encode("utf-16-le") + bytes(100))
    assert isinstance(error, EncryptedDocument) and error.code == "PK003"
    assert "password" in error.message


def test_truncated_zip_is_unreadable() -> None:
    data = simple_docx("Some text " * 200)
    for cut in (len(data) // 2, len(data) - 10, 30):
        error = error_of(data[:cut])
        assert isinstance(error, UnreadableDocument)


def test_corrupt_compressed_data_is_unreadable() -> None:
    data = bytearray(simple_docx("Some text that compresses " * 100))
    offset = data.index(b"word/document.xml") + len("word/document.xml") + 40
    for i in range(offset, offset + 20):
        data[i] ^= 0x5A
    error = error_of(bytes(data))
    assert isinstance(error, UnreadableDocument)


def _patch_headers(
    data: bytearray, name: bytes, local_at: int, central_at: int, value: int
) -> None:
    """Overwrite a 32-bit field of ``name``'s local header and central directory record."""
    places = ((b"PK\x03\x04", 30, local_at), (b"PK\x01\x02", 46, central_at))
    for signature, name_at, field_at in places:
        start = 0
        while (start := data.find(signature, start)) != -1:
            if data[start + name_at : start + name_at + len(name)] == name:
                struct.pack_into("<I", data, start + field_at, value)
            start += 4


def test_bad_crc_is_unreadable() -> None:
    data = bytearray(simple_docx("Checked text"))
    _patch_headers(data, b"word/document.xml", 14, 16, 0xDEADBEEF)
    error = error_of(bytes(data))
    assert isinstance(error, UnreadableDocument)


def test_missing_main_part_and_not_a_word_document() -> None:
    no_rels = package({"word/other.xml": "<x/>"})
    assert isinstance(error_of(no_rels), UnreadableDocument)
    dangling = package(
        {"_rels/.rels": rels(("rId1", f"{REL}/officeDocument", "word/document.xml"))}
    )
    assert "no main document part" in error_of(dangling).message
    workbook = package(
        {
            "_rels/.rels": rels(("rId1", f"{REL}/officeDocument", "xl/workbook.xml")),
            "xl/workbook.xml": '<workbook xmlns="urn:x"/>',
        }
    )
    assert isinstance(error_of(workbook), UnreadableDocument)


def test_a_zip_with_backslashed_entry_names_says_so() -> None:
    # Some Windows zip tools write "word\\document.xml": the parts are there, unfindable.
    data = package(
        {
            "_rels\\.rels": rels(("rId1", f"{REL}/officeDocument", "word/document.xml")),
            "word\\document.xml": document_xml("Text"),
            "[Content_Types].xml": "<Types xmlns='urn:x'/>",
        }
    )
    error = error_of(data)
    assert isinstance(error, UnreadableDocument) and error.code == "PK001"
    assert "backslashes" in error.message and "no main document part" not in error.message
    assert ".rels" in error.message  # names an entry


def test_malformed_xml_is_unreadable() -> None:
    data = package(
        {
            "_rels/.rels": rels(("rId1", f"{REL}/officeDocument", "word/document.xml")),
            "word/document.xml": f'<w:document xmlns:w="{W}"><w:body><w:p></w:body>',
        }
    )
    error = error_of(data)
    assert isinstance(error, UnreadableDocument) and "XML" in error.message


def test_external_entity_is_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    for target in (secret.as_uri(), "file:///etc/passwd", "http://127.0.0.1:9/x"):
        doc_xml = (
            f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{target}">]>'
            f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>'
            "</w:body></w:document>"
        )
        data = package(
            {
                "_rels/.rels": rels(("rId1", f"{REL}/officeDocument", "word/document.xml")),
                "word/document.xml": doc_xml,
            }
        )
        error = error_of(data)
        assert isinstance(error, UnreadableDocument)
        assert "TOP-SECRET" not in str(error) and "root:" not in str(error)


def test_billion_laughs_costs_nothing() -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)
    )
    doc_xml = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    data = package(
        {
            "_rels/.rels": rels(("rId1", f"{REL}/officeDocument", "word/document.xml")),
            "word/document.xml": doc_xml,
        }
    )
    start = time.perf_counter()
    error = error_of(data)
    assert time.perf_counter() - start < 1.0
    assert isinstance(error, UnreadableDocument)


def test_entity_attack_in_styles_part_is_refused_too() -> None:
    data = package(
        {
            "_rels/.rels": rels(("rId1", f"{REL}/officeDocument", "word/document.xml")),
            "word/document.xml": document_xml("x"),
            "word/_rels/document.xml.rels": rels(("s", f"{REL}/styles", "styles.xml")),
            "word/styles.xml": (
                '<!DOCTYPE w:styles [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                f'<w:styles xmlns:w="{W}"><w:style w:styleId="a"><w:name w:val="&x;"/>'
                "</w:style></w:styles>"
            ),
        }
    )
    assert isinstance(error_of(data), UnreadableDocument)


def test_deeply_nested_xml_is_too_large() -> None:
    deep = "<w:sdt><w:sdtContent>" * 300 + "</w:sdtContent></w:sdt>" * 300
    data = package(
        {
            "_rels/.rels": rels(("rId1", f"{REL}/officeDocument", "word/document.xml")),
            "word/document.xml": f'<w:document xmlns:w="{W}"><w:body>{deep}</w:body></w:document>',
        }
    )
    error = error_of(data)
    assert isinstance(error, DocumentTooLarge) and error.code == "PK004"


def _bomb(size: int) -> bytes:
    """A deflated part that inflates to ``size`` bytes of blank XML, made in small chunks."""
    head = f'<w:document xmlns:w="{W}"><w:body>'.encode()
    tail = b"</w:body></w:document>"
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunks = [compressor.compress(head)]
    block = b" " * (1024 * 1024)
    remaining = size - len(head) - len(tail)
    crc = zlib.crc32(head)
    while remaining > 0:
        piece = block[: min(remaining, len(block))]
        chunks.append(compressor.compress(piece))
        crc = zlib.crc32(piece, crc)
        remaining -= len(piece)
    chunks.append(compressor.compress(tail))
    crc = zlib.crc32(tail, crc)
    chunks.append(compressor.flush())
    compressed = b"".join(chunks)
    return _raw_zip(
        [
            ("_rels/.rels", rels(("r", f"{REL}/officeDocument", "word/document.xml")).encode()),
        ],
        ("word/document.xml", compressed, size, crc),
    )


def _raw_zip(plain: list[tuple[str, bytes]], deflated: tuple[str, bytes, int, int]) -> bytes:
    """A zip with stored entries plus one pre-deflated entry (no 70 MiB in memory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, content in plain:
            zf.writestr(name, content)
    # Append the deflated entry by hand: local header, data, then rebuild the directory.
    data = out.getvalue()
    end = data.rindex(b"PK\x05\x06")
    cd_offset = struct.unpack_from("<I", data, end + 16)[0]
    central = data[cd_offset:end]
    entries = struct.unpack_from("<H", data, end + 10)[0]
    name, compressed, size, crc = deflated
    encoded = name.encode()
    local_offset = cd_offset
    local = struct.pack(
        "<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(compressed), size, len(encoded), 0
    )
    record = struct.pack(
        "<4sHHHHHHIIIHHHHHII",
        b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(compressed), size, len(encoded),
        0, 0, 0, 0, 0, local_offset,
    )  # fmt: skip
    body = data[:cd_offset] + local + encoded + compressed
    new_central = central + record + encoded
    eocd = struct.pack(
        "<4sHHHHIIH", b"PK\x05\x06", 0, 0, entries + 1, entries + 1, len(new_central),
        len(body), 0,
    )  # fmt: skip
    return body + new_central + eocd


def test_zip_bomb_is_refused_by_compression_ratio() -> None:
    data = _bomb(80 * 1024 * 1024)
    assert len(data) < 200 * 1024
    start = time.perf_counter()
    error = error_of(data)
    assert isinstance(error, DocumentTooLarge) and error.code == "PK004"
    assert "zip bomb" in error.message
    assert time.perf_counter() - start < 2.0


def test_part_and_total_limits_count_bytes_actually_read() -> None:
    data = _bomb(3 * 1024 * 1024)
    error = error_of(data, limits=Limits(part_bytes=2 * 1024 * 1024, max_ratio=1e9))
    assert isinstance(error, DocumentTooLarge) and "MiB" in error.message
    error = error_of(data, limits=Limits(total_bytes=2 * 1024 * 1024, max_ratio=1e9))
    assert isinstance(error, DocumentTooLarge)
    doc = read_docx(io.BytesIO(data), limits=Limits(max_ratio=1e9))
    assert doc.paragraphs() == []


def test_a_header_that_understates_the_size_does_not_slip_through() -> None:
    data = bytearray(_bomb(80 * 1024 * 1024))
    # Claim 100 bytes uncompressed in both headers: zipfile stops there, then the CRC fails.
    _patch_headers(data, b"word/document.xml", 22, 24, 100)
    error = error_of(bytes(data))
    assert error.code in {"PK001", "PK004"}


def test_too_many_entries() -> None:
    parts: dict[str, str | bytes] = {f"junk/{i}.bin": b"" for i in range(50)}
    parts["_rels/.rels"] = rels(("rId1", f"{REL}/officeDocument", "word/document.xml"))
    parts["word/document.xml"] = document_xml("x")
    error = error_of(package(parts), limits=Limits(max_entries=20))
    assert isinstance(error, DocumentTooLarge)


def test_missing_file_and_folder_are_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableDocument):
        read_docx(tmp_path / "nope.docx")
    with pytest.raises(UnreadableDocument):
        read_docx(tmp_path)


def test_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(OLE + bytes(600))
    with pytest.raises(LegacyDocument) as info:
        read_docx(path)
    assert info.value.path == str(path)
    assert str(info.value).startswith(str(path))


# -- the fast way and the careful way ----------------------------------------------------


@pytest.mark.parametrize(
    "method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]
)
def test_every_compression_method_reads_the_same_text(method: int) -> None:
    # Stored and deflated members are inflated in one call; bzip2 and LZMA take the
    # streamed way through zipfile. A reader sees no difference.
    texts = ["Policy reviewed Autumn 2017", "Next review: Summer 2019", "é ü ß" * 50]
    data = package(
        {
            "_rels/.rels": rels(("rId1", f"{REL}/officeDocument", "word/document.xml")),
            "word/document.xml": document_xml(*texts),
        },
        compression=method,
    )
    assert paragraph_texts(data) == texts


def test_a_local_header_that_disagrees_with_the_directory_is_unreadable() -> None:
    data = bytearray(simple_docx("Checked text"))
    start = data.find(b"PK\x03\x04" + data[4:6])  # the first local header
    name_at = start + 30
    while not data[name_at:].startswith(b"word/document.xml"):
        start = data.find(b"PK\x03\x04", start + 4)
        name_at = start + 30
    data[name_at : name_at + 4] = b"WORD"  # the central directory still says word/
    error = error_of(bytes(data))
    assert isinstance(error, UnreadableDocument) and "word/document.xml" in error.message


def test_an_inflated_size_that_disagrees_with_the_directory_is_unreadable() -> None:
    data = bytearray(simple_docx("Some text " * 50))
    _patch_headers(data, b"word/document.xml", 22, 24, 12)  # claims 12 bytes uncompressed
    error = error_of(bytes(data))
    assert isinstance(error, UnreadableDocument)


def test_a_kept_styles_part_still_counts_against_the_markup_limit() -> None:
    # A styles part large enough to be kept at once (built from a template); the second
    # document reuses it without inflating it, yet its tags still count.
    styles = (
        f'<w:styles xmlns:w="{W}">'
        + "".join(
            f'<w:style w:type="paragraph" w:styleId="S{i}"><w:name w:val="s {i}"/></w:style>'
            for i in range(2500)
        )
        + "</w:styles>"
    )
    assert len(styles) > 128 * 1024
    data = package(
        {
            "_rels/.rels": rels(("rId1", f"{REL}/officeDocument", "word/document.xml")),
            "word/document.xml": document_xml("Text"),
            "word/_rels/document.xml.rels": rels(("rId1", f"{REL}/styles", "styles.xml")),
            "word/styles.xml": styles,
        }
    )
    limits = Limits(max_markup=styles.count("<") + styles.count("=") + 10)
    assert paragraph_texts(data) == ["Text"]  # keeps the styles
    error = error_of(data, limits=limits)  # reuses them
    assert isinstance(error, DocumentTooLarge) and error.code == "PK004"


def test_a_kept_numbering_part_still_counts_its_markup_and_blocks() -> None:
    # Stray paragraphs in a numbering part count as blocks; once the part is kept (read a
    # second time), later documents reuse it unread, yet its blocks and tags still count.
    numbering = (
        f'<w:numbering xmlns:w="{W}">'
        "<w:abstractNum w:abstractNumId='1'><w:lvl w:ilvl='0'><w:start w:val='1'/>"
        "<w:numFmt w:val='decimal'/><w:lvlText w:val='%1.'/></w:lvl></w:abstractNum>"
        "<w:num w:numId='1'><w:abstractNumId w:val='1'/></w:num>" + "<w:p/>" * 40 + "</w:numbering>"
    )
    listed = (
        "<w:p><w:pPr><w:numPr><w:numId w:val='1'/></w:numPr></w:pPr>"
        "<w:r><w:t>Item</w:t></w:r></w:p>"
    )
    document = f'<w:document xmlns:w="{W}"><w:body>{listed}</w:body></w:document>'
    data = package(
        {
            "_rels/.rels": rels(("rId1", f"{REL}/officeDocument", "word/document.xml")),
            "word/document.xml": document,
            "word/_rels/document.xml.rels": rels(("rId1", f"{REL}/numbering", "numbering.xml")),
            "word/numbering.xml": numbering,
        }
    )
    for _ in range(3):  # fresh, then kept, then reused
        doc = read_docx(io.BytesIO(data))
        assert [p.list_label for p in doc.paragraphs()] == ["1."]
    error = error_of(data, limits=Limits(max_blocks=40))  # 1 in the body, 40 in numbering
    assert isinstance(error, DocumentTooLarge) and "paragraphs" in error.message
    markup = sum(part.count("<") + part.count("=") for part in (numbering, document))
    error = error_of(data, limits=Limits(max_markup=markup))  # the rels hold more
    assert isinstance(error, DocumentTooLarge) and "tags and attributes" in error.message
    assert "numbering.xml" in error.message


# -- relationship parts kept between packages --------------------------------------------


def _with_header(target: str, *, part: str = "word/header1.xml") -> bytes:
    """A document whose header is named by ``target`` in word/_rels/document.xml.rels."""
    header = f'<w:hdr xmlns:w="{W}"><w:p><w:r><w:t>Oak Primary School</w:t></w:r></w:p></w:hdr>'
    sect = f'<w:sectPr><w:headerReference xmlns:r="{REL}" r:id="rId9" w:type="default"/></w:sectPr>'
    return package(
        {
            "_rels/.rels": rels(("rId1", f"{REL}/officeDocument", "word/document.xml")),
            "word/document.xml": document_xml("Behaviour Policy", sect=sect),
            "word/_rels/document.xml.rels": rels(("rId9", f"{REL}/header", target)),
            part: header,
        }
    )


def test_a_relationship_part_met_again_resolves_in_each_package() -> None:
    # The same relationships part (kept after the first document) names a part that the
    # second package holds under an escaped name: each package resolves it for itself.
    first = _with_header("header%201.xml", part="word/header%201.xml")
    second = _with_header("header%201.xml", part="word/header 1.xml")
    for data in (first, second, first):
        doc = read_docx(io.BytesIO(data))
        assert [[p.text for p in all_paragraphs(part)] for part in doc.headers] == [
            ["Oak Primary School"]
        ]


def test_a_relationship_part_met_again_counts_against_the_limits_as_read() -> None:
    data = _with_header("header1.xml")
    charged = []
    for _ in range(2):  # the second time, the part is kept from the first
        with open_package(io.BytesIO(data)) as opened:
            opened.rels("word/document.xml")
            charged.append((opened._total, opened._markup))
    assert charged[0] == charged[1] and charged[0][1] > 0
