"""Policy -> .docx: the steps put together, and ``normalize`` (parse, then render)."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KindError
from ..files import write_atomic
from ..kinds import GENERIC_KIND, Kind, get_kind
from ..model import Policy
from . import layout as layout_mod
from . import package, pages, styles
from .document import BodyWriter, needed_styles
from .files import same_file
from .house import open_house_style, text_width
from .numbering import ListNumbering

PathLike = str | os.PathLike[str]


@dataclass(slots=True)
class Rendered:
    """A rendered document: its bytes and what could not be written as it was."""

    data: bytes
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RenderResult:
    """What :func:`render` wrote."""

    path: Path
    warnings: list[str] = field(default_factory=list)
    backup: Path | None = None


def _kind(policy: Policy, warnings: list[str]) -> Kind:
    try:
        return get_kind(policy.kind)
    except KindError:
        warnings.append(f"unknown policy kind {policy.kind!r}: labels of {GENERIC_KIND!r} used")
        return get_kind(GENERIC_KIND)


def render_bytes(policy: Policy, template: PathLike | None = None) -> Rendered:
    """The .docx bytes of ``policy`` in the house style of ``template`` (a reference .docx)."""
    warnings: list[str] = []
    kind = _kind(policy, warnings)
    plan = layout_mod.plan(policy, kind)
    warnings.extend(plan.warnings)
    document = open_house_style(template)
    warnings.extend(styles.ensure(document, needed_styles(policy, plan)))
    width = text_width(document)
    BodyWriter(document, ListNumbering(document.part), warnings, width, kind).write(policy, plan)
    values = placeholder_values(policy, kind)
    pages.write_headers_and_footers(document, plan, values, width)
    package.set_core_properties(
        document,
        title=policy.title or "",
        subject=policy.kind,
        author=policy.people.get("author") or policy.school or "",
        created=layout_mod.created_stamp(policy),
        modified=layout_mod.stamp(policy),
    )
    package.set_custom_properties(document, custom_properties(policy))
    buffer = io.BytesIO()
    document.save(buffer)
    return Rendered(package.deterministic_zip(buffer.getvalue()), warnings)


def placeholder_values(policy: Policy, kind: Kind) -> dict[str, str]:
    """Values for ``{{ name }}`` placeholders in a house style's headers and footers."""
    months = policy.review_cycle_months
    values = {
        "school": policy.school or "",
        "title": policy.title or "",
        "kind": policy.kind,
        "approved": policy.approved.text if policy.approved else "",
        "review_due": policy.review_due.text if policy.review_due else "",
        "review_cycle": layout_mod.cycle_phrase(kind, months) if months else "",
    }
    values.update({role: name for role, name in policy.people.items()})
    return values


def custom_properties(policy: Policy) -> list[package.CustomProperty]:
    """docProps/custom.xml: the policy's kind, approval and review dates."""
    props: list[package.CustomProperty] = [("Policy kind", "text", policy.kind)]
    if policy.school:
        props.append(("School", "text", policy.school))
    if policy.approved is not None:
        props.append(("Approved", "text", policy.approved.text))
        props.append(("Approved on", "date", f"{policy.approved.start.isoformat()}T00:00:00Z"))
    if policy.review_due is not None:
        props.append(("Review due", "text", policy.review_due.text))
        props.append(("Review due by", "date", f"{policy.review_due.end.isoformat()}T00:00:00Z"))
    if policy.review_cycle_months is not None:
        props.append(("Review cycle (months)", "int", str(policy.review_cycle_months)))
    return props


def render(policy: Policy, path: PathLike, template: PathLike | None = None) -> RenderResult:
    """Write ``policy`` to ``path`` as a .docx (atomically), in ``template``'s house style."""
    rendered = render_bytes(policy, template)
    target = Path(path)
    _write(target, rendered.data)
    return RenderResult(target, rendered.warnings)


def _write(target: Path, data: bytes) -> None:
    from .errors import RenderError

    try:
        write_atomic(target, data)
    except OSError as exc:
        raise RenderError(f"{target}: cannot write: {exc.strerror or exc}") from exc


def normalize(
    source: PathLike,
    path: PathLike | None = None,
    template: PathLike | None = None,
    *,
    in_place: bool = False,
    kind: str | None = None,
) -> RenderResult:
    """Parse ``source`` and write it again in the house style.

    Writing over ``source`` needs ``in_place=True``, which first copies it to a
    backup in the user's data folder (:mod:`policykit.backups`), never beside it;
    ``policykit restore`` lists and restores such backups.
    """
    from ..parsing import parse
    from .errors import RenderError

    source_path = Path(source)
    target = Path(path) if path is not None else None
    if target is None:
        if not in_place:
            raise RenderError("give an output file (-o OUT.docx), or --in-place")
        target = source_path
    overwrite = same_file(source_path, target)
    if overwrite and not in_place:
        raise RenderError(
            f"{target} is the input document: refusing to write over it (use --in-place, "
            "which keeps a backup)"
        )
    policy = parse(source_path, kind)
    rendered = render_bytes(policy, template)
    backup = None
    if overwrite:
        from ..backups import DOCUMENT_LIMIT
        from ..backups import backup as keep
        from ..files import read_small

        original = read_small(source_path, DOCUMENT_LIMIT)
        backup = keep(source_path, original, None, rendered.data)
    _write(target, rendered.data)
    return RenderResult(target, rendered.warnings, backup)
