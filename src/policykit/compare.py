"""A school's copy of a policy against the trust's model, section by section (PK503).

The model marks what schools may not change ("fixed"): a paragraph or heading
whose style name contains "Fixed", a content control tagged (or titled)
``policykit:fixed``, or a Word comment ``policykit: fixed`` anchored on it. A
fixed heading fixes its whole section. Everything else is the school's to
adapt.

:func:`compare` matches the two documents' sections (by heading as
normalised for recognition, else by canonical section id, else by the most
similar heading), then diffs each matched section word by word (difflib).
Edits that only put the school's own details where the model has them (its
name for the model's, a placeholder filled in, one person's name for
another, a date for a date) are *local*: listed, never flagged. A fixed
section removed, or changed beyond local edits, is a PK503 model-drift
finding; so is a fixed paragraph of an unfixed section that is gone or
changed.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from .docx.blocks import DocxDocument
from .docx.package import open_package
from .docx.reader import paragraph_elements, read_docx
from .docx.xml import W_NS, Element, first_child, normalise_strict
from .kinds import normalise
from .recognise import recognise
from .recognise.result import ParseResult
from .records import Finding, Severity

__all__ = [
    "Comparison",
    "SectionDiff",
    "WordChange",
    "compare",
    "compare_files",
    "drift_findings",
    "fixed_paragraphs",
]

MODEL_DRIFT: Final = ("PK503", "model-drift")  # documented in policykit.rules.in_document
FIXED_TAG: Final = "policykit:fixed"
_FIXED_COMMENT: Final = re.compile(r"^\s*policykit\s*:\s*fixed\b", re.IGNORECASE)
_W: Final = "{" + W_NS + "}"
_SIMILAR: Final = 0.6

Status = Literal["same", "changed", "removed", "added"]


@dataclass(frozen=True, slots=True)
class WordChange:
    """One difference inside a section: the model's words and the school's instead."""

    model: str
    school: str
    local: bool  # the school's own details in place of the model's (not drift)


@dataclass(slots=True)
class SectionDiff:
    """One section of either document and how the school's copy differs."""

    heading: str
    status: Status
    fixed: bool = False
    school_heading: str | None = None
    changes: list[WordChange] = field(default_factory=list)
    fixed_paragraphs_changed: list[str] = field(default_factory=list)  # model texts
    school_paragraph: int | None = None  # where the school's copy of it starts
    words: list[tuple[str, str]] = field(default_factory=list)  # ("=", "-", "+", text) diff

    @property
    def drift(self) -> bool:
        """True when the school changed what the model fixes (PK503)."""
        if self.fixed_paragraphs_changed:
            return True
        if not self.fixed:
            return False
        return self.status == "removed" or any(not c.local for c in self.changes)

    @property
    def local_edits(self) -> list[WordChange]:
        """The school's own details in place of the model's: listed, never drift."""
        return [c for c in self.changes if c.local]

    def to_dict(self) -> dict[str, Any]:
        """The section's difference as data; ``words`` is the word-level diff as
        ``[op, text]`` pairs (``=`` same, ``-`` the model's only, ``+`` the school's only)."""
        return {
            "heading": self.heading,
            "school_heading": self.school_heading,
            "status": self.status,
            "fixed": self.fixed,
            "drift": self.drift,
            "changes": [
                {"model": c.model, "school": c.school, "local": c.local} for c in self.changes
            ],
            "fixed_paragraphs_changed": self.fixed_paragraphs_changed,
            "words": [[op, text] for op, text in self.words],
        }


