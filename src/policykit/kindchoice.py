"""Which kind of policy a document is: a scored choice over the registered kinds.

Every place a document names its kind gives the kinds it names a score: the
title (the first title-like line at the top), other short lines at the top,
the file's name, headers and footers, the core properties (title, subject,
keywords) and the headings further down. A kind is named by its kind file's
``title_phrases``, ``titles`` and ``abbreviations``. The weights and
thresholds are data (``data/kindchoice.yaml``). The kind with the highest
total wins when it reaches the minimum and leads the runner-up clearly;
otherwise the document is ``generic`` (nothing kind-specific is checked), so an
unknown kind is never judged by another kind's sections.

:class:`KindChoice` says which kind won and which place gave it most
(``kind_source``: ``title``, ``file-name``, ``header``, ``properties``,
``headings``, ``configuration`` or ``default``).
"""

from __future__ import annotations

import functools
import itertools
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from . import yamlio
from .docx.blocks import DocParagraph, DocTable, DocxDocument
from .kinds import GENERIC_KIND, Kind, all_kinds, get_kind, kinds_known_now

KIND_SOURCES = (
    "title",
    "file-name",
    "header",
    "properties",
    "headings",
    "configuration",
    "default",
)
"""The values of ``kind_source``, as CONTRACT.md names them."""

_DATA = Path(__file__).resolve().parent / "data" / "kindchoice.yaml"


class Weights(BaseModel):
    """The score each place gives a kind it names."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    title: float = Field(ge=0)
    top: float = Field(ge=0)
    file_name: float = Field(ge=0, alias="file-name")
    header: float = Field(ge=0)
    properties: float = Field(ge=0)
    subject: float = Field(ge=0)
    keywords: float = Field(ge=0)
    headings: float = Field(ge=0)


class ChoiceSettings(BaseModel):
    """``data/kindchoice.yaml``: weights and thresholds of the choice."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    weights: Weights
    later_in_line: float = Field(ge=0, le=1)
    top_lines: int = Field(ge=1)
    max_words: int = Field(ge=1)
    title_words: int = Field(ge=1)
    max_headings: int = Field(ge=0)
    min_score: float = Field(ge=0)
    min_lead: float = Field(ge=1)


@functools.cache
def settings() -> ChoiceSettings:
    """The choice's weights and thresholds, read once."""
    return ChoiceSettings.model_validate(yamlio.safe_load(_DATA.read_text(encoding="utf-8")))


@dataclass(slots=True)
class KindChoice:
    """The kind chosen, what decided it, and every kind's score (for explaining)."""

    kind: Kind
    source: str
    scores: dict[str, float] = field(default_factory=dict)


# --------------------------------------------------------------------------- names


def fold(text: str) -> str:
    """Lower case, ``&`` as "and", every run of non-letters/digits one space, padded."""
    return " " + " ".join(folded_words(text)) + " "


def folded_words(text: str) -> list[str]:
    """The words of :func:`fold`'s result: a-z and 0-9 only, lower case."""
    text = text.lower().replace("&", " and ").replace("’", "").replace("'", "")
    # Whatever is not a-z or 0-9 (any other character, once made "?") becomes a space.
    return text.encode("ascii", "replace").translate(_NON_WORD).decode("ascii").split()


_NON_WORD = bytes(
    c if chr(c).isascii() and (chr(c).isdigit() or chr(c).islower()) else 32 for c in range(256)
)


