"""Background work of search, run by the task worker (`kokous db_worker`)."""

from django_tasks import task

from kokous.search.services import search_index_apply


@task()
def search_index_task(changes: dict[str, list[int]]) -> int:
    """Update the search documents of the objects that changed ({kind: [ids]}) and of what
    depends on them. Returns how many documents were written."""
    return search_index_apply(changes=changes)
