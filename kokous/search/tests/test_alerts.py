"""Saved searches with e-mail alerts: double opt-in (nothing is mailed to an unconfirmed
address), the confirmation and cancel links, and the alerts of new public decisions: each
decision once, never a confidential one, never one public before the alert began, in the
alert's language."""

import datetime as dt
import re
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from kokous.documents.tests.builders import small_meeting
from kokous.meetings.models import AgendaItem
from kokous.minutes.services import minutes_publish
from kokous.organisations.tests.factories import BodyFactory
from kokous.search import alerts
from kokous.search.models import SavedSearch
from kokous.search.selectors import SearchFilter
from kokous.search.services import search_reindex

pytestmark = pytest.mark.django_db

CONFIRM_LINK = re.compile(r"http://testserver(/search/alerts/confirm/[^/\s]+/)")
CANCEL_LINK = re.compile(r"http://testserver(/search/alerts/cancel/[^/\s]+/)")
SUBSCRIBE = "/search/alerts/"


@pytest.fixture(autouse=True)
def finnish():
    # In Finnish whatever language an earlier test's request left active in this thread.
    with translation.override("fi"):
        yield


@pytest.fixture(autouse=True)
def english_pages(client: Client):
    # The pages are asked for in English, the texts these tests read (the e-mails follow the
    # saved search's own language).
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def ask(client: Client, email: str, q: str = "valtuusto", language: str = "fi", query: str = ""):
    url = SUBSCRIBE + (f"?{query}" if query else "")
    return client.post(url, {"email": email, "q": q, "language": language})


def confirmed(
    client: Client, capture, email: str = "asukas@example.fi", q: str = "valtuusto", **kwargs
) -> SavedSearch:
    """A saved search confirmed through the links of its e-mail."""
    before = len(mail.outbox)
    with capture(execute=True):
        assert ask(client, email, q, **kwargs).status_code == 200
    path = CONFIRM_LINK.search(mail.outbox[before].body).group(1)
    assert client.post(path).status_code == 200
    return SavedSearch.objects.get(email=email, query=q)


@pytest.fixture
def checked():
    """A board's meeting whose minutes are checked but not yet published: a decision on the
    regional council's fees, and a confidential decision about the council too."""
    small = small_meeting("locked")
    AgendaItem.objects.filter(pk=small.matter.pk).update(
        title="Aluevaltuuston kokouspalkkiot",
        decision="Aluehallitus esittää aluevaltuustolle palkkioiden korottamista.",
    )
    AgendaItem.objects.filter(pk=small.confidential.pk).update(
        title="Valtuuston puheenjohtajan asia",
        decision="Valtuuston puheenjohtajalle myönnetään Salaperä-järjestely.",
    )
    return small


def publish(small) -> None:
    minutes_publish(meeting=small.meeting, published_on=timezone.localdate())
    search_reindex()


# Double opt-in -----------------------------------------------------------------------------------


def test_the_form_describes_the_search_and_what_is_stored(client: Client):
    BodyFactory(name_fi="Aluevaltuusto", slug="aluevaltuusto")
    page = client.get(
        SUBSCRIBE + "?q=valtuusto&body=aluevaltuusto&decision_type=adopted_as_proposed"
        "&from=2025-01-01&page=3&order=date"
    ).content.decode()
    assert 'name="q" value="valtuusto"' in page
    # The filters in words, and kept in the form's address (but the page and the order).
    for line in ("Aluevaltuusto", "adopted as proposed", "1.1.2025"):
        assert line in page
    action = re.search(r'<form method="post" action="([^"]+)" class="stacked-form"', page)
    assert action.group(1) == (
        "/search/alerts/?body=aluevaltuusto&amp;decision_type=adopted_as_proposed"
        "&amp;from=2025-01-01"
    )
    # The privacy note: what is stored and how to end it.
    assert "We store the e-mail address, the search" in page
    assert "has a link that ends the alert and deletes its data" in page


def test_double_opt_in_end_to_end(client: Client, checked, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, "Asukas@Example.fi", language="sv")
    assert response.status_code == 200
    assert "a link to confirm the alert is on its way" in response.content.decode()
    saved = SavedSearch.objects.get()
    assert (saved.email, saved.query, saved.confirmed_at) == (
        "asukas@example.fi",
        "valtuusto",
        None,
    )
    assert saved.language == "sv"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["asukas@example.fi"]
    assert "valtuusto" in message.body
    assert "List-Unsubscribe" not in message.extra_headers
    path = CONFIRM_LINK.search(message.body).group(1)

    # Nothing is mailed to an unconfirmed address, whatever becomes public.
    publish(checked)
    assert alerts.saved_searches_notify().sent == 0
    assert len(mail.outbox) == 1

    # Opening the link confirms nothing (mail scanners open links); the button does.
    page = client.get(path)
    assert page.status_code == 200 and "<form" in page.content.decode()
    saved.refresh_from_db()
    assert saved.confirmed_at is None
    assert client.post(path).status_code == 200
    saved.refresh_from_db()
    assert saved.confirmed_at is not None
    assert saved.notified_until == saved.confirmed_at
    assert saved.language == "sv"
    # What became public before the confirmation is not sent.
    assert alerts.saved_searches_notify().sent == 0
    assert len(mail.outbox) == 1
    # Confirming again is harmless.
    assert client.post(path).status_code == 200
    assert SavedSearch.objects.count() == 1


