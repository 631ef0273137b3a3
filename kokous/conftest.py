"""Fixtures shared by every app's tests."""

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models

from kokous.demo.services import DemoReport, demo_load

# Playwright's sync API runs an event loop in the test's thread, and Django then refuses
# database access from it ("You cannot call this from an async context") without this.
# Django reads it at each call, so setting it here, before any test runs, is enough.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Fixtures of pytest-playwright that start a browser: a test using one is a browser test.
BROWSER_FIXTURES = {"browser", "context", "page", "new_context"}


def pytest_collection_modifyitems(items):
    """Mark every test that drives a browser as `browser`, so that `-m "not browser"` leaves
    them all out even where a module forgets the mark."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a browser downloaded by `playwright install`; no GPU, and no
    name resolves except the live server's, so a page cannot reach the network."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--disable-gpu",
            "--disable-quic",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
        ],
    }


@pytest.fixture
def page(page):
    """Playwright's page, failing the test if the browser refused anything under the content
    security policy (an inline script or style, another origin) on any page it showed."""
    refused: list[str] = []

    def listen(message) -> None:
        if "Content Security Policy" in message.text:
            refused.append(f"{page.url}: {message.text}")

    page.on("console", listen)
    yield page
    assert not refused, "\n".join(refused)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A visitor from Finland: the browser asks for Finnish (LocaleMiddleware follows its
    Accept-Language), whatever the machine's locale."""
    return {**browser_context_args, "locale": "fi-FI", "timezone_id": "Europe/Helsinki"}


# The demo region as rows, kept after the first load in a session (see `demo`). Rows of
# content types and permissions are not copied: they come from migrations, and a flushed test
# database makes them again with new ids, which the fingerprint notices.
_DEMO_SKIPPED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
_demo_copies: dict[tuple[Any, ...], dict[str, Any]] = {}
_DEMO_COPIES_KEPT = 4


def _demo_fingerprint() -> tuple[Any, ...]:
    """What the database holds besides the demo: the content types and permissions, and the
    ids of every row of the tables the demo writes (the migrations' rows, and whatever the
    test made before asking for the demo). A copy is written only over the same state."""
    return (
        connection.vendor,
        tuple(ContentType.objects.order_by("pk").values_list("pk", "app_label", "model")),
        tuple(Permission.objects.order_by("pk").values_list("pk", "codename")),
        tuple(
            (model._meta.label, tuple(model._base_manager.order_by("pk").values_list("pk")))
            for model in _demo_models()
        ),
    )


def _demo_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in _DEMO_SKIPPED
        and model._meta.managed
        and not model._meta.proxy
    ]


def _demo_capture(media: Path, keep: Path) -> dict[str, Any]:
    tables = {}
    for model in _demo_models():
        fields = model._meta.concrete_fields
        rows = list(model._base_manager.order_by().values_list(*(f.attname for f in fields)))
        tables[model] = (fields, rows)
    shutil.copytree(media, keep, dirs_exist_ok=True)
    return {"tables": tables, "media": keep}


def _demo_restore(copy: dict[str, Any], media: Path) -> None:
    """Write the captured rows back as they were (ids, times and all) with plain INSERTs:
    foreign keys are checked at commit on both backends, so the order does not matter."""
    tables = copy["tables"]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")
        for model, (fields, rows) in tables.items():
            if not rows:
                continue
            columns = ", ".join(quote(f.column) for f in fields)
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})",
                [
                    [f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)]
                    for row in rows
                ],
            )
        for sql in connection.ops.sequence_reset_sql(no_style(), list(tables)):
            cursor.execute(sql)
    shutil.copytree(copy["media"], media, dirs_exist_ok=True)


@pytest.fixture
def demo(settings, tmp_path, tmp_path_factory):
    """The demo region of the seed documents, with its attachment files under a temporary
    MEDIA_ROOT.

    Loading it takes seconds and some forty tests need it, so a load is kept as rows and files
    with the state of the database it was loaded over (`_demo_fingerprint`), and a later test
    inside a transaction over the same state gets a copy of those instead: the same database,
    ids included. Tests that commit (browser tests) and tests over another state (a flushed
    database, rows the test made before asking for the demo) load it afresh."""
    settings.MEDIA_ROOT = tmp_path
    if not connection.in_atomic_block:
        return demo_load()
    before = _demo_fingerprint()
    if before in _demo_copies:
        _demo_restore(_demo_copies[before], tmp_path)
        return DemoReport()
    report = demo_load()
    if len(_demo_copies) < _DEMO_COPIES_KEPT:
        _demo_copies[before] = _demo_capture(tmp_path, tmp_path_factory.mktemp("demo-media"))
    return report


@pytest.fixture
def demo_indexed(demo):
    """The demo region with its search index built, as `kokous demo` leaves it."""
    from kokous.search.services import search_reindex

    search_reindex()
    return demo
