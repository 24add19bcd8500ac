"""Django admin for every model of the project, even one whose app has not written its own.

Runs from CoreConfig.ready(), after the admin has imported every app's admin.py, so a part's
own ModelAdmin always wins; this only fills the gaps with a plain, searchable list.

These lists are read-only: every change to the mentoring domain goes through its services,
which check the transition and write the audit log. What a pair writes — meeting logs and
places, the agreement's text and goals, evaluation answers and decisions, reasons for moving
or cancelling a meeting — is never shown: the fields of ``core.private.PRIVATE_FIELDS`` are
left out of every list, filter and page (and refused as a lookup typed into the URL, see
``core.admin_private``), so staff see who, when and in which state only.
"""

from django.apps import apps
from django.contrib import admin
from django.db import models

from .admin_private import PrivateLookupsRefused
from .private import private_fields

PROJECT_APPS = ("mentoring.", "units")


def project_models() -> list[type[models.Model]]:
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith(PROJECT_APPS)
        for model in config.get_models()
    ]


def _plain_admin(model) -> type[admin.ModelAdmin]:
    hidden = private_fields(model._meta.label)
    concrete = [f for f in model._meta.fields if not f.primary_key and f.name not in hidden]
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
    if hidden:
        # An explicit list: every field but the private ones, the id first.
        visible = [
            f.name for f in [*model._meta.fields, *model._meta.many_to_many] if f.name not in hidden
        ]
        attrs.update(fields=visible, readonly_fields=visible)
    return type(f"{model.__name__}FallbackAdmin", (PrivateLookupsRefused, admin.ModelAdmin), attrs)


def register_missing(site: admin.AdminSite = admin.site) -> list[str]:
    added = []
    for model in project_models():
        if not site.is_registered(model):
            site.register(model, _plain_admin(model))
            added.append(model._meta.label)
    return added
