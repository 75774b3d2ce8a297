"""The text recognition reads from the reader's blocks, without changing them."""

from __future__ import annotations

from ..docx.blocks import DocBlock, DocCell, DocParagraph, DocTable, all_paragraphs


def shown(p: DocParagraph) -> str:
    """A paragraph's text without what DATE/SAVEDATE/PRINTDATE fields show.

    Such a field shows when the file was opened, saved or printed: never a
    policy date.
    """
    text = p.text
    for field_text in p.date_field_text:
        if field_text:
            text = text.replace(field_text, " ", 1)
    return text


def cell_text(cell: DocCell) -> str:
    """A table cell's shown text, its paragraphs (and nested tables' cells) one a line."""
    parts: list[str] = []
    for block in cell.blocks:
        if isinstance(block, DocParagraph):
            parts.append(shown(block))
        else:
            parts.extend(cell_text(c) for row in block.rows for c in row)
    return "\n".join([x for x in parts if x.strip()])


def table_rows(table: DocTable) -> list[list[str]]:
    """A table as rows of cell texts."""
    return [[cell_text(cell) for cell in row] for row in table.rows]


def lines(blocks: list[DocBlock]) -> list[str]:
    """The lines of a header's or footer's blocks; a table row also as one tab-joined line."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, DocParagraph):
            out.extend(line for line in shown(block).split("\n") if line.strip())
        else:
            for row in block.rows:
                cells = [cell_text(c).strip() for c in row]
                out.extend(c for c in cells if c)
                if len(cells) >= 2:
                    out.append("\t".join(cells))
    return out


def paragraphs_of(block: DocBlock) -> list[DocParagraph]:
    """A block's paragraphs, a table's cells' ones included, in document order."""
    if isinstance(block, DocParagraph):
        return [block]
    return all_paragraphs([block])


def index_of(paragraphs: list[DocParagraph], value: str) -> int | None:
    """The body index of the paragraph (of a table's) that holds a value (else the first one)."""
    for p in paragraphs:
        if value and value in p.text and p.index >= 0:
            return p.index
    return next((p.index for p in paragraphs if p.index >= 0), None)
