"""The reference twin: the catalogue, orders, likes, login and avatars served the way the original service
served them (Django REST Framework serializers over the ORM), over the benchmark's own database, with
persistent connections. It exists only to be measured beside the service."""

import os
from pathlib import Path
from urllib.parse import urlsplit

SECRET_KEY = os.environ["TWIN_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "twin.urls"
WSGI_APPLICATION = "twin.wsgi.application"
INSTALLED_APPS = ["django.contrib.contenttypes", "rest_framework", "twin"]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
MEDIA_ROOT = Path(os.environ["TWIN_MEDIA_DIR"])
DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024 * 1024
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["twin.auth.BearerAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": None,
}


def _database(url: str) -> dict[str, object]:
    """The service's SQLAlchemy URL as Django's settings (`postgresql+asyncpg://...` or `sqlite+aiosqlite:///...`)."""
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": parts.path[1:] if parts.path.startswith("//") else parts.path,
        }
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parts.path.lstrip("/"),
        "USER": parts.username or "",
        "PASSWORD": parts.password or "",
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or 5432),
        "CONN_MAX_AGE": None,  # persistent connections
        "CONN_HEALTH_CHECKS": True,
    }


DATABASES = {"default": _database(os.environ["TWIN_DATABASE_URL"])}
