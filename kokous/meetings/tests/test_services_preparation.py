"""Preparing an agenda: editing items with optimistic concurrency, marking them ready, removing
them, the supplementary agenda after the invitation, taking up tabled items again, and the
record of changes made to a sent agenda (`kokous.meetings.services`)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import translation

from kokous.cases.tests.factories import CaseFactory
from kokous.core.exceptions import EditConflict
from kokous.core.timeutil import helsinki_datetime
from kokous.meetings.models import AgendaChange, AgendaItem, Meeting, Publicity
from kokous.meetings.selectors import tabled_items_pending
from kokous.meetings.services import (
    agenda_item_add,
    agenda_item_carry,
    agenda_item_ready_set,
    agenda_item_record,
    agenda_item_remove,
    agenda_item_update,
    meeting_create,
    meeting_update,
)
from kokous.organisations.tests.factories import BodyFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

SENT = Meeting.Status.INVITATION_SENT
HELD = Meeting.Status.HELD
CANCELLED = Meeting.Status.CANCELLED


@pytest.fixture
def body():
    return BodyFactory(name_fi="Aluehallitus")


@pytest.fixture
def editor():
    """A secretary's account, linked to her person."""
    user = UserFactory(username="maija")
    PersonFactory(first_name="Maija", last_name="Virtanen", user=user)
    return user


@pytest.fixture
def other_editor():
    user = UserFactory(username="pekka")
    PersonFactory(first_name="Pekka", last_name="Korhonen", user=user)
    return user


def meeting_at(body, month, day, hour=17, **kwargs):
    return meeting_create(body=body, start=helsinki_datetime(2022, month, day, hour), **kwargs)


def agenda(meeting):
    return list(meeting.items.order_by("position").values_list("section_number", "title"))


def numbers(meeting):
    return [number for number, _title in agenda(meeting)]


def titles(meeting):
    return [title for _number, title in agenda(meeting)]


def status_set(meeting, status, **changes):
    """Change a meeting's status (and, optionally, its time or place) through `meeting_update`,
    keeping everything else as stored."""
    meeting = Meeting.objects.get(pk=meeting.pk)
    values = {
        name: getattr(meeting, name)
        for name in (
            "start", "end", "place", "online_url", "time_known", "chair", "secretary", "presenter",
        )
    }  # fmt: skip
    values.update(changes)
    return meeting_update(meeting=meeting, status=status, **values)


def edit(item, *, version, changed_by=None, contacts=None, **changes):
    """Save `item` with `changes` over its stored values, as the item form does."""
    stored = AgendaItem.objects.get(pk=item.pk)
    values = {
        "title": stored.title,
        "preparation_text": stored.preparation_text,
        "proposal": stored.proposal,
        "publicity": stored.publicity,
        "legal_basis": stored.legal_basis,
        "presenter": stored.presenter,
        "case": stored.case,
        "contacts": list(stored.contacts.all()) if contacts is None else contacts,
    }
    values.update(changes)
    return agenda_item_update(item=item, version=version, changed_by=changed_by, **values)


def changes(meeting):
    return list(AgendaChange.objects.filter(meeting=meeting).order_by("pk"))


def fi_label(name):
    with translation.override("fi"):
        return str(AgendaItem._meta.get_field(name).verbose_name)


# Editing an item: optimistic concurrency -------------------------------------------------------


