"""CSRF on every form: a crawl of the workspace as the demo secretary and of the public site
finds every form that posts, and each carries Django's token, and its address refuses a post
without one. The exceptions are named here with their reasons."""

import datetime as dt
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from kokous.meetings.services import agenda_item_add, meeting_create
from kokous.organisations.models import Body

pytestmark = pytest.mark.django_db

# Forms that post without a token, on purpose:
EXEMPT_ACTIONS = {
    # the language menu on every page: a forged post only changes the reader's language, and a
    # token would keep the public pages out of shared caches (kokous.core.caching)
    "/i18n/setlang/",
}
# Views that take a post without a token, on purpose (the links in e-mails confirm or cancel by
# a secret token in the address, and mail programs post them: RFC 8058; a survey's answer
# form is exempt so that the survey page stays the same for every reader).
EXEMPT_PATTERNS = [
    re.compile(r"^/newsletter/(confirm|unsubscribe)/"),
    re.compile(r"^/search/alerts/(confirm|cancel)/"),
    re.compile(r"^/participation/surveys/[^/]+/$"),
]
SKIP = ("/static/", "/media/", "/admin/", "/accounts/logout/", "/i18n/")
MAX_PAGES = 600


def _kind(path: str) -> str:
    """A page's address with its numbers and query values taken out."""
    parts = urlsplit(path)
    keys = sorted(q.split("=", 1)[0] for q in parts.query.split("&") if q)
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def _crawl(client: Client, start: list[str], inside: tuple[str, ...]) -> dict[str, str]:
    """The forms that post, as action → the page they were found on."""
    seen: set[str] = set()
    kinds = {_kind(url) for url in start}
    queue = deque(start)
    forms: dict[str, str] = {}
    actions: dict[str, str] = {}
    missing: list[tuple[str, str]] = []
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        soup = BeautifulSoup(response.content, "html.parser")
        for form in soup.find_all("form"):
            if (form.get("method") or "get").lower() != "post":
                continue
            action = urlsplit(urljoin(url, form.get("action") or url)).path
            if action in EXEMPT_ACTIONS:
                continue
            if not form.find("input", attrs={"name": "csrfmiddlewaretoken"}):
                missing.append((url, action))
            forms.setdefault(_kind(action), url)
            actions.setdefault(_kind(action), action)
        for link in soup.find_all("a", href=True):
            target = urlsplit(urljoin(url, link["href"]))
            if target.netloc not in ("", "testserver"):
                continue
            path = target.path + (f"?{target.query}" if target.query else "")
            if path.startswith(inside) and not path.startswith(SKIP):
                # One page of each kind is enough: /staff/items/12/ has the forms of
                # /staff/items/13/, and the second page of a list those of the first.
                kind = _kind(path)
                if kind not in kinds:
                    kinds.add(kind)
                    queue.append(path)
    assert not missing, f"forms that post without a CSRF token: {missing}"
    assert len(seen) > 20, seen
    return {actions[kind]: page for kind, page in forms.items()}


def test_every_workspace_form_carries_a_token_and_needs_it(demo):
    secretary = get_user_model().objects.get(username="sihteeri")
    # A meeting still in preparation, so that the agenda's editing forms are on its pages.
    body = Body.objects.get(slug="vate-poliittinen-seurantaryhma")
    meeting = meeting_create(body=body, start=timezone.now() + dt.timedelta(days=30))
    agenda_item_add(meeting=meeting, title="Talousarvion toteutuma", proposal="Merkitään.")
    client = Client()
    client.force_login(secretary)
    forms = _crawl(client, ["/staff/"], ("/staff/", "/preparation/", "/participation/"))
    assert len(forms) >= 10, forms
    forger = Client(enforce_csrf_checks=True)
    forger.force_login(secretary)
    accepted = []
    for action, page in sorted(forms.items()):
        if any(p.match(action) for p in EXEMPT_PATTERNS):
            continue
        response = forger.post(action, {"title": "Forged"})
        if response.status_code != 403:
            accepted.append((action, page, response.status_code))
    assert not accepted, f"posts accepted without a CSRF token: {accepted}"


def test_every_public_form_carries_a_token_unless_exempt(demo, client: Client):
    forms = _crawl(
        client,
        ["/", "/participation/", "/news/", "/search/?q=talousarvio", "/accounts/login/"],
        ("/",),
    )
    forger = Client(enforce_csrf_checks=True)
    for action in sorted(forms):
        if any(p.match(action) for p in EXEMPT_PATTERNS):
            continue
        assert forger.post(action, {}).status_code == 403, action
