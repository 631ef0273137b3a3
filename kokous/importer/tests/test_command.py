"""`kokous import-minutes`: a JSON object a file with --dry-run --format json, a file that
cannot be read or imported skipped while the rest go on, and an import that a second run finds
unchanged."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

SEED_003 = Path(__file__).resolve().parent / "seeds" / "003_61f41e619476e675.txt"


@pytest.fixture(autouse=True)
def _english():
    """The command's messages are translated; these tests read them in English."""
    with translation.override("en"):
        yield


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import-minutes", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_prints_the_meeting_as_json():
    out, _err = _run(str(SEED_003), "--dry-run", "--format", "json")
    lines = out.splitlines()
    assert len(lines) == 1
    meeting = json.loads(lines[0])
    assert meeting["body"] == "VATE:n poliittinen seurantaryhmä"
    assert meeting["start"] == "2022-01-27T12:00:00+02:00"
    assert meeting["end"] == "2022-01-27T13:08:00+02:00"
    assert [item["number"] for item in meeting["items"]] == [1, 2, 3, 4, 5]
    assert meeting["chair"] == "Seppo Rintamo" and meeting["secretary"] == "Ari Nevalainen"


def test_a_broken_file_is_skipped_and_the_rest_go_on(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 broken")
    (tmp_path / "b.txt").write_text(SEED_003.read_text(encoding="utf-8"), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 of 2"):
        call_command(
            "import-minutes", str(tmp_path), "--dry-run", "--format", "json",
            "--body", "Seurantaryhmä", stdout=out, stderr=err,
        )  # fmt: skip
    assert "a.pdf: skipped" in err.getvalue()
    assert json.loads(out.getvalue())["body"] == "Seurantaryhmä"


@pytest.mark.django_db
def test_import_creates_then_finds_nothing_to_change(tmp_path):
    from kokous.meetings.models import Meeting
    from kokous.organisations.tests.factories import OrganisationFactory

    OrganisationFactory(slug="kymenlaakso")
    out, _err = _run(str(SEED_003))
    assert "created" in out and "/meetings/" in out
    out, _err = _run(str(SEED_003), "--organisation", "kymenlaakso", "--format", "json")
    result = json.loads(out)
    assert result["status"] == "unchanged" and result["items"] == 5
    assert result["start"] == "2022-01-27T12:00:00+02:00"
    assert [w["line"] for w in result["warnings"]] == [17, 52]
    assert Meeting.objects.count() == 1


@pytest.mark.django_db
def test_import_of_a_folder_skips_what_it_cannot_import_and_goes_on(tmp_path):
    from kokous.meetings.models import Meeting
    from kokous.organisations.tests.factories import OrganisationFactory

    OrganisationFactory()
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 broken")
    (tmp_path / "b.txt").write_text(SEED_003.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "c.txt").write_text("Uutiset\n\nUusi terveysasema avataan.", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="2 of 3 file"):
        call_command("import-minutes", str(tmp_path), stdout=out, stderr=err)
    assert "a.pdf: skipped" in err.getvalue()
    assert "c.txt: skipped" in err.getvalue() and "does not name its body" in err.getvalue()
    assert "3 file(s): 1 created, 0 updated, 0 unchanged, 2 skipped" in err.getvalue()
    assert Meeting.objects.count() == 1


@pytest.mark.django_db
def test_unknown_organisation_and_path_are_errors():
    with pytest.raises(CommandError, match="No organisation 'nowhere'"):
        _run(str(SEED_003), "--organisation", "nowhere")
    with pytest.raises(CommandError, match="no such file"):
        _run("/nonexistent/minutes.txt", "--dry-run")
