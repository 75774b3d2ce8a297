"""What a check finds, as plain records: the bottom of the checking layers.

A :class:`Finding` is one problem in one document; a :class:`DocumentReport`
is one document's result (its findings, or the :class:`ErrorRecord` of why it
could not be read, and the register's columns); a :class:`CheckReport` is a
whole run, and a :class:`Tally` the counts of its summary.

Each record has ONE JSON form, written by ``to_dict()`` and read back by
``from_dict()``: the contract's Check JSON (``../shared/CONTRACT.md``), plus,
with ``internal=True``, the few fields a run needs to carry a result between
processes and runs (a finding's stable ``key``, an error's configured
severity). The result cache stores exactly that form.

This module imports nothing of policykit but the model: rules, checking, the
cache, configuration and reports all build on it, and it on none of them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from .model import PolicyDate

__all__ = [
    "DEFAULT_FAIL_ON",
    "SEVERITIES",
    "SEVERITY_RANK",
    "CheckReport",
    "DocumentReport",
    "ErrorRecord",
    "Finding",
    "Severity",
    "Tally",
    "at_least",
    "display_path",
]

Severity = Literal["error", "warning", "info"]
SEVERITIES: Final[tuple[Severity, ...]] = ("error", "warning", "info")
SEVERITY_RANK: Final[dict[str, int]] = {"info": 0, "warning": 1, "error": 2}
DEFAULT_FAIL_ON: Final[Severity] = "warning"
NOT_CHECKED: Final = "not-checked"  # the status of a file listed unread (PK006)


def at_least(severity: str, level: str) -> bool:
    """True when ``severity`` is ``level`` or more serious."""
    return SEVERITY_RANK[severity] >= SEVERITY_RANK[level]


def _severity(value: object) -> Severity:
    if value == "error" or value == "warning" or value == "info":
        return value
    raise ValueError(f"not a severity: {value!r}")


def _optional_str(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise ValueError(f"not text: {value!r}")


def _str(value: object) -> str:
    if isinstance(value, str):
        return value
    raise ValueError(f"not text: {value!r}")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one document: the contract's Finding JSON plus a stable key.

    ``key`` identifies the problem independently of the run's date and of the
    paragraph numbering (baselines and SARIF fingerprints use it).
    """

    code: str
    name: str
    severity: Severity
    message: str
    section: str | None = None
    paragraph: int | None = None
    key: str = field(default="", compare=False)

    def to_dict(self, internal: bool = False) -> dict[str, Any]:
        """The contract's Finding JSON (with ``internal``, also the key)."""
        out: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "section": self.section,
            "paragraph": self.paragraph,
        }
        if internal:
            out["key"] = self.key
        return out

    @classmethod
    def from_dict(cls, data: Any) -> Finding:
        """A finding from :meth:`to_dict`'s form (ValueError when it is not one)."""
        if not isinstance(data, dict):
            raise ValueError("a finding is an object")
        paragraph = data.get("paragraph")
        if paragraph is not None and (
            isinstance(paragraph, bool) or not isinstance(paragraph, int)
        ):
            raise ValueError("bad paragraph")
        message = _str(data["message"])
        return cls(
            _str(data["code"]),
            _str(data["name"]),
            _severity(data["severity"]),
            message,
            _optional_str(data.get("section")),
            paragraph,
            key=_optional_str(data.get("key")) or message,
        )

    @property
    def location(self) -> str:
        """``§section:¶N`` (the parts known), or an empty string."""
        parts = []
        if self.section is not None:
            parts.append(f"§{self.section}")
        if self.paragraph is not None:
            parts.append(f"¶{self.paragraph}")
        return ":".join(parts)


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """Why a document could not be checked: ``{"code": "PK00x", "message": ...}``."""

    code: str
    message: str
    severity: Severity = "error"
    counts: bool = True  # False when the code is ignored: shown, but does not fail the run

    def to_dict(self, internal: bool = False) -> dict[str, Any]:
        """The contract's error JSON (with ``internal``, also severity and counts)."""
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if internal:
            out["severity"] = self.severity
            out["counts"] = self.counts
        return out

    @classmethod
    def from_dict(cls, data: Any) -> ErrorRecord:
        """An error from :meth:`to_dict`'s form (ValueError when it is not one)."""
        if not isinstance(data, dict):
            raise ValueError("an error is an object")
        counts = data.get("counts", True)
        if not isinstance(counts, bool):
            raise ValueError("bad counts")
        return cls(
            _str(data["code"]),
            _str(data["message"]),
            _severity(data.get("severity", "error")),
            counts,
        )


