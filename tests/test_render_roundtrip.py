"""The round-trip law: parse(render(p)) == p, as a property over generated policies.

The generated policies are ones a reader can recover exactly: well-formed text
(unicode, apostrophes, ``& < >``, an astral-plane emoji), three-level lists,
tables (ragged, empty and multi-line cells), nested sections, dates in the
forms schools write, review histories with and without signatures, stated
and inferred review dates. Kept out, because the reading (not the writing)
cannot tell them apart; each is reported by the renderer as a warning:

* two lists in a row (readers join adjacent list paragraphs into one list);
* a one-cell table holding one short line (read as a banner heading);
* without a title, a first heading that looks like a school's name (the first
  two sections here are catalogue headings).
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policykit import dates
from policykit.kinds import get_kind
from policykit.model import (
    Block,
    ListBlock,
    ListItem,
    Paragraph,
    Policy,
    PolicyDate,
    Precision,
    Review,
    Section,
    Table,
)
from policykit.parsing import parse
from policykit.render import render_bytes
from policykit.render.layout import inferred_review_due

KIND = get_kind("community-cohesion")

# Words that are no metadata label, date, heading or school noun, with the awkward
# characters a renderer must escape or keep: & < > quotes, apostrophes, accents,
# other scripts, an astral-plane emoji.
WORDS = [
    "garden",
    "river",
    "kindness",
    "café",
    "naïve",
    "Zoë",
    "O’Brien",
    "don't",
    "Ünsal",
    "Łódź",
    "日本語",
    "Ελλάδα",
    "москва",
    "fish & chips",
    "<tag>",
    "a > b",
    "x < y",
    "“quoted”",
    "‘single’",
    "it's",
    "résumé",
    "smile 🙂",
    "bread",
    "harbour",
    "window",
    "lantern",
    "meadow",
    "orchard",
    "pupils",
    "families",
    "respect",
    "together",
    "quietly",
    "bright",
    "shared",
    "local",
    "every",
    "with",
    "and",
    "the",
    "of",
    "in",
    "our",
    "A&B",
    "señor",
    "Ærø",
    "Øystein",
    "Dvořák",
    "Åsa",
    "São",
    "Paulo",
    "Ngũgĩ",
]
_word = st.sampled_from(WORDS)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@st.composite
def sentence(draw: st.DrawFn, min_words: int = 3, max_words: int = 14) -> str:
    words = draw(st.lists(_word, min_size=min_words, max_size=max_words))
    end = draw(st.sampled_from([".", ".", ".", "!", "?", ":"]))
    return _capital(" ".join(words)) + end


@st.composite
def phrase(draw: st.DrawFn, min_words: int = 1, max_words: int = 5) -> str:
    return _capital(" ".join(draw(st.lists(_word, min_size=min_words, max_size=max_words))))


_CATALOGUE = [h for s in KIND.sections for h in s.headings]


@st.composite
def heading(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return str(draw(st.sampled_from(_CATALOGUE)))
    return str(draw(phrase(1, 6)))


@st.composite
def list_items(draw: st.DrawFn, depth: int) -> list[ListItem]:
    items = []
    for _ in range(draw(st.integers(1, 4))):
        children = draw(list_items(depth + 1)) if depth < 2 and draw(st.booleans()) else []
        items.append(ListItem(text=draw(sentence(1, 10)), items=children))
    return items


@st.composite
def table(draw: st.DrawFn) -> Table:
    columns = draw(st.integers(1, 4))
    cell = (
        phrase(2, 4)
        | st.just("")
        | st.builds(
            lambda a, b, sep: f"{a}{sep}{b}",
            phrase(1, 3),
            phrase(1, 3),
            st.sampled_from(["\n", "\n\n"]),
        )
    )
    rows = draw(
        st.lists(
            st.lists(cell, min_size=columns, max_size=columns).filter(any), min_size=1, max_size=4
        )
    )
    if len(rows) == 1 and columns == 1 and "\n" not in rows[0][0]:
        rows.append([draw(phrase(2, 4))])  # a one-line, one-cell table reads as a banner
    return Table(rows=rows)


@st.composite
def block(draw: st.DrawFn) -> Block:
    which = draw(st.sampled_from(["paragraph", "paragraph", "list", "table"]))
    if which == "paragraph":
        return Paragraph(text=draw(sentence()))
    if which == "list":
        return ListBlock(ordered=draw(st.booleans()), items=draw(list_items(0)))
    return draw(table())


@st.composite
def blocks(draw: st.DrawFn, max_size: int = 4) -> list[Block]:
    out: list[Block] = []
    for item in draw(st.lists(block(), max_size=max_size)):
        if out and isinstance(item, ListBlock) and isinstance(out[-1], ListBlock):
            out.append(Paragraph(text=draw(sentence())))  # adjacent lists read as one
        out.append(item)
    return out


@st.composite
def section(draw: st.DrawFn, level: int) -> Section:
    text = draw(heading())
    children = draw(st.lists(section(level + 1), max_size=2)) if level < 3 else []
    return Section(
        id=KIND.match_heading(text),
        heading=text,
        level=level,
        blocks=draw(blocks()),
        sections=children,
    )


_DATE_TEXTS = [
    "01/09/2016",
    "Sept 2016",
    "12th September 2016",
    "Spring 2018/19",
    "2018-19",
    "Autumn Term 2017",
    "Summer term 2020",
    "September 2016",
    "2008",
]


@st.composite
def policy_date(draw: st.DrawFn) -> PolicyDate:
    if draw(st.booleans()):
        written = dates.parse_date(draw(st.sampled_from(_DATE_TEXTS)))
        assert written is not None
        return written
    day = draw(st.dates(dt.date(2000, 1, 1), dt.date(2035, 12, 31)))
    choices: list[Precision] = ["day", "month", "term", "academic_year", "year"]
    precision = draw(st.sampled_from(choices))
    return dates.make_date(day, precision)


_NAMES = ["Pam Holland", "Zoë O’Brien", "Dan Rosser", "Åsa Ngũgĩ", "Andre Gonzalez de Savage"]
_SCHOOL_ENDS = ["School", "Academy", "Primary School", "C of E Academy"]


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    school = None
    if draw(st.integers(0, 4)):
        school = f"{draw(phrase(1, 3))} {draw(st.sampled_from(_SCHOOL_ENDS))}"
    title = draw(
        st.sampled_from(
            [
                "Community Cohesion Policy",
                "Policy for Community Cohesion",
                "Community Cohesion",
                "Community Cohesion Statement",
                None,
            ]
        )
    )
    approved = draw(st.none() | policy_date())
    review_dates = sorted(draw(st.lists(policy_date(), max_size=3)), key=lambda d: d.start)
    reviews = [
        Review(date=d, signed_by=draw(st.none() | st.sampled_from(_NAMES))) for d in review_dates
    ]
    roles = ["author", "link_governor", "headteacher", "approved_by", "chair_of_governors"]
    people = {
        r: draw(st.sampled_from(_NAMES))
        for r in draw(st.lists(st.sampled_from(roles), unique=True))
    }
    sections = draw(st.lists(section(1), min_size=0, max_size=5))
    # two headings without the kind's title phrase: the document reads as one with
    # real heading styles
    sections[:0] = [
        Section(id=KIND.match_heading(h), heading=h, level=1, blocks=draw(blocks()))
        for h in draw(
            st.lists(
                st.sampled_from(["Rationale", "Aims", "Procedures", "Review", "Our values"]),
                min_size=2,
                max_size=2,
                unique=True,
            )
        )
    ]
    policy = Policy(
        kind=KIND.id,
        title=title,
        school=school,
        approved=approved,
        review_cycle_months=draw(st.none() | st.sampled_from([4, 6, 12, 24, 36, 48])),
        created=draw(st.none() | policy_date()),
        reviews=reviews,
        people=people,
        preamble=draw(blocks(max_size=2)),
        sections=sections,
    )
    if draw(st.booleans()):
        policy.review_due = draw(policy_date())
    else:
        policy.review_due = inferred_review_due(policy)  # None, or what readers infer
    return policy


def _dump(policy: Policy) -> str:
    return json.dumps(policy.model_dump(mode="json"), indent=1, ensure_ascii=False, sort_keys=True)


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies())
def test_parse_of_render_is_the_policy(policy: Policy) -> None:
    rendered = render_bytes(policy)
    back = parse(io.BytesIO(rendered.data))
    assert _dump(back) == _dump(policy)


@pytest.mark.slow
@settings(max_examples=20, deadline=None)
@given(policies())
def test_render_is_deterministic(policy: Policy) -> None:
    assert render_bytes(policy).data == render_bytes(policy).data
