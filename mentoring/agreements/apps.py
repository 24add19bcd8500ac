from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "mentoring.agreements"
    label = "agreements"

    def ready(self):
        from mentoring.programmes.hooks import register_days_taken

        from .selectors import evaluation_days

        register_days_taken(evaluation_days)
