import pytest


@pytest.fixture(autouse=True)
def english(client):
    """The staff tests read messages in English; the Finnish and Swedish catalogues are checked
    by kokous/core/tests/test_translations.py."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
