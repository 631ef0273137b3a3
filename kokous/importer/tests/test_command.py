"""`kokous import-minutes`: a JSON object a file with --dry-run --format json, a file that
cannot be read skipped while the rest go on, and no pretending to import without --dry-run."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

SEED_003 = Path(__file__).resolve().parent / "seeds" / "003_61f41e619476e675.txt"


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


def test_without_dry_run_it_refuses_rather_than_pretend():
    with pytest.raises(CommandError, match="not built yet"):
        _run(str(SEED_003))
    with pytest.raises(CommandError, match="no such file"):
        _run("/nonexistent/minutes.txt", "--dry-run")
