"""The planner: draws one random, realistic policy and its ground truth.

Every choice is drawn independently per document from the document's own
``random.Random``, restricted to what the producer can express. The tags in
``DocPlan.tags`` (a case's ``style``) name the variants drawn:

- ``src=`` docx | fodt | html | md: what was written for the producer.
- ``title=`` title-style | heading-1 | big-bold | meta ("Title:"/"Policy:" row);
  ``title-caps``: the title typed in capitals.
- ``school=`` top-line | meta | header | prefix ("X Community Cohesion Policy")
  | subtitle | none; ``school-caps``: the name typed in capitals.
- ``meta=`` table | colon | tab, ``-end`` when at the end of the document;
  ``due-in-footer``, ``approval-in-header``, ``date-field`` (a DATE field in
  the footer, not a review date), ``content-control``, ``date-picker``.
- ``approval=`` meta | sentence | none; ``due=`` stated | inferred | none | tbc;
  ``cycle=`` 12 | 24 | 36 | none.
- ``history=`` horizontal | vertical-3 | vertical-2, ``history-newest-first``.
- ``headings=`` one of SCHEMES; ``hand-numbered``, ``colons``,
  ``tracked-heading``, ``localised-style-ids``, ``subsections``,
  ``missing=<id>``, ``empty-section``.
- ``lists=`` numbering | styles (List Bullet 2...) | manual ("•<TAB>");
  ``nested-list``, ``body-table``, ``blank-lines``, ``curly-quotes``.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, TypeVar

from . import bank
from .dates import Period, add_months, period_for, random_period
from .ir import Block, DocPlan, Field, Item, ListBlock, Para, Run, Source, Table

T = TypeVar("T")

REQUIRED = ("rationale", "aims", "procedures", "review")
BASE_ORDER = (
    "rationale",
    "definition",
    "principles",
    "aims",
    "procedures",
    "roles",
    "review",
    "history",
)

# What each source format can express.
CAPABILITIES: dict[Source, frozenset[str]] = {
    "docx": frozenset(
        {
            "header_footer",
            "tab",
            "auto_number",
            "caps_format",
            "custom_style",
            "outline_style",
            "list_styles",
            "quirks",
            "subtitle",
            "layout",
            "date_field",
            "page_field",
        }
    ),
    "fodt": frozenset(
        {
            "header_footer",
            "tab",
            "auto_number",
            "caps_format",
            "custom_style",
            "outline_style",
            "subtitle",
            "layout",
            "page_field",
        }
    ),
    "html": frozenset({"header_footer", "layout"}),
    "md": frozenset({"custom_style", "subtitle", "yaml"}),
}


def pick(rng: random.Random, options: Sequence[tuple[T, float]]) -> T:
    """One option, drawn by weight."""
    return rng.choices([o for o, _ in options], [w for _, w in options])[0]


def chance(rng: random.Random, p: float) -> bool:
    return rng.random() < p


# --- headings ----------------------------------------------------------------------


@dataclass(frozen=True)
class Look:
    """How one heading level looks."""

    style: str | None = None
    bold: bool = False
    italic: bool = False
    underline: bool = False
    caps_format: bool = False
    typed_caps: bool = False
    size: int | None = None
    auto_number: bool = False
    banner: bool = False


@dataclass(frozen=True)
class Scheme:
    name: str
    top: Look
    sub: Look | None  # None: this scheme has no sub-headings
    needs: frozenset[str] = frozenset()


SCHEMES: list[tuple[Scheme, float]] = [
    (Scheme("heading-1", Look("Heading 1"), Look("Heading 2")), 3),
    (Scheme("heading-2", Look("Heading 2"), Look("Heading 3")), 1),
    (Scheme("bold", Look(bold=True), Look(italic=True)), 3),
    (Scheme("bold-12pt", Look(bold=True, size=12), Look(bold=True, italic=True)), 1),
    (Scheme("bold-caps", Look(bold=True, typed_caps=True), Look(bold=True)), 1.5),
    (Scheme("caps", Look(typed_caps=True), None), 1),
    (
        Scheme("caps-format", Look(bold=True, caps_format=True), None, frozenset({"caps_format"})),
        0.7,
    ),
    (Scheme("underline", Look(underline=True), Look(italic=True)), 0.8),
    (Scheme("bold-underline", Look(bold=True, underline=True), Look(bold=True)), 0.8),
    (
        Scheme(
            "custom-style", Look("PolicyHeading"), Look("Heading 2"), frozenset({"custom_style"})
        ),
        1,
    ),
    (Scheme("outline-level-style", Look("SectionTitle"), None, frozenset({"outline_style"})), 0.6),
    (
        Scheme(
            "auto-numbered",
            Look("Heading 1", auto_number=True),
            Look("Heading 2", auto_number=True),
            frozenset({"auto_number"}),
        ),
        1,
    ),
    (
        Scheme(
            "auto-numbered-bold",
            Look(bold=True, auto_number=True),
            None,
            frozenset({"auto_number"}),
        ),
        0.8,
    ),
    (Scheme("banner", Look(bold=True, banner=True), Look(bold=True)), 0.8),
]
HAND_NUMBERS = ("{n}. ", "{n}) ", "Section {n}: ", "{n} ")


@dataclass
class Headings:
    scheme: Scheme
    numbering: str | None  # a HAND_NUMBERS pattern
    colon: bool

    def top(self, text: str, n: int) -> tuple[Para, str]:
        """The heading paragraph and its text as written."""
        return self._para(text, self.scheme.top, n, None)

    def sub(self, text: str, n: int, m: int) -> Para:
        assert self.scheme.sub is not None
        return self._para(text, self.scheme.sub, n, m)[0]

    def _para(self, text: str, look: Look, n: int, m: int | None) -> tuple[Para, str]:
        if look.typed_caps:
            text = text.upper()
        if self.colon and not text.endswith("?"):
            text += ":"
        if self.numbering and m is None:
            text = self.numbering.format(n=n) + text
        elif self.numbering:
            text = f"{n}.{m} {text}"
        run = Run(
            text,
            bold=look.bold,
            italic=look.italic,
            underline=look.underline,
            caps=look.caps_format,
            size=look.size,
        )
        level = (0 if m is None else 1) if look.auto_number else None
        return Para([run], style=look.style, number_level=level, banner=look.banner), text


# --- the planner ------------------------------------------------------------------------


@dataclass
class _Doc:
    """Working state while one document is planned."""

    rng: random.Random
    source: Source
    caps: frozenset[str]
    tags: list[str] = field(default_factory=list)
    school: str | None = None
    short: str = "the school"
    faith: str | None = None
    used: set[str] = field(default_factory=set)  # sentences already in the document
    marks: tuple[str, str] | None = None  # typed bullets (level 1, level 2), once drawn
    schools: bool = False  # draw the layouts of issue 12 too ("as schools write")
    review_table: list[list[str]] | None = None  # "Date reviewed | Signed | Next review"

    def can(self, capability: str) -> bool:
        return capability in self.caps

    def sw(self, p: float) -> bool:
        """In the "as schools write" set, a chance of ``p``; never otherwise (no draw)."""
        return self.schools and chance(self.rng, p)

    def fill(self, sentence: str) -> str:
        return sentence.format(
            school=self.school or "the school", short=self.short, faith=self.faith or "church"
        )


def school_name(rng: random.Random) -> tuple[str, str, str | None]:
    """(full name, short form, faith) of a made-up school."""
    kind = pick(rng, [("place", 5), ("saint", 3), ("the", 1), ("bare", 1.5)])
    if kind == "saint":
        saint = rng.choice(bank.SAINTS)
        phase = rng.choice(bank.FAITH_PHASES)
        catholic = "Catholic" in phase or saint in {
            "Sacred Heart",
            "Holy Family",
            "Our Lady of Lourdes",
        }
        return f"{saint} {phase}", saint, "Catholic" if catholic else "church"
    if kind == "the":
        place = rng.choice(bank.PLURAL_PLACES)
        return f"The {place} {rng.choice(bank.PHASES)}", f"The {place}", None
    if kind == "bare":
        name = rng.choice(bank.BARE_NAMES)
        return name, name, None
    place = rng.choice(bank.PLACES)
    phase = pick(rng, [(rng.choice(bank.PHASES), 4), (rng.choice(bank.FAITH_PHASES[1:5]), 1)])
    church = "CE" in phase or "Church" in phase or "C of E" in phase
    return f"{place} {phase}", place, "church" if church else None


def person(rng: random.Random) -> str:
    first, last = rng.choice(bank.FIRST_NAMES), rng.choice(bank.SURNAMES)
    return pick(
        rng,
        [
            (f"{first} {last}", 3),
            (f"{rng.choice(bank.TITLES_OF_PERSON)} {last}", 1),
            (f"{rng.choice(bank.TITLES_OF_PERSON)} {first[0]} {last}", 2),
            (f"{first[0]}. {last}", 1),
        ],
    )


def random_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def caps_safe(text: str) -> bool:
    return bank.title_case(text.upper()) == text


@dataclass
class Dates:
    """The document's dates, as planned (``*_text`` as written)."""

    approval_day: dt.date
    approved: Period | None
    approval_mode: str  # "meta", "sentence" or "none"
    cycle_months: int | None
    cycle_phrase: str | None
    due_mode: str  # "stated", "inferred", "none" or "tbc"
    review_due: Period | None = None
    due_text: str | None = None
    last_review: Period | None = None
    history: list[tuple[Period, str | None]] = field(default_factory=list)
    due_in_sentence: bool = False  # "... and will be reviewed in ...", not a labelled value
    due_in_history: bool = False  # the last row's "Next review" of the review table

    def reviews(self) -> list[tuple[Period, str | None]]:
        """Review history and "Last reviewed", oldest first."""
        entries = [*self.history, *([(self.last_review, None)] if self.last_review else [])]
        return sorted(entries, key=lambda e: e[0].start)


