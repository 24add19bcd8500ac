from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mentoring.core"
    label = "core"

    def ready(self):
        # Every app's admin.py has been imported by now (django.contrib.admin comes first).
        from .admin_fallback import register_missing

        register_missing()
