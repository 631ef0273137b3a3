"""Background work of the publishing app, run by the task worker (`kokous db_worker`)."""

from django_tasks import task

from kokous.publishing.services import personal_data_remove_due


@task()
def personal_data_remove() -> list[int]:
    """Remove the personal data whose appeal period has ended; enqueued, to run after the
    period, when minutes are published (and `kokous personal_data_remove` catches up daily).
    Returns the ids of the items done."""
    return [item.pk for item in personal_data_remove_due().items]
