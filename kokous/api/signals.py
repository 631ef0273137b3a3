"""Deletions of the objects the open API exposes leave a `Tombstone` behind."""

from typing import Any

from django.db import models
from django.db.models.signals import post_delete

from kokous.api.models import Tombstone


def tombstone_types() -> dict[type[models.Model], str]:
    """The exposed models and the type name each has in the API."""
    from kokous.cases.models import Case
    from kokous.meetings.models import AgendaItem, Attachment, Meeting
    from kokous.organisations.models import Body, Membership, Organisation, Person
    from kokous.proceedings.models import Vote

    return {
        Organisation: "organisation",
        Body: "body",
        Person: "person",
        Membership: "membership",
        Meeting: "meeting",
        AgendaItem: "agenda_item",
        Case: "case",
        Attachment: "attachment",
        Vote: "vote",
    }


def _record(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    object_type = tombstone_types()[sender]
    Tombstone.objects.create(object_type=object_type, object_id=instance.pk)


def tombstone_signals_connect() -> None:
    """Connect `post_delete` of every exposed model (called once, from `ApiConfig.ready`)."""
    for model in tombstone_types():
        post_delete.connect(_record, sender=model, dispatch_uid=f"api-tombstone-{model.__name__}")
