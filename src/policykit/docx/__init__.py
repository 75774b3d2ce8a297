"""Reading .docx packages: zip and limits, parts, styles, numbering, the body walk.

Reading only: nothing in this package writes a file or knows about policies.
The entry point is :func:`policykit.docx.reader.read_docx`, which returns a
:class:`policykit.docx.blocks.DocxDocument`.
"""
