"""Indexes for searching a large index fast (see kokous/search/backends.py).

PostgreSQL: the GIN index covers the terms and lexemes of the document's week and month (the expression
is backends.PG_MATCH without the alias; a query uses the index only when it is the same), and
the dated documents are indexed newest first for finding the last weeks' start. SQLite: a
narrow covering index of what the audience and the order read, so that a match's row is not
read past its text."""

from django.db import migrations

PG_WEEK_VECTOR = (
    "(vector || CASE WHEN date IS NULL THEN ''::tsvector ELSE array_to_tsvector(ARRAY["
    "'~w' || ((date - DATE '1900-01-01') / 7)::text, "
    "'~m' || (extract(year FROM date) * 12 + extract(month FROM date))::int::text]) END)"
)
SCHEMA = {
    "postgresql": [
        "DROP INDEX search_document_vector",
        f"CREATE INDEX search_document_terms ON search_searchdocument USING gin ({PG_WEEK_VECTOR})",
        "CREATE INDEX search_document_newest ON search_searchdocument (date DESC) "
        "WHERE date IS NOT NULL",
        # The search sizes its window by the planner's estimate of a word's matches, which is
        # good for the words in the vector's most common elements only: keep ten times the
        # default's (ANALYZE then samples 300,000 rows; 45 s at a million documents).
        "ALTER TABLE search_searchdocument ALTER COLUMN vector SET STATISTICS 1000",
        "ANALYZE search_searchdocument",
    ],
    "sqlite": [
        "CREATE INDEX search_document_visible ON search_searchdocument "
        "(id, scope, available_at, date, kind, body_id)",
    ],
}
SCHEMA_DROP = {
    "postgresql": [
        "ALTER TABLE search_searchdocument ALTER COLUMN vector SET STATISTICS -1",
        "DROP INDEX search_document_newest",
        "DROP INDEX search_document_terms",
        "CREATE INDEX search_document_vector ON search_searchdocument USING gin (vector)",
    ],
    "sqlite": ["DROP INDEX search_document_visible"],
}


def indexes_create(apps, schema_editor):
    for statement in SCHEMA.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def indexes_drop(apps, schema_editor):
    for statement in SCHEMA_DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_search_narrow_rows")]

    operations = [migrations.RunPython(indexes_create, indexes_drop)]
