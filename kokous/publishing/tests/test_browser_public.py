"""The public pages in a real browser (Debian's Chromium through Playwright): each passes
axe-core's WCAG 2.1 A and AA rules, and signing in and changing the language work through the
forms as a visitor uses them.

The live server runs in a thread of the test process and needs committed data, hence
`transaction=True`: the demo region is loaded for each test and flushed after it.
"""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from kokous.core.tests.browser import axe_check
from kokous.demo.data import DEMO_PASSWORD
from kokous.meetings.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY_SLUG = "vate-poliittinen-seurantaryhma"
SIGN_OUT = "form[action='/accounts/logout/'] button[type=submit]"


def seed_003_meeting() -> Meeting:
    """The monitoring group's meeting of 27.1.2022, its minutes published (seed 003)."""
    return Meeting.objects.get(body__slug=BODY_SLUG, start__date=dt.date(2022, 1, 27))


def open_page(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"


def test_home_body_meeting_and_case_pages_pass_axe(live_server, demo, page: Page):
    open_page(page, live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    axe_check(page)

    open_page(page, f"{live_server.url}/bodies/{BODY_SLUG}/")
    expect(page.locator("h1")).to_contain_text("VATE:n poliittinen seurantaryhmä")
    axe_check(page)

    meeting = seed_003_meeting()
    assert meeting.status == Meeting.Status.PUBLISHED
    open_page(page, live_server.url + meeting.get_absolute_url())
    expect(page.locator("article.item").first).to_be_visible()
    axe_check(page)

    # The case page, reached the way a reader does: through the link of an item.
    item = meeting.items.filter(case__isnull=False).select_related("case").first()
    assert item is not None, "seed 003 has no item with a case"
    page.locator(f"a[href='{item.case.get_absolute_url()}']").first.click()
    expect(page).to_have_url(live_server.url + item.case.get_absolute_url())
    expect(page.locator("h1")).to_have_text(item.case.title)
    axe_check(page)


def test_sign_in_through_the_form(live_server, demo, page: Page):
    open_page(page, live_server.url + "/accounts/login/")
    axe_check(page)

    # A wrong password: the error is announced and the page stays accessible.
    page.fill("#id_username", "jasen")
    page.fill("#id_password", "väärä")
    page.click("form.stacked-form button[type=submit]")
    expect(page.locator("#login-error")).to_be_visible()
    expect(page.locator("#id_username")).to_have_attribute("aria-invalid", "true")
    axe_check(page)

    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form.stacked-form button[type=submit]")
    # LOGIN_REDIRECT_URL leads to the staff pages; wherever that lands, the session is open.
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    open_page(page, live_server.url + "/")
    expect(page.locator(SIGN_OUT)).to_be_visible()
    expect(page.locator("a[href='/accounts/login/']")).to_have_count(0)
    axe_check(page)


def test_language_menu_switches_to_swedish(live_server, demo, page: Page):
    body_url = f"{live_server.url}/bodies/{BODY_SLUG}/"
    open_page(page, body_url)
    expect(page.locator("html")).to_have_attribute("lang", "fi")

    page.select_option("form.language select[name=language]", "sv")
    page.click("form.language button[type=submit]")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert page.url == body_url  # back on the page the reader was on
    expect(page.locator("form.language select[name=language]")).to_have_value("sv")
    axe_check(page)

    # The choice holds on the next page.
    open_page(page, live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
