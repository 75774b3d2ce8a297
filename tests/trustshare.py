"""A trust's shared drive for the trust-view tests: six schools x fifteen policies.

Made with policykit's own renderer from Policy models written here (our own
wording, in the layouts schools use). The share holds what a real one does:
archive folders, a school holding two current behaviour policies (PK502), a
school with no attendance policy (PK501), an unreadable file, and dates that
put policies in each status on AS_OF.

Kinds the project does not know yet are registered from small stub kind files
for the duration (:func:`stub_kinds`), so the share means the same before and
after the kinds' data grows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from policykit import kinds as kinds_mod
from policykit.dates import make_date
from policykit.model import Paragraph, Policy, Section
from policykit.render import render

AS_OF = dt.date(2026, 11, 22)

# (kind id, title as schools write it, the title's phrase for a stub kind)
KINDS: list[tuple[str, str]] = [
    ("child-protection", "Safeguarding and Child Protection Policy"),
    ("behaviour", "Behaviour Policy"),
    ("anti-bullying", "Anti-Bullying Policy"),
    ("send-policy", "Special Educational Needs and Disabilities Policy"),
    ("send-information-report", "SEN Information Report"),
    ("accessibility-plan", "Accessibility Plan"),
    ("equality-objectives", "Equality Information and Objectives"),
    ("charging-remissions", "Charging and Remissions Policy"),
    ("complaints", "Complaints Procedure"),
    ("data-protection", "Data Protection Policy"),
    ("health-and-safety", "Health and Safety Policy"),
    ("supporting-medical-conditions", "Supporting Pupils with Medical Conditions Policy"),
    ("attendance", "Attendance Policy"),
    ("rse", "Relationships and Sex Education Policy"),
    ("suspensions-exclusions", "Suspension and Permanent Exclusion Policy"),
]
SCHOOLS = [
    "Ashfield Primary",
    "Beech Hill Academy",
    "Cedar Park School",
    "Damson Wood Primary",
    "Elm Tree Academy",
    "Foxglove Secondary",
]
MISSING = ("Beech Hill Academy", "attendance")
DUPLICATE = ("Cedar Park School", "behaviour")
UNREADABLE = ("Damson Wood Primary", "complaints")

CONFIG = """\
[trust]
require = [{kinds}]
exclude = ["archive*", "old policies", "superseded*"]
reminder-days = 21
"""


@dataclass(frozen=True)
class Share:
    """The share's root and what the tests look for in it."""

    root: Path
    documents: int


def _stub_yaml(kind_id: str, title: str) -> str:
    import yaml

    # The labels the parser reads dates and people by: today's kind's own (while a kind
    # file still carries them), so a stub kind reads what the renderer writes.
    model = yaml.safe_load((kinds_mod.builtin_schema_dir() / "community-cohesion.yaml").read_text())
    labels = {k: model[k] for k in ("fields", "history", "review_cycles") if k in model}
    return (
        (yaml.safe_dump(labels) if labels else "") + f"id: {kind_id}\n"
        f"name: {title}\n"
        f"title_phrases: [{title.lower()!r}]\n"
        f"default_title: {title}\n"
        "sections:\n"
        "  - id: purpose\n"
        "    required: false\n"
        "    title: Purpose\n"
        "    headings: [Purpose, Introduction]\n"
    )


@contextmanager
def stub_kinds(folder: Path) -> Iterator[None]:
    """Register a stub for each of KINDS the project does not know; unregister after."""
    known = set(kinds_mod.available_kinds())
    added: list[str] = []
    folder.mkdir(parents=True, exist_ok=True)
    for kind_id, title in KINDS:
        if kind_id in known:
            continue
        path = folder / f"{kind_id}.yaml"
        path.write_text(_stub_yaml(kind_id, title), encoding="utf-8")
        kinds_mod.register_kind_file(path)
        added.append(kind_id)
    try:
        yield
    finally:
        for kind_id in added:
            kinds_mod._registered.pop(kind_id, None)
        kinds_mod.get_kind.cache_clear()


def _policy(kind: str, title: str, school: str, approved: dt.date, heading: str) -> Policy:
    due = make_date(approved.replace(year=approved.year + 1), "day")
    return Policy(
        kind=kind,
        title=title,
        school=school,
        approved=make_date(approved, "day"),
        review_due=due,
        review_cycle_months=12,
        people={"approved_by": "Full Governing Board", "link_governor": "Mrs A. Example"},
        sections=[
            Section(
                heading="Purpose",
                level=1,
                blocks=[
                    Paragraph(
                        text=f"This document sets out how {school} meets its duties in this "
                        "area, and who is responsible for each part of the work."
                    )
                ],
            ),
            Section(
                heading=heading,
                level=1,
                blocks=[
                    Paragraph(
                        text="Staff follow the procedure below and record what they do. "
                        "[Insert the name of the responsible member of staff]."
                    )
                ],
            ),
        ],
    )


def _approved(school_index: int, kind_index: int) -> dt.date:
    """Approval dates spread so that on AS_OF some reviews have lapsed, some are due soon."""
    offset = (school_index * 5 + kind_index * 7) % 17  # months before AS_OF
    year, month = AS_OF.year, AS_OF.month - offset
    while month < 1:
        month += 12
        year -= 1
    return dt.date(year, month, 1 + (kind_index * 3) % 27)


def make_share(root: Path, *, title_suffix: str = "", heading: str = "Procedures") -> Share:
    """Write the share under ``root`` (which must hold the stub kinds already)."""
    root.mkdir(parents=True, exist_ok=True)
    quoted = ", ".join(f'"{k}"' for k, _ in KINDS)
    (root / "policykit.toml").write_text(CONFIG.format(kinds=quoted), encoding="utf-8")
    count = 0
    for s, school in enumerate(SCHOOLS):
        folder = root / school
        folder.mkdir()
        for k, (kind, title) in enumerate(KINDS):
            if (school, kind) == MISSING:
                continue
            target = folder / f"{title}.docx"
            if (school, kind) == UNREADABLE:
                target.write_bytes(b"PK\x03\x04 this is not a whole Word document")
                count += 1
                continue
            render(_policy(kind, title + title_suffix, school, _approved(s, k), heading), target)
            count += 1
            if (school, kind) == DUPLICATE:
                old = _policy(kind, title, school, dt.date(2019, 9, 1), heading)
                render(old, folder / f"{title} 2019.docx")
                count += 1
        archive = folder / "Archive"
        archive.mkdir()
        old_title, old_kind = KINDS[0][1], KINDS[0][0]
        render(
            _policy(old_kind, old_title, school, dt.date(2017, 9, 1), heading),
            archive / f"{old_title} 2017.docx",
        )
        count += 1
    return Share(root, count)


__all__ = ["AS_OF", "KINDS", "SCHOOLS", "Share", "make_share", "stub_kinds"]
