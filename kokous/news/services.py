"""Writes of the news app: news and their attachments, publication (also scheduled), the
newsletter's subscriptions (double opt-in, one-click unsubscribe) and its sending.

E-mail leaves through the task queue (`kokous.news.tasks`), enqueued after commit. A news item
reaches each subscriber at most once: every sending is recorded as a `Dispatch`, one per news
item and subscriber, claimed before its message is sent."""

import datetime as dt
import html
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kokous.core.mail import list_message
from kokous.core.uploads import attachment_check
from kokous.news.models import Category, Dispatch, News, NewsAttachment, Subscriber
from kokous.news.rules import news_public, news_public_q
from kokous.news.selectors import newsletter_recipients
from kokous.organisations.models import Organisation

logger = logging.getLogger(__name__)

# A confirmation link is valid for a week; a new one is mailed at most every few minutes per
# address, however often the form is sent (the form says the same whatever happened).
CONFIRMATION_MAX_AGE = dt.timedelta(days=7)
CONFIRMATION_INTERVAL = dt.timedelta(minutes=5)
CONFIRMATION_SALT = "kokous.news.subscriber_confirm"


# News ---------------------------------------------------------------------------------------


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:180].strip("-") or "uutinen"
    slug, counter = base, 1
    others = News.objects.exclude(pk=exclude_pk) if exclude_pk else News.objects.all()
    while others.filter(slug=slug).exists():
        counter += 1
        slug = f"{base}-{counter}"
    return slug


def _news_validate(news: News) -> None:
    if news.status == News.Status.PUBLISHED and news.publish_at is None:
        news.publish_at = timezone.now()
    news.full_clean(exclude=["categories"])


@transaction.atomic
def news_create(
    *,
    title: str,
    lead: str = "",
    body: str = "",
    categories: Iterable[Category] = (),
    organisation: Organisation | None = None,
    publish_at: dt.datetime | None = None,
    status: str = News.Status.DRAFT,
    contacts: str = "",
    send_newsletter: bool = False,
    slug: str = "",
    created_by: AbstractBaseUser | None = None,
) -> News:
    """Create a news item, a draft unless told otherwise. Published without a time, it is public
    at once; with a future time, when that comes (and its newsletter goes out then)."""
    news = News(
        title=title.strip(),
        slug=slug or _unique_slug(title),
        lead=lead.strip(),
        body=body,
        organisation=organisation,
        publish_at=publish_at,
        status=status,
        contacts=contacts.strip(),
        send_newsletter=send_newsletter,
        created_by=created_by,  # type: ignore[misc]
    )
    _news_validate(news)
    news.save()
    news.categories.set(list(categories))
    _newsletter_schedule(news)
    return news


@transaction.atomic
def news_update(
    *,
    news: News,
    title: str,
    lead: str = "",
    body: str = "",
    categories: Iterable[Category] = (),
    organisation: Organisation | None = None,
    publish_at: dt.datetime | None = None,
    status: str = News.Status.DRAFT,
    contacts: str = "",
    send_newsletter: bool = False,
) -> News:
    """Change a news item. Its address (slug) stays as it was, so links to it keep working."""
    news = News.objects.select_for_update().get(pk=news.pk)
    news.title = title.strip()
    news.lead = lead.strip()
    news.body = body
    news.organisation = organisation
    news.publish_at = publish_at
    news.status = status
    news.contacts = contacts.strip()
    news.send_newsletter = send_newsletter
    _news_validate(news)
    news.save()
    news.categories.set(list(categories))
    _newsletter_schedule(news)
    return news


@transaction.atomic
def news_publish(*, news: News, publish_at: dt.datetime | None = None) -> News:
    """Publish a news item now, or at `publish_at` (scheduled publication)."""
    news = News.objects.select_for_update().get(pk=news.pk)
    news.status = News.Status.PUBLISHED
    news.publish_at = publish_at or news.publish_at or timezone.now()
    _news_validate(news)
    news.save(update_fields=["status", "publish_at", "modified_at"])
    _newsletter_schedule(news)
    return news


@transaction.atomic
def news_attachment_add(*, news: News, file: UploadedFile, title: str = "") -> NewsAttachment:
    """Attach a file to a news item. Its type is read from its content (a PDF, office document
    or image, `kokous.core.uploads`); it is stored under a name made from the title."""
    checked = attachment_check(file, size=file.size or 0)
    title = title.strip() or (file.name or "").rsplit(".", 1)[0].strip()
    if not title:
        raise ValidationError(_("Give the attachment a title."))
    attachment = NewsAttachment(
        news=news, title=title, content_type=checked.content_type, size=checked.size
    )
    attachment.full_clean(exclude=["file"])
    stem = slugify(title)[:80] or "liite"
    attachment.file.save(f"{stem}.{checked.extension}", file, save=False)
    name, storage = attachment.file.name or "", attachment.file.storage
    try:
        attachment.save()
    except Exception:
        storage.delete(name)
        raise
    return attachment


