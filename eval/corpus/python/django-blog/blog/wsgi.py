import os

from django.core.wsgi import get_wsgi_application

# expect-none: *
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blog.settings")

application = get_wsgi_application()

from django.core.management import call_command  # noqa: E402

# Make sure the admin's CSS is there on a fresh dyno.
# expect: build-release-run/no-runtime-install
call_command("collectstatic", interactive=False, verbosity=0)
