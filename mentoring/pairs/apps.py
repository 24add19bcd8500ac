from django.apps import AppConfig


class PairsConfig(AppConfig):
    name = "mentoring.pairs"
    label = "pairs"
