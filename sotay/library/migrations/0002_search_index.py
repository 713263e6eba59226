"""The search index, one per database (docs/adr/0011-content-and-search.md): an FTS5 table kept by
triggers on SQLite; generated tsvector columns with GIN indexes on PostgreSQL. Both index the same
pre-folded words (sotay.library.searchtext), so matching is the same."""

from django.db import migrations

SQLITE_INSTALL = [
    "CREATE VIRTUAL TABLE library_document_fts USING fts5(search_title, search_body, search_marked, "
    "content='library_document', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER library_document_fts_ai AFTER INSERT ON library_document BEGIN "
    "INSERT INTO library_document_fts(rowid, search_title, search_body, search_marked) "
    "VALUES (new.id, new.search_title, new.search_body, new.search_marked); END",
    "CREATE TRIGGER library_document_fts_ad AFTER DELETE ON library_document BEGIN "
    "INSERT INTO library_document_fts(library_document_fts, rowid, search_title, search_body, search_marked) "
    "VALUES ('delete', old.id, old.search_title, old.search_body, old.search_marked); END",
    "CREATE TRIGGER library_document_fts_au AFTER UPDATE OF search_title, search_body, search_marked "
    "ON library_document BEGIN "
    "INSERT INTO library_document_fts(library_document_fts, rowid, search_title, search_body, search_marked) "
    "VALUES ('delete', old.id, old.search_title, old.search_body, old.search_marked); "
    "INSERT INTO library_document_fts(rowid, search_title, search_body, search_marked) "
    "VALUES (new.id, new.search_title, new.search_body, new.search_marked); END",
]
SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS library_document_fts_au",
    "DROP TRIGGER IF EXISTS library_document_fts_ad",
    "DROP TRIGGER IF EXISTS library_document_fts_ai",
    "DROP TABLE IF EXISTS library_document_fts",
]
POSTGRES_INSTALL = [
    "ALTER TABLE library_document ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_body), 'D')) "
    "STORED",
    "ALTER TABLE library_document ADD COLUMN search_marked_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple', search_marked)) STORED",
    "CREATE INDEX library_document_search_gin ON library_document USING gin (search_vector)",
    "CREATE INDEX library_document_marked_gin ON library_document USING gin (search_marked_vector)",
]
POSTGRES_UNINSTALL = [
    "ALTER TABLE library_document DROP COLUMN IF EXISTS search_marked_vector",
    "ALTER TABLE library_document DROP COLUMN IF EXISTS search_vector",
]


def install(apps, schema_editor):
    statements = POSTGRES_INSTALL if schema_editor.connection.vendor == "postgresql" else SQLITE_INSTALL
    for sql in statements:
        schema_editor.execute(sql)


def uninstall(apps, schema_editor):
    statements = POSTGRES_UNINSTALL if schema_editor.connection.vendor == "postgresql" else SQLITE_UNINSTALL
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("library", "0001_documents_bookmarks_readings")]

    operations = [migrations.RunPython(install, uninstall)]
