"""`policykit parse`, `policykit schema` and the package's entry points, as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from policykit.cli import main
from policykit.model import Policy, policy_json_schema

from .conftest import EXAMPLES, ROOT

WOOTTON = EXAMPLES / "wootton-park.docx"


def test_parse_json_is_the_contract_policy() -> None:
    result = CliRunner().invoke(main, ["parse", str(WOOTTON)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in (
        "kind",
        "title",
        "school",
        "approved",
        "review_due",
        "review_cycle_months",
        "reviews",
        "sections",
    ):
        assert key in data
    assert data["kind"] == "community-cohesion"
    assert data["approved"]["start"] == "2016-09-01"
    assert data["approved"]["precision"] == "month"
    Policy.model_validate(data)


def test_parse_yaml_and_text() -> None:
    as_yaml = CliRunner().invoke(main, ["parse", str(WOOTTON), "--format", "yaml"])
    assert as_yaml.exit_code == 0
    assert yaml.safe_load(as_yaml.stdout)["school"] == "Wootton Park"
    as_text = CliRunner().invoke(main, ["parse", str(WOOTTON), "--format", "text"])
    assert as_text.exit_code == 0
    assert "Community Cohesion Policy - Wootton Park" in as_text.stdout
    assert "# Procedures  [procedures]" in as_text.stdout
    assert "September 2019 (2019-09-01 to 2019-09-30)" in as_text.stdout


def test_parse_of_a_broken_file_is_a_coded_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"this is not a zip")
    result = CliRunner().invoke(main, ["parse", str(bad)])
    assert result.exit_code == 1
    assert "PK001" in result.stderr and "broken.docx" in result.stderr
    assert "Traceback" not in result.output


def test_parse_of_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["parse", str(tmp_path / "nope.docx")])
    assert result.exit_code == 2


def test_committed_json_schema_is_current() -> None:
    committed = json.loads((ROOT / "schemas" / "policy.schema.json").read_text(encoding="utf-8"))
    assert committed == policy_json_schema(), (
        "schemas/policy.schema.json is stale: run `policykit schema > schemas/policy.schema.json`"
    )


def test_schema_command_prints_the_model_schema_and_kind_schema() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert json.loads(result.stdout)["title"] == "Policy"
    kind = CliRunner().invoke(main, ["schema", "community-cohesion"])
    assert kind.exit_code == 0
    schema = json.loads(kind.stdout)
    assert schema["properties"]["kind"]["const"] == "community-cohesion"
    section_ids = schema["$defs"]["Section"]["properties"]["id"]["enum"]
    assert "rationale" in section_ids and None in section_ids
    assert schema["x-required-sections"] == ["rationale", "aims", "procedures", "review"]
    kind_file = CliRunner().invoke(main, ["schema", "--kind-file"])
    assert "sections" in json.loads(kind_file.stdout)["properties"]
    unknown = CliRunner().invoke(main, ["schema", "no-such-kind"])
    assert unknown.exit_code == 2


def test_a_kind_schema_validates_a_parsed_policy() -> None:
    import jsonschema

    schema = json.loads(CliRunner().invoke(main, ["schema", "community-cohesion"]).stdout)
    data = json.loads(CliRunner().invoke(main, ["parse", str(WOOTTON)]).stdout)
    jsonschema.validate(data, schema)
    data["sections"][0]["id"] = "not-a-section"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_python_dash_m_is_the_same_program() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "policykit", "--version"], capture_output=True, text=True, check=True
    )
    assert "policykit" in out.stdout


@pytest.mark.slow
def test_a_built_wheel_works_outside_the_source_tree(tmp_path: Path) -> None:
    """The wheel carries the built-in kinds; run from elsewhere, it parses a policy."""
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("policykit-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "policykit/schemas/community-cohesion.yaml" in names
    assert "policykit/py.typed" in names  # type checkers use policykit's own hints
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = (
        "import policykit, sys; p = policykit.parse(sys.argv[1]); "
        "print(policykit.__file__); print(p.school)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(WOOTTON)],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    module_file, school = out.stdout.split("\n")[:2]
    assert module_file.startswith(str(target))
    assert school == "Wootton Park"
