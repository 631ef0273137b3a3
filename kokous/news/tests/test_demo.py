"""The demo's news: the seeds' articles and job postings, loaded once."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from kokous.core.timeutil import helsinki_datetime
from kokous.demo import data
from kokous.demo.services import demo_load
from kokous.news.models import News

pytestmark = pytest.mark.django_db


def test_seed_news_are_loaded(demo):
    news = {item.title: item for item in News.objects.prefetch_related("categories")}
    seed_000 = news["VATEn asialistalla aluevaltuuston kokous ja kooste VATE-ajan valmistelusta"]
    assert seed_000.organisation.slug == "kymenlaakson-hyvinvointialue"
    assert "Korjattu 24.2. klo 11.16" in seed_000.body
    assert "tiistaina 8. maaliskuuta klo 16 alkaen" in seed_000.body
    seed_004 = news[
        "Päijät-Hämeessä sote-uudistusta valmistelevat työryhmät luovat pohjan "
        "hyvinvointialueen väliaikaisen hallinnon työlle"
    ]
    assert seed_004.publish_at == helsinki_datetime(2021, 4, 13, 12, 0)
    assert "Viestintätyöryhmä" in seed_004.body
    meeting_news = news[
        "Kymenlaakson maakuntauudistuksen poliittisen ohjausryhmän kokouksessa 21.1.2019 "
        "käsitellyt asiat"
    ]
    assert "Kaakkois-Suomen Tieto Oy" in meeting_news.body
    assert "Jaakko Mikkola" in meeting_news.contacts
    assert "0400 644 206" in meeting_news.contacts
    assert {c.slug for c in meeting_news.categories.all()} == {
        "uudistus",
        "kokoukset-ja-paatokset",
    }
    for title in ["Kymenlaakson skenaariot - Kerro mielipiteesi", "Kymenlaakson osallisuuskysely"]:
        assert title in news
    assert all(item.is_public and not item.send_newsletter for item in news.values())


def test_job_postings_are_in_the_job_category(demo):
    jobs = News.objects.filter(categories__slug="tyopaikat").order_by("title")
    assert [job.title for job in jobs] == ["Hallintoassistentti", "Muutosassistentti"]
    assert jobs[1].contacts == "Muutosjohtaja Jussi Lehtinen gsm 0400 644 206"
    assert "23.1.2019 klo 15.00 mennessä" in jobs[1].body
    assert "spamboteilta" not in jobs[1].body


def test_demo_news_load_once(demo):
    count = News.objects.count()
    report = demo_load()
    assert News.objects.count() == count == 8
    assert not report.changed, report


def test_demo_communications_user_may_edit_news(demo, client: Client):
    assert client.login(username="viestinta", password=data.DEMO_PASSWORD)
    user = get_user_model().objects.get(username="viestinta")
    assert user.has_perm("news.change_news")
    assert user.person.full_name == "Demo Viestintä"
    assert client.get(reverse("news:staff_list")).status_code == 200


def test_demo_archive_page(demo, client: Client):
    page = client.get(reverse("news:list"), {"category": "tyopaikat"}).content.decode()
    assert "Muutosassistentti" in page and "Hallintoassistentti" in page
    assert "Kymsote" not in page