def plan_dates(d: _Doc) -> Dates:
    rng = d.rng
    day = random_day(rng, dt.date(2008, 9, 1), dt.date(2025, 7, 20))
    approved = random_period(rng, day)
    approval_mode = pick(rng, [("meta", 0.86), ("sentence", 0.05), ("none", 0.09)])
    if approval_mode == "meta" and d.sw(0.15):
        approval_mode = "sentence"
    cycle_months, cycle_phrase = (
        rng.choice(bank.CYCLE_PHRASES) if chance(rng, 0.78) else (None, None)
    )
    due_mode = pick(rng, [("stated", 0.65), ("inferred", 0.2), ("none", 0.1), ("tbc", 0.05)])
    dates = Dates(
        day,
        None if approval_mode == "none" else approved,
        approval_mode,
        cycle_months,
        cycle_phrase,
        due_mode,
    )
    if dates.approved and (chance(rng, 0.08) or d.sw(0.25)):
        months = 12 * rng.randint(1, 2)
        dates.last_review = random_period(
            rng, day + dt.timedelta(days=30 * months + 10), allow_year=False
        )
    if dates.last_review is None and (chance(rng, 0.3) or d.sw(0.3)):
        dates.history = plan_history(d, day)
    # With a cycle and something to count from, an unstated date is inferred (the
    # contract), so "none" becomes "inferred"; "TBC" beside a cycle is avoided.
    can_infer = cycle_months is not None and bool(dates.approved or dates.reviews())
    if due_mode == "none" and can_infer:
        dates.due_mode = "inferred"
    elif (due_mode == "inferred" and not can_infer) or (due_mode == "tbc" and cycle_months):
        dates.due_mode = "stated"
    if dates.due_mode == "stated":
        months = cycle_months or 12 * rng.randint(1, 3)
        if chance(rng, 0.1):
            months += 12  # a cycle mismatch (PK206)
        due_day = day + dt.timedelta(days=round(months * 30.44) + rng.randint(-20, 20))
        dates.review_due = random_period(rng, due_day)
        dates.due_text = dates.review_due.text
    elif dates.due_mode == "tbc":
        dates.due_text = rng.choice(bank.NOT_A_DATE)
    elif dates.due_mode == "inferred":
        assert cycle_months is not None
        # the contract: the last review (here the latest of approval and reviews) + cycle
        bases = [p for p, _ in dates.reviews()] + ([dates.approved] if dates.approved else [])
        dates.review_due = add_months(max(bases, key=lambda p: p.start), cycle_months)
    if dates.review_due is not None and dates.due_mode == "stated":
        if dates.approved is not None and approval_mode == "sentence" and d.sw(0.7):
            dates.due_in_sentence = True
            d.tags.append("due-in-sentence")
        elif dates.history and dates.approved is not None and d.sw(0.6):
            dates.due_in_history = True
            d.tags.append("due-in-review-table")
    d.tags += [
        f"approval={approval_mode}",
        f"due={dates.due_mode}",
        f"cycle={cycle_months or 'none'}",
    ]
    return dates


