"""The communications staff's pages: who may use them, and writing news through them."""

import pytest
from django.test import Client
from django.urls import reverse

from kokous.news.models import News, NewsAttachment
from kokous.news.tests.factories import PDF, make_news, pdf_upload, read
from kokous.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(categories):
    return make_news("Luonnos", status=News.Status.DRAFT)


def staff_urls(news: News) -> list[str]:
    return [
        reverse("news:staff_list"),
        reverse("news:staff_create"),
        reverse("news:staff_edit", kwargs={"pk": news.pk}),
    ]


def test_anonymous_users_go_to_sign_in(client: Client, draft):
    for url in staff_urls(draft):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_ordinary_users_are_refused(client: Client, draft, ordinary_user):
    client.force_login(ordinary_user)
    for url in staff_urls(draft):
        assert client.get(url).status_code == 403
    response = client.post(reverse("news:staff_create"), {"title": "X", "status": "draft"})
    assert response.status_code == 403
    assert not News.objects.filter(title="X").exists()


def test_communications_staff_and_superusers_may(client: Client, draft, comms_user):
    for user in (comms_user, UserFactory(is_superuser=True)):
        client.force_login(user)
        for url in staff_urls(draft):
            assert client.get(url).status_code == 200, url
    page = client.get(reverse("news:staff_list")).content.decode()
    assert "Luonnos" in page


def test_create_news_with_attachment_and_newsletter(
    client: Client, categories, comms_user, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(comms_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("news:staff_create"),
            {
                "title": "Uusi tiedote",
                "lead": "Lyhyesti.",
                "body": '<p>Teksti <script>alert(1)</script><a href="javascript:x">linkki</a></p>',
                "categories": [categories["uudistus"].pk],
                "contacts": "Viestintä, puh. 040 000 0000",
                "status": "published",
                "publish_date": "",
                "publish_time": "",
                "send_newsletter": "on",
                "attachment": pdf_upload("raportti.pdf"),
                "attachment_title": "Raportti",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    news = News.objects.get(title="Uusi tiedote")
    assert response["Location"] == reverse("news:staff_edit", kwargs={"pk": news.pk})
    assert news.is_public
    assert news.created_by == comms_user
    assert "<script" not in news.body and "javascript:" not in news.body
    assert list(news.categories.all()) == [categories["uudistus"]]
    attachment = news.attachments.get()
    assert attachment.title == "Raportti"
    assert attachment.content_type == "application/pdf"
    assert client.get(news.get_absolute_url()).status_code == 200
    # The staff may download it; anonymous visitors through the public address.
    staff_download = client.get(reverse("news:staff_attachment", kwargs={"pk": attachment.pk}))
    assert read(staff_download) == PDF


def test_scheduled_publication_from_the_form(client: Client, categories, comms_user):
    client.force_login(comms_user)
    response = client.post(
        reverse("news:staff_create"),
        {
            "title": "Ensi vuonna",
            "status": "published",
            "publish_date": "2099-01-02",
            "publish_time": "09:30",
        },
    )
    assert response.status_code == 302
    news = News.objects.get(title="Ensi vuonna")
    assert not news.is_public
    assert news.publish_at.isoformat() == "2099-01-02T07:30:00+00:00"
    assert Client().get(news.get_absolute_url()).status_code == 404


def test_a_file_that_is_not_a_document_is_refused(client: Client, draft, comms_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(comms_user)
    response = client.post(
        reverse("news:staff_edit", kwargs={"pk": draft.pk}),
        {
            "title": "Muutettu otsikko",
            "status": "draft",
            "attachment": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page and "application/x-msdownload" in page
    assert not NewsAttachment.objects.exists()
    draft.refresh_from_db()
    assert draft.title == "Luonnos"  # nothing was saved


def test_edit_keeps_the_address(client: Client, categories, comms_user):
    news = make_news("Vanha otsikko")
    client.force_login(comms_user)
    response = client.post(
        reverse("news:staff_edit", kwargs={"pk": news.pk}),
        {"title": "Uusi otsikko", "status": "published", "publish_date": "2020-05-01"},
    )
    assert response.status_code == 302
    news.refresh_from_db()
    assert news.title == "Uusi otsikko"
    assert news.slug == "vanha-otsikko"


def test_attachment_removal(client: Client, draft, comms_user):
    from kokous.news.services import news_attachment_add

    attachment = news_attachment_add(news=draft, file=pdf_upload(), title="Pois")
    client.force_login(comms_user)
    url = reverse("news:staff_attachment_remove", kwargs={"pk": attachment.pk})
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not NewsAttachment.objects.filter(pk=attachment.pk).exists()


def test_staff_posts_need_the_csrf_token(categories, comms_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(comms_user)
    response = client.post(reverse("news:staff_create"), {"title": "X", "status": "draft"})
    assert response.status_code == 403
    assert not News.objects.filter(title="X").exists()
