"""numbering.xml: numId -> abstract numbering -> per-level format, text and indent.

Also renders list labels ("1.", "a)", "•") with counters kept per abstract
numbering, the way Word continues a list across ``w:num`` instances that share
one, restarting where a ``w:startOverride`` says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from policykit.docx.styles import Styles, left_indent
from policykit.docx.xml import (
    MC_ALTERNATE_CONTENT,
    W_ABSTRACT_NUM,
    W_ABSTRACT_NUM_ID,
    W_ILVL_ATTR,
    W_IND,
    W_LVL,
    W_LVL_OVERRIDE,
    W_LVL_TEXT,
    W_NUM,
    W_NUM_FMT,
    W_NUM_ID,
    W_NUM_STYLE_LINK,
    W_PPR,
    W_START,
    W_START_OVERRIDE,
    W_VAL,
    Element,
    first_child,
    int_attr,
    selected_branch,
)

_UNORDERED = frozenset({"bullet", "none"})
_MAX_LEVEL = 8


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a list definition."""

    fmt: str  # w:numFmt, e.g. "decimal", "lowerLetter", "bullet", "none"
    text: str  # w:lvlText, e.g. "%1.", ""
    ind_left: int | None  # twips
    start: int

    @property
    def ordered(self) -> bool:
        return self.fmt not in _UNORDERED

    @property
    def visible(self) -> bool:
        """Word shows a label (a "none" level with empty text shows nothing)."""
        return self.fmt != "none" or bool(self.text.strip())


@dataclass(slots=True)
class _Abstract:
    levels: dict[int, Level] = field(default_factory=dict)
    num_style_link: str | None = None


@dataclass(slots=True)
class _Num:
    abstract_id: str
    overrides: dict[int, Level] = field(default_factory=dict)
    start_overrides: dict[int, int] = field(default_factory=dict)


def _read_level(lvl: Element) -> Level:
    fmt = "decimal"
    text = ""
    ind_left = None
    start = 0
    for child in lvl:
        tag = child.tag
        if tag == MC_ALTERNATE_CONTENT:
            branch = selected_branch(child)
            found = first_child(branch, W_NUM_FMT) if branch is not None else None
            if found is not None:
                fmt = found.get(W_VAL) or fmt
        elif tag == W_NUM_FMT:
            fmt = child.get(W_VAL) or fmt
        elif tag == W_LVL_TEXT:
            text = child.get(W_VAL) or ""
        elif tag == W_START:
            start = int_attr(child, W_VAL) or 0
        elif tag == W_PPR:
            ind_left = left_indent(first_child(child, W_IND))
    return Level(fmt, text, ind_left, start)


