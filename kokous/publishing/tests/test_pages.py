"""The public pages: each answers with the content the documents hold, obeys the publication
rule, and asks the database a number of times that does not grow with the data."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from kokous.cases.tests.factories import CaseFactory
from kokous.core.timeutil import helsinki_datetime
from kokous.meetings.models import Meeting, Publicity
from kokous.meetings.services import agenda_item_add
from kokous.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from kokous.organisations.models import Body

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """The visible text of a page, whitespace collapsed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", body).replace("&#x27;", "'").replace("&quot;", '"')


@pytest.fixture
def monitoring_meeting(demo):
    return Meeting.objects.get(
        body__slug="vate-poliittinen-seurantaryhma", start=helsinki_datetime(2022, 1, 27, 12)
    )


def test_home_lists_bodies_of_every_organisation_and_recent_meetings(client: Client, demo):
    response = client.get("/")
    assert response.status_code == 200
    page = text(response)
    for name in [
        "Kymenlaakson hyvinvointialue",
        "Kymenlaakson Liitto",
        "Päijät-Hämeen hyvinvointialue",
        "VATE:n poliittinen seurantaryhmä",
        "Järjestäjä/markkinatyöryhmä",
        "ICT- ja digityöryhmä",
    ]:
        assert name in page
    assert "8.3.2022" in page and "27.1.2022" in page  # recent meetings, Finnish dates
    # The working group is listed under the VATE that set it up.
    html = response.content.decode()
    assert html.index("Kymenlaakson maakuntauudistuksen väliaikainen") < html.index(
        "Järjestäjä/markkinatyöryhmä"
    )
    assert 'class="depth-1"' in html


def test_home_shows_upcoming_meetings(client: Client, demo):
    meeting = MeetingFactory(start=helsinki_datetime(2099, 5, 4, 17))
    response = client.get("/")
    assert meeting.get_absolute_url() in response.content.decode()
    assert "4.5.2099" in text(response)


def test_body_page(client: Client, demo):
    response = client.get("/bodies/vate-poliittinen-seurantaryhma/")
    assert response.status_code == 200
    page = text(response)
    assert "Seppo Rintamo" in page and "Kymsoten hallitus" in page
    assert "Jouko Leppänen" in page and "Kouvola" in page
    assert "Ari Nevalainen" in page
    meeting = Meeting.objects.get(body__slug="vate-poliittinen-seurantaryhma")
    assert meeting.get_absolute_url() in response.content.decode()
    assert "Kymenlaakson väliaikainen valmistelutoimielin" in page  # set up by


def test_working_group_page_shows_mandate_deadline_and_parent(client: Client, demo):
    page = text(client.get("/bodies/jarjestaja-markkinatyoryhma/"))
    assert "Asiakkuusymmärrys" in page
    assert "31.5.2018" in page
    assert "Päätösvaltaisuus Ei muodollista päätösvaltaisuusvaatimusta" in page
    assert "Eija Lantta" in page and "henkilöstöjärjestöt" in page
    assert "Kymenlaakson maakuntauudistuksen väliaikainen valmistelutoimielin" in page


def test_body_page_separates_former_terms(client: Client, demo):
    response = client.get("/bodies/kymenlaakso-vate/")
    assert response.status_code == 200
    assert "Juhani Carlson" in text(response)  # the VATE's term ended on 28.2.2022


def test_unknown_addresses_are_404(client: Client, demo):
    assert client.get("/bodies/ei-ole/").status_code == 404
    assert client.get("/meetings/999999/").status_code == 404
    assert client.get("/cases/999999/").status_code == 404


def test_published_minutes_of_seed_003(client: Client, monitoring_meeting):
    response = client.get(monitoring_meeting.get_absolute_url())
    assert response.status_code == 200
    page = text(response)
    assert "27.1.2022 klo 12.00–13.08" in page
    assert "Teams" in page
    for line in [
        "1 § Kokouksen avaus ja osallistujien toteaminen",
        "2 § Laillisuus ja päätösvaltaisuus",
        "3 § Pöytäkirjantarkastajien valinta",
        "4 § Kohti hyvinvointialuetta: johtamisen rakenteet ja välineet",
        "5 § Muut asiat",
    ]:
        assert line in page
    assert "Valittiin pöytäkirjan tarkastajiksi Vappu Kuokka ja Sami Virtanen" in page
    assert "12.1.2022 5 § Kymenlaakson väliaikainen valmistelutoimielin" in page
    assert "Ismo Korhonen, Miia Witting, Markku Pakkanen" in page  # speakers in order
    assert "Vappu Kuokka, Sami Virtanen" in page  # minute checkers
    assert "Tarja Alastalo, Miehikkälä" in page
    assert "Seppo Rintamo, Kymsoten hallitus, puheenjohtaja" in page
    # The absent, after the heading for them.
    assert re.search(r"Poissa Mikko Jaanu, Kymsoten hallitus Jouko Leppänen, Kouvola", page)
    attachment = monitoring_meeting.items.get(section_number=4).attachments.get()
    assert f"/attachments/{attachment.pk}/" in response.content.decode()
    assert attachment.file.url not in response.content.decode()  # never by storage address


