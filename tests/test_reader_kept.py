"""Parts kept between documents (policykit.docx.reader): parsed once, bounded however hostile
the documents, and read exactly as a fresh part would be.

Split from the former tests/test_reader.py; documents come from :mod:`tests.readerdocs`.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .readerdocs import (
    LIST_STYLES,
    NAMESPACES,
    NUMBERING,
    build_docx,
    by_text,
    level,
    num_pr,
    para,
    read,
    run,
    style,
)

# -- parts kept between documents: bounded however hostile the documents ----------------


def _styles_part(tag: str, count: int, *, pad: int = 0) -> str:
    """``count`` paragraph styles (``tag`` makes the part unique), padded by ``pad`` bytes."""
    filler = f"<w:style w:type='paragraph' w:styleId='Pad'><w:name w:val='{'x' * pad}'/></w:style>"
    return filler + "".join(
        f"<w:style w:type='paragraph' w:styleId='{tag}{i}'><w:name w:val='s {i}'/></w:style>"
        for i in range(count)
    )


def _styles_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A fresh set of kept styles, and the names of the styles parts parsed from now on."""
    import policykit.docx.reader as reader

    parsed: list[str] = []
    real = reader.parse_xml  # type: ignore[attr-defined]  # the name the reader calls

    def counting(data: bytes, name: str, *args: int) -> object:
        parsed.append(name)
        return real(data, name, *args)

    monkeypatch.setattr(reader, "_kept_styles", reader._Kept())
    monkeypatch.setattr(reader, "parse_xml", counting)
    return parsed


def test_kept_styles_are_parsed_once_while_they_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = _styles_parses(monkeypatch)
    data = build_docx(para("Text", style="T1"), styles=_styles_part("T", 20))
    for _ in range(4):  # seen once, then kept, then reused
        assert by_text(read(data), "Text").style_id == "T1"
    assert parsed == ["word/styles.xml"] * 2


def test_kept_parts_are_bounded_by_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    # Parts of about 10.5 KB against a budget of 90 KB: eight fit, a ninth pushes out the
    # least recently used, which is parsed again when it comes back (answering as before).
    import policykit.docx.reader as reader

    monkeypatch.setattr(reader, "KEPT_BYTES", 90_000)
    monkeypatch.setattr(reader, "_KEEP_AT_ONCE", 5_000)  # kept at first sight
    parsed = _styles_parses(monkeypatch)
    docs = {
        tag: build_docx(para("Text", style=f"{tag}1"), styles=_styles_part(tag, 5, pad=10_000))
        for tag in "ABCDEFGHI"
    }
    for tag in "ABCDEFGH" * 2:
        assert by_text(read(docs[tag]), "Text").style_name == "s 1"
    assert len(parsed) == 8  # each parsed once, all kept
    read(docs["I"])  # A is the least recently used: out
    read(docs["H"])
    assert len(parsed) == 9
    assert by_text(read(docs["A"]), "Text").style_name == "s 1"
    assert len(parsed) == 10


def test_parts_too_large_for_the_budget_are_never_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    import policykit.docx.reader as reader

    monkeypatch.setattr(reader, "KEPT_DEFINITIONS", 800)  # a part may hold 100
    parsed = _styles_parses(monkeypatch)
    many = build_docx(para("Text", style="M1"), styles=_styles_part("M", 150))
    few = build_docx(para("Text", style="F1"), styles=_styles_part("F", 50))
    for _ in range(3):
        assert by_text(read(many), "Text").style_name == "s 1"
        assert by_text(read(few), "Text").style_name == "s 1"
    assert len(parsed) == 3 + 2  # many: every time; few: seen once, then kept


def test_a_kept_styles_part_does_not_grow_with_made_up_style_ids() -> None:
    # Documents sharing a template's styles may name styles it does not define; each such
    # id reads as the default paragraph style, and the shared copy remembers none of them.
    from policykit.docx.styles import Styles
    from policykit.docx.xml import parse_xml

    xml = f"<w:styles {NAMESPACES}>{_styles_part('K', 10)}</w:styles>".encode()
    styles = Styles(parse_xml(xml, "word/styles.xml")).freeze()
    default = styles.paragraph(None)
    for i in range(2000):
        assert styles.paragraph(f"Made{i}") == default
        assert styles.character(f"Chars{i}") == styles.character(None)
    assert styles.paragraph("K3").name == "s 3"
    assert len(styles._resolved) <= styles.definitions() + 1  # None and the ids it defines
    assert not styles._character


