"""The news categories and the communications group ("Viestintä") that may edit news."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# The constants live with the code that ensures the same rows outside migrations.
from kokous.news.defaults import CATEGORIES, GROUP, PERMISSIONS  # noqa: E402


def forwards(apps, schema_editor):
    Category = apps.get_model("news", "Category")
    for slug, name_fi, name_sv, name_en, position in CATEGORIES:
        Category.objects.update_or_create(
            slug=slug,
            defaults={"name_fi": name_fi, "name_sv": name_sv, "name_en": name_en,
                      "position": position},
        )
    # Permissions are otherwise created after all migrations have run.
    app_config = apps.get_app_config("news")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="news", codename__in=PERMISSIONS)
    )


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()
    apps.get_model("news", "Category").objects.filter(
        slug__in=[slug for slug, *_rest in CATEGORIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
