"""``policykit approve``: record a governors' approval where the document keeps its dates.

The places are the ones the reader found (:class:`~policykit.recognise.result.FieldValue`):
the approval date (a table cell, a "Date approved:" line, a sentence, a
header or footer) gets the approval date, the review-due place gets the next
review, an "Approved by" value gets ``--by``, and a review-history table gets
a new entry (a row copied from the last one, or a column in a table laid out
across the page; a blank row or column drawn ready is filled first). Each
date is written in the style of the text it replaces (:mod:`.datestyle`).
Only the runs holding those values change.

The edit is then read back: if the reader does not find the new dates where
they were written, nothing is written (:class:`~policykit.edit.package.EditError`).
A protected document, a date in a locked or data-bound content control, and
a document with nowhere to record an approval are refused the same way.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from dateutil.relativedelta import relativedelta

from ..docx.xml import W_BODY, W_NS, W_P, W_R, W_RPR, W_T, W_TBL, W_TC, W_TR, Element, first_child
from ..errors import KindError
from ..kinds import Kind, get_kind
from ..model import Policy, PolicyDate
from ..parsing import parse_document
from ..recognise.result import FieldValue, ParseResult
from .datestyle import DateStyle, date_style
from .package import EditablePackage, EditError
from .runs import TextMap, content_control, replace_span, set_text, text_map

__all__ = ["Approval", "ApprovalRequest", "Change", "approve_bytes", "review_cycle"]

_W: Final = "{" + W_NS + "}"
_W14: Final = "{http://schemas.microsoft.com/office/word/2010/wordml}"
_DEFAULT_STYLE: Final = DateStyle("words")  # "30 November 2026"
_DEFAULT_CYCLE: Final = 12


@dataclass(frozen=True, slots=True)
class ApprovalRequest:
    """What governors decided: the approval date, by whom, signed by, and the next review."""

    date: dt.date
    by: str | None = None
    signed: str | None = None
    next_review: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """One value written: what, where, the old text and the new."""

    what: str
    old: str | None
    new: str
    where: str


@dataclass(slots=True)
class Approval:
    """The document with the approval recorded, and what changed."""

    data: bytes
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    next_review: dt.date | None = None


def review_cycle(policy: Policy, kind: Kind | None) -> tuple[int, str]:
    """Months to the next review, and why: the kind's cycle, else 12 months (said so)."""
    cycle = kind.review_cycle if kind is not None else None
    if cycle is not None and cycle.recommended_months:
        return cycle.recommended_months, "the review cycle recommended for this kind of policy"
    if cycle is not None and cycle.max_months:
        return cycle.max_months, "the longest review cycle allowed for this kind of policy"
    return _DEFAULT_CYCLE, "12 months: this kind of policy has no review cycle of its own"


def approve_bytes(data: bytes, request: ApprovalRequest) -> Approval:
    """The document ``data`` with the approval recorded (EditError when it cannot be)."""
    package = EditablePackage.load(data)
    _refuse_protected(package)
    result = parse_document(io.BytesIO(data))
    policy = result.policy
    try:
        kind: Kind | None = get_kind(policy.kind)
    except KindError:
        kind = None
    out = Approval(b"")
    if request.next_review is not None:
        next_day = request.next_review
        out.notes.append(f"next review {next_day:%d/%m/%Y} as given (--next)")
    else:
        months, why = review_cycle(policy, kind)
        next_day = request.date + relativedelta(months=months)
        out.notes.append(f"next review {months} months after the approval ({why})")
        stated = policy.review_cycle_months
        if stated is not None and stated != months:
            out.notes.append(
                f"the policy says it is reviewed every {stated} months; give --next to follow it"
            )
    out.next_review = next_day
    editor = _Editor(package, result, kind, out)
    history = editor.history_table()
    approved = _field(result, "approved")
    due = _field(result, "review_due")
    if approved is None and history is None:
        raise EditError(
            "no approval field found: no 'Date approved' cell, line or footer and no review "
            "history table to add the approval to; add an approval line in Word first"
        )
    if approved is not None:
        editor.write_field(approved, "approved", request.date)
    if due is not None and not (history is not None and history.holds(editor, due)):
        editor.write_field(due, "review due", next_day)
    elif due is None and (history is None or history.next_index is None):
        out.notes.append(
            f"the document states no next review date: {next_day:%d/%m/%Y} was not written"
        )
    if request.by:
        approved_by = _field(result, "people.approved_by")
        if approved_by is not None:
            editor.write_text(approved_by, "approved by", request.by)
    if history is not None:
        editor.add_history(history, request, next_day, approved)
    out.data = package.to_bytes()
    _read_back(out, request, next_day, approved is not None, due is not None, history)
    return out


