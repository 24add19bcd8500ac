from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "mentoring.meetings"
    label = "meetings"

    def ready(self):
        from mentoring.programmes.hooks import register_days_taken

        from .selectors import days_booked

        register_days_taken(days_booked)