@dataclass(slots=True)
class Comparison:
    """Each section's diff: the model's sections in order, then the school's additions."""

    model: str
    school: str
    sections: list[SectionDiff]

    def findings(self, severity: Severity = "warning") -> list[Finding]:
        """PK503 for each section (or fixed paragraph) the school changed or removed."""
        code, name = MODEL_DRIFT
        out: list[Finding] = []
        for s in self.sections:
            if not s.drift:
                continue
            if s.status == "removed":
                message = (
                    f"the section '{s.heading}', fixed by the trust's model, is missing from "
                    "this copy; put it back as the model has it"
                )
            elif s.fixed:
                first = next(c for c in s.changes if not c.local)
                message = (
                    f"the section '{s.heading}', fixed by the trust's model, was changed: "
                    f"{_said(first)}"
                    + (f" (and {len(s.changes) - 1} more change(s))" if len(s.changes) > 1 else "")
                )
            else:
                text = _short(s.fixed_paragraphs_changed[0])
                message = (
                    f"a paragraph the trust's model fixes in '{s.heading}' was changed or "
                    f"removed: the model says '{text}'"
                )
            out.append(
                Finding(
                    code,
                    name,
                    severity,
                    message,
                    paragraph=s.school_paragraph,
                    key=f"{code}:{normalise(s.heading)}",
                )
            )
        return out

    def to_dict(self) -> dict[str, object]:
        """The comparison as data (``compare --format json``)."""
        return {
            "model": self.model,
            "school": self.school,
            "sections": [s.to_dict() for s in self.sections],
            "findings": [f.to_dict() for f in self.findings()],
        }

    def differences(self) -> list[dict[str, Any]]:
        """The sections that differ from the model, as data (the dashboard shows them)."""
        return [
            s.to_dict()
            for s in self.sections
            if s.status != "same" or s.changes or s.fixed_paragraphs_changed
        ]

    def text(self) -> str:
        """A readable report: per section its status, then a word-level diff."""
        lines = [f"{self.school} against the model {self.model}"]
        marks = {"same": "=", "changed": "~", "removed": "-", "added": "+"}
        for s in self.sections:
            flags = []
            if s.fixed:
                flags.append("fixed")
            if s.drift:
                flags.append("PK503 model-drift")
            elif s.changes and all(c.local for c in s.changes):
                flags.append("local edits only")
            tail = f"  [{', '.join(flags)}]" if flags else ""
            heading = s.heading
            if s.school_heading and s.school_heading != s.heading:
                heading = f"{s.heading} (here: {s.school_heading})"
            lines.append(f"{marks[s.status]} {heading}: {s.status}{tail}")
            if s.status == "added":
                lines.append(f"    + '{_short(s.changes[0].school if s.changes else '')}'")
                continue
            if s.fixed:
                lines.extend(f"    drift: {_said(c)}" for c in s.changes if not c.local)
            lines.extend(f"    local: {_said(c)}" for c in s.local_edits)
            for text in s.fixed_paragraphs_changed:
                lines.append(f"    drift: a fixed paragraph changed or removed: '{_short(text)}'")
            if s.status == "changed" and s.words:
                wrapped = textwrap.wrap(_word_diff(s.words), 96, break_long_words=False)
                lines.extend("    " + line for line in wrapped)
        drift = sum(s.drift for s in self.sections)
        lines.append(
            f"{drift} section(s) drifted from the model" if drift else "No drift from the model."
        )
        return "\n".join(lines)


def _said(change: WordChange) -> str:
    if not change.school:
        return f"'{_short(change.model)}' removed"
    if not change.model:
        return f"'{_short(change.school)}' added"
    return f"'{_short(change.school)}' where the model says '{_short(change.model)}'"


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _word_diff(words: list[tuple[str, str]]) -> str:
    """``... same words [-model words-]{+school words+} ...`` (context of five words)."""
    out: list[str] = []
    for op, text in words:
        if op == "=":
            tokens = text.split()
            if len(tokens) > 10:
                text = " ".join(tokens[:5]) + " … " + " ".join(tokens[-5:])
            out.append(text)
        elif op == "-":
            out.append(f"[-{text}-]")
        else:
            out.append(f"{{+{text}+}}")
    return " ".join(out)


# --------------------------------------------------------------------------- reading both


