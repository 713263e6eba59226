"""The per-organisation count rows carry their organisation's path (issue 12, national root).

A subtree's sum joined every count row to its organisation and walked the organisations in the path
range: 30–70 ms for a province of the national registry and ~0.4 s for the nation (298 k
organisations). With the path on the row and an index on (path, status, members, in_transit), the sum
is one range of one index, which holds every column the sum reads. The (org, status) covering index goes: the unique constraint's index serves the look-ups by
organisation, and nothing reads the counts by organisation for their values any more.

The copy is filled here from the organisations' paths in one UPDATE (both databases), then indexed."""

from django.db import migrations, models

FILL = (
    "UPDATE members_orgmembercount SET path = "
    "(SELECT orgs_org.path FROM orgs_org WHERE orgs_org.id = members_orgmembercount.org_id)"
)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0011_fewer_member_indexes_and_org_index_covers_name"),
        ("orgs", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="orgmembercount", name="org_member_count_cover"),
        migrations.AddField(
            model_name="orgmembercount",
            name="path",
            field=models.CharField(default="", max_length=120),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop, elidable=False),
        migrations.AddIndex(
            model_name="orgmembercount",
            index=models.Index(fields=["path", "status", "members", "in_transit"], name="org_member_count_path"),
        ),
    ]
