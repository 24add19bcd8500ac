"""Invitations that can be resent, renewed and withdrawn, listed by a public UUID.

The key comes in three steps (add without the unique index, fill, make unique). Invitations
made before this were sent once, when they were made.
"""

import uuid

from django.db import migrations, models
from django.db.models import F


def fill(apps, schema_editor):
    Invitation = apps.get_model("accounts", "Invitation")
    for invitation in Invitation.objects.filter(key__isnull=True).only("pk").iterator():
        Invitation.objects.filter(pk=invitation.pk).update(key=uuid.uuid4())
    Invitation.objects.update(sent_at=F("created_at"), send_count=1)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_single_sign_on")]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="invitation",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="sent"),
        ),
        migrations.AddField(
            model_name="invitation",
            name="send_count",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="times sent"),
        ),
        migrations.AddField(
            model_name="invitation",
            name="withdrawn_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="withdrawn"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="invitation",
            name="key",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
