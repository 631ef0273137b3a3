"""Backing up and restoring a Kokous installation: its database and its files.

A backup is a folder `kokous-backup-<time>/` with
- `data.json.gz`: every row, by Django's `dumpdata` (natural keys for users, content types and
  permissions, every row through the base managers), except what is rebuilt or transient: the
  content types and permissions (the migrations make them), sessions, login attempts, the task
  queue and the search index (rebuilt after a restore);
- `files/<storage>/...`: every file of the attachment storage (`default`) and of the stored
  documents (`documents`: the signed minutes' PDFs), read through Django's storage API, so
  that object storage works as a local disk does;
- `manifest.json`: when, the migrations the data was written under, the row count of every
  model, and the SHA-256 of every file.

`backup_restore` loads a backup into an empty, migrated database of the same migrations, checks
every file against its hash before writing any, writes them back, checks the row counts, and
rebuilds the search index. It works across backends: a SQLite backup restores into PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
    "django_tasks_database",
    "search.searchdocument",
]
STORAGES = ("default", "documents")
DATA = "data.json.gz"
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why."""


@dataclass
class RestoreReport:
    rows: int = 0
    files: int = 0
    indexed: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def _storage_files(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from _storage_files(storage, f"{folder}/{sub}" if folder else sub)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _migrations() -> dict[str, list[str]]:
    """The applied migrations of the apps whose rows a backup holds."""
    skipped = {label for label in EXCLUDED if "." not in label}
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if app not in skipped:
            applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _backed_up_models() -> list[Any]:
    skipped = {label for label in EXCLUDED if "." not in label}
    models = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in skipped or label in EXCLUDED:
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        models.append(model)
    return models


def _counts() -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.count() for m in _backed_up_models()}


def backup_create(*, destination: Path) -> Path:
    """Write a backup folder under `destination` and return it."""
    for storage_name in STORAGES:
        location = getattr(storages[storage_name], "location", None)
        if location and destination.resolve().is_relative_to(Path(location).resolve()):
            raise BackupError(
                f"{destination} is inside the files being backed up ({location}): "
                "choose a folder outside them."
            )
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    folder = destination / f"kokous-backup-{stamp}"
    if folder.exists():
        raise BackupError(f"{folder} exists already.")
    folder.mkdir(parents=True)
    # One snapshot: the rows and the counts from the same transaction (PostgreSQL's
    # repeatable read makes it exact, when this transaction is the outermost; SQLite's
    # transaction does the same for this connection).
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        call_command(
            "dumpdata",
            exclude=EXCLUDED,
            natural_foreign=True,
            natural_primary=True,
            use_base_manager=True,
            output=str(folder / DATA),
            verbosity=0,
        )
        counts = _counts()
    files: dict[str, dict[str, str]] = {}
    for storage_name in STORAGES:
        storage = storages[storage_name]
        files[storage_name] = {}
        for name in list(_storage_files(storage)):
            with storage.open(name, "rb") as handle:
                data = handle.read()
            target = folder / "files" / storage_name / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            files[storage_name][name] = _sha256(data)
    manifest = {
        "created": timezone.now().isoformat(),
        "database": connection.vendor,
        "migrations": _migrations(),
        "counts": counts,
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), "utf-8")
    return folder


def _database_empty() -> bool:
    from kokous.meetings.models import Meeting
    from kokous.organisations.models import Organisation

    return not (
        Organisation.objects.exists()
        or Meeting.objects.exists()
        or get_user_model()._default_manager.exists()
    )


def backup_restore(*, source: Path) -> RestoreReport:
    """Restore the backup folder `source` into this empty, migrated database and its storages.
    Raises BackupError, having written nothing, when the backup is incomplete or damaged, the
    database is not empty or its migrations differ."""
    try:
        manifest = json.loads((source / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{source}: no readable {MANIFEST}: {error}") from error
    if not (source / DATA).is_file():
        raise BackupError(f"{source}: {DATA} is missing.")
    if not _database_empty():
        raise BackupError(
            "The database is not empty: restore into a new database (after `kokous migrate`)."
        )
    if manifest["migrations"] != _migrations():
        raise BackupError(
            "The backup was made under other migrations than this database has: install the "
            "Kokous version that made it, or migrate the database to match, and try again."
        )
    # Every file is checked before anything is written.
    contents: list[tuple[str, str, bytes]] = []
    for storage_name, names in manifest["files"].items():
        for name, digest in names.items():
            path = source / "files" / storage_name / name
            try:
                data = path.read_bytes()
            except OSError as error:
                raise BackupError(f"{path}: missing from the backup.") from error
            if _sha256(data) != digest:
                raise BackupError(f"{path}: damaged (its SHA-256 differs from the manifest).")
            contents.append((storage_name, name, data))
    report = RestoreReport()
    with transaction.atomic():
        call_command("loaddata", str(source / DATA), verbosity=0)
        report.counts = _counts()
        differing = {
            label: (count, report.counts.get(label))
            for label, count in manifest["counts"].items()
            if report.counts.get(label) != count
        }
        if differing:
            raise BackupError(f"Rows differ from the backup after loading: {differing}")
    report.rows = sum(report.counts.values())
    for storage_name, name, data in contents:
        storage = storages[storage_name]
        if storage.exists(name):
            with storage.open(name, "rb") as handle:
                if _sha256(handle.read()) == _sha256(data):
                    report.files += 1
                    continue
            storage.delete(name)
        saved = storage.save(name, ContentFile(data))
        if saved != name:
            raise BackupError(f"{name} was stored as {saved}.")
        report.files += 1
    from kokous.search.services import search_reindex

    report.indexed = search_reindex()
    return report
