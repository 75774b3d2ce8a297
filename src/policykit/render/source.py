"""Structured sources: a Policy from YAML or JSON, as ``parse --format json|yaml`` writes it.

Hand-written sources may be shorter: a date may be its text (``approved:
Autumn 2021`` or ``2026-09-01``), a block may be a plain string (a paragraph),
a list item a plain string, and a section may leave out ``id`` (taken from
its heading, as the parser would) and ``level`` (one below its parent).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path

from pydantic import ValidationError

from .. import dates, yamlio
from ..errors import KindError
from ..fields import date_fields
from ..kinds import GENERIC_KIND, Kind, get_kind
from ..model import Policy, PolicyDate
from .errors import RenderError


def read_source(path: Path) -> object:
    """The data in a .yaml/.yml/.json file (RenderError naming the file if it cannot be read)."""
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise RenderError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise RenderError(f"{path}: not UTF-8 text ({exc})") from exc
    try:
        if suffix == ".json":
            return json.loads(text)
        if suffix in (".yaml", ".yml"):
            return yamlio.safe_load(text)
    except (json.JSONDecodeError, yamlio.YAMLError) as exc:
        raise RenderError(f"{path}: not valid {suffix[1:].upper()}: {exc}") from exc
    raise RenderError(f"{path}: expected a .yaml, .yml or .json file")


def load_policy(path: Path) -> Policy:
    """A Policy from a YAML or JSON file."""
    return policy_from_data(read_source(path), str(path))


def policy_from_data(data: object, where: str = "source") -> Policy:
    """A Policy from parsed YAML/JSON data, accepting the shorter hand-written forms."""
    if not isinstance(data, Mapping):
        raise RenderError(f"{where}: expected a mapping of Policy fields at the top")
    raw = dict(data)
    raw.setdefault("kind", GENERIC_KIND)
    try:
        kind = get_kind(str(raw["kind"]))
    except KindError as exc:
        raise RenderError(f"{where}: {exc}") from exc
    problems: list[str] = []
    for name in date_fields():
        if name in raw:
            raw[name] = coerce_date(raw[name], name, problems)
    reviews = raw.get("reviews")
    if isinstance(reviews, list):
        raw["reviews"] = [_review(r, i, problems) for i, r in enumerate(reviews)]
    for key in ("preamble",):
        if isinstance(raw.get(key), list):
            raw[key] = [_block(b) for b in raw[key]]
    if isinstance(raw.get("sections"), list):
        raw["sections"] = [_section(s, kind, 1) for s in raw["sections"]]
    if problems:
        raise RenderError(f"{where}: " + "; ".join(problems))
    try:
        return Policy.model_validate(raw)
    except ValidationError as exc:
        details = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise RenderError(f"{where}: not a valid policy: {details}") from exc


def coerce_date(value: object, name: str, problems: list[str]) -> object:
    """A date field's value as PolicyDate data: text and ISO dates are read as dates."""
    if value is None or isinstance(value, (Mapping, PolicyDate)):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return dates.make_date(value, "day")
    text = str(value).strip()
    found = read_date(text)
    if found is None:
        problems.append(f"{name}: {text!r} is not a date")
        return None
    return found


def read_date(text: str) -> PolicyDate | None:
    """A date as a user gives it; ISO days (2026-09-01) are written the school way."""
    try:
        return dates.make_date(dt.date.fromisoformat(text), "day")
    except ValueError:
        return dates.parse_date(text)


def _review(value: object, index: int, problems: list[str]) -> object:
    if isinstance(value, Mapping):
        out = dict(value)
        if "date" in out:
            out["date"] = coerce_date(out["date"], f"reviews[{index}].date", problems)
        return out
    return {"date": coerce_date(value, f"reviews[{index}]", problems)}


def _block(value: object) -> object:
    if isinstance(value, str):
        return {"type": "paragraph", "text": value}
    if isinstance(value, Mapping):
        out = dict(value)
        if "type" not in out:
            if "items" in out:
                out["type"] = "list"
            elif "rows" in out:
                out["type"] = "table"
            elif "text" in out:
                out["type"] = "paragraph"
        if out.get("type") == "list" and isinstance(out.get("items"), list):
            out["items"] = [_item(i) for i in out["items"]]
        if out.get("type") == "table" and isinstance(out.get("rows"), list):
            out["rows"] = [
                [_cell(c) for c in row] if isinstance(row, list) else row for row in out["rows"]
            ]
        return out
    return value


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, (int, float, dt.date)):
        return str(value)
    return value


def _item(value: object) -> object:
    if isinstance(value, str):
        return {"text": value, "items": []}
    if isinstance(value, Mapping):
        out = dict(value)
        if isinstance(out.get("items"), list):
            out["items"] = [_item(i) for i in out["items"]]
        return out
    return value


def _section(value: object, kind: Kind, level: int) -> object:
    if not isinstance(value, Mapping):
        return value
    out = dict(value)
    heading = out.get("heading")
    if "id" not in out and isinstance(heading, str):
        out["id"] = kind.match_heading(heading)
    out.setdefault("level", level)
    own = out["level"] if isinstance(out["level"], int) else level
    if isinstance(out.get("blocks"), list):
        out["blocks"] = [_block(b) for b in out["blocks"]]
    if isinstance(out.get("sections"), list):
        out["sections"] = [_section(s, kind, own + 1) for s in out["sections"]]
    return out
