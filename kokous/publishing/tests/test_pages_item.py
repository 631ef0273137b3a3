"""An agenda item on its own page (`/items/<pk>/`): what the minutes hold of it once public
(votes by name, proposals, dissents, disqualifications without reasons, appeal instructions,
the extract and its hash), nothing before, and the page's links and metadata."""

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse

from kokous.documents.models import StoredDocument
from kokous.documents.tests.builders import (
    DISQUALIFICATION_REASON,
    REGISTRY,
    SECRET,
    SECRET_ATTACHMENT,
    SECRET_DECISION,
    SECRET_PROPOSAL,
    Everything,
    everything_meeting,
)
from kokous.documents.tests.conftest import documents_stored_in, html_text, one, parse_html
from kokous.meetings.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage(tmp_path, settings) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path / "media"
    with documents_stored_in(tmp_path / "documents"):
        yield


@pytest.fixture
def board() -> Everything:
    return everything_meeting()


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def item_url(item) -> str:
    return reverse("publishing:item", kwargs={"pk": item.pk})


def test_item_page_shows_the_handling_votes_decision_and_appeal(client: Client, board):
    matter = board.item("matter")
    response = english(client).get(item_url(matter))
    assert response.status_code == 200
    soup = parse_html(response.content)
    page = html_text(soup)
    assert one(soup, "h1").get_text(" ", strip=True) == "5 § Palvelustrategia 2026–2030"
    # Breadcrumb: body › meeting › item.
    crumbs = [html_text(li) for li in soup.select("nav.breadcrumb li")]
    assert crumbs[0] == "Aluehallitus" and crumbs[2] == "5 §"
    assert "25.11.2025" in crumbs[1] or "25 November 2025" in crumbs[1]
    # Preparation, contact, proposal, the public attachment linked, the confidential one not.
    assert "Aluehallitus valmistelee palvelustrategian." in page
    assert "Esa Esikko, hyvinvointialuejohtaja" in page
    assert "Aluehallitus hyväksyy palvelustrategian liitteen 1 mukaisena." in page
    public, confidential = matter.attachments.order_by("number")
    assert soup.select_one(f"a[href='/attachments/{public.pk}/']") is not None
    assert soup.select_one(f"a[href='/attachments/{confidential.pk}/']") is None
    assert "Strategian kustannuslaskelma" in page  # listed by title only
    # The meeting: speakers, the counter-proposal with its seconder, the vote by name.
    assert "Speakers: Eero Mattila, Kalle Kivinen and Esa Esikko" in page
    assert "Palvelustrategia palautetaan valmisteluun maaseudun palvelujen osalta." in page
    assert "Seconded by Kalle Kivinen." in page
    rows = {
        html_text(row.select_one("th")): html_text(row.select("td")[-1])
        for row in soup.select("table.ballots tbody tr")
    }
    assert "Eero Mattila" in rows["no"] and "Kalle Kivinen" in rows["no"]
    assert rows["blank"] == "Liisa Lehtonen"
    assert "Paula Puustinen" in rows["yes"] and "Ville Varamies" in rows["yes"]
    # The decision with its type, the dissent, the appeal instructions of a board.
    decision = html_text(one(soup, "section[aria-labelledby=decision-heading]"))
    assert "Adopted after a vote" in decision
    assert "Hyväksyttiin esittelijän esitys äänin 4–2 (1 tyhjä)." in decision
    assert "Eero Mattila left a dissenting opinion." in decision
    assert "Oikaisuvaatimusohje" in page and REGISTRY in page
    # The extract.
    assert soup.select_one(f"a[href='{reverse('documents:extract', args=[matter.pk])}']")
    assert soup.select_one(
        f"a.extract-pdf[href='{reverse('documents:extract_pdf', args=[matter.pk])}']"
    )


def test_disqualification_is_shown_without_its_reason(client: Client, board):
    page = html_text(parse_html(english(client).get(item_url(board.item("procurement"))).content))
    assert "Bertta Björk declared a disqualification" in page
    assert DISQUALIFICATION_REASON not in page
    assert "puolison yritys" not in page


