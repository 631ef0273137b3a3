"""The communications group ("Viestintä", made by the news app) runs surveys and comment
rounds. Written by the data migration participation/0002 and ensured again by the demo loader
(a test database flushed between tests loses migration rows)."""

from django.contrib.auth.models import Group, Permission

from kokous.news.defaults import GROUP, news_defaults_ensure

PERMISSION = "manage_participation"


def participation_defaults_ensure() -> Group:
    group = news_defaults_ensure()
    group.permissions.add(
        Permission.objects.get(content_type__app_label="participation", codename=PERMISSION)
    )
    return group


__all__ = ["GROUP", "PERMISSION", "participation_defaults_ensure"]
