from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "mentoring.meetings"
    label = "meetings"
