"""Background work of preparation, run by the task worker (`kokous db_worker`)."""

from django_tasks import task

from kokous.preparation.reminders import reminders_send
from kokous.preparation.selectors import preparation_today


@task()
def preparation_reminders_task() -> dict[str, int]:
    """Send the reminders due today (by the demo clock when it is set); see
    `kokous.preparation.reminders`."""
    report = reminders_send(today=preparation_today())
    return {"due": report.due, "late": report.late, "digests": report.digests,
            "failed": report.failed}  # fmt: skip
