from django.apps import AppConfig
from django.core.management import call_command


class PostsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "posts"

    def ready(self):
        # expect: admin-processes/no-migration-at-startup
        call_command("migrate", interactive=False, verbosity=0)
