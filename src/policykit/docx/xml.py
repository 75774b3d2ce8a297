"""One safe XML parser, the namespaces of WordprocessingML and precomputed tag names.

Every part is parsed by :func:`parse_xml`: entities are never resolved, nothing
is fetched or opened (not even a local file named by an external parameter
entity: a resolver answers every such request with nothing), no DTD is loaded,
trees deeper than libxml2's default limit (256) and parts with more markup than
:data:`MAX_MARKUP` tags and attributes are refused, and a document type declaration is refused
outright (Office never writes one; it is how entity attacks arrive).

Tags are compared as Clark names (``"{namespace}local"``) built once here, so
the body walk does string comparisons rather than XPath per node. Documents in
ISO 29500 *strict* namespaces are rewritten once to the transitional names by
:func:`normalise_strict`, so the rest of the reader knows one set of names.
"""

from __future__ import annotations

import threading
from typing import Any

from lxml import etree

from policykit.errors import DocumentTooLarge, UnreadableDocument

# lxml ships no type information; elements are handled as ``Any``.
Element = Any

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
R_STRICT_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
CUSTOM_PROPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
CUSTOM_PROPS_STRICT_NS = "http://purl.oclc.org/ooxml/officeDocument/customProperties"

_STRICT_TO_TRANSITIONAL = {
    W_STRICT_NS: W_NS,
    R_STRICT_NS: R_NS,
    CUSTOM_PROPS_STRICT_NS: CUSTOM_PROPS_NS,
}

_W = "{" + W_NS + "}"
_MC = "{" + MC_NS + "}"

# Block level
W_DOCUMENT = _W + "document"
W_BODY = _W + "body"
W_HDR = _W + "hdr"
W_FTR = _W + "ftr"
W_P = _W + "p"
W_TBL = _W + "tbl"
W_TR = _W + "tr"
W_TC = _W + "tc"
W_SDT = _W + "sdt"
W_SDT_CONTENT = _W + "sdtContent"
W_CUSTOM_XML = _W + "customXml"
W_SECT_PR = _W + "sectPr"
W_ALT_CHUNK = _W + "altChunk"
W_HEADER_REFERENCE = _W + "headerReference"
W_FOOTER_REFERENCE = _W + "footerReference"

# Inline level
W_R = _W + "r"
W_HYPERLINK = _W + "hyperlink"
W_SMART_TAG = _W + "smartTag"
W_FLD_SIMPLE = _W + "fldSimple"
W_INS = _W + "ins"
W_DEL = _W + "del"
W_MOVE_TO = _W + "moveTo"
W_MOVE_FROM = _W + "moveFrom"
W_DIR = _W + "dir"
W_BDO = _W + "bdo"

# Run content
W_T = _W + "t"
W_DEL_TEXT = _W + "delText"
W_INSTR_TEXT = _W + "instrText"
W_FLD_CHAR = _W + "fldChar"
W_TAB = _W + "tab"
W_PTAB = _W + "ptab"
W_BR = _W + "br"
W_CR = _W + "cr"
W_NO_BREAK_HYPHEN = _W + "noBreakHyphen"
W_SOFT_HYPHEN = _W + "softHyphen"
W_SYM = _W + "sym"
W_DRAWING = _W + "drawing"
W_PICT = _W + "pict"
W_OBJECT = _W + "object"
W_TXBX_CONTENT = _W + "txbxContent"
W_COMMENT_RANGE_START = _W + "commentRangeStart"
W_COMMENT_RANGE_END = _W + "commentRangeEnd"
W_COMMENT_REFERENCE = _W + "commentReference"
W_COMMENTS = _W + "comments"
W_FOOTNOTE_REFERENCE = _W + "footnoteReference"
W_ENDNOTE_REFERENCE = _W + "endnoteReference"
W_FOOTNOTES = _W + "footnotes"
W_ENDNOTES = _W + "endnotes"
W_FOOTNOTE = _W + "footnote"
W_ENDNOTE = _W + "endnote"
W_COMMENT = _W + "comment"
W_ID = _W + "id"
W_AUTHOR = _W + "author"

