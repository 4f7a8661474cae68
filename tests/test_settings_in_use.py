"""The suite runs under the test settings, however it is started (make test sets them)."""

import os

from django.conf import settings


def test_the_suite_runs_with_the_test_settings():
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "lvv.conf.test"
    assert settings.PASSWORD_HASHERS[0].endswith("MD5PasswordHasher")
    assert settings.EMAIL_BACKEND.endswith("locmem.EmailBackend")
