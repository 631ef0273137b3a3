"""Login throttling (django-axes): five failed sign-ins of one user name from one address lock
that pair out for the cool-off time with a page that says so; other users and other addresses
are not locked; a success before the limit starts the count again."""

import pytest
from django.test import Client, override_settings

from kokous.core.security import client_ip
from kokous.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _throttling():
    with override_settings(AXES_ENABLED=True):
        yield


def sign_in(client: Client, username: str, password: str, address: str = "192.0.2.10"):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_five_failures_lock_the_user_name_at_that_address():
    user = UserFactory(username="sihteeri")
    client = Client()
    for _ in range(4):
        assert sign_in(client, "sihteeri", "väärin").status_code == 200  # the form again
    locked = sign_in(client, "sihteeri", "väärin")
    assert locked.status_code == 429
    assert "15 minuutin kuluttua" in locked.content.decode()
    # Now even the right password is refused, and nobody is signed in.
    response = sign_in(client, "sihteeri", "kokous-test")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another user at that address, and the same user from elsewhere, still sign in.
    UserFactory(username="esittelija")
    assert sign_in(Client(), "esittelija", "kokous-test").status_code == 302
    assert sign_in(Client(), user.username, "kokous-test", "198.51.100.7").status_code == 302


def test_a_success_before_the_limit_starts_the_count_again():
    UserFactory(username="jasen")
    client = Client()
    for _ in range(4):
        sign_in(client, "jasen", "väärin")
    assert sign_in(client, "jasen", "kokous-test").status_code == 302
    client = Client()
    for _ in range(4):
        assert sign_in(client, "jasen", "väärin").status_code == 200
    assert sign_in(client, "jasen", "kokous-test").status_code == 302


def test_the_client_address_behind_the_sites_own_proxy(rf, settings):
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.5")
    settings.SECURE_PROXY_SSL_HEADER = None
    assert client_ip(request) == "127.0.0.1"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The last hop is the one the proxy added; the first came from the client.
    assert client_ip(request) == "203.0.113.5"
