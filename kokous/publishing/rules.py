"""The publication rule: what of a meeting the public may see, and when (DOMAIN.md items 6-7).

Every public surface asks these functions; none decides publicity on its own. Until then a
meeting shows the public nothing but its time and place:

- the agenda is public once the invitation has been sent;
- the minutes (attendance, discussion, decisions) once they have been checked and published;
- a confidential item only as a mention: its title, which still describes the matter, and
  the legal basis for secrecy;
- an item that is public after the decision shows only its title until the minutes are out.
"""

from kokous.meetings.models import AgendaItem, Attachment, Meeting, Publicity

# Statuses in which a meeting's agenda has been sent, and so is public.
AGENDA_PUBLIC_STATUSES = frozenset(
    {
        Meeting.Status.INVITATION_SENT,
        Meeting.Status.HELD,
        Meeting.Status.MINUTES_CHECKED,
        Meeting.Status.PUBLISHED,
    }
)


def meeting_agenda_public(*, meeting: Meeting) -> bool:
    """Whether the agenda of `meeting` (its items and their titles) is public."""
    return meeting.status in AGENDA_PUBLIC_STATUSES


def meeting_minutes_public(*, meeting: Meeting) -> bool:
    """Whether the minutes of `meeting` are public: checked and published."""
    return meeting.status == Meeting.Status.PUBLISHED


def item_content_public(*, item: AgendaItem, meeting: Meeting) -> bool:
    """Whether the text of `item` (preparation, proposal, contacts, attachments list) is public.

    `meeting` is the item's meeting, passed in so that a page showing many items of one
    meeting asks the database once.
    """
    return meeting_agenda_public(meeting=meeting) and _publicity_allows(
        publicity=item.publicity, meeting=meeting
    )


def item_decision_public(*, item: AgendaItem, meeting: Meeting) -> bool:
    """Whether what happened to `item` at the meeting (discussion, decision) is public."""
    return meeting_minutes_public(meeting=meeting) and item.publicity != Publicity.CONFIDENTIAL


def attachment_public(*, attachment: Attachment, item: AgendaItem, meeting: Meeting) -> bool:
    """Whether `attachment` of `item` may be shown and downloaded by the public."""
    return item_content_public(item=item, meeting=meeting) and _publicity_allows(
        publicity=attachment.publicity, meeting=meeting
    )


def _publicity_allows(*, publicity: str, meeting: Meeting) -> bool:
    """What a publicity marking allows: never when confidential, once the minutes are out when
    public after the decision, otherwise always."""
    if publicity == Publicity.CONFIDENTIAL:
        return False
    if publicity == Publicity.PUBLIC_AFTER_DECISION:
        return meeting_minutes_public(meeting=meeting)
    return True