class NumberingDefinitions:
    """What a numbering part defines: abstract numberings and ``w:num`` instances.

    Each definition is read on first use and cached. The reader shares one frozen
    copy between documents made from the same template (see ``reader.py``).
    """

    def __init__(self, root: Element | None) -> None:
        self._abstract_elements: dict[str, Element] = {}
        self._num_elements: dict[str, Element] = {}
        self._abstracts: dict[str, _Abstract] = {}
        self._nums: dict[str, _Num | None] = {}
        if root is None:
            return
        for el in root:
            tag = el.tag
            if tag == W_ABSTRACT_NUM:
                abstract_id = el.get(W_ABSTRACT_NUM_ID)
                if abstract_id is not None:
                    self._abstract_elements.setdefault(abstract_id, el)
            elif tag == W_NUM:
                num_id = el.get(W_NUM_ID)
                if num_id is not None:
                    self._num_elements.setdefault(num_id, el)

    def freeze(self) -> NumberingDefinitions:
        """Read every definition now and let go of the XML: a small copy to share.

        It answers every question exactly as the unfrozen one does, and is not
        changed by the questions (an unknown id is not remembered).
        """
        for abstract_id in self._abstract_elements:
            self.abstract(abstract_id)
        for num_id in self._num_elements:
            self.num(num_id)
        self._abstract_elements = {}
        self._num_elements = {}
        return self

    def definitions(self) -> int:
        """How many definitions this holds: numberings, instances and their levels."""
        held = len(self._abstract_elements) + len(self._num_elements)
        held += sum(1 + len(a.levels) for a in self._abstracts.values())
        held += sum(1 + len(n.overrides) + len(n.start_overrides) for n in self._nums.values() if n)
        return held

    def abstract(self, abstract_id: str) -> _Abstract | None:
        abstract = self._abstracts.get(abstract_id)
        if abstract is not None:
            return abstract
        el = self._abstract_elements.get(abstract_id)
        if el is None:
            return None
        abstract = _Abstract()
        for child in el:
            tag = child.tag
            if tag == W_LVL:
                ilvl = int_attr(child, W_ILVL_ATTR)
                if ilvl is not None and 0 <= ilvl <= _MAX_LEVEL:
                    abstract.levels.setdefault(ilvl, _read_level(child))
            elif tag == W_NUM_STYLE_LINK:
                abstract.num_style_link = child.get(W_VAL)
        self._abstracts[abstract_id] = abstract
        return abstract

    def num(self, num_id: str) -> _Num | None:
        if num_id in self._nums:
            return self._nums[num_id]
        el = self._num_elements.get(num_id)
        if el is None:
            return None
        ref = first_child(el, W_ABSTRACT_NUM_ID)
        num = None
        if ref is not None:
            num = _Num(ref.get(W_VAL) or "")
            for override in el.iterchildren(W_LVL_OVERRIDE):
                ilvl = int_attr(override, W_ILVL_ATTR)
                if ilvl is None:
                    continue
                lvl = first_child(override, W_LVL)
                if lvl is not None:
                    num.overrides[ilvl] = _read_level(lvl)
                start = int_attr(first_child(override, W_START_OVERRIDE), W_VAL)
                if start is not None:
                    num.start_overrides[ilvl] = start
        self._nums[num_id] = num
        return num


NO_NUMBERING = NumberingDefinitions(None).freeze()