@dataclass(slots=True)
class _Section:
    heading: str
    key: str
    section_id: str | None
    texts: list[str]
    indices: list[int]


def _sections(result: ParseResult) -> list[_Section]:
    """Body paragraphs grouped by the section they sit in, in order (front matter first)."""
    out: list[_Section] = []
    for p in result.paragraphs:
        heading = p.heading or ""
        if not out or out[-1].heading != heading:
            out.append(_Section(heading, normalise(heading) if heading else "", p.section, [], []))
        if heading and p.text.strip() == heading.strip() and not out[-1].texts:
            out[-1].indices.append(p.index)  # the heading itself: where the section starts
            continue
        out[-1].texts.append(p.text)
        out[-1].indices.append(p.index)
    return out


def fixed_paragraphs(doc: DocxDocument, elements: Sequence[tuple[Element, ...]]) -> set[int]:
    """Indices of the body paragraphs the model marks as fixed (style, control, comment)."""
    fixed: set[int] = set()
    for p in doc.paragraphs():
        if p.style_name and "fixed" in p.style_name.lower():
            fixed.add(p.index)
    for comment in doc.comments:
        if _FIXED_COMMENT.match(comment.text):
            fixed.update(comment.paragraphs)
    for index, paragraph in enumerate(elements):
        if any(_in_fixed_control(el) for el in paragraph):
            fixed.add(index)
    return fixed


def _in_fixed_control(p: Element) -> bool:
    controls = [*p.iterancestors(_W + "sdt"), *p.iter(_W + "sdt")]
    for sdt in controls:
        props = first_child(sdt, _W + "sdtPr")
        if props is None:
            continue
        for tag in ("tag", "alias"):
            el = first_child(props, _W + tag)
            value = (el.get(_W + "val") or "") if el is not None else ""
            if value.replace(" ", "").lower() == FIXED_TAG:
                return True
    return False


@dataclass(slots=True)
class _Read:
    result: ParseResult
    doc: DocxDocument
    fixed: set[int]


def _read(data: bytes, kind: str | None, marks: bool) -> _Read:
    from .kindchoice import choose_kind, configured

    doc = read_docx(io.BytesIO(data))
    choice = configured(kind) if kind is not None else choose_kind(doc, None)
    result = recognise(doc, choice.kind)
    fixed: set[int] = set()
    if marks:
        with open_package(io.BytesIO(data)) as package:
            root = normalise_strict(package.xml(package.main_part()))
            fixed = fixed_paragraphs(doc, paragraph_elements(package, root))
    return _Read(result, doc, fixed)


# --------------------------------------------------------------------------- comparing


def compare_files(
    model: str | os.PathLike[str], school: str | os.PathLike[str], kind: str | None = None
) -> Comparison:
    """Compare two .docx files (DocumentError when either cannot be read)."""
    from .files import read_small

    model_data = read_small(model)
    school_data = read_small(school)
    return compare(model_data, school_data, os.fspath(model), os.fspath(school), kind)


def compare(
    model: bytes, school: bytes, model_name: str, school_name: str, kind: str | None = None
) -> Comparison:
    """Compare a school's copy (bytes of a .docx) with the model's, section by section."""
    m = _read(model, kind, marks=True)
    kind_id = kind or m.result.policy.kind
    s = _read(school, kind_id, marks=False)
    return _compare(m, s.result, model_name, school_name)


_models: dict[tuple[str, int, int], _Read] = {}


