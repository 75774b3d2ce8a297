"""The kind catalogue as text: ``policykit kinds``, ``policykit kind KIND`` and docs/kinds.md.

Everything shown comes from the kind files (``schemas/<id>.yaml``) and, for
the outdated references that apply to a kind, from the PK401 table
(``data/outdated.yaml``, scoped by kind). ``python -m policykit.kinddocs
docs/kinds.md`` writes the catalogue page; a test holds it to the kind files.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .kinds import Kind, all_kinds, builtin_schema_dir

_APPLIES = {"yes": "yes", "no": "no", "where-applicable": "where applicable"}


def kind_list(kinds: Sequence[Kind] | None = None) -> str:
    """One line a kind: id, name, statutory (maintained / academy), review cycle."""
    kinds = all_kinds() if kinds is None else kinds
    width = max((len(k.id) for k in kinds), default=0)
    lines = [
        f"{k.id:<{width}}  {k.name}  [statutory M/A: {_statutory(k)}; {_cycle_short(k)}]"
        for k in kinds
    ]
    lines.append(f"{len(kinds)} kinds")
    return "\n".join(lines) + "\n"


def _statutory(kind: Kind) -> str:
    return f"{_APPLIES[kind.statutory.maintained]}/{_APPLIES[kind.statutory.academy]}"


def _cycle_short(kind: Kind) -> str:
    cycle = kind.review_cycle
    if cycle.max_months:
        return f"review at least every {cycle.max_months} months"
    if cycle.recommended_months:
        return f"review every {cycle.recommended_months} months recommended"
    return "no review cycle set"


def _cycle_text(kind: Kind) -> str:
    cycle = kind.review_cycle
    parts = []
    if cycle.max_months:
        parts.append(f"at most {cycle.max_months} months between reviews (required)")
    if cycle.recommended_months:
        parts.append(f"every {cycle.recommended_months} months recommended")
    if not parts:
        parts.append("none set")
    text = "; ".join(parts)
    if cycle.note:
        text += f" ({cycle.note})"
    if not cycle.verified:
        text += " [not verified: advice only, never an error]"
    return text


def outdated_for(kind: Kind) -> list[str]:
    """The PK401 entries scoped to this kind (entries for every kind are not listed)."""
    from .rules.outdated import outdated_table

    table = outdated_table()
    return [
        f"{ref.id}: {ref.why}"
        for ref in table.references
        if ref.kinds is not None and kind.id in ref.kinds
    ]


def kind_text(kind: Kind) -> str:
    """One kind explained: statute, cycle, sections, content items, outdated references."""
    spec = kind.spec
    out = [f"{kind.id}: {kind.name}", ""]
    if spec.description:
        out += [" ".join(spec.description.split()), ""]
    facts = [
        ("Titles", "; ".join(kind.titles) or spec.default_title),
        ("Abbreviations", ", ".join(kind.abbreviations) or "none"),
        ("Statute or guidance", kind.statute or "none recorded"),
        (
            "Statutory",
            f"maintained schools: {_APPLIES[kind.statutory.maintained]}; "
            f"academies: {_APPLIES[kind.statutory.academy]}",
        ),
        ("Phases", ", ".join(kind.phases)),
        ("Published online", "yes" if kind.publish else "not required"),
        ("Review cycle", _cycle_text(kind)),
        ("Approver", kind.approver or "not recorded"),
        ("Priority", f"{kind.priority} (1 highest stakes .. 5 lowest; reports put it first)"),
        *(
            [("Severity", ", ".join(f"{c} is {v}" for c, v in sorted(kind.severity.items())))]
            if kind.severity
            else []
        ),
        ("Sources", ", ".join(kind.sources) or "none recorded"),
    ]
    out += [f"{name}: {value}" for name, value in facts]
    out += ["", "Sections:"]
    if not kind.sections:
        out.append("  none demanded")
    for section in kind.sections:
        mark = "required" if section.required else "expected"
        out.append(f"  {section.id} ({mark}): {', '.join(section.headings)}")
    out += ["", "Content items:"]
    if not kind.contents:
        out.append("  none listed")
    for item in kind.contents:
        note = "" if item.verified else " [unverified: information only]"
        out.append(f"  {item.id}: {item.name} ({item.source}){note}")
    out += ["", "Outdated references checked for this kind (besides those for every kind):"]
    outdated = outdated_for(kind)
    out += [f"  {line}" for line in outdated] or ["  none"]
    return "\n".join(out) + "\n"


def kinds_markdown(kinds: Sequence[Kind] | None = None) -> str:
    """docs/kinds.md: every built-in kind, generated from the kind files."""
    if kinds is None:
        builtin = builtin_schema_dir()
        kinds = [k for k in all_kinds() if k.source is not None and k.source.parent == builtin]
    out = [
        "# Policy kinds",
        "",
        "Generated from the kind files (`schemas/<id>.yaml`) by "
        "`python -m policykit.kinddocs docs/kinds.md`; do not edit by hand.",
        "",
        "| kind | name | statutory (maintained / academy) | review cycle | priority |",
        "| --- | --- | --- | --- | --- |",
    ]
    for k in kinds:
        out.append(
            f"| [`{k.id}`](#{k.id}) | {k.name} | {_statutory(k)} | {_cycle_short(k)} "
            f"| {k.priority} |"
        )
    for k in kinds:
        out += ["", f"## {k.id}", "", "```text", kind_text(k).rstrip("\n"), "```"]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write docs/kinds.md (or print it)."""
    args = sys.argv[1:] if argv is None else argv
    text = kinds_markdown()
    if not args:
        sys.stdout.write(text)
        return 0
    from .files import write_atomic

    write_atomic(args[0], text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
