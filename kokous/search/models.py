from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    PUBLIC = "public", _("public")
    MEMBERS = "members", _("members of the body")


class Kind(models.TextChoices):
    ITEM = "item", _("agenda item")
    CASE = "case", _("case")
    MEETING = "meeting", _("meeting")
    BODY = "body", _("body")
    PERSON = "person", _("person")
    NEWS = "news", _("news")
    ATTACHMENT = "attachment", _("attachment")


class SearchDocument(models.Model):
    """One searchable version of one object: what an audience may read of it, analysed.

    An object has a `public` document when the publication rule lets anyone read it (its text
    as the public sees it, private persons' names removed) and, when it belongs to a body, a
    `members` document with its whole text that only those who read the body's staff pages
    may search. `terms` holds the analysed words as a PostgreSQL tsvector literal (title words
    weighted A, in positions), from which each backend builds its own index: a generated
    tsvector column with a GIN index on PostgreSQL, an FTS5 table on SQLite. The rows are
    derived data: `kokous search-reindex` rebuilds them all."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object"))
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    body = models.ForeignKey(
        "organisations.Body",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("body"),
    )
    language = models.CharField(_("language"), max_length=5, default="fi")
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    terms = models.TextField(_("analysed terms"), blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    decision_type = models.CharField(_("decision type"), max_length=30, blank=True)
    url = models.CharField(_("address"), max_length=300)
    available_at = models.DateTimeField(_("searchable from"), null=True, blank=True)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "scope"], name="search_document_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["scope", "-date"], name="search_scope_date"),
            models.Index(fields=["body", "scope"], name="search_body_scope"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.scope}): {self.title}"


class SavedSearch(models.Model):
    """A resident's search that e-mails them new matching decisions. It sends nothing until
    the address is confirmed through the link mailed to it (double opt-in); every message
    carries a link that ends it."""

    email = models.EmailField(_("e-mail address"))
    query = models.CharField(_("search"), max_length=500)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=5, default="fi")
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    notified_until = models.DateTimeField(_("notified until"), null=True, blank=True)
    # Added for the alerts (`kokous.search.alerts`): when the confirmation link was last mailed
    # (at most once every few minutes), and the decisions already mailed that could come up again
    # ({item id: when its minutes became public}), so that none is mailed twice.
    confirmation_sent_at = models.DateTimeField(_("confirmation last sent"), null=True, blank=True)
    notified_items = models.JSONField(_("decisions mailed"), default=dict, blank=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        indexes = [models.Index(fields=["confirmed_at"], name="search_saved_confirmed")]

    def __str__(self) -> str:
        return f"{self.email}: {self.query}"
