from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mentoring.accounts"
    label = "accounts"

    def ready(self):
        from .signin import receivers

        receivers.connect()
