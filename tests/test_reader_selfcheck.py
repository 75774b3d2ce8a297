"""The text self-check (policykit.docx.stats) holds for any mix of the reader's constructs.

Split from the former tests/test_reader.py; documents come from :mod:`tests.readerdocs`.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from .readerdocs import (
    build_docx,
    read,
)

# -- the self-check holds for any mix of the constructs above ------------------------------


class _RandomBody:
    """Random w:body content mixing every construct above, valid or not quite."""

    WORDS = ("alpha", " beta ", "γδ", "  ", "x")
    WRAPPERS = (
        "w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:hyperlink", "w:smartTag",
        "w:customXml", "w:dir", "w:bdo",
    )  # fmt: skip

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def alternate(self, choice: str, fallback: str) -> str:
        choice = choice if self.rng.random() < 0.7 else ""
        return (
            f"<mc:AlternateContent><mc:Choice Requires='wps'>{choice}</mc:Choice>"
            f"<mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent>"
        )

    def run_content(self, depth: int) -> str:
        out = []
        for _ in range(self.rng.randint(0, 4)):
            k = self.rng.random()
            if k < 0.45:
                out.append(f"<w:t xml:space='preserve'>{self.rng.choice(self.WORDS)}</w:t>")
            elif k < 0.6:
                kind = self.rng.choice(["begin", "separate", "end"])
                out.append(f"<w:fldChar w:fldCharType='{kind}'/>")
            elif k < 0.7:
                out.append("<w:instrText> DATE </w:instrText>")
            elif k < 0.8:
                out.append(self.rng.choice(["<w:tab/>", "<w:br/>", "<w:delText>x</w:delText>"]))
            elif depth < 5 and k < 0.9:
                out.append(
                    f"<w:drawing><wps:txbx><w:txbxContent>{self.blocks(depth + 1)}"
                    "</w:txbxContent></wps:txbx></w:drawing>"
                )
            elif depth < 5:
                out.append(self.alternate(self.run_content(depth + 1), self.run_content(depth + 1)))
        return "".join(out)

    def inline(self, depth: int) -> str:
        out = []
        for _ in range(self.rng.randint(0, 4)):
            k = self.rng.random()
            if k < 0.55 or depth > 5:
                out.append(f"<w:r>{self.run_content(depth + 1)}</w:r>")
            elif k < 0.65:
                out.append(
                    f"<w:sdt><w:sdtPr/><w:sdtContent>{self.inline(depth + 1)}"
                    "</w:sdtContent></w:sdt>"
                )
            elif k < 0.72:
                out.append(f"<w:fldSimple w:instr=' DATE '>{self.inline(depth + 1)}</w:fldSimple>")
            elif k < 0.8:
                out.append(self.alternate(self.inline(depth + 1), self.inline(depth + 1)))
            elif k < 0.83:
                out.append(f"<w:t>{self.rng.choice(self.WORDS)}</w:t>")  # outside a run
            else:
                tag = self.rng.choice(self.WRAPPERS)
                out.append(f"<{tag}>{self.inline(depth + 1)}</{tag}>")
        return "".join(out)

    def blocks(self, depth: int) -> str:
        out = []
        for _ in range(self.rng.randint(1, 3)):
            k = self.rng.random()
            if k < 0.6 or depth > 4:
                gone = self.rng.random() < 0.1
                ppr = "<w:pPr><w:rPr><w:del w:id='9'/></w:rPr></w:pPr>" if gone else ""
                out.append(f"<w:p>{ppr}{self.inline(depth + 1)}</w:p>")
            elif k < 0.75:
                cell = f"<w:tc>{self.blocks(depth + 1)}</w:tc>"
                row_sdt = f"<w:sdt><w:sdtContent><w:tc>{self.blocks(depth + 1)}</w:tc>"
                out.append(f"<w:tbl><w:tr>{cell}{row_sdt}</w:sdtContent></w:sdt></w:tr></w:tbl>")
            elif k < 0.85:
                out.append(
                    f"<w:sdt><w:sdtPr/><w:sdtContent>{self.blocks(depth + 1)}"
                    "</w:sdtContent></w:sdt>"
                )
            elif k < 0.9:
                out.append(f"<w:customXml>{self.blocks(depth + 1)}</w:customXml>")
            elif k < 0.95:
                out.append(self.alternate(self.blocks(depth + 1), self.blocks(depth + 1)))
            else:
                out.append(f"<w:del>{self.blocks(depth + 1)}</w:del>")
        return "".join(out)


@settings(max_examples=150, deadline=None)
@given(st.randoms(use_true_random=False))
def test_self_check_holds_for_generated_documents(rng: random.Random) -> None:
    body = _RandomBody(rng).blocks(0)
    doc = read(build_docx(body))  # read() asserts stats.lost == 0
    assert all(p.index == i for i, p in enumerate(doc.paragraphs()))