def test_a_save_on_the_current_version_is_written_and_raises_the_version(body, editor):
    meeting = meeting_at(body, 2, 14)
    item = agenda_item_add(meeting=meeting, title="Talousarvio")
    contact = PersonFactory()
    presenter = PersonFactory()
    case = CaseFactory(organisation=body.organisation)
    assert item.version == 1

    saved = edit(
        item,
        version=1,
        changed_by=editor,
        title="Talousarvio 2023",
        preparation_text="<p>Talousarvion perustelut.</p>",
        proposal="Hyväksytään talousarvio.",
        presenter=presenter,
        case=case,
        contacts=[contact],
    )

    stored = AgendaItem.objects.get(pk=item.pk)
    assert saved.pk == item.pk
    assert (stored.version, saved.version) == (2, 2)
    assert stored.modified_by == editor
    assert stored.title == "Talousarvio 2023"
    assert stored.preparation_text == "<p>Talousarvion perustelut.</p>"
    assert stored.proposal == "Hyväksytään talousarvio."
    assert stored.presenter == presenter
    assert stored.case == case
    assert list(stored.contacts.all()) == [contact]
    # Before the invitation nothing is recorded for a supplementary agenda.
    assert changes(meeting) == []

    edit(stored, version=2, changed_by=editor, proposal="Hyväksytään muutettuna.")
    assert AgendaItem.objects.get(pk=item.pk).version == 3


def test_a_save_on_an_old_version_is_a_conflict_and_writes_nothing(body, editor, other_editor):
    meeting = meeting_at(body, 2, 14)
    item = agenda_item_add(meeting=meeting, title="Talousarvio")
    first_contact, second_contact = PersonFactory(), PersonFactory()
    # Both open the form on version 1; Maija saves first.
    edit(item, version=1, changed_by=editor, proposal="Maijan esitys.", contacts=[first_contact])

    with translation.override("en"), pytest.raises(EditConflict) as caught:
        edit(
            item,
            version=1,
            changed_by=other_editor,
            title="Pekan otsikko",
            proposal="Pekan esitys.",
            contacts=[second_contact],
        )

    conflict = caught.value
    assert conflict.code == "conflict"
    assert conflict.current.pk == item.pk
    assert conflict.current.version == 2
    assert conflict.current.proposal == "Maijan esitys."
    assert conflict.current.modified_by == editor
    assert conflict.messages[0].startswith("Maija Virtanen saved this at ")
    assert "Your changes have not been saved" in conflict.messages[0]
    stored = AgendaItem.objects.get(pk=item.pk)
    assert (stored.title, stored.proposal, stored.version) == ("Talousarvio", "Maijan esitys.", 2)
    assert stored.modified_by == editor
    assert list(stored.contacts.all()) == [first_contact]


def test_the_conflict_names_the_account_without_a_person_or_nobody(body):
    meeting = meeting_at(body, 2, 14)
    item = agenda_item_add(meeting=meeting, title="Talousarvio")
    edit(item, version=1, proposal="Tallennettu ilman tunnusta.")

    with translation.override("en"), pytest.raises(EditConflict) as caught:
        edit(item, version=1, proposal="Myöhässä.")
    assert caught.value.messages[0].startswith("Someone else saved this at ")

    edit(
        item,
        version=2,
        proposal="Ylläpitäjän tallentama.",
        changed_by=UserFactory(username="admin"),
    )
    with translation.override("en"), pytest.raises(EditConflict) as caught:
        edit(item, version=2, proposal="Myöhässä.")
    assert caught.value.messages[0].startswith("admin saved this at ")


def test_a_save_without_a_version_is_not_checked(body):
    meeting = meeting_at(body, 2, 14)
    item = agenda_item_add(meeting=meeting, title="Talousarvio")
    edit(item, version=1, proposal="Ensimmäinen.")

    saved = edit(item, version=None, proposal="Toinen.")

    assert saved.version == 3
    assert AgendaItem.objects.get(pk=item.pk).proposal == "Toinen."


def test_an_invalid_edit_writes_nothing(body):
    meeting = meeting_at(body, 2, 14)
    item = agenda_item_add(meeting=meeting, title="Henkilöstöasia")

    with pytest.raises(ValidationError) as caught:
        edit(item, version=1, publicity=Publicity.CONFIDENTIAL, legal_basis="  ")
    assert "legal_basis" in caught.value.message_dict

    with pytest.raises(ValidationError, match="another organisation"), translation.override("en"):
        edit(item, version=1, case=CaseFactory())

    stored = AgendaItem.objects.get(pk=item.pk)
    assert (stored.publicity, stored.version, stored.case) == (Publicity.PUBLIC, 1, None)


