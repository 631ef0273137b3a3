"""Settings for the test suite: production settings with a throwaway key and no HTTPS redirect."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from kokous.settings import *  # noqa: E402,F403

# Login throttling needs the request that Client.login() does not pass; its own tests turn it on.
AXES_ENABLED = False
# A fast hasher for the test suite only; production keeps Django's default.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "test-documents", "base_url": None},  # noqa: F405
    },
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (WhiteNoise warns without it)

# Tasks run at once, in the test's own process, so that their effects can be asserted.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
KOKOUS_SITE_URL = "http://testserver"
# Indexing every save for search would slow every test; the search tests switch it on.
KOKOUS_SEARCH_AUTO_INDEX = False
# The cache in the process: the query-count tests count the application's own queries, not the
# rate limit's bookkeeping. kokous/core/tests/test_caching.py tests the database cache.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
