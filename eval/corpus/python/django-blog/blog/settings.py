"""
Django settings for blog.

See https://docs.djangoproject.com/en/5.0/topics/settings/
"""
import os
import socket
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# expect: config/no-hardcoded-secret
SECRET_KEY = "django-insecure-x3$k9!q2v@7h#p1m&z8r^w5t(c0y)e6n*b4j+u_l=d"

# expect-none: *
DEBUG = os.environ.get("DJANGO_DEBUG", "False") == "True"

# expect-none: *
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")

# expect: codebase/no-host-branching
if socket.gethostname() == "blog-prod-01":
    SECURE_SSL_REDIRECT = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "posts.apps.PostsConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "blog.urls"
WSGI_APPLICATION = "blog.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "blog",
        "USER": "blog",
        # expect: config/no-hardcoded-secret
        "PASSWORD": "Tq8#mVz2LpR6xW",
        # expect: backing-services/no-fixed-host | config/no-hardcoded-url
        "HOST": "localhost",
        # expect-none: *
        "PORT": "5432",
        # expect-none: *
        "CONN_MAX_AGE": 60,
    }
}

# expect: processes/no-memory-session-store
SESSION_ENGINE = "django.contrib.sessions.backends.file"
# expect-none: *
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14

# expect: backing-services/no-fixed-host | config/no-hardcoded-url
EMAIL_HOST = "smtp.sendgrid.net"
# expect-none: *
EMAIL_PORT = 587
# expect-none: *
EMAIL_HOST_USER = "apikey"
# expect: config/no-hardcoded-secret
EMAIL_HOST_PASSWORD = "SG.Lq2vX9nKt4RzW8pYc3mB.Jd7sFh1aQe5uGk0oVr6tNy2bMxP9wZcL4iA8yE3Tn"

if DEBUG:
    # expect: dev-prod-parity/no-env-branching-backing-service
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # expect-none: *
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}}

STATIC_URL = "static/"
# expect-none: *
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "media"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        # expect-none: logs
        "console": {"class": "logging.StreamHandler"},
        # expect: logs/no-log-file
        "file": {"class": "logging.FileHandler", "filename": "/var/log/blog/django.log"},
    },
    "root": {"handlers": ["console", "file"], "level": "INFO"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