def plan_meta(
    d: _Doc, dates: Dates, title: str, title_mode: str, school_mode: str
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], bool]:
    """(other metadata rows, dated rows, whether the cycle is a row) in drawn order."""
    rng = d.rng
    meta: list[tuple[str, str]] = []
    if school_mode == "meta" or (school_mode == "top-line" and chance(rng, 0.1)):
        meta.append((rng.choice(bank.SCHOOL_LABELS), d.school or ""))
    if title_mode == "meta" or chance(rng, 0.1):
        meta.append((rng.choice(bank.TITLE_LABELS), title))
    if chance(rng, 0.15):  # a trap: an academic year that is neither approval nor review
        meta.append(
            (
                rng.choice(["Year", "Academic year"]),
                period_for(dates.approval_day, "academic_year", "yyyy/yyyy").text,
            )
        )
    for role, labels in bank.ROLE_LABELS.items():
        if chance(rng, {"author": 0.5, "governor": 0.3, "headteacher": 0.25}[role]):
            meta.append((rng.choice(labels), person(rng)))
    if chance(rng, 0.35):
        meta.append(("Approved by", rng.choice(bank.BODIES)))
    if chance(rng, 0.15):
        meta.append(("Status", rng.choice(["Statutory", "Non-statutory", "Recommended"])))
    if chance(rng, 0.15):
        meta.append(("Version", f"{rng.randint(1, 4)}.{rng.randint(0, 3)}"))
    rng.shuffle(meta)
    if d.sw(0.25):  # a front table signed by the head and the chair: not a review history
        meta.append(("Signed (Headteacher)", person(rng)))
        meta.append(("Signed (Chair)", person(rng)))
    dated: list[tuple[str, str]] = []
    if dates.approved is not None and dates.approval_mode == "meta":
        labels = bank.TYPED_APPROVAL_LABELS if d.sw(0.5) else bank.APPROVAL_LABELS
        value = dates.approved.text + (rng.choice(bank.INITIALS) if d.sw(0.15) else "")
        dated.append((rng.choice(labels), value))
    review_then_next = (
        dates.last_review is not None
        and dates.review_due is not None
        and dates.due_mode == "stated"
        and dates.last_review.end < dates.review_due.start
        and d.sw(0.5)
    )
    if dates.last_review is not None:
        labels = bank.TYPED_LAST_REVIEW_LABELS if d.sw(0.4) else bank.LAST_REVIEW_LABELS
        if review_then_next:
            labels = ["Review date"]  # beside "Next Review Date": the last review
            d.tags.append("review-then-next")
        dated.append((rng.choice(labels), dates.last_review.text))
    if dates.due_text is not None and not (dates.due_in_sentence or dates.due_in_history):
        label = "Next Review Date" if review_then_next else rng.choice(bank.REVIEW_DUE_LABELS)
        note = rng.choice(bank.DATE_NOTES) if dates.review_due and d.sw(0.2) else ""
        dated.append((label, dates.due_text + note))
    cycle_in_meta = dates.cycle_months is not None and chance(rng, 0.25)
    if dates.cycle_months is not None and cycle_in_meta:
        value = rng.choice(bank.CYCLE_VALUES[dates.cycle_months])
        dated.append((rng.choice(bank.CYCLE_LABELS), value))
    return meta, dated, cycle_in_meta