def display_path(path: str) -> str:
    """A path as reports show it: valid UTF-8 even for names that are not.

    A file name in another encoding (Latin-1 names on an old shared drive)
    reaches Python as lone surrogates; reports show its bytes as ``\\xe9``.
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "surrogateescape")
        return raw.decode("utf-8", "backslashreplace")
    return path


def _date_dict(value: PolicyDate | None) -> dict[str, Any] | None:
    return None if value is None else value.model_dump(mode="json")


def _date_of(value: Any) -> PolicyDate | None:
    return None if value is None else PolicyDate.model_validate(value)


@dataclass(slots=True)
class DocumentReport:
    """One document's result: the contract's document record plus register columns."""

    path: str
    kind: str | None = None
    findings: list[Finding] = field(default_factory=list)
    error: ErrorRecord | None = None
    # the kind's stakes, 1 (highest: child protection) .. 5 (lowest); reports order by it
    priority: int | None = None
    title: str | None = None
    school: str | None = None
    approved: PolicyDate | None = None
    review_due: PolicyDate | None = None
    status: str = "unchecked"
    baselined: int = 0
    # For the trust's reports (not in the contract's JSON): where each located finding is
    # in Word terms, paragraph -> (section heading as written, the paragraph's first words),
    # and the people the document names (approver, link governor ...).
    places: dict[int, tuple[str | None, str]] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)
    # The document against its kind's model policy (when one is configured): each section
    # that differs, as ``policykit compare --format json`` gives it (the dashboard shows it).
    model_diff: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self, internal: bool = False) -> dict[str, Any]:
        """The contract's document record (``internal``: as the cache keeps it)."""
        record = self._record(internal)
        if internal:
            record["places"] = [[i, heading, words] for i, (heading, words) in self.places.items()]
            record["people"] = dict(self.people)
            if self.model_diff:
                record["model_diff"] = self.model_diff
        return record

    def _record(self, internal: bool) -> dict[str, Any]:
        return {
            "path": self.path,
            "kind": self.kind,
            "priority": self.priority,
            "findings": [f.to_dict(internal) for f in self.findings],
            "error": None if self.error is None else self.error.to_dict(internal),
            "title": self.title,
            "school": self.school,
            "approved": _date_dict(self.approved),
            "review_due": _date_dict(self.review_due),
            "status": self.status,
        }

    @classmethod
    def from_dict(cls, data: Any, path: str | None = None) -> DocumentReport:
        """A report from :meth:`to_dict`'s form; ``path`` replaces the stored one."""
        if not isinstance(data, dict):
            raise ValueError("a document report is an object")
        findings = data.get("findings")
        if not isinstance(findings, list):
            raise ValueError("bad findings")
        error = data.get("error")
        return cls(
            path=_str(data["path"]) if path is None else path,
            kind=_optional_str(data.get("kind")),
            findings=[Finding.from_dict(f) for f in findings],
            error=None if error is None else ErrorRecord.from_dict(error),
            priority=_optional_int(data.get("priority")),
            title=_optional_str(data.get("title")),
            school=_optional_str(data.get("school")),
            approved=_date_of(data.get("approved")),
            review_due=_date_of(data.get("review_due")),
            status=_str(data.get("status", "unchecked")),
            places=_places_of(data.get("places", [])),
            people=_people_of(data.get("people", {})),
            model_diff=_model_diff_of(data.get("model_diff", [])),
        )

    def failing(self, fail_on: Severity) -> bool:
        """True when the error or a finding is at or above ``fail_on``."""
        if self.error is not None and self.error.counts and at_least(self.error.severity, fail_on):
            return True
        return any(at_least(f.severity, fail_on) for f in self.findings)


def _optional_int(value: Any) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("expected an integer or null")
    return value