def test_an_edit_keeps_the_item_s_place_number_and_readiness(body):
    meeting = meeting_at(body, 2, 14)
    item = agenda_item_add(meeting=meeting, title="Talousarvio")
    agenda_item_ready_set(item=item, ready=True)

    saved = edit(item, version=2, title="Talousarvio 2023")

    assert (saved.section_number, saved.position, saved.ready) == (5, 5, True)
    assert numbers(meeting) == [1, 2, 3, 4, 5, 6]


# Editing after the invitation: the record of changes -------------------------------------------


def test_after_the_invitation_an_edit_is_recorded_in_finnish(body, editor):
    meeting = meeting_at(body, 2, 14)
    item = agenda_item_add(meeting=meeting, title="Talousarvio")
    status_set(meeting, SENT)
    contact = PersonFactory()

    # The editor works in English; the record is written as the agenda is, in Finnish.
    with translation.override("en"):
        edit(
            item,
            version=1,
            changed_by=editor,
            title="Talousarvio 2023",
            proposal="Hyväksytään.",
            contacts=[contact],
        )

    [change] = changes(meeting)
    assert change.kind == AgendaChange.Kind.ITEM_CHANGED
    assert change.item == AgendaItem.objects.get(pk=item.pk)
    assert change.changed_by == editor
    assert change.announced_in is None
    assert change.description.startswith("§ 5 Talousarvio 2023: ")
    # "... changed otsikko, esittelijän esitys, lisätietoja antaa" (the frame is translated later).
    assert change.description.endswith(
        ", ".join(fi_label(name) for name in ("title", "proposal", "contacts"))
    )
    assert change.description.endswith("otsikko, esittelijän esitys, lisätietoja antaa")


def test_after_the_invitation_a_save_without_changes_records_nothing(body):
    meeting = meeting_at(body, 2, 14)
    item = agenda_item_add(
        meeting=meeting, title="Talousarvio", preparation_text="<p>Perustelut.</p>"
    )
    contact = PersonFactory()
    edit(item, version=1, contacts=[contact])
    status_set(meeting, SENT)

    saved = edit(item, version=2)

    assert saved.version == 3
    assert changes(meeting) == []


def test_each_edit_after_the_invitation_is_its_own_record(body, editor):
    meeting = meeting_at(body, 2, 14)
    item = agenda_item_add(meeting=meeting, title="Talousarvio")
    status_set(meeting, SENT)

    edit(item, version=1, changed_by=editor, proposal="Uusi esitys.")
    edit(item, version=2, changed_by=editor, contacts=[PersonFactory()])

    first, second = (c.description for c in changes(meeting))
    assert first.startswith("§ 5 Talousarvio: ") and first.endswith(fi_label("proposal"))
    assert second.startswith("§ 5 Talousarvio: ") and second.endswith(fi_label("contacts"))


@pytest.mark.parametrize("status", [HELD, Meeting.Status.MINUTES_CHECKED, CANCELLED])
def test_once_held_or_cancelled_the_agenda_is_not_edited(body, status):
    meeting = meeting_at(body, 2, 14)
    item = agenda_item_add(meeting=meeting, title="Talousarvio")
    status_set(meeting, status)

    with pytest.raises(ValidationError):
        edit(item, version=1, proposal="Liian myöhään.")

    stored = AgendaItem.objects.get(pk=item.pk)
    assert (stored.proposal, stored.version) == ("", 1)
    assert changes(meeting) == []


def test_the_meeting_s_state_is_read_from_the_database(body):
    meeting = meeting_at(body, 2, 14)
    item = agenda_item_add(meeting=meeting, title="Talousarvio")
    stale = AgendaItem.objects.select_related("meeting").get(pk=item.pk)
    status_set(meeting, HELD)

    with pytest.raises(ValidationError):
        edit(stale, version=1, proposal="Liian myöhään.")


