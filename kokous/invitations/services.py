"""Sending invitations and supplementary agendas. The sending is recorded at once; the e-mails
go out from the task worker (`kokous.invitations.tasks`), after the transaction commits."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from kokous.core.timeutil import format_fi_date, local_date
from kokous.invitations.calendar import meeting_calendar
from kokous.invitations.models import Delivery, Invitation
from kokous.invitations.selectors import changes_pending, invitation_recipients
from kokous.meetings.models import AgendaChange, Meeting
from kokous.organisations.models import Body

# Invitations are written in Finnish, the language of the organisation's records.
MESSAGE_LANGUAGE = "fi"


def _compose(
    *, meeting: Meeting, kind: str, sequence: int, changes: list[AgendaChange], now: dt.datetime
) -> tuple[str, str, str]:
    """Subject, text and calendar file of an invitation or a supplementary agenda."""
    with override(MESSAGE_LANGUAGE):
        date = format_fi_date(local_date(meeting.start))
        if kind == Invitation.Kind.INVITATION:
            subject = _("Invitation: %(body)s %(date)s") % {"body": meeting.body.name, "date": date}
        else:
            subject = _("Supplementary agenda %(n)s: %(body)s %(date)s") % {
                "n": sequence,
                "body": meeting.body.name,
                "date": date,
            }
        url = settings.KOKOUS_SITE_URL + reverse("staff:meeting", kwargs={"pk": meeting.pk})
        context = {
            "meeting": meeting,
            "kind": kind,
            "items": list(meeting.items.order_by("position")),
            "changes": changes,
            "url": url,
            "public_url": settings.KOKOUS_SITE_URL + meeting.get_absolute_url(),
        }
        body = render_to_string("invitations/email/message.txt", context).strip() + "\n"
        summary = _("%(body)s, meeting %(number)s/%(year)s") % {
            "body": meeting.body.name,
            "number": meeting.number,
            "year": meeting.year,
        }
        calendar = meeting_calendar(
            meeting=meeting, sequence=sequence, summary=summary, description=body, stamp=now
        )
    return subject, body, calendar


def _deliveries_create(*, invitation: Invitation) -> None:
    Delivery.objects.bulk_create(
        Delivery(
            invitation=invitation,
            person=recipient.person,
            role=recipient.role,
            email=recipient.person.email,
            status=Delivery.Status.QUEUED if recipient.person.email else Delivery.Status.NO_ADDRESS,
        )
        for recipient in invitation_recipients(meeting=invitation.meeting)
    )


def _enqueue(invitation: Invitation) -> None:
    from kokous.invitations.tasks import invitation_deliver

    pk = invitation.pk
    transaction.on_commit(lambda: invitation_deliver.enqueue(invitation_id=pk))


@transaction.atomic
def invitation_send(*, meeting: Meeting, sent_by: User | None = None) -> Invitation:
    """Send the invitation and agenda of a planned meeting to its recipients.

    Every item must be ready. The meeting becomes "invitation sent" and its agenda public; the
    sending time is recorded with the message as sent and one delivery per recipient, and the
    e-mails are queued for the worker."""
    Body.objects.select_for_update().get(pk=meeting.body_id)
    meeting.refresh_from_db()
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(
            _("The invitation can only be sent for a planned meeting; this one is %(status)s.")
            % {"status": meeting.get_status_display()}
        )
    # A meeting set back to "planned" (in the admin) keeps the record of its invitation, which is
    # sent once; what changed since goes out as a supplementary agenda.
    if meeting.invitations.filter(kind=Invitation.Kind.INVITATION).exists():
        raise ValidationError(_("The invitation of this meeting has already been sent."))
    items = list(meeting.items.order_by("position"))
    if not items:
        raise ValidationError(_("The agenda is empty."))
    unready = [item for item in items if not item.ready]
    if unready:
        raise ValidationError(
            _("These items are not ready yet: %(items)s.")
            % {"items": ", ".join(f"§ {i.section_number} {i.title}" for i in unready)}
        )
    now = timezone.now()
    meeting.status = Meeting.Status.INVITATION_SENT
    meeting.version += 1
    meeting.modified_by = sent_by
    meeting.save(update_fields=["status", "version", "modified_by", "modified_at"])
    subject, body, calendar = _compose(
        meeting=meeting, kind=Invitation.Kind.INVITATION, sequence=0, changes=[], now=now
    )
    invitation = Invitation.objects.create(
        meeting=meeting,
        kind=Invitation.Kind.INVITATION,
        sequence=0,
        sent_at=now,
        sent_by=sent_by,
        subject=subject,
        body=body,
        calendar=calendar,
    )
    _deliveries_create(invitation=invitation)
    _enqueue(invitation)
    return invitation


@transaction.atomic
def supplement_send(*, meeting: Meeting, sent_by: User | None = None) -> Invitation:
    """Announce the changes made to a sent agenda as a supplementary agenda (lisäesityslista),
    with the agenda as it now stands and an updated calendar event."""
    Body.objects.select_for_update().get(pk=meeting.body_id)
    meeting.refresh_from_db()
    if meeting.status != Meeting.Status.INVITATION_SENT:
        raise ValidationError(
            _("A supplementary agenda is sent between the invitation and the meeting.")
        )
    changes = list(changes_pending(meeting=meeting))
    if not changes:
        raise ValidationError(_("Nothing has changed since the last sending."))
    now = timezone.now()
    sequence = (meeting.invitations.aggregate(Max("sequence"))["sequence__max"] or 0) + 1
    subject, body, calendar = _compose(
        meeting=meeting,
        kind=Invitation.Kind.SUPPLEMENT,
        sequence=sequence,
        changes=changes,
        now=now,
    )
    invitation = Invitation.objects.create(
        meeting=meeting,
        kind=Invitation.Kind.SUPPLEMENT,
        sequence=sequence,
        sent_at=now,
        sent_by=sent_by,
        subject=subject,
        body=body,
        calendar=calendar,
    )
    AgendaChange.objects.filter(pk__in=[c.pk for c in changes]).update(announced_in=invitation)
    _deliveries_create(invitation=invitation)
    _enqueue(invitation)
    return invitation


def invitation_retry(*, invitation: Invitation) -> int:
    """Queue the failed deliveries of `invitation` again; returns how many."""
    count = invitation.deliveries.filter(status=Delivery.Status.FAILED).update(
        status=Delivery.Status.QUEUED, error=""
    )
    if count:
        _enqueue(invitation)
    return count


def invitation_preview(*, meeting: Meeting) -> tuple[str, str]:
    """The subject and text the invitation would have if it were sent now (nothing is stored)."""
    subject, body, _calendar = _compose(
        meeting=meeting,
        kind=Invitation.Kind.INVITATION,
        sequence=0,
        changes=[],
        now=timezone.now(),
    )
    return subject, body
