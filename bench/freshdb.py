"""Run a benchmark in a database of its own, migrated, and dropped afterwards: a file in a
temporary folder for SQLite (as in production, not in memory), or `introsak_bench_<name>` next
to DATABASE_URL's PostgreSQL database (a name the test suite does not use). The benchmark's
result is printed as the last line, as JSON."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def run_in_fresh_database(run: Callable[[object], dict], args, *, name: str) -> None:
    tmp = tempfile.mkdtemp(prefix="introsak-bench-")
    os.environ.setdefault("INTROSAK_DEBUG", "true")
    os.environ.setdefault("INTROSAK_REQUIRE_2FA", "false")
    os.environ.setdefault("INTROSAK_DATA_DIR", tmp)
    os.environ["DJANGO_SETTINGS_MODULE"] = "introsak.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment(debug=False)
    # Users are made with a password each; argon2 would dominate the data generation.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    test = settings.DATABASES["default"].setdefault("TEST", {})
    if connection.vendor == "sqlite":
        test["NAME"] = str(Path(tmp) / "bench.sqlite3")
    else:
        test["NAME"] = f"introsak_bench_{name}"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("migrate", verbosity=0)
        result = run(args)
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(result))