class _Index:
    """Every kind's names, looked up word by word, longest names tried first.

    Title phrases and titles match case-insensitively; abbreviations match
    as written ("SEND", "RSE", not "send"), except in file names, which are
    often typed in lower case. Where names overlap, the longest wins ("SEND
    Information Report" names the report, not the SEND policy). A line is
    folded to words once; at each word only the names that begin with it are
    tried (one pass over the line, whatever the number of kinds).
    """

    def __init__(self, kinds: Iterable[Kind]) -> None:
        self.names: dict[str, set[str]] = {}  # folded name -> kind ids
        self.abbreviations: dict[str, set[str]] = {}  # folded abbreviation -> kind ids
        self.written: dict[str, set[str]] = {}  # folded abbreviation -> forms as written
        for kind in kinds:
            for name in [*kind.spec.title_phrases, *kind.titles]:
                key = fold(name).strip()
                if key:
                    self.names.setdefault(key, set()).add(kind.id)
            for abbreviation in kind.abbreviations:
                key = fold(abbreviation).strip()
                if key:
                    self.abbreviations.setdefault(key, set()).add(kind.id)
                    self.written.setdefault(key, set()).add(abbreviation)
        # first word -> the lengths (in words) of the names that begin with it, longest first
        lengths: dict[str, set[int]] = {}
        for key in [*self.abbreviations, *self.names]:
            words = key.split(" ")
            lengths.setdefault(words[0], set()).add(len(words))
        self.starts = {word: sorted(n, reverse=True) for word, n in lengths.items()}
        self.known = self.names.keys() | self.abbreviations.keys()  # every folded name
        self.written_re = _alternation({f for forms in self.written.values() for f in forms})
        self._memo: dict[tuple[str, bool], tuple[str, ...]] = {}

    def _keys(self, text: str) -> Iterator[str]:
        """The names in a line, left to right, each the longest that starts there."""
        words = folded_words(text)
        starts = self.starts
        if starts.keys().isdisjoint(words):  # most lines name no kind: one look in C
            return
        known = self.known
        i, count = 0, len(words)
        while i < count:
            for n in starts.get(words[i], ()):
                if n > count - i:
                    continue
                key = words[i] if n == 1 else " ".join(words[i : i + n])
                if key in known:
                    yield key
                    i += n
                    break
            else:
                i += 1

    def named(self, text: str, *, loose_abbreviations: bool = False) -> tuple[str, ...]:
        """The kinds a line names, in the order they appear (each once).

        Remembered (up to _MEMO_SIZE lines): a trust's documents share their lines
        ("Review", the school's name, the running header).
        """
        memo_key = (text, loose_abbreviations)
        found = self._memo.get(memo_key)
        if found is None:
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            found = self._memo[memo_key] = tuple(self._named(text, loose_abbreviations))
        return found

    def _named(self, text: str, loose_abbreviations: bool) -> list[str]:
        out: list[str] = []
        present: set[str] | None = None
        for key in self._keys(text):
            kinds = self.names.get(key)
            if kinds is None:
                if not loose_abbreviations:
                    if not any(form in text for form in self.written[key]):
                        continue  # not written as the abbreviation is ("send", not "SEND")
                    if present is None:
                        present = {m.group(1) for m in self.written_re.finditer(text)}
                    if not self.written[key] & present:
                        continue
                kinds = self.abbreviations[key]
            out.extend(k for k in sorted(kinds) if k not in out)
        return out


_MEMO_SIZE = 8192  # lines whose kinds are remembered


def _alternation(names: Iterable[str]) -> re.Pattern[str]:
    """Any of NAMES as written, between non-letters, longest first."""
    ordered = sorted(names, key=len, reverse=True)
    if not ordered:
        return re.compile(r"(?!)")
    body = "|".join(re.escape(n) for n in ordered)
    return re.compile(r"(?<![0-9A-Za-z])(" + body + r")(?![0-9A-Za-z])")


_index_cache: tuple[tuple[str, ...], _Index] | None = None


def _index() -> _Index:
    """The names of the kinds known now (rebuilt when a kind is registered)."""
    global _index_cache
    ids = kinds_known_now()
    if _index_cache is None or (_index_cache[0] is not ids and _index_cache[0] != ids):
        _index_cache = (ids, _Index(all_kinds()))
    return _index_cache[1]


# --------------------------------------------------------------------------- the document's places


_DOC_NOUNS = re.compile(
    r"\b(polic(y|ies)|procedures?|plan|statement|report|arrangements|agreement|strategy|"
    r"code|programme|objectives|information|offer|guidance|protocol|charter|handbook)\b",
    re.IGNORECASE,
)
_SENTENCE_ENDS = ".;,!?"


def _ends_a_sentence(text: str) -> bool:
    """The last character that is not white space ends a sentence or a clause."""
    end = text.rstrip()[-1:]
    return bool(end) and end in _SENTENCE_ENDS


_LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z ]{0,25})\s*[:|]\s*(\S.*)$")


def _lines(blocks: Iterable[DocParagraph | DocTable]) -> Iterator[DocParagraph]:
    for block in blocks:
        if isinstance(block, DocParagraph):
            yield block
        else:
            for row in block.rows:
                for cell in row:
                    yield from _lines(cell.blocks)


def _short(text: str, limit: int) -> bool:
    """At least one word and at most ``limit`` (a long paragraph is split no further)."""
    return 0 < len(text.split(None, limit)) <= limit


_LABEL_WORDS = 3  # at most this many words before the colon make a label


