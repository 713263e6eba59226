"""On PostgreSQL the (organisation, status) index also carries the folded name and the id (`INCLUDE (name_key, id)`), so
that the member list's ranked search reads a subtree's names from the index alone, organisation by
organisation, before it asks the words index (`sotay.members.search._scanned`: "van hung" at the root of
a province at 5.6 M members, docs/deploy.md). Same index name, so the model's `Index` stays as it is;
SQLite has no covering indexes and keeps the plain one. Built CONCURRENTLY beside the old one, then
swapped, as migration 0008 does: the registry stays writable while a national table is indexed."""

from django.db import migrations


def _swap(include: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in (
            "DROP INDEX CONCURRENTLY IF EXISTS member_org_status_new",  # a run stopped half-way
            f"CREATE INDEX CONCURRENTLY member_org_status_new ON members_member (org_id, status) {include}",
            "DROP INDEX CONCURRENTLY IF EXISTS member_org_status_idx",
            "ALTER INDEX member_org_status_new RENAME TO member_org_status_idx",
        ):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    atomic = False  # CREATE/DROP INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("members", "0009_covering_index_for_subtree_counts")]

    operations = [migrations.RunPython(_swap("INCLUDE (name_key, id)"), _swap(""), elidable=False)]
