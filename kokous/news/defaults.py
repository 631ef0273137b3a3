"""The rows every installation has: the news categories and the communications group
("Viestintä") that may edit news. Written by the data migration news/0002 and ensured again by
the demo loader (a test database flushed between tests loses migration rows)."""

from django.contrib.auth.models import Group, Permission

from kokous.news.models import Category

CATEGORIES = [
    # (slug, Finnish, Swedish, English, position)
    ("uudistus", "Uudistus", "Reformen", "Reform news", 1),
    ("tyopaikat", "Työpaikat", "Lediga jobb", "Job postings", 2),
    ("kokoukset-ja-paatokset", "Kokoukset ja päätökset", "Möten och beslut",
     "Meetings and decisions", 3),
    ("yleiset", "Yleiset uutiset", "Allmänna nyheter", "General news", 4),
]  # fmt: skip
GROUP = "Viestintä"
PERMISSIONS = [
    "add_news", "change_news", "view_news", "delete_news",
    "add_newsattachment", "change_newsattachment", "view_newsattachment",
    "delete_newsattachment", "view_category", "view_subscriber", "view_dispatch",
]  # fmt: skip


def news_defaults_ensure() -> Group:
    """Create the categories and the communications group if missing; returns the group."""
    for slug, name_fi, name_sv, name_en, position in CATEGORIES:
        Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name_fi": name_fi,
                "name_sv": name_sv,
                "name_en": name_en,
                "position": position,
            },
        )
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="news", codename__in=PERMISSIONS)
    )
    return group
