"""Every save and delete of a searchable object (or of what its searchable version depends
on) notes the change; the index is updated after the commit, through the task queue."""

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from kokous.cases.models import Case
from kokous.meetings.models import AgendaItem, Attachment, Attendance, Meeting
from kokous.news.models import News
from kokous.organisations.models import Body, Membership, Person
from kokous.search.models import Kind
from kokous.search.services import search_index_changed

_KINDS: dict[type, str] = {
    AgendaItem: Kind.ITEM,
    Attachment: Kind.ATTACHMENT,
    Meeting: Kind.MEETING,
    Case: Kind.CASE,
    Body: Kind.BODY,
    Person: Kind.PERSON,
    News: Kind.NEWS,
}


def _changed(sender: type, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # loading fixtures
    search_index_changed(kind=_KINDS[sender], object_ids=[instance.pk])


for _model in _KINDS:
    post_save.connect(_changed, sender=_model, dispatch_uid=f"search-save-{_model.__name__}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"search-delete-{_model.__name__}")


@receiver(post_save, sender=Membership, dispatch_uid="search-membership-save")
@receiver(post_delete, sender=Membership, dispatch_uid="search-membership-delete")
@receiver(post_save, sender=Attendance, dispatch_uid="search-attendance-save")
@receiver(post_delete, sender=Attendance, dispatch_uid="search-attendance-delete")
def _person_role_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        search_index_changed(kind=Kind.PERSON, object_ids=[instance.person_id])


@receiver(m2m_changed, sender=AgendaItem.contacts.through, dispatch_uid="search-contacts")
def _contacts_changed(sender: type, instance: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and isinstance(instance, AgendaItem):
        search_index_changed(kind=Kind.ITEM, object_ids=[instance.pk])
        search_index_changed(kind=Kind.PERSON, object_ids=kwargs.get("pk_set") or [])
