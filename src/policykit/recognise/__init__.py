"""Recognition: a Word document's blocks -> a :class:`~policykit.model.Policy`.

The steps, each in its own module, each taking inputs and returning outputs
(the reader's records are never changed):

* :mod:`.items`: the body as items, and which are headings (levels from
  :mod:`.headings`);
* :mod:`.front`: the front matter: the title and the school's name;
* :mod:`.reading`: the metadata as written: labelled values in lines
  (:mod:`.metadata`) and in tables with review histories (:mod:`.tables`), dates
  stated in sentences;
* :mod:`.sections`: the section tree, the preamble and each paragraph's place;
* :mod:`.filling`: the Policy's fields: dates read once, the review cycle,
  title and school from headers, running text or properties.
"""

from __future__ import annotations

from .. import dates
from ..docx.blocks import DocxDocument
from ..kinds import Kind
from ..model import Policy
from .filling import Found, fill_fields
from .front import front_matter
from .items import body_items, find_headings
from .reading import dates_in_sentences as _dates_in_sentences  # noqa: F401 (memo tests)
from .reading import read_metadata
from .result import ParseResult
from .sections import build_sections

__all__ = ["ParseResult", "recognise"]


def recognise(doc: DocxDocument, kind: Kind) -> ParseResult:
    """Turn the reader's blocks into a Policy, with located paragraphs and notices."""
    body = body_items(doc, kind)
    items = body.items
    headings = find_headings(body, kind)
    front = front_matter(items, headings.at, kind)
    metadata = read_metadata(items, front.headings, front.consumed, front.end, kind, doc)
    sections, preamble, located = build_sections(
        items,
        front.headings,
        headings.run_in,
        front.consumed | metadata.tables,
        front.end,
        kind,
    )
    policy = Policy(kind=kind.id, sections=sections, preamble=preamble)
    filled = fill_fields(
        Found(kind, doc, metadata.fields, metadata.history, front.title, front.school), located
    )
    for name, value in filled.values.items():
        setattr(policy, name, value)
    policy.people = filled.people
    if filled.infer_review_due:
        policy.review_due = dates.infer_review_due(policy)
    policy.messages = [*doc.messages, *(notice.as_message() for notice in filled.notices)]
    return ParseResult(
        policy=policy,
        paragraphs=located,
        fields=metadata.fields,
        notices=filled.notices,
        lost_chars=doc.stats.lost,
        comments=doc.comments,
    )
