"""PK000-PK004 and PK006: documents that could not be checked.

These codes have no check function: the engine reports them in a document's
``error`` when reading fails (the reader's :class:`~policykit.errors.DocumentError`
carries PK001-PK004), when something unexpected goes wrong (PK000), or when a
policy-like file is in a format policykit does not read (PK006). They are
rules all the same, so they can be listed, explained, selected and ignored.
"""

from __future__ import annotations

from .base import Rule

INTERNAL_ERROR = Rule(
    "PK000",
    "internal-error",
    "error",
    "policykit failed unexpectedly on this document",
    """
## What it does
Reports an unexpected exception raised while reading or checking one
document. The rest of the run goes on; the document's other results are kept
where possible (a failing rule becomes one PK000 finding).

## Why it matters
A document policykit could not check may hide lapsed reviews or missing
sections. It is a bug in policykit (or in a plugin), not in the policy.

## Example
```
policies/odd.docx: error PK000 internal-error: KeyError: 'w:val' (please report this)
```

## How to fix
Report it with the document if you can share it. Meanwhile check that
document by hand, or ignore PK000 for its path in `per-path-ignores`.
""".strip(),
)

UNREADABLE = Rule(
    "PK001",
    "unreadable",
    "error",
    "not a Word document, or a damaged one",
    """
## What it does
Reports a file that is not a readable Word document: not a zip package,
truncated, corrupt, or with no main document part.

## Why it matters
A policy nobody can open is not a policy in force. Damaged files are often
the only copy of an old policy on a shared drive.

## Example
`Behaviour Policy.docx` that is really a PDF renamed, or a file cut short
by a failed copy.

## How to fix
Open the file in Word (which can sometimes repair it) and save it again as
a Word Document (.docx), or restore it from a backup.
""".strip(),
)

LEGACY_DOC = Rule(
    "PK002",
    "legacy-doc",
    "error",
    "a Word 97-2003 .doc file",
    """
## What it does
Reports a Word 97-2003 document (`.doc`), including one renamed `.docx`.
policykit reads only the current Word format.

## Why it matters
Old `.doc` files are usually policies nobody has opened since 2007: the
format itself is a sign the policy is overdue for review.

## Example
`Community Cohesion Policy.doc`

## How to fix
Open it in Word and choose File > Save As > Word Document (.docx), or convert
a folder at once with LibreOffice:
`soffice --headless --convert-to docx *.doc`.
""".strip(),
)

ENCRYPTED = Rule(
    "PK003",
    "encrypted",
    "error",
    "a password-protected document",
    """
## What it does
Reports a document protected by a password to open.

## Why it matters
Policies are public documents: governors, staff and parents must be able to
read them, and the school must be able to review them after the author
leaves.

## Example
A policy saved with File > Info > Protect Document > Encrypt with Password.

## How to fix
Open it with the password, remove the encryption (File > Info > Protect
Document > Encrypt with Password, clear the box) and save it again. Use
"Restrict Editing" instead if you only want to stop changes.
""".strip(),
)

TOO_LARGE = Rule(
    "PK004",
    "too-large",
    "error",
    "over a safety limit (size, compression ratio or XML depth)",
    """
## What it does
Reports a document over one of policykit's safety limits: the uncompressed
size, the compression ratio (a "zip bomb") or the nesting depth of its XML.

## Why it matters
A policy is a few pages of text. A file over these limits is either not a
policy, damaged, or hostile; reading it could exhaust the machine.

## Example
A 40 MB `.docx` whose pictures are embedded at full camera resolution.

## How to fix
Compress the pictures (Word: File > Compress Pictures), remove embedded
files, or save the text into a new document.
""".strip(),
)

NOT_CHECKED = Rule(
    "PK006",
    "not-checked",
    "warning",
    "a policy-like file policykit cannot read (a PDF, an RTF file)",
    """
## What it does
Lists a file in a checked folder that looks like a policy but is in a format
policykit does not read: a PDF or an RTF file. It is not opened; the message
says what to do. It never fails the run by itself (whatever `fail_on` is),
so a folder holding the PDF copies of its policies still passes.

## Why it matters
A check that skipped files in silence would let a trust believe every
policy had been read. A policy kept only as a PDF has lapsed dates and
missing sections nobody checks; the editable original is what governors
approve and what a school must keep reviewing.

## Example
```
policies/Behaviour Policy.pdf: warning PK006 not-checked: a PDF is not checked
(policykit reads Word and OpenDocument files): check the Word original instead ...
```

## How to fix
Check the Word original (keep it beside the PDF: the PDF is still listed,
and that is fine). Without one, open the PDF or RTF file in Word and save
it as a Word Document (.docx). To stop listing PDF copies, ignore PK006 for
their folder in `per-path-ignores` (they are then listed without counting).
""".strip(),
)

RULES = (INTERNAL_ERROR, UNREADABLE, LEGACY_DOC, ENCRYPTED, TOO_LARGE, NOT_CHECKED)
