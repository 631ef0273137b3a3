"""HTTP caching of the public pages (kokous.core.caching): a shared cache may keep what an
anonymous reader sees, never what a signed-in user sees; ETags answer conditional requests; and
no public page sets a cookie, which would keep it out of every shared cache."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.urls import reverse

from kokous.core.apps import _cache_table_create
from kokous.core.caching import FINAL_DOCUMENT_MAX_AGE, PUBLIC_PAGE_MAX_AGE, public_cache
from kokous.core.timeutil import helsinki_datetime
from kokous.meetings.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(demo) -> Meeting:
    """The monitoring group's meeting of 27.1.2022, with checked minutes."""
    return Meeting.objects.get(
        body__slug="vate-poliittinen-seurantaryhma", start=helsinki_datetime(2022, 1, 27, 12)
    )


def _public_urls(meeting: Meeting) -> list[str]:
    item = meeting.items.order_by("section_number").first()
    assert item is not None
    return [
        "/",
        f"/bodies/{meeting.body.slug}/",
        "/meetings/",
        meeting.get_absolute_url(),
        item.get_absolute_url(),
        "/decisions/?q=hyvinvointi",
        "/search/?q=talousarvio",
        reverse("documents:agenda", kwargs={"pk": meeting.pk}),
    ]


def test_an_anonymous_reader_gets_pages_a_shared_cache_may_keep(client: Client, meeting):
    for url in _public_urls(meeting):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == f"public, max-age={PUBLIC_PAGE_MAX_AGE}", url
        assert response["ETag"].startswith('"'), url
        # It varies by language, whether asked by header or by cookie.
        vary = {v.strip() for v in response["Vary"].split(",")}
        assert {"Accept-Language", "Cookie"} <= vary, url
        # No cookie: a response that sets one is never kept by a shared cache.
        assert not response.cookies, (url, response.cookies)
        assert "csrfmiddlewaretoken" not in response.content.decode(), url


def test_final_minutes_may_be_kept_longer(client: Client, meeting):
    assert meeting.minutes_locked_at is not None
    response = client.get(reverse("documents:minutes", kwargs={"pk": meeting.pk}))
    assert response.status_code == 200
    assert response["Cache-Control"] == f"public, max-age={FINAL_DOCUMENT_MAX_AGE}"


def test_an_unchanged_page_answers_a_conditional_request_with_304(client: Client, meeting):
    url = reverse("documents:minutes", kwargs={"pk": meeting.pk})
    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    other = client.get(url, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200
    assert other.content == first.content


def test_the_etag_differs_by_language(client: Client, meeting):
    url = meeting.get_absolute_url()
    finnish = client.get(url)
    swedish = client.get(url, headers={"Accept-Language": "sv"})
    assert swedish["Content-Language"] == "sv"
    assert finnish["ETag"] != swedish["ETag"]
    # A Finnish ETag does not make the Swedish page a 304.
    assert (
        client.get(
            url, headers={"Accept-Language": "sv", "If-None-Match": finnish["ETag"]}
        ).status_code
        == 200
    )


def test_a_signed_in_user_gets_private_pages(client: Client, meeting):
    user = get_user_model().objects.get(username="sihteeri")
    client.force_login(user)
    for url in [*_public_urls(meeting), reverse("documents:minutes", kwargs={"pk": meeting.pk})]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "public" not in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


def test_errors_and_forms_are_not_kept(client: Client, meeting):
    missing = client.get("/meetings/999999999/")
    assert missing.status_code == 404
    assert "public" not in missing.get("Cache-Control", "")
    # The participation pages hold forms with CSRF tokens: never public.
    login = client.get(reverse("login"))
    assert "public" not in login.get("Cache-Control", "")


def test_the_language_menu_works_without_a_csrf_token(meeting):
    """The menu carries no token (it would set a cookie on every public page); a forged post
    could only change the reader's language."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="sv">' in client.get("/").content.decode()
    # Other forms still need their token.
    refused = client.post(reverse("login"), {"username": "sihteeri", "password": "x"})
    assert refused.status_code == 403


def test_a_page_with_a_csrf_token_is_private(rf):
    """Should a public page ever hold a form with a token, it is not shared."""

    @public_cache()
    def view(request):
        return HttpResponse(f"<form>{get_token(request)}</form>")

    request = rf.get("/")
    request.user = AnonymousUser()
    assert view(request)["Cache-Control"] == "private, no-cache"


DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "kokous_cache",
    }
}


def test_the_rate_limit_counts_in_the_database_shared_by_every_app_server(
    client: Client, settings, db
):
    """The production cache is a table that `migrate` made: a request counted by one app
    server is counted for all."""
    settings.CACHES = DATABASE_CACHE
    settings.KOKOUS_API_RATE = "2/minute"
    # What `migrate` does with these settings (kokous.core.apps).
    _cache_table_create(using="default")
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM kokous_cache")
        assert cursor.fetchone() == (0,)
    assert client.get("/api/v1/organisations/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM kokous_cache")
        (rows,) = cursor.fetchone()
        assert rows >= 1  # the client's window, kept by each throttle
    assert client.get("/api/v1/organisations/").status_code == 200
    assert client.get("/api/v1/organisations/").status_code == 429
