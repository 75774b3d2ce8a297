"""``--format json``: the contract's Check JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..checking import CheckReport
    from . import ReportOptions


def write(report: CheckReport, options: ReportOptions) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
