"""Fixtures shared by every app's tests."""

import os

import pytest

from kokous.demo.services import demo_load

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


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A visitor from Finland: the browser asks for Finnish (LocaleMiddleware follows its
    Accept-Language), whatever the machine's locale."""
    return {**browser_context_args, "locale": "fi-FI", "timezone_id": "Europe/Helsinki"}


@pytest.fixture
def demo(settings, tmp_path):
    """The demo region of the seed documents, with its attachment files under a temporary
    MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path
    return demo_load()


@pytest.fixture
def demo_indexed(demo):
    """The demo region with its search index built, as `kokous demo` leaves it."""
    from kokous.search.services import search_reindex

    search_reindex()
    return demo
