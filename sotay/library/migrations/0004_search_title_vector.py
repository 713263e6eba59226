"""PostgreSQL: the title's words in a tsvector of their own (with a GIN index), so that "every word in
the title" — a cheap stand-in for relevance when too many documents match to rank them all — is answered
by the index alone (sotay.library.search). SQLite's FTS5 table already indexes the title as a column."""

from django.db import migrations

INSTALL = [
    "ALTER TABLE library_document ADD COLUMN search_title_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple', search_title)) STORED",
    "CREATE INDEX library_document_title_gin ON library_document USING gin (search_title_vector)",
]
UNINSTALL = ["ALTER TABLE library_document DROP COLUMN IF EXISTS search_title_vector"]


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in INSTALL:
            schema_editor.execute(sql)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in UNINSTALL:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("library", "0003_document_withdrawal")]

    operations = [migrations.RunPython(install, uninstall)]