class Numbering:
    """The lists of one document: its definitions, and the counters of its labels.

    ``load`` returns the definitions (:data:`NO_NUMBERING` when there is no
    numbering part); it is called the first time a paragraph asks about a list,
    so documents without lists never parse the part. Resolved levels are cached.
    """

    def __init__(self, load: Callable[[], NumberingDefinitions], styles: Styles) -> None:
        self._load: Callable[[], NumberingDefinitions] | None = load
        self._definitions = NO_NUMBERING
        self._styles = styles
        self._counters: dict[str, list[int]] = {}
        self._started: set[str] = set()
        self._cache: dict[tuple[str, int], tuple[str, Level] | None] = {}
        self._resolved: dict[str, _Resolved | None] = {}

    def _num(self, num_id: str) -> _Num | None:
        if self._load is not None:
            load, self._load = self._load, None
            self._definitions = load()
        return self._definitions.num(num_id)

    def _abstract_of(self, num_id: str) -> tuple[str, _Abstract] | None:
        num = self._num(num_id)
        seen: set[str] = set()
        while num is not None and num.abstract_id not in seen:
            seen.add(num.abstract_id)
            abstract = self._definitions.abstract(num.abstract_id)
            if abstract is None:
                return None
            link = abstract.num_style_link
            if link is None:
                return num.abstract_id, abstract
            # w:numStyleLink: the levels live in the abstract the numbering style points to.
            linked = self._styles.raw_num_id(link)
            num = self._num(linked) if linked is not None else None
            if num is None:
                return num_id, abstract
        return None

    def _resolve(self, num_id: str) -> _Resolved | None:
        """A list's nine levels, resolved once (None when it has no abstract numbering)."""
        if num_id in self._resolved:
            return self._resolved[num_id]
        resolved: _Resolved | None = None
        num = self._num(num_id)
        found = self._abstract_of(num_id) if num is not None else None
        if num is not None and found is not None:
            abstract_id, abstract = found
            levels = [
                num.overrides.get(ilvl) or abstract.levels.get(ilvl)
                for ilvl in range(_MAX_LEVEL + 1)
            ]
            restarts = [level.start - 1 if level is not None else -1 for level in levels]
            resolved = _Resolved(abstract_id, levels, restarts)
        self._resolved[num_id] = resolved
        return resolved

    def level(self, num_id: str, ilvl: int) -> tuple[str, Level] | None:
        """(counter key, level definition) of a list paragraph, or None when no list shows."""
        key = (num_id, ilvl)
        if key in self._cache:
            return self._cache[key]
        result: tuple[str, Level] | None = None
        resolved = self._resolve(num_id)
        if resolved is not None:
            level = resolved.levels[min(max(ilvl, 0), _MAX_LEVEL)]
            if level is not None:
                result = (resolved.counter, level)
        self._cache[key] = result
        return result

    def level0_indent(self, num_id: str) -> int | None:
        found = self.level(num_id, 0)
        return found[1].ind_left if found else None

    def item(self, num_id: str, ilvl: int) -> tuple[Level, str | None] | None:
        """A list paragraph's level and label, its counter advanced; None when none shows."""
        resolved = self._resolve(num_id)
        if resolved is None:
            return None
        ilvl = min(max(ilvl, 0), _MAX_LEVEL)
        level = resolved.levels[ilvl]
        if level is None or not level.visible:
            return None
        return level, self._label(num_id, ilvl, resolved, level)

    def _label(self, num_id: str, ilvl: int, resolved: _Resolved, level: Level) -> str | None:
        """Advance the list's counter at ``ilvl`` (0-8) and render this item's label."""
        restarts = resolved.restarts
        counters = self._counters.get(resolved.counter)
        if counters is None:
            counters = list(restarts)
            self._counters[resolved.counter] = counters
        if num_id not in self._started:
            self._started.add(num_id)
            num = self._num(num_id)
            if num is not None:
                for i, start in num.start_overrides.items():
                    if 0 <= i <= _MAX_LEVEL:
                        counters[i] = start - 1
        counters[ilvl] += 1
        counters[ilvl + 1 :] = restarts[ilvl + 1 :]
        if level.fmt == "bullet":
            return bullet_label(level.text)
        text = level.text
        for i in range(ilvl, -1, -1):
            placeholder = f"%{i + 1}"
            if placeholder in text:
                sub = self.level(num_id, i)
                fmt = sub[1].fmt if sub else "decimal"
                text = text.replace(placeholder, format_number(counters[i], fmt))
        return text.strip() or None


@dataclass(frozen=True, slots=True)
class _Resolved:
    counter: str  # the key of the counters (the abstract numbering's id)
    levels: list[Level | None]  # by ilvl: the w:num's override, else the abstract's level
    restarts: list[int]  # by ilvl: the counter before the level's first item (start - 1)


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # code points a symbol font maps to glyphs


def bullet_label(text: str) -> str:
    """A bullet's lvlText as shown: symbol-font code points become "•"."""
    text = text.strip()
    if not text or _PRIVATE_USE.search(text) or text in ("\u00b7", "§"):
        return "•"
    return text


_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


# Word accepts list starts up to 32767. Beyond that a letter label would be thousands of
# characters long (a w:start of 2,000,000,000 made an 80 MB "a...a") and roman numerals
# take a loop step per thousand, so larger counters are shown as decimals.
MAX_LABEL_NUMBER = 32767


def format_number(value: int, fmt: str) -> str:
    """A counter in a Word number format (common formats; others as decimal)."""
    if fmt == "none":
        return ""
    if value <= 0:
        return str(value) if fmt.startswith("decimal") else ""
    if value > MAX_LABEL_NUMBER:
        return str(value)
    if fmt in ("lowerLetter", "upperLetter"):
        # Word repeats the letter: a..z, aa..zz, aaa..
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        out = []
        rest = value
        for number, numeral in _ROMAN:
            while rest >= number:
                out.append(numeral)
                rest -= number
        roman = "".join(out)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "ordinal":
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        if 10 <= value % 100 <= 20:
            suffix = "th"
        return f"{value}{suffix}"
    return str(value)
