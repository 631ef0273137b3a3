"""Checking, signing, locking and publishing the minutes, and corrections after the lock.

The minute checkers approve or comment; the chair and the secretary sign. When every one of
them has an approval that the record has not changed since, the minutes are locked and the
meeting becomes "minutes checked". A change to the record voids the signatures given before it
(`kokous.meetings.services.record_change_check`).
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kokous.core.deadlines import RECTIFICATION_DAYS, AppealPeriod, appeal_period
from kokous.documents.appeals import appeal_days, item_appeal_kind
from kokous.meetings.models import AgendaItem, Meeting
from kokous.minutes.models import Correction, Signature
from kokous.organisations.models import Body, Person


@dataclass(frozen=True)
class Signer:
    person: Person
    role: str
    signature: Signature | None  # the signature in force (not void), if any

    @property
    def approved(self) -> bool:
        return self.signature is not None and self.signature.verdict == Signature.Verdict.APPROVED


def minutes_signers(*, meeting: Meeting) -> list[Signer]:
    """Who must sign the minutes, with their signature in force: the minute checkers, the chair
    and the secretary (each once, under their first role)."""
    wanted: list[tuple[Person, str]] = [
        (person, Signature.Role.CHECKER) for person in meeting.minute_checkers.all()
    ]
    if meeting.chair is not None:
        wanted.append((meeting.chair, Signature.Role.CHAIR))
    if meeting.secretary is not None:
        wanted.append((meeting.secretary, Signature.Role.SECRETARY))
    current = {s.person_id: s for s in meeting.signatures.filter(void=False).order_by("created_at")}
    seen: set[int] = set()
    signers = []
    for person, role in wanted:
        if person.pk in seen:
            continue
        seen.add(person.pk)
        signers.append(Signer(person=person, role=role, signature=current.get(person.pk)))
    return signers


@transaction.atomic
def minutes_sign(
    *,
    meeting: Meeting,
    person: Person,
    verdict: str,
    comment: str = "",
    user: User | None = None,
) -> Signature:
    """A checker approves or comments on the minutes, or the chair or secretary signs them.
    When the last approval comes in, the minutes are locked."""
    Body.objects.select_for_update().get(pk=meeting.body_id)
    meeting.refresh_from_db()
    if meeting.minutes_locked_at is not None:
        raise ValidationError(_("The minutes have already been checked and locked."))
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError(_("The minutes are checked once the meeting has been closed."))
    if not meeting.minute_checkers.exists():
        raise ValidationError(_("The minute checkers have not been recorded."))
    signer = next((s for s in minutes_signers(meeting=meeting) if s.person.pk == person.pk), None)
    if signer is None:
        raise ValidationError(
            _("%(person)s is not a minute checker, the chair or the secretary of this meeting.")
            % {"person": person}
        )
    if verdict not in Signature.Verdict.values:
        raise ValidationError(_("Approve the minutes or write a comment."))
    if verdict == Signature.Verdict.COMMENTED and not comment.strip():
        raise ValidationError(_("Write what should be changed."))
    # The signer's earlier signature gives way to this one (saved, so the audit trail shows it).
    for earlier in meeting.signatures.filter(person=person, void=False):
        earlier.void = True
        earlier.save(update_fields=["void", "modified_at"])
    signature = Signature.objects.create(
        meeting=meeting,
        person=person,
        role=signer.role,
        verdict=verdict,
        comment=comment.strip(),
        user=user,
    )
    if all(s.approved for s in minutes_signers(meeting=meeting)):
        meeting.minutes_locked_at = timezone.now()
        meeting.status = Meeting.Status.MINUTES_CHECKED
        meeting.version += 1
        meeting.save(update_fields=["minutes_locked_at", "status", "version", "modified_at"])
    return signature


@transaction.atomic
def minutes_publish(*, meeting: Meeting, published_on: dt.date) -> Meeting:
    """Publish locked minutes on the public web on `published_on`; the appeal period runs from
    that day (`minutes_appeal_period`)."""
    Body.objects.select_for_update().get(pk=meeting.body_id)
    meeting.refresh_from_db()
    if meeting.minutes_locked_at is None:
        raise ValidationError(_("Only checked and locked minutes are published."))
    if meeting.status == Meeting.Status.PUBLISHED:
        raise ValidationError(_("The minutes have already been published."))
    if published_on < timezone.localdate(meeting.minutes_locked_at):
        raise ValidationError(_("The minutes cannot be published before they were checked."))
    if published_on > timezone.localdate():
        raise ValidationError(
            _("The publication date cannot be in the future: publish on the day they go out.")
        )
    meeting.minutes_published_on = published_on
    meeting.status = Meeting.Status.PUBLISHED
    meeting.version += 1
    meeting.save(update_fields=["minutes_published_on", "status", "version", "modified_at"])
    # The published minutes are printed and stored once, by the task worker. Imported here:
    # the documents app reads this module's signers.
    from kokous.documents.tasks import minutes_store

    pk = meeting.pk
    transaction.on_commit(lambda: minutes_store.enqueue(meeting_id=pk))
    _personal_data_removal_schedule(meeting=meeting)
    return meeting


def _personal_data_removal_schedule(*, meeting: Meeting) -> None:
    """Have the worker remove personal data from the public minutes when the appeal period
    ends. A backend that cannot defer (the tests' immediate one) leaves it to the daily
    `kokous personal_data_remove`."""
    from kokous.publishing.services import personal_data_removal_schedule
    from kokous.publishing.tasks import personal_data_remove

    when = personal_data_removal_schedule(meeting=meeting)
    if when is None or not personal_data_remove.get_backend().supports_defer:
        return
    transaction.on_commit(lambda: personal_data_remove.using(run_after=when).enqueue())


def minutes_appeal_period(*, meeting: Meeting) -> AppealPeriod | None:
    """Publication, deemed notification and the last day of appeal, once published: the
    longest period any of the meeting's items carries (30 days after notification for a
    council's appealable decisions, otherwise the 14 of a request for rectification)."""
    if meeting.minutes_published_on is None:
        return None
    days = max(
        (
            appeal_days(item_appeal_kind(item=item, body=meeting.body)) or RECTIFICATION_DAYS
            for item in meeting.items.all()
        ),
        default=RECTIFICATION_DAYS,
    )
    return appeal_period(published=meeting.minutes_published_on, days=days)


@transaction.atomic
def correction_record(
    *,
    meeting: Meeting,
    reason: str,
    text: str,
    item: AgendaItem | None = None,
    user: User | None = None,
    corrected_on: dt.date | None = None,
) -> Correction:
    """Record a correction to locked minutes, dated and reasoned; the minutes stay as they were
    and the correction is shown with them (DOMAIN.md item 10)."""
    meeting.refresh_from_db()
    if meeting.minutes_locked_at is None:
        raise ValidationError(
            _("The minutes are not locked yet: change the record itself instead.")
        )
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError(_("The item must belong to the same meeting."))
    if not reason.strip() or not text.strip():
        raise ValidationError(_("A correction states its reason and what is corrected."))
    return Correction.objects.create(
        meeting=meeting,
        agenda_item=item,
        corrected_on=corrected_on or timezone.localdate(),
        reason=reason.strip(),
        text=text.strip(),
        made_by=user,
    )
