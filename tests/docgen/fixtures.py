"""pytest fixture: ~60 generated policies (20 per producer), once per session.

Use from tests/conftest.py::

    from .docgen.fixtures import generated_policies  # noqa: F401
"""

from __future__ import annotations

import pytest

from . import Case, generate

SEED = 20240901
COUNT = 60

_cache: dict[tuple[int, int], list[Case]] = {}


@pytest.fixture(scope="session")
def generated_policies(tmp_path_factory: pytest.TempPathFactory) -> list[Case]:
    """The generated cases (a producer whose tool is missing is left out, with a warning).

    Cached at module level too, so that registering the fixture in more than
    one place (conftest and a test module) still generates only once.
    """
    key = (SEED, COUNT)
    if key not in _cache:
        _cache[key] = generate(tmp_path_factory.mktemp("generated-policies"), COUNT, SEED)
    return _cache[key]
