"""The one table of metadata fields: each field declared once, the rest derived.

A field is one declaration (``policykit.fields``) plus its labels in data
(``data/common.yaml`` or a kind file's ``fields:``). The throwaway field below
is recognised in a Word document, carried in ``parse`` JSON and rendered.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx import Document

from policykit import kinds
from policykit.cli import main
from policykit.errors import KindError
from policykit.fields import FIELDS, FieldDef, register_field, unregister_field
from policykit.kinds import builtin_schema_dir, common_labels, get_kind, load_kind_file
from policykit.model import Policy
from policykit.parsing import parse
from policykit.render import render
from policykit.render.source import policy_from_data


def test_every_declared_field_is_in_the_model_or_people() -> None:
    attributes = set(Policy.model_fields) | {"review_cycle"}
    for f in FIELDS:
        assert f.role is not None or f.name in attributes, f.name


def test_every_declared_field_has_common_labels_and_no_label_is_undeclared() -> None:
    common = common_labels().fields
    for f in FIELDS:
        assert common.labels(f.name), f"no labels for {f.name} in data/common.yaml"
    declared_roles = {f.role for f in FIELDS if f.role}
    assert set(common.people) <= declared_roles


def test_a_kind_file_without_labels_reads_the_common_ones(tmp_path: Path) -> None:
    path = tmp_path / "lettings.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "id": "lettings",
                "name": "Lettings Policy",
                "title_phrases": ["lettings"],
                "default_title": "Lettings Policy",
                "sections": [{"id": "aims", "title": "Aims", "headings": ["Aims"]}],
            }
        ),
        encoding="utf-8",
    )
    kind = load_kind_file(path)
    assert kind.labels.field_for("Date ratified") == "approved"
    assert kind.labels.field_for("Next review date") == "review_due"
    assert kind.labels.field_for("Link governor") == "people.link_governor"
    assert kind.labels.is_history_date("Date of review")
    assert kind.find_review_cycle("reviewed every two years") is not None


def test_a_kind_file_adds_labels_to_the_common_ones(tmp_path: Path) -> None:
    path = tmp_path / "lettings.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "id": "lettings",
                "name": "Lettings Policy",
                "title_phrases": ["lettings"],
                "default_title": "Lettings Policy",
                "sections": [{"id": "aims", "title": "Aims", "headings": ["Aims"]}],
                "fields": {"approved": ["Signed off"], "people": {"bursar": ["Bursar"]}},
                "history": {"date_labels": ["Checked on"]},
                "review_cycles": [{"pattern": "\\bevery lettings season\\b", "months": 12}],
            }
        ),
        encoding="utf-8",
    )
    kind = load_kind_file(path)
    assert kind.labels.field_for("Signed off") == "approved"
    assert kind.labels.field_for("Date approved") == "approved"  # the common ones stay
    assert kind.labels.field_for("Bursar") == "people.bursar"
    assert kind.labels.is_history_date("Checked on")
    assert kind.labels.is_history_date("Date reviewed")
    assert kind.find_review_cycle("reviewed every lettings season") is not None
    assert kind.find_review_cycle("reviewed annually") is not None


def test_a_kind_file_naming_an_undeclared_field_is_refused(tmp_path: Path) -> None:
    data = yaml.safe_load((builtin_schema_dir() / "community-cohesion.yaml").read_text())
    data["fields"] = {"colour_of_cover": ["Cover colour"]}
    path = tmp_path / "community-cohesion.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(KindError, match="colour_of_cover"):
        load_kind_file(path)


def test_a_yaml_policy_with_any_date_field_as_text_renders(tmp_path: Path) -> None:
    source = tmp_path / "policy.yaml"
    source.write_text(
        "kind: community-cohesion\ntitle: Community Cohesion Policy\nschool: Oakfield School\n"
        "approved: Autumn 2023\nlast_reviewed: Autumn 2024\ncreated: Summer 2020\n",
        encoding="utf-8",
    )
    out = tmp_path / "policy.docx"
    result = CliRunner().invoke(main, ["render", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    back = parse(out)
    assert back.last_reviewed is not None and back.last_reviewed.text == "Autumn 2024"
    assert back.created is not None and back.created.text == "Summer 2020"


INSPECTED = FieldDef("inspected", "date", ("Date inspected",), "inspection date", 85)
LICENCE = FieldDef("licence_number", "text", ("Licence number",), "licence number", 86)


@pytest.fixture
def throwaway_fields(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Two fields declared for one test, with their labels in a kind file of its own."""
    register_field(INSPECTED)
    register_field(LICENCE)
    try:
        data = yaml.safe_load((builtin_schema_dir() / "community-cohesion.yaml").read_text())
        data["id"] = "inspected-cohesion"
        data["fields"] = {
            "inspected": ["Date inspected", "Inspected on"],
            "licence_number": ["Licence number"],
        }
        path = tmp_path / "inspected-cohesion.yaml"
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
        monkeypatch.setitem(kinds._registered, "inspected-cohesion", path)
        get_kind.cache_clear()
        yield path
    finally:
        unregister_field(INSPECTED.name)
        unregister_field(LICENCE.name)


def _document(path: Path) -> Path:
    doc = Document()
    doc.add_paragraph("Oakfield Primary School")
    doc.add_heading("Community Cohesion Policy", 0)
    doc.add_paragraph("Date approved: 12 September 2023")
    doc.add_paragraph("Inspected on: March 2024")
    doc.add_paragraph("Licence number: LX-2231")
    doc.add_heading("Aims", 1)
    doc.add_paragraph("We aim to bring our community together.")
    doc.save(str(path))
    return path


def test_a_new_field_is_one_declaration_plus_labels(throwaway_fields: Path, tmp_path: Path) -> None:
    kind = load_kind_file(throwaway_fields)
    policy = parse(_document(tmp_path / "in.docx"), kind)
    data = json.loads(policy.model_dump_json())
    assert data["inspected"]["start"] == "2024-03-01"
    assert data["inspected"]["end"] == "2024-03-31"
    assert data["licence_number"] == "LX-2231"
    assert data["approved"]["text"] == "12 September 2023"

    # the parse JSON reads back as a source and renders with the field's label
    again = policy_from_data(data)
    assert again.field_value("inspected") == policy.field_value("inspected")
    out = tmp_path / "out.docx"
    result = render(again, out)
    assert not result.warnings
    texts = [c.text for t in Document(str(out)).tables for row in t.rows for c in row.cells]
    assert "Date inspected" in texts and "March 2024" in texts
    assert "Licence number" in texts and "LX-2231" in texts
    back = parse(out, "inspected-cohesion")
    assert back.field_value("inspected") == policy.field_value("inspected")
    assert back.field_value("licence_number") == "LX-2231"


def test_an_undeclared_key_is_still_refused() -> None:
    with pytest.raises(ValueError, match="inspected"):
        Policy.model_validate({"kind": "community-cohesion", "inspected": "March 2024"})


def test_declaring_a_field_twice_is_an_error() -> None:
    with pytest.raises(ValueError, match="approved"):
        register_field(FieldDef("approved", "date", ("Approved",), "approval", 1))
    assert get_kind("community-cohesion").labels.field_for("Date approved") == "approved"
