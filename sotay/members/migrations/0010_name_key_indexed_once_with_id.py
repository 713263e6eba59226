"""The member's name key loses its own B-tree index (and, on PostgreSQL, its `varchar_pattern_ops` twin):
the (name key, id) index serves every query that used them — the lists' order and cursor, a prefix range,
the count of names starting with some words, as an index-only scan — and each index costs every insert
(a load into a registry that already holds members maintains them all, row by row). Dropping an index is
quick; nothing to rebuild. The indexes are dropped by name rather than by Django's `AlterField`, which
on SQLite remakes the table and so drops the name search's FTS5 triggers (migration 0006)."""

from django.db import migrations, models

INDEX = "members_member_name_key_2791d00d"  # Django's name for the field's index (and `_like` twin)


def drop(apps, schema_editor):
    twins = [INDEX, f"{INDEX}_like"] if schema_editor.connection.vendor == "postgresql" else [INDEX]
    for name in twins:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def create(apps, schema_editor):
    schema_editor.execute(f"CREATE INDEX {INDEX} ON members_member (name_key)")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX {INDEX}_like ON members_member (name_key varchar_pattern_ops)")


class Migration(migrations.Migration):
    dependencies = [("members", "0009_covering_index_for_subtree_counts")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="member",
                    name="name_key",
                    field=models.CharField(editable=False, max_length=150),
                ),
            ],
            database_operations=[migrations.RunPython(drop, create)],
        ),
    ]
