from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "mentoring.reminders"
    label = "reminders"

    def ready(self):
        from . import receivers  # noqa: F401 — connects the receivers