# Readiness ----------------------------------------------------------------------------------------


def test_a_new_item_is_in_preparation_and_template_items_are_ready(body):
    meeting = meeting_at(body, 2, 14)
    item = agenda_item_add(meeting=meeting, title="Talousarvio")

    assert item.ready is False
    assert item.supplementary is False
    assert list(meeting.items.filter(ready=True).values_list("title", flat=True)) == [
        "Kokouksen avaus ja osallistujien toteaminen",
        "Laillisuus ja päätösvaltaisuus",
        "Pöytäkirjantarkastajien valinta",
        "Työjärjestyksen hyväksyminen",
        "Muut asiat",
    ]


def test_marking_ready_and_back(body, editor):
    meeting = meeting_at(body, 2, 14)
    item = agenda_item_add(meeting=meeting, title="Talousarvio")

    ready = agenda_item_ready_set(item=item, ready=True, changed_by=editor)

    assert (ready.ready, ready.version, ready.modified_by) == (True, 2, editor)
    assert AgendaItem.objects.get(pk=item.pk).ready is True

    # Setting the same state again changes nothing.
    again = agenda_item_ready_set(item=item, ready=True)
    assert (again.version, again.modified_by) == (2, editor)

    back = agenda_item_ready_set(item=item, ready=False)
    assert (back.ready, back.version) == (False, 3)
    assert AgendaItem.objects.get(pk=item.pk).ready is False


def test_marking_ready_makes_an_open_editor_s_version_old(body):
    meeting = meeting_at(body, 2, 14)
    item = agenda_item_add(meeting=meeting, title="Talousarvio")
    agenda_item_ready_set(item=item, ready=True)

    with pytest.raises(EditConflict):
        edit(item, version=1, proposal="Vanhalta pohjalta.")


@pytest.mark.parametrize("status", [SENT, HELD, CANCELLED])
def test_readiness_is_fixed_once_the_agenda_is_sent(body, status):
    meeting = meeting_at(body, 2, 14)
    item = agenda_item_add(meeting=meeting, title="Talousarvio")
    status_set(meeting, status)

    with pytest.raises(ValidationError):
        agenda_item_ready_set(item=item, ready=True)
    assert AgendaItem.objects.get(pk=item.pk).ready is False


# Removing an item -------------------------------------------------------------------------------


def test_a_ready_item_of_an_unsent_agenda_is_removed_too(body):
    # The whole agenda is a draft until it is sent, ready items included.
    meeting = meeting_at(body, 2, 14)
    item = agenda_item_add(meeting=meeting, title="Talousarvio")
    agenda_item_ready_set(item=item, ready=True)

    agenda_item_remove(item=item)

    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    assert numbers(meeting) == [1, 2, 3, 4, 5]


def test_a_draft_item_is_removed_and_the_numbers_close_up(body):
    meeting = meeting_at(body, 2, 14)
    budget = agenda_item_add(meeting=meeting, title="Talousarvio")
    agenda_item_add(meeting=meeting, title="Hallintosääntö")
    later = meeting_at(body, 3, 14)
    assert numbers(later) == [8, 9, 10, 11, 12]

    agenda_item_remove(item=budget)

    assert not AgendaItem.objects.filter(pk=budget.pk).exists()
    assert agenda(meeting) == [
        (1, "Kokouksen avaus ja osallistujien toteaminen"),
        (2, "Laillisuus ja päätösvaltaisuus"),
        (3, "Pöytäkirjantarkastajien valinta"),
        (4, "Työjärjestyksen hyväksyminen"),
        (5, "Hallintosääntö"),
        (6, "Muut asiat"),
    ]
    assert list(meeting.items.order_by("position").values_list("position", flat=True)) == [
        1, 2, 3, 4, 5, 6,
    ]  # fmt: skip
    assert numbers(later) == [7, 8, 9, 10, 11]


