"""The publication rule: what of a meeting the public may see, and when (DOMAIN.md items 6-7).

Every public surface asks these functions; none decides publicity on its own. Until then a
meeting shows the public nothing but its time and place:

- the agenda is public once the invitation has been sent;
- the minutes (attendance, discussion, decisions) once they have been checked and published;
- a confidential item only as a mention: its title, which still describes the matter, and
  the legal basis for secrecy;
- an item that is public after the decision shows only its title until the minutes are out;
- once the appeal period has ended, the names of private persons in an item marked as holding
  personal data give way to a neutral mention (`item_for_public`); the removal job
  (`kokous.publishing.services.personal_data_remove_due`) marks the items when the day comes.

The per-object functions answer for one thing already loaded; the `*_q` functions give the same
rule as a database filter for lists (API, feeds, sitemap, search), so that a list never loads
what it may not show. Tests hold the two to the same answers.
"""

import copy
import re
from functools import lru_cache

from django.db.models import Exists, OuterRef, Q
from django.utils.html import escape
from django.utils.translation import gettext as _

from kokous.meetings.models import AgendaItem, Attachment, Attendance, Meeting, Publicity
from kokous.organisations.models import Membership

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


# ---------------------------------------------------------------------------------------------
# The same rules as database filters. `prefix` is the path from the queried model to the
# object the rule is about, e.g. `item_content_public_q(prefix="agenda_item__")` on Attachment.


def agenda_public_q(*, prefix: str = "") -> Q:
    """Meetings (at `prefix`) whose agenda is public."""
    return Q(**{f"{prefix}status__in": AGENDA_PUBLIC_STATUSES})


def minutes_public_q(*, prefix: str = "") -> Q:
    """Meetings (at `prefix`) whose minutes are public."""
    return Q(**{f"{prefix}status": Meeting.Status.PUBLISHED})


def _publicity_allows_q(*, publicity: str, meeting: str) -> Q:
    return ~Q(**{publicity: Publicity.CONFIDENTIAL}) & (
        ~Q(**{publicity: Publicity.PUBLIC_AFTER_DECISION}) | minutes_public_q(prefix=meeting)
    )


def item_listed_q(*, prefix: str = "") -> Q:
    """Agenda items (at `prefix`) that the public sees at all: at least as a mention (title,
    number, publicity), because their meeting's agenda is public."""
    return agenda_public_q(prefix=f"{prefix}meeting__")


def item_content_public_q(*, prefix: str = "") -> Q:
    """Agenda items (at `prefix`) whose text is public; see `item_content_public`."""
    meeting = f"{prefix}meeting__"
    return agenda_public_q(prefix=meeting) & _publicity_allows_q(
        publicity=f"{prefix}publicity", meeting=meeting
    )


def item_decision_public_q(*, prefix: str = "") -> Q:
    """Agenda items (at `prefix`) whose decision is public; see `item_decision_public`."""
    return minutes_public_q(prefix=f"{prefix}meeting__") & ~Q(
        **{f"{prefix}publicity": Publicity.CONFIDENTIAL}
    )


def attachment_public_q(*, prefix: str = "") -> Q:
    """Attachments (at `prefix`) that the public may see and download."""
    item = f"{prefix}agenda_item__"
    return item_content_public_q(prefix=item) & _publicity_allows_q(
        publicity=f"{prefix}publicity", meeting=f"{item}meeting__"
    )


def person_public_q() -> Q:
    """People the public may look up (on Person): those who hold or held a role in a body, or
    appear in a public part of a meeting: presenter or contact of an item whose text is public,
    presenter on a public agenda, chair, secretary or participant in published minutes. Their
    e-mail and phone are public only as the contact of an item whose text is public."""
    person = OuterRef("pk")
    items = AgendaItem.objects.filter(item_content_public_q())
    return Q(
        Exists(Membership.objects.filter(person=person))
        | Exists(items.filter(presenter=person))
        | Exists(items.filter(contacts=person))
        | Exists(Meeting.objects.filter(agenda_public_q(), presenter=person))
        | Exists(Meeting.objects.filter(minutes_public_q(), chair=person))
        | Exists(Meeting.objects.filter(minutes_public_q(), secretary=person))
        | Exists(Attendance.objects.filter(minutes_public_q(prefix="meeting__"), person=person))
    )


# ---------------------------------------------------------------------------------------------
# Personal data in published minutes (kuntalaki 140 § 1 mom.).


def item_personal_data_removed(*, item: AgendaItem) -> bool:
    """Whether the names of private persons in `item` are replaced in the public version."""
    return item.personal_data and item.personal_data_removed_on is not None


def private_person_mention() -> str:
    """What stands in a public text where a private person's name was (active language)."""
    return _("[private person]")


@lru_cache(maxsize=256)
def _names_pattern(names: str) -> re.Pattern[str] | None:
    """A pattern for the listed names with any case ending: "Matti Virtanen" also matches
    "Matti Virtaselle" (the -nen names inflect on -se-) and "Virtasen" when listed alone."""
    alternatives = []
    for line in names.splitlines():
        words = line.split()
        if not words:
            continue
        *first, last = (re.escape(word) for word in words)
        if last.lower().endswith("nen") and len(last) > 4:
            last = f"{last[:-3]}(?:nen|s)"
        alternatives.append(r"\s+".join([*first, last]) + r"\w*")
    if not alternatives:
        return None
    # Longest first, so that "Matti Virtanen" wins over a listed "Virtanen".
    alternatives.sort(key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


def personal_data_redact(*, text: str, names: str, html: bool = False) -> str:
    """`text` with every listed name (one per line in `names`) replaced by the mention."""
    pattern = _names_pattern(names)
    if pattern is None or not text:
        return text
    mention = private_person_mention()
    return pattern.sub(escape(mention) if html else mention, text)


def item_public_text(*, item: AgendaItem, text: str, html: bool = False) -> str:
    """`text` of `item` as the public reads it: with names removed once the period is over."""
    if not item_personal_data_removed(item=item):
        return text
    return personal_data_redact(text=text, names=item.private_persons, html=html)


def item_for_public(item: AgendaItem) -> AgendaItem:
    """`item` as every public surface shows it: a copy whose title, preparation text, proposal
    and decision have the names of private persons replaced once the appeal period has ended
    (the same object when nothing is removed). The copy is for reading only, never saved."""
    if not item_personal_data_removed(item=item):
        return item
    public = copy.copy(item)
    public.title = item_public_text(item=item, text=item.title)
    public.preparation_text = item_public_text(item=item, text=item.preparation_text, html=True)
    public.proposal = item_public_text(item=item, text=item.proposal)
    public.decision = item_public_text(item=item, text=item.decision)
    public.save = _refuse_save  # type: ignore[method-assign]
    return public


def _refuse_save(*args: object, **kwargs: object) -> None:
    raise RuntimeError("a public copy of an agenda item with personal data removed is read-only")