@transaction.atomic
def news_attachment_remove(*, attachment: NewsAttachment) -> None:
    """Remove an attachment; its file goes once the removal is committed."""
    name, storage = attachment.file.name, attachment.file.storage
    attachment.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# The newsletter -------------------------------------------------------------------------------


def newsletter_send(*, news: News) -> None:
    """Send a news item to the newsletter's subscribers when it is public: at once if it is,
    otherwise at its publication time (or by `kokous news_publish_due`)."""
    if not news.send_newsletter:
        News.objects.filter(pk=news.pk).update(send_newsletter=True, modified_at=timezone.now())
        news.send_newsletter = True
    _newsletter_schedule(news)


def _newsletter_schedule(news: News) -> None:
    """Enqueue the sending of a published news item's newsletter, after commit. A news item
    scheduled for later is sent at its time when the task backend can defer, and otherwise by
    the `kokous news_publish_due` command; the task itself checks again that the news is
    public, so a task enqueued for a time that has since moved does nothing."""
    if (
        not news.send_newsletter
        or news.newsletter_done_at is not None
        or news.status != News.Status.PUBLISHED
        or news.publish_at is None
    ):
        return
    from kokous.news.tasks import newsletter_deliver_task

    pk, when = news.pk, news.publish_at
    if when <= timezone.now():
        transaction.on_commit(lambda: newsletter_deliver_task.enqueue(news_id=pk))
    elif newsletter_deliver_task.get_backend().supports_defer:
        transaction.on_commit(
            lambda: newsletter_deliver_task.using(run_after=when).enqueue(news_id=pk)
        )


def news_publish_due() -> list[int]:
    """Enqueue the newsletter of every public news item whose newsletter has not been sent
    (news that became public at their scheduled time, and sendings that could not finish).
    Idempotent: sending records each subscriber once. Returns the news ids."""
    from kokous.news.tasks import newsletter_deliver_task

    due = list(
        News.objects.filter(
            news_public_q(), send_newsletter=True, newsletter_done_at__isnull=True
        ).values_list("pk", flat=True)
    )
    for pk in due:
        newsletter_deliver_task.enqueue(news_id=pk)
    return due


def site_url(path: str) -> str:
    return settings.KOKOUS_SITE_URL + path


def unsubscribe_url(subscriber: Subscriber) -> str:
    return site_url(reverse("news:unsubscribe", kwargs={"token": subscriber.token}))


def newsletter_deliver(*, news_id: int) -> int:
    """E-mail a public news item to its recipients, each once, in their own language; returns
    how many were sent. Run by the task worker.

    The recipients are recorded first (one `Dispatch` each; a second run adds none twice);
    each is then claimed (queued → sending) by one conditional UPDATE before its message goes,
    so that two runs side by side never send the same message twice. When the mail server
    cannot be reached the dispatches stay queued and the news unfinished, for the next run."""
    news = News.objects.filter(pk=news_id).prefetch_related("categories").first()
    if news is None or not news.send_newsletter or not news_public(news=news):
        return 0
    if news.newsletter_done_at is None:
        Dispatch.objects.bulk_create(
            [
                Dispatch(news=news, subscriber_id=pk)
                for pk in newsletter_recipients(news=news).values_list("pk", flat=True)
            ],
            ignore_conflicts=True,
        )
    queued = list(
        news.dispatches.filter(status=Dispatch.Status.QUEUED).values_list("pk", flat=True)
    )
    sent = 0
    if queued:
        connection = get_connection()
        try:
            connection.open()
        except Exception as exc:  # noqa: BLE001 - left queued for the next run
            logger.warning("Newsletter of news %s: mail server unreachable: %s", news.pk, exc)
            return 0
        try:
            for pk in queued:
                claimed = Dispatch.objects.filter(pk=pk, status=Dispatch.Status.QUEUED).update(
                    status=Dispatch.Status.SENDING, modified_at=timezone.now()
                )
                if not claimed:  # sent or being sent by another run
                    continue
                dispatch = Dispatch.objects.select_related("subscriber").get(pk=pk)
                if _dispatch_send(news=news, dispatch=dispatch, connection=connection):
                    sent += 1
        finally:
            connection.close()
    if not news.dispatches.filter(status=Dispatch.Status.QUEUED).exists():
        News.objects.filter(pk=news.pk, newsletter_done_at__isnull=True).update(
            newsletter_done_at=timezone.now()
        )
    return sent


def newsletter_message(*, news: News, subscriber: Subscriber) -> EmailMultiAlternatives:
    """The newsletter e-mail of a news item to one subscriber, in the subscriber's language,
    with the one-click unsubscribe headers of RFC 8058."""
    unsubscribe = unsubscribe_url(subscriber)
    context: dict[str, Any] = {
        "news": news,
        "news_url": site_url(news.get_absolute_url()),
        "body_text": html.unescape(strip_tags(news.body)).strip(),
        "unsubscribe_url": unsubscribe,
    }
    with translation.override(subscriber.language):
        text = render_to_string("news/email/newsletter.txt", context)
        html_body = render_to_string("news/email/newsletter.html", context)
    return list_message(
        subject=news.title,
        text=text,
        html=html_body,
        to=subscriber.email,
        unsubscribe_url=unsubscribe,
        list_name="newsletter",
    )