def test_a_template_item_is_removed_like_any_other(body):
    meeting = meeting_at(body, 2, 14)

    agenda_item_remove(item=meeting.items.get(title="Muut asiat"))

    assert numbers(meeting) == [1, 2, 3, 4]


@pytest.mark.parametrize("status", [SENT, HELD, CANCELLED])
def test_no_item_is_removed_from_a_sent_agenda(body, status):
    meeting = meeting_at(body, 2, 14)
    item = agenda_item_add(meeting=meeting, title="Talousarvio")
    status_set(meeting, status)

    with pytest.raises(ValidationError):
        agenda_item_remove(item=item)

    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_removing_a_carried_item_makes_the_tabled_item_pending_again(body):
    tabled = _tabled_item(body)
    meeting = meeting_at(body, 2, 14)
    carried = agenda_item_carry(meeting=meeting, tabled=tabled)
    assert list(tabled_items_pending(meeting=meeting)) == []

    agenda_item_remove(item=carried)

    assert list(tabled_items_pending(meeting=meeting)) == [tabled]


# The supplementary agenda -----------------------------------------------------------------------


def test_an_item_added_after_the_invitation_goes_on_the_supplementary_agenda(body, editor):
    january = meeting_at(body, 1, 10)
    meeting = meeting_at(body, 2, 14)
    agenda_item_add(meeting=meeting, title="Talousarvio")
    status_set(january, SENT)
    status_set(meeting, SENT)
    march = meeting_at(body, 3, 14)
    assert numbers(meeting) == [6, 7, 8, 9, 10, 11]
    assert numbers(march) == [12, 13, 14, 15, 16]

    item = agenda_item_add(meeting=meeting, title="Kiireellinen hankinta", changed_by=editor)

    assert item.supplementary is True
    assert item.ready is True
    assert (item.section_number, item.position) == (11, 6)
    # Before "Muut asiat"; the meeting keeps its first number and numbers on from there.
    assert agenda(meeting) == [
        (6, "Kokouksen avaus ja osallistujien toteaminen"),
        (7, "Laillisuus ja päätösvaltaisuus"),
        (8, "Pöytäkirjantarkastajien valinta"),
        (9, "Työjärjestyksen hyväksyminen"),
        (10, "Talousarvio"),
        (11, "Kiireellinen hankinta"),
        (12, "Muut asiat"),
    ]
    # The earlier meeting is untouched; the later meeting, still in preparation, follows.
    assert numbers(january) == [1, 2, 3, 4, 5]
    assert numbers(march) == [13, 14, 15, 16, 17]
    assert list(meeting.items.filter(supplementary=True)) == [item]
    [change] = changes(meeting)
    assert change.kind == AgendaChange.Kind.ITEM_ADDED
    assert change.item == item
    assert change.changed_by == editor
    assert change.description.endswith("§ 11 Kiireellinen hankinta")
    assert change.announced_in is None
    assert Meeting.objects.get(pk=meeting.pk).status == SENT


def test_several_supplementary_items_follow_each_other(body):
    meeting = meeting_at(body, 2, 14)
    status_set(meeting, SENT)

    first = agenda_item_add(meeting=meeting, title="Lisäasia 1")
    second = agenda_item_add(meeting=meeting, title="Lisäasia 2")

    assert titles(meeting)[-3:] == ["Lisäasia 1", "Lisäasia 2", "Muut asiat"]
    assert numbers(meeting) == [1, 2, 3, 4, 5, 6, 7]
    assert (AgendaItem.objects.get(pk=first.pk).section_number, second.section_number) == (5, 6)
    assert [c.kind for c in changes(meeting)] == [AgendaChange.Kind.ITEM_ADDED] * 2


