"""The member's name key loses its own B-tree index (and, on PostgreSQL, its `varchar_pattern_ops` twin):
the (name key, id) index serves every query that used them — the lists' order and cursor, a prefix range,
the count of names starting with some words, as an index-only scan — and each index costs every insert
(a load into a registry that already holds members maintains them all, row by row). Dropping an index is
quick; nothing to rebuild."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("members", "0009_covering_index_for_subtree_counts")]

    operations = [
        migrations.AlterField(
            model_name="member", name="name_key", field=models.CharField(editable=False, max_length=150)
        ),
    ]
