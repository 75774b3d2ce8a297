"""``--format sarif``: SARIF 2.1.0 for code-scanning tools (GitHub, Azure DevOps, VS Code).

One run; the driver lists every registered rule with its help text; one result
a finding (and one for each unreadable document), each with a stable
``partialFingerprints`` entry that survives edits above the finding.
"""

from __future__ import annotations

import json
import os
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from .._version import __version__
from ..baseline import fingerprint
from ..kinds import LOWEST_PRIORITY
from ..records import Finding
from ..rules.catalogue import rule_text

if TYPE_CHECKING:
    from ..checking import CheckReport
    from ..rules.base import Rule
    from . import ReportOptions

SCHEMA: Final = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS: Final = {"error": "error", "warning": "warning", "info": "note"}
_BASE_ID: Final = "%SRCROOT%"
FINGERPRINT_KEY: Final = "policykit/v1"


def _uri(path: str) -> tuple[str, str | None]:
    """(uri, uriBaseId): relative paths stay relative to the working folder."""
    if os.path.isabs(path):
        return Path(path).as_uri(), None
    posix = Path(os.path.normpath(path)).as_posix()
    return urllib.parse.quote(posix), _BASE_ID


def _rule(rule: Rule) -> dict[str, Any]:
    sections = rule.doc_sections()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": sections.get("What it does", rule.summary)},
        "help": {"text": rule_text(rule), "markdown": rule_text(rule)},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {"tags": [rule.origin]},
    }


def _location(path: str, section: str | None, paragraph: int | None) -> dict[str, Any]:
    uri, base = _uri(path)
    artifact: dict[str, Any] = {"uri": uri}
    if base is not None:
        artifact["uriBaseId"] = base
    loc: dict[str, Any] = {"physicalLocation": {"artifactLocation": artifact}}
    names = [n for n in (section and f"§{section}", paragraph is not None and f"¶{paragraph}") if n]
    if names:
        loc["logicalLocations"] = [{"fullyQualifiedName": ":".join(str(n) for n in names)}]
    return loc


def write(report: CheckReport, options: ReportOptions) -> str:
    rules = list(options.registry)
    index = {r.code: i for i, r in enumerate(rules)}
    results: list[dict[str, Any]] = []
    # the highest-stakes kinds first (child protection before homework), then as found
    for doc in sorted(report.documents, key=lambda d: d.priority or LOWEST_PRIORITY):
        if doc.error is not None:
            err = Finding(doc.error.code, "", doc.error.severity, doc.error.message, key="error")
            results.append(_result(doc.path, err, index, doc.priority))
        for f in doc.findings:
            results.append(_result(doc.path, f, index, doc.priority))
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "policykit",
                "version": __version__,
                "informationUri": "https://pypi.org/project/policykit/",
                "rules": [_rule(r) for r in rules],
            }
        },
        "originalUriBaseIds": {_BASE_ID: {"uri": Path.cwd().as_uri() + "/"}},
        "invocations": [{"executionSuccessful": True}],
        "properties": {"asOf": report.as_of.isoformat()},
        "results": results,
    }
    sarif = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"


def _rank(priority: int | None) -> float:
    """SARIF's rank (0-100, higher first) from the kind's priority: 1 -> 100, 5 -> 0."""
    return float((LOWEST_PRIORITY - (priority or LOWEST_PRIORITY)) * 25)


def _result(
    path: str, f: Finding, index: dict[str, int], priority: int | None = None
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.code,
        "level": _LEVELS[f.severity],
        "rank": _rank(priority),
        "message": {"text": f.message},
        "locations": [_location(path, f.section, f.paragraph)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(f)},
        "properties": {"section": f.section, "paragraph": f.paragraph, "kindPriority": priority},
    }
    if f.code in index:
        result["ruleIndex"] = index[f.code]
    return result