def drift_findings(
    model_path: str, school: ParseResult, school_path: str, severity: Severity
) -> tuple[list[Finding], list[dict[str, Any]]]:
    """PK503 findings of a checked document against its kind's model (``check``), and
    the sections that differ (:meth:`Comparison.differences`).

    The model is read once per process while its file is unchanged. A model
    that cannot be read is reported on the document (the run goes on).
    """
    from .errors import DocumentError
    from .files import read_small

    code, name = MODEL_DRIFT
    try:
        if os.path.samefile(model_path, school_path):
            return [], []
        st = os.stat(model_path)
        key = (os.path.realpath(model_path), st.st_mtime_ns, st.st_size)
        model = _models.get(key)
        if model is None:
            model = _read(read_small(model_path), school.policy.kind, marks=True)
            if len(_models) > 32:
                _models.clear()
            _models[key] = model
    except (OSError, DocumentError) as exc:
        reason = exc.message if isinstance(exc, DocumentError) else (exc.strerror or str(exc))
        message = (
            f"the trust's model policy {model_path} configured for {school.policy.kind} cannot "
            f"be read ({reason}); correct [tool.policykit.models]"
        )
        return [Finding(code, name, severity, message, key=f"{code}:unreadable-model")], []
    comparison = _compare(model, school, model_path, school_path)
    return comparison.findings(severity), comparison.differences()


def _compare(m: _Read, school: ParseResult, model_name: str, school_name: str) -> Comparison:
    local = _local_words(m.result, school)
    model_sections = _sections(m.result)
    school_sections = _sections(school)
    pairs = _match(model_sections, school_sections)
    out: list[SectionDiff] = []
    used: set[int] = set()
    for mi, ms in enumerate(model_sections):
        fixed_heading = bool(ms.indices) and ms.indices[0] in m.fixed and bool(ms.heading)
        fixed_all = bool(ms.indices) and all(i in m.fixed for i in ms.indices)
        fixed = fixed_heading or fixed_all
        si = pairs.get(mi)
        title = ms.heading or "(before the first heading)"
        if si is None:
            diff = SectionDiff(title, "removed", fixed)
            diff.fixed_paragraphs_changed = [] if fixed else _fixed_texts(ms, m.fixed)
            out.append(diff)
            continue
        used.add(si)
        ss = school_sections[si]
        diff = _diff_section(title, ms, ss, fixed, local)
        if not fixed:
            diff.fixed_paragraphs_changed = [
                text
                for text in _fixed_texts(ms, m.fixed)
                if not any(_same_but_local(text, other, local) for other in ss.texts)
            ]
        out.append(diff)
    for si, ss in enumerate(school_sections):
        if si not in used:
            diff = SectionDiff(ss.heading or "(before the first heading)", "added")
            diff.school_heading = ss.heading
            diff.school_paragraph = ss.indices[0] if ss.indices else None
            diff.changes = [WordChange("", " ".join(ss.texts), False)]
            out.append(diff)
    return Comparison(model_name, school_name, out)


def _fixed_texts(section: _Section, fixed: set[int]) -> list[str]:
    start = 1 if section.heading and len(section.indices) > len(section.texts) else 0
    return [
        text
        for text, index in zip(section.texts, section.indices[start:], strict=False)
        if index in fixed and text.strip()
    ]