def plan_document(
    rng: random.Random, producer: str, source: Source, name: str, *, schools: bool = False
) -> DocPlan:
    """Draw one document for ``producer`` writing ``source``.

    ``schools``: also draw the layouts schools use that issue 12 lists (review tables
    with a next review column, labels as typed, unlabelled footers, dates in a
    sentence, headings that say more, contents lists, quotations with a source).
    """
    d = _Doc(rng, source, CAPABILITIES[source], schools=schools)
    d.tags.append(f"src={source}")
    if producer == "python-docx" and source == "html":
        d.tags.append("html-chunk")
    if chance(rng, 0.97):
        d.school, d.short, d.faith = school_name(rng)
    if d.short == d.school and chance(rng, 0.5):
        d.short = "the school"
    title = rng.choice(bank.TITLES)
    dates = plan_dates(d)
    if dates.due_in_history:
        d.review_table = review_table(d, dates)

    # ---- where the title, the school and the metadata go ----
    title_mode = pick(rng, [("title-style", 3), ("heading-1", 2), ("big-bold", 3), ("meta", 1)])
    school_mode = (
        "none"
        if d.school is None
        else pick(
            rng,
            [
                ("top-line", 5),
                ("meta", 1.5),
                ("header", 1.2 if d.can("header_footer") else 0),
                ("prefix", 2),
                ("subtitle", 1 if d.can("subtitle") else 0),
            ],
        )
    )
    if school_mode == "prefix":
        if title_mode == "meta":
            title_mode = "big-bold"
        if not title.startswith(("Community", "Policy")):
            title = "Community Cohesion Policy"  # "X Promoting ..." would not split cleanly
    if d.source == "md" and title_mode == "title-style" and school_mode == "top-line":
        school_mode = "subtitle"
    meta, dated, cycle_in_meta = plan_meta(d, dates, title, title_mode, school_mode)
    school_upper = d.school is not None and caps_safe(d.school) and chance(rng, 0.35)
    written_school = (d.school or "").upper() if school_upper else (d.school or "")
    header: list[Para] = []
    footer: list[Para] = []
    if d.can("header_footer"):
        header, footer = plan_header_footer(
            d, dated, title, written_school if school_mode == "header" else None
        )
    insert_at = rng.randint(0, len(meta))
    meta[insert_at:insert_at] = dated
    layout = pick(rng, [("table", 5), ("colon", 3), ("tab", 1.5 if d.can("tab") else 0)])
    meta_at_end = chance(rng, 0.2)
    headings = plan_headings(d)
    if headings.scheme.top.auto_number and title_mode == "heading-1":
        title_mode = "title-style"  # a Heading 1 title would take the number 1.

    # ---- the top of the document ----
    top: list[Block] = []
    yaml: dict[str, str] = {}
    title_line = title
    if school_mode == "prefix":
        sep = rng.choice([" ", " ", " – ", ": ", " - "])
        title_line = f"{written_school}{sep}{title}"
    elif title_mode != "meta" and caps_safe(title) and chance(rng, 0.15):
        title_line = title.upper()
        d.tags.append("title-caps")
    if school_upper and school_mode in {"top-line", "header", "prefix", "subtitle"}:
        d.tags.append("school-caps")
    d.tags += [
        f"title={title_mode}",
        f"school={school_mode}",
        f"meta={layout}{'-end' if meta_at_end else ''}",
    ]
    if title_mode == "title-style" and d.source == "md":
        yaml["title"] = title_line  # pandoc writes it in the Title style
    elif title_mode != "meta":
        top.append(title_block(d, title_mode, title_line))
    if school_mode == "top-line":
        look = pick(rng, [("bold", 3), ("title-style", 1), ("plain-center", 1)])
        size = rng.choice([None, 14, 16]) if look == "bold" else None
        para = Para(
            [Run(written_school, bold=look == "bold", size=size)],
            style="Title" if look == "title-style" and d.source != "md" else None,
            center=look != "bold" or chance(rng, 0.5),
        )
        top.insert(0 if chance(rng, 0.75) else len(top), para)
    elif school_mode == "subtitle" and "title" in yaml:
        yaml["subtitle"] = written_school
    elif school_mode == "subtitle":
        top.append(Para([Run(written_school)], style="Subtitle"))
    if chance(rng, 0.15):
        top.append(Para([Run(rng.choice(bank.MOTTOS), italic=True)], center=True))
    picker = dates.approval_day if dates.approved and dates.approved.precision == "day" else None
    meta_blocks = render_meta(d, meta, layout, picker)
    if not meta_at_end:
        top += meta_blocks
    history_in_section = bool(dates.history) and chance(rng, 0.5)
    if dates.history and not history_in_section:
        top.append(history_table(d, dates.history))
    if chance(rng, 0.25):
        top.append(Para([Run(d.fill(rng.choice(bank.PROSE["preamble"])))]))

    # ---- the sections ----
    list_mode = pick(
        rng, [("numbering", 4), ("styles", 2 if d.can("list_styles") else 0), ("manual", 2)]
    )
    d.tags.append(f"lists={list_mode}")
    review_notes = []  # sentences for the review section (or the end, when it is missing)
    if dates.cycle_phrase is not None and (not cycle_in_meta or chance(rng, 0.4)):
        review_notes.append(
            rng.choice(bank.CYCLE_SENTENCES).format(
                cycle=dates.cycle_phrase, body=rng.choice(bank.BODIES[:3])
            )
        )
    if dates.due_in_sentence:
        assert dates.approved is not None and dates.review_due is not None
        on = "on" if dates.approved.precision == "day" else "in"
        by = "by" if dates.review_due.precision == "day" else "in"
        review_notes.append(
            rng.choice(
                [
                    "This policy was adopted by the governing body {on} {d} and will be "
                    "reviewed {by} {due}.",
                    "Governors approved this policy {on} {d}; it is to be reviewed {by} {due}.",
                ]
            ).format(on=on, d=dates.approved.text, by=by, due=dates.review_due.text)
        )
    elif dates.approved is not None and dates.approval_mode == "sentence":
        on = "on" if dates.approved.precision == "day" else "in"
        review_notes.append(
            rng.choice(
                [
                    "This policy was approved by the Full Governing Body {on} {d}.",
                    "Adopted by the governing body {on} {d}.",
                    "This policy was ratified by governors {on} {d}.",
                ]
            ).format(on=on, d=dates.approved.text)
        )
    blocks = list(top)
    ids: list[str | None] = []
    written: list[str] = []
    chosen = choose_sections(d, history_in_section)
    if d.sw(0.2):
        blocks += contents_list(d, chosen)
    for n, (sid, heading_text) in enumerate(chosen, start=1):
        para, as_written = headings.top(heading_text, n)
        if d.can("quirks") and chance(rng, 0.04):
            para.tracked_from = rng.choice(["Introduction", "Summary", "Overview", "Scope"])
            d.tags.append("tracked-heading")
        blocks.append(para)
        ids.append(sid)
        written.append(as_written)
        body = section_body(d, sid, heading_text, headings, n, dates.history)
        if body and d.source != "md" and _soft_joinable(para, body[0]) and d.sw(0.2):
            # Shift+Enter after the heading: the heading and its first paragraph are one
            first = body.pop(0)
            assert isinstance(first, Para)
            para = replace(para, runs=[*para.runs, Run("\n"), *first.runs])
            blocks[-1] = para
            d.tags.append("soft-return-heading")
        if sid == "review":
            body[0:0] = [Para([Run(s)]) for s in review_notes]
            review_notes = []
            body = body or paragraphs(d, "review", 1, 1)
        blocks += lower_lists(d, body, list_mode)
    blocks += [Para([Run(s)]) for s in review_notes]
    if meta_at_end:
        blocks += meta_blocks

    if d.source != "md" and chance(rng, 0.15):
        blocks = with_blank_lines(d, blocks)
    layout_table = d.source != "md" and d.sw(0.15)
    if layout_table:
        d.tags.append("layout-table")
    if d.source in {"docx", "fodt"} and chance(rng, 0.25):  # Word's AutoFormat as you type
        d.tags.append("curly-quotes")
        blocks = [smarten_block(b) for b in blocks]
        header = [smarten_para(p) for p in header]
        footer = [smarten_para(p) for p in footer]
        d.school = smarten(d.school) if d.school else None
        title = smarten(title)
        written = [smarten(w) for w in written]
    if d.source == "docx" and chance(rng, 0.04):
        d.tags.append("localised-style-ids")
    plan = DocPlan(
        name=name,
        producer=producer,
        source=d.source,
        blocks=blocks,
        header=header,
        footer=footer,
        font=rng.choice(
            [
                "Calibri",
                "Arial",
                "Century Gothic",
                "Comic Sans MS",
                "Times New Roman",
                "Verdana",
                "Gill Sans MT",
            ]
        ),
        list_mode="styles" if list_mode == "styles" else "numbering",
        heading_numbering=pick(rng, [("paragraph", 1), ("style", 1)]),
        localised_style_ids="localised-style-ids" in d.tags,
        layout_table=layout_table,
        yaml=yaml,
        reference="house"
        if headings.scheme.name == "custom-style" or chance(rng, 0.4)
        else "default",
        tags=d.tags,
    )
    reviews = dates.reviews()
    inferred = dates.due_mode == "inferred"
    plan.truth = {
        "school": d.school,
        "title": title,
        "approved": dates.approved.truth() if dates.approved else None,
        "review_due": dates.review_due.truth() if dates.review_due else None,
        "review_cycle_months": dates.cycle_months,
        "reviews": [{**p.truth(), "signed_by": who} for p, who in reviews],
        "section_ids": ids,
        "section_headings": written,
        # diagnostics beyond the brief's keys
        "approved_text": dates.approved.text if dates.approved else None,
        "review_due_text": None if inferred else dates.due_text,
        "review_due_inferred": inferred,
        "review_texts": [p.text for p, _ in reviews],
    }
    return plan


