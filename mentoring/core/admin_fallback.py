"""Django admin for every model of the project, even one whose app has not written its own.

Runs from CoreConfig.ready(), after the admin has imported every app's admin.py, so a part's
own ModelAdmin always wins; this only fills the gaps with a plain, searchable list.

These lists are read-only: every change to the mentoring domain goes through its services,
which check the transition and write the audit log. What a pair writes — meeting logs, the
agreement's text and goals, evaluation answers, reasons for moving a meeting — is never shown:
for those models the admin lists only who, when and in which state, no text and no rating.
"""

from django.apps import apps
from django.contrib import admin
from django.db import models

PROJECT_APPS = ("mentoring.", "units")
# Models whose text belongs to the pair alone: the fallback admin shows no field of their content.
PAIR_ONLY = {
    "meetings.MeetingLog",
    "meetings.MeetingChange",
    "agreements.Agreement",
    "agreements.Goal",
    "evaluations.Evaluation",
    "evaluations.GoalOutcome",
}


def _is_state(field) -> bool:
    """A field that says who, when or in which state — never what someone wrote or rated."""
    return (
        field.is_relation
        or bool(field.choices)
        or isinstance(field, models.DateTimeField | models.DateField | models.BooleanField)
        or field.name == "version"
    )


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
        "has_add_permission": lambda self, request: False,
        "has_change_permission": lambda self, request, obj=None: False,
        "has_delete_permission": lambda self, request, obj=None: False,
    }
    if model._meta.label in PAIR_ONLY:
        visible = [f.name for f in model._meta.fields if _is_state(f)]
        attrs.update(fields=visible, readonly_fields=visible)
    return type(f"{model.__name__}FallbackAdmin", (admin.ModelAdmin,), attrs)


def register_missing(site: admin.AdminSite = admin.site) -> list[str]:
    added = []
    for model in project_models():
        if not site.is_registered(model):
            site.register(model, _plain_admin(model))
            added.append(model._meta.label)
    return added
