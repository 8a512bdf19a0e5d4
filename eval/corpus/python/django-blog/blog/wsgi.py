import os

from django.core.wsgi import get_wsgi_application

# expect-none: *
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blog.settings")

application = get_wsgi_application()
