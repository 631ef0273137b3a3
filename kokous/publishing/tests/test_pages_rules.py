"""Each publication rule on each page of the public site: a planned meeting shows no items, a
sent agenda its items without decisions, a confidential item its title and legal basis only,
an item public after the decision nothing of its text before the minutes, a non-public
attachment no link (and no file), and the names of private persons removed after the appeal
period appear on no page and are found by no search."""

from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kokous.cases.tests.factories import CaseFactory
from kokous.core.tests.samplefiles import pdf_bytes
from kokous.documents.tests.builders import AFTER_DECISION_TEXT, LEGAL_BASIS, SECRET, small_meeting
from kokous.documents.tests.conftest import documents_stored_in, html_text, parse_html
from kokous.meetings.models import AgendaItem, Attachment, Publicity
from kokous.search.services import search_reindex

pytestmark = pytest.mark.django_db

PRIVATE_NAME = "Matti Kivilahtinen"
PRIVATE_FORMS = ("Kivilahtinen", "Kivilahtise", "kivilahtinen", "kivilahtise")


@pytest.fixture(autouse=True)
def storage(tmp_path, settings) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path / "media"
    with documents_stored_in(tmp_path / "documents"):
        yield


def get_text(client: Client, url: str, **query) -> str:
    response = client.get(url, query)
    assert response.status_code == 200, url
    return html_text(parse_html(response.content))


def attachment_add(
    *, item: AgendaItem, file: SimpleUploadedFile, title: str, **values
) -> Attachment:
    """An attachment stored straight away (the service refuses once the meeting is held)."""
    number = item.attachments.count() + 1
    return Attachment.objects.create(
        agenda_item=item,
        number=number,
        title=title,
        file=file,
        content_type="application/pdf",
        size=file.size,
        **values,
    )


def item_url(item: AgendaItem) -> str:
    return reverse("publishing:item", kwargs={"pk": item.pk})


def with_case(small) -> None:
    """Every item of the small meeting in a case of its own, so the case pages exist."""
    for item in AgendaItem.objects.filter(meeting=small.meeting):
        AgendaItem.objects.filter(pk=item.pk).update(
            case=CaseFactory(organisation=small.organisation, title=f"Asia: {item.title}")
        )


def test_planned_meeting_shows_no_items_anywhere(client: Client):
    planned = small_meeting("planned")
    with_case(planned)
    page = get_text(client, planned.meeting.get_absolute_url())
    assert "Palveluverkko" not in page and "Henkilöstöasia" not in page
    for item in AgendaItem.objects.filter(meeting=planned.meeting):
        assert client.get(item_url(item)).status_code == 404
        assert client.get(item.case.get_absolute_url()).status_code == 404
    calendar = get_text(client, reverse("publishing:meetings"), month="2025-11")
    assert "Palveluverkko" not in calendar
    # The chair of a planned meeting has a page for their membership, but no meeting on it.
    chair = planned.meeting.chair
    assert "Palveluverkko" not in get_text(client, reverse("publishing:person", args=[chair.pk]))


def test_sent_agenda_shows_items_without_decisions(client: Client):
    sent = small_meeting("sent")
    with_case(sent)
    AgendaItem.objects.filter(pk=sent.matter.pk).update(decision="Päätösluonnos4412")
    for url in (
        sent.meeting.get_absolute_url(),
        item_url(sent.matter),
        AgendaItem.objects.get(pk=sent.matter.pk).case.get_absolute_url(),
    ):
        page = get_text(client, url)
        assert "Palveluverkko" in page
        assert "Päätösluonnos4412" not in page
    assert "Hyväksytään palveluverkko." in get_text(client, item_url(sent.matter))
    decisions = client.get(reverse("publishing:decisions"), {"q": "Päätösluonnos4412"})
    assert "Päätösluonnos4412" not in html_text(parse_html(decisions.content).select_one("main"))
    assert not parse_html(decisions.content).select("ol.decisions")