def _soft_joinable(heading: Para, first: Block) -> bool:
    """A plain bold or Heading-styled heading over a plain paragraph: joinable by a line
    break (the layout a Shift+Enter after the heading makes)."""
    if heading.number_level is not None or heading.banner or heading.tracked_from:
        return False
    runs = [r for r in heading.runs if isinstance(r, Run)]
    if heading.style is None:
        if not runs or not all(r.bold for r in runs):
            return False
    elif heading.style not in {"Heading 1", "Heading 2"}:
        return False
    return (
        isinstance(first, Para)
        and first.style is None
        and first.number_level is None
        and not first.banner
        and not first.indent
        and all(isinstance(r, Run) and not r.control for r in first.runs)
    )


def title_block(d: _Doc, mode: str, text: str) -> Para:
    if mode == "title-style":
        return Para([Run(text)], style="Title", center=chance(d.rng, 0.3))
    if mode == "heading-1":
        return Para([Run(text)], style="Heading 1", center=chance(d.rng, 0.3))
    size = d.rng.choice([16, 18, 20, 24]) if d.can("layout") else None
    return Para(
        [Run(text, bold=True, size=size, underline=chance(d.rng, 0.15))], center=chance(d.rng, 0.7)
    )


def plan_header_footer(
    d: _Doc, dated: list[tuple[str, str]], title: str, school: str | None
) -> tuple[list[Para], list[Para]]:
    """Move some dated items to the page header/footer; add the usual furniture.

    ``school``: the school's name as written in the header, when it goes there.
    """
    rng = d.rng
    header: list[Para] = []
    footer: list[Para] = []
    if school is not None:
        header.append(Para([Run(school, bold=chance(rng, 0.5))], center=chance(rng, 0.6)))
    for i, (label, value) in reversed(list(enumerate(dated))):
        if label in bank.REVIEW_DUE_LABELS and chance(rng, 0.25):
            if d.sw(0.6):  # "Community Cohesion Policy – Next review Spring 2027"
                lead = rng.choice([f"{title} – ", f"{title}    ", ""])
                footer.append(Para([Run(f"{lead}{label} {value}")]))
                d.tags.append("due-in-footer-unlabelled")
            else:
                footer.append(Para([Run(f"{label}: {value}")]))
            d.tags.append("due-in-footer")
            del dated[i]
        elif label in bank.APPROVAL_LABELS and chance(rng, 0.1):
            header.append(Para([Run(f"{label}: {value}")]))
            d.tags.append("approval-in-header")
            del dated[i]
    if chance(rng, 0.25):
        footer.append(Para([Run(f"{d.school + ' – ' if d.school else ''}{title}", italic=True)]))
    if d.can("page_field") and chance(rng, 0.4):
        footer.append(Para([Run("Page "), Field("page", "1")], center=True))
    if d.can("date_field") and chance(rng, 0.12):
        shown = dt.date(2024, 3, 14) + dt.timedelta(days=rng.randrange(900))
        footer.append(Para([Run("Printed: "), Field("date", shown.strftime("%d/%m/%Y"))]))
        d.tags.append("date-field")
    return header, footer


