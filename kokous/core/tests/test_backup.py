"""Backup and restore (`kokous backup`, `kokous restore`): the demo region, with its attachment
files and the stored PDFs of published minutes, backed up, the database emptied and the files
removed, and restored: every meeting, item, decision, attendance, user, stored document hash
and attachment file is found identical. A damaged backup or a database that is not empty is
refused with nothing written."""

from __future__ import annotations

import hashlib
import io
import shutil

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from kokous.core.backup import BackupError, backup_create, backup_restore
from kokous.documents.models import StoredDocument
from kokous.documents.tasks import minutes_store
from kokous.documents.tests.conftest import documents_stored_in
from kokous.meetings.models import AgendaItem, Attachment, Attendance, Meeting

pytestmark = pytest.mark.django_db


def _file_hash(field) -> str | None:
    if not field:
        return None
    with field.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def empty_database() -> None:
    """Every table emptied, as a new database is (the content types and permissions made again
    by the migrations' signal). PostgreSQL truncates only once the foreign-key checks that the
    test's transaction deferred have run."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # deferred again, as in a transaction of its own
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def record() -> dict:
    """What must survive a backup and restore, as comparable values."""
    return {
        "meetings": sorted(
            Meeting.objects.values_list("body__slug", "start", "number", "status", "place")
        ),
        "items": sorted(
            AgendaItem.objects.values_list(
                "meeting__start", "section_number", "title", "proposal", "decision", "publicity"
            )
        ),
        "attendance": sorted(
            Attendance.objects.values_list("meeting__start", "person__last_name", "capacity")
        ),
        "users": sorted(get_user_model().objects.values_list("username", "password")),
        "stored": sorted(
            (d.meeting.start, d.kind, d.variant, d.language, d.sha256, _file_hash(d.file))
            for d in StoredDocument.objects.select_related("meeting")
        ),
        "attachments": sorted(
            (a.agenda_item.title, a.number, a.title, _file_hash(a.file))
            for a in Attachment.objects.select_related("agenda_item")
        ),
    }


@pytest.fixture
def region(demo, tmp_path_factory):
    """The demo with stored minutes; yields a folder for backups, outside the files."""
    documents = tmp_path_factory.mktemp("documents")
    with documents_stored_in(documents):
        for meeting in Meeting.objects.filter(status=Meeting.Status.PUBLISHED):
            minutes_store.enqueue(meeting_id=meeting.pk)
        assert StoredDocument.objects.exists()
        assert any(a.file for a in Attachment.objects.all())
        yield tmp_path_factory.mktemp("backups"), documents


def test_a_backup_restores_into_an_empty_database_identically(region, settings):
    backups, documents = region
    before = record()
    folder = backup_create(destination=backups)
    assert (folder / "data.json.gz").is_file() and (folder / "manifest.json").is_file()

    empty_database()
    shutil.rmtree(settings.MEDIA_ROOT)
    shutil.rmtree(documents)
    assert not Meeting.objects.exists()

    out = io.StringIO()
    call_command("restore", str(folder), stdout=out)
    assert "Restored" in out.getvalue()
    after = record()
    assert after == before
    assert after["stored"] and all(row[4] == row[5] for row in after["stored"])  # hash = file
    # The files are back where the rows point.
    assert all(storages["default"].exists(a.file.name) for a in Attachment.objects.exclude(file=""))


def test_a_restore_needs_an_empty_database(region):
    folder = backup_create(destination=region[0])
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(folder))


def test_a_damaged_backup_is_refused_before_anything_is_written(region, settings):
    folder = backup_create(destination=region[0])
    damaged = next(p for p in (folder / "files").rglob("*") if p.is_file())
    damaged.write_bytes(damaged.read_bytes() + b"x")
    empty_database()
    shutil.rmtree(settings.MEDIA_ROOT)
    with pytest.raises(BackupError, match="damaged"):
        backup_restore(source=folder)
    assert not Meeting.objects.exists()
    assert not (settings.MEDIA_ROOT.exists() and any(settings.MEDIA_ROOT.rglob("*.*")))


def test_a_backup_inside_the_files_it_backs_up_is_refused(region, settings):
    with pytest.raises(CommandError, match="inside the files"):
        call_command("backup", str(settings.MEDIA_ROOT / "backups"))
