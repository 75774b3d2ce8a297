"""A Policy as a readable text outline (``policykit parse --format text``)."""

from __future__ import annotations

import textwrap

from .model import Block, ListItem, Policy, PolicyDate, Section

_WIDTH = 100


def _date(d: PolicyDate | None) -> str:
    if d is None:
        return "-"
    span = d.start.isoformat() if d.start == d.end else f"{d.start} to {d.end}"
    return f"{d.text} ({span}{', inferred' if d.inferred else ''})"


def outline(policy: Policy, *, full: bool = False) -> str:
    """Metadata, then the section tree with a line per block (the start of each paragraph)."""
    lines = [
        f"{policy.title or '(no title)'} - {policy.school or '(no school)'}",
        f"  kind:          {policy.kind}",
        f"  approved:      {_date(policy.approved)}",
        f"  review due:    {_date(policy.review_due)}",
        "  review cycle:  "
        + (f"{policy.review_cycle_months} months" if policy.review_cycle_months else "-"),
    ]
    if policy.last_reviewed:
        lines.append(f"  last reviewed: {_date(policy.last_reviewed)}")
    if policy.created:
        lines.append(f"  created:       {_date(policy.created)}")
    for role, person in policy.people.items():
        lines.append(f"  {role.replace('_', ' ') + ':':<14} {person}")
    if policy.reviews:
        lines.append("  reviews:")
        for review in policy.reviews:
            lines.append(f"    - {_date(review.date)}, signed: {review.signed_by or '(unsigned)'}")
    if policy.preamble:
        lines.append("")
        lines.append("(before the first heading)")
        lines.extend(_blocks(policy.preamble, "  ", full))
    for section in policy.sections:
        lines.append("")
        lines.extend(_section(section, full))
    return "\n".join(lines) + "\n"


def _section(section: Section, full: bool) -> list[str]:
    indent = "  " * (section.level - 1)
    tag = f"[{section.id}]" if section.id else "[-]"
    lines = [f"{indent}{'#' * section.level} {section.heading}  {tag}"]
    lines.extend(_blocks(section.blocks, indent + "  ", full))
    for child in section.sections:
        lines.extend(_section(child, full))
    return lines


def _short(text: str, full: bool) -> str:
    text = " ".join(text.split())
    return text if full else textwrap.shorten(text, _WIDTH - 10, placeholder=" ...")


def _blocks(blocks: list[Block], indent: str, full: bool) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if block.type == "paragraph":
            lines.append(f"{indent}{_short(block.text, full)}")
        elif block.type == "list":
            lines.extend(_items(block.items, indent, block.ordered, full))
        else:
            width = max((len(r) for r in block.rows), default=0)
            lines.append(f"{indent}[table {len(block.rows)} x {width}]")
            for row in block.rows:
                lines.append(f"{indent}  | " + " | ".join(_short(c, full) for c in row) + " |")
    return lines


def _items(items: list[ListItem], indent: str, ordered: bool, full: bool) -> list[str]:
    lines: list[str] = []
    for n, item in enumerate(items, 1):
        mark = f"{n}." if ordered else "-"
        lines.append(f"{indent}{mark} {_short(item.text, full)}")
        lines.extend(_items(item.items, indent + "   ", ordered, full))
    return lines
