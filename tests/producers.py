"""Word files made by the producers the reader's tests compare: pandoc and LibreOffice.

Each helper skips the test (fails in CI, see :func:`tests.conftest.need_tool`) when
its program is missing. LibreOffice runs once for all the sources given, with a
private profile removed afterwards.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .conftest import need_tool
from .docgen.render_lo import finish_conversion, start_conversion

LIBREOFFICE_TIMEOUT = 240.0


def pandoc_docx(source: str, out: Path, *, from_format: str = "markdown") -> Path:
    """``source`` (Markdown unless said) converted by pandoc to ``out`` (.docx)."""
    pandoc = need_tool("pandoc")
    subprocess.run(
        [pandoc, "-f", from_format, "-t", "docx", "-o", str(out)],
        input=source.encode("utf-8"),
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out


def libreoffice_docx(sources: dict[str, str], directory: Path) -> dict[str, Path]:
    """Sources (file name -> text: .fodt, .html ...) converted by LibreOffice to .docx.

    Returns file name -> the .docx made; a source LibreOffice did not convert is left
    out (the caller asserts what it needs).
    """
    directory.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for name, text in sources.items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return libreoffice_convert(paths, directory / "docx")


def libreoffice_convert(paths: list[Path], out_dir: Path) -> dict[str, Path]:
    """Files LibreOffice opens, saved by it as .docx in ``out_dir``: file name -> .docx."""
    need_tool("soffice")
    out_dir.mkdir(parents=True, exist_ok=True)
    process, profile = start_conversion(paths, out_dir)
    finish_conversion(process, profile, LIBREOFFICE_TIMEOUT)
    made: dict[str, Path] = {}
    for path in paths:
        docx_path = out_dir / (path.stem + ".docx")
        if docx_path.is_file():
            made[path.name] = docx_path
    return made


FODT_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">'
)


def fodt(body: str, styles: str = "", automatic: str = "") -> str:
    """A flat OpenDocument text: ``body`` in office:text, named and automatic styles."""
    return (
        f"{FODT_HEAD}<office:styles>{styles}</office:styles>"
        f"<office:automatic-styles>{automatic}</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body></office:document>"
    )
