"""The case register: running numbers, record numbers (diaarinumero) and handling history."""

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from kokous.cases.models import Case
from kokous.cases.selectors import case_handling_history
from kokous.cases.services import case_create, record_number_render
from kokous.cases.tests.factories import CaseFactory
from kokous.core.timeutil import helsinki_datetime
from kokous.meetings.models import Meeting
from kokous.meetings.services import agenda_item_add, agenda_item_record, meeting_create
from kokous.organisations.models import Body
from kokous.organisations.tests.factories import BodyFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kymhva():
    return OrganisationFactory(
        name_fi="Kymenlaakson hyvinvointialue", code="KYMHVA", slug="kymenlaakso"
    )


# Running numbers and record numbers ------------------------------------------------------------


def test_record_number_in_the_default_format(kymhva):
    case = case_create(
        organisation=kymhva, title="Hallintosääntö", task_class="00.01.00", year=2022
    )

    # Not zero-padded: the documents write KYMHVA/123/00.01.00/2022 and e.g. KYMHVA/5/...
    assert case.record_number == "KYMHVA/1/00.01.00/2022"
    assert (case.running_number, case.year, case.task_class) == (1, 2022, "00.01.00")
    assert str(case) == "KYMHVA/1/00.01.00/2022 Hallintosääntö"
    case.refresh_from_db()
    assert case.record_number == "KYMHVA/1/00.01.00/2022"


def test_a_case_without_task_class_gets_the_general_class(kymhva):
    case = case_create(organisation=kymhva, title="Yleinen asia", year=2022)

    assert case.record_number == "KYMHVA/1/00.00.00/2022"
    assert case.task_class == ""


def test_running_numbers_per_organisation_and_year(kymhva):
    other = OrganisationFactory(code="PHHYKY")

    numbers = [
        case_create(organisation=kymhva, title=f"Asia {n}", year=2022).record_number
        for n in range(3)
    ]
    first_of_2023 = case_create(organisation=kymhva, title="Uusi vuosi", year=2023)
    other_org = case_create(organisation=other, title="Toinen", year=2022)
    fourth = case_create(organisation=kymhva, title="Neljäs", year=2022)

    assert numbers == [
        "KYMHVA/1/00.00.00/2022",
        "KYMHVA/2/00.00.00/2022",
        "KYMHVA/3/00.00.00/2022",
    ]
    assert first_of_2023.record_number == "KYMHVA/1/00.00.00/2023"
    assert other_org.record_number == "PHHYKY/1/00.00.00/2022"
    assert fourth.running_number == 4
    assert "/123/" in record_number_render(
        organisation=kymhva, number=123, task_class="00.01.00", year=2022
    )


def test_the_year_defaults_to_the_current_year_in_helsinki(kymhva):
    # 22.30 UTC on New Year's Eve is already the new year in Helsinki.
    new_year_in_helsinki = dt.datetime(2022, 12, 31, 22, 30, tzinfo=dt.UTC)
    with mock.patch("kokous.cases.services.timezone.now", return_value=new_year_in_helsinki):
        case = case_create(organisation=kymhva, title="Uudenvuoden asia")

    assert case.year == 2023
    assert case.record_number == "KYMHVA/1/00.00.00/2023"


@pytest.mark.parametrize(
    ("record_format", "expected"),
    [
        ("{org}-{year}-{number:04d}", "KYMHVA-2022-0007"),
        ("{number}/{task_class}/{year}", "7/02.05.00/2022"),
        ("Dnro {org} {number}/{year}", "Dnro KYMHVA 7/2022"),
    ],
)
def test_a_custom_record_number_format(kymhva, record_format, expected):
    kymhva.record_number_format = record_format
    kymhva.save()
    for n in range(6):
        case_create(organisation=kymhva, title=f"Aiempi {n}", task_class="02.05.00", year=2022)

    case = case_create(organisation=kymhva, title="Seitsemäs", task_class="02.05.00", year=2022)

    assert case.record_number == expected


@pytest.mark.parametrize(
    "record_format",
    [
        "{org}/{diaari}/{year}",  # unknown placeholder
        "{0}/{year}",  # positional placeholder
        "{org/{number}",  # unbalanced brace
        "{number:%Y}",  # bad format specification
        "{number[0]}/{year}",  # indexing a number
        "{org.nimi}/{number}",  # attribute that does not exist
    ],
)
def test_an_invalid_format_is_a_clear_error_and_nothing_is_saved(kymhva, record_format):
    kymhva.record_number_format = record_format
    kymhva.save()

    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        case_create(organisation=kymhva, title="Asia", year=2022)

    assert "record number format" in excinfo.value.messages[0]
    assert "Kymenlaakson hyvinvointialue" in excinfo.value.messages[0]
    assert not Case.objects.exists()


