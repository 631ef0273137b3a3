"""RSS and Atom feeds of public news (Django's syndication framework), optionally of one
category: `?category=<slug>`."""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from kokous.core.feeds import Atom1Feed, Rss201rev2Feed
from kokous.news import selectors
from kokous.news.models import Category, News

FEED_SIZE = 50


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> Category | None:
        slug = request.GET.get("category", "").replace("\x00", "").strip()  # for PostgreSQL
        return Category.objects.filter(slug=slug).first() if slug else None

    def title(self, obj: Category | None) -> str:
        if obj is None:
            return _("News")
        return _("News: %(category)s") % {"category": obj.name}

    def link(self, obj: Category | None) -> str:
        url = reverse("news:list")
        return f"{url}?category={obj.slug}" if obj else url

    def description(self, obj: Category | None) -> str:
        return _("The latest news.")

    def items(self, obj: Category | None) -> list[News]:
        filters = selectors.NewsFilter(category=obj.slug if obj else "")
        return list(selectors.news_public_list(filters=filters)[:FEED_SIZE])

    def item_title(self, item: News) -> str:
        return item.title

    def item_description(self, item: News) -> str:
        return item.lead

    def item_pubdate(self, item: News) -> dt.datetime | None:
        return item.publish_at

    def item_updateddate(self, item: News) -> dt.datetime:
        return item.modified_at

    def item_categories(self, item: News) -> list[str]:
        return [category.name for category in item.categories.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Category | None) -> str:
        return self.description(obj)
