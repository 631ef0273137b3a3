from django.db import migrations


def narrow_rows(apps, schema_editor):
    """PostgreSQL: keep the documents' long columns (text, terms, vector) out of line, so that
    finding the newest matches of a word reads narrow rows (the search ranks those only)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchdocument SET (toast_tuple_target = 128)")


def wide_rows(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchdocument RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_saved_search_alerts")]

    operations = [migrations.RunPython(narrow_rows, wide_rows)]