def plan_history(d: _Doc, approval_day: dt.date) -> list[tuple[Period, str | None]]:
    """1-4 earlier reviews, oldest first, with the signer (or None when blank)."""
    rng = d.rng
    entries: list[tuple[Period, str | None]] = []
    day = approval_day - dt.timedelta(days=rng.randint(400, 900))
    for _ in range(rng.choice([1, 2, 2, 3, 3, 4])):
        entries.append((random_period(rng, day, allow_year=False), person(rng)))
        day -= dt.timedelta(days=rng.randint(330, 1500))
    entries.reverse()
    if chance(rng, 0.4):
        entries[-1] = (entries[-1][0], None)
    if len(entries) > 2 and chance(rng, 0.15):
        entries[1] = (entries[1][0], None)
    return entries


def history_table(d: _Doc, history: list[tuple[Period, str | None]]) -> Table:
    rng = d.rng
    if d.review_table is not None:
        d.tags.append("history=vertical-next")
        return Table(d.review_table, header=True)
    layout = pick(rng, [("horizontal", 2), ("vertical-3", 1.5), ("vertical-2", 1)])
    d.tags.append(f"history={layout}")
    if layout == "horizontal":
        return Table(
            [
                [
                    rng.choice(["Date of review", "Reviewed", "Date reviewed"]),
                    *(p.text for p, _ in history),
                ],
                [
                    rng.choice(["Signed", "Signature", "Signed (Chair of Governors)"]),
                    *(who or "" for _, who in history),
                ],
            ],
            bold_first_col=chance(rng, 0.5),
        )
    entries = list(history)
    if chance(rng, 0.2):
        entries.reverse()
        d.tags.append("history-newest-first")
    if layout == "vertical-3":
        rows = [["Date", "Reviewed by", "Signed"]]
        rows += [[p.text, rng.choice(bank.BODIES), who or ""] for p, who in entries]
    else:
        rows = [["Date of review", "Signed"]] + [[p.text, who or ""] for p, who in entries]
    return Table(rows, header=True)


def render_meta(
    d: _Doc, meta: list[tuple[str, str]], layout: str, picker: dt.date | None
) -> list[Block]:
    """The metadata as a two-column table or as "Key: value" / "Key<TAB>value" lines.

    ``picker``: the approval day, when a date-picker content control may show it.
    """
    rng = d.rng
    if not meta:
        return []
    if layout == "table" and len(meta) <= 5 and d.sw(0.3):  # labels in the first row
        d.tags.append("meta-across")
        return [Table([[k for k, _ in meta], [v for _, v in meta]], header=True)]
    if layout == "table":
        return [
            Table([[k, v] for k, v in meta], bold_first_col=chance(rng, 0.5), grid=chance(rng, 0.8))
        ]
    bold_label = chance(rng, 0.4)
    tab_sep = rng.choice(["\t", "\t", ":\t", "\t\t"])
    out: list[Block] = []
    for key, value in meta:
        control: Literal["text", "date"] | None = None
        control_date = None
        if d.can("quirks") and chance(rng, 0.1):
            if picker is not None and key in bank.APPROVAL_LABELS:
                control, control_date = "date", picker
                d.tags.append("date-picker")
            else:
                control = "text"
                d.tags.append("content-control")
        value_run = Run(value, control=control, control_date=control_date)
        if layout == "tab":
            out.append(Para([Run(key + tab_sep, bold=bold_label), value_run]))
        else:
            out.append(Para([Run(key + ":", bold=bold_label), Run(" "), value_run]))
    return out