def test_same_address_and_search_again_resends_the_link_without_a_duplicate(
    client: Client, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        first = ask(client, "toistaja@example.fi")
        for _ in range(3):
            again = ask(client, "TOISTAJA@example.fi", q="  valtuusto ")
    assert SavedSearch.objects.count() == 1
    assert len(mail.outbox) == 1  # one link every few minutes at most
    csrf = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert csrf.sub("", first.content.decode()) == csrf.sub("", again.content.decode())
    later = timezone.now() + dt.timedelta(minutes=6)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, "toistaja@example.fi")
    assert len(mail.outbox) == 2
    assert SavedSearch.objects.count() == 1
    # Either link confirms the one saved search.
    for message in mail.outbox:
        assert client.post(CONFIRM_LINK.search(message.body).group(1)).status_code == 200
    # Asking again with another language changes nothing until that link is followed, so
    # that nobody changes another person's alert by typing their address.
    later = later + dt.timedelta(minutes=6)
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, "toistaja@example.fi", language="en")
    assert SavedSearch.objects.get().language == "fi"
    assert client.post(CONFIRM_LINK.search(mail.outbox[-1].body).group(1)).status_code == 200
    assert SavedSearch.objects.get().language == "en"
    assert len(mail.outbox) == 3
    # Another search of the same address is another saved search.
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, "toistaja@example.fi", q="hyvinvointialue")
    assert SavedSearch.objects.count() == 2
    assert len(mail.outbox) == 4


def test_an_address_holds_a_limited_number_of_searches(
    client: Client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(alerts.MAX_SEARCHES_PER_ADDRESS + 3):
            assert ask(client, "tulva@example.fi", q=f"sana{number}").status_code == 200
    assert SavedSearch.objects.count() == alerts.MAX_SEARCHES_PER_ADDRESS
    assert len(mail.outbox) == alerts.MAX_SEARCHES_PER_ADDRESS


@pytest.mark.parametrize("q", ["", "   ", "-valtuusto", '""'])
def test_a_search_without_words_is_refused_clearly(client: Client, q):
    response = ask(client, "asukas@example.fi", q=q)
    page = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in page
    assert "Write the words to search for" in page
    assert not SavedSearch.objects.exists()
    assert mail.outbox == []


def test_an_invalid_address_or_filter_is_refused(client: Client):
    assert "error-summary" in ask(client, "ei-osoite").content.decode()
    response = ask(client, "asukas@example.fi", query="body=ei-ole-tallaista&from=huomenna")
    assert "error-summary" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_the_forms_keep_csrf_protection():
    client = Client(enforce_csrf_checks=True)
    assert ask(client, "asukas@example.fi").status_code == 403


def test_filters_are_kept_and_used(client: Client, django_capture_on_commit_callbacks):
    body = BodyFactory(slug="aluehallitus")
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, "a@example.fi", query="body=aluehallitus&from=2025-01-01&type=news")
    saved = SavedSearch.objects.get()
    assert saved.filters == {"body": body.pk, "date_from": "2025-01-01"}
    loaded = alerts.saved_search_filters_load(saved.filters)
    assert loaded == SearchFilter(body=body.pk, date_from=dt.date(2025, 1, 1), kinds=("item",))


# Invalid and expired links -----------------------------------------------------------------------


def test_forged_altered_and_expired_links_confirm_nothing(
    client: Client, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, "asukas@example.fi")
    path = CONFIRM_LINK.search(mail.outbox[0].body).group(1)
    altered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    for bad in (altered, "/search/alerts/confirm/garbage/"):
        for method in (client.get, client.post):
            response = method(bad)
            assert response.status_code == 400
            assert "not valid or has expired" in response.content.decode()
    # A week and a day later the link has expired.
    later = time.time() + (alerts.CONFIRMATION_MAX_AGE + dt.timedelta(days=1)).total_seconds()
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post(path)
    assert response.status_code == 400
    assert "not valid or has expired" in response.content.decode()
    assert SavedSearch.objects.get().confirmed_at is None


