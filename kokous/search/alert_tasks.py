"""Background work of the search alerts, run by the task worker (`kokous db_worker`)."""

import logging

from django_tasks import task

from kokous.search.alerts import saved_search_confirmation_message, saved_searches_notify
from kokous.search.models import SavedSearch

logger = logging.getLogger(__name__)


@task()
def saved_search_confirmation_send(*, saved_search_id: int, token: str, language: str) -> bool:
    """Mail the confirmation link of a saved search; False when it is gone or the mail server
    refused it (the resident asks again; nothing is retried behind their back)."""
    saved_search = SavedSearch.objects.filter(pk=saved_search_id).first()
    if saved_search is None:
        return False
    try:
        saved_search_confirmation_message(
            saved_search=saved_search, token=token, language=language
        ).send()
    except Exception as exc:  # noqa: BLE001 - logged; the form already answered
        logger.warning("Search alert confirmation %s failed: %s", saved_search_id, exc)
        return False
    return True


@task()
def saved_searches_notify_task() -> int:
    """Mail the saved searches their new public decisions (see
    `kokous.search.alerts.saved_searches_notify`); returns how many messages were sent."""
    return saved_searches_notify().sent
