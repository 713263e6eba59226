"""On PostgreSQL the list's (name key, id) index also carries the organisation and the status
(`INCLUDE`), so that counting the names that start with some words within a subtree — the member list's
search, `sotay.members.views._many_start_with` — reads the index alone instead of one heap page per name
(at 5.6 M members "hoa" in one province: 90 → 65 ms p50, docs/deploy.md). Same index name, so the model's
`Index` stays as it is; SQLite has no covering indexes and keeps the plain one. Built CONCURRENTLY beside
the old one, then swapped: the registry stays writable while a national table is indexed (~25 s)."""

from django.db import migrations


def _swap(include: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in (
            "DROP INDEX CONCURRENTLY IF EXISTS member_name_key_id_new",  # a run stopped half-way
            f"CREATE INDEX CONCURRENTLY member_name_key_id_new ON members_member (name_key, id) {include}",
            "DROP INDEX CONCURRENTLY IF EXISTS member_name_key_id_idx",
            "ALTER INDEX member_name_key_id_new RENAME TO member_name_key_id_idx",
        ):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    atomic = False  # CREATE/DROP INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("members", "0007_updated_at_index_for_dashboard_delta")]

    operations = [migrations.RunPython(_swap("INCLUDE (org_id, status)"), _swap(""), elidable=False)]
