"""The trust view gathered while checking: each document's school, archive and what each
school must hold, with schools set differently in one run."""

from __future__ import annotations

from pathlib import Path

from policykit.records import DocumentReport
from policykit.trust import School, SchoolSettings, TrustBuilder, TrustSettings, required_kinds

KINDS = ("behaviour", "charging", "complaints", "child-protection")


def _view(root: Path, settings: TrustSettings) -> dict[str, School]:
    builder = TrustBuilder([root], settings)
    for school in ("Ash", "Elm", "Oak"):
        for kind in KINDS:
            for folder in ("Current", "Archive 2019"):
                path = root / school / folder / f"{kind}.docx"
                builder.add(DocumentReport(path=str(path), kind=kind, status="current"))
    return {school.name: school for school in builder.finish().schools}


def test_schools_set_differently_each_get_their_own_required_kinds(tmp_path: Path) -> None:
    settings = TrustSettings(
        root=str(tmp_path),
        school=(
            SchoolSettings("Oak", require=("collective-worship",)),
            SchoolSettings("Elm", not_required=("child-protection",)),
        ),
    )
    schools = _view(tmp_path, settings)
    required = {name: {r.kind for r in s.required} for name, s in schools.items()}
    assert "collective-worship" in required["Oak"]
    assert "collective-worship" not in required["Elm"] | required["Ash"]
    assert "child-protection" in required["Oak"] & required["Ash"]
    assert "child-protection" not in required["Elm"]
    for name, school in schools.items():
        expected = required_kinds(settings.for_school(name))
        assert school.required == expected


def test_each_school_s_archive_folder_is_archived_and_its_current_folder_is_not(
    tmp_path: Path,
) -> None:
    schools = _view(tmp_path, TrustSettings(root=str(tmp_path)))
    assert sorted(schools) == ["Ash", "Elm", "Oak"]
    for school in schools.values():
        documents = school.documents
        assert len(documents) == 2 * len(KINDS)
        for entry in documents:
            assert entry.archived == ("Archive 2019" in entry.path), entry.path
        current = school.current
        assert {e.path for e in current.values()} == {
            str(tmp_path / school.name / "Current" / f"{kind}.docx") for kind in KINDS
        }
