"""PK005: a document read only in part. The reader's messages become findings here."""

from __future__ import annotations

from collections.abc import Iterator

from .base import Hit, RuleContext, rule


@rule("PK005", "partly-read", "warning", "part of the document could not be read")
def partly_read(ctx: RuleContext) -> Iterator[Hit]:
    """
    ## What it does
    Reports each part of a document that policykit skipped or could not read:
    content embedded from another format (a `w:altChunk` part in RTF or any
    format but HTML, MHT and Word; those are read in place), a header or
    footer part missing from the package, elements the reader does not know
    that hold text, or text that reached no paragraph. The rest of the
    document is still checked.

    ## Why it matters
    A check can only vouch for what it read. Without this finding a policy
    whose body is kept in an embedded RTF part would look empty, or worse,
    fine, when its review dates were never seen.

    ## Example
    ```
    policies/send.docx: warning PK005 partly-read: part of the document was not
    read (word/document.xml): the w:altChunk part word/afchunk.rtf (content
    imported from another format) was not read: its content (application/rtf)
    is not HTML, MHT or a Word document; open and re-save the file in Word ...
    ```

    ## How to fix
    Open the document in Word and save it again as a Word Document (.docx):
    Word merges embedded content into the body. Otherwise check the part
    named by hand.

    ## Source
    policykit's own reader: `policykit parse FILE --format json` lists the
    same messages under `messages`.
    """
    for message in ctx.policy.messages:
        if message.unread:
            where = f" ({message.location})" if message.location else ""
            yield Hit(
                f"part of the document was not read{where}: {message.text}",
                paragraph=message.paragraph,
                key=f"{message.code}:{message.location}",
            )


RULES = (partly_read,)