def test_an_existing_record_number_is_kept(kymhva):
    imported = case_create(
        organisation=kymhva,
        title="Vanha asia",
        year=2019,
        record_number="KYMSOTE/412/00.01.01/2019",
    )

    assert imported.record_number == "KYMSOTE/412/00.01.01/2019"
    assert imported.running_number is None
    # It takes no running number from the register.
    assert case_create(organisation=kymhva, title="Uusi", year=2019).running_number == 1


def test_cases_without_record_number(kymhva):
    first = case_create(organisation=kymhva, title="Ilman numeroa", year=2018, record_number="")
    second = case_create(organisation=kymhva, title="Toinen ilman", year=2018, record_number="")

    assert (first.record_number, second.record_number) == ("", "")
    assert str(first) == "Ilman numeroa"


def test_a_record_number_is_unique_in_the_organisation(kymhva):
    case_create(organisation=kymhva, title="Ensimmäinen", year=2019, record_number="X/1/2019")

    with pytest.raises(ValidationError):
        case_create(
            organisation=kymhva, title="Kaksoiskappale", year=2019, record_number="X/1/2019"
        )

    other = case_create(
        organisation=OrganisationFactory(), title="Toinen org", year=2019, record_number="X/1/2019"
    )
    assert other.pk
    assert Case.objects.filter(record_number="X/1/2019").count() == 2


def test_a_format_without_the_running_number_cannot_give_two_cases_the_same_number(kymhva):
    kymhva.record_number_format = "{org}/{year}"
    kymhva.save()
    case_create(organisation=kymhva, title="Ensimmäinen", year=2022)

    with pytest.raises(ValidationError):
        case_create(organisation=kymhva, title="Toinen", year=2022)

    assert Case.objects.count() == 1


def test_the_register_steps_past_an_imported_number_it_would_give(kymhva):
    case_create(
        organisation=kymhva, title="Tuotu", year=2022, record_number="KYMHVA/1/00.00.00/2022"
    )

    new = case_create(organisation=kymhva, title="Uusi", year=2022)

    assert (new.running_number, new.record_number) == (2, "KYMHVA/2/00.00.00/2022")
    assert Case.objects.filter(record_number="KYMHVA/1/00.00.00/2022").count() == 1


def test_the_database_refuses_a_duplicate_running_number(kymhva):
    case_create(organisation=kymhva, title="Ensimmäinen", year=2022)

    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(organisation=kymhva, title="Toinen", year=2022, running_number=1)


@pytest.mark.parametrize("task_class", ["1.2.3", "00.01", "00.01.00.00", "aa.bb.cc"])
def test_an_invalid_task_class_is_refused(kymhva, task_class):
    with pytest.raises(ValidationError) as excinfo:
        case_create(organisation=kymhva, title="Asia", task_class=task_class, year=2022)

    assert "task_class" in excinfo.value.message_dict
    assert not Case.objects.exists()


# Handling history ------------------------------------------------------------------------------


@pytest.fixture
def bodies(kymhva):
    def body(name, kind):
        return BodyFactory(organisation=kymhva, name_fi=name, kind=kind)

    return {
        "vate": body("Kymenlaakson väliaikainen valmistelutoimielin", Body.Kind.PREPARATORY_BODY),
        "group": body("VATE:n poliittinen seurantaryhmä", Body.Kind.STEERING_GROUP),
        "council": body("Kymenlaakson aluevaltuusto", Body.Kind.COUNCIL),
    }


def meeting(body, *start, **kwargs):
    return meeting_create(body=body, start=helsinki_datetime(*start), **kwargs)


def handle(body, start, case, *, filler=0, **kwargs):
    """An item of `case` in a new meeting of `body`, after `filler` other items."""
    held = meeting(body, *start, **kwargs)
    for n in range(filler):
        agenda_item_add(meeting=held, title=f"Muu asia {n}")
    return agenda_item_add(meeting=held, title=case.title, case=case)


def history(case, before=None):
    return [str(h) for h in case_handling_history(case=case, before=before)]


def test_handling_history_across_bodies_oldest_first(kymhva, bodies):
    case = CaseFactory(organisation=kymhva, title="Johtamisen rakenteet ja välineet")
    # Created newest first: the history follows the meeting dates.
    at_council = handle(bodies["council"], (2022, 3, 8, 16), case, filler=3)
    at_group = handle(bodies["group"], (2022, 1, 27, 12), case)
    at_vate = handle(bodies["vate"], (2022, 1, 12, 9), case)

    handlings = case_handling_history(case=case)

    assert [str(h) for h in handlings] == [
        "12.1.2022 § 5 Kymenlaakson väliaikainen valmistelutoimielin",
        "27.1.2022 § 5 VATE:n poliittinen seurantaryhmä",
        "8.3.2022 § 8 Kymenlaakson aluevaltuusto",
    ]
    assert [h.item for h in handlings] == [at_vate, at_group, at_council]
    assert handlings[0].date == dt.date(2022, 1, 12)
    assert handlings[0].section_number == 5
    assert handlings[2].body_name == "Kymenlaakson aluevaltuusto"


