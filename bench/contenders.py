"""The readers policykit is compared with, each a loop over a list of files.

Run as ``python -m bench.contenders NAME LIST_FILE`` (one path per line): the
benchmark starts each in its own process so that its time and peak memory
are its own. Each loop keeps a little of what it read, so nothing is skipped.
Exit status 3 with a message on stderr: the reader is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_T = W + "t"
W_PSTYLE = W + "pStyle"
W_VAL = W + "val"


class Missing(Exception):
    """The reader is not installed."""


def floor(paths: list[str]) -> int:
    """Unzip word/document.xml and iterparse it with lxml, keeping text and style ids."""
    from lxml import etree

    kept = 0
    for path in paths:
        texts: list[str] = []
        styles: list[str | None] = []
        with zipfile.ZipFile(path) as package, package.open("word/document.xml") as part:
            for _event, el in etree.iterparse(part, events=("end",)):
                tag = el.tag
                if tag == W_T:
                    texts.append(el.text or "")
                elif tag == W_PSTYLE:
                    styles.append(el.get(W_VAL))
        kept += len("".join(texts)) + len(styles)
    return kept


PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# What a faithful reader must parse besides the body (styles aside: documents made from
# one template share them, and policykit keeps them between documents).
_BODY_RELS = ("/numbering", "/header", "/footer")
_PACKAGE_RELS = ("/core-properties", "/extended-properties", "/custom-properties")


def parts_floor(paths: list[str]) -> int:
    """Every part policykit reads but styles, unzipped and parsed with lxml, each element visited.

    The package and body relationships, the body, numbering, headers, footers and
    the three properties parts: what reading alone costs a reader that loses
    nothing, before it interprets a single element.
    """
    import posixpath

    from lxml import etree

    def rels(package: zipfile.ZipFile, name: str, wanted: tuple[str, ...]) -> list[str]:
        folder, base = posixpath.split(name)
        found: list[str] = []
        try:
            root = etree.fromstring(package.read(posixpath.join(folder, "_rels", base + ".rels")))
        except KeyError:
            return found
        for rel in root.iter(PKG_REL):
            if rel.get("Type", "").endswith(wanted) and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                found.append(posixpath.normpath(posixpath.join(folder, target)).lstrip("/"))
        return found

    kept = 0
    for path in paths:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            main = rels(package, "", ("/officeDocument",))[0]
            parts = [main, *rels(package, main, _BODY_RELS), *rels(package, "", _PACKAGE_RELS)]
            for name in dict.fromkeys(parts):
                if name in names:
                    kept += sum(1 for _ in etree.fromstring(package.read(name)).iter())
    return kept


def docx2python_loop(paths: list[str]) -> int:
    """docx2python: every document's text."""
    try:
        from docx2python import docx2python
    except ImportError as exc:
        raise Missing("docx2python is not installed (pip install -e '.[bench]')") from exc
    import warnings

    kept = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "numbering format not implemented" and the like
        for path in paths:
            with docx2python(path) as result:
                kept += len(result.text)
    return kept


def mammoth_loop(paths: list[str]) -> int:
    """mammoth: every document converted to HTML (what it is for)."""
    try:
        import mammoth
    except ImportError as exc:
        raise Missing("mammoth is not installed (pip install -e '.[bench]')") from exc
    kept = 0
    for path in paths:
        with open(path, "rb") as handle:
            kept += len(mammoth.convert_to_html(handle).value)
    return kept


def python_docx_loop(paths: list[str]) -> int:
    """A naive python-docx script: open, walk the paragraphs with their style names."""
    import docx

    kept = 0
    for path in paths:
        document = docx.Document(path)
        for paragraph in document.paragraphs:
            style = paragraph.style
            kept += len(style.name or "" if style is not None else "") + len(paragraph.text)
    return kept


def pandoc_loop(paths: list[str]) -> int:
    """``pandoc -t json FILE`` for each document (pandoc reads one document per run)."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        raise Missing("pandoc is not installed (apt-get install pandoc)")
    kept = 0
    for path in paths:
        done = subprocess.run(
            [pandoc, "-f", "docx", "-t", "json", path], capture_output=True, check=True
        )
        kept += len(done.stdout)
    return kept


CONTENDERS: dict[str, Callable[[list[str]], int]] = {
    "floor": floor,
    "parts": parts_floor,
    "docx2python": docx2python_loop,
    "mammoth": mammoth_loop,
    "python-docx": python_docx_loop,
    "pandoc": pandoc_loop,
}


def available(name: str) -> str | None:
    """None when the reader can run here, else why not."""
    try:
        if name == "docx2python":
            import docx2python  # noqa: F401
        elif name == "mammoth":
            import mammoth  # noqa: F401
        elif name == "pandoc" and shutil.which("pandoc") is None:
            return "pandoc is not installed (apt-get install pandoc)"
    except ImportError:
        return f"{name} is not installed (pip install -e '.[bench]')"
    return None


def main(argv: list[str]) -> int:
    name, list_file = argv
    with open(list_file, encoding="utf-8") as handle:
        paths = [line.rstrip("\n") for line in handle if line.strip()]
    try:
        CONTENDERS[name](paths)
    except Missing as exc:
        print(exc, file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
