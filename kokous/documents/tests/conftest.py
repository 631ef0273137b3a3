"""Fixtures and helpers of the document tests: stored PDFs in a temporary directory, the visible
text and a small element tree of an HTML page (the standard library's parser: the project has
no other), and a database shared by the tests of a module that only read it."""

import contextlib
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.db import connection, transaction
from django.test import override_settings

from kokous.documents.models import StoredDocument


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


# --- HTML --------------------------------------------------------------------------------------

_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_BLOCK = frozenset(
    {
        "article", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "li", "nav", "ol", "p", "section", "table", "td", "th",
        "tr", "ul", "footer", "main",
    }
)  # fmt: skip


class Element:
    """An element of a parsed page: its tag, attributes, children (elements and strings)."""

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Element | str] = []

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def _raw(self) -> str:
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in {"script", "style"}:
                gap = " " if child.tag in _BLOCK else ""
                parts.append(gap + child._raw() + gap)
        return "".join(parts)

    @property
    def text(self) -> str:
        """The visible text, whitespace collapsed, blocks separated by a space."""
        return re.sub(r"\s+", " ", self._raw().replace("\xa0", " ")).strip()

    def iter(self) -> Iterator["Element"]:
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(
        self, tag: str | None = None, *, id: str | None = None, cls: str | None = None
    ) -> list["Element"]:
        return [
            e
            for e in self.iter()
            if (tag is None or e.tag == tag)
            and (id is None or e.attrs.get("id") == id)
            and (cls is None or cls in e.classes)
        ]

    def find(
        self, tag: str | None = None, *, id: str | None = None, cls: str | None = None
    ) -> "Element":
        found = self.find_all(tag, id=id, cls=cls)
        assert found, f"no <{tag or '*'} id={id!r} class={cls!r}> in the page"
        return found[0]

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(html: str | bytes) -> Element:
    """The page as an element tree."""
    builder = _TreeBuilder()
    builder.feed(html.decode() if isinstance(html, bytes) else html)
    builder.close()
    return builder.root


def html_text(html: str | bytes) -> str:
    """The visible text of a page or fragment, whitespace collapsed."""
    return parse_html(html).text


def item_section(root: Element, section_number: int) -> Element:
    """The <section> of § `section_number` in a document."""
    return root.find("section", id=f"s{section_number}")


def attendance_of(document: Element) -> list[tuple[str, list[str]]]:
    """The attendance of minutes: (group heading, [line, ...]) in order."""
    section = document.find("section", id="attendance")
    groups, label = [], ""
    for element in section.iter():  # in document order, however the groups are wrapped
        if element.tag == "h3":
            label = element.text
        elif element.tag == "ul":
            groups.append((label, [li.text for li in element.find_all("li")]))
    return groups
