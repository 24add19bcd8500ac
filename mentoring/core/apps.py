from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mentoring.core"
    label = "core"
