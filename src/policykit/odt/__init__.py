"""Reading OpenDocument text (.odt): the files LibreOffice and Google Docs save.

An .odt is a zip of XML parts like a .docx: ``content.xml`` (the body and its
automatic styles), ``styles.xml`` (named styles and the master pages that
hold headers and footers) and ``meta.xml`` (title, author, dates). This
package reads them into the same :class:`policykit.docx.blocks.DocxDocument`
the Word reader gives recognition (paragraphs with their styles and outline
levels, bold and size, lists, tables, headers and footers, comments, notes,
properties), under the Word reader's own safety limits: the zip is opened by
:func:`policykit.docx.package.open_package` (sizes counted as inflated, zip
bombs refused) and every part is parsed by :func:`policykit.docx.xml.parse_xml`
(no entities, nothing external, depth and markup bounded).

:func:`read_document` reads either format, told apart by content, not name.
"""

from policykit.odt.reader import is_opendocument, read_document, read_odt

__all__ = ["is_opendocument", "read_document", "read_odt"]
