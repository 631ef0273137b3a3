"""The sitemap of the public site (`django.contrib.sitemaps`) and robots.txt.

`/sitemap.xml` is an index of one sitemap per kind of page, so that a region's many years of
agenda items never outgrow a sitemap's 50,000 addresses. Each section lists only what a public
page shows: agenda items of sent agendas (`rules.item_listed_q`), cases that such an agenda has
carried, people who hold or held a seat, and public news. A meeting's page is listed from the
start, since until its agenda is sent it shows only the time and place.
"""

import datetime as dt
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from kokous.cases.models import Case
from kokous.meetings.models import AgendaItem, Meeting
from kokous.news.models import News
from kokous.news.rules import news_public_q
from kokous.organisations.models import Body, Person
from kokous.publishing import rules


class StaticSitemap(Sitemap):
    """The public site's fixed pages."""

    changefreq = "daily"

    def items(self) -> list[str]:
        return ["publishing:home", "publishing:meetings", "publishing:decisions", "news:list"]

    def location(self, item: str) -> str:
        return reverse(item)


class _ModelSitemap(Sitemap):
    """A sitemap over a queryset whose rows carry `modified_at`, ordered by primary key so that
    its pages stay stable."""

    def queryset(self) -> QuerySet[Any]:
        raise NotImplementedError

    def items(self) -> QuerySet[Any]:
        return self.queryset().order_by("pk")

    def lastmod(self, item: Any) -> dt.datetime:
        return item.modified_at

    def get_latest_lastmod(self) -> dt.datetime | None:
        # One aggregate instead of Django's default of loading every row.
        return self.queryset().aggregate(latest=Max("modified_at"))["latest"]


class BodySitemap(_ModelSitemap):
    changefreq = "weekly"

    def queryset(self) -> QuerySet[Body]:
        return Body.objects.only("pk", "slug", "modified_at")


class MeetingSitemap(_ModelSitemap):
    changefreq = "weekly"

    def queryset(self) -> QuerySet[Meeting]:
        return Meeting.objects.only("pk", "modified_at")


class AgendaItemSitemap(_ModelSitemap):
    """Items of sent agendas, each on its own page (a confidential one as its mention)."""

    changefreq = "weekly"

    def queryset(self) -> QuerySet[AgendaItem]:
        return AgendaItem.objects.filter(rules.item_listed_q()).only("pk", "modified_at")

    def location(self, item: AgendaItem) -> str:
        return reverse("publishing:item", kwargs={"pk": item.pk})


class CaseSitemap(_ModelSitemap):
    """Cases that a public agenda has carried; the others have no public page."""

    changefreq = "weekly"

    def queryset(self) -> QuerySet[Case]:
        carried = AgendaItem.objects.filter(rules.item_listed_q(), case__isnull=False)
        return Case.objects.filter(pk__in=carried.values("case_id")).only("pk", "modified_at")


class PersonSitemap(_ModelSitemap):
    """People who hold or held a seat or role in a body."""

    changefreq = "monthly"

    def queryset(self) -> QuerySet[Person]:
        members = Person.objects.filter(memberships__isnull=False).values("pk")
        return Person.objects.filter(pk__in=members).only("pk", "modified_at")

    def location(self, item: Person) -> str:
        return reverse("publishing:person", kwargs={"pk": item.pk})


class NewsSitemap(_ModelSitemap):
    """Published news whose publication time has come (`kokous.news.rules`)."""

    changefreq = "monthly"

    def queryset(self) -> QuerySet[News]:
        return News.objects.filter(news_public_q()).only("pk", "slug", "modified_at")


SITEMAPS: dict[str, type[Sitemap]] = {
    "pages": StaticSitemap,
    "bodies": BodySitemap,
    "meetings": MeetingSitemap,
    "items": AgendaItemSitemap,
    "cases": CaseSitemap,
    "people": PersonSitemap,
    "news": NewsSitemap,
}


@require_GET
@cache_control(public=True, max_age=86400)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the public site, not the staff's pages, and find the sitemap."""
    sitemap = request.build_absolute_uri(reverse("syndication:sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /staff/",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /i18n/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
