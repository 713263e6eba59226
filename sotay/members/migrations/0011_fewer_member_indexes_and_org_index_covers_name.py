"""Members' indexes at national scale (issue 12): fewer for every insert to maintain (a load into a
registry that already holds members maintains each one row by row), and one that the search reads alone.

- The foreign key's own index on `org_id` goes: `member_org_status_idx` (org_id, status) leads with the
  same column and serves every look-up by organisation (the lists, the counts, the key's checks).
- PostgreSQL: `member_org_status_idx` also carries the name key and the id (`INCLUDE`), so that a search
  for a common word, which reads the subtree's members organisation by organisation
  (`sotay.members.search.in_subtree_rows`), reads the index alone instead of one heap page per member.
  Same name, so the model's `Index` stays as it is (as in 0008). Built CONCURRENTLY, then swapped.
- PostgreSQL: the trigram index on the name key (no query has used it since the words index, 0006) and
  the `varchar_pattern_ops` twins of the CCCD, card number and code indexes, which only `LIKE 'x%'`
  reads: identifiers are found by exact match (their unique indexes stay).

Indexes are dropped by name rather than through Django's `AlterField`, which on SQLite remakes the table
and so drops the name search's FTS5 triggers (0006)."""

from django.db import migrations, models

FK_INDEX = "members_member_org_id_b6aaec52"  # Django's name for the foreign key's index
TWINS = (
    "members_member_cccd_eacbc75c_like",
    "members_member_card_number_429e92e0_like",
    "members_member_code_269704ec_like",
)


def _swap_org_index(include: str):
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


def drop(apps, schema_editor):
    names = [FK_INDEX]
    if schema_editor.connection.vendor == "postgresql":
        names += ["member_name_key_trgm_idx", *TWINS]
    for name in names:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def create(apps, schema_editor):
    schema_editor.execute(f"CREATE INDEX {FK_INDEX} ON members_member (org_id)")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX member_name_key_trgm_idx ON members_member USING gin (name_key gin_trgm_ops)"
        )
        for name in TWINS:
            column = name.removeprefix("members_member_").rsplit("_", 2)[0]
            schema_editor.execute(f"CREATE INDEX {name} ON members_member ({column} varchar_pattern_ops)")


class Migration(migrations.Migration):
    atomic = False  # CREATE/DROP INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("members", "0010_name_key_indexed_once_with_id")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="member",
                    name="org",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=models.deletion.PROTECT,
                        related_name="members",
                        to="orgs.org",
                        verbose_name="chi bộ sinh hoạt",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop, create)],
        ),
        migrations.RunPython(_swap_org_index("INCLUDE (name_key, id)"), _swap_org_index(""), elidable=False),
    ]
