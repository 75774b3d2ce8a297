"""Rule fixtures (ruff's ``resources/test/fixtures`` pattern): policy sources with expected codes.

``tests/fixtures/rules/<CODE>/<name>.yaml`` is a policy source (the shape
``policykit render`` reads) whose first comment lines say what checking it
must report::

    # expect: PK201 PK206        (every finding's code, in any order; "none" for none)
    # as-of: 2026-11-22          (the run's as-of date; this one if left out)

A test renders the source to a Word file, checks it with policykit's whole
pipeline (reader, recognition, rules) and compares the codes. ``example.yaml``
in a rule's folder is the rule's documented example, held to the text of its
``## Example`` section.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
DEFAULT_AS_OF = dt.date(2026, 11, 22)
_HEADER = re.compile(r"^#\s*(expect|as-of):\s*(.*?)\s*$")


@dataclass(frozen=True)
class Fixture:
    """One fixture file and what it expects."""

    path: Path
    code: str  # the rule whose folder holds it
    expect: tuple[str, ...]  # sorted codes
    as_of: dt.date

    @property
    def id(self) -> str:
        return f"{self.code}/{self.path.stem}"


def read_fixture(path: Path) -> Fixture:
    """A fixture file's expectations, from its leading comment lines."""
    expect: tuple[str, ...] | None = None
    as_of = DEFAULT_AS_OF
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        found = _HEADER.match(line)
        if found is None:
            continue
        key, value = found.groups()
        if key == "expect":
            expect = () if value == "none" else tuple(sorted(value.split()))
        else:
            as_of = dt.date.fromisoformat(value)
    if expect is None:
        raise ValueError(f"{path}: no '# expect:' line")
    return Fixture(path, path.parent.name, expect, as_of)


def all_fixtures() -> list[Fixture]:
    """Every fixture, by rule folder then name."""
    return [read_fixture(p) for p in sorted(FIXTURES.glob("*/*.yaml"))]
