"""A public UUID for each membership, so URLs never carry its sequential number.

Three steps: add the column without the unique index, give every existing row its own value,
then make it unique.
"""

import uuid

from django.db import migrations, models


def fill_keys(apps, schema_editor):
    Membership = apps.get_model("units", "Membership")
    for membership in Membership.objects.filter(key__isnull=True).only("pk").iterator():
        Membership.objects.filter(pk=membership.pk).update(key=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="membership",
            name="key",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