def test_a_supplementary_item_that_would_collide_with_a_later_sent_agenda_is_refused(body):
    meeting = meeting_at(body, 2, 14)
    later = meeting_at(body, 3, 14)
    status_set(meeting, SENT)
    status_set(later, SENT)
    before = (agenda(meeting), agenda(later))

    with translation.override("en"), pytest.raises(ValidationError, match="would collide") as e:
        agenda_item_add(meeting=meeting, title="Ei mahdu")

    assert "14.3.2022" in e.value.messages[0]
    assert "§ 6" in e.value.messages[0]
    assert (agenda(meeting), agenda(later)) == before
    assert not AgendaItem.objects.filter(title="Ei mahdu").exists()
    assert changes(meeting) == []


def test_a_supplementary_item_fits_when_the_later_agenda_leaves_room(body):
    meeting = meeting_at(body, 2, 14)
    status_set(meeting, SENT)
    # A later meeting recorded from its documents, starting at § 20.
    later = meeting_at(body, 3, 14, with_standard_items=False, status=HELD)
    agenda_item_record(meeting=later, section_number=20, title="Kirjattu asia")

    item = agenda_item_add(meeting=meeting, title="Lisäasia")

    assert item.section_number == 5
    assert numbers(meeting) == [1, 2, 3, 4, 5, 6]
    assert numbers(later) == [20]


def test_nothing_is_added_once_the_meeting_is_held(body):
    meeting = meeting_at(body, 2, 14)
    status_set(meeting, HELD)

    with translation.override("en"), pytest.raises(ValidationError, match="has been held"):
        agenda_item_add(meeting=meeting, title="Liian myöhään")

    assert numbers(meeting) == [1, 2, 3, 4, 5]


# Taking up a tabled item again ----------------------------------------------------------------


def _tabled_item(body, *, month=1, day=10, **kwargs):
    """An item that a held meeting of `body` tabled, recorded from its minutes after the
    meeting's opening items."""
    held = meeting_create(body=body, start=helsinki_datetime(2022, month, day, 17), status=HELD)
    last = AgendaItem.objects.filter(meeting__body=body, meeting__year=2022).aggregate(
        Max("section_number")
    )["section_number__max"]
    values = {
        "title": "Palveluverkkoselvitys",
        "decision_type": AgendaItem.DecisionType.TABLED,
        "decision": "Asia jätettiin pöydälle.",
    }
    values.update(kwargs)
    return agenda_item_record(meeting=held, section_number=last + 1, **values)


def test_a_tabled_item_is_carried_with_its_case_texts_and_contacts(body, editor):
    case = CaseFactory(organisation=body.organisation)
    presenter, contact = PersonFactory(), PersonFactory()
    tabled = _tabled_item(
        body,
        case=case,
        preparation_text="<p>Selvitys palveluverkosta.</p>",
        proposal="Hyväksytään selvitys.",
        presenter=presenter,
        publicity=Publicity.CONFIDENTIAL,
        legal_basis="JulkL 24 § 1 mom. 25 k.",
        contacts=[contact],
    )
    meeting = meeting_at(body, 2, 14)

    item = agenda_item_carry(meeting=meeting, tabled=tabled, changed_by=editor)

    assert item.carried_from == tabled
    assert list(tabled.carried_to.all()) == [item]
    assert (item.title, item.case, item.presenter) == ("Palveluverkkoselvitys", case, presenter)
    assert item.preparation_text == "<p>Selvitys palveluverkosta.</p>"
    assert item.proposal == "Hyväksytään selvitys."
    assert (item.publicity, item.legal_basis) == (Publicity.CONFIDENTIAL, "JulkL 24 § 1 mom. 25 k.")
    assert list(item.contacts.all()) == [contact]
    # A new item of this agenda: in preparation, without the old decision, before "Muut asiat".
    assert (item.ready, item.supplementary, item.decision, item.decision_type) == (
        False, False, "", "",
    )  # fmt: skip
    assert item.modified_by == editor
    assert titles(meeting)[-2:] == ["Palveluverkkoselvitys", "Muut asiat"]
    assert list(tabled_items_pending(meeting=meeting)) == []


