"""The public pages in a real browser (Debian's Chromium through Playwright): each passes
axe-core's WCAG 2.1 A and AA rules; a decision is followed from the front page to its PDF;
filtering the decisions, signing in and changing the language work through the forms as a
visitor uses them.

The live server runs in a thread of the test process and needs committed data, hence
`transaction=True`: the demo region is loaded for each test and flushed after it.
"""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from kokous.core.tests.browser import axe_check
from kokous.demo.data import DEMO_PASSWORD
from kokous.documents.tests.conftest import documents_stored_in
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


def test_follow_a_decision_from_the_front_page_to_its_pdf(live_server, demo, page: Page, tmp_path):
    with documents_stored_in(tmp_path / "documents"):
        open_page(page, live_server.url + "/")
        latest = page.locator("section[aria-labelledby=decisions-heading]")
        latest.get_by_role("link", name="Kohti hyvinvointialuetta").first.click()
        expect(page.locator("h1")).to_contain_text("Kohti hyvinvointialuetta")
        expect(page.locator("h1")).to_contain_text("4 §")
        expect(page.locator("nav.breadcrumb")).to_contain_text("VATE:n poliittinen seurantaryhmä")
        expect(page.locator("section[aria-labelledby=decision-heading]")).to_contain_text(
            "Hyväksyttiin."
        )
        axe_check(page)

        pdf_link = page.locator("a.extract-pdf")
        href = pdf_link.get_attribute("href")
        assert href is not None and href.endswith("/extract.pdf")
        response = page.request.get(live_server.url + href)
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")
        # Once printed, the page gives the stored PDF's SHA-256.
        page.reload()
        expect(page.locator(".documents code.hash")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))


def test_decisions_list_filters_through_the_form(live_server, demo_indexed, page: Page):
    open_page(page, live_server.url + "/")
    page.locator("header nav a[href='/decisions/']").click()
    expect(page.locator("header nav a[aria-current=page]")).to_have_attribute("href", "/decisions/")
    axe_check(page)
    page.select_option("select[name=body]", BODY_SLUG)
    page.fill("input[name=q]", "pöytäkirjan tarkastajiksi")
    page.click("form.filter-form button[type=submit]")
    expect(page.locator("ol.decisions > li")).to_have_count(1)
    expect(page.locator("ol.decisions")).to_contain_text("Pöytäkirjantarkastajien valinta")
    axe_check(page)

    # A bad date: the error is shown beside the field, and the page stays accessible.
    open_page(page, live_server.url + "/decisions/?from=2022-02-31")
    expect(page.locator(".field-error")).to_be_visible()
    expect(page.locator("#id_from")).to_have_attribute("aria-invalid", "true")
    axe_check(page)


def test_calendar_item_and_person_pages_pass_axe(live_server, demo, page: Page):
    open_page(page, f"{live_server.url}/meetings/?month=2022-01")
    expect(page.locator("section.calendar-day")).to_have_count(2)
    axe_check(page)
    page.locator("a[rel=next]").click()
    expect(page).to_have_url(re.compile(r"month=2022-02"))
    axe_check(page)

    meeting = seed_003_meeting()
    open_page(page, live_server.url + meeting.get_absolute_url())
    item = meeting.items.get(section_number=4)
    page.locator(f"a[href='/items/{item.pk}/']").first.click()
    expect(page.locator("h1")).to_contain_text("4 §")
    axe_check(page)
    page.locator("a[rel=next]").click()
    expect(page.locator("h1")).to_contain_text("5 §")

    open_page(page, f"{live_server.url}/bodies/{BODY_SLUG}/")
    page.locator("table.memberships a", has_text="Seppo Rintamo").click()
    expect(page.locator("h1")).to_have_text("Seppo Rintamo")
    axe_check(page)
