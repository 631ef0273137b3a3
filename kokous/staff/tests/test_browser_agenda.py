"""The demo secretary prepares and sends an agenda in a real browser (Debian's Chromium).

Signs in, creates a meeting, adds two items (one with an attachment and a text written in the
rich-text editor), marks them ready, reorders them, sends the invitation, and checks the
numbering, the e-mails and their calendar file. Accessibility is checked on the way.
"""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect

from kokous.core.tests.browser import axe_check
from kokous.core.timeutil import HELSINKI
from kokous.invitations.models import Delivery, Invitation
from kokous.meetings.models import Meeting

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BODY = "vate-poliittinen-seurantaryhma"


def _add_item(page: Page, title: str) -> None:
    page.locator("a[href$='/items/new/']").click()
    page.fill("#id_title", title)
    page.locator("main form button.primary").click()
    expect(page).to_have_url(re.compile(r"/staff/items/\d+/edit/$"))


@pytest.mark.django_db(transaction=True)
def test_secretary_prepares_and_sends_an_agenda(live_server, page: Page, demo):
    day = timezone.now().astimezone(HELSINKI).date() + dt.timedelta(days=14)
    page.goto(live_server.url + "/accounts/login/?next=/staff/")
    page.fill("#id_username", "sihteeri")
    page.fill("#id_password", "kokous-demo")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(live_server.url + "/staff/")
    axe_check(page)
    for path in ("/staff/meetings/?when=all", "/staff/calendar/?month=2022-01"):
        page.goto(live_server.url + path)
        axe_check(page)

    # A new meeting of the monitoring group.
    page.goto(live_server.url + f"/staff/bodies/{BODY}/")
    page.locator(f"a[href='/staff/bodies/{BODY}/meetings/new/']").click()
    page.fill("#id_date", day.isoformat())
    page.fill("#id_start_time", "13:00")
    page.fill("#id_end_time", "15:00")
    page.fill("#id_place", "Kymsoten hallintorakennus, Kotka")
    axe_check(page)
    page.locator("main form button.primary").click()
    expect(page).to_have_url(re.compile(r"/staff/meetings/\d+/$"))
    meeting = Meeting.objects.filter(body__slug=BODY).order_by("-pk").first()
    assert meeting is not None
    meeting_url = page.url

    # The first item: text in the rich-text editor, a proposal, an attachment, ready.
    _add_item(page, "Talousarvio 2027")
    editor = page.locator("[contenteditable=true]")
    editor.click()
    page.keyboard.type("Hyvinvointialueen talousarvio valmistellaan yhdessä kuntien kanssa.")
    page.fill("#id_proposal", "Merkitään tiedoksi.")
    axe_check(page)
    page.locator("main form button.primary").click()
    expect(page).to_have_url(re.compile(r"/staff/items/\d+/$"))
    expect(page.locator(".prose")).to_contain_text("yhdessä kuntien kanssa")
    page.set_input_files(
        "#id_file",
        files=[{"name": "talousarvio.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.fill("#id_title", "Talousarvioesitys")
    page.locator("#attachments form button[type=submit]").last.click()
    expect(page.locator("#attachments")).to_contain_text("Liite 1: Talousarvioesitys")
    axe_check(page)
    page.locator("main form.inline-form button.primary").click()
    expect(page.locator("main form.inline-form input[name=ready][value='0']")).to_have_count(1)

    # The second item, marked ready from the agenda (HTMX), then moved above the first.
    page.goto(meeting_url)
    _add_item(page, "Palveluverkkoselvitys")
    page.goto(meeting_url)
    row = page.locator("#agenda tr", has_text="Palveluverkkoselvitys")
    row.locator("form[action$='/ready/'] button").click()
    expect(row.locator(".badge-ready")).to_be_visible()
    numbers = {
        title: meeting.items.get(title=title).section_number
        for title in ("Talousarvio 2027", "Palveluverkkoselvitys")
    }
    assert numbers["Palveluverkkoselvitys"] == numbers["Talousarvio 2027"] + 1
    row.locator("button[value=up]").click()
    first = numbers["Talousarvio 2027"]
    expect(page.locator("#agenda tr", has_text="Palveluverkkoselvitys")).to_contain_text(
        f"§ {first}"
    )
    expect(page.locator("#agenda tr", has_text="Talousarvio 2027")).to_contain_text(
        f"§ {first + 1}"
    )
    axe_check(page)

    # The invitation.
    page.locator(f"a[href='/staff/meetings/{meeting.pk}/invitation/']").click()
    expect(page.locator(".message-preview")).to_contain_text(f"§ {first} Palveluverkkoselvitys")
    axe_check(page)
    page.locator("main form button.primary").click()
    expect(page).to_have_url(meeting_url)
    expect(page.locator("#timeliness")).to_contain_text("14")

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.INVITATION_SENT
    invitation = Invitation.objects.get(meeting=meeting)
    sent = invitation.deliveries.filter(status=Delivery.Status.SENT)
    assert sent.count() == len(mail.outbox) > 10
    assert {m.to[0] for m in mail.outbox} == set(sent.values_list("email", flat=True))
    message = mail.outbox[0]
    assert "VATE:n poliittinen seurantaryhmä" in message.subject
    body = message.body
    assert body.index(f"§ {first} Palveluverkkoselvitys") < body.index(
        f"§ {first + 1} Talousarvio 2027"
    )
    assert f"/staff/meetings/{meeting.pk}/" in body
    filename, content, mimetype = message.attachments[0]
    assert filename == "kokous.ics" and mimetype.startswith("text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == dt.datetime.combine(day, dt.time(13), tzinfo=HELSINKI)
    assert event.decoded("dtend") == dt.datetime.combine(day, dt.time(15), tzinfo=HELSINKI)
    assert str(event["location"]) == "Kymsoten hallintorakennus, Kotka"
    assert str(event["uid"]) == f"kokous-meeting-{meeting.pk}@testserver"
    assert int(event["sequence"]) == 0
