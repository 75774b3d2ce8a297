"""List labels: counters per abstract numbering, restarts of deeper levels, start overrides.

Each w:num is resolved once (its nine levels and their restarts); these pin down the
counting that a resolved list must keep exactly.
"""

from __future__ import annotations

import pytest
from lxml import etree

from policykit.docx.numbering import Numbering, NumberingDefinitions, bullet_label
from policykit.docx.styles import Styles
from policykit.docx.xml import W_NS

PARTS = (
    # 1: 1. / 1.a) / i. with starts 1, 1 and 3
    "<w:abstractNum w:abstractNumId='1'>"
    "<w:lvl w:ilvl='0'><w:start w:val='1'/><w:numFmt w:val='decimal'/>"
    "<w:lvlText w:val='%1.'/></w:lvl>"
    "<w:lvl w:ilvl='1'><w:start w:val='1'/><w:numFmt w:val='lowerLetter'/>"
    "<w:lvlText w:val='%1.%2)'/></w:lvl>"
    "<w:lvl w:ilvl='2'><w:start w:val='3'/><w:numFmt w:val='lowerRoman'/>"
    "<w:lvlText w:val='%3.'/></w:lvl>"
    "<w:lvl w:ilvl='3'><w:start w:val='1'/><w:numFmt w:val='none'/>"
    "<w:lvlText w:val=''/></w:lvl>"
    "</w:abstractNum>"
    "<w:num w:numId='1'><w:abstractNumId w:val='1'/></w:num>"
    # 2: the same abstract (one counter) restarting at 5
    "<w:num w:numId='2'><w:abstractNumId w:val='1'/>"
    "<w:lvlOverride w:ilvl='0'><w:startOverride w:val='5'/></w:lvlOverride></w:num>"
    # 3: no such abstract
    "<w:num w:numId='3'><w:abstractNumId w:val='9'/></w:num>"
)


def numbering() -> Numbering:
    root = etree.fromstring(f"<w:numbering xmlns:w='{W_NS}'>{PARTS}</w:numbering>")
    definitions = NumberingDefinitions(root)
    return Numbering(lambda: definitions, Styles(None))


def labels(items: list[tuple[str, int]]) -> list[str | None]:
    lists = numbering()
    out: list[str | None] = []
    for num_id, ilvl in items:
        item = lists.item(num_id, ilvl)
        out.append(None if item is None else item[1])
    return out


def test_deeper_levels_restart_at_their_start_when_a_level_above_advances() -> None:
    items = [("1", 0), ("1", 1), ("1", 1), ("1", 2), ("1", 0), ("1", 2), ("1", 1)]
    assert labels(items) == ["1.", "1.a)", "1.b)", "iii.", "2.", "iii.", "2.a)"]


def test_a_level_shown_without_a_label_neither_counts_nor_restarts() -> None:
    # ilvl 3 is a "none" level with empty text: no item, and ilvl 2 goes on from iii.
    assert labels([("1", 2), ("1", 3), ("1", 2)]) == ["iii.", None, "iv."]


def test_ilvl_out_of_range_is_clamped_and_unknown_lists_show_nothing() -> None:
    assert labels([("1", -4), ("1", 0), ("1", 99), ("3", 0), ("8", 0)]) == [
        "1.",
        "2.",
        None,  # clamped to 8: no such level
        None,
        None,
    ]


def test_lists_sharing_an_abstract_share_its_counter_and_a_start_override_restarts_it() -> None:
    assert labels([("1", 0), ("1", 0), ("2", 0), ("2", 0), ("1", 0), ("1", 1)]) == [
        "1.",
        "2.",
        "5.",
        "6.",
        "7.",
        "7.a)",
    ]


def test_the_item_is_its_level_definition() -> None:
    item = numbering().item("1", 1)
    assert item is not None
    assert (item[0].fmt, item[0].text, item[0].start) == ("lowerLetter", "%1.%2)", 1)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\uf0b7", "•"),
        ("\ue000", "•"),  # first code point of the private use area
        ("\uf8ff", "•"),  # last
        (" \uf8ff ", "•"),
        ("\ud7ff", "\ud7ff"),  # below it (and below the surrogates)
        ("\uf900", "\uf900"),  # just above it
        ("o", "o"),
        ("–\ue001", "•"),
        ("\u00b7", "•"),
        ("§", "•"),
        ("  ", "•"),
    ],
)
def test_bullet_label_maps_symbol_font_code_points_to_a_bullet(text: str, shown: str) -> None:
    assert bullet_label(text) == shown
