from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "mentoring.evaluations"
    label = "evaluations"
