from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "mentoring.programmes"
    label = "programmes"
