"""Policy kinds are data files, validated on load."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from policykit.errors import KindError
from policykit.kinds import get_kind, load_kind_file, normalise

KIND = get_kind("community-cohesion")


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Rationale", "rationale"),
        ("1. Introduction", "rationale"),
        ("2) Aims", "aims"),
        ("Section 3: Aims and Objectives", "aims"),
        ("AIMS & OBJECTIVES:", "aims"),
        ("1.1 Procedures", "procedures"),
        ("What is community cohesion?", "definition"),
        ("How we promote community cohesion", "procedures"),
        ("Roles and Responsibilities", "roles"),
        ("Monitoring, Evaluation and Review", "review"),
        ("Monitoring and review of this policy", "review"),
        ("Aims of the policy", "aims"),
        ("Version control", "history"),
        ("Community Cohesion: what does it mean for John Clifford School?", "rationale"),
        ("What do we need to consider in promoting community cohesion?", "procedures"),
        ("Links with other policies", None),
        ("Equal opportunities", None),
        ("Teaching and learning", None),
    ],
)
def test_headings_match_the_catalogue(heading: str, expected: str | None) -> None:
    assert KIND.match_heading(heading) == expected


def test_normalise_ignores_numbering_case_punctuation_and_ampersand() -> None:
    assert normalise("  3.2) Aims & Objectives: ") == "aims and objectives"
    assert normalise("Section 4 - Review") == "review"
    assert normalise("‘Our Values’") == "our values"


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("Date approved", "approved"),
        ("Date approved by Full Governing Body", "approved"),
        ("Ratified", "approved"),
        ("Review Date", "review_due"),
        ("Date of next review", "review_due"),
        ("Last reviewed", "last_reviewed"),
        ("Governor Link", "people.link_governor"),
        ("Author", "people.author"),
        ("Approved by", "people.approved_by"),
        ("Favourite colour", None),
    ],
)
def test_metadata_labels(label: str, field: str | None) -> None:
    assert KIND.labels.field_for(label) == field


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("This policy will be reviewed annually.", 12),
        ("The policy is reviewed every two years by governors.", 24),
        ("Reviewed biennially", 24),
        ("to be reviewed every 3 years", 36),
        ("This policy was written with care.", None),
    ],
)
def test_review_cycle_phrases(text: str, months: int | None) -> None:
    found = KIND.find_review_cycle(text)
    assert (found[0] if found else None) == months


def _write_kind(tmp_path: Path, data: object, name: str = "anti-bullying") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _valid() -> dict[str, object]:
    return {
        "id": "anti-bullying",
        "name": "Anti-Bullying Policy",
        "title_phrases": ["anti-bullying"],
        "default_title": "Anti-Bullying Policy",
        "sections": [{"id": "aims", "required": True, "title": "Aims", "headings": ["Aims"]}],
    }


def test_a_new_kind_needs_no_code(tmp_path: Path) -> None:
    kind = load_kind_file(_write_kind(tmp_path, _valid()))
    assert kind.required == ["aims"]
    assert kind.match_heading("1. AIMS") == "aims"


def test_a_bad_kind_file_names_the_file_and_the_key(tmp_path: Path) -> None:
    data = _valid()
    data["sections"] = [
        {"id": "aims", "required": "sometimes", "title": "Aims", "headings": ["Aims"]}
    ]
    path = _write_kind(tmp_path, data)
    with pytest.raises(KindError) as info:
        load_kind_file(path)
    assert str(path) in str(info.value)
    assert "sections.0.required" in str(info.value)


def test_unknown_keys_and_bad_regexes_are_refused(tmp_path: Path) -> None:
    data = _valid()
    data["colour"] = "blue"
    with pytest.raises(KindError, match="colour"):
        load_kind_file(_write_kind(tmp_path, data))
    data = _valid()
    data["sections"] = [{"id": "aims", "title": "Aims", "headings": ["Aims"], "patterns": ["(("]}]
    with pytest.raises(KindError, match=r"sections\.0\.patterns"):
        load_kind_file(_write_kind(tmp_path, data))


def test_not_yaml_and_wrong_id_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(KindError, match=r"broken\.yaml"):
        load_kind_file(bad)
    with pytest.raises(KindError, match=r"'id'"):
        load_kind_file(_write_kind(tmp_path, _valid(), name="other-name"))


def test_unknown_kind_lists_the_known_ones() -> None:
    with pytest.raises(KindError, match="community-cohesion"):
        get_kind("no-such-kind")
