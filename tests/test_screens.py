"""Screens: cheap tests that skip text must never skip text a pattern would match.

Each screen is compared with the plain search it stands in for: the needle screen
with substring tests of every text, PK401's document-wide search with the
paragraph-by-paragraph one it replaced, PK402's and the current-duties screens
with their regular expressions.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import sys
from collections.abc import Iterable, Sequence

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policykit.model import ListBlock, ListItem, Paragraph, Policy, Section
from policykit.recognise.result import ParseResult, SourceParagraph
from policykit.rules import RuleContext, RuleOptions
from policykit.rules.outdated import (
    DATA_FILE,
    OutdatedReference,
    OutdatedSpec,
    OutdatedTable,
    outdated_table,
)
from policykit.rules.screens import CASE_TRAPS, NeedleScreen, case_traps, offsets
from policykit.rules.wording import _SCREEN, _may_hold_placeholders

TABLE = outdated_table()
TRIGGERS = list(TABLE.screen.needles)
# Pieces that make matches likely: trigger words, pattern words, the traps, case changes.
PIECES = [
    *TRIGGERS,
    *(t.upper() for t in TRIGGERS),
    *(t.title() for t in TRIGGERS),
    "SEF",
    "DfES",
    "DfEE",
    "ECM",
    "DDA",
    "Ofsted will inspect community cohesion",
    "community cohesion is inspected by Ofsted",
    "inspection framework covers community cohesion",
    "from September 2008 schools will",
    "a new duty to promote community cohesion in 2007",
    "School Improvement Partner",
    "Every Child Matters",
    "where every child matters",
    "the Race Relations (Amendment) Act",
    "was replaced by the Equality Act 2010",
    "no longer",
    "the Equality Bill",
    "Statutory policies for schools",
    "KCSIE 2016",
    "Keeping Children Safe in Education (September 2025)",
    "Working Together to Safeguard Children 2018",
    "School Admissions Code 2014",
    "formerly",
    "fee of £10 for a subject access request",
    "peer-on-peer",
    "SRE",
    "ISA barring",
    "Level 4b",
    "British values",
    "Prevent",
    "PREVENT",
    "Equality Act",
    "[School Name]",
    "<<Name>>",
    "«Name»",
    "{{ school }}",
    "XXX",
    "insert",
    "İnſert",
    "ınsert",
    "Brıtish values",
    "Equalıty Act",
    *CASE_TRAPS,
    "Σ",
    "ΣΑΣ",
    "\u0307",
    "\n",
    " ",
    ". ",
    "-",
]
texts = st.lists(
    st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=6).map("".join),
    max_size=6,
)


# --------------------------------------------------------------------------- Unicode facts


def test_the_case_traps_are_all_the_characters_ignorecase_takes_for_ascii() -> None:
    ascii_like = re.compile(r"[\x00-\x7f]", re.IGNORECASE)
    found = "".join(chr(c) for c in range(128, sys.maxunicode + 1) if ascii_like.match(chr(c)))
    assert found == CASE_TRAPS


def test_lowering_gives_ascii_and_line_breaks_only_from_them() -> None:
    # Outside the traps, lower() turns no other character into ASCII (so ASCII needles
    # are found in lowered text exactly where the case-insensitive patterns find them),
    # and never makes a line break (so line breaks still separate the texts).
    for c in map(chr, range(128, sys.maxunicode + 1)):
        lowered = c.lower()
        assert c in CASE_TRAPS or not any(x.isascii() for x in lowered), c
        assert "\n" not in lowered, c


@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=5), max_size=8))
def test_lowering_joined_texts_is_joining_lowered_texts(parts: list[str]) -> None:
    assert "\n".join(parts).lower() == "\n".join(p.lower() for p in parts)


def test_case_traps() -> None:
    assert not case_traps("plain ASCII")
    assert not case_traps("curly ’quotes’ and – dashes")
    assert all(case_traps(f"x{trap}y") for trap in CASE_TRAPS)


# --------------------------------------------------------------------------- the needle screen


def texts_at(positions: Iterable[int], starts: Sequence[int]) -> list[int]:
    """The indexes, in order, of the texts starting at ``starts`` that hold ``positions``."""
    return sorted({bisect.bisect_right(starts, at) - 1 for at in positions})


def holding(needles: list[str], items: list[str]) -> list[int]:
    return [i for i, text in enumerate(items) if any(n in text for n in needles)]


def screened(screen: NeedleScreen, items: list[str]) -> list[int]:
    return texts_at(screen.positions("\n".join(items)), offsets(map(len, items)))


@given(texts)
@settings(max_examples=300)
def test_the_trigger_screen_finds_exactly_the_texts_holding_a_trigger(items: list[str]) -> None:
    lowered = [text.lower() for text in items]
    assert screened(TABLE.screen, lowered) == holding(TRIGGERS, lowered)


@given(
    st.lists(st.text("abn\n ", min_size=1, max_size=4), min_size=1, max_size=5),
    st.lists(st.text("abn\n ", max_size=12), max_size=5),
)
@settings(max_examples=300)
def test_any_needles_overlapping_or_with_line_breaks(needles: list[str], items: list[str]) -> None:
    found = screened(NeedleScreen(needles), items)
    expected = holding(needles, items)
    if any("\n" in n for n in needles):
        assert set(expected) <= set(found)  # a needle may straddle two texts
    else:
        assert found == expected


def needles_placed(screen: NeedleScreen, items: list[str]) -> dict[int, set[str]]:
    """Each text holding a place, with the needles of the groups placed in it."""
    starts = offsets(map(len, items))
    placed: dict[int, set[str]] = {}
    for at, group in screen.found("\n".join(items)):
        index = texts_at([at], starts)[0]
        placed.setdefault(index, set()).update(screen.groups[group])
    return placed


@given(
    st.lists(st.text("abn ", min_size=1, max_size=4), min_size=1, max_size=6),
    st.lists(st.text("abn\n ", max_size=12), max_size=5),
)
@settings(max_examples=300)
def test_a_text_holding_a_needle_has_a_place_of_its_group(
    needles: list[str], items: list[str]
) -> None:
    # PK401 tries on a text only the needles of the groups placed in it: none is missed.
    screen = NeedleScreen(needles)
    assert sorted(set().union(*screen.groups)) == sorted(set(needles))
    placed = needles_placed(screen, items)
    for index, text in enumerate(items):
        for needle in needles:
            if needle in text:
                assert needle in placed.get(index, set()), (needle, text)


@given(texts)
@settings(max_examples=200)
def test_each_trigger_in_a_text_is_among_the_groups_placed_there(items: list[str]) -> None:
    lowered = [text.lower() for text in items]
    placed = needles_placed(TABLE.screen, lowered)
    for index, text in enumerate(lowered):
        assert {t for t in TRIGGERS if t in text} <= placed.get(index, set())


@given(
    st.lists(st.text("abnB ", min_size=1, max_size=4), min_size=1, max_size=6),
    st.lists(st.lists(st.text("abnAB\n ", max_size=12), max_size=5), min_size=1, max_size=4),
)
@settings(max_examples=300)
def test_texts_met_again_are_remembered_with_the_same_groups(
    needles: list[str], documents: list[list[str]]
) -> None:
    # One screen over several documents sharing texts: what it remembers of a text met
    # before is what searching that text alone finds (lower-cased).
    screen = NeedleScreen(n.lower() for n in needles)
    for items in [*documents, *reversed(documents)]:
        alone = {
            index: groups
            for index, text in enumerate(items)
            if (groups := frozenset(g for _, g in screen.found(text.lower())))
        }
        assert screen.holding(items) == alone


def test_a_needle_with_a_line_break_is_found_across_texts_and_nothing_is_remembered() -> None:
    screen = NeedleScreen(["a\nb", "zz"])
    straddling, alone = screen.groups.index(("a\nb",)), screen.groups.index(("zz",))
    texts = ["Xa", "B", "no", "ZZ"]
    assert screen.holding(texts) == {0: {straddling}, 3: {alone}}
    assert screen.holding(texts, "xa\nb\nno\nzz") == {0: {straddling}, 3: {alone}}
    assert screen.holding(["no", "Xa"]) == {}  # "a" alone, not met with "b" after it


@given(
    st.lists(st.text("abn ", min_size=1, max_size=4), min_size=2, max_size=6),
    st.data(),
    st.lists(st.text("abn\n ", max_size=12), max_size=5),
)
@settings(max_examples=300)
def test_a_restricted_screen_misses_no_text_holding_a_needle_kept(
    needles: list[str], data: st.DataObject, items: list[str]
) -> None:
    kept = data.draw(st.lists(st.sampled_from(needles), unique=True))
    screen = NeedleScreen(needles).restricted(kept)
    assert set(screen.needles) == set(kept) == set().union(*screen.groups)
    placed = needles_placed(screen, items)
    held = screen.holding(items)  # (what the screen it came from remembers)
    for index, text in enumerate(items):
        for needle in kept:
            if needle in text:
                assert needle in placed.get(index, set()), (needle, text)
                assert any(needle in screen.groups[g] for g in held.get(index, ())), needle


def test_what_screens_remember_is_held_once_for_every_kind_and_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("policykit.rules.screens._MEMO_TEXTS", 50)
    whole = NeedleScreen(["isa", "sef", "dcsf", "lscb"])
    kinds = [whole.restricted(["isa", "sef"]), whole.restricted(["dcsf", "lscb"])]
    for n in range(40):
        for screen in kinds:
            texts = [f"paragraph {n} of the sef", f"the lscb, {n}", f"plain text {n}"]
            held = set(screen.holding(texts))  # (a place more may be where a needle left out is)
            assert ({0} if "sef" in screen.needles else {1}) <= held and 2 not in held
    assert all(not screen._memo for screen in kinds)  # one memory, the whole screen's
    assert 0 < len(whole._memo) <= 50


def test_needles_are_grouped_by_rare_characters() -> None:
    screen = NeedleScreen(["inspection", "equality duty", "sex discrimination", "a new"])
    assert screened(screen, ["the inspection", "nothing", "a new duty", "sex"]) == [0, 2]
    assert screen.positions("nothing here") == []
    assert len(NeedleScreen(TRIGGERS)._patterns or ()) < len(TRIGGERS) / 2


# --------------------------------------------------------------------------- PK401


def _first_match_as_before(ref: OutdatedReference, text: str) -> str | None:
    """The guards first, then the pattern: first_match before it was reordered."""
    if ref.requires is not None and ref.requires.search(text) is None:
        return None
    if ref.unless is not None and ref.unless.search(text) is not None:
        return None
    for match in ref.pattern.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        if ref.not_after is not None and ref.not_after.search(before):
            continue
        return match.group(0)
    return None


def _find_as_before(
    table: OutdatedTable, items: list[str], as_of: dt.date
) -> list[tuple[int, str, str]]:
    """Paragraph by paragraph, every entry: the search the document-wide screen replaced."""
    found = []
    for index, text in enumerate(items):
        lowered = text.lower()
        for ref in table.references:
            if ref.since > as_of or not any(t in lowered for t in ref.triggers):
                continue
            if ref.editions:  # which edition is outdated depends on the as-of date
                outdated = ref.judge(text, as_of)
                matched = None if outdated is None else outdated.text
            else:
                matched = _first_match_as_before(ref, text)
            if matched is not None:
                found.append((index, ref.id, matched))
    return found


@given(texts, st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)))
@settings(max_examples=300)
def test_find_all_finds_what_each_paragraph_alone_would(items: list[str], as_of: dt.date) -> None:
    found = [(i, ref.id, m) for i, ref, m in TABLE.find_all(items, as_of)]
    assert found == _find_as_before(TABLE, items, as_of)
    lowered = "\n".join(items).lower()
    assert [(i, ref.id, m) for i, ref, m in TABLE.find_all(items, as_of, lowered)] == found


def test_find_all_with_lines_in_paragraphs_and_lowering_that_lengthens() -> None:
    items = ["İİİ\nOfsted will\ninspect community cohesion", "x", "İ the DfES", "SEF"]
    expected = _find_as_before(TABLE, items, dt.date(2026, 1, 1))
    assert {2, 3} <= {i for i, _, _ in expected}
    assert [(i, r.id, m) for i, r, m in TABLE.find_all(items, dt.date(2026, 1, 1))] == expected


# --------------------------------------------------------------------------- PK402 and duties


@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=8).map("".join))
@settings(max_examples=300)
def test_the_placeholder_screen_never_skips_a_match(text: str) -> None:
    if _SCREEN.search(text) is not None:
        assert _may_hold_placeholders(text, text.lower())


@pytest.mark.parametrize("text", ["İNSERT the name", "ınsert", "ınſert", "XXX", "x [a] y", "«a»"])
def test_the_placeholder_screen_on_awkward_text(text: str) -> None:
    assert _SCREEN.search(text) is not None
    assert _may_hold_placeholders(text, text.lower())


@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=8).map("".join))
@settings(max_examples=300)
def test_current_duties_screen_agrees_with_the_pattern(text: str) -> None:
    duties = TABLE.current_duties
    assert duties is not None
    assert duties.mentioned(text, text.lower()) == (duties.pattern.search(text) is not None)


def _duties_patterns() -> list[str]:
    spec = OutdatedSpec.model_validate(yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")))
    return [] if spec.current_duties is None else spec.current_duties.patterns


@pytest.mark.parametrize("pattern", _duties_patterns())
def test_each_current_duties_pattern_holds_a_trigger(pattern: str) -> None:
    # The data file's promise: any text a pattern matches holds a trigger (lower-cased),
    # unless it holds a case trap (then the screen is not used).
    duties = TABLE.current_duties
    assert duties is not None and duties.triggers

    @given(st.from_regex(re.compile(pattern)))
    @settings(max_examples=200)
    def holds(text: str) -> None:
        if not case_traps(text):
            assert any(t in text.lower() for t in duties.triggers)

    holds()


# --------------------------------------------------------------------------- the context


def test_the_context_views_agree() -> None:
    nested = Section(id=None, heading="Inner", level=2, blocks=[Paragraph(text="x")])
    policy = Policy(
        kind="community-cohesion",
        preamble=[ListBlock(items=[ListItem(text="a", items=[ListItem(text="b")])])],
        sections=[
            Section(id="aims", heading="Aims", level=1, sections=[nested]),
            Section(id="review", heading="Review", level=1),
        ],
    )
    paragraphs = [SourceParagraph(i, t, None) for i, t in enumerate(["Σ A", "İ", "b\nc"])]
    for result in (ParseResult(policy), ParseResult(policy, paragraphs)):
        ctx = RuleContext(result, RuleOptions(as_of=dt.date(2026, 1, 1)))
        assert ctx.sections == list(policy.walk())
        assert [ctx.unit(i) for i in range(len(ctx.texts))] == ctx.texts
        assert ctx.plain_texts == [u.text for u in ctx.texts]
        assert ctx.full_text == "\n".join(ctx.plain_texts)
        assert ctx.lower_full_text == "\n".join(t.lower() for t in ctx.plain_texts)
