"""Lists (policykit.docx.numbering, policykit.docx.lists): levels, labels, numbering through
styles, a kept numbering part, typed bullets.

Split from the former tests/test_reader.py; documents come from :mod:`tests.readerdocs`.
"""

from __future__ import annotations

import random

from .readerdocs import (
    LIST_STYLES,
    NUMBERING,
    build_docx,
    by_text,
    level,
    num_pr,
    para,
    read,
    run,
)


def test_numbered_lists_levels_labels_and_ordering() -> None:
    body = (
        para("First", ppr=num_pr(2, 0))
        + para("Second", ppr=num_pr(2, 0))
        + para("Sub a", ppr=num_pr(2, 1))
        + para("Sub b", ppr=num_pr(2, 1))
        + para("Sub sub", ppr=num_pr(2, 2))
        + para("Third", ppr=num_pr(2, 0))
    )
    doc = read(build_docx(body, styles=LIST_STYLES, numbering=NUMBERING))
    got = [(p.text, p.list_level, p.list_ordered, p.list_label) for p in doc.paragraphs()]
    assert got == [
        ("First", 0, True, "1."),
        ("Second", 0, True, "2."),
        ("Sub a", 1, True, "a)"),
        ("Sub b", 1, True, "b)"),
        ("Sub sub", 2, True, "i."),
        ("Third", 0, True, "3."),
    ]
    assert {p.list_id for p in doc.paragraphs()} == {"2"}


def test_list_bullet_2_nests_under_list_bullet_by_name_and_by_indent() -> None:
    body = (
        para("Top", style="ListBullet")
        + para("Nested by name", style="ListBullet2")
        + para("Top again", style="ListBullet")
        + para("A paragraph between lists")
        + para("Point", style="Points")
        + para("Deeper by indent", style="DeepPoints")
        + para("Point again", style="Points")
    )
    doc = read(build_docx(body, styles=LIST_STYLES, numbering=NUMBERING))
    got = {p.text: (p.list_level, p.list_ordered) for p in doc.paragraphs()}
    assert got["Top"] == (0, False)
    assert got["Nested by name"] == (1, False)
    assert got["Top again"] == (0, False)
    assert got["A paragraph between lists"] == (None, False)
    assert got["Point"] == (0, False)
    assert got["Deeper by indent"] == (1, False)
    assert got["Point again"] == (0, False)
    assert by_text(doc, "Top").list_label == "•"


def test_numbering_from_style_chain_num_id_zero_and_num_style_link() -> None:
    body = (
        para("Styled item", style="StyledList")
        + para("Styled sub item", style="StyledList", ppr=num_pr(None, 1))
        + para("Switched off", style="StyledList", ppr=num_pr(0))
        + para("Linked list item", ppr=num_pr(6, 0))
        + para("No visible label", ppr=num_pr(7, 0))
        + para("Missing definition", ppr=num_pr(42, 0))
    )
    doc = read(build_docx(body, styles=LIST_STYLES, numbering=NUMBERING))
    got = {p.text: (p.list_level, p.list_ordered, p.list_label) for p in doc.paragraphs()}
    assert got["Styled item"] == (0, True, "1.")
    assert got["Styled sub item"] == (1, True, "a)")
    assert got["Switched off"] == (None, False, None)
    assert got["Linked list item"] == (0, True, "I.")
    assert got["No visible label"] == (None, False, None)
    assert got["Missing definition"] == (None, False, None)


def test_numbered_heading_stays_a_heading_with_its_label() -> None:
    body = para("Aims", style="Heading1") + para("Scope", style="Heading1")
    doc = read(build_docx(body, styles=LIST_STYLES, numbering=NUMBERING))
    aims, scope = doc.paragraphs()
    assert aims.heading_level == 1 and aims.list_level is None and aims.list_label == "1."
    assert scope.list_label == "2."