def plan_headings(d: _Doc) -> Headings:
    rng = d.rng
    usable = [(s, w) for s, w in SCHEMES if s.needs <= d.caps]
    scheme = pick(rng, usable)
    numbering = None
    if not scheme.top.auto_number and chance(rng, 0.3):
        numbering = pick(rng, [(p, w) for p, w in zip(HAND_NUMBERS, (4, 1.5, 1, 1), strict=True)])
    colon = chance(rng, 0.15)
    d.tags.append(f"headings={scheme.name}")
    if numbering:
        d.tags.append("hand-numbered")
    if colon:
        d.tags.append("colons")
    return Headings(scheme, numbering, colon)


def choose_sections(d: _Doc, with_history: bool) -> list[tuple[str | None, str]]:
    """(canonical id or None, heading text) of each top-level section, in order."""
    rng = d.rng
    ids = list(REQUIRED)
    if chance(rng, 0.15):
        dropped = rng.choice(ids)
        ids.remove(dropped)
        d.tags.append(f"missing={dropped}")
    for optional, p in (("definition", 0.35), ("principles", 0.4), ("roles", 0.35)):
        if chance(rng, p):
            ids.append(optional)
    if with_history:
        ids.append("history")
    order: list[str] = sorted(ids, key=BASE_ORDER.index)
    for a, b, p in (
        ("rationale", "definition", 0.25),
        ("principles", "aims", 0.2),
        ("roles", "review", 0.2),
        ("aims", "procedures", 0.05),
    ):
        if a in order and b in order and chance(rng, p):
            i, j = order.index(a), order.index(b)
            order[i], order[j] = order[j], order[i]
    out: list[tuple[str | None, str]] = [(s, rng.choice(bank.CANONICAL_HEADINGS[s])) for s in order]
    if out and "what does it mean" in out[0][1] and chance(rng, 0.5):
        out[0] = (out[0][0], out[0][1].replace("{short}", d.school or "the school"))
    out = [
        (sid, rng.choice(bank.SAYING_MORE[sid]))
        if sid in bank.SAYING_MORE and d.sw(0.3)
        else (sid, text)
        for sid, text in out
    ]
    out = [(sid, d.fill(text)) for sid, text in out]
    unknown = rng.sample(sorted(bank.UNKNOWN_SECTIONS), pick(rng, [(0, 5), (1, 3.5), (2, 1.5)]))
    if [bank.UNKNOWN_SECTIONS[u] for u in unknown].count(bank.LINKS) > 1:
        unknown = unknown[:1]  # one list of related policies is enough
    for text in unknown:
        written = bank.title_case(text.upper()) if chance(rng, 0.2) else text  # Title Case
        out.insert(rng.randint(1, len(out)), (None, written))
    return out


def sentences(d: _Doc, kind: str, k: int) -> str:
    """``k`` sentences of ``kind`` prose not yet used in the document."""
    pool = [s for s in bank.PROSE[kind] if ("{faith}" not in s or d.faith) and s not in d.used]
    chosen = d.rng.sample(pool, min(k, len(pool)))
    d.used.update(chosen)
    return " ".join(d.fill(s) for s in chosen)


def with_lead(d: _Doc, kind: str, block: ListBlock) -> list[Block]:
    """A list, usually introduced by a lead-in line ("Our aims are:")."""
    if chance(d.rng, 0.6):
        return [Para([Run(d.fill(d.rng.choice(bank.LEADS[kind])))]), block]
    return [block]


def paragraphs(d: _Doc, kind: str, low: int, high: int) -> list[Block]:
    rng = d.rng
    out: list[Block] = []
    for _ in range(rng.randint(low, high)):
        text = sentences(d, kind, rng.randint(1, 3))
        if text:
            out.append(Para([Run(text)]))
    return out


def items(d: _Doc, kind: str, low: int, high: int) -> list[Item]:
    pool = bank.LIST_ITEMS[kind]
    return [Item(d.fill(t)) for t in d.rng.sample(pool, min(len(pool), d.rng.randint(low, high)))]


