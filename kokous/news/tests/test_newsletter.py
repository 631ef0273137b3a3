"""The newsletter: double opt-in, unsubscribing (also RFC 8058 one-click), and sending each
news item once to each subscriber who wants it, in their language."""

import datetime as dt
import re

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks import task_backends

from kokous.news.models import Dispatch, News, Subscriber
from kokous.news.services import (
    CONFIRMATION_SALT,
    news_publish,
    newsletter_deliver,
    newsletter_send,
    subscriber_confirm,
    subscriber_subscribe,
)
from kokous.news.tests.factories import make_news

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/newsletter/confirm/[^/\s]+/)")


def subscribe(client: Client, email: str, language: str = "fi", categories=()) -> str:
    response = client.post(
        reverse("news:subscribe"),
        {"email": email, "language": language, "categories": [c.pk for c in categories]},
    )
    assert response.status_code == 200
    return response.content.decode()


def confirmed(email: str, language: str = "fi", categories=()) -> Subscriber:
    """A subscriber who has followed their confirmation link (as the link of the mail holds)."""
    subscriber_subscribe(email=email, language=language, categories=categories)
    subscriber = Subscriber.objects.get(email=email)
    token = signing.dumps(
        {
            "p": subscriber.pk,
            "l": language,
            "c": [c.pk for c in categories],
            "t": int(timezone.now().timestamp()),
        },
        salt=CONFIRMATION_SALT,
        compress=True,
    )
    return subscriber_confirm(token=token)


# Double opt-in ---------------------------------------------------------------------------------