@pytest.mark.parametrize("stage", ["sent", "published"])
def test_confidential_item_is_title_and_legal_basis_on_every_page(client: Client, stage):
    small = small_meeting(stage)
    with_case(small)
    AgendaItem.objects.filter(pk=small.confidential.pk).update(decision=f"Päätös {SECRET}")
    confidential = AgendaItem.objects.get(pk=small.confidential.pk)
    for url in (
        small.meeting.get_absolute_url(),
        item_url(confidential),
        confidential.case.get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 200
        page = html_text(parse_html(response.content))
        assert "Henkilöstöasia" in page and LEGAL_BASIS in page, url
        assert SECRET not in response.content.decode(), url
        assert "Hyväksytään järjestely." not in page, url
    decisions = client.get(reverse("publishing:decisions"))
    assert "Henkilöstöasia" not in decisions.content.decode()


def test_public_after_decision_shows_no_text_before_the_minutes(client: Client):
    for stage, shown in (("sent", False), ("held", False), ("published", True)):
        small = small_meeting(stage)
        for url in (small.meeting.get_absolute_url(), item_url(small.after_decision)):
            page = get_text(client, url)
            assert "Tilakauppa" in page
            assert (AFTER_DECISION_TEXT in page) is shown, (stage, url)
            assert ("Myydään kiinteistö." in page) is shown, (stage, url)


def test_non_public_attachment_has_no_link_and_no_file(client: Client):
    small = small_meeting("published")
    public = attachment_add(
        item=small.matter,
        file=SimpleUploadedFile("verkko.pdf", pdf_bytes("Verkko")),
        title="Palveluverkon kartta",
    )
    hidden = attachment_add(
        item=small.matter,
        file=SimpleUploadedFile("hinnat.pdf", pdf_bytes("Hinnat")),
        title="Hinta-arviot",
        publicity=Publicity.CONFIDENTIAL,
        legal_basis="JulkL 24 § 1 mom. 17 k.",
    )
    after = attachment_add(
        item=small.after_decision,
        file=SimpleUploadedFile("kauppa.pdf", pdf_bytes("Kauppa")),
        title="Kauppakirjan luonnos",
    )
    for url in (small.meeting.get_absolute_url(), item_url(small.matter)):
        html = client.get(url).content.decode()
        assert f"/attachments/{public.pk}/" in html
        assert "Hinta-arviot" in html and f"/attachments/{hidden.pk}/" not in html
        assert hidden.file.url not in html and public.file.url not in html
    assert client.get(f"/attachments/{public.pk}/").status_code == 200
    assert client.get(f"/attachments/{hidden.pk}/").status_code == 404
    # An attachment of an item public after the decision: public with the minutes only.
    sent = small_meeting("sent")
    early = attachment_add(
        item=sent.after_decision,
        file=SimpleUploadedFile("kauppa.pdf", pdf_bytes("Kauppa")),
        title="Kauppakirjan luonnos",
    )
    assert (
        f"/attachments/{early.pk}/"
        not in client.get(item_url(sent.after_decision)).content.decode()
    )
    assert client.get(f"/attachments/{early.pk}/").status_code == 404
    assert (
        f"/attachments/{after.pk}/" in client.get(item_url(small.after_decision)).content.decode()
    )


@pytest.fixture
def removed():
    """A published item whose texts name a private person, the names removed after the appeal
    period; the item is in a case, so that the case page shows it too."""
    small = small_meeting("published")
    case = CaseFactory(organisation=small.organisation, title="Poikkeuslupa")
    AgendaItem.objects.filter(pk=small.matter.pk).update(
        case=case,
        title="Matti Kivilahtisen poikkeuslupa",
        personal_data=True,
        private_persons=PRIVATE_NAME,
        preparation_text=f"<p>Hakija {PRIVATE_NAME} on hakenut lupaa.</p>",
        proposal="Myönnetään Matti Kivilahtiselle lupa.",
        decision="Myönnetään Matti Kivilahtiselle lupa.",
        personal_data_removed_on="2026-01-05",
    )
    attachment_add(
        item=small.matter,
        file=SimpleUploadedFile("hakemus.pdf", pdf_bytes("Hakemus")),
        title="Matti Kivilahtisen hakemus",
    )
    search_reindex()  # the decisions search reads the index
    return small


def test_removed_names_appear_on_no_page(client: Client, removed):
    matter = AgendaItem.objects.get(pk=removed.matter.pk)
    for url in (
        "/",
        removed.meeting.get_absolute_url(),
        item_url(matter),
        matter.case.get_absolute_url(),
        reverse("publishing:decisions"),
        reverse("publishing:person", args=[removed.meeting.presenter_id]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not [form for form in PRIVATE_FORMS if form in html], url
    page = get_text(client, item_url(matter))
    assert "[yksityishenkilö] poikkeuslupa" in page
    assert "Hakija [yksityishenkilö] on hakenut lupaa." in page
    assert "Myönnetään [yksityishenkilö] lupa." in page


@pytest.mark.parametrize("words", ["Kivilahtinen", "Kivilahtiselle", "Matti Kivilahtisen"])
def test_removed_names_are_not_found_by_the_decisions_search(client: Client, removed, words):
    response = client.get(reverse("publishing:decisions"), {"q": words})
    soup = parse_html(response.content)
    assert not soup.select("ol.decisions")
    assert html_text(soup.select_one(".result-count")).startswith("0 ")
    # The search words are the visitor's own, shown back in the form only.
    results = html_text(soup.select_one("main")).replace(words, "")
    assert not [form for form in PRIVATE_FORMS if form in results]
    # The item is still found by what its public version says.
    found = client.get(reverse("publishing:decisions"), {"q": "poikkeuslupa"})
    assert len(parse_html(found.content).select("ol.decisions > li")) == 1