def test_a_numbering_part_kept_between_documents_reads_as_a_fresh_one() -> None:
    # Read once (fresh), twice (kept: frozen before use), thrice (taken from the kept parts):
    # the same lists and labels each time, counters starting anew in each document.
    numbering = (
        NUMBERING + "<w:num w:numId='8'><w:abstractNumId w:val='2'/>"
        "<w:lvlOverride w:ilvl='0'><w:startOverride w:val='4'/></w:lvlOverride>"
        "<w:lvlOverride w:ilvl='1'>" + level(1, "upperLetter", "%1.%2", 1440) + "</w:lvlOverride>"
        "</w:num>"
        # unique to this test, so the first read here is the first read of this part
        f"<w:abstractNum w:abstractNumId='{random.getrandbits(64)}'/>"
    )
    body = (
        para("One", ppr=num_pr(2, 0))
        + para("One sub", ppr=num_pr(2, 1))
        + para("Four", ppr=num_pr(8, 0))
        + para("Four sub", ppr=num_pr(8, 1))
        + para("Linked", ppr=num_pr(6, 0))
        + para("Bullet", style="ListBullet")
        + para("Missing", ppr=num_pr(42, 0))
        + para("Hidden", ppr=num_pr(7, 0))
    )
    data = build_docx(body, styles=LIST_STYLES, numbering=numbering)
    reads = [read(data) for _ in range(3)]
    expected = [
        ("One", "1."),
        ("One sub", "a)"),
        ("Four", "4."),
        ("Four sub", "4.A"),
        ("Linked", "I."),
        ("Bullet", "•"),
        ("Missing", None),
        ("Hidden", None),
    ]
    for doc in reads:
        assert [(p.text, p.list_label) for p in doc.paragraphs()] == expected
        assert doc.paragraphs() == reads[0].paragraphs()


def test_lists_without_numbering_part_are_plain_paragraphs() -> None:
    doc = read(build_docx(para("Item", style="ListBullet"), styles=LIST_STYLES))
    assert by_text(doc, "Item").list_level is None


def test_typed_bullets_become_list_items_with_levels() -> None:
    body = (
        para("We will:")
        + para("•\tFirst point")
        + para("o\tSub point")
        + para("o\tAnother sub point")
        + para("•\tSecond point")
        + para("\t-  Typed dash, indented")
        + para("\uf0b7\tSymbol font bullet")
        + para("Ordinary text ends the list.")
        + para("-  Dash list")
        + para("*  Star item")
        + para("More text.")
        + para("o\tAn o alone is the top level")
    )
    doc = read(build_docx(body))
    got = [(p.text, p.list_level, p.list_id) for p in doc.paragraphs()]
    assert got == [
        ("We will:", None, None),
        ("First point", 0, "manual"),
        ("Sub point", 1, "manual"),
        ("Another sub point", 1, "manual"),
        ("Second point", 0, "manual"),
        ("Typed dash, indented", 1, "manual"),
        ("Symbol font bullet", 0, "manual"),
        ("Ordinary text ends the list.", None, None),
        ("Dash list", 0, "manual"),
        ("Star item", 0, "manual"),
        ("More text.", None, None),
        ("An o alone is the top level", 0, "manual"),
    ]
    assert by_text(doc, "First point").list_label == "•"


def test_typed_bullet_is_stripped_from_runs_and_typed_numbers_are_left_alone() -> None:
    body = (
        "<w:p>"
        + run("•")
        + run("\tBold item", "<w:b/>")
        + "</w:p>"
        + para("1.\tAims")
        + para("a)\tfirst")
        + para("(i) roman")
        + para("-5 degrees is cold")
        + para("o")
        + para("Other text")
    )
    doc = read(build_docx(body))
    item = by_text(doc, "Bold item")
    assert [(r.text, r.bold) for r in item.runs] == [("Bold item", True)]
    assert item.bold and item.list_level == 0
    for text in ("1.\tAims", "a)\tfirst", "(i) roman", "-5 degrees is cold", "o"):
        assert by_text(doc, text).list_level is None
