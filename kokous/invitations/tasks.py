"""Background work of invitations, run by the task worker (`kokous db_worker`)."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone
from django_tasks import task

from kokous.invitations.models import Delivery, Invitation

logger = logging.getLogger(__name__)

CALENDAR_FILENAME = "kokous.ics"


@task()
def invitation_deliver(*, invitation_id: int) -> int:
    """E-mail the queued deliveries of an invitation, each with the calendar file, over one
    connection. Each delivery records its own outcome; returns how many were sent."""
    invitation = Invitation.objects.get(pk=invitation_id)
    queued = list(
        invitation.deliveries.filter(status=Delivery.Status.QUEUED).select_related("person")
    )
    sent = 0
    with get_connection() as connection:
        for delivery in queued:
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
                sent += 1
            delivery.save(update_fields=["status", "error", "sent_at", "modified_at"])
    return sent
