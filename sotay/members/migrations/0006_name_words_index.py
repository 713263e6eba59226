"""Words anywhere in a folded name, in any order, through an index on both databases (ADR 0009,
sotay.members.search): an FTS5 table over `name_key` kept by triggers on SQLite, and a GIN index on the
name key's words (`to_tsvector('simple', name_key)`, the library's tool) on PostgreSQL.

A migration that rebuilds `members_member` on SQLite (Django's table remake) drops the triggers: it must
run `_sqlite_install` again."""

from django.db import migrations

SQLITE_INSTALL = [
    "CREATE VIRTUAL TABLE members_member_fts USING fts5(name_key, content='members_member', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER members_member_fts_ai AFTER INSERT ON members_member BEGIN "
    "INSERT INTO members_member_fts(rowid, name_key) VALUES (new.id, new.name_key); END",
    "CREATE TRIGGER members_member_fts_ad AFTER DELETE ON members_member BEGIN "
    "INSERT INTO members_member_fts(members_member_fts, rowid, name_key) "
    "VALUES ('delete', old.id, old.name_key); END",
    "CREATE TRIGGER members_member_fts_au AFTER UPDATE OF name_key ON members_member BEGIN "
    "INSERT INTO members_member_fts(members_member_fts, rowid, name_key) "
    "VALUES ('delete', old.id, old.name_key); "
    "INSERT INTO members_member_fts(rowid, name_key) VALUES (new.id, new.name_key); END",
    "INSERT INTO members_member_fts(members_member_fts) VALUES ('rebuild')",
]
SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS members_member_fts_au",
    "DROP TRIGGER IF EXISTS members_member_fts_ad",
    "DROP TRIGGER IF EXISTS members_member_fts_ai",
    "DROP TABLE IF EXISTS members_member_fts",
]
POSTGRES_INSTALL = [
    "CREATE INDEX IF NOT EXISTS member_name_words_gin ON members_member "
    "USING gin (to_tsvector('simple'::regconfig, name_key))",
]
POSTGRES_UNINSTALL = ["DROP INDEX IF EXISTS member_name_words_gin"]


def install(apps, schema_editor):
    statements = POSTGRES_INSTALL if schema_editor.connection.vendor == "postgresql" else SQLITE_INSTALL
    for sql in statements:
        schema_editor.execute(sql)


def uninstall(apps, schema_editor):
    statements = POSTGRES_UNINSTALL if schema_editor.connection.vendor == "postgresql" else SQLITE_UNINSTALL
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("members", "0005_phone_holds_landlines")]

    operations = [migrations.RunPython(install, uninstall)]
