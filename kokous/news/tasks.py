"""Background work of the newsletter, run by the task worker (`kokous db_worker`)."""

import logging

from django_tasks import task

from kokous.news.models import Subscriber
from kokous.news.services import confirmation_message, newsletter_deliver

logger = logging.getLogger(__name__)


@task()
def newsletter_deliver_task(*, news_id: int) -> int:
    """E-mail a public news item to the newsletter's subscribers, each once; returns how many
    were sent (see `kokous.news.services.newsletter_deliver`)."""
    return newsletter_deliver(news_id=news_id)


@task()
def subscription_confirmation_send(*, subscriber_id: int, token: str, language: str) -> bool:
    """Mail the confirmation link of a subscription; False when the address is gone or the
    mail server refused it (the subscriber asks again; nothing is retried behind their back)."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return False
    try:
        confirmation_message(subscriber=subscriber, token=token, language=language).send()
    except Exception as exc:  # noqa: BLE001 - logged; the form already answered
        logger.warning("Newsletter confirmation to subscriber %s failed: %s", subscriber_id, exc)
        return False
    return True