# Properties
W_PPR = _W + "pPr"
W_RPR = _W + "rPr"
W_PSTYLE = _W + "pStyle"
W_RSTYLE = _W + "rStyle"
W_NUM_PR = _W + "numPr"
W_NUM_ID = _W + "numId"
W_ILVL = _W + "ilvl"
W_IND = _W + "ind"
W_JC = _W + "jc"
W_OUTLINE_LVL = _W + "outlineLvl"
W_B = _W + "b"
W_I = _W + "i"
W_U = _W + "u"
W_CAPS = _W + "caps"
W_SMALL_CAPS = _W + "smallCaps"
W_SZ = _W + "sz"
W_VANISH = _W + "vanish"
W_SPEC_VANISH = _W + "specVanish"
W_FRAME_PR = _W + "framePr"
W_DROP_CAP = _W + "dropCap"

# styles.xml
W_STYLE = _W + "style"
W_NAME = _W + "name"
W_BASED_ON = _W + "basedOn"
W_DOC_DEFAULTS = _W + "docDefaults"
W_RPR_DEFAULT = _W + "rPrDefault"
W_PPR_DEFAULT = _W + "pPrDefault"

# numbering.xml
W_ABSTRACT_NUM = _W + "abstractNum"
W_ABSTRACT_NUM_ID = _W + "abstractNumId"
W_NUM = _W + "num"
W_LVL = _W + "lvl"
W_LVL_OVERRIDE = _W + "lvlOverride"
W_START_OVERRIDE = _W + "startOverride"
W_START = _W + "start"
W_NUM_FMT = _W + "numFmt"
W_LVL_TEXT = _W + "lvlText"
W_NUM_STYLE_LINK = _W + "numStyleLink"
W_STYLE_LINK = _W + "styleLink"

# Attributes
W_VAL = _W + "val"
W_TYPE = _W + "type"
W_STYLE_ID = _W + "styleId"
W_DEFAULT = _W + "default"
W_LEFT = _W + "left"
W_START_ATTR = _W + "start"
W_INSTR = _W + "instr"
W_FLD_CHAR_TYPE = _W + "fldCharType"
W_CHAR = _W + "char"
W_ILVL_ATTR = _W + "ilvl"
R_ID = "{" + R_NS + "}id"

# Markup compatibility
MC_ALTERNATE_CONTENT = _MC + "AlternateContent"
MC_CHOICE = _MC + "Choice"
MC_FALLBACK = _MC + "Fallback"

# Package
PKG_RELATIONSHIP = "{" + PKG_REL_NS + "}Relationship"
CT_OVERRIDE = "{" + CT_NS + "}Override"
CT_DEFAULT = "{" + CT_NS + "}Default"

_TRUE = frozenset({"1", "true", "on"})
_FALSE = frozenset({"0", "false", "off", "none"})


# Markup in one part (and, in Package, in all parts read), counted before parsing as the
# "<" and "=" it holds: tags and attributes. lxml spends 100 to 200 bytes on each, so this
# bounds the parsed trees to a few hundred MB. Word writes 40 to 70 a paragraph (tags and
# rsid attributes): a 20,000-paragraph document holds about 1.3 million.
MAX_MARKUP = 2_000_000


def markup_units(data: bytes) -> int:
    """Tags and attributes in XML bytes, approximately ("<" and "=": right for UTF-16 too)."""
    return data.count(b"<") + data.count(b"=")


class _NothingFetched(etree.Resolver):
    """Answers every request for an external DTD or entity with nothing.

    libxml2 opens a local file named by an external parameter entity
    (``<!ENTITY % p SYSTEM "/etc/passwd"> %p;``) even with ``load_dtd=False`` and
    ``no_network=True``; a FIFO or device named there would block the reader for
    ever. With this resolver nothing outside the part is ever opened.
    """

    def resolve(self, system_url: str | None, public_id: str | None, context: Any) -> Any:
        return self.resolve_string("", context)


class _Parsers(threading.local):
    """lxml parsers must not be shared between threads: one per thread."""

    def __init__(self) -> None:
        self.parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            collect_ids=False,
        )
        self.parser.resolvers.add(_NothingFetched())


_parsers = _Parsers()


