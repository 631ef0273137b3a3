"""The documents in a real browser (Debian's Chromium through Playwright): the public minutes,
agenda and extract of seed 003 and the members' full minutes pass axe-core's WCAG 2.1 A and AA
rules, and a reader reaches them from the meeting page and gets the PDF with its hash.

The live server runs in a thread of the test process and needs committed data, hence
`transaction=True`: the demo region is loaded for each test and flushed after it.
"""

import datetime as dt
import hashlib

import pytest
from playwright.sync_api import Page, expect

from kokous.core.tests.browser import axe_check
from kokous.demo.data import DEMO_PASSWORD
from kokous.documents.models import StoredDocument
from kokous.meetings.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY_SLUG = "vate-poliittinen-seurantaryhma"


def seed_003_meeting() -> Meeting:
    return Meeting.objects.get(body__slug=BODY_SLUG, start__date=dt.date(2022, 1, 27))


def test_public_documents_pass_axe_and_the_pdf_matches_its_hash(live_server, demo, page: Page):
    meeting = seed_003_meeting()
    page.goto(live_server.url + meeting.get_absolute_url())
    page.get_by_role("region", name="Asiakirjat").get_by_role("link", name="HTML").nth(1).click()
    expect(page).to_have_url(f"{live_server.url}/meetings/{meeting.pk}/minutes/")
    expect(page.locator("article.document h1")).to_contain_text("Pöytäkirja 1/2022")
    axe_check(page)

    # The PDF, fetched the way the reader's link does; once stored, the page shows its hash.
    with page.expect_download() as download_info:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = '';"
            " document.body.appendChild(a); a.click(); }",
            f"/meetings/{meeting.pk}/minutes.pdf",
        )
    data = open(download_info.value.path(), "rb").read()
    assert data.startswith(b"%PDF-")
    stored = StoredDocument.objects.get(meeting=meeting, kind="minutes", variant="public")
    assert hashlib.sha256(data).hexdigest() == stored.sha256
    page.reload()
    expect(page.locator(".document-tools .hash")).to_have_text(stored.sha256)

    item = meeting.items.get(section_number=4)
    page.goto(f"{live_server.url}/items/{item.pk}/extract/")
    expect(page.locator("article.document")).to_contain_text("Pöytäkirjanotteen oikeaksi todistaa")
    axe_check(page)

    page.goto(f"{live_server.url}/meetings/{meeting.pk}/agenda/")
    expect(page.locator("article.document h1")).to_contain_text("Esityslista 1/2022")
    axe_check(page)


def test_member_reads_the_full_minutes(live_server, demo, page: Page):
    meeting = seed_003_meeting()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Käyttäjätunnus").fill("jasen")
    page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.goto(f"{live_server.url}/staff/meetings/{meeting.pk}/documents/minutes/")
    expect(page.locator("article.document")).to_contain_text("Kokouksen puolesta")
    expect(page.locator("article.document")).not_to_contain_text("Julkinen versio")
    axe_check(page)
