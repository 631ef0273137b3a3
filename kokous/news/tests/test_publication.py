"""The publication rule of news on every public surface: pages, archive, feeds, attachments.
Drafts and news scheduled for later are never shown; scheduled news appear when their time
comes."""

import datetime as dt

import feedparser
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kokous.news.models import News
from kokous.news.services import news_publish
from kokous.news.tests.factories import read

pytestmark = pytest.mark.django_db

SURFACES = ["news:list", "news:feed_rss", "news:feed_atom"]


def attachment_url(news: News, attachment) -> str:
    return reverse("news:attachment", kwargs={"slug": news.slug, "pk": attachment.pk})


@pytest.mark.parametrize("surface", SURFACES)
def test_lists_and_feeds_show_only_public_news(client: Client, news_set, surface):
    body = client.get(reverse(surface)).content.decode()
    assert "Julkinen uutinen" in body
    assert "Luonnosuutinen" not in body
    assert "Ajastettu uutinen" not in body
    assert "Ajastetun ingressi" not in body


def test_news_page_and_attachment_of_public_news(client: Client, news_set):
    public = news_set["public"]
    response = client.get(public.get_absolute_url())
    assert response.status_code == 200
    assert "Julkisen ingressi." in response.content.decode()
    attachment = news_set["attachments"][public.slug]
    assert attachment_url(public, attachment) in response.content.decode()
    download = client.get(attachment_url(public, attachment))
    assert download.status_code == 200
    assert read(download).startswith(b"%PDF")
    assert download["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("key", ["draft", "scheduled"])
def test_draft_and_scheduled_news_are_not_found(client: Client, news_set, key):
    news = news_set[key]
    assert client.get(news.get_absolute_url()).status_code == 404
    attachment = news_set["attachments"][news.slug]
    assert client.get(attachment_url(news, attachment)).status_code == 404
    # Nor through another news item's address.
    public = news_set["public"]
    wrong = reverse("news:attachment", kwargs={"slug": public.slug, "pk": attachment.pk})
    assert client.get(wrong).status_code == 404


def test_attachment_file_is_not_under_the_public_media_root(client: Client, news_set, settings):
    attachment = news_set["attachments"][news_set["draft"].slug]
    assert not attachment.file.path.startswith(str(settings.MEDIA_ROOT))
    assert client.get(settings.MEDIA_URL + attachment.file.name).status_code == 404


def test_scheduled_news_appears_when_its_time_comes(client: Client, news_set, monkeypatch):
    scheduled = news_set["scheduled"]
    later = timezone.now() + dt.timedelta(days=1, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get(scheduled.get_absolute_url()).status_code == 200
    assert "Ajastettu uutinen" in client.get(reverse("news:list")).content.decode()
    feed = feedparser.parse(client.get(reverse("news:feed_rss")).content)
    assert "Ajastettu uutinen" in [entry.title for entry in feed.entries]
    attachment = news_set["attachments"][scheduled.slug]
    assert client.get(attachment_url(scheduled, attachment)).status_code == 200


def test_publishing_a_draft_makes_it_public(client: Client, news_set):
    draft = news_set["draft"]
    news_publish(news=draft)
    draft.refresh_from_db()
    assert draft.status == News.Status.PUBLISHED
    assert draft.publish_at is not None and draft.publish_at <= timezone.now()
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_news_page_has_open_graph_and_canonical(client: Client, news_set):
    public = news_set["public"]
    html = client.get(public.get_absolute_url()).content.decode()
    url = "http://testserver" + public.get_absolute_url()
    assert f'<link rel="canonical" href="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Julkinen uutinen">' in html
    assert '<meta property="og:description" content="Julkisen ingressi.">' in html
    assert f'<meta property="og:url" content="{url}">' in html
