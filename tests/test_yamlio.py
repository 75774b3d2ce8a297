"""YAML through libyaml when available: the same data as PyYAML's pure-Python safe loader."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from policykit import yamlio

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted(
    [*ROOT.joinpath("schemas").rglob("*.yaml"), *ROOT.joinpath("src/policykit/data").glob("*.yaml")]
)


def test_the_shipped_yaml_files_are_found() -> None:
    names = {path.name for path in SHIPPED}
    assert {"community-cohesion.yaml", "outdated.yaml"} <= names


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_shipped_file_loads_as_the_python_safe_loader_loads_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert yamlio.safe_load(text) == yaml.load(text, Loader=yaml.SafeLoader)


def test_unsafe_tags_are_refused() -> None:
    with pytest.raises(yamlio.YAMLError):
        yamlio.safe_load("!!python/object/apply:os.system ['echo hi']")


def test_a_syntax_error_says_where() -> None:
    with pytest.raises(yamlio.YAMLError) as info:
        yamlio.safe_load("sections:\n  - id: aims\n    title: [unclosed\n")
    assert "line" in str(info.value)
