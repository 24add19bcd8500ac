from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "mentoring.evaluations"
    label = "evaluations"

    def ready(self):
        from . import receivers  # noqa: F401 — connects the receivers
