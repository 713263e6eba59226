"""A document can be withdrawn (thu hồi): hidden from members, kept for the record.

On SQLite, adding a NOT NULL column rebuilds the table, which drops the search index's triggers
(0002_search_index); they are created again here. PostgreSQL adds the columns in place."""

from importlib import import_module

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

_INDEX = import_module("sotay.library.migrations.0002_search_index")
_TRIGGERS = [sql for sql in _INDEX.SQLITE_INSTALL if sql.startswith("CREATE TRIGGER")]
_DROP_TRIGGERS = [sql for sql in _INDEX.SQLITE_UNINSTALL if sql.startswith("DROP TRIGGER")]


def reinstall_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in [*_DROP_TRIGGERS, *_TRIGGERS]:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0002_search_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="withdrawal_reason",
            field=models.CharField(blank=True, max_length=500, verbose_name="lý do thu hồi"),
        ),
        migrations.AddField(
            model_name="document",
            name="withdrawn_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="thời điểm thu hồi"),
        ),
        migrations.AddField(
            model_name="document",
            name="withdrawn_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(reinstall_triggers, migrations.RunPython.noop),
    ]
