"""Fixtures of the news tests: categories (seeded by migration), users and news."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from kokous.news.models import Category, News
from kokous.news.services import news_attachment_add
from kokous.news.tests.factories import make_news, pdf_upload
from kokous.organisations.tests.factories import UserFactory


@pytest.fixture
def categories(db) -> dict[str, Category]:
    return {category.slug: category for category in Category.objects.all()}


@pytest.fixture
def comms_user(db):
    """A member of the communications group "Viestintä" (created by migration)."""
    user = UserFactory(username="viestija")
    user.groups.add(Group.objects.get(name="Viestintä"))
    return user


@pytest.fixture
def ordinary_user(db):
    return UserFactory(username="tavallinen")


@pytest.fixture
def news_set(categories):
    """A public item, a draft and an item scheduled for tomorrow, each with an attachment."""
    public = make_news(
        "Julkinen uutinen", lead="Julkisen ingressi.", categories=[categories["uudistus"]]
    )
    draft = make_news("Luonnosuutinen", status=News.Status.DRAFT, lead="Luonnoksen ingressi.")
    scheduled = make_news(
        "Ajastettu uutinen",
        publish_at=timezone.now() + dt.timedelta(days=1),
        lead="Ajastetun ingressi.",
        categories=[categories["uudistus"]],
    )
    attachments = {
        news.slug: news_attachment_add(news=news, file=pdf_upload(), title=f"Liite {news.title}")
        for news in (public, draft, scheduled)
    }
    return {"public": public, "draft": draft, "scheduled": scheduled, "attachments": attachments}