def section_body(
    d: _Doc,
    sid: str | None,
    heading: str,
    headings: Headings,
    n: int,
    history: list[tuple[Period, str | None]],
) -> list[Block]:
    """The blocks under one top-level heading (lists still abstract)."""
    rng = d.rng
    kind = sid or "unknown"
    if sid is not None and sid not in REQUIRED and sid != "history" and chance(rng, 0.03):
        d.tags.append("empty-section")
        return []
    body: list[Block] = []
    subs = headings.scheme.sub is not None and sid in bank.SUBHEADINGS and chance(rng, 0.45)
    if sid == "history":
        body.append(Para([Run(rng.choice(bank.HISTORY_INTROS))]))
        body.append(history_table(d, history))
        return body
    if sid is None:
        prose = next(v for k, v in bank.UNKNOWN_SECTIONS.items() if k.lower() == heading.lower())
        if isinstance(prose, str):  # bank.LINKS
            return with_lead(d, "unknown", ListBlock(items(d, "unknown", 3, 6)))
        chosen = rng.sample(prose, rng.randint(1, len(prose)))
        split = rng.randint(1, len(chosen))
        return [Para([Run(" ".join(part))]) for part in (chosen[:split], chosen[split:]) if part]
    if kind == "review":
        return paragraphs(d, "review", 0, 2) + (
            with_lead(d, "review", ListBlock(items(d, "review", 2, 4))) if chance(rng, 0.2) else []
        )
    body += paragraphs(d, kind, 1, 4 if kind == "rationale" else 3)
    if kind == "rationale" and d.sw(0.3):  # a quotation and its source: not a heading
        quote, source = rng.choice(bank.QUOTATIONS)
        body[1:1] = [Para([Run(quote, italic=True)]), Para([Run(source, bold=chance(rng, 0.5))])]
        d.tags.append("quotation")
    if subs:
        assert sid is not None
        for m, sub in enumerate(rng.sample(bank.SUBHEADINGS[sid], rng.randint(2, 3)), start=1):
            body.append(headings.sub(sub, n, m))
            body += paragraphs(d, kind, 1, 1)
            if sub in bank.SUB_ITEMS and chance(rng, 0.5):
                body.append(ListBlock([Item(t) for t in bank.SUB_ITEMS[sub]]))
        d.tags.append("subsections")
        return body
    if kind == "procedures" and chance(rng, 0.2):
        head = rng.choice(bank.TABLE_HEADERS)
        rows = [list(head)] + [list(r) for r in rng.sample(bank.TABLE_ROWS, rng.randint(2, 4))]
        body.append(Table(rows, header=True))
        d.tags.append("body-table")
    elif kind in {"aims", "procedures"} and chance(rng, 0.35):
        groups = rng.sample(sorted(bank.SUB_ITEMS), rng.randint(2, 3))
        body += with_lead(
            d,
            kind,
            ListBlock(
                [Item(g, [Item(t) for t in bank.SUB_ITEMS[g][: rng.randint(1, 3)]]) for g in groups]
            ),
        )
        d.tags.append("nested-list")
    elif kind in bank.LIST_ITEMS and chance(rng, 0.7):
        body += with_lead(
            d, kind, ListBlock(items(d, kind, 3, 6), ordered=kind == "aims" and chance(rng, 0.3))
        )
    if chance(rng, 0.3):
        body += paragraphs(d, kind, 1, 1)
    return body


def with_blank_lines(d: _Doc, blocks: list[Block]) -> list[Block]:
    """Empty paragraphs here and there, as people press Enter twice."""
    d.tags.append("blank-lines")
    out: list[Block] = []
    for block in blocks:
        out.append(block)
        if chance(d.rng, 0.3):
            out.append(Para([]))
    return out


_QUOTE = re.compile(r"(?<=\w)'|'")


def smarten(text: str) -> str:
    """Curly quotes, as Word types them: ’ after a letter (St Mary’s), ‘ elsewhere."""
    return _QUOTE.sub(lambda m: "’" if m.start() and text[m.start() - 1].isalnum() else "‘", text)


def smarten_para(para: Para) -> Para:
    runs = [replace(r, text=smarten(r.text)) if isinstance(r, Run) else r for r in para.runs]
    return replace(para, runs=runs)


def smarten_block(block: Block) -> Block:
    if isinstance(block, Para):
        return smarten_para(block)
    if isinstance(block, ListBlock):

        def walk(items: list[Item]) -> list[Item]:
            return [Item(smarten(i.text), walk(i.children)) for i in items]

        return replace(block, items=walk(block.items))
    return replace(block, rows=[[smarten(c) for c in row] for row in block.rows])


def lower_lists(d: _Doc, body: list[Block], mode: str) -> list[Block]:
    """Manual lists become typed-bullet paragraphs; real lists stay ListBlocks."""
    if mode != "manual":
        return body
    if d.marks is None:  # one set of typed bullets per document
        d.marks = pick(d.rng, [(("•\t", "o\t"), 3), (("-  ", "  -  "), 1), (("• ", "    – "), 1)])
        if d.source in {"md", "html"}:  # no tabs or leading spaces there
            d.marks = ("• ", "– ")
    marks = d.marks
    out: list[Block] = []
    for block in body:
        if not isinstance(block, ListBlock):
            out.append(block)
            continue

        def walk(items: list[Item], depth: int) -> None:
            for item in items:
                out.append(Para([Run(marks[min(depth, 1)] + item.text)], indent=depth + 1))
                walk(item.children, depth + 1)

        walk(block.items, 0)
    return out


def review_table(d: _Doc, dates: Dates) -> list[list[str]]:
    """ "Date reviewed | Signed | Next review": one row per review, then the approval; each
    row's next review is the next row's date, the last one's the review due."""
    rng = d.rng
    assert dates.approved is not None and dates.due_text is not None
    when = [p.text for p, _ in dates.history] + [dates.approved.text]
    who = [w or "" for _, w in dates.history] + [person(rng)]
    header = [
        rng.choice(["Date reviewed", "Date of review", "Review date"]),
        rng.choice(["Signed", "Signed by", "Approved by"]),
        rng.choice(["Next review", "Next review date", "Date of next review"]),
    ]
    rows = [[w, s, n] for w, s, n in zip(when, who, [*when[1:], dates.due_text], strict=True)]
    return [header, *rows]


def contents_list(d: _Doc, chosen: list[tuple[str | None, str]]) -> list[Block]:
    """A typed contents list: "Contents", then each heading with dot leaders or a tab."""
    rng = d.rng
    leader = rng.choice([" " + "." * rng.randint(8, 30) + " ", "\t", " …… "])
    d.tags.append("contents-list")
    out: list[Block] = [
        Para([Run(rng.choice(["Contents", "CONTENTS", "Table of Contents"]), bold=True)])
    ]
    page = rng.randint(2, 3)
    for n, (_, text) in enumerate(chosen, start=1):
        out.append(Para([Run(f"{n}. {text}{leader}{page}")]))
        page += rng.randint(0, 2)
    return out
