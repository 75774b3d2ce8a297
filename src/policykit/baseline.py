"""Baselines: findings recorded once, hidden from later runs (``--baseline``).

A baseline file is JSON: ``{"version": 1, "findings": [{"path", "code",
"fingerprint", "count", "message"}]}``, paths relative to the file's folder.
:func:`read_baseline` reads one, :class:`Baseline` hides the findings it
records (each entry once), and :class:`BaselineWriter` is a report sink that
records a run's findings (``--write-baseline``), written atomically at the end.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from .errors import ConfigError
from .files import read_small, write_atomic
from .records import CheckReport, DocumentReport, Finding

__all__ = [
    "BASELINE_VERSION",
    "Baseline",
    "BaselineWriter",
    "baseline_text",
    "fingerprint",
    "read_baseline",
]

BASELINE_VERSION: Final = 1


def fingerprint(finding: Finding) -> str:
    """A stable identity for a finding: code, section and key, not the paragraph number.

    Inserting a paragraph above a finding does not change it; nor does the run's date.
    """
    text = "\0".join((finding.code, finding.section or "", finding.key or finding.message))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _baseline_path(path: str, folder: str) -> str:
    return os.path.relpath(os.path.abspath(path), folder).replace(os.sep, "/")


@dataclass(slots=True)
class Baseline:
    """Findings recorded earlier, to be hidden: (document, code, fingerprint) with counts."""

    folder: str
    entries: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    _remaining: Counter[tuple[str, str, str]] = field(default_factory=Counter, repr=False)

    def __post_init__(self) -> None:
        self._remaining = Counter(self.entries)

    def split(self, path: str, findings: Iterable[Finding]) -> tuple[list[Finding], int]:
        """(findings not in the baseline, number hidden). Each entry hides one finding once."""
        doc = _baseline_path(path, self.folder)
        remaining = self._remaining
        kept: list[Finding] = []
        hidden = 0
        for finding in findings:
            key = (doc, finding.code, fingerprint(finding))
            if remaining[key] > 0:
                remaining[key] -= 1
                hidden += 1
            else:
                kept.append(finding)
        return kept, hidden


def read_baseline(path: str | os.PathLike[str]) -> Baseline:
    """Read a baseline written by :func:`baseline_text`; ConfigError if it is not one."""
    path = Path(path)
    try:
        data = json.loads(read_small(path).decode("utf-8-sig"))
        if data.get("version") != BASELINE_VERSION:
            raise ValueError(f"unsupported version {data.get('version')!r}")
        entries: Counter[tuple[str, str, str]] = Counter()
        for entry in data["findings"]:
            key = (str(entry["path"]), str(entry["code"]), str(entry["fingerprint"]))
            entries[key] += int(entry.get("count", 1))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read baseline: {exc.strerror or exc}") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"{path}: not a policykit baseline: {exc}") from exc
    except RecursionError:
        raise ConfigError(f"{path}: not a policykit baseline: nested too deeply") from None
    return Baseline(str(path.resolve().parent), entries)


def baseline_text(
    path: str | os.PathLike[str], documents: Iterable[tuple[str, list[Finding]]]
) -> str:
    """The baseline file for these (document path, findings), paths relative to its folder."""
    folder = str(Path(path).resolve().parent)
    counts: Counter[tuple[str, str, str]] = Counter()
    messages: dict[tuple[str, str, str], str] = {}
    for doc_path, findings in documents:
        rel = _baseline_path(doc_path, folder)
        for finding in findings:
            key = (rel, finding.code, fingerprint(finding))
            counts[key] += 1
            messages.setdefault(key, finding.message)
    entries = [
        {"path": p, "code": c, "fingerprint": f, "count": n, "message": messages[(p, c, f)]}
        for (p, c, f), n in sorted(counts.items())
    ]
    return (
        json.dumps({"version": BASELINE_VERSION, "findings": entries}, indent=2, ensure_ascii=False)
        + "\n"
    )


class BaselineWriter:
    """A report sink recording every document's findings in a baseline file.

    The findings are kept (not the documents) and the file is written whole,
    atomically, when the run finishes; :attr:`recorded` then says how many.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = path
        self.recorded = 0
        self._documents: list[tuple[str, list[Finding]]] = []

    def start(self, as_of: dt.date) -> None:
        """Nothing to do before the first document."""

    def add(self, document: DocumentReport) -> None:
        """Keep the document's findings."""
        if document.findings:
            self._documents.append((document.path, list(document.findings)))

    def finish(self, report: CheckReport) -> None:
        """Write the baseline file."""
        write_atomic(self.path, baseline_text(self.path, self._documents))
        self.recorded = sum(len(findings) for _, findings in self._documents)