def test_sha256_of_the_stored_extract(client: Client, board):
    matter = board.item("matter")
    assert "SHA-256" not in html_text(parse_html(client.get(item_url(matter)).content))
    pdf = client.get(reverse("documents:extract_pdf", args=[matter.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    stored = StoredDocument.objects.get(item=matter, variant="public", language="fi")
    page = html_text(parse_html(client.get(item_url(matter)).content))
    assert stored.sha256 in page


def test_previous_and_next_items_and_the_case_history(client: Client, board):
    matter, procurement = board.item("matter"), board.item("procurement")
    soup = parse_html(client.get(item_url(procurement)).content)
    assert one(soup, "a[rel=prev]")["href"] == item_url(matter)
    assert "5 § Palvelustrategia 2026–2030" in html_text(one(soup, "a[rel=prev]"))
    assert one(soup, "a[rel=next]")["href"] == item_url(board.item("confidential"))
    first = parse_html(client.get(item_url(board.item("opening"))).content)
    assert first.select_one("a[rel=prev]") is None
    last = parse_html(client.get(item_url(board.item("closing"))).content)
    assert last.select_one("a[rel=next]") is None


def test_item_of_a_case_lists_every_handling_and_links_the_case(client: Client, board):
    from kokous.cases.tests.factories import CaseFactory
    from kokous.meetings.models import AgendaItem

    case = CaseFactory(organisation=board.organisation, record_number="TEST/12/00.01.00/2025")
    AgendaItem.objects.filter(pk=board.items["matter"].pk).update(case=case)
    soup = parse_html(client.get(item_url(board.item("matter"))).content)
    page = html_text(soup)
    assert "TEST/12/00.01.00/2025" in page
    assert soup.select_one(f"a[href='{case.get_absolute_url()}']") is not None
    assert "25.11.2025 5 § Aluehallitus" in page
    assert one(soup, "ol.handling a[aria-current=page]")["href"] == item_url(board.item("matter"))


def test_open_graph_and_canonical(client: Client, board):
    matter = board.item("matter")
    soup = parse_html(client.get(item_url(matter)).content)
    absolute = f"http://testserver{item_url(matter)}"
    assert one(soup, "link[rel=canonical]")["href"] == absolute
    assert one(soup, "meta[property='og:url']")["content"] == absolute
    assert one(soup, "meta[property='og:type']")["content"] == "article"
    assert one(soup, "meta[property='og:site_name']")["content"] == "Kokous"
    assert one(soup, "meta[property='og:title']")["content"] == "5 § Palvelustrategia 2026–2030"
    assert (
        one(soup, "meta[property='og:description']")["content"]
        == "Hyväksyttiin esittelijän esitys äänin 4–2 (1 tyhjä)."
    )


def test_confidential_item_page_is_its_title_and_legal_basis(client: Client, board):
    confidential = board.item("confidential")
    response = client.get(item_url(confidential))
    assert response.status_code == 200
    soup = parse_html(response.content)
    page = html_text(soup)
    assert "Henkilöstöjärjestely yksikössä" in page
    assert "JulkL 24 § 1 mom. 25 k." in page
    for secret in (SECRET, SECRET_PROPOSAL, SECRET_DECISION, SECRET_ATTACHMENT):
        assert secret not in response.content.decode()
    assert soup.select_one("a.extract-pdf") is None
    # Its description is the title, never the decision.
    assert one(soup, "meta[property='og:description']")["content"] == (
        "Henkilöstöjärjestely yksikössä"
    )


def test_before_the_minutes_the_item_shows_the_agenda_only(client: Client):
    board = everything_meeting(publish=False)
    Meeting.objects.filter(pk=board.meeting.pk).update(status=Meeting.Status.INVITATION_SENT)
    response = client.get(item_url(board.item("matter")))
    assert response.status_code == 200
    page = html_text(parse_html(response.content))
    assert "Aluehallitus hyväksyy palvelustrategian liitteen 1 mukaisena." in page
    for later in ("Hyväksyttiin esittelijän esitys äänin", "Eero Mattila", "Oikaisuvaatimus"):
        assert later not in page
    assert "extract" not in response.content.decode()


def test_items_of_an_unsent_agenda_and_unknown_items_are_404(client: Client, board):
    Meeting.objects.filter(pk=board.meeting.pk).update(status=Meeting.Status.PLANNED)
    assert client.get(item_url(board.item("matter"))).status_code == 404
    assert client.get("/items/999999/").status_code == 404


def test_item_page_query_count_does_not_grow(client: Client, board, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        assert client.get(item_url(board.item("matter"))).status_code == 200