def _value(text: str) -> str:
    """``"Policy: Behaviour Policy"`` -> ``"Behaviour Policy"``; other lines unchanged."""
    if ":" not in text and "|" not in text:  # (most lines: no pattern tried)
        return text
    match = _LABEL.match(text)
    if match and len(match.group(1).split()) <= _LABEL_WORDS:
        return match.group(2).strip()
    return text


_LEAD_LINE = re.compile(
    r"^(?:the\s+)?(?:\w+\s+)?(?:policy|statement|procedures?)\s+(?:for|on|of)(?:\s+the)?$",
    re.IGNORECASE,
)
_LEAD_ENDS = frozenset({"or", "on", "of", "he"})  # the last letters of a _LEAD_LINE line
_TITLE_POINTS = 16.0  # a bold line this large is set as a title


def _title_like(p: DocParagraph, text: str, limit: int) -> bool:
    """A line that may be the document's title: a Title or Heading 1 style, a large bold
    line, or a named document."""
    if not _short(text, limit) or (len(text.split()) < 2 and not p.is_title):
        return False
    if p.is_title or p.heading_level == 1 or ((p.font_size or 0) >= _TITLE_POINTS and p.bold):
        return True
    return bool(_DOC_NOUNS.search(text)) and not _ends_a_sentence(text)


def _bold(p: DocParagraph) -> bool:
    """A short bold line: a heading without a heading style (any bold run asked first)."""
    runs = p.runs
    if len(runs) == 1:  # (the usual case: the reader merges alike runs)
        return runs[0].bold and _short(p.text, 10) and bool(runs[0].text.strip())
    return any(r.bold for r in runs) and _short(p.text, 10) and p.bold


def _names_document(index: _Index, text: str) -> bool:
    """A line naming a kind as a document ("Policy for Community Cohesion"), not a topic."""
    return bool(_DOC_NOUNS.search(text)) and bool(index.named(text))


def _labelled_values(
    doc: DocxDocument, paragraphs: list[DocParagraph]
) -> Iterator[tuple[str, str]]:
    """(label, value) pairs: "Label: value" lines and two-cell table rows."""
    for p in paragraphs:
        text = p.text
        if ":" in text or "|" in text:  # (what _LABEL needs: most lines are turned away here)
            match = _LABEL.match(text.strip())
            if match:
                yield match.group(1), match.group(2)
    stack: list[DocParagraph | DocTable] = list(doc.body)
    while stack:
        block = stack.pop()
        if isinstance(block, DocTable):
            for row in block.rows:
                cells = [c.text.strip() for c in row]
                for label, value in itertools.pairwise(cells):
                    if label and value and len(label.split()) <= 4:
                        yield label.rstrip(":"), value
                for cell in row:
                    stack.extend(b for b in cell.blocks if isinstance(b, DocTable))


def _labelled_title(
    index: _Index, doc: DocxDocument, paragraphs: list[DocParagraph], conf: ChoiceSettings
) -> tuple[str, ...]:
    """The kinds a "Title: ..." or "Policy: ..." value names (a metadata table at the end).

    The labels are the shared labels of the ``title`` field.
    """
    labels = get_kind(GENERIC_KIND).labels
    for label, value in _labelled_values(doc, paragraphs):
        if labels.field_for(label) == "title" and _short(value, conf.title_words):
            named = index.named(value)
            if named:
                return named
    return ()


_NOT_READ: tuple[str, bool] = ("", False)
_top_lines: dict[str, tuple[str, bool]] = {}  # memo of _top_line (for _top_conf)
_top_conf: list[ChoiceSettings] = []


def _top_line(raw: str, conf: ChoiceSettings) -> tuple[str, bool]:
    """A top line as the choice reads it: its text (a label's value), and whether it is a
    lead line ("Policy for" above the kind's name); ("", False) for a line not read (empty,
    or too long to name a document).

    Remembered (up to _MEMO_SIZE lines): a trust's documents share their top lines
    (the school's name, labels, headings).
    """
    if not _top_conf or _top_conf[0] is not conf:
        _top_lines.clear()
        _top_conf[:] = [conf]
    found = _top_lines.get(raw)
    if found is None:
        if len(_top_lines) >= _MEMO_SIZE:
            _top_lines.clear()
        found = _top_lines[raw] = _read_top_line(raw, conf)
    return found


