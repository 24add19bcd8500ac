from django.db import migrations

KEYS = [
    "medication-safety", "dementia-care", "palliative-care", "relatives", "documentation",
    "ergonomics", "shift-recovery", "career", "ethics", "new-ways",
]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("programmes", "Theme")
    for key in KEYS:
        Theme.objects.get_or_create(organisation=None, key=key, defaults={"name": key})


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]
    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
