"""The reader's work grows with the document: counted operations, never wall time."""

from __future__ import annotations

import io

import pytest

from policykit.docx import package as package_module
from policykit.docx.blocks import DocParagraph
from policykit.docx.reader import read_docx

from .docgen.shapes import mail_merge


class _TooMuchWork(Exception):
    pass


def test_a_10000_letter_mail_merge_compares_relationships_a_bounded_number_of_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 10,000 sections, 20,000 header and footer relationships: once a linear membership
    # test per relationship (2 x 10^8 comparisons, 90 s). Each relationship may be
    # compared a few times at most; beyond that the reading is stopped at once.
    sections = 10_000
    budget = 10 * 2 * sections
    calls = 0
    original = package_module.Relationship.__eq__

    def counting_eq(self: package_module.Relationship, other: object) -> bool:
        nonlocal calls
        calls += 1
        if calls > budget:
            raise _TooMuchWork
        return bool(original(self, other))

    monkeypatch.setattr(package_module.Relationship, "__eq__", counting_eq)
    doc = read_docx(io.BytesIO(mail_merge(sections)))
    assert calls <= budget
    assert [b.text if isinstance(b, DocParagraph) else b for b in doc.headers[0]] == ["Letter 1"]
    assert len(doc.headers) == 2 and len(doc.footers) == 2
    assert len(doc.body) == 2 * sections