def _match(model: list[_Section], school: list[_Section]) -> dict[int, int]:
    """Model section -> school section: same heading, else same section id, else most similar."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()

    def take(mi: int, si: int) -> None:
        pairs[mi] = si
        taken.add(si)

    for mi, ms in enumerate(model):
        si = next((i for i, ss in enumerate(school) if i not in taken and ss.key == ms.key), None)
        if si is not None:
            take(mi, si)
    for mi, ms in enumerate(model):
        if mi in pairs or ms.section_id is None:
            continue
        candidates = [
            i
            for i, ss in enumerate(school)
            if i not in taken and ss.section_id == ms.section_id and ss.key != ""
        ]
        if len(candidates) == 1 and sum(x.section_id == ms.section_id for x in model) == 1:
            take(mi, candidates[0])
    for mi, ms in enumerate(model):
        if mi in pairs or not ms.key:
            continue
        scored = [
            (difflib.SequenceMatcher(None, ms.key, ss.key).ratio(), i)
            for i, ss in enumerate(school)
            if i not in taken and ss.key
        ]
        if scored:
            ratio, si = max(scored)
            if ratio >= _SIMILAR:
                take(mi, si)
    return pairs


_TOKEN: Final = re.compile(r"\S+")


def _diff_section(
    title: str, ms: _Section, ss: _Section, fixed: bool, local: _Local
) -> SectionDiff:
    diff = SectionDiff(title, "same", fixed, school_heading=ss.heading)
    diff.school_paragraph = ss.indices[0] if ss.indices else None
    a = " ".join(ms.texts).split()
    b = " ".join(ss.texts).split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            diff.words.append(("=", " ".join(a[i1:i2])))
            continue
        old, new = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if old:
            diff.words.append(("-", old))
        if new:
            diff.words.append(("+", new))
        starts = i1 == 0 or a[i1 - 1].endswith((".", "!", "?", ":"))
        diff.changes.append(WordChange(old, new, local.allows(old, new, starts)))
    if diff.changes:
        diff.status = "changed"
    return diff


def _same_but_local(model: str, school: str, local: _Local) -> bool:
    a, b = model.split(), school.split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.ratio() < _SIMILAR:
        return False
    return all(
        local.allows(
            " ".join(a[i1:i2]),
            " ".join(b[j1:j2]),
            i1 == 0 or a[i1 - 1].endswith((".", "!", "?", ":")),
        )
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    )


# --------------------------------------------------------------------------- local edits

_PLACEHOLDER: Final = re.compile(
    r"^[\[<{(«].*[\]>})»][.,;:]?$|^X{2,}[.,;:]?$|^_{3,}$|^\.{3,}$|^…$", re.IGNORECASE
)
_TITLE: Final = frozenset({"mr", "mrs", "ms", "miss", "dr", "rev", "revd", "sir", "dame"})
_CONNECTORS: Final = frozenset({"and", "&", "of", "the", "de", "la", "van", "von", "st", "st."})


@dataclass(slots=True)
class _Local:
    """What counts as the school's own details: names, placeholders, dates."""

    names: set[str]  # the model's and the school's names, lower case

    def allows(self, old: str, new: str, sentence_start: bool = False) -> bool:
        """True when ``old`` -> ``new`` only puts the school's details in place of the model's.

        ``sentence_start``: the words open a sentence, where any word has a capital;
        one capitalised word there is not taken for a name.
        """
        if not old or not new:
            return False  # words removed or added are content, not details
        if self._detail(old, sentence_start) and self._detail(new, sentence_start):
            return True
        return self._mentions_name(old) and self._mentions_name(new)

    def _detail(self, text: str, sentence_start: bool) -> bool:
        words = text.split()
        if _PLACEHOLDER.match(text.strip()) or all(_PLACEHOLDER.match(w) for w in words):
            return True
        from .dates import parse_date

        if parse_date(text) is not None:
            return True
        if sentence_start and len(words) == 1:
            return False
        return _looks_like_name(words)

    def _mentions_name(self, text: str) -> bool:
        lowered = " ".join(text.lower().split())
        return any(name in lowered for name in self.names if len(name) >= 3)


def _looks_like_name(words: Sequence[str]) -> bool:
    """Capitalised words (a person, a school, a place), with initials, titles and 'of'."""
    if not words or len(words) > 8:
        return False
    bare = [w.strip(".,;:()'’\"") for w in words]
    if not any(b[:1].isupper() and b.lower() not in _TITLE for b in bare if b):
        return False
    return all(
        not b
        or b[:1].isupper()
        or b.lower() in _CONNECTORS
        or b.lower() in _TITLE
        or (len(b) <= 2 and b.isalpha())
        for b in bare
    )


def _local_words(model: ParseResult, school: ParseResult) -> _Local:
    names: set[str] = set()
    for policy in (model.policy, school.policy):
        for value in _names(policy.school, *policy.people.values()):
            names.add(" ".join(value.lower().split()))
    return _Local(names)


def _names(*values: str | None) -> Iterable[str]:
    return (v for v in values if v and v.strip())