def _field(result: ParseResult, name: str) -> FieldValue | None:
    return next((fv for fv in result.fields if fv.field == name and fv.text.strip()), None)


def _refuse_protected(package: EditablePackage) -> None:
    rel = package.relationship(package.main, "settings")
    if rel is None or rel.external or not package.has(rel.target):
        return
    settings = package.xml(rel.target)
    for tag in ("documentProtection", "writeProtection"):
        el = first_child(settings, _W + tag)
        if el is None:
            continue
        enforced = (el.get(_W + "enforcement") or "").lower() in ("1", "true", "on")
        if tag == "writeProtection" or enforced:
            raise EditError(
                "the document is protected against editing (Review > Restrict Editing, or a "
                "password to modify); stop the protection in Word, then approve it again"
            )


# --------------------------------------------------------------------------- editing


@dataclass(slots=True)
class _History:
    """A review-history table and where its columns (or rows) are."""

    table: Element
    across: bool  # dates along a row (one column per review) rather than down a column
    date_index: int
    sign_index: int | None
    next_index: int | None
    by_index: int | None
    last_date: str | None
    last_next: str | None

    def holds(self, editor: _Editor, value: FieldValue) -> bool:
        """The value sits in this table (its next-review column): the new entry carries it."""
        if self.next_index is None or value.paragraph is None:
            return False
        elements = editor.package.paragraphs
        if not 0 <= value.paragraph < len(elements) or not elements[value.paragraph]:
            return False  # (no elements: a paragraph read from an imported w:altChunk part)
        p = elements[value.paragraph][0]
        return any(ancestor is self.table for ancestor in p.iterancestors(W_TBL))


