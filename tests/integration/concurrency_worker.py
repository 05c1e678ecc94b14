"""A separate process for tests/integration/test_concurrent_saves.py: prepares a database, or saves
applications through the real views from several threads at once. Prints one JSON object on stdout.

    python -m tests.integration.concurrency_worker setup
    python -m tests.integration.concurrency_worker work '{"own": [1, 2], "shared": 3, "rounds": 6, ...}'

DATABASE_URL says which database (a file-backed SQLite or a PostgreSQL database made for the test).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import traceback

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

CONFLICT = "別の人が保存しました"
PASSWORD = "concurrency-pass"


def setup(count: int) -> dict:
    from comparisons.catalogue.models import Plan
    from enrollment import services
    from enrollment.models import Agency, Agent

    agency = Agency.objects.create(name="並行テスト代理店", code="CC1")
    user = get_user_model().objects.create_user("cc-agent", password=PASSWORD, last_name="並行")
    Agent.objects.create(user=user, agency=agency)
    plan = Plan.objects.get(product__slug="sompo-jcci-cyber", code="basic")
    ids = [
        str(
            services.create_from_comparison(agency=agency, plan=plan, membership="jcci", actor=user).public_id
        )
        for _ in range(count)
    ]
    return {"applications": ids}


def _client() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="cc-agent"))  # a session write, concurrent too
    return client


def _current(public_id: str) -> tuple[int, str]:
    from enrollment.models import Application

    row = Application.objects.values_list("version", "memo").get(public_id=public_id)
    return row


def _save(client: Client, public_id: str, version: int, memo: str):
    return client.post(
        f"/agents/applications/{public_id}/autosave/",
        {"version": version, "memo": memo},
        HTTP_HX_REQUEST="true",
    )


def _append(client: Client, public_id: str, line: str, result: dict) -> None:
    """Read-modify-write with the optimistic lock: on the conflict message read again and retry."""
    for _attempt in range(200):
        version, memo = _current(public_id)
        response = _save(client, public_id, version, (memo + "\n" + line).strip())
        body = response.content.decode()
        if response.status_code == 409 and CONFLICT in body:
            result["conflicts"] += 1
            time.sleep(0.002)
            continue
        if response.status_code == 200 and "下書きを保存しました" in body:
            result["saved"] += 1
            return
        result["errors"].append(f"{response.status_code}: {body[:200]}")
        return
    result["errors"].append("gave up after 200 conflicts")


def _thread(tag: str, own: str, shared: str, rounds: int, results: list, start: threading.Barrier) -> None:
    result = {"tag": tag, "saved": 0, "conflicts": 0, "errors": []}
    try:
        client = _client()
        start.wait()
        for i in range(rounds):
            _append(client, own, f"{tag}-own-{i}", result)
            _append(client, shared, f"{tag}-shared-{i}", result)
    except Exception:  # noqa: BLE001 - every failure is counted and reported to the test
        result["errors"].append(traceback.format_exc()[-600:])
    finally:
        connection.close()
    results.append(result)


def work(args: dict) -> dict:
    results: list = []
    start = threading.Barrier(len(args["own"]))
    threads = [
        threading.Thread(
            target=_thread,
            args=(f"{args['process']}.{n}", own, args["shared"], args["rounds"], results, start),
        )
        for n, own in enumerate(args["own"])
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"threads": results}


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "setup":
        print(json.dumps(setup(int(sys.argv[2]))))
    else:
        print(json.dumps(work(json.loads(sys.argv[2]))))