def test_earlier_handling_is_what_came_before_the_meeting(kymhva, bodies):
    case = CaseFactory(organisation=kymhva)
    at_vate = handle(bodies["vate"], (2022, 1, 12, 9), case)
    at_group = handle(bodies["group"], (2022, 1, 27, 12), case)
    at_council = handle(bodies["council"], (2022, 3, 8, 16), case)

    assert history(case, before=at_vate) == []
    assert history(case, before=at_group) == [
        "12.1.2022 § 5 Kymenlaakson väliaikainen valmistelutoimielin"
    ]
    assert history(case, before=at_council) == [
        "12.1.2022 § 5 Kymenlaakson väliaikainen valmistelutoimielin",
        "27.1.2022 § 5 VATE:n poliittinen seurantaryhmä",
    ]


def test_earlier_handling_excludes_the_same_meeting(kymhva, bodies):
    case = CaseFactory(organisation=kymhva)
    first = handle(bodies["vate"], (2022, 1, 12, 9), case)
    again = agenda_item_add(meeting=first.meeting, title="Sama asia uudelleen", case=case)

    assert history(case) == [
        "12.1.2022 § 5 Kymenlaakson väliaikainen valmistelutoimielin",
        "12.1.2022 § 6 Kymenlaakson väliaikainen valmistelutoimielin",
    ]
    assert history(case, before=again) == []


def test_a_tabled_case_returns_on_a_later_agenda_of_the_same_body(kymhva, bodies):
    case = CaseFactory(organisation=kymhva)
    handle(bodies["vate"], (2022, 1, 12, 9), case)
    later = handle(bodies["vate"], (2022, 2, 2, 9), case)

    assert history(case, before=later) == [
        "12.1.2022 § 5 Kymenlaakson väliaikainen valmistelutoimielin"
    ]
    assert history(case)[-1] == "2.2.2022 § 11 Kymenlaakson väliaikainen valmistelutoimielin"


def test_cancelled_meetings_are_not_handlings(kymhva, bodies):
    case = CaseFactory(organisation=kymhva)
    cancelled = handle(bodies["group"], (2022, 1, 20, 12), case).meeting
    cancelled.status = Meeting.Status.CANCELLED
    cancelled.save(update_fields=["status"])
    handle(bodies["vate"], (2022, 1, 12, 9), case)
    at_council = handle(bodies["council"], (2022, 3, 8, 16), case)

    assert history(case) == [
        "12.1.2022 § 5 Kymenlaakson väliaikainen valmistelutoimielin",
        "8.3.2022 § 5 Kymenlaakson aluevaltuusto",
    ]
    assert len(history(case, before=at_council)) == 1


def test_other_cases_are_not_in_the_history(kymhva, bodies):
    case, other = CaseFactory(organisation=kymhva), CaseFactory(organisation=kymhva)
    handle(bodies["vate"], (2022, 1, 12, 9), other)
    handle(bodies["vate"], (2022, 1, 19, 9), case)

    assert history(case) == ["19.1.2022 § 11 Kymenlaakson väliaikainen valmistelutoimielin"]
    assert history(CaseFactory(organisation=kymhva)) == []


def test_recorded_meetings_keep_their_numbers_in_the_history(kymhva, bodies):
    case = CaseFactory(organisation=kymhva)
    held = meeting(
        bodies["vate"], 2017, 12, 18, status=Meeting.Status.PUBLISHED, with_standard_items=False
    )
    agenda_item_record(meeting=held, section_number=1, title="Valmistelu", case=case)
    held_2018 = meeting(
        bodies["vate"], 2018, 6, 21, status=Meeting.Status.PUBLISHED, with_standard_items=False
    )
    agenda_item_record(meeting=held_2018, section_number=9, title="Raportointi", case=case)

    assert history(case) == [
        "18.12.2017 § 1 Kymenlaakson väliaikainen valmistelutoimielin",
        "21.6.2018 § 9 Kymenlaakson väliaikainen valmistelutoimielin",
    ]


def test_the_date_is_the_helsinki_date(kymhva, bodies):
    case = CaseFactory(organisation=kymhva)
    # 00.30 in Helsinki on 13 January is still 12 January in UTC.
    handle(bodies["vate"], (2022, 1, 13, 0, 30), case)

    assert history(case) == ["13.1.2022 § 5 Kymenlaakson väliaikainen valmistelutoimielin"]


def test_the_body_name_follows_the_language(kymhva, bodies):
    vate = bodies["vate"]
    vate.name_sv = "Kymmenedalens temporära beredningsorgan"
    vate.save()
    case = CaseFactory(organisation=kymhva)
    handle(vate, (2022, 1, 12, 9), case)

    with translation.override("sv"):
        assert history(case) == ["12.1.2022 § 5 Kymmenedalens temporära beredningsorgan"]