def test_double_opt_in_end_to_end(
    client: Client, categories, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = subscribe(client, "Asukas@Example.fi", "sv", [categories["tyopaikat"]])
    assert "Jos osoitteeseen voi vastaanottaa sähköpostia" in page
    subscriber = Subscriber.objects.get(email="asukas@example.fi")
    assert subscriber.confirmed_at is None
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["asukas@example.fi"]
    assert "List-Unsubscribe" not in message.extra_headers
    path = LINK.search(message.body).group(1)

    # Nothing is sent before confirmation.
    news = make_news("Avoin työpaikka", categories=[categories["tyopaikat"]], send_newsletter=True)
    newsletter_deliver(news_id=news.pk)
    assert len(mailoutbox) == 1

    # Opening the link confirms nothing (mail scanners open links); the button does.
    assert "Vahvista tilaus" in client.get(path).content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None
    response = client.post(path)
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.active
    assert subscriber.language == "sv"
    assert list(subscriber.categories.all()) == [categories["tyopaikat"]]


def test_subscribing_does_not_reveal_a_known_address(
    client: Client, categories, mailoutbox, django_capture_on_commit_callbacks
):
    known_subscriber = confirmed("tunnettu@example.fi")
    # Its own confirmation went out long ago (a new one is mailed at most every few minutes).
    Subscriber.objects.filter(pk=known_subscriber.pk).update(
        confirmation_sent_at=timezone.now() - dt.timedelta(days=30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        known = subscribe(client, "tunnettu@example.fi")
        unknown = subscribe(client, "tuntematon@example.fi")
    csrf = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert csrf.sub("", known) == csrf.sub("", unknown)
    # The known address gets a link too, which changes its choices only when followed.
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        ["tuntematon@example.fi", "tunnettu@example.fi"]
    )


def test_one_confirmation_mail_per_address_every_few_minutes(
    client: Client, categories, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            subscribe(client, "toistaja@example.fi")
    assert len(mailoutbox) == 1
    later = timezone.now() + dt.timedelta(minutes=6)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, "toistaja@example.fi")
    assert len(mailoutbox) == 2


def test_a_forged_or_altered_link_confirms_nothing(
    client: Client, categories, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, "asukas@example.fi")
    path = LINK.search(mailoutbox[0].body).group(1)
    altered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    assert client.post(altered).status_code == 400
    assert client.post("/newsletter/confirm/garbage/").status_code == 400
    assert not Subscriber.objects.get(email="asukas@example.fi").active


def test_invalid_address_is_refused(client: Client, categories, mailoutbox):
    response = client.post(reverse("news:subscribe"), {"email": "ei-osoite", "language": "fi"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_an_old_link_does_not_undo_an_unsubscription(
    client: Client, categories, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, "asukas@example.fi")
    path = LINK.search(mailoutbox[0].body).group(1)
    assert client.post(path).status_code == 200
    subscriber = Subscriber.objects.get(email="asukas@example.fi")
    Subscriber.objects.filter(pk=subscriber.pk).update(
        unsubscribed_at=timezone.now() + dt.timedelta(seconds=2)
    )
    assert client.post(path).status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None


# Unsubscribing ----------------------------------------------------------------------------------


def test_unsubscribe_by_get_and_post(client: Client, categories):
    subscriber = confirmed("lopettaja@example.fi")
    url = reverse("news:unsubscribe", kwargs={"token": subscriber.token})
    page = client.get(url).content.decode()
    assert "<form" in page and "Peru tilaus" in page
    subscriber.refresh_from_db()
    assert subscriber.active  # GET changes nothing
    assert client.post(url).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    assert client.post(url).status_code == 200  # twice is fine
    assert client.get(reverse("news:unsubscribe", kwargs={"token": "x" * 43})).status_code == 404


def test_one_click_unsubscribe_needs_no_csrf_token(categories):
    subscriber = confirmed("yksiklikki@example.fi")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("news:unsubscribe", kwargs={"token": subscriber.token}),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None


def test_other_forms_keep_csrf_protection(categories):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("news:subscribe"), {"email": "a@example.fi", "language": "fi"})
    assert response.status_code == 403


# Sending ----------------------------------------------------------------------------------------


def test_newsletter_mail_has_one_click_unsubscribe_headers(
    categories, mailoutbox, django_capture_on_commit_callbacks
):
    subscriber = confirmed("lukija@example.fi")
    with django_capture_on_commit_callbacks(execute=True):
        news = make_news("Uutiskirjeen uutinen", lead="Ingressi.", send_newsletter=True)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    url = "http://testserver" + reverse("news:unsubscribe", kwargs={"token": subscriber.token})
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.subject == "Uutiskirjeen uutinen"
    assert url in message.body
    assert "http://testserver" + news.get_absolute_url() in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and url in html
    # The headers survive into the message as sent.
    sent = message.message()
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_each_subscriber_gets_a_news_item_once(
    categories, mailoutbox, django_capture_on_commit_callbacks
):
    for number in range(3):
        confirmed(f"lukija{number}@example.fi")
    with django_capture_on_commit_callbacks(execute=True):
        news = make_news("Kerran", send_newsletter=True)
    assert len(mailoutbox) == 3
    # Sending again, the catch-up command, or saving the news again send nothing more.
    assert newsletter_deliver(news_id=news.pk) == 0
    call_command("news_publish_due", stdout=open("/dev/null", "w"))
    with django_capture_on_commit_callbacks(execute=True):
        newsletter_send(news=news)
        news_publish(news=news)
    assert len(mailoutbox) == 3
    assert Dispatch.objects.filter(news=news, status=Dispatch.Status.SENT).count() == 3
    news.refresh_from_db()
    assert news.newsletter_done_at is not None
    # Someone who subscribes afterwards does not get old news.
    confirmed("myohainen@example.fi")
    assert newsletter_deliver(news_id=news.pk) == 0


def test_a_claimed_dispatch_is_not_sent_again(categories, mailoutbox):
    subscriber = confirmed("lukija@example.fi")
    news = make_news("Rinnakkain", send_newsletter=True)
    Dispatch.objects.create(news=news, subscriber=subscriber, status=Dispatch.Status.SENDING)
    assert newsletter_deliver(news_id=news.pk) == 0
    assert mailoutbox == []


def test_mails_are_in_the_subscribers_language(
    categories, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed("suomi@example.fi", "fi")
    confirmed("english@example.fi", "en")
    with django_capture_on_commit_callbacks(execute=True):
        make_news("Kieli", send_newsletter=True)
    by_address = {message.to[0]: message for message in mailoutbox}
    english = by_address["english@example.fi"]
    assert "Unsubscribe:" in english.body  # the English msgid
    assert '<html lang="en">' in english.alternatives[0][0]
    assert '<html lang="fi">' in by_address["suomi@example.fi"].alternatives[0][0]
    assert "Unsubscribe:" not in by_address["suomi@example.fi"].body


def test_confirmation_mail_is_in_the_chosen_language(
    client: Client, categories, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, "svenska@example.fi", "sv")
    assert len(mailoutbox) == 1  # the text is translated when the catalogues are filled in
    from django.utils import translation

    with translation.override("sv"):
        expected = translation.gettext("Confirm your newsletter subscription")
    assert mailoutbox[0].subject == expected


def test_subscribers_get_only_their_categories(
    categories, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed("kaikki@example.fi")
    confirmed("tyot@example.fi", categories=[categories["tyopaikat"]])
    confirmed("uudistus@example.fi", categories=[categories["uudistus"], categories["yleiset"]])
    with django_capture_on_commit_callbacks(execute=True):
        make_news("Työpaikka", categories=[categories["tyopaikat"]], send_newsletter=True)
        make_news(
            "Uudistus",
            categories=[categories["uudistus"], categories["yleiset"]],
            send_newsletter=True,
        )
        make_news("Ilman luokkaa", send_newsletter=True)
    received = sorted((message.to[0], message.subject) for message in mailoutbox)
    assert received == [
        ("kaikki@example.fi", "Ilman luokkaa"),
        ("kaikki@example.fi", "Työpaikka"),
        ("kaikki@example.fi", "Uudistus"),
        ("tyot@example.fi", "Työpaikka"),
        ("uudistus@example.fi", "Uudistus"),
    ]


def test_unsubscribed_and_unconfirmed_get_nothing(
    categories, mailoutbox, django_capture_on_commit_callbacks
):
    gone = confirmed("poissa@example.fi")
    Subscriber.objects.filter(pk=gone.pk).update(unsubscribed_at=timezone.now())
    subscriber_subscribe(email="vahvistamaton@example.fi", language="fi")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_news("Ei kenellekään", send_newsletter=True)
    assert mailoutbox == []


def test_drafts_are_not_sent(categories, mailoutbox, django_capture_on_commit_callbacks):
    confirmed("lukija@example.fi")
    with django_capture_on_commit_callbacks(execute=True):
        draft = make_news("Luonnos", status=News.Status.DRAFT, send_newsletter=True)
    assert newsletter_deliver(news_id=draft.pk) == 0
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        news_publish(news=draft)
    assert [message.subject for message in mailoutbox] == ["Luonnos"]


def test_scheduled_newsletter_waits_for_the_publication_time(
    categories, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    confirmed("lukija@example.fi")
    when = timezone.now() + dt.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        news = make_news("Ajastettu", publish_at=when, send_newsletter=True)
    # The tests' immediate backend cannot defer: the command catches up, when the time comes.
    call_command("news_publish_due", stdout=open("/dev/null", "w"))
    assert mailoutbox == []
    later = when + dt.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("news_publish_due", stdout=open("/dev/null", "w"))
    assert [message.subject for message in mailoutbox] == ["Ajastettu"]
    call_command("news_publish_due", stdout=open("/dev/null", "w"))
    assert len(mailoutbox) == 1
    news.refresh_from_db()
    assert news.newsletter_done_at is not None


def test_a_deferring_backend_gets_the_publication_time(
    categories, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    when = timezone.now() + dt.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        news = make_news("Ajastettu", publish_at=when, send_newsletter=True)
    results = task_backends["default"].results
    assert len(results) == 1
    assert results[0].task.run_after == when
    assert results[0].kwargs == {"news_id": news.pk}


def test_plain_text_part_reads_as_text(categories, mailoutbox, django_capture_on_commit_callbacks):
    confirmed("lukija@example.fi")
    with django_capture_on_commit_callbacks(execute=True):
        make_news(
            "Teksti",
            lead="Ingressi.",
            body="<p>Kunnat &amp; kuntayhtymät</p><h2>Väliotsikko</h2>",
            contacts="Jussi Lehtinen, p. 0400 644 206",
            send_newsletter=True,
        )
    body = mailoutbox[0].body
    assert "Kunnat & kuntayhtymät" in body
    assert "<p>" not in body and "&amp;" not in body
    assert "Ingressi." in body and "Jussi Lehtinen, p. 0400 644 206" in body