def _read_top_line(raw: str, conf: ChoiceSettings) -> tuple[str, bool]:
    max_words = conf.max_words
    longest = max_words + _LABEL_WORDS + 1  # words of a short line under a label
    words = len(raw.split(None, longest))
    if not 0 < words <= longest:  # empty, or a sentence whether labelled or not
        return _NOT_READ
    text = stripped = raw.strip()
    text = _value(stripped)  # "Policy: Behaviour Policy"
    if words > max_words if text is stripped else not _short(text, max_words):
        return _NOT_READ
    return text, text[-2:].lower() in _LEAD_ENDS and _LEAD_LINE.match(text) is not None


def choose_kind(doc: DocxDocument, path: str | os.PathLike[str] | None = None) -> KindChoice:
    """The document's kind, scored from its title, file name, headers, properties and headings."""
    conf = settings()
    weights = conf.weights
    index = _index()
    scores: dict[str, dict[str, float]] = {}

    def add(source: str, kinds: Sequence[str], weight: float) -> None:
        for i, kind_id in enumerate(kinds):
            by_source = scores.setdefault(kind_id, {})
            share = weight if i == 0 else weight * conf.later_in_line
            by_source[source] = by_source.get(source, 0.0) + share

    paragraphs = doc.paragraphs()
    title_seen = title_named = body = False
    lead = ""  # "Policy for" on a line of its own, above the kind's name
    top = paragraphs[: conf.top_lines]
    for p in top:
        if body and p.heading_level is None:
            continue  # once the body has begun, only its headings are read (below)
        text, leads = _top_line(p.text, conf)
        if not text:  # empty, or a sentence whether labelled or not
            continue
        if not title_seen and leads:
            lead = text + " "
            continue
        if lead:
            text, lead = lead + text, ""
        if (
            not title_seen or (not title_named and not body and _names_document(index, text))
        ) and _title_like(p, text, conf.title_words):
            # the first title-like line; or, when that named no kind (a school's name in
            # the Title style), a document's name below it ("Policy on Community Cohesion")
            title_seen = True
            named = index.named(text)
            title_named = bool(named)
            add("title", named, weights.title)
        elif title_named and (p.heading_level is not None or body):
            # after the title, the first section heading starts the body: its headings
            # ("Kinds of special educational needs") and lines talk about subjects, they
            # do not name the document
            body = True
            if p.heading_level is not None:
                add("headings", index.named(text), weights.headings)
        elif not p.in_table and not _ends_a_sentence(text):
            named = index.named(text)
            if named:  # (most lines name no kind)
                add("title", named, weights.top)
    if not title_named:  # no title at the top named a kind: a "Title" row further down may
        add("title", _labelled_title(index, doc, paragraphs[conf.top_lines :], conf), weights.title)
    headings = (p for p in paragraphs[conf.top_lines :] if p.heading_level is not None or _bold(p))
    for p in itertools.islice(headings, conf.max_headings):
        add("headings", index.named(p.text), weights.headings)
    if path is not None:
        stem = os.path.splitext(os.path.basename(os.fspath(path)))[0]
        add("file-name", index.named(stem, loose_abbreviations=True), weights.file_name)
    for part in [*doc.headers, *doc.footers]:
        for p in _lines(part):
            text = p.text.strip()
            if _short(text, conf.max_words):
                add("header", index.named(text), weights.header)
    for key, weight in (
        ("title", weights.properties),
        ("subject", weights.subject),
        ("keywords", weights.keywords),
    ):
        value = doc.core.get(key, "")
        if _short(value, conf.max_words):
            add("properties", index.named(value), weight)
    return _decide(scores, conf)


def _decide(scores: dict[str, dict[str, float]], conf: ChoiceSettings) -> KindChoice:
    totals = {kind_id: sum(by.values()) for kind_id, by in scores.items()}
    best_id, best, second = "", 0.0, 0.0  # the highest total (the first on a tie), the next
    for kind_id, total in totals.items():
        if not best_id or total > best:
            best_id, best, second = kind_id, total, best
        elif total > second:
            second = total
    if not best_id:
        return KindChoice(get_kind(GENERIC_KIND), "default", totals)
    if best < conf.min_score or best < second * conf.min_lead:
        return KindChoice(get_kind(GENERIC_KIND), "default", totals)
    by_source = scores[best_id]
    source = max(by_source, key=lambda s: (by_source[s], -KIND_SOURCES.index(s)))
    return KindChoice(get_kind(best_id), source, totals)


def configured(kind_id: str) -> KindChoice:
    """The choice when configuration (or the caller) names the kind."""
    return KindChoice(get_kind(kind_id), "configuration")
