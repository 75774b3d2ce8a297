"""Configuration found upward from each document, command-line overrides, and baselines."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from policykit.checking import check
from policykit.config import ConfigFinder, load_config_file, parse_settings
from policykit.errors import ConfigError

from .test_check import AS_OF, codes_of, run_cli, write_policy


def lapsed(path: Path, school: str = "Oakfield Primary School", extra: Sequence[str] = ()) -> Path:
    """A policy approved March 2022, due March 2025: lapsed at AS_OF (PK201)."""
    return write_policy(
        path, approved="March 2022", review="March 2025", school=school, extra=extra
    )


def codes(report_json: str) -> dict[str, list[str]]:
    data = json.loads(report_json)
    return {
        Path(d["path"]).parent.name + "/" + Path(d["path"]).name: codes_of(d)
        for d in data["documents"]
    }


def test_nearest_configuration_applies_to_each_document(tmp_path: Path) -> None:
    lapsed(tmp_path / "oakfield" / "p.docx")
    lapsed(tmp_path / "riverside" / "p.docx")
    (tmp_path / "oakfield" / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.policykit]\nignore = ["PK201"]\n', encoding="utf-8"
    )
    result = run_cli("check", str(tmp_path), "--as-of", AS_OF, "--format", "json")
    found = codes(result.output)
    assert "PK201" not in found["oakfield/p.docx"]
    assert "PK201" in found["riverside/p.docx"]


def test_policykit_toml_wins_and_plain_pyproject_is_passed_over(tmp_path: Path) -> None:
    doc = lapsed(tmp_path / "trust" / "school" / "p.docx")
    (tmp_path / "trust" / "policykit.toml").write_text('ignore = ["PK2"]\n', encoding="utf-8")
    (tmp_path / "trust" / "pyproject.toml").write_text(
        '[tool.policykit]\nselect = ["PK3"]\n', encoding="utf-8"
    )
    (tmp_path / "trust" / "school" / "pyproject.toml").write_text(
        '[project]\nname = "not-policykit"\n', encoding="utf-8"
    )
    settings = ConfigFinder().for_path(doc)
    assert settings.source == str(tmp_path / "trust" / "policykit.toml")
    assert settings.ignore == ("PK2",)
    report = check(doc, as_of=AS_OF)
    assert not [f for f in report.documents[0].findings if f.code.startswith("PK2")]


def test_policykit_toml_may_use_a_tool_table(tmp_path: Path) -> None:
    path = tmp_path / "policykit.toml"
    path.write_text("[tool.policykit]\ndue-soon-days = 30\n", encoding="utf-8")
    settings = load_config_file(path)
    assert settings is not None and settings.due_soon_days == 30


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("[tool.policykit]\nselec = ['PK2']\n", "selec"),
        ("[tool.policykit]\nfail_on = 'fatal'\n", "fail_on"),
        ("[tool.policykit]\ndue_soon_days = 'two months'\n", "due_soon_days"),
        ("[tool.policykit]\ndue-soon-days = -5\n", "due-soon-days"),
        ("[tool.policykit]\nas_of = 'tomorrow'\n", "as_of"),
        ("[tool.policykit]\nselect = ['PK8']\n", "select"),
        ("[tool.policykit]\nignore = 5\n", "ignore"),
        ("[tool.policykit.severity]\nPK201 = 'fatal'\n", "severity.PK201"),
        ("[tool.policykit.severity]\nPK999 = 'info'\n", "severity"),
        ("[tool.policykit.per-path-ignores]\n'archive/*' = ['PK8']\n", "per-path-ignores"),
        ("[tool.policykit\n", "not valid TOML"),
    ],
)
def test_a_bad_key_or_value_exits_2_naming_it(tmp_path: Path, body: str, named: str) -> None:
    doc = write_policy(tmp_path / "p.docx")
    (tmp_path / "pyproject.toml").write_text(body, encoding="utf-8")
    result = run_cli("check", str(doc), "--as-of", AS_OF)
    assert result.exit_code == 2, result.output
    assert named in result.output
    assert "pyproject.toml" in result.output


def test_per_path_ignores_are_relative_to_the_configuration(tmp_path: Path) -> None:
    write_policy(tmp_path / "archive" / "2010" / "old.docx", approved="2010", review="2012")
    lapsed(tmp_path / "current" / "new.docx")
    (tmp_path / "policykit.toml").write_text(
        '[per-path-ignores]\n"archive/*" = ["PK2", "PK401"]\n"new.docx" = ["PK206"]\n',
        encoding="utf-8",
    )
    found = codes(run_cli("check", str(tmp_path), "--as-of", AS_OF, "--format", "json").output)
    assert not [c for c in found["2010/old.docx"] if c.startswith("PK2") or c == "PK401"]
    assert "PK201" in found["current/new.docx"]


def test_severity_override_changes_the_exit_code(tmp_path: Path) -> None:
    doc = lapsed(tmp_path / "p.docx")
    (tmp_path / "policykit.toml").write_text(
        '[severity]\nPK201 = "info"\nreview-cycle-mismatch = "info"\n', encoding="utf-8"
    )
    result = run_cli("check", str(doc), "--as-of", AS_OF, "--format", "json")
    data = json.loads(result.output)
    severities = {f["code"]: f["severity"] for f in data["documents"][0]["findings"]}
    assert severities["PK201"] == "info"
    assert result.exit_code == 0


def test_run_settings_come_from_the_first_paths_configuration(tmp_path: Path) -> None:
    doc = lapsed(tmp_path / "p.docx")
    (tmp_path / "policykit.toml").write_text(
        'as_of = 2024-06-01\nfail_on = "error"\ndue_soon_days = 300\n', encoding="utf-8"
    )
    data = json.loads(run_cli("check", str(doc), "--format", "json").output)
    assert data["as_of"] == "2024-06-01"
    assert "PK202" in codes_of(data["documents"][0])  # March 2025 within 300 days
    # the command line overrides the file
    result = run_cli(
        "check",
        str(doc),
        "--format",
        "json",
        "--as-of",
        AS_OF,
        "--due-soon-days",
        "0",
        "--fail-on",
        "warning",
    )
    data = json.loads(result.output)
    assert data["as_of"] == AS_OF
    assert "PK201" in codes_of(data["documents"][0])
    assert result.exit_code == 1


def test_command_line_select_replaces_and_ignore_adds(tmp_path: Path) -> None:
    doc = lapsed(tmp_path / "p.docx", school="")
    (tmp_path / "policykit.toml").write_text(
        'select = ["PK3"]\nignore = ["PK302"]\n', encoding="utf-8"
    )
    assert codes(run_cli("check", str(doc), "--as-of", AS_OF, "--format", "json").output)[
        f"{tmp_path.name}/p.docx"
    ] in (["PK303"], [])
    found = codes(
        run_cli(
            "check",
            str(doc),
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--select",
            "PK2",
            "--ignore",
            "PK206",
        ).output
    )
    assert found[f"{tmp_path.name}/p.docx"] == ["PK201"]


def test_explicit_config_file(tmp_path: Path) -> None:
    doc = lapsed(tmp_path / "docs" / "p.docx")
    config = tmp_path / "elsewhere" / "strict.toml"
    config.parent.mkdir()
    config.write_text('select = ["PK201"]\n', encoding="utf-8")
    result = run_cli(
        "check", str(doc), "--as-of", AS_OF, "--format", "json", "--config", str(config)
    )
    assert [codes_of(d) for d in json.loads(result.output)["documents"]] == [["PK201"]]


def test_parse_settings_accepts_both_spellings() -> None:
    a = parse_settings({"due-soon-days": 7, "fail-on": "error", "per-path-ignores": {"x": "PK1"}})
    b = parse_settings({"due_soon_days": 7, "fail_on": "error", "per_path_ignores": {"x": ["PK1"]}})
    assert (a.due_soon_days, a.fail_on, a.per_path_ignores) == (
        b.due_soon_days,
        b.fail_on,
        b.per_path_ignores,
    )
    with pytest.raises(ConfigError, match="known keys"):
        parse_settings({"jobs": 4})


# --------------------------------------------------------------------------- baselines


def test_baseline_hides_known_findings_and_shows_new_ones(tmp_path: Path) -> None:
    school = tmp_path / "school"
    old = lapsed(school / "old.docx")
    baseline = tmp_path / "baseline.json"
    recorded = run_cli("check", str(school), "--as-of", AS_OF, "--write-baseline", str(baseline))
    assert recorded.exit_code == 0
    assert baseline.is_file()
    assert "recorded" in recorded.output

    again = run_cli(
        "check", str(school), "--as-of", AS_OF, "--baseline", str(baseline), "--format", "json"
    )
    assert again.exit_code == 0
    data = json.loads(again.output)
    assert codes_of(data["documents"][0]) == []
    assert data["summary"]["baselined"] >= 1

    # Add outdated wording to the old policy, and a new policy: only new problems show.
    lapsed(old, extra=["Our ECM outcomes guide us."])
    lapsed(school / "new.docx")
    later = run_cli(
        "check", str(school), "--as-of", AS_OF, "--baseline", str(baseline), "--format", "json"
    )
    found = codes(later.output)
    assert found["school/old.docx"] == ["PK401"]
    assert "PK201" in found["school/new.docx"]
    assert later.exit_code == 1


def test_baseline_paths_do_not_depend_on_the_working_folder(tmp_path: Path) -> None:
    lapsed(tmp_path / "school" / "p.docx")
    baseline = tmp_path / "baseline.json"
    run_cli("check", "school", "--as-of", AS_OF, "--write-baseline", str(baseline), cwd=tmp_path)
    result = run_cli(
        "check",
        str(tmp_path / "school"),
        "--as-of",
        AS_OF,
        "--baseline",
        str(baseline),
        cwd=tmp_path / "school",
    )
    assert result.exit_code == 0, result.output


def test_a_bad_baseline_exits_2(tmp_path: Path) -> None:
    doc = write_policy(tmp_path / "p.docx")
    bad = tmp_path / "baseline.json"
    bad.write_text('{"findings": "nope"}', encoding="utf-8")
    result = run_cli("check", str(doc), "--baseline", str(bad))
    assert result.exit_code == 2
    assert "not a policykit baseline" in result.output


# --------------------------------------------------------------------------- odd files (issue 13)


def test_a_configuration_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    config = tmp_path / "policykit.toml"
    config.write_bytes(b"\xef\xbb\xbfignore = ['PK303']\n")
    settings = load_config_file(config)
    assert settings is not None and settings.ignore == ("PK303",)


def test_a_configuration_nested_too_deeply_is_a_configuration_error(tmp_path: Path) -> None:
    config = tmp_path / "policykit.toml"
    config.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"policykit\.toml.*nested too deeply"):
        load_config_file(config)
    tables = tmp_path / "deep" / "policykit.toml"
    tables.parent.mkdir()
    tables.write_text("x = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n", encoding="utf-8")
    write_policy(tables.parent / "policy.docx")
    result = run_cli("check", str(tables.parent), "--as-of", AS_OF)
    assert result.exit_code == 2
    assert "nested too deeply" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("written", "used"),
    [
        ("04/12/2026", "2026-12-04"),
        ("Autumn 2026", "2026-09-01"),
        ("2026-12-04", "2026-12-04"),
        ("4th December 2026", "2026-12-04"),
    ],
)
def test_as_of_takes_dates_as_uk_documents_write_them(
    tmp_path: Path, written: str, used: str
) -> None:
    write_policy(tmp_path / "policy.docx")
    result = run_cli("check", str(tmp_path), "--as-of", written, "--format", "json", "--no-cache")
    assert json.loads(result.output)["as_of"] == used
    text = run_cli("check", str(tmp_path), "--as-of", written, "--no-cache").output
    assert f"as of {used}" in text


def test_as_of_that_is_not_a_date_is_a_usage_error(tmp_path: Path) -> None:
    write_policy(tmp_path / "policy.docx")
    result = run_cli("check", str(tmp_path), "--as-of", "someday")
    assert result.exit_code == 2 and "is not a date" in result.output


def test_a_baseline_that_is_a_pipe_is_refused_not_waited_for(tmp_path: Path) -> None:
    import os

    write_policy(tmp_path / "docs" / "policy.docx")
    fifo = tmp_path / "baseline.json"
    os.mkfifo(fifo)
    result = run_cli("check", str(tmp_path / "docs"), "--baseline", str(fifo))
    assert result.exit_code == 2 and "not a regular file" in result.output


def test_every_key_is_documented_with_an_example_the_reader_accepts(tmp_path: Path) -> None:
    """The configuration reference is generated from these: each example must be valid."""
    import tomllib

    from policykit import config, trust
    from policykit.settingdoc import documented

    tables = (
        ("[tool.policykit]", config.Settings, config._KEYS),
        ("[tool.policykit.trust]", trust.TrustSettings, trust._TRUST_KEYS),
        ('[tool.policykit.trust.school."Oak Primary"]', trust.SchoolSettings, trust._SCHOOL_KEYS),
    )
    for table, cls, known in tables:
        docs = documented(cls)
        assert [d.name.replace("-", "_") for d in docs] == list(known)
        for doc in docs:
            assert len(doc.doc) > 20, doc.name
            text = doc.example if doc.example.startswith("[") else f"{table}\n{doc.example}"
            settings = parse_settings(
                tomllib.loads(text)["tool"]["policykit"], "pyproject.toml", str(tmp_path)
            )
            assert settings != config.Settings(source="pyproject.toml", root=str(tmp_path)), (
                f"{doc.name}: the example sets nothing"
            )