def test_announced_agenda_shows_items_but_no_minutes(client: Client, demo):
    meeting = Meeting.objects.get(body__slug="kymenlaakso-aluevaltuusto")
    page = text(client.get(meeting.get_absolute_url()))
    assert "5 § Hallintosäännön hyväksyminen" in page
    assert "8 § Muut asiat" in page
    assert "Pöytäkirjaa ei ole vielä julkaistu" in page
    assert "Poissa" not in page


def test_planned_meeting_shows_no_agenda(client: Client):
    item = AgendaItemFactory(title="Salainen valmisteilla oleva asia")
    page = text(client.get(item.meeting.get_absolute_url()))
    assert "Esityslistaa ei ole vielä julkaistu" in page
    assert "Salainen valmisteilla oleva asia" not in page
    assert "Kokouksen avaus" not in page


def _published_meeting_with(**item_values) -> tuple[Meeting, int]:
    meeting = MeetingFactory()
    item = agenda_item_add(meeting=meeting, **item_values)
    item.decision = "Päätösteksti, joka ei saa näkyä."
    item.save()
    return meeting, item.pk


def test_confidential_item_is_a_mention_with_its_legal_basis(client: Client):
    meeting, _pk = _published_meeting_with(
        title="Virkasuhteen päättäminen",
        preparation_text="<p>Henkilön terveydentila ja muut salaiset tiedot.</p>",
        proposal="Salainen esitys.",
        publicity=Publicity.CONFIDENTIAL,
        legal_basis="JulkL 24 § 1 mom. 32 k.",
    )
    for status in [Meeting.Status.INVITATION_SENT, Meeting.Status.PUBLISHED]:
        Meeting.objects.filter(pk=meeting.pk).update(status=status)
        page = text(client.get(meeting.get_absolute_url()))
        assert "Virkasuhteen päättäminen" in page
        assert "JulkL 24 § 1 mom. 32 k." in page
        for secret in ["terveydentila", "Salainen esitys", "ei saa näkyä"]:
            assert secret not in page


def test_item_public_after_decision_opens_with_the_minutes(client: Client):
    meeting, _pk = _published_meeting_with(
        title="Kiinteistön myynti",
        preparation_text="<p>Kauppahinta neuvotellaan.</p>",
        publicity=Publicity.PUBLIC_AFTER_DECISION,
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.INVITATION_SENT)
    page = text(client.get(meeting.get_absolute_url()))
    assert "Kiinteistön myynti" in page and "Julkinen päätöksen jälkeen" in page
    assert "Kauppahinta" not in page
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PUBLISHED)
    page = text(client.get(meeting.get_absolute_url()))
    assert "Kauppahinta neuvotellaan" in page and "ei saa näkyä" in page


def test_case_page_lists_public_handlings(client: Client, monitoring_meeting):
    case = monitoring_meeting.items.get(section_number=4).case
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    page = text(response)
    assert "Kohti hyvinvointialuetta: johtamisen rakenteet ja välineet" in page
    assert page.index("12.1.2022 5 § Kymenlaakson väliaikainen") < page.index(
        "27.1.2022 4 § VATE:n poliittinen seurantaryhmä"
    )


def test_case_only_on_an_unsent_agenda_is_not_shown(client: Client):
    meeting = MeetingFactory()
    case = CaseFactory(title="Vielä valmisteltava asia", organisation=meeting.body.organisation)
    AgendaItemFactory(meeting=meeting, case=case)
    assert client.get(case.get_absolute_url()).status_code == 404


def test_pages_in_swedish_and_english(client: Client, demo):
    client.cookies["django_language"] = "sv"
    response = client.get("/")
    assert '<html lang="sv">' in response.content.decode()
    assert "Kymmenedalens välfärdsområde" in text(response)
    assert "Organ och möten" in text(response)
    client.cookies["django_language"] = "en"
    response = client.get("/")
    assert '<html lang="en">' in response.content.decode()
    assert "Bodies and meetings" in text(response)


def test_language_switch_form(client: Client, demo):
    response = client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="sv">' in client.get("/").content.decode()


def test_each_page_has_one_main_heading_and_a_skip_link(client: Client, monitoring_meeting):
    case = monitoring_meeting.items.get(section_number=4).case
    for url in [
        "/",
        "/bodies/vate-poliittinen-seurantaryhma/",
        monitoring_meeting.get_absolute_url(),
        case.get_absolute_url(),
    ]:
        html = client.get(url).content.decode()
        assert html.count("<h1") == 1, url
        assert 'href="#content"' in html and 'id="content"' in html
        assert '<html lang="fi">' in html


def test_query_counts_do_not_grow_with_the_data(client: Client, django_assert_max_num_queries):
    body = Body.objects.create(
        organisation=CaseFactory().organisation, name_fi="Hallitus", slug="hallitus", kind="board"
    )
    meeting = MeetingFactory(body=body)
    for n in range(12):
        agenda_item_add(meeting=meeting, title=f"Asia {n}", case=CaseFactory(
            organisation=body.organisation))  # fmt: skip
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PUBLISHED)
    for n in range(8):
        # Later meetings: one dated before the published meeting would renumber its § (refused).
        MeetingFactory(body=body, start=meeting.start + dt.timedelta(days=7 * (n + 1)))
    with django_assert_max_num_queries(12):
        assert client.get(meeting.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(body.get_absolute_url()).status_code == 200