def test_a_link_does_not_confirm_a_later_saved_search(
    client: Client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, "asukas@example.fi")
    path = CONFIRM_LINK.search(mail.outbox[0].body).group(1)
    saved = SavedSearch.objects.get()
    saved.token = "another-row-with-the-same-id"
    saved.save()
    assert client.post(path).status_code == 400


def test_unconfirmed_requests_are_deleted_when_their_link_expires(
    client: Client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, "vanha@example.fi")
        ask(client, "uusi@example.fi")
    old = timezone.now() - alerts.CONFIRMATION_MAX_AGE - dt.timedelta(hours=1)
    SavedSearch.objects.filter(email="vanha@example.fi").update(
        created_at=old, confirmation_sent_at=old
    )
    assert alerts.saved_searches_notify().removed == 1
    assert list(SavedSearch.objects.values_list("email", flat=True)) == ["uusi@example.fi"]


# Cancelling --------------------------------------------------------------------------------------


def test_cancel_by_get_then_post(client: Client, django_capture_on_commit_callbacks):
    saved = confirmed(client, django_capture_on_commit_callbacks)
    url = reverse("search_alerts:cancel", kwargs={"token": saved.token})
    page = client.get(url).content.decode()
    assert "<form" in page and "valtuusto" in page
    assert SavedSearch.objects.filter(pk=saved.pk).exists()  # GET changes nothing
    response = client.post(url)
    assert response.status_code == 200
    assert "has been deleted" in response.content.decode()
    assert not SavedSearch.objects.exists()
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 404
        assert "There is no such search alert" in response.content.decode()