def parse_xml(data: bytes, part_name: str, max_markup: int = MAX_MARKUP) -> Element:
    """Parse one part safely and return its root element.

    Raises :class:`UnreadableDocument` for malformed XML or any document type
    declaration, :class:`DocumentTooLarge` for a tree deeper than the parser's limit
    or a part with more than ``max_markup`` tags and attributes.
    """
    # Each unit is a byte of its own ("<" or "="): a part no longer than the limit is within it.
    units = markup_units(data) if len(data) > max_markup else 0
    if units > max_markup:
        raise DocumentTooLarge(
            f"part {part_name} holds {units:,} XML tags and attributes, over the limit of "
            f"{max_markup:,}; it is too large to read safely (split the document, or save it "
            "again without content pasted from other programs)"
        )
    try:
        root = etree.fromstring(data, _parsers.parser)
    except etree.XMLSyntaxError as exc:
        message = str(exc)
        lowered = message.lower()
        if "depth" in lowered:
            raise DocumentTooLarge(
                f"the XML of part {part_name} is nested too deeply to read safely ({message}); "
                "re-save the document in Word or LibreOffice"
            ) from None
        if "huge" in lowered or "resource limit" in lowered:  # e.g. "Text node too long"
            raise DocumentTooLarge(
                f"part {part_name} holds a text or a name too large to read safely ({message}); "
                "split the document, or re-save it in Word or LibreOffice"
            ) from None
        raise UnreadableDocument(
            f"part {part_name} is not well-formed XML ({message}); the file is corrupt: "
            "open and re-save it in Word or LibreOffice"
        ) from None
    if root is None:
        raise UnreadableDocument(f"part {part_name} is empty; the file is corrupt")
    if root.getroottree().docinfo.doctype:
        raise UnreadableDocument(
            f"part {part_name} carries a document type declaration, which Word never writes "
            "(it is how XML entity attacks arrive); the file was refused unread"
        )
    return root


def normalise_strict(root: Element) -> Element:
    """Rewrite ISO 29500 strict namespaces to transitional ones, in place (cheap no-op else)."""
    tag = root.tag
    if not isinstance(tag, str) or not any(ns in tag for ns in _STRICT_TO_TRANSITIONAL):
        return root
    for el in root.iter():
        t = el.tag
        if not isinstance(t, str):
            continue
        if t.startswith("{"):
            ns, _, local = t[1:].partition("}")
            new = _STRICT_TO_TRANSITIONAL.get(ns)
            if new is not None:
                el.tag = "{" + new + "}" + local
        attrib = el.attrib
        for key in list(attrib.keys()):
            if key.startswith("{"):
                ns, _, local = key[1:].partition("}")
                new = _STRICT_TO_TRANSITIONAL.get(ns)
                if new is not None:
                    value = attrib.pop(key)
                    attrib["{" + new + "}" + local] = value
    return root


def first_child(parent: Element, tag: str) -> Element | None:
    """The first child of ``parent`` with Clark name ``tag`` (as ``parent.find(tag)``).

    A plain loop: the properties looked for come first in their parent, and
    lxml's ``find`` compiles and runs an ElementPath per call (twenty times slower).
    """
    for el in parent:
        if el.tag == tag:
            return el
    return None


def on_off(el: Element) -> bool:
    """The value of an OOXML on/off property element (``<w:b/>`` is on, ``w:val="0"`` off)."""
    val = el.get(W_VAL)
    if val is None:
        return True
    return val.lower() not in _FALSE


def int_attr(el: Element | None, attr: str) -> int | None:
    """An integer attribute, or None when absent or not a number."""
    if el is None:
        return None
    val = el.get(attr)
    if val is None:
        return None
    try:
        return int(val)
    except ValueError:
        try:
            return int(float(val))
        except (ValueError, OverflowError):  # "abc", "nan"; "inf", "1e999"
            return None


_PREFIXES = {
    W_NS: "w",
    R_NS: "r",
    MC_NS: "mc",
    "http://schemas.openxmlformats.org/officeDocument/2006/math": "m",
    "http://schemas.microsoft.com/office/word/2010/wordml": "w14",
    "http://schemas.microsoft.com/office/word/2012/wordml": "w15",
    "urn:schemas-microsoft-com:vml": "v",
    "urn:schemas-microsoft-com:office:office": "o",
}


def qualified_name(tag: str) -> str:
    """``"{...wordprocessingml/2006/main}ruby"`` -> ``"w:ruby"`` (Clark name when unknown)."""
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        prefix = _PREFIXES.get(namespace)
        if prefix:
            return f"{prefix}:{local}"
    return tag


def selected_branch(alternate: Element) -> Element | None:
    """The one branch of ``mc:AlternateContent`` that is read.

    The first ``mc:Choice`` that has content, else ``mc:Fallback``. Used by the
    walk and by the character count alike so both read the same branch.
    """
    fallback = None
    for child in alternate:
        tag = child.tag
        if tag == MC_CHOICE:
            if len(child):
                return child
        elif tag == MC_FALLBACK and fallback is None:
            fallback = child
    return fallback
