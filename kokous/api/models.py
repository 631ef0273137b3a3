"""What the open API keeps of its own: a record of each deleted object, so that a client
syncing with `modified_since` learns of deletions (OParl's `deleted: true`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Tombstone(models.Model):
    """A deleted object that the open API once could list: its type (as the API names it), its
    former primary key and when it was deleted. Written by the `post_delete` signals connected
    in `ApiConfig.ready`; read by the lists when a client asks for `modified_since`."""

    object_type = models.CharField(_("type of object"), max_length=32)
    object_id = models.PositiveBigIntegerField(_("id of the object"))
    deleted_at = models.DateTimeField(_("deleted"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("deleted object")
        verbose_name_plural = _("deleted objects")
        ordering = ["deleted_at", "pk"]
        indexes = [models.Index(fields=["object_type", "deleted_at"])]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id}"
