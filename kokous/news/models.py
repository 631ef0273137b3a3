"""News published by communications staff, their attachments, and the e-mail newsletter:
subscribers (double opt-in) and a record of what was sent to whom."""

import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kokous.core.fields import SanitizedHTMLField
from kokous.core.models import TimeStampedModel


class Category(TimeStampedModel):
    """A topic of news (reform news, job postings, meetings and decisions, general news) by
    which residents filter the archive and the feeds and choose what their newsletter holds."""

    slug = models.SlugField(_("identifier in addresses"), unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100, blank=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["position", "name_fi"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, falling back to Finnish."""
        language = (get_language() or "fi")[:2]
        if language == "sv" and self.name_sv:
            return self.name_sv
        if language == "en" and self.name_en:
            return self.name_en
        return self.name_fi


class News(TimeStampedModel):
    """A news item. It is public when it is published and its publication time has come
    (`kokous.news.rules`): until then no public page, feed or attachment shows it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news",
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("identifier in addresses"), max_length=200, unique=True)
    lead = models.TextField(
        _("lead"), blank=True, help_text=_("A summary of one or two sentences.")
    )
    body = SanitizedHTMLField(_("text"), blank=True)
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="news"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The news becomes public at this time; empty means when it is published."),
    )
    contacts = models.TextField(
        _("more information"),
        blank=True,
        help_text=_("Who gives more information, as it should read, e.g. name, title, phone."),
    )
    send_newsletter = models.BooleanField(
        _("send as newsletter"),
        default=False,
        help_text=_("E-mail the news to the newsletter's subscribers when it becomes public."),
    )
    newsletter_done_at = models.DateTimeField(
        _("newsletter sent"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("news")
        verbose_name_plural = _("news")
        ordering = ["-publish_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="news_published_has_time",
            )
        ]
        # The archive, the feeds and the home page: public news, newest first.
        indexes = [models.Index(fields=["status", "publish_at"], name="news_status_publish_at")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        from kokous.news.rules import news_public

        return news_public(news=self)


def _attachment_storage():  # type: ignore[no-untyped-def]
    # Outside MEDIA_ROOT and without a base URL: served only by the views, which check that
    # the news is public.
    return storages["documents"]


def news_attachment_upload_to(instance: "NewsAttachment", filename: str) -> str:
    return f"news/{instance.news_id}/{filename}"


class NewsAttachment(TimeStampedModel):
    """A file attached to a news item (a PDF, office document or image by its content). The
    file is never public by its storage address: `news:attachment` serves it once the news is
    public."""

    news = models.ForeignKey(
        News, verbose_name=_("news"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"), storage=_attachment_storage, upload_to=news_attachment_upload_to, max_length=300
    )
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))

    class Meta:
        verbose_name = _("news attachment")
        verbose_name_plural = _("news attachments")
        ordering = ["news", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def extension(self) -> str:
        name = self.file.name or ""
        return name.rsplit(".", 1)[-1] if "." in name else ""


def subscriber_token() -> str:
    return secrets.token_urlsafe(32)


class Subscriber(TimeStampedModel):
    """An e-mail address that subscribed to the newsletter. It receives mail only once
    confirmed (double opt-in) and until unsubscribed. No categories means every category.
    The token, random and secret, is the key of its unsubscribe link."""

    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="fi"
    )
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="subscribers"
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=subscriber_token)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation last sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Dispatch(TimeStampedModel):
    """One news item e-mailed as newsletter to one subscriber: at most one row per pair, so a
    news item reaches each subscriber once however often the sending runs."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    news = models.ForeignKey(
        News, verbose_name=_("news"), on_delete=models.CASCADE, related_name="dispatches"
    )
    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        on_delete=models.CASCADE,
        related_name="dispatches",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("newsletter dispatch")
        verbose_name_plural = _("newsletter dispatches")
        ordering = ["news", "subscriber"]
        constraints = [models.UniqueConstraint(fields=["news", "subscriber"], name="dispatch_once")]

    def __str__(self) -> str:
        return f"{self.news} → {self.subscriber}"
