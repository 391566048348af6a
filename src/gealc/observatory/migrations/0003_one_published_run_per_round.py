"""One published run per round, in the database too.

Before the constraint, a round could hold several published runs (a second publication without
a correction). The latest publication stays current; the earlier ones become superseded, the
one change the published-run guard allows.
"""

from django.db import migrations, models


def supersede_earlier_publications(apps, schema_editor) -> None:  # noqa: ANN001
    IndexRun = apps.get_model("observatory", "IndexRun")
    published = IndexRun.objects.filter(status="published").order_by(
        "round_id", "-published_at", "-pk"
    )
    current: dict[int, object] = {}
    for run in published:
        if run.round_id not in current:
            current[run.round_id] = run.published_at
            continue
        IndexRun.objects.filter(pk=run.pk).update(
            status="superseded", superseded_at=current[run.round_id]
        )


class Migration(migrations.Migration):
    dependencies = [("observatory", "0002_published_run_guard")]

    operations = [
        migrations.RunPython(
            supersede_earlier_publications, migrations.RunPython.noop, elidable=False
        ),
        migrations.AddConstraint(
            model_name="indexrun",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "published")),
                fields=("round",),
                name="observatory_one_published_run_per_round",
                violation_error_message=(
                    "This round already has a published run; publish a correction of it instead."
                ),
            ),
        ),
    ]
