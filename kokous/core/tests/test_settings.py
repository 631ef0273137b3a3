"""Settings come from the environment, with secure defaults outside debug mode."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PRINT_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({name: getattr(settings, name) for name in [
    "DEBUG", "ALLOWED_HOSTS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT",
    "EMAIL_USE_TLS", "DEFAULT_FROM_EMAIL",
]} | {"MEDIA_ROOT": str(settings.MEDIA_ROOT), "DB": settings.DATABASES["default"]["ENGINE"],
      "DB_NAME": str(settings.DATABASES["default"]["NAME"])}))
"""


def run_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("KOKOUS_", "SECRET_KEY",
             "ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_", "SECURE_", "MEDIA_ROOT"))}  # fmt: skip
    clean |= {"DJANGO_SETTINGS_MODULE": "kokous.settings", "KOKOUS_VAR_DIR": str(tmp_path)}
    clean |= env
    code = "import django; django.setup()\n" + PRINT_SETTINGS
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=False
    )


def settings_in(tmp_path: Path, **env: str) -> dict:
    result = run_settings(tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_requires_a_secret_key(tmp_path):
    result = run_settings(tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_defaults_are_secure(tmp_path):
    values = settings_in(tmp_path, SECRET_KEY="x" * 50)
    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == []
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["DB"] == "django.db.backends.sqlite3"
    assert values["DB_NAME"] == str(tmp_path / "kokous.sqlite3")
    assert values["MEDIA_ROOT"] == str(tmp_path / "media")


def test_debug_mode_has_development_defaults(tmp_path):
    values = settings_in(tmp_path, KOKOUS_DEBUG="1")
    assert values["DEBUG"] is True
    assert "127.0.0.1" in values["ALLOWED_HOSTS"]
    assert not values["SECURE_SSL_REDIRECT"] and not values["SESSION_COOKIE_SECURE"]
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_environment_overrides(tmp_path):
    values = settings_in(
        tmp_path,
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="kokous.example.fi, www.kokous.example.fi",
        DATABASE_URL="postgres://kokous:salasana@db.example.fi:5432/kokous",
        MEDIA_ROOT=str(tmp_path / "files"),
        EMAIL_HOST="smtp.example.fi",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="yes",
        DEFAULT_FROM_EMAIL="kokous@example.fi",
        SECURE_SSL_REDIRECT="off",
    )
    assert values["ALLOWED_HOSTS"] == ["kokous.example.fi", "www.kokous.example.fi"]
    assert values["DB"] == "django.db.backends.postgresql" and values["DB_NAME"] == "kokous"
    assert values["MEDIA_ROOT"] == str(tmp_path / "files")
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"], values["EMAIL_USE_TLS"]) == (
        "smtp.example.fi",
        587,
        True,
    )
    assert values["DEFAULT_FROM_EMAIL"] == "kokous@example.fi"
    assert values["SECURE_SSL_REDIRECT"] is False


def test_a_bad_boolean_stops_the_start_with_a_clear_error(tmp_path):
    result = run_settings(tmp_path, KOKOUS_DEBUG="maybe")
    assert result.returncode != 0
    assert "KOKOUS_DEBUG must be a boolean" in result.stderr


@pytest.mark.parametrize("args", [["help", "demo"], ["check"]])
def test_the_kokous_command_runs_django_commands(tmp_path, args):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env |= {"KOKOUS_DEBUG": "1", "KOKOUS_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "kokous", *args], env=env, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "usage: kokous" in result.stdout or "no issues" in result.stdout


def test_the_deployment_checklist_passes_with_production_settings(tmp_path):
    """`kokous check --deploy` with the production defaults and only what the README's
    "Running in production" asks for: no warning at all (--fail-level WARNING)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("KOKOUS_", "SECRET_KEY",
             "ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_", "SECURE_", "MEDIA_ROOT"))}  # fmt: skip
    clean.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the browser tests' switch, never deployed
    clean |= {
        "DJANGO_SETTINGS_MODULE": "kokous.settings",
        "KOKOUS_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "production-like-" + "k3y" * 20,
        "ALLOWED_HOSTS": "kokous.example.fi",
    }
    result = subprocess.run(
        [sys.executable, "-m", "kokous", "check", "--deploy", "--fail-level", "WARNING"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
