"""Word pairs indexed for phrases (docs/adr/0011-content-and-search.md): a phrase typed becomes an AND
of its consecutive pairs, answered by the inverted index alone, where `<->` on PostgreSQL read every
candidate's positions (detoasting its tsvector) and FTS5 merged position lists. The pairs get a column of
their own: in the FTS5 table (rebuilt with it, triggers included) and, on PostgreSQL, a position-less
(`strip`) generated tsvector with a GIN index."""

from django.db import migrations, models

from sotay.library.searchtext import word_pairs

COLUMNS = "search_title, search_body, search_marked, search_pairs"
OLD_COLUMNS = "search_title, search_body, search_marked"


def _sqlite(columns: str) -> list[str]:
    new = ", ".join(f"new.{c.strip()}" for c in columns.split(","))
    old = ", ".join(f"old.{c.strip()}" for c in columns.split(","))
    return [
        "DROP TRIGGER IF EXISTS library_document_fts_au",
        "DROP TRIGGER IF EXISTS library_document_fts_ad",
        "DROP TRIGGER IF EXISTS library_document_fts_ai",
        "DROP TABLE IF EXISTS library_document_fts",
        f"CREATE VIRTUAL TABLE library_document_fts USING fts5({columns}, "
        "content='library_document', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
        "CREATE TRIGGER library_document_fts_ai AFTER INSERT ON library_document BEGIN "
        f"INSERT INTO library_document_fts(rowid, {columns}) VALUES (new.id, {new}); END",
        "CREATE TRIGGER library_document_fts_ad AFTER DELETE ON library_document BEGIN "
        f"INSERT INTO library_document_fts(library_document_fts, rowid, {columns}) "
        f"VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER library_document_fts_au AFTER UPDATE OF {columns} ON library_document BEGIN "
        f"INSERT INTO library_document_fts(library_document_fts, rowid, {columns}) "
        f"VALUES ('delete', old.id, {old}); "
        f"INSERT INTO library_document_fts(rowid, {columns}) VALUES (new.id, {new}); END",
        "INSERT INTO library_document_fts(library_document_fts) VALUES ('rebuild')",
    ]


POSTGRES_INSTALL = [
    "ALTER TABLE library_document ADD COLUMN search_pairs_vector tsvector GENERATED ALWAYS AS "
    "(strip(to_tsvector('simple', search_pairs))) STORED",
    "CREATE INDEX library_document_pairs_gin ON library_document USING gin (search_pairs_vector)",
]
POSTGRES_UNINSTALL = ["ALTER TABLE library_document DROP COLUMN IF EXISTS search_pairs_vector"]


def fill_pairs(apps, schema_editor):
    Document = apps.get_model("library", "Document")
    batch = []
    for doc in Document.objects.only("pk", "search_title", "search_body").iterator(chunk_size=500):
        doc.search_pairs = f"{word_pairs(doc.search_title)} {word_pairs(doc.search_body)}".strip()
        batch.append(doc)
        if len(batch) == 500:
            Document.objects.bulk_update(batch, ["search_pairs"])
            batch = []
    Document.objects.bulk_update(batch, ["search_pairs"])


def install(apps, schema_editor):
    statements = POSTGRES_INSTALL if schema_editor.connection.vendor == "postgresql" else _sqlite(COLUMNS)
    for sql in statements:
        schema_editor.execute(sql)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        statements = POSTGRES_UNINSTALL
    else:
        statements = _sqlite(OLD_COLUMNS)
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("library", "0004_search_title_vector")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="search_pairs",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill_pairs, migrations.RunPython.noop),
        migrations.RunPython(install, uninstall),
    ]
