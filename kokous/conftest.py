"""Fixtures shared by every app's tests."""

import pytest

from kokous.demo.services import demo_load


@pytest.fixture
def demo(settings, tmp_path):
    """The demo region of the seed documents, with its attachment files under a temporary
    MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path
    return demo_load()
