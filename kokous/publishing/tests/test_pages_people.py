"""Bodies' members by term and the people pages: who has a page, what it shows, and that
contact details appear only for a work contact."""

import datetime as dt
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse

from kokous.documents.tests.builders import everything_meeting, small_meeting
from kokous.documents.tests.conftest import documents_stored_in, html_text, one, parse_html
from kokous.meetings.models import AgendaItem, Meeting
from kokous.organisations.models import Membership, Person
from kokous.organisations.tests.factories import (
    BodyFactory,
    DeputyFactory,
    MembershipFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage(tmp_path, settings) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path / "media"
    with documents_stored_in(tmp_path / "documents"):
        yield


def person_url(person: Person) -> str:
    return reverse("publishing:person", kwargs={"pk": person.pk})


def _person(first: str, last: str, **values) -> Person:
    return PersonFactory(first_name=first, last_name=last, **values)


def test_body_members_by_term_with_deputies_beside_their_members(client: Client):
    body = BodyFactory(name_fi="Aluehallitus")
    chair = MembershipFactory(
        body=body, person=_person("Paula", "Puheenjohtaja"), role=Membership.Role.CHAIR,
        start=dt.date(2025, 6, 1),
    )  # fmt: skip
    member = MembershipFactory(
        body=body, person=_person("Aino", "Jäsen"), start=dt.date(2025, 6, 1)
    )
    DeputyFactory(
        deputy_for=member, person=_person("Ville", "Varajäsen"), start=dt.date(2025, 6, 1)
    )
    MembershipFactory(  # joined mid-term: still the same term
        body=body, person=_person("Uuno", "Uusi"), start=dt.date(2026, 1, 1)
    )
    MembershipFactory(
        body=body,
        person=_person("Entinen", "Jäsen"),
        start=dt.date(2021, 6, 1),
        end=dt.date(2025, 5, 31),
    )
    MembershipFactory(
        body=body,
        person=_person("Vanhempi", "Jäsen"),
        start=dt.date(2017, 6, 1),
        end=dt.date(2021, 5, 31),
    )
    client.cookies["django_language"] = "en"
    soup = parse_html(client.get(body.get_absolute_url()).content)
    tables = soup.select("table.memberships")
    assert [html_text(one(table, "caption")) for table in tables] == [
        "In office",
        "Term 1 June 2021–31 May 2025",
        "Term 1 June 2017–31 May 2021",
    ]
    current = [
        [html_text(cell) for cell in row.select("th, td")] for row in tables[0].select("tbody tr")
    ]
    assert [row[0] for row in current] == ["Paula Puheenjohtaja", "Aino Jäsen", "Uuno Uusi"]
    assert current[1][2] == "Ville Varajäsen"  # the deputy beside the member
    assert not any("Ville Varajäsen" == row[0] for row in current)  # not a row of their own
    assert "Entinen Jäsen" in html_text(tables[1]) and "Vanhempi Jäsen" in html_text(tables[2])
    # Each person links to their page.
    assert tables[0].select_one(f"a[href='{person_url(chair.person)}']")
    assert client.get(person_url(chair.person)).status_code == 200


def test_body_page_query_count(client: Client, django_assert_max_num_queries):
    body = BodyFactory()
    for _n in range(10):
        DeputyFactory(deputy_for=MembershipFactory(body=body))
    with django_assert_max_num_queries(6):
        assert client.get(body.get_absolute_url()).status_code == 200


def test_member_page_shows_roles_meetings_and_items(client: Client):
    board = everything_meeting()
    client.cookies["django_language"] = "en"
    chair = board.chair
    soup = parse_html(client.get(person_url(chair)).content)
    page = html_text(soup)
    assert one(soup, "h1").get_text(strip=True) == "Paula Puustinen"
    assert "Aluehallitus" in page and "Chair" in page
    assert soup.select_one(f"a[href='{board.meeting.get_absolute_url()}']")  # chaired
    presenter = html_text(parse_html(client.get(person_url(board.presenter)).content))
    assert "Palvelustrategia 2026–2030" in presenter  # items presented
    assert "Henkilöstöjärjestely yksikössä" in presenter  # listed, by its title


def test_contact_details_only_for_a_work_contact(client: Client):
    board = everything_meeting()
    Person.objects.filter(pk=board.presenter.pk).update(
        email="esa.esikko@alue.example", phone="040 123 4567"
    )
    Person.objects.filter(pk=board.members["Aaltonen"].pk).update(
        email="aino.koti@example.com", phone="050 765 4321", title="yrittäjä"
    )
    presenter = client.get(person_url(board.presenter)).content.decode()
    assert "esa.esikko@alue.example" in presenter and "040 123 4567" in presenter
    assert "hyvinvointialuejohtaja" in presenter
    member = client.get(person_url(board.members["Aaltonen"])).content.decode()
    assert "aino.koti@example.com" not in member and "050 765 4321" not in member
    assert "yrittäjä" not in member


def test_people_without_a_public_role_have_no_page(client: Client):
    assert client.get(person_url(PersonFactory())).status_code == 404
    assert client.get("/people/999999/").status_code == 404
    # Contact person of a confidential item only: no page, no contact details.
    small = small_meeting("published")
    secret_contact = _person("Salainen", "Yhteyshenkilö", email="s@example.fi")
    AgendaItem.objects.get(pk=small.confidential.pk).contacts.add(secret_contact)
    assert client.get(person_url(secret_contact)).status_code == 404
    # Presenter of a planned meeting who holds no membership: no page.
    planned = small_meeting("planned")
    outsider = _person("Ulla", "Ulkopuolinen")
    Meeting.objects.filter(pk=planned.meeting.pk).update(presenter=outsider)
    AgendaItem.objects.filter(meeting=planned.meeting).update(presenter=outsider)
    assert client.get(person_url(outsider)).status_code == 404
    # Once the agenda is sent, they presented listed items: a page.
    Meeting.objects.filter(pk=planned.meeting.pk).update(status=Meeting.Status.INVITATION_SENT)
    assert client.get(person_url(outsider)).status_code == 200


def test_person_page_query_count(client: Client, django_assert_max_num_queries):
    board = everything_meeting()
    with django_assert_max_num_queries(8):
        assert client.get(person_url(board.presenter)).status_code == 200
