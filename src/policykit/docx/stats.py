"""The self-check's source side: how many ``w:t`` characters the main part shows.

Computed independently of the walk: one pass over ``w:t`` and ``w:fldChar`` in
document order, leaving out text inside ``w:del`` / ``w:moveFrom``, inside the
branches of ``mc:AlternateContent`` that are not read, and inside the
instruction part of a complex field and in runs hidden by their own ``w:vanish``
(the walk accounts for runs a style hides: it counts what it skips).
The footnote and endnote references met on the way (shown ones only) are
listed, so the notes they cite are counted too.
The walk counts what it appends;
:class:`policykit.docx.blocks.TextStats` compares the two.
"""

from __future__ import annotations

from policykit.docx.body import NOTE_REFERENCES, NoteKey, is_hidden_run
from policykit.docx.xml import (
    MC_ALTERNATE_CONTENT,
    W_DEL,
    W_ENDNOTE_REFERENCE,
    W_FLD_CHAR,
    W_FLD_CHAR_TYPE,
    W_FOOTNOTE_REFERENCE,
    W_ID,
    W_MOVE_FROM,
    W_R,
    W_RPR,
    W_SPEC_VANISH,
    W_T,
    W_TXBX_CONTENT,
    W_VANISH,
    Element,
    selected_branch,
)

_TAGS = (
    W_T,
    W_FLD_CHAR,
    W_DEL,
    W_MOVE_FROM,
    MC_ALTERNATE_CONTENT,
    W_TXBX_CONTENT,
    W_VANISH,
    W_SPEC_VANISH,
    W_FOOTNOTE_REFERENCE,
    W_ENDNOTE_REFERENCE,
)


def count_source_chars(root: Element, cited: list[NoteKey] | None = None) -> int:
    """Characters of shown ``w:t`` text under ``root`` (the document body).

    A text box is its own story: fields do not run into or out of it, so its
    text is counted with a field state of its own. ``cited``, when given, gets
    the (kind, id) of each shown footnote and endnote reference, in order.
    """
    excluded: set[Element] = set()
    total = 0
    # One entry per open field: True while it is still in its instruction part.
    open_fields: list[bool] = []
    in_instruction = 0
    # One pass in document order; an excluded region is met before anything inside it.
    for el in root.iter(*_TAGS):
        tag = el.tag
        if excluded and el in excluded:
            continue
        if tag == W_T:
            if not in_instruction:
                total += len(el.text or "")
        elif tag == W_FLD_CHAR:
            kind = el.get(W_FLD_CHAR_TYPE)
            if kind == "begin":
                open_fields.append(True)
                in_instruction += 1
            elif kind == "separate":
                if open_fields and open_fields[-1]:
                    open_fields[-1] = False
                    in_instruction -= 1
            elif kind == "end" and open_fields and open_fields.pop():
                in_instruction -= 1
        elif tag == MC_ALTERNATE_CONTENT:
            chosen = selected_branch(el)
            for branch in el:
                if branch is not chosen:
                    excluded.update(branch.iter(*_TAGS))
        elif tag == W_TXBX_CONTENT:
            if el is not root:
                if not in_instruction:
                    total += count_source_chars(el, cited)
                excluded.update(el.iter(*_TAGS))
        elif tag in NOTE_REFERENCES:
            if not in_instruction and cited is not None:
                cited.append((NOTE_REFERENCES[tag], el.get(W_ID) or ""))
        elif tag in (
            W_VANISH,
            W_SPEC_VANISH,
        ):  # hidden text: the run's, when its own w:rPr hides it
            rpr = el.getparent()
            run = rpr.getparent() if rpr is not None else None
            if rpr.tag == W_RPR and run is not None and run.tag == W_R and is_hidden_run(run, rpr):
                excluded.update(run.iter(*_TAGS))
        else:  # w:del, w:moveFrom
            excluded.update(el.iter(*_TAGS))
    return total
