"""The demo region: what the seeds say is loaded, and loading twice changes nothing."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError

from kokous.cases.selectors import case_handling_history
from kokous.core.timeutil import helsinki_datetime, local_date
from kokous.demo.services import demo_load
from kokous.meetings.models import Attendance, Meeting
from kokous.meetings.services import quorum_evaluate
from kokous.organisations.models import Body, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def monitoring_meeting(demo):
    return Meeting.objects.get(
        body__slug="vate-poliittinen-seurantaryhma", start=helsinki_datetime(2022, 1, 27, 12)
    )


def names(people):
    return [person.full_name for person in people]


def test_monitoring_group_meeting_is_seed_003(monitoring_meeting):
    meeting = monitoring_meeting
    assert meeting.body.name == "VATE:n poliittinen seurantaryhmä"
    assert meeting.end == helsinki_datetime(2022, 1, 27, 13, 8)
    assert meeting.place == "Teams"
    assert meeting.status == Meeting.Status.PUBLISHED
    assert meeting.chair.full_name == "Seppo Rintamo"
    assert meeting.secretary.full_name == "Ari Nevalainen"
    assert meeting.presenter.full_name == "Annikki Niiranen"
    assert sorted(names(meeting.minute_checkers.all())) == ["Sami Virtanen", "Vappu Kuokka"]
    items = list(meeting.items.order_by("position"))
    assert [(i.section_number, i.title) for i in items] == [
        (1, "Kokouksen avaus ja osallistujien toteaminen"),
        (2, "Laillisuus ja päätösvaltaisuus"),
        (3, "Pöytäkirjantarkastajien valinta"),
        (4, "Kohti hyvinvointialuetta: johtamisen rakenteet ja välineet"),
        (5, "Muut asiat"),
    ]
    assert items[2].proposal == "Valitaan pöytäkirjantarkastajiksi Vappu Kuokka ja Jouko Leppänen."
    assert items[2].decision == "Valittiin pöytäkirjan tarkastajiksi Vappu Kuokka ja Sami Virtanen"
    assert items[3].proposal == "Tuodaan tiedoksi valmistelutyön tämän hetken tilanne."
    assert items[3].decision == "Hyväksyttiin."
    assert "ryhmähaastatteluihin" in items[3].preparation_text
    assert "Annikki Niiranen esitteli" in items[4].preparation_text


def test_monitoring_group_attendance_by_capacity_and_municipality(monitoring_meeting):
    attendances = list(monitoring_meeting.attendances.order_by("position"))
    assert len(attendances) == 25
    absent = [(a.person.full_name, a.represents) for a in attendances if not a.present]
    assert absent == [
        ("Mikko Jaanu", "Kymsoten hallitus"),
        ("Jouko Leppänen", "Kouvola"),
        ("Paula Werning", "Kymenlaakson pelastuslaitos"),
    ]
    present = {a.person.full_name: (a.capacity, a.represents) for a in attendances if a.present}
    assert len(present) == 22
    assert present["Sami Virtanen"] == (Attendance.Capacity.REPRESENTATIVE, "Kotka")
    assert present["Tarja Alastalo"] == (Attendance.Capacity.REPRESENTATIVE, "Miehikkälä")
    assert present["Annikki Niiranen"] == (Attendance.Capacity.PRESENTER, "VATE")
    assert present["Ari Nevalainen"] == (Attendance.Capacity.SECRETARY, "Kymsote")
    assert present["Ismo Korhonen"] == (Attendance.Capacity.INVITED, "Kymsote")
    members = [n for n, (c, r) in present.items() if c == Attendance.Capacity.MEMBER]
    assert len(members) == 11 and "Seppo Rintamo" in members


def test_monitoring_group_quorum(monitoring_meeting):
    result = quorum_evaluate(meeting=monitoring_meeting)
    # 12 board members, 6 municipal representatives and the rescue department's: 19 seats.
    assert (result.seats, result.present, result.required) == (19, 16, 10)
    assert result.has_quorum


def test_speakers_and_earlier_handling_of_section_4(monitoring_meeting):
    item = monitoring_meeting.items.get(section_number=4)
    assert names(turn.person for turn in item.speaking_turns.order_by("position")) == [
        "Ismo Korhonen", "Miia Witting", "Markku Pakkanen", "Sanna-Riitta Junnonen",
        "Annikki Niiranen", "Riku Pirinen", "Juhani Carlson", "Elina Inkeroinen-Lalu",
        "Ari Nevalainen", "Annikki Niiranen", "Matti Astola",
    ]  # fmt: skip
    earlier = case_handling_history(case=item.case, before=item)
    assert [str(h) for h in earlier] == [
        "12.1.2022 § 5 Kymenlaakson väliaikainen valmistelutoimielin"
    ]
    vate_item = earlier[0].item
    assert vate_item.proposal.startswith("Merkitään esittely tiedoksi")
    assert vate_item.decision == "Hyväksyttiin."
    assert names(t.person for t in vate_item.speaking_turns.all()) == [
        "Ismo Korhonen",
        "Lauri Lehto",
    ]
    assert names(item.contacts.all()) == ["Ismo Korhonen"]
    attachment = item.attachments.get()
    assert attachment.number == 1
    assert attachment.title == "Johtamisrakenteet ja johtamisen välineet; pohjaesitys 270122"
    with attachment.file.open("rb") as handle:
        content = handle.read().decode("utf-8")
    assert content.startswith("Johtamisrakenteet ja johtamisen välineet")
    assert attachment.size == len(content.encode("utf-8"))
    assert "VATE:n poliittinen seurantaryhmä\n\n27.01.2022" not in content  # page headers


def test_roles_at_the_meeting_date(monitoring_meeting):
    body = monitoring_meeting.body
    date = local_date(monitoring_meeting.start)
    chair = Membership.objects.get(body=body, role=Membership.Role.CHAIR)
    assert chair.person.full_name == "Seppo Rintamo"
    represented = dict(
        Membership.objects.filter(body=body, role=Membership.Role.REPRESENTATIVE).values_list(
            "person__last_name", "represents"
        )
    )
    assert represented["Leppänen"] == "Kouvola"
    assert all(m.start <= date for m in body.memberships.all())


def test_council_meeting_announced_with_agenda(demo):
    meeting = Meeting.objects.get(body__slug="kymenlaakso-aluevaltuusto")
    assert meeting.start == helsinki_datetime(2022, 3, 8, 16)
    assert meeting.status == Meeting.Status.INVITATION_SENT
    titles = list(meeting.items.order_by("position").values_list("section_number", "title"))
    assert titles[4:] == [
        (5, "Hallintosäännön hyväksyminen"),
        (6, "Aluevaltuuston puheenjohtajiston vaali"),
        (7, "Aluehallituksen ja muiden toimielinten vaalit"),
        (8, "Muut asiat"),
    ]
    assert [number for number, _title in titles] == list(range(1, 9))
    assert meeting.body.quorum_rule == Body.QuorumRule.TWO_THIRDS


def test_vate_2018_working_group_and_case_history(demo):
    group = Body.objects.get(slug="jarjestaja-markkinatyoryhma")
    assert group.parent.abbreviation == "VATE"
    assert group.quorum_rule == Body.QuorumRule.NONE
    assert "Asiakkuusymmärrys" in group.mandate
    members = group.memberships.values_list("person__last_name", flat=True)
    assert sorted(members) == sorted(
        ["Mikkola", "Niiranen", "Kumpu", "Mattila", "Haapanen", "Parkko", "Kouvo", "Gunnar",
         "Lantta"]
    )  # fmt: skip
    meeting = Meeting.objects.get(body__slug="kymenlaakso-maakunta-vate", year=2018, number=1)
    item = meeting.items.get()
    assert item.decision.startswith("Hyväksyttiin esitys")
    assert item.presenter.full_name == "Jussi Lehtinen"
    assert [str(h) for h in case_handling_history(case=item.case)] == [
        "18.12.2017 § 1 Kymenlaakson maakuntauudistuksen väliaikainen valmistelutoimielin",
        "31.1.2018 § 1 Kymenlaakson maakuntauudistuksen väliaikainen valmistelutoimielin",
    ]
    assert not meeting.time_known


def test_steering_group_meeting_of_2019(demo):
    meeting = Meeting.objects.get(body__slug="kymenlaakso-maakunta-poliittinen-ohjausryhma")
    assert local_date(meeting.start).isoformat() == "2019-01-21"
    items = list(meeting.items.order_by("position"))
    assert len(items) == 5
    assert items[1].decision.startswith("Päätettiin, että Kymenlaakson perustietotekniikka")
    assert items[2].decision == "Merkittiin maakuntapalvelujen raportointi tiedoksi."
    assert [str(h) for h in case_handling_history(case=items[2].case, before=items[2])] == [
        "21.6.2018 § 9 Kymenlaakson maakuntauudistuksen väliaikainen valmistelutoimielin"
    ]
    assert names(items[0].contacts.order_by("last_name")) == ["Jussi Lehtinen", "Jaakko Mikkola"]


def test_paijat_hame_seven_groups(demo):
    bodies = Body.objects.filter(organisation__slug="paijat-hameen-hyvinvointialue")
    assert bodies.count() == 7
    assert bodies.filter(kind=Body.Kind.WORKING_GROUP).count() == 6


def test_demo_users_sign_in_as_their_people(demo):
    for username, full_name in [
        ("sihteeri", "Ari Nevalainen"),
        ("puheenjohtaja", "Seppo Rintamo"),
        ("esittelija", "Annikki Niiranen"),
        ("jasen", "Vappu Kuokka"),
        ("tarkastaja", "Sami Virtanen"),
    ]:
        user = authenticate(username=username, password="kokous-demo")
        assert user is not None and user.person.full_name == full_name
    admin = authenticate(username="admin", password="kokous-demo")
    assert admin.is_superuser


def _dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", "--exclude", "contenttypes", "--exclude", "auth.permission",
                 "--exclude", "sessions", stdout=out)  # fmt: skip
    return out.getvalue()


def test_loading_twice_changes_nothing(demo):
    before = _dump()
    report = demo_load()
    assert not report.changed, report
    assert _dump() == before


def test_command_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="KOKOUS_DEBUG"):
        call_command("demo")
    assert not Meeting.objects.exists()


def test_command_loads_and_prints_users(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    call_command("demo", "--force", stdout=out)
    assert "sihteeri" in out.getvalue() and "kokous-demo" in out.getvalue()
    out = io.StringIO()
    call_command("demo", "--force", stdout=out)
    assert "nothing changed" in out.getvalue()
