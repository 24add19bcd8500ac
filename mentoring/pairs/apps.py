from django.apps import AppConfig


class PairsConfig(AppConfig):
    name = "mentoring.pairs"
    label = "pairs"

    def ready(self):
        from mentoring.programmes.hooks import register_signup_holder

        from .selectors import pairs_holding

        register_signup_holder(pairs_holding)