def _assert_fresh_kept_and_reused_agree(kept_parts: str, data: bytes) -> None:
    """Read ``data`` three times with a cache of its own (``reader.<kept_parts>``): first
    sight, then kept (frozen), then reused: the paragraphs must be the same each time."""
    import policykit.docx.reader as reader

    saved = getattr(reader, kept_parts)
    setattr(reader, kept_parts, reader._Kept())
    try:
        fresh, kept, reused = (read(data).paragraphs() for _ in range(3))
    finally:
        setattr(reader, kept_parts, saved)
    assert kept == fresh and reused == fresh


_FORMATS = st.sampled_from(["decimal", "bullet", "lowerLetter", "upperRoman", "none", "odd"])


@st.composite
def _numbering_and_body(draw: st.DrawFn) -> tuple[str, str]:
    """A numbering part of random definitions, overrides and links, and list paragraphs."""
    parts: list[str] = []
    for abstract_id in range(draw(st.integers(0, 4))):
        link = draw(st.sampled_from(["", "<w:numStyleLink w:val='OutlineList'/>"]))
        levels = "".join(
            f"<w:lvl w:ilvl='{draw(st.sampled_from(['0', '1', '2', '9', 'x']))}'>"
            f"<w:start w:val='{draw(st.sampled_from(['1', '0', '5', 'bad']))}'/>"
            f"<w:numFmt w:val='{draw(_FORMATS)}'/>"
            f"<w:lvlText w:val='{draw(st.sampled_from(['%1.', '%1.%2', '', '-']))}'/></w:lvl>"
            for _ in range(draw(st.integers(0, 3)))
        )
        parts.append(
            f"<w:abstractNum w:abstractNumId='{abstract_id}'>{link}{levels}</w:abstractNum>"
        )
    for num_id in range(1, draw(st.integers(1, 5))):
        overrides = "".join(
            f"<w:lvlOverride w:ilvl='{draw(st.integers(0, 2))}'>"
            + draw(st.sampled_from(["", "<w:startOverride w:val='3'/>"]))
            + draw(st.sampled_from(["", level(0, "upperLetter", "%1)", 360)]))
            + "</w:lvlOverride>"
            for _ in range(draw(st.integers(0, 2)))
        )
        ref = draw(st.integers(0, 5))
        parts.append(
            f"<w:num w:numId='{num_id}'><w:abstractNumId w:val='{ref}'/>{overrides}</w:num>"
        )
    body = "".join(
        para(f"Item {i}", ppr=num_pr(draw(st.integers(0, 6)), draw(st.integers(0, 3))))
        for i in range(draw(st.integers(1, 8)))
    )
    return "".join(parts), body


@settings(max_examples=60, deadline=None)
@given(_numbering_and_body())
def test_any_numbering_part_reads_the_same_fresh_kept_and_reused(
    drawn: tuple[str, str],
) -> None:
    numbering, body = drawn
    _assert_fresh_kept_and_reused_agree(
        "_kept_numbering", build_docx(body, styles=LIST_STYLES, numbering=numbering)
    )


_STYLE_IDS = st.sampled_from(["A", "B", "C", "D", "Missing"])


@st.composite
def _styles_and_body(draw: st.DrawFn) -> tuple[str, str]:
    """A styles part of random chains (cycles and dangling ids too) and paragraphs using it."""
    styles = "".join(
        style(
            style_id,
            draw(st.sampled_from(["Normal", "heading 2", "Title", "List Bullet 2", "Custom"])),
            kind=draw(st.sampled_from(["paragraph", "character"])),
            based_on=draw(st.one_of(st.none(), _STYLE_IDS)),
            ppr=draw(st.sampled_from(["", num_pr(1, 1), "<w:outlineLvl w:val='0'/>"])),
            rpr=draw(st.sampled_from(["", "<w:b/>", "<w:i/><w:sz w:val='40'/>", "<w:caps/>"])),
            default=draw(st.booleans()),
        )
        for style_id in draw(st.lists(_STYLE_IDS, max_size=5))
    )
    body = "".join(
        f"<w:p><w:pPr><w:pStyle w:val='{draw(_STYLE_IDS)}'/></w:pPr>"
        + run(f"Text {i}", f"<w:rStyle w:val='{draw(_STYLE_IDS)}'/>")
        + "</w:p>"
        for i in range(draw(st.integers(1, 6)))
    )
    return styles, body


@settings(max_examples=60, deadline=None)
@given(_styles_and_body())
def test_any_styles_part_reads_the_same_fresh_kept_and_reused(drawn: tuple[str, str]) -> None:
    styles, body = drawn
    _assert_fresh_kept_and_reused_agree(
        "_kept_styles", build_docx(body, styles=styles, numbering=NUMBERING)
    )
