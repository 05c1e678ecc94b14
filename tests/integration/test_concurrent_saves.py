"""Agents saving at the same moment, on the suite's database engine: a file-backed SQLite (`make run`'s
default: WAL, busy timeout, BEGIN IMMEDIATE) in the first pass, PostgreSQL in the second.

Three processes × two threads save through the real autosave view (sessions, middleware and all): each its
own application and all of them one shared application, by read-modify-write under the optimistic lock. No
request may fail ("database is locked" used to give 500s), and no update may be lost: every line appended is
in the memo, and the version counts every save. Two people editing one application: the second gets the
optimistic-lock message.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

from enrollment import services

from .test_enrollment_services import make_application

ROOT = Path(__file__).resolve().parents[2]
PROCESSES, THREADS, ROUNDS = 3, 2, 5


def _run(args: list[str], env: dict, timeout: int = 300) -> str:
    done = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture
def database_url(tmp_path):
    """A database of the suite's engine, outside the test transaction, with migrations and the catalogue."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'concurrent.sqlite3'}"
        return
    import psycopg

    s = connection.settings_dict
    name = f"concurrency_{uuid.uuid4().hex[:8]}"
    admin = {"host": s["HOST"], "port": s["PORT"] or 5432, "user": s["USER"], "password": s["PASSWORD"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    auth = f"{s['USER']}:{s['PASSWORD']}@" if s["PASSWORD"] else f"{s['USER']}@"
    yield f"postgres://{auth}{s['HOST']}:{s['PORT'] or 5432}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_concurrent_saves_lose_nothing_and_never_fail(database_url):
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    env["DJANGO_CONN_MAX_AGE"] = "0"
    _run(["manage.py", "migrate", "--noinput", "-v0"], env)
    _run(["manage.py", "load_catalogue", "-v0"], env)
    ids = json.loads(
        _run(["-m", "tests.integration.concurrency_worker", "setup", str(PROCESSES * THREADS + 1)], env)
    )["applications"]
    shared, own = ids[0], ids[1:]
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.integration.concurrency_worker",
                "work",
                json.dumps(
                    {
                        "process": p,
                        "own": own[p * THREADS : (p + 1) * THREADS],
                        "shared": shared,
                        "rounds": ROUNDS,
                    }
                ),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for p in range(PROCESSES)
    ]
    threads = []
    for worker in workers:
        out, err = worker.communicate(timeout=600)
        assert worker.returncode == 0, err[-3000:]
        threads += json.loads(out)["threads"]

    errors = [e for t in threads for e in t["errors"]]
    assert errors == [], errors[:3]
    assert sum(t["saved"] for t in threads) == PROCESSES * THREADS * ROUNDS * 2

    check = (
        "import json; from enrollment.models import Application as A; "
        "print(json.dumps({str(a.public_id): [a.version, a.memo] for a in A.objects.all()}))"
    )
    state = json.loads(_run(["manage.py", "shell", "-c", check], env).strip().splitlines()[-1])
    if database_url.startswith("sqlite"):
        mode = "from django.db import connection as c; k = c.cursor(); k.execute('PRAGMA journal_mode'); print(k.fetchone()[0])"
        assert _run(["manage.py", "shell", "-c", mode], env).strip().splitlines()[-1] == "wal"
    version, memo = state[shared]
    lines = memo.splitlines()
    expected = {
        f"{p}.{n}-shared-{i}" for p in range(PROCESSES) for n in range(THREADS) for i in range(ROUNDS)
    }
    assert set(lines) == expected and len(lines) == len(expected)  # no lost update, no duplicate
    assert version == 1 + len(expected)
    for p in range(PROCESSES):
        for n in range(THREADS):
            version, memo = state[own[p * THREADS + n]]
            assert memo.splitlines() == [f"{p}.{n}-own-{i}" for i in range(ROUNDS)]
            assert version == 1 + ROUNDS


@pytest.mark.django_db
def test_the_second_of_two_people_editing_one_application_gets_the_optimistic_lock_message(
    agency,
    agent_user,
    staff_user,
):
    app = make_application(agency, actor=agent_user)
    opened_by_both = app.version
    services.save_application(
        application=app, data={"memo": "先に保存"}, expected_version=opened_by_both, actor=agent_user
    )
    with pytest.raises(services.ConcurrentEditError) as info:
        services.save_application(
            application=app, data={"memo": "あとから保存"}, expected_version=opened_by_both, actor=staff_user
        )
    assert "別の人が保存しました" in info.value.message
    app.refresh_from_db()
    assert app.memo == "先に保存" and app.version == opened_by_both + 1


def test_sqlite_is_configured_for_concurrent_use(settings):
    """`make run`'s default database: WAL, a busy timeout and BEGIN IMMEDIATE for writes (PostgreSQL, in the
    second pass, gets none of these SQLite options)."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        assert "transaction_mode" not in db.get("OPTIONS", {})
        return
    options = db["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert options["timeout"] >= 5
