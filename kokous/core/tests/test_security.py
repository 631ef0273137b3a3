"""Login throttling (django-axes): five failed sign-ins of one user name from one address lock
that pair out for the cool-off time with a page that says so; other users and other addresses
are not locked; a success before the limit starts the count again. The content security policy
(django-csp) on every page, no inline code in them, and the pages that load scripts of their
own running under it in a browser."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client, override_settings

from kokous.core.security import client_ip
from kokous.meetings.models import Attachment, Meeting
from kokous.meetings.tests.factories import AgendaItemFactory, MeetingFactory
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


# -- content security policy ----------------------------------------------------------------


def test_pages_carry_the_content_security_policy_and_no_inline_code(client):
    for path in ("/", "/search/?q=kokous", "/meetings/", "/participation/", "/accounts/login/"):
        response = client.get(path)
        assert response.status_code == 200, path
        policy = response["Content-Security-Policy"]
        for directive in (
            "default-src 'self'",
            "object-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
        ):
            assert directive in policy, (path, directive)
        assert re.search(r"script-src 'self'(?! 'unsafe)", policy), policy
        html = response.content.decode()
        assert "<style" not in html, path
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path


def test_a_downloaded_file_keeps_its_stricter_policy(client):
    meeting = MeetingFactory(with_standard_items=False)
    item = AgendaItemFactory(meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.INVITATION_SENT)
    attachment = Attachment(agenda_item=item, number=1, title="Liite")
    attachment.file.save("liite.txt", ContentFile(b"sisalto"), save=True)
    response = client.get(f"/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_the_api_documentation_and_search_run_under_the_policy(live_server, page):
    """The `page` fixture fails the test on any refusal under the policy."""
    page.goto(live_server.url + "/api/v1/docs/")
    page.locator(".swagger-ui .info").wait_for()
    page.goto(live_server.url + "/search/?q=kokous")
    page.get_by_role("heading", level=1).wait_for()


def test_password_rules_refuse_short_common_numeric_and_personal_passwords():
    user = get_user_model()(username="aino.virtanen", first_name="Aino", last_name="Virtanen")
    for weak in ["Lyhyt-sana1", "password1234", "982734659812", "aino.virtanen1"]:
        with pytest.raises(ValidationError):
            validate_password(weak, user=user)
    validate_password("Kymenlaakso-kokous-2026", user=user)
