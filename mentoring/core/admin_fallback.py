"""Django admin for every model of the project, even one whose app has not written its own.

Runs from CoreConfig.ready(), after the admin has imported every app's admin.py, so a part's
own ModelAdmin always wins; this only fills the gaps with a plain, searchable list.
What a pair writes (MeetingLog) is never shown here: its admin lists that a log exists, no text.
"""

from django.apps import apps
from django.contrib import admin
from django.db import models

PROJECT_APPS = ("mentoring.", "units")
# Models whose text belongs to the pair alone: the fallback admin shows no field of their content.
PAIR_ONLY = {"meetings.MeetingLog"}


def project_models() -> list[type[models.Model]]:
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith(PROJECT_APPS)
        for model in config.get_models()
    ]


def _plain_admin(model) -> type[admin.ModelAdmin]:
    concrete = [f for f in model._meta.fields if not f.primary_key]
    attrs: dict = {
        "list_display": ["__str__"]
        + [f.name for f in concrete if isinstance(f, models.DateTimeField | models.DateField)][:2],
        "list_filter": [
            f.name for f in concrete if f.choices and not isinstance(f, models.JSONField)
        ][:3],
        "raw_id_fields": [f.name for f in model._meta.fields if f.is_relation],
    }
    if model._meta.label in PAIR_ONLY:
        visible = [f.name for f in model._meta.fields if f.is_relation or "_at" in f.name]
        attrs.update(
            fields=visible,
            readonly_fields=visible,
            raw_id_fields=[],
            has_add_permission=lambda self, request: False,
            has_change_permission=lambda self, request, obj=None: False,
        )
    return type(f"{model.__name__}FallbackAdmin", (admin.ModelAdmin,), attrs)


def register_missing(site: admin.AdminSite = admin.site) -> list[str]:
    added = []
    for model in project_models():
        if not site.is_registered(model):
            site.register(model, _plain_admin(model))
            added.append(model._meta.label)
    return added
