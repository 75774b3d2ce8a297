"""The package: core and custom properties, and deterministic zip bytes.

The same policy gives the same bytes: zip entries in a fixed order with a
fixed timestamp and attributes, and core-property dates derived from the
policy rather than the clock.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the fmtid Word gives user properties
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FIRST = ("[Content_Types].xml", "_rels/.rels")

# A custom property: (name, type, value); type is "text", "date" or "int".
CustomProperty = tuple[str, str, str]


def set_core_properties(
    document: Document,
    *,
    title: str,
    subject: str,
    author: str,
    created: dt.datetime,
    modified: dt.datetime,
) -> None:
    props = document.core_properties
    props.title = title
    props.subject = subject
    props.author = author
    props.last_modified_by = "policykit"
    props.comments = ""
    props.category = "Policy"
    props.revision = 1
    props.created = created
    props.modified = modified
    props.language = "en-GB"


def _property_xml(pid: int, name: str, kind: str, value: str) -> str:
    if kind == "date":
        inner = f"<vt:filetime>{escape(value)}</vt:filetime>"
    elif kind == "int":
        inner = f"<vt:i4>{escape(value)}</vt:i4>"
    else:
        inner = f"<vt:lpwstr>{escape(value)}</vt:lpwstr>"
    return f'<property fmtid="{_FMTID}" pid="{pid}" name={quoteattr(name)}>{inner}</property>'


def _existing_properties(blob: bytes, ours: set[str]) -> list[bytes]:
    """A house style's own custom properties (not ours), serialised, in their order."""
    try:
        root = etree.fromstring(blob)
    except etree.XMLSyntaxError:
        return []
    kept = []
    for prop in root.iter(f"{{{CUSTOM_NS}}}property"):
        if prop.get("name") in ours:
            continue
        kept.append(prop)
    return [etree.tostring(p) for p in kept]


def set_custom_properties(document: Document, properties: Sequence[CustomProperty]) -> None:
    """Write ``docProps/custom.xml``, keeping a house style's other custom properties."""
    package = document.part.package
    existing: Part | None = None
    for rel in package.rels.values():
        if rel.reltype == RT.CUSTOM_PROPERTIES and not rel.is_external:
            existing = rel.target_part
            break
    ours = {name for name, _, _ in properties}
    kept: list[bytes] = _existing_properties(existing.blob, ours) if existing is not None else []
    items = [_property_xml(i + 2, *p) for i, p in enumerate(properties)]
    for offset, raw in enumerate(kept):  # renumber the house style's properties after ours
        element = etree.fromstring(raw)
        element.set("pid", str(len(items) + 2 + offset))
        items.append(etree.tostring(element).decode("utf-8"))
    xml = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Properties xmlns="{CUSTOM_NS}" xmlns:vt="{VT_NS}">' + "".join(items) + "</Properties>"
    ).encode("utf-8")
    if existing is None:
        part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, xml, package)
        package.relate_to(part, RT.CUSTOM_PROPERTIES)
    elif hasattr(existing, "_element"):
        existing._element = etree.fromstring(xml)
    else:
        existing._blob = xml


def deterministic_zip(data: bytes) -> bytes:
    """The same package with fixed entry order, timestamps and attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = source.namelist()
        ordered = [n for n in _FIRST if n in names] + sorted(n for n in names if n not in _FIRST)
        with zipfile.ZipFile(out, "w") as target:
            for name in ordered:
                info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 0
                info.external_attr = 0
                target.writestr(info, source.read(name), compresslevel=9)
    return out.getvalue()
