"""``generate``: one policy per row of a CSV file, each row on its own.

A row that cannot be made (a missing value, a date that is not a date, a
clashing file name) is reported with its line number; the other rows are
still written.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..files import read_small
from .api import render
from .errors import RenderError
from .files import same_file
from .templates import Template, fill_template

FILE_COLUMNS = ("file", "filename", "output")


@dataclass(slots=True)
class RowOutcome:
    line: int  # line of the CSV file (the header is line 1)
    path: Path | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Outcome:
    rows: list[RowOutcome] = field(default_factory=list)


def column_name(header: str) -> str:
    """ "School name" -> "school_name"; "Approved" -> "approved"."""
    return re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")


def slug(text: str) -> str:
    """A file-name-safe form: "St Mary's C of E School" -> "st-marys-c-of-e-school"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """(column names, [(line, values)]) of a CSV file; blank rows are skipped."""
    try:
        text = read_small(path).decode("utf-8-sig")
        with io.StringIO(text, newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise RenderError(f"{path}: empty CSV file (a header row of names is needed)")
            names = [column_name(h) for h in header]
            rows: list[tuple[int, dict[str, str]]] = []
            for cells in reader:
                if not any(c.strip() for c in cells):
                    continue
                values = {n: c.strip() for n, c in zip(names, cells, strict=False) if n}
                rows.append((reader.line_num, values))
    except OSError as exc:
        raise RenderError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise RenderError(f"{path}: not a readable UTF-8 CSV file: {exc}") from exc
    return names, rows


def _file_name(values: Mapping[str, str], template: Template, school: str | None) -> str:
    for column in FILE_COLUMNS:
        given = values.get(column, "").strip()
        if given:
            name = os.path.basename(given)
            return name if name.lower().endswith(".docx") else f"{name}.docx"
    stem = slug(school or "") or "policy"
    kind = str(template.data.get("kind") or "policy")
    return f"{stem}-{kind}.docx"


def generate(
    template: Template,
    data_file: Path,
    out_dir: Path,
    common: Mapping[str, str],
    house_style: str | os.PathLike[str] | None = None,
) -> Outcome:
    """Fill ``template`` once per CSV row and write each policy into ``out_dir``."""
    _, rows = read_rows(data_file)
    if not rows:
        raise RenderError(f"{data_file}: no rows below the header")
    out_dir.mkdir(parents=True, exist_ok=True)
    reads = [Path(p) for p in (data_file, template.source, house_style) if p and Path(p).is_file()]
    outcome = Outcome()
    taken: dict[str, int] = {}
    for line, row in rows:
        result = RowOutcome(line)
        outcome.rows.append(result)
        values = {**common, **{k: v for k, v in row.items() if v and k not in FILE_COLUMNS}}
        try:
            filled = fill_template(template, values)
            name = _file_name(row, template, filled.policy.school)
            if name in taken:
                raise RenderError(f"{name} is also the file of line {taken[name]}")
            taken[name] = line
            onto = next((p for p in reads if same_file(out_dir / name, p)), None)
            if onto is not None:
                raise RenderError(f"{name}: refusing to write over {onto}, which this run reads")
            written = render(filled.policy, out_dir / name, house_style)
        except RenderError as exc:
            result.error = str(exc).replace(f"{template.source}: ", "")
            continue
        result.path = written.path
        result.warnings = filled.warnings + written.warnings
    return outcome
