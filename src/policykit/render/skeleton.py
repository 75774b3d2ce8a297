"""A kind's skeleton policy: its sections and content items as headings, with guidance notes.

``policykit new KIND`` for a kind without a written model policy (and
``generate KIND``) starts from this: the kind's sections in its order, each
content item its law asks for under a heading that names it, and where the
school must write its own text a guidance note in square brackets beginning
"Insert here", which ``check`` reports as a placeholder (PK402) until it is
replaced. The review section states the kind's cycle (its required maximum,
else the recommended one, else annually). Everything comes from the kind
file: a trust's own kind gets a skeleton too.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

from ..kinds import Content, Kind, normalise
from ..recognise.headings import section_id as named_section

DEFAULT_CYCLE_MONTHS = 12
_LAST = ("review", "history", "links")  # sections that close a policy: content items go before
_GENERIC_SECTIONS = (
    ("Purpose", "why the school has this policy and whom it covers"),
    ("Roles and Responsibilities", "who does what: governors, the headteacher, staff"),
    ("Procedures", "what the school does, step by step"),
)


class SkeletonSection(TypedDict):
    """A section of the skeleton, as Policy source data."""

    heading: str
    level: int
    blocks: list[str]
    sections: NotRequired[list[SkeletonSection]]


def skeleton_cycle(kind: Kind) -> int:
    """The cycle a new policy of this kind states: the required maximum, else the advice."""
    cycle = kind.review_cycle
    return cycle.max_months or cycle.recommended_months or DEFAULT_CYCLE_MONTHS


def guidance(what: str) -> str:
    """A guidance note the school replaces with its own text (PK402 reports it till then)."""
    return f"[Insert here: {what}]"


def skeleton_data(kind: Kind) -> dict[str, object]:
    """The kind's skeleton as Policy source data with ``{{ name }}`` placeholders."""
    sections = _sections(kind)
    return {
        "kind": kind.id,
        "title": kind.spec.default_title,
        "school": "{{ school }}",
        "approved": "{{ approved }}",
        "review_cycle_months": skeleton_cycle(kind),
        "people": {"approved_by": "{{ approved_by }}"},
        "sections": sections,
    }


def skeleton_defaults(kind: Kind) -> dict[str, str]:
    """Placeholder defaults: who approves, from the kind's data."""
    return {"approved_by": kind.approver or "Governing board"}


def _sections(kind: Kind) -> list[SkeletonSection]:
    closing: list[SkeletonSection] = []
    body: list[SkeletonSection] = []
    keys: set[str] = set()
    specs = kind.sections or []
    for spec in specs:
        heading = _section_heading(kind, spec.id, [spec.title, *spec.headings])
        keys.add(normalise(heading))
        if spec.id == "review":
            blocks = [_review_text()]
        else:
            blocks = [guidance(f"the school's own text on {spec.title.lower()}")]
        (closing if spec.id in _LAST else body).append(_section(heading, blocks))
    if not specs:
        body = [_section(h, [guidance(what)]) for h, what in _GENERIC_SECTIONS]
        closing = [_section("Monitoring and Review", [_review_text()])]
    frozen = frozenset(keys)
    for item in kind.contents:
        if item.present(frozen, ""):
            _note_in(body + closing, kind, item)
            continue
        heading, parent = _item_heading(kind, item)
        keys.add(normalise(heading))
        frozen = frozenset(keys)
        section = _section(heading, [_item_note(item)])
        home = _section_of(body + closing, kind, parent)
        if home is None:
            body.append(section)
        else:  # "The Designated Safeguarding Lead" under "Roles and Responsibilities"
            section["level"] = 2
            home.setdefault("sections", []).append(section)
    return body + closing


def _section_of(
    sections: list[SkeletonSection], kind: Kind, section_id: str | None
) -> SkeletonSection | None:
    if section_id is None:
        return None
    return next((s for s in sections if named_section(kind, s["heading"]) == section_id), None)


def _section_heading(kind: Kind, section_id: str, candidates: list[str]) -> str:
    """The first candidate heading that the kind reads back as this section."""
    for heading in candidates:
        if named_section(kind, heading) == section_id:
            return heading
    return candidates[-1]


def _item_heading(kind: Kind, item: Content) -> tuple[str, str | None]:
    """A heading naming the item, and the section it belongs under when it names one.

    A heading that names no section of the kind stands alone; one that names a
    section (every heading of "the DSL" names the roles) goes under it.
    """
    for heading in item.spec.headings:
        if named_section(kind, heading) is None:
            return heading, None
    heading = item.spec.headings[0] if item.spec.headings else item.name.capitalize()
    return heading, named_section(kind, heading)


def _note_in(sections: list[SkeletonSection], kind: Kind, item: Content) -> None:
    """Add the item's guidance note to the section whose heading already names it."""
    for section in sections:
        if item.present(frozenset({normalise(section["heading"])}), ""):
            blocks = section["blocks"]
            if section["heading"] and named_section(kind, section["heading"]) == "review":
                return  # the review section says the cycle; nothing to write there
            blocks.append(_item_note(item))
            return


def _item_note(item: Content) -> str:
    return guidance(f"{item.name} (required by {item.source})")


def _review_text() -> str:
    return "This policy will be reviewed {{ review_cycle }} by the {{ approved_by }}."


def _section(heading: str, blocks: list[str]) -> SkeletonSection:
    return {"heading": heading, "level": 1, "blocks": list(blocks)}
