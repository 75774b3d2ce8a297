"""``--format junit``: JUnit XML for CI test reports.

One test suite a document and one test case a finding (classname: the path,
name: ``CODE name``); a finding at or above the fail level is a ``failure``, an
unreadable document an ``error``, a file listed unread (PK006) a ``skipped``
case, and a document without failing findings one
passing case. Text is stripped of characters XML 1.0 cannot hold.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Final

from ..records import NOT_CHECKED, at_least
from . import location

if TYPE_CHECKING:
    from ..checking import CheckReport
    from . import ReportOptions

_NOT_XML: Final = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def write(report: CheckReport, options: ReportOptions) -> str:
    root = ET.Element("testsuites", name="policykit")
    total_tests = total_failures = total_errors = total_skipped = 0
    for doc in report.documents:
        suite = ET.SubElement(root, "testsuite", name=_clean(doc.path))
        tests = failures = errors = skipped = 0
        if doc.error is not None and doc.status == NOT_CHECKED:
            # A file listed unread (PK006) is a skipped case: not a failure, not an error.
            case = ET.SubElement(
                suite, "testcase", classname=_clean(doc.path), name=f"{doc.error.code} not-checked"
            )
            ET.SubElement(case, "skipped", message=_clean(doc.error.message))
            tests += 1
            skipped += 1
        elif doc.error is not None:
            case = ET.SubElement(
                suite, "testcase", classname=_clean(doc.path), name=f"{doc.error.code} read"
            )
            err = ET.SubElement(
                case, "error", type=doc.error.code, message=_clean(doc.error.message)
            )
            err.text = _clean(f"{doc.path}: {doc.error.code}: {doc.error.message}")
            tests += 1
            errors += 1
        notes: list[str] = []
        for f in doc.findings:
            if not at_least(f.severity, report.fail_on):
                notes.append(
                    f"{location(doc.path, f.section, f.paragraph)}: {f.severity} "
                    f"{f.code} {f.name}: {f.message}"
                )
                continue
            case = ET.SubElement(
                suite, "testcase", classname=_clean(doc.path), name=f"{f.code} {f.name}"
            )
            failure = ET.SubElement(case, "failure", type=f.code, message=_clean(f.message))
            failure.text = _clean(
                f"{location(doc.path, f.section, f.paragraph)}: {f.severity} "
                f"{f.code} {f.name}: {f.message}"
            )
            tests += 1
            failures += 1
        if tests == 0:
            ET.SubElement(suite, "testcase", classname=_clean(doc.path), name="policykit check")
            tests = 1
        if notes:
            ET.SubElement(suite, "system-out").text = _clean("\n".join(notes))
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
        if skipped:
            suite.set("skipped", str(skipped))
        total_tests, total_failures = total_tests + tests, total_failures + failures
        total_errors += errors
        total_skipped += skipped
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", str(total_errors))
    if total_skipped:
        root.set("skipped", str(total_skipped))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
