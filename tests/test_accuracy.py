"""The parser on policies it has never seen: varied styles from three producers.

tests/docgen writes community cohesion policies in the styles schools use
(bold Normal headings, ALL CAPS, numbered, heading styles, banners; metadata
in tables, lines, footers; every UK date form) with python-docx, LibreOffice
and pandoc, each with its ground truth. The parser must get at least 95% of
section ids and of the fields school, title, approved and review_due right.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

import policykit
from policykit.model import Policy, PolicyDate

from .docgen import Case

THRESHOLD = 0.95


def _period(d: PolicyDate | None) -> dict[str, str] | None:
    return None if d is None else {"start": d.start.isoformat(), "end": d.end.isoformat()}


def _score(policy: Policy, truth: dict[str, Any]) -> dict[str, bool]:
    got_ids = [s.id for s in policy.sections]
    return {
        "school": policy.school == truth["school"],
        "title": policy.title == truth["title"],
        "approved": _period(policy.approved) == _bounds(truth["approved"]),
        "review_due": _period(policy.review_due) == _bounds(truth["review_due"]),
        "section_ids": got_ids == truth["section_ids"],
    }


def _bounds(value: dict[str, str] | None) -> dict[str, str] | None:
    return None if value is None else {"start": value["start"], "end": value["end"]}


def test_fields_and_sections_of_unseen_policies(generated_policies: list[Case]) -> None:
    assert generated_policies, "the generator made no documents"
    right: Counter[str] = Counter()
    misses: list[str] = []
    sections_right = sections_total = 0
    for case in generated_policies:
        policy = policykit.parse(case.path)
        for field, ok in _score(policy, case.truth).items():
            right[field] += ok
            if not ok:
                misses.append(f"{case.path.name} [{case.producer}/{case.style}] {field}")
        truth_ids = case.truth["section_ids"]
        got = [s.id for s in policy.sections]
        sections_total += len(truth_ids)
        sections_right += sum(1 for a, b in zip(got, truth_ids, strict=False) if a == b)
    n = len(generated_policies)
    rates = {field: right[field] / n for field in ("school", "title", "approved", "review_due")}
    rates["section ids"] = sections_right / max(1, sections_total)
    report = ", ".join(f"{k} {v:.0%}" for k, v in rates.items())
    detail = "\n".join(misses[:40])
    assert all(v >= THRESHOLD for v in rates.values()), f"{report}\n{detail}"


@pytest.mark.parametrize("producer", ["python-docx", "libreoffice", "pandoc"])
def test_every_producer_is_represented(generated_policies: list[Case], producer: str) -> None:
    assert any(c.producer == producer for c in generated_policies)
