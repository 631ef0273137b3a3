"""Background work of invitations, run by the task worker (`kokous db_worker`)."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks import task

from kokous.invitations.models import Delivery, Invitation

logger = logging.getLogger(__name__)

CALENDAR_FILENAME = "kokous.ics"


@task()
def invitation_deliver(*, invitation_id: int) -> int:
    """E-mail the queued deliveries of an invitation, each with the calendar file, over one
    connection. Each delivery records its own outcome; returns how many were sent.

    A mail server that cannot be reached fails every queued delivery, with the error, so that
    staff see it and retry: none is left waiting for a task that has already ended. Each
    delivery is claimed (queued → sending) before it is sent, so that a retry running beside
    this task never sends the same message twice."""
    invitation = Invitation.objects.get(pk=invitation_id)
    queued = list(
        invitation.deliveries.filter(status=Delivery.Status.QUEUED).values_list("pk", flat=True)
    )
    if not queued:
        return 0
    connection = get_connection()
    try:
        connection.open()
    except Exception as exc:  # noqa: BLE001 - recorded on every delivery it stops
        logger.warning("Invitation %s: the mail server cannot be reached: %s", invitation.pk, exc)
        Delivery.objects.filter(pk__in=queued, status=Delivery.Status.QUEUED).update(
            status=Delivery.Status.FAILED, error=str(exc)[:500], modified_at=timezone.now()
        )
        return 0
    sent = 0
    try:
        for pk in queued:
            # Claim the delivery with one conditional UPDATE: a retry running beside this task
            # cannot claim it too, and no transaction (on SQLite, a database-wide write lock)
            # is held while the mail server answers.
            claimed = Delivery.objects.filter(pk=pk, status=Delivery.Status.QUEUED).update(
                status=Delivery.Status.SENDING, modified_at=timezone.now()
            )
            if not claimed:  # sent or being sent by another task
                continue
            delivery = Delivery.objects.get(pk=pk)
            if _deliver(invitation=invitation, delivery=delivery, connection=connection):
                sent += 1
    finally:
        connection.close()
    return sent


def _deliver(*, invitation: Invitation, delivery: Delivery, connection: BaseEmailBackend) -> bool:
    """Send one delivery's message and record how it went."""
    message = EmailMessage(
        subject=invitation.subject,
        body=invitation.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.email],
        connection=connection,
    )
    message.attach(CALENDAR_FILENAME, invitation.calendar, "text/calendar; method=PUBLISH")
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - any failure is recorded on the delivery
        logger.warning("Invitation %s to %s failed: %s", invitation.pk, delivery.email, exc)
        delivery.status = Delivery.Status.FAILED
        delivery.error = str(exc)[:500]
    else:
        delivery.status = Delivery.Status.SENT
        delivery.sent_at = timezone.now()
        delivery.error = ""
    delivery.save(update_fields=["status", "error", "sent_at", "modified_at"])
    return delivery.status == Delivery.Status.SENT
