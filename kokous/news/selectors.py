"""Reads of the news app: the public archive, feeds and pages, and the staff's list."""

from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kokous.news.models import Category, News, NewsAttachment, Subscriber
from kokous.news.rules import news_public_q


@dataclass(frozen=True)
class NewsFilter:
    """The archive's filters: a category slug and a year (in Helsinki time)."""

    category: str = ""
    year: int | None = None


def news_public_list(*, filters: NewsFilter | None = None) -> QuerySet[News]:
    """Public news, newest first, with what the archive and feeds show loaded up front."""
    filters = filters or NewsFilter()
    news = (
        News.objects.filter(news_public_q())
        .select_related("organisation")
        .prefetch_related(Prefetch("categories", queryset=Category.objects.order_by("position")))
    )
    if filters.category:
        news = news.filter(categories__slug=filters.category)
    if filters.year is not None:
        # Year lookups follow the current time zone (Europe/Helsinki).
        news = news.filter(publish_at__year=filters.year)
    return news.order_by("-publish_at", "-pk")


def news_public_years() -> list[int]:
    """The years that have public news, newest first."""
    moments = News.objects.filter(news_public_q()).datetimes(
        "publish_at", "year", order="DESC", tzinfo=timezone.get_current_timezone()
    )
    return [moment.year for moment in moments]


def categories_all() -> QuerySet[Category]:
    return Category.objects.order_by("position", "name_fi")


def news_public_get(*, slug: str) -> News:
    """A public news item with its categories and attachments; Http404 for drafts, news
    scheduled for later and unknown addresses alike."""
    news = (
        News.objects.filter(news_public_q(), slug=slug)
        .select_related("organisation")
        .prefetch_related("categories", "attachments")
        .first()
    )
    if news is None:
        raise Http404("No such news.")
    return news


def news_attachment_public_get(*, slug: str, pk: int) -> NewsAttachment:
    """An attachment of a public news item; Http404 otherwise."""
    attachment = (
        NewsAttachment.objects.filter(news_public_q(prefix="news__"), news__slug=slug, pk=pk)
        .select_related("news")
        .first()
    )
    if attachment is None:
        raise Http404("No such attachment.")
    return attachment


def news_staff_list() -> QuerySet[News]:
    """Every news item for the communications staff, drafts and scheduled ones first."""
    return (
        News.objects.select_related("organisation")
        .prefetch_related("categories")
        .order_by("status", F("publish_at").desc(nulls_first=True), "-pk")
    )


def newsletter_recipients(*, news: News) -> QuerySet[Subscriber]:
    """Confirmed, not unsubscribed subscribers who want the news: those with no categories
    chosen (everything) and those who chose one of the news item's categories."""
    category_ids = list(news.categories.values_list("pk", flat=True))
    return (
        Subscriber.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)
        .filter(Q(categories__isnull=True) | Q(categories__in=category_ids))
        .distinct()
        .order_by("pk")
    )