def test_a_tabled_item_carried_to_a_sent_agenda_is_supplementary(body):
    tabled = _tabled_item(body)
    meeting = meeting_at(body, 2, 14)
    status_set(meeting, SENT)

    item = agenda_item_carry(meeting=meeting, tabled=tabled)

    # § 1-6 in January, § 7-11 in February: the item is § 11 and "Muut asiat" § 12.
    assert (item.supplementary, item.ready, item.section_number) == (True, True, 11)
    assert numbers(meeting) == [7, 8, 9, 10, 11, 12]
    assert [c.kind for c in changes(meeting)] == [AgendaChange.Kind.ITEM_ADDED]


def test_only_the_same_body_s_tabled_items_are_carried(body):
    tabled = _tabled_item(BodyFactory(organisation=body.organisation))
    meeting = meeting_at(body, 2, 14)

    with translation.override("en"), pytest.raises(ValidationError, match="same body"):
        agenda_item_carry(meeting=meeting, tabled=tabled)
    assert numbers(meeting) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    "decision_type",
    ["", AgendaItem.DecisionType.ADOPTED_AS_PROPOSED, AgendaItem.DecisionType.RETURNED],
)
def test_only_a_tabled_item_is_carried(body, decision_type):
    decided = _tabled_item(body, decision_type=decision_type)
    meeting = meeting_at(body, 2, 14)

    with translation.override("en"), pytest.raises(ValidationError, match="not tabled"):
        agenda_item_carry(meeting=meeting, tabled=decided)
    assert not AgendaItem.objects.filter(carried_from=decided).exists()


def test_only_a_later_meeting_takes_up_a_tabled_item(body):
    earlier = meeting_at(body, 1, 3)
    tabled = _tabled_item(body, month=1, day=10)
    same_day = tabled.meeting

    for meeting in (earlier, same_day):
        with translation.override("en"), pytest.raises(ValidationError, match="later meeting"):
            agenda_item_carry(meeting=meeting, tabled=tabled)
    assert not AgendaItem.objects.filter(carried_from=tabled).exists()


def test_a_tabled_item_is_carried_once(body):
    tabled = _tabled_item(body)
    february = meeting_at(body, 2, 14)
    march = meeting_at(body, 3, 14)
    agenda_item_carry(meeting=february, tabled=tabled)

    with translation.override("en"), pytest.raises(ValidationError, match="already on another"):
        agenda_item_carry(meeting=march, tabled=tabled)
    with pytest.raises(ValidationError):
        agenda_item_carry(meeting=february, tabled=tabled)
    assert AgendaItem.objects.filter(carried_from=tabled).count() == 1


def test_a_tabled_item_carried_to_a_cancelled_meeting_can_be_carried_again(body):
    tabled = _tabled_item(body)
    february = meeting_at(body, 2, 14)
    agenda_item_carry(meeting=february, tabled=tabled)
    status_set(february, CANCELLED)
    march = meeting_at(body, 3, 14)

    item = agenda_item_carry(meeting=march, tabled=tabled)

    assert item.meeting == march
    assert AgendaItem.objects.filter(carried_from=tabled).count() == 2


def test_an_item_tabled_again_is_carried_on(body):
    tabled = _tabled_item(body)
    february = meeting_at(body, 2, 14, with_standard_items=False)
    carried = agenda_item_carry(meeting=february, tabled=tabled)
    status_set(february, HELD)
    # The February meeting tables it once more (recorded as its minutes would be).
    again = agenda_item_record(
        meeting=february,
        section_number=carried.section_number + 1,
        title=carried.title,
        decision_type=AgendaItem.DecisionType.TABLED,
    )
    march = meeting_at(body, 3, 14)

    assert list(tabled_items_pending(meeting=march)) == [again]
    assert agenda_item_carry(meeting=march, tabled=again).carried_from == again


# Changing the meeting ------------------------------------------------------------------------


