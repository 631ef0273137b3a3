"""The publication rule of news, decided here only: a news item is public when its status is
"published" and its publication time has come. Drafts and news scheduled for later are never
shown by a public page, feed, attachment download or newsletter."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from kokous.news.models import News


def news_public_q(*, now: dt.datetime | None = None, prefix: str = "") -> Q:
    """The database filter for public news (`prefix` is a path such as "news__")."""
    moment = now or timezone.now()
    return Q(**{f"{prefix}status": News.Status.PUBLISHED, f"{prefix}publish_at__lte": moment})


def news_public(*, news: News, now: dt.datetime | None = None) -> bool:
    """Whether a loaded news item is public now."""
    moment = now or timezone.now()
    return (
        news.status == News.Status.PUBLISHED
        and news.publish_at is not None
        and news.publish_at <= moment
    )
