"""The communications group ("Viestintä") may manage surveys and comment rounds."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from kokous.participation.defaults import GROUP, PERMISSION  # noqa: E402


def forwards(apps, schema_editor):
    # Permissions are otherwise created after all migrations have run.
    app_config = apps.get_app_config("participation")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="participation", codename=PERMISSION)
    )


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="participation", codename=PERMISSION)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_initial"),
        ("news", "0002_categories_and_group"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
