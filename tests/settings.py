"""Settings for the test suite: the real settings, a throw-away data folder, fast hashing."""

import os
import tempfile

os.environ.setdefault("HADIR_ALLOW_INSECURE_KEY", "1")
os.environ.setdefault("HADIR_DATA_DIR", tempfile.mkdtemp(prefix="hadir-test-"))

from hadir.settings import *  # noqa: F403

# Argon2 is the production hasher (checked in tests); tests hash hundreds of passwords.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
