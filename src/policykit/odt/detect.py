"""Telling an OpenDocument package from a Word one, by content (no reader imported)."""

from __future__ import annotations

from typing import Final

from policykit.docx.package import Package

MIMETYPE_PREFIX: Final = b"application/vnd.oasis.opendocument."


def is_opendocument(package: Package) -> bool:
    """True when the zip is an OpenDocument package (its ``mimetype`` says so)."""
    if package.has("mimetype"):
        return package.read("mimetype").strip().startswith(MIMETYPE_PREFIX)
    # A package zipped again without its mimetype member: the parts say what it is.
    return (
        package.has("content.xml")
        and package.has("META-INF/manifest.xml")
        and not package.has("[Content_Types].xml")
    )
