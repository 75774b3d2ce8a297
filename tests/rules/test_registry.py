"""The rule registry and the rule catalogue: codes, names, selectors, docs."""

from __future__ import annotations

import pytest

from policykit.errors import ConfigError
from policykit.registry import Registry
from policykit.rules import Hit, Rule, RuleContext, rule
from policykit.rules.base import DOC_SECTIONS
from policykit.rules.catalogue import catalogue_markdown, rule_text

from .helpers import (
    CONTRACT_RULES,
    REGISTRY,
    ROOT,
)

# --------------------------------------------------------------------------- the registry


def test_every_contract_rule_is_registered_with_its_name() -> None:
    assert {r.code: r.name for r in REGISTRY} == CONTRACT_RULES


@pytest.mark.parametrize("code", sorted(CONTRACT_RULES))
def test_every_rule_is_documented(code: str) -> None:
    found = REGISTRY.get(code)
    assert found is not None
    sections = found.doc_sections()
    for heading in DOC_SECTIONS:
        assert sections.get(heading), f"{code} has no '## {heading}' section"
    text = rule_text(found)
    assert text.startswith(f"# {found.name} ({code})")
    assert f"Default severity: {found.severity}" in text


def test_rules_are_found_by_code_or_name_in_any_case() -> None:
    assert REGISTRY.get("pk201") is REGISTRY.get("review-lapsed") is REGISTRY.get("PK201")
    assert REGISTRY.get("PK999") is None


def test_select_and_ignore_most_specific_wins() -> None:
    assert REGISTRY.enabled(None) == frozenset(CONTRACT_RULES)
    assert REGISTRY.enabled(["PK2"]) == {c for c in CONTRACT_RULES if c.startswith("PK2")}
    enabled = REGISTRY.enabled(["PK2"], ["PK201"])
    assert "PK201" not in enabled and "PK202" in enabled
    assert REGISTRY.enabled(["PK201"], ["PK2"]) == {"PK201"}
    assert REGISTRY.enabled(["review-lapsed", "PK4"]) == {"PK201", "PK401", "PK402"}
    assert "PK303" not in REGISTRY.enabled(None, ["missing-school"])


@pytest.mark.parametrize("selector", ["PK8", "XYZ", "no-such-rule", ""])
def test_unknown_selectors_are_errors(selector: str) -> None:
    with pytest.raises(ConfigError, match="unknown rule"):
        REGISTRY.enabled([selector])


def test_a_rule_code_or_name_cannot_be_registered_twice() -> None:
    registry = Registry.with_builtins()
    with pytest.raises(ValueError, match="already registered"):
        registry.add_rule(REGISTRY.get("PK201"))  # type: ignore[arg-type]

    @rule("TR201", "review-lapsed", "warning", "a clash")
    def clash(ctx: RuleContext) -> list[Hit]:
        return []

    with pytest.raises(ValueError, match="already used by PK201"):
        registry.add_rule(clash)


def test_rule_codes_and_names_are_validated() -> None:
    with pytest.raises(ValueError, match="code"):
        Rule("pk1", "x", "warning", "s", "d")
    with pytest.raises(ValueError, match="kebab-case"):
        Rule("TR101", "Not Kebab", "warning", "s", "d")
    with pytest.raises(ValueError, match="severity"):
        Rule("TR101", "ok-name", "fatal", "s", "d")  # type: ignore[arg-type]


def test_docs_rules_md_is_generated_from_the_registry() -> None:
    expected = catalogue_markdown(Registry.with_builtins())
    path = ROOT / "docs" / "rules.md"
    assert path.is_file(), "docs/rules.md is missing: run `python -m policykit.rules.catalogue`"
    assert path.read_text(encoding="utf-8") == expected, (
        "docs/rules.md is stale: run `python -m policykit.rules.catalogue docs/rules.md`"
    )


def test_catalogue_lists_every_rule_with_an_anchor() -> None:
    text = catalogue_markdown(REGISTRY)
    for code, name in CONTRACT_RULES.items():
        assert f"### {code} {name}" in text
        assert f"(#{code.lower()}-{name})" in text