def test_one_click_cancel_needs_no_csrf_token(client: Client, django_capture_on_commit_callbacks):
    saved = confirmed(client, django_capture_on_commit_callbacks)
    response = Client(enforce_csrf_checks=True).post(
        reverse("search_alerts:cancel", kwargs={"token": saved.token}),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not SavedSearch.objects.exists()


# Alerts ------------------------------------------------------------------------------------------


def test_a_new_public_decision_is_mailed_once(
    client: Client, checked, django_capture_on_commit_callbacks
):
    saved = confirmed(client, django_capture_on_commit_callbacks)
    other = confirmed(client, django_capture_on_commit_callbacks, "muu@example.fi", q="kirjasto")
    mail.outbox.clear()
    publish(checked)

    report = alerts.saved_searches_notify()
    assert (report.sent, report.decisions) == (1, 1)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["asukas@example.fi"]
    assert "valtuusto" in message.subject
    matter = AgendaItem.objects.get(pk=checked.matter.pk)
    assert "Aluevaltuuston kokouspalkkiot" in message.body
    assert "http://testserver" + matter.get_absolute_url() in message.body
    assert "Aluehallitus" in message.body  # the body
    assert "25.11.2025" in message.body  # the meeting's date
    assert "hyväksytty esityksen mukaisesti" in message.body  # the type of decision
    # Never the confidential decision, though its title (public) matches too.
    assert "Valtuuston puheenjohtajan asia" not in message.body
    assert "Salaperä" not in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Salaperä" not in html and "Valtuuston puheenjohtajan" not in html
    assert '<html lang="fi">' in html
    # The cancel link and the one-click headers.
    cancel = "http://testserver" + reverse("search_alerts:cancel", kwargs={"token": saved.token})
    assert cancel in message.body and cancel in html
    assert message.extra_headers["List-Unsubscribe"] == f"<{cancel}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.message()["List-Unsubscribe"] == f"<{cancel}>"
    # A link to the whole search.
    assert "http://testserver/search/?q=valtuusto&type=item&order=date" in message.body

    # Running again, rebuilding the index, or the command: nothing new.
    assert alerts.saved_searches_notify().sent == 0
    search_reindex()
    assert alerts.saved_searches_notify().sent == 0
    AgendaItem.objects.get(pk=matter.pk).save()  # an edit rewrites its document
    search_reindex()
    out = _command()
    assert "Sent 0 search alert(s)" in out
    assert len(mail.outbox) == 1
    saved.refresh_from_db()
    other.refresh_from_db()
    assert saved.notified_until > saved.confirmed_at
    assert other.notified_until > other.confirmed_at
    assert saved.notified_items == {str(matter.pk): saved.notified_items[str(matter.pk)]}

    # Two days on, the remembered decision is let go, and still nothing is sent again.
    later = timezone.now() + alerts.OVERLAP + dt.timedelta(hours=1)
    search_reindex()
    assert alerts.saved_searches_notify(now=later).sent == 0
    saved.refresh_from_db()
    assert saved.notified_items == {}
    assert len(mail.outbox) == 1


def _command() -> str:
    import io

    out = io.StringIO()
    call_command("search_alerts_send", stdout=out)
    return out.getvalue()


def test_the_command_reports_what_it_sent(
    client: Client, checked, django_capture_on_commit_callbacks
):
    confirmed(client, django_capture_on_commit_callbacks)
    publish(checked)
    assert "Sent 1 search alert(s) listing 1 decision(s)" in _command()
    assert "Sent 0 search alert(s)" in _command()


def test_the_task_sends_the_alerts(client: Client, checked, django_capture_on_commit_callbacks):
    from kokous.search.alert_tasks import saved_searches_notify_task

    confirmed(client, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    publish(checked)
    result = saved_searches_notify_task.enqueue()
    assert result.return_value == 1
    assert len(mail.outbox) == 1


def test_a_decision_the_index_has_not_caught_up_with_is_sent_on_the_next_run(
    client: Client, checked, django_capture_on_commit_callbacks
):
    confirmed(client, django_capture_on_commit_callbacks)
    search_reindex()
    mail.outbox.clear()
    minutes_publish(meeting=checked.meeting, published_on=timezone.localdate())
    # The index is updated by the task queue after the publication: not yet here.
    assert alerts.saved_searches_notify().sent == 0
    search_reindex()
    assert alerts.saved_searches_notify().sent == 1
    assert "Aluevaltuuston kokouspalkkiot" in mail.outbox[0].body


def test_old_minutes_put_on_the_web_now_are_not_news(
    client: Client, checked, django_capture_on_commit_callbacks
):
    confirmed(client, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    # Dated the day they were checked, a year back (as an import of old minutes would be).
    minutes_publish(meeting=checked.meeting, published_on=dt.date(2025, 12, 2))
    search_reindex()
    assert alerts.saved_searches_notify().sent == 0


def test_filters_narrow_the_alert(client: Client, checked, django_capture_on_commit_callbacks):
    other_body = BodyFactory(slug="muu-lautakunta")
    confirmed(
        client, django_capture_on_commit_callbacks, "muu@example.fi", query="body=muu-lautakunta"
    )
    confirmed(
        client,
        django_capture_on_commit_callbacks,
        "hylatyt@example.fi",
        query="decision_type=rejected",
    )
    confirmed(
        client,
        django_capture_on_commit_callbacks,
        "oikea@example.fi",
        query=f"body={checked.body.slug}&decision_type=adopted_as_proposed",
    )
    mail.outbox.clear()
    publish(checked)
    assert alerts.saved_searches_notify().sent == 1
    assert [message.to for message in mail.outbox] == [["oikea@example.fi"]]
    assert other_body.pk


def test_the_alert_is_in_swedish_when_its_language_is(
    client: Client, checked, django_capture_on_commit_callbacks
):
    confirmed(client, django_capture_on_commit_callbacks, "svensk@example.fi", language="sv")
    mail.outbox.clear()
    publish(checked)
    assert alerts.saved_searches_notify().sent == 1
    message = mail.outbox[0]
    with translation.override("sv"):
        subject = translation.ngettext(
            "%(count)d new decision: %(query)s", "%(count)d new decisions: %(query)s", 1
        ) % {"count": 1, "query": "valtuusto"}
        cancel_label = translation.gettext("End the alert:")
    assert message.subject == subject
    assert cancel_label in message.body
    assert "godkänt enligt förslaget" in message.body  # the decision type, in Swedish
    assert '<html lang="sv">' in message.alternatives[0][0]


def test_a_failed_message_is_tried_again_on_the_next_run(
    client: Client, checked, django_capture_on_commit_callbacks, monkeypatch
):
    from django.core.mail import EmailMultiAlternatives

    confirmed(client, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    publish(checked)

    def refuse(self, fail_silently=False):
        raise OSError("mail server said no")

    with monkeypatch.context() as patched:
        patched.setattr(EmailMultiAlternatives, "send", refuse)
        report = alerts.saved_searches_notify()
    assert (report.sent, report.failed) == (0, 1)
    assert alerts.saved_searches_notify().sent == 1
    assert alerts.saved_searches_notify().sent == 0
    assert len(mail.outbox) == 1


def test_a_saved_search_claimed_by_another_run_is_not_sent_twice(
    client: Client, checked, django_capture_on_commit_callbacks
):
    saved = confirmed(client, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    publish(checked)
    stale = SavedSearch.objects.get(pk=saved.pk)
    # Another run moves notified_until on first: this run's claim of the old value fails.
    SavedSearch.objects.filter(pk=saved.pk).update(notified_until=timezone.now())
    assert alerts._claim(stale, until=timezone.now(), items={}) is False
