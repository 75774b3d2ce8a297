"""PK301-PK303: review signatures, title and school."""

from __future__ import annotations

from policykit.model import Review

from .helpers import (
    date,
    hits,
    make,
)

# --------------------------------------------------------------------------- PK301-PK303


def test_pk301_each_unsigned_review() -> None:
    result = make(
        reviews=[
            Review(date=date("Spring 2009"), signed_by="Pam Holland"),
            Review(date=date("Spring 2013"), signed_by=" "),
            Review(date=date("Autumn 2017"), signed_by=None),
        ],
        paragraphs=[(2, "Spring 2009", None), (3, "Spring 2013", None), (4, "Autumn 2017", None)],
    )
    found = hits("PK301", result)
    assert [(h.paragraph, h.message) for h in found] == [
        (3, "the review of Spring 2013 is not signed"),
        (4, "the review of Autumn 2017 is not signed"),
    ]


def test_pk302_pk303_missing_title_and_school() -> None:
    result = make(title=None, school="  ")
    assert len(hits("PK302", result)) == 1 and len(hits("PK303", result)) == 1
    assert hits("PK302", make()) == [] and hits("PK303", make()) == []
