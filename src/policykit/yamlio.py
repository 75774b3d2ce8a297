"""Reading YAML safely, with libyaml when PyYAML was built with it (six times faster).

Kind files, the outdated-references table and render sources are YAML. The C
loader builds exactly what ``yaml.safe_load`` builds (the same safe
constructor); without libyaml the pure-Python safe loader is used.
"""

from __future__ import annotations

from typing import Any

import yaml

YAMLError = yaml.YAMLError

_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """``yaml.safe_load``, through libyaml when available. Raises :class:`YAMLError`."""
    return yaml.load(text, Loader=_SafeLoader)  # the safe constructor, in C or Python