def _places_of(value: Any) -> dict[int, tuple[str | None, str]]:
    if not isinstance(value, list):
        raise ValueError("bad places")
    found: dict[int, tuple[str | None, str]] = {}
    for item in value:
        if not isinstance(item, list) or len(item) != 3:
            raise ValueError("bad place")
        index, heading, words = item
        if not isinstance(index, int) or not isinstance(words, str):
            raise ValueError("bad place")
        found[index] = (None if heading is None else str(heading), words)
    return found


def _model_diff_of(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValueError("bad model_diff")
    return value


def _people_of(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError("bad people")
    return {str(k): str(v) for k, v in value.items()}


@dataclass(slots=True)
class Tally:
    """The counts of a run's summary, kept as documents arrive.

    A run that does not keep its documents (the streamed reports) keeps this
    instead, so its memory stays flat however many documents it checks.
    """

    fail_on: Severity = DEFAULT_FAIL_ON
    documents: int = 0
    with_findings: int = 0
    unreadable: int = 0
    not_checked: int = 0  # policy-like files policykit does not read (PK006)
    findings: int = 0
    baselined: int = 0
    failed: bool = False
    by_severity: Counter[str] = field(
        default_factory=lambda: Counter({s: 0 for s in ("error", "warning", "info")})
    )
    by_code: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, documents: Iterable[DocumentReport], fail_on: Severity) -> Tally:
        """The tally of finished documents."""
        tally = cls(fail_on)
        for document in documents:
            tally.add(document)
        return tally

    def add(self, doc: DocumentReport) -> None:
        """Count one more document (a school's folder record, PK501/PK502, is not one)."""
        if doc.status != "school":
            self.documents += 1
            self.statuses[doc.status] += 1
        for f in doc.findings:
            self.by_severity[f.severity] += 1
            self.by_code[f.code] += 1
        if doc.error is not None:
            self.by_code[doc.error.code] += 1
            if doc.status == NOT_CHECKED:
                self.not_checked += 1
            else:
                self.unreadable += 1
        if doc.findings:
            self.with_findings += 1
            self.findings += len(doc.findings)
        self.baselined += doc.baselined
        self.failed = self.failed or doc.failing(self.fail_on)

    def summary(self) -> dict[str, Any]:
        """The Check JSON's ``summary``."""
        return {
            "documents": self.documents,
            "documents_with_findings": self.with_findings,
            "unreadable": self.unreadable,
            "not_checked": self.not_checked,
            "findings": self.findings,
            "by_severity": dict(self.by_severity),
            "by_code": dict(sorted(self.by_code.items())),
            "status": dict(sorted(self.statuses.items())),
            "baselined": self.baselined,
            "fail_on": self.fail_on,
            "failed": self.failed,
        }


@dataclass(slots=True)
class CheckReport:
    """A whole run: the contract's Check JSON (``to_dict``) and the exit decision.

    ``tally`` is set by a run that did not keep its documents (``documents`` is
    then empty): the summary and the exit decision come from it.
    """

    as_of: dt.date
    documents: list[DocumentReport]
    fail_on: Severity = DEFAULT_FAIL_ON
    tally: Tally | None = field(default=None, repr=False)
    # The run's schools x kinds (a policykit.trust.TrustView; typed loosely: records sit
    # below the trust model and import none of it).
    trust: object | None = field(default=None, repr=False)

    def _tally(self) -> Tally:
        return self.tally if self.tally is not None else Tally.of(self.documents, self.fail_on)

    @property
    def failed(self) -> bool:
        """True when a finding (or an unreadable document) is at or above ``fail_on``."""
        if self.tally is not None:
            return self.tally.failed
        return any(doc.failing(self.fail_on) for doc in self.documents)

    def summary(self) -> dict[str, Any]:
        """The Check JSON's ``summary``."""
        return self._tally().summary()

    def to_dict(self) -> dict[str, Any]:
        """The contract's Check JSON."""
        return {
            "as_of": self.as_of.isoformat(),
            "documents": [d.to_dict() for d in self.documents],
            "summary": self.summary(),
        }

    def exit_code(self, exit_zero: bool = False) -> int:
        """0, or 1 when the run failed (never 1 with ``exit_zero``)."""
        return 0 if exit_zero or not self.failed else 1