class _Editor:
    def __init__(
        self, package: EditablePackage, result: ParseResult, kind: Kind | None, out: Approval
    ) -> None:
        self.package = package
        self.result = result
        self.kind = kind
        self.out = out

    # -- values ---------------------------------------------------------------------

    def _find(self, value: FieldValue) -> list[tuple[str, Sequence[Element], TextMap, int, int]]:
        """(part, paragraph elements, map, start, end) of each place the value is written."""
        text = value.text.strip()
        found: list[tuple[str, Sequence[Element], TextMap, int, int]] = []
        if value.source in ("header", "footer"):
            for rel in self.package.rels.get(self.package.main, []):
                if rel.kind != value.source or rel.external or not self.package.has(rel.target):
                    continue
                for p in self.package.xml(rel.target).iter(W_P):
                    tmap = text_map([p])
                    span = _locate(tmap, text)
                    if span is not None:
                        found.append((rel.target, [p], tmap, *span))
            return found
        elements = self.package.paragraphs
        if value.paragraph is None:
            return found
        for index in range(value.paragraph, min(value.paragraph + 40, len(elements))):
            tmap = text_map(elements[index])
            span = _locate(tmap, text)
            if span is not None:
                return [(self.package.main, elements[index], tmap, *span)]
        return found

    def write_field(self, value: FieldValue, what: str, day: dt.date) -> None:
        style = date_style(value.text) or _DEFAULT_STYLE
        self._write(value, what, style.write(day), day)

    def write_text(self, value: FieldValue, what: str, text: str) -> None:
        self._write(value, what, text, None)

    def _write(self, value: FieldValue, what: str, new: str, day: dt.date | None) -> None:
        places = self._find(value)
        if not places:
            raise EditError(
                f"the {what} {value.text!r} was read, but its text could not be found in the "
                "document to change (it is split by a field or a tab); change it in Word"
            )
        for part, _paragraphs, tmap, start, end in places:
            self.package.xml(part, change=True)
            changed = replace_span(tmap, start, end, new)
            if day is not None:
                _date_picker(changed, day)
        where = value.source if value.source in ("header", "footer") else f"¶{value.paragraph}"
        self.out.changes.append(Change(what, value.text, new, where))

    # -- the review history -----------------------------------------------------------

    def history_table(self) -> _History | None:
        if self.kind is None:
            return None
        body = first_child(self.package.xml(self.package.main), W_BODY)
        if body is None:
            return None
        reviews = {_squash(r.date.text) for r in self.result.policy.reviews}
        best: tuple[int, _History] | None = None
        for table in body.iter(W_TBL):
            found = self._history(table, reviews)
            if found is not None and (best is None or found[0] > best[0]):
                best = found
        return best[1] if best is not None else None

    def _history(self, table: Element, reviews: set[str]) -> tuple[int, _History] | None:
        assert self.kind is not None
        labels = self.kind.labels
        grid = [[_squash(_cell_text(tc)) for tc in _cells(tr)] for tr in _rows(table)]
        if not grid or not grid[0]:
            return None
        # one column per review: "Date of review | Spring 2009 | Spring 2013"
        for r, row in enumerate(grid):
            if len(row) >= 2 and labels.is_history_date(row[0]):
                hits = sum(cell in reviews for cell in row[1:])
                if hits:
                    sign = next(
                        (
                            s
                            for s in range(r + 1, len(grid))
                            if grid[s] and labels.is_history_signature(grid[s][0])
                        ),
                        None,
                    )
                    dates = [c for c in row[1:] if c]
                    return hits, _History(
                        table, True, r, sign, None, None, dates[-1] if dates else None, None
                    )
        # one row per review under a header row
        header = grid[0]
        date_col = next((c for c, h in enumerate(header) if labels.is_history_date(h)), None)
        if date_col is None:
            return None
        column = [row[date_col] for row in grid[1:] if date_col < len(row) and row[date_col]]
        hits = sum(cell in reviews for cell in column)
        sign_col = next(
            (c for c, h in enumerate(header) if c != date_col and labels.is_history_signature(h)),
            None,
        )
        empty = all(not any(row) for row in grid[1:])
        if not hits and (reviews or sign_col is None or not empty):
            return None  # a table with no review in it is a history only when blank below
        next_col = next(
            (
                c
                for c, h in enumerate(header)
                if c != date_col
                and not labels.is_history_date(h)
                and labels.field_for(h) == "review_due"
            ),
            None,
        )
        by_col = next(
            (
                c
                for c, h in enumerate(header)
                if c not in (date_col, sign_col)
                and labels.field_for(h) in ("people.approved_by", "people.committee")
            ),
            None,
        )
        last_next = None
        if next_col is not None:
            nexts = [row[next_col] for row in grid[1:] if next_col < len(row) and row[next_col]]
            last_next = nexts[-1] if nexts else None
        history = _History(
            table,
            False,
            date_col,
            sign_col,
            next_col,
            by_col,
            column[-1] if column else None,
            last_next,
        )
        return hits, history

    def add_history(
        self,
        history: _History,
        request: ApprovalRequest,
        next_day: dt.date,
        approved: FieldValue | None,
    ) -> None:
        self.package.xml(self.package.main, change=True)
        style = (
            date_style(history.last_date or "")
            or (date_style(approved.text) if approved is not None else None)
            or _DEFAULT_STYLE
        )
        date_text = style.write(request.date)
        values = {history.date_index: date_text}
        if history.sign_index is not None and request.signed:
            values[history.sign_index] = request.signed
        if history.by_index is not None and request.by:
            values[history.by_index] = request.by
        next_text = None
        if history.next_index is not None:
            next_style = date_style(history.last_next or "") or style
            next_text = next_style.write(next_day)
            values[history.next_index] = next_text
        if history.across:
            how = self._add_column(history, values)
        else:
            how = self._add_row(history, values)
        signed = f", signed {request.signed}" if request.signed else ""
        self.out.changes.append(Change("review history", None, date_text + signed, how))
        if next_text is not None:
            self.out.changes.append(Change("review due", history.last_next, next_text, how))
        if history.sign_index is None and request.signed:
            self.out.notes.append(
                "the review history has no signature column: --signed not written"
            )

    def _add_row(self, history: _History, values: dict[int, str]) -> str:
        rows = _rows(history.table)
        filled = [
            r for r, tr in enumerate(rows) if any(_squash(_cell_text(tc)) for tc in _cells(tr))
        ]
        last = filled[-1] if filled else 0
        if last + 1 < len(rows):
            target, how = rows[last + 1], "review history table (a blank row filled)"
        else:
            target = copy.deepcopy(rows[last])
            _forget_ids(target)
            rows[last].addnext(target)
            how = "review history table (a row added)"
        for c, tc in enumerate(_cells(target)):
            _set_cell(tc, values.get(c, ""))
        return how

    def _add_column(self, history: _History, values: dict[int, str]) -> str:
        rows = _rows(history.table)
        date_row = _cells(rows[history.date_index])
        texts = [_squash(_cell_text(tc)) for tc in date_row]
        filled = [c for c, t in enumerate(texts) if t]
        column = filled[-1] + 1 if filled else 1
        wanted = {history.date_index: values[history.date_index]}
        if history.sign_index is not None and history.sign_index in values:
            wanted[history.sign_index] = values[history.sign_index]
        if column < len(date_row):
            for r, tr in enumerate(rows):
                cells = _cells(tr)
                if column < len(cells):
                    _set_cell(cells[column], wanted.get(r, ""))
            return "review history table (a blank column filled)"
        counts = {len(_cells(tr)) for tr in rows}
        if len(counts) != 1:
            raise EditError(
                "the review history table has merged cells, so a column cannot be added "
                "cleanly; add a column in Word (or leave one blank) and approve again"
            )
        for r, tr in enumerate(rows):
            last = _cells(tr)[-1]
            new = copy.deepcopy(last)
            _forget_ids(new)
            last.addnext(new)
            _set_cell(new, wanted.get(r, ""))
        grid = first_child(history.table, _W + "tblGrid")
        if grid is not None and len(grid):
            extra = copy.deepcopy(grid[-1])
            grid.append(extra)
            props = first_child(history.table, _W + "tblPr")
            width = first_child(props, _W + "tblW") if props is not None else None
            added = extra.get(_W + "w")
            if width is not None and width.get(_W + "type") == "dxa" and added and added.isdigit():
                current = width.get(_W + "w") or "0"
                if current.isdigit():
                    width.set(_W + "w", str(int(current) + int(added)))
        return "review history table (a column added)"


