"""The publication rule: what of a meeting the public sees in each state (DOMAIN.md 6-7)."""

import pytest

from kokous.meetings.models import Attachment, Meeting, Publicity
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
