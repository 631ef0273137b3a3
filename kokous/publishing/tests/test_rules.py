"""The publication rule: what of a meeting the public sees in each state (DOMAIN.md 6-7)."""

import pytest

from kokous.meetings.models import AgendaItem, Attachment, Meeting, Publicity
from kokous.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from kokous.publishing import rules

pytestmark = pytest.mark.django_db

S = Meeting.Status
P = Publicity

# status -> (agenda public, minutes public)
MEETING_STATES = {
    S.PLANNED: (False, False),
    S.INVITATION_SENT: (True, False),
    S.HELD: (True, False),
    S.MINUTES_CHECKED: (True, False),
    S.PUBLISHED: (True, True),
    S.CANCELLED: (False, False),
}


def _item(status: str, publicity: str):
    item = AgendaItemFactory(
        publicity=publicity,
        legal_basis="JulkL 24 § 1 mom. 25 k." if publicity == P.CONFIDENTIAL else "",
    )
    meeting = item.meeting
    meeting.status = status
    meeting.save()
    return item, meeting


@pytest.mark.parametrize("status", list(MEETING_STATES))
def test_meeting_agenda_and_minutes_by_status(status):
    meeting = MeetingFactory.build(status=status)
    assert (
        rules.meeting_agenda_public(meeting=meeting),
        rules.meeting_minutes_public(meeting=meeting),
    ) == MEETING_STATES[status]


@pytest.mark.parametrize("status", list(MEETING_STATES))
@pytest.mark.parametrize("publicity", list(P))
def test_item_content_and_decision(status, publicity):
    item, meeting = _item(status, publicity)
    agenda_public, minutes_public = MEETING_STATES[status]
    content = rules.item_content_public(item=item, meeting=meeting)
    decision = rules.item_decision_public(item=item, meeting=meeting)
    if publicity == P.CONFIDENTIAL:
        assert not content and not decision
    elif publicity == P.PUBLIC_AFTER_DECISION:
        assert content == minutes_public and decision == minutes_public
    else:
        assert content == agenda_public and decision == minutes_public


@pytest.mark.parametrize(
    ("item_publicity", "attachment_publicity", "status", "expected"),
    [
        (P.PUBLIC, P.PUBLIC, S.INVITATION_SENT, True),
        (P.PUBLIC, P.PUBLIC, S.PLANNED, False),
        (P.PUBLIC, P.CONFIDENTIAL, S.PUBLISHED, False),
        (P.PUBLIC, P.PUBLIC_AFTER_DECISION, S.INVITATION_SENT, False),
        (P.PUBLIC, P.PUBLIC_AFTER_DECISION, S.PUBLISHED, True),
        (P.CONFIDENTIAL, P.PUBLIC, S.PUBLISHED, False),
        (P.PUBLIC_AFTER_DECISION, P.PUBLIC, S.HELD, False),
        (P.PUBLIC_AFTER_DECISION, P.PUBLIC, S.PUBLISHED, True),
    ],
)
def test_attachment(item_publicity, attachment_publicity, status, expected):
    item, meeting = _item(status, item_publicity)
    attachment = Attachment(
        agenda_item=item,
        number=1,
        title="Liite",
        publicity=attachment_publicity,
        legal_basis="JulkL 24 § 1 mom. 17 k." if attachment_publicity == P.CONFIDENTIAL else "",
    )
    assert rules.attachment_public(attachment=attachment, item=item, meeting=meeting) is expected


# The database filters give the same answers as the per-object rules, for every combination.


def test_the_database_filters_agree_with_the_rules_for_every_state():
    attachments = []
    for status in MEETING_STATES:
        for item_publicity in P:
            item, meeting = _item(status, item_publicity)
            for number, attachment_publicity in enumerate(P, start=1):
                attachments.append(
                    Attachment.objects.create(
                        agenda_item=item,
                        number=number,
                        title="Liite",
                        publicity=attachment_publicity,
                        legal_basis="JulkL 24 § 1 mom. 17 k."
                        if attachment_publicity == P.CONFIDENTIAL
                        else "",
                    )
                )
    items = list(AgendaItem.objects.select_related("meeting"))
    assert len({i.meeting.pk for i in items}) == len(MEETING_STATES) * len(P)

    def ids(queryset):
        return set(queryset.values_list("pk", flat=True))

    assert ids(Meeting.objects.filter(rules.agenda_public_q())) == {
        i.meeting.pk for i in items if rules.meeting_agenda_public(meeting=i.meeting)
    }
    assert ids(Meeting.objects.filter(rules.minutes_public_q())) == {
        i.meeting.pk for i in items if rules.meeting_minutes_public(meeting=i.meeting)
    }
    assert ids(AgendaItem.objects.filter(rules.item_listed_q())) == {
        i.pk for i in items if rules.meeting_agenda_public(meeting=i.meeting)
    }
    assert ids(AgendaItem.objects.filter(rules.item_content_public_q())) == {
        i.pk for i in items if rules.item_content_public(item=i, meeting=i.meeting)
    }
    assert ids(AgendaItem.objects.filter(rules.item_decision_public_q())) == {
        i.pk for i in items if rules.item_decision_public(item=i, meeting=i.meeting)
    }
    by_pk = {i.pk: i for i in items}
    assert ids(Attachment.objects.filter(rules.attachment_public_q())) == {
        a.pk
        for a in attachments
        if rules.attachment_public(
            attachment=a, item=by_pk[a.agenda_item_id], meeting=by_pk[a.agenda_item_id].meeting
        )
    }
    # And through a relation: the prefix leads from another model to the item.
    assert ids(
        Meeting.objects.filter(rules.item_content_public_q(prefix="items__")).distinct()
    ) == {i.meeting.pk for i in items if rules.item_content_public(item=i, meeting=i.meeting)}