def _locate(tmap: TextMap, text: str) -> tuple[int, int] | None:
    start = tmap.find(text)
    if start is not None:
        return start, start + len(text.strip())
    words = text.split()
    if not words:
        return None
    match = re.search(r"\s+".join(re.escape(w) for w in words), tmap.text)
    return (match.start(), match.end()) if match is not None else None


def _date_picker(changed: list[Element], day: dt.date) -> None:
    """A date picker content control keeps the date apart from its text: set it too."""
    for node in changed:
        sdt = content_control(node)
        props = first_child(sdt, _W + "sdtPr") if sdt is not None else None
        picker = first_child(props, _W + "date") if props is not None else None
        if picker is not None:
            picker.set(_W + "fullDate", f"{day.isoformat()}T00:00:00Z")


def _rows(table: Element) -> list[Element]:
    return [tr for tr in table if tr.tag == W_TR]


def _cells(tr: Element) -> list[Element]:
    return [tc for tc in tr if tc.tag == W_TC]


def _cell_text(tc: Element) -> str:
    return "\n".join(text_map([p]).text for p in tc if p.tag == W_P)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _set_cell(tc: Element, text: str) -> None:
    """A cell's text, in the formatting of its first run (its first paragraph kept)."""
    paragraphs = [p for p in tc if p.tag == W_P]
    if not paragraphs:
        return
    first = paragraphs[0]
    for extra in paragraphs[1:]:
        tc.remove(extra)
    template = next((r for r in first.iter(W_R) if first_child(r, W_T) is not None), None)
    props = first_child(template, W_RPR) if template is not None else None
    for child in list(first):
        if child.tag != _W + "pPr":
            first.remove(child)
    if text:
        run = first.makeelement(W_R, {})
        if props is not None:
            run.append(copy.deepcopy(props))
        first.append(run)
        t = run.makeelement(W_T, {})
        run.append(t)
        set_text(t, text)


def _forget_ids(el: Element) -> None:
    """Copied paragraphs must not repeat Word's paragraph ids (``w14:paraId``, ``textId``)."""
    for node in el.iter():
        for attr in (_W14 + "paraId", _W14 + "textId"):
            if attr in node.attrib:
                del node.attrib[attr]


# --------------------------------------------------------------------------- reading back


def _read_back(
    out: Approval,
    request: ApprovalRequest,
    next_day: dt.date,
    wrote_approval: bool,
    wrote_due: bool,
    history: _History | None,
) -> None:
    """Parse the edited document: the dates written must be the dates read."""
    policy = parse_document(io.BytesIO(out.data)).policy
    problems: list[str] = []
    if wrote_approval and not _holds(policy.approved, request.date):
        problems.append(f"the approval date reads {_text(policy.approved)}")
    due_written = wrote_due or (history is not None and history.next_index is not None)
    if due_written and not _holds(policy.review_due, next_day):
        problems.append(f"the next review reads {_text(policy.review_due)}")
    if history is not None and not any(_holds(r.date, request.date) for r in policy.reviews):
        problems.append("the new review history entry is not read as one")
    if problems:
        raise EditError(
            "after the change, " + "; ".join(problems) + ": the document was left as it was "
            "(record the approval in Word)"
        )


def _holds(value: PolicyDate | None, day: dt.date) -> bool:
    return value is not None and value.start <= day <= value.end


def _text(value: PolicyDate | None) -> str:
    return "nothing" if value is None else repr(value.text)
