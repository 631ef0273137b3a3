"""Fixtures and helpers of the document tests: stored PDFs in a temporary directory, an HTML page
parsed by BeautifulSoup and its visible text, and a database shared by the tests of a module
that only read it."""

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString
from django.conf import settings
from django.core.files.storage import storages
from django.db import connection, transaction
from django.test import override_settings

from kokous.core.timeutil import helsinki_datetime
from kokous.demo.services import demo_load
from kokous.documents.models import StoredDocument
from kokous.meetings.models import Meeting


@contextlib.contextmanager
def documents_stored_in(path: Path) -> Iterator[None]:
    """Store the documents' PDFs under `path`.

    `STORAGES["documents"]` alone is not enough: `StoredDocument.file` calls its storage
    callable once, when the model is loaded (Django's rule for a callable `storage`), and keeps
    that storage whatever the settings say later. So the field's storage is swapped too."""
    field = StoredDocument._meta.get_field("file")
    with override_settings(
        STORAGES={
            **_current_storages(),
            "documents": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": path, "base_url": None},
            },
        }
    ):
        original = field.storage
        field.storage = storages["documents"]
        try:
            yield
        finally:
            field.storage = original


def _current_storages() -> dict:
    return dict(settings.STORAGES)


@pytest.fixture(autouse=True)
def document_storage(tmp_path) -> Iterator[Path]:
    """Every test stores its PDFs in its own directory, so that no two tests share a file."""
    path = tmp_path / "documents"
    with documents_stored_in(path):
        yield path


@contextlib.contextmanager
def shared_database(django_db_blocker) -> Iterator[None]:
    """Database access for a module-scoped fixture, in a transaction rolled back afterwards:
    the fixture builds its data and renders what its tests read, and leaves nothing behind.

    pytest-django creates the test database only when a collected test is marked `django_db`,
    so every module using this marks its tests; without the mark the connection would still
    point at the development database, which is refused here."""
    with django_db_blocker.unblock():
        name = str(connection.settings_dict["NAME"])
        assert "memory" in name or "test" in name, f"not a test database: {name}"
        with transaction.atomic():
            yield
            transaction.set_rollback(True)


@contextlib.contextmanager
def seed_003_shared(django_db_blocker, tmp_path_factory) -> Iterator[Meeting]:
    """The demo region in a module's shared database (see `shared_database`), its files in
    temporary directories; yields the seed 003 meeting of 27.1.2022."""
    media, documents = tmp_path_factory.mktemp("media"), tmp_path_factory.mktemp("documents")
    with (
        shared_database(django_db_blocker),
        override_settings(MEDIA_ROOT=media),
        documents_stored_in(documents),
    ):
        demo_load()
        yield Meeting.objects.get(
            body__slug="vate-poliittinen-seurantaryhma", start=helsinki_datetime(2022, 1, 27, 12)
        )


# --- HTML --------------------------------------------------------------------------------------

# The elements whose text is set apart from the text around it (as the browser does when it
# lays them out). Adjacent inline elements join without a space, as they are printed.
_BLOCK = frozenset(
    {
        "article", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "li", "nav", "ol", "p", "section", "table", "td", "th",
        "tr", "ul", "footer", "main",
    }
)  # fmt: skip


def parse_html(html: str | bytes) -> BeautifulSoup:
    """The page, parsed by BeautifulSoup with the standard library's parser."""
    return BeautifulSoup(html.decode() if isinstance(html, bytes) else html, "html.parser")


def one(root: Tag, css: str) -> Tag:
    """The first element under `root` matching the CSS selector `css`, which must be there."""
    found = root.select_one(css)
    assert found is not None, f"no {css!r} in the page"
    return found


def html_text(html: str | bytes | Tag) -> str:
    """The visible text of a page, a fragment or an element: whitespace (no-break spaces too)
    collapsed, a space around every block element, no scripts, styles or comments.

    Not `get_text(" ")`, which would put a space between any two strings, inside a word too
    (`<b>Peruste</b>:` would read "Peruste :", and a check that "Peruste:" is absent would
    pass whatever the page said)."""
    node = parse_html(html) if isinstance(html, str | bytes) else html
    return re.sub(r"\s+", " ", "".join(_strings(node)).replace("\xa0", " ")).strip()


def _strings(tag: Tag) -> Iterator[str]:
    for child in tag.children:
        if isinstance(child, Tag):
            if child.name not in {"script", "style"}:
                gap = " " if child.name in _BLOCK else ""
                yield gap
                yield from _strings(child)
                yield gap
        elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
            yield child  # not a comment, a doctype or a declaration


def item_section(root: Tag, section_number: int) -> Tag:
    """The <section> of § `section_number` in a document."""
    return one(root, f"section#s{section_number}")


def attendance_of(document: Tag) -> list[tuple[str, list[str]]]:
    """The attendance of minutes: (group heading, [line, ...]) in order."""
    section = one(document, "section#attendance")
    groups, label = [], ""
    for element in section.select("h3, ul"):  # in document order, however the groups are wrapped
        if element.name == "h3":
            label = html_text(element)
        else:
            groups.append((label, [html_text(li) for li in element.select("li")]))
    return groups