def test_a_meeting_save_on_the_current_version_raises_it(body, editor):
    meeting = meeting_at(body, 2, 14)
    assert meeting.version == 1

    saved = status_set(meeting, Meeting.Status.PLANNED, place="Valtuustosali", version=1)
    saved_again = meeting_update(
        meeting=Meeting.objects.get(pk=meeting.pk),
        start=saved.start,
        end=saved.end,
        place="Kokoushuone 2",
        status=Meeting.Status.PLANNED,
        version=2,
        changed_by=editor,
    )

    stored = Meeting.objects.get(pk=meeting.pk)
    assert (saved.version, saved_again.version, stored.version) == (2, 3, 3)
    assert stored.place == "Kokoushuone 2"
    assert stored.modified_by == editor


def test_a_meeting_save_on_an_old_version_is_a_conflict_and_writes_nothing(
    body, editor, other_editor
):
    meeting = meeting_at(body, 2, 14)
    chair = PersonFactory()
    first = Meeting.objects.get(pk=meeting.pk)
    second = Meeting.objects.get(pk=meeting.pk)
    meeting_update(
        meeting=first,
        start=first.start,
        end=first.end,
        place="Valtuustosali",
        status=first.status,
        chair=chair,
        version=1,
        changed_by=editor,
    )

    with translation.override("en"), pytest.raises(EditConflict) as caught:
        meeting_update(
            meeting=second,
            start=helsinki_datetime(2022, 2, 15, 9),
            end=None,
            place="Teams",
            status=second.status,
            version=1,
            changed_by=other_editor,
        )

    assert caught.value.current.version == 2
    assert caught.value.current.place == "Valtuustosali"
    assert caught.value.messages[0].startswith("Maija Virtanen saved this at ")
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.place, stored.start, stored.chair, stored.version) == (
        "Valtuustosali", helsinki_datetime(2022, 2, 14, 17), chair, 2,
    )  # fmt: skip
    assert stored.modified_by == editor


def test_a_change_of_time_or_place_after_the_invitation_is_recorded_in_finnish(body, editor):
    meeting = meeting_at(body, 2, 14, place="Valtuustosali")
    status_set(meeting, SENT)

    # The editor works in English; the record uses Finnish dates as the agenda does.
    with translation.override("en"):
        status_set(
            meeting,
            SENT,
            start=helsinki_datetime(2022, 2, 15, 9),
            end=helsinki_datetime(2022, 2, 15, 11, 30),
            place="Kokoushuone 2",
            changed_by=editor,
        )

    [change] = changes(meeting)
    assert change.kind == AgendaChange.Kind.MEETING_CHANGED
    assert change.item is None
    assert change.changed_by == editor
    assert "14.2.2022 klo 17.00, Valtuustosali" in change.description
    assert "15.2.2022 klo 9.00–11.30, Kokoushuone 2" in change.description
    assert change.description.index("14.2.2022") < change.description.index("15.2.2022")


def test_other_meeting_changes_are_not_recorded(body):
    meeting = meeting_at(body, 2, 14, place="Valtuustosali")
    # Before the invitation, a move is not a change to announce.
    status_set(meeting, Meeting.Status.PLANNED, place="Kokoushuone 2")
    status_set(meeting, SENT)
    # After it, naming the officers or holding the meeting is not one either.
    status_set(meeting, SENT, chair=PersonFactory(), secretary=PersonFactory())
    status_set(meeting, HELD, place="Kokoushuone 3")

    assert changes(meeting) == []


def test_an_online_link_added_after_the_invitation_is_recorded(body):
    meeting = meeting_at(body, 2, 14, place="Valtuustosali")
    status_set(meeting, SENT)

    status_set(meeting, SENT, online_url="https://teams.example.fi/kokous")

    [change] = changes(meeting)
    assert change.description.endswith("Valtuustosali, https://teams.example.fi/kokous")


def test_times_must_be_aware(body):
    meeting = meeting_at(body, 2, 14)

    with pytest.raises(ValidationError):
        status_set(meeting, Meeting.Status.PLANNED, start=dt.datetime(2022, 2, 14, 17))  # noqa: DTZ001