def _dispatch_send(*, news: News, dispatch: Dispatch, connection: BaseEmailBackend) -> bool:
    message = newsletter_message(news=news, subscriber=dispatch.subscriber)
    message.connection = connection
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - any failure is recorded on the dispatch
        logger.warning("Newsletter of news %s to %s failed: %s", news.pk, dispatch.pk, exc)
        dispatch.status = Dispatch.Status.FAILED
        dispatch.error = str(exc)[:500]
    else:
        dispatch.status = Dispatch.Status.SENT
        dispatch.sent_at = timezone.now()
        dispatch.error = ""
    dispatch.save(update_fields=["status", "error", "sent_at", "modified_at"])
    return dispatch.status == Dispatch.Status.SENT


# Subscriptions ------------------------------------------------------------------------------


def _language(value: str) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return value if value in codes else settings.LANGUAGE_CODE


@transaction.atomic
def subscriber_subscribe(*, email: str, language: str, categories: Iterable[Category] = ()) -> None:
    """Ask for a subscription: a confirmation link is mailed to the address (double opt-in),
    and nothing is sent to it before the link is followed. The choices (language, categories)
    travel signed in the link and take effect on confirmation, so nobody can change another
    person's subscription by typing their address.

    The caller learns nothing of whether the address was known: the answer is the same, and
    a new link goes out at most every CONFIRMATION_INTERVAL per address."""
    address = email.strip().lower()
    validate_email(address)
    language = _language(language)
    category_ids = sorted({category.pk for category in categories})
    subscriber, created = Subscriber.objects.get_or_create(
        email=address, defaults={"language": language}
    )
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if created:
        subscriber.categories.set(category_ids)
    now = timezone.now()
    last = subscriber.confirmation_sent_at
    if last is not None and now - last < CONFIRMATION_INTERVAL:
        return
    subscriber.confirmation_sent_at = now
    subscriber.save(update_fields=["confirmation_sent_at", "modified_at"])
    token = signing.dumps(
        {"p": subscriber.pk, "l": language, "c": category_ids, "t": int(now.timestamp())},
        salt=CONFIRMATION_SALT,
        compress=True,
    )
    from kokous.news.tasks import subscription_confirmation_send

    pk = subscriber.pk
    transaction.on_commit(
        lambda: subscription_confirmation_send.enqueue(
            subscriber_id=pk, token=token, language=language
        )
    )


def confirmation_message(
    *, subscriber: Subscriber, token: str, language: str
) -> EmailMultiAlternatives:
    """The e-mail with the link that confirms a subscription."""
    context = {
        "confirm_url": site_url(reverse("news:confirm", kwargs={"token": token})),
        "days": CONFIRMATION_MAX_AGE.days,
    }
    with translation.override(_language(language)):
        subject = _("Confirm your newsletter subscription")
        text = render_to_string("news/email/confirm.txt", context)
    return EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[subscriber.email]
    )


@transaction.atomic
def subscriber_confirm(*, token: str) -> Subscriber:
    """Confirm a subscription with the signed token of its link, applying the choices made
    when it was asked for. Raises ValidationError for a link that is forged, expired, or
    older than the address's unsubscription."""
    invalid = ValidationError(
        _("This confirmation link is not valid or has expired. Subscribe again to get a new one."),
        code="invalid",
    )
    try:
        payload = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE)
    except signing.BadSignature as exc:
        raise invalid from exc
    subscriber = Subscriber.objects.select_for_update().filter(pk=payload.get("p")).first()
    if subscriber is None:
        raise invalid
    asked = dt.datetime.fromtimestamp(int(payload.get("t", 0)), tz=dt.UTC)
    if subscriber.unsubscribed_at is not None and subscriber.unsubscribed_at > asked:
        raise invalid
    subscriber.language = _language(str(payload.get("l", "")))
    if subscriber.confirmed_at is None or subscriber.unsubscribed_at is not None:
        subscriber.confirmed_at = timezone.now()
    subscriber.unsubscribed_at = None
    subscriber.save(update_fields=["language", "confirmed_at", "unsubscribed_at", "modified_at"])
    subscriber.categories.set(Category.objects.filter(pk__in=payload.get("c") or []))
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(*, token: str) -> Subscriber | None:
    """End a subscription by its token (from the link or List-Unsubscribe header of every
    newsletter); doing it twice changes nothing. None for an unknown token."""
    subscriber = Subscriber.objects.select_for_update().filter(token=token).first()
    if subscriber is None:
        return None
    if subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at", "modified_at"])
    return subscriber
