#!/usr/bin/env python
"""`make bench`: how fast the member's pages are, measured in one run on this machine (~3 minutes).

1. A throwaway directory: SQLite database with the catalogue, static files collected (manifest storage).
2. gunicorn, production settings (config.settings.bench: + a bare view, plain HTTP), 2 sync workers,
   on 127.0.0.1 at a free port; first without the page and fragment caches (every partial rendered in
   full), then as one server is deployed (caches in each worker's memory), then as several servers are:
   two instances sharing one Redis (a throwaway redis-server, or REDIS_URL's).
3. Latency, one client, one request at a time, with a browser's headers (gzip accepted, htmx's
   HX-Request / HX-Target, and X-Compare-Matrix: the id of the matrix rows the page shows, as
   static/js/app.js sends it): the bare view; answering a question (the results partial) and the matrix
   with 1, 2 and 4 plans, each both for answers asked before (served from the page cache) and for new
   answers (a revenue nobody gave before: rendered; the unchanged matrix rows left out), and a new answer
   from a page that shows no matrix yet (rows sent, from the fragment cache); the industry search (the
   form partial); median, p95 and the ratio of each median to the bare view's on the same server.
   On the two instances sharing Redis: the bare view and the member's partials again, through the second
   instance (the partials seen before were rendered and stored by the first).
4. Load: 50 concurrent clients (threads, http.client) for 60 s walking the member's flow (home → compare,
   answering step by step, each member with a revenue of their own → matrix → a product page), spread
   over the two instances (odd clients on one, even on the other); requests/s, median, p95, errors.
   Bounded in time and count, stops by itself, sends nothing but to 127.0.0.1.
5. Peak RSS of each gunicorn worker after the load (VmHWM).
6. In process (same database), with the garbage collector tuned as in a worker (config/gctune.py): SQL
   queries per matrix page for 1/2/4 plans (CaptureQueriesContext); PDF times: the handout (4 plans) and an
   agent's application PDF, each rendered and then served again from the PDF cache, against WeasyPrint
   rendering a plain one-page HTML, in the same run.
7. The catalogue grown 20× (each product copied 19 times under new slugs, with its plans, options,
   coverages, rates, rules) and the matrix measured again: queries, and latency through gunicorn.

Environment: BENCH_LOAD_SECONDS (60), BENCH_CLIENTS (50), BENCH_WORKERS (2), BENCH_REQUESTS (150 a latency
row), BENCH_GROWTH (20), BENCH_KEEP=1 keeps the directory. tests/smoke runs it with tiny values.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent

LOAD_SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "50"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
GROWTH = int(os.environ.get("BENCH_GROWTH", "20"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "150"))  # per latency row (the bare view: twice)
HOST = "127.0.0.1"

PLANS = [
    "sompo-jcci-cyber:basic",
    "jcci-leak-liability:standard-B",
    "jcci-leak-liability:premium-B",
    "aig-personal-info:basic",
]
ANSWERS = "membership=jcci&industry=60&revenue=" + quote("1億")
# What a browser sends: gzip accepted everywhere; htmx adds its headers, and the compare form's changes
# target the results region (the industry search re-renders the whole form: target "compare").
BROWSER = {"Accept-Encoding": "gzip, deflate, br"}
HX = {**BROWSER, "HX-Request": "true", "HX-Target": "results"}
HX_FORM = {**BROWSER, "HX-Request": "true", "HX-Target": "compare"}


def matrix_url(n: int, revenue: str = quote("1億")) -> str:
    answers = f"membership=jcci&industry=60&revenue={revenue}"
    return "/compare/?" + answers + "".join(f"&plans={quote(p)}" for p in PLANS[:n])


def fresh(make: Callable[[str], str]) -> Callable[[int], str]:
    """Paths nobody asked for before in this run: a member's own revenue, different every request."""
    run = secrets.randbelow(10**6)
    return lambda i: make(str(100_000_000 + run * 10_000 + i))


# --- measuring ---------------------------------------------------------------------------------------


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))]


def fetch(
    port: int, path: str, headers: dict[str, str] | None = None, timeout: float = 30
) -> tuple[int, float]:
    """One GET on a new connection (gunicorn's sync workers close each one); status and seconds."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - start
    finally:
        conn.close()


@dataclass
class Series:
    name: str
    times: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        return pct(self.times, 95)


def latency(
    port: int,
    name: str,
    path: str | Callable[[int], str],
    headers=None,
    *,
    count=REQUESTS,
    budget=6.0,
    warmup=10,
) -> Series:
    """Up to `count` requests one after another, stopping after `budget` seconds (but not before 10).
    `path` is one path (asked again and again) or a function of the request's number (a new path each)."""
    path_of = path if callable(path) else (lambda _i: path)
    for i in range(warmup):  # both workers: templates, connections, caches
        fetch(port, path_of(-1 - i), headers)
    series = Series(name)
    deadline = time.monotonic() + budget
    while len(series.times) < count and (len(series.times) < 10 or time.monotonic() < deadline):
        status, seconds = fetch(port, path_of(len(series.times)), headers)
        if status != 200:
            raise SystemExit(f"{path}: HTTP {status}")
        series.times.append(seconds)
    return series


def flow(walk: int) -> list[tuple[str, dict[str, str]]]:
    """One member's walk. The first steps are the same for everybody; the revenue is the member's own,
    so the last two partials are rendered afresh on every walk (not served from the page cache)."""
    revenue = str(10_000_000 + walk)
    return [
        ("/", BROWSER),
        ("/compare/", BROWSER),
        ("/compare/?membership=jcci", HX),
        ("/compare/?membership=jcci&industry_q=" + quote("飲食") + "&industry=", HX_FORM),
        ("/compare/?membership=jcci&industry=60", HX),
        (f"/compare/?membership=jcci&industry=60&revenue={revenue}", HX),
        (matrix_url(2, revenue), HX),
        ("/products/sompo-jcci-cyber/", BROWSER),
    ]


def load(ports: list[int], clients: int, seconds: float) -> dict[str, float]:
    """`clients` threads walk `flow` until `seconds` have passed (and at most 10,000 walks each), client
    i on server ports[i % len(ports)]."""
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    walks = iter(range(10**9))

    def walk(port: int):
        mine, bad = [], []
        for _ in range(10_000):
            with lock:
                number = next(walks)
            for path, headers in flow(number):
                if time.monotonic() >= deadline:
                    break
                try:
                    status, took = fetch(port, path, headers)
                    mine.append(took)
                    if status != 200:
                        bad.append(f"{path}: {status}")
                except OSError as exc:
                    bad.append(f"{path}: {exc.__class__.__name__}")
            else:
                continue
            break
        with lock:
            times.extend(mine)
            errors.extend(bad)

    threads = [
        threading.Thread(target=walk, args=(ports[i % len(ports)],), daemon=True) for i in range(clients)
    ]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 60)
    elapsed = time.monotonic() - start
    return {
        "requests": len(times),
        "rps": len(times) / elapsed,
        "median": statistics.median(times) if times else float("nan"),
        "p95": pct(times, 95) if times else float("nan"),
        "errors": len(errors),
        "elapsed": elapsed,
    }


def peak_rss_mib(*master_pids: int) -> list[float]:
    import psutil

    peaks = []
    for child in (c for pid in master_pids for c in psutil.Process(pid).children()):
        status = Path(f"/proc/{child.pid}/status").read_text()
        kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
        peaks.append(kib / 1024)
    return sorted(peaks)


# --- in process --------------------------------------------------------------------------------------


def timed(fn, repeat: int = 5) -> float:
    fn()  # warm-up (fonts, templates)
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def count_queries(client, plans: int) -> int:
    """Queries of a matrix page rendered afresh (new answers, not from the page cache), once the process
    has built its catalogue (the first request after a load does)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    path = fresh(lambda revenue: matrix_url(plans, revenue))
    client.get(path(0), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path(1), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries)


PLAIN_HTML = """<!doctype html><html lang="ja"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 20mm } body { font-family: "IPAexGothic", sans-serif; font-size: 11pt }
</style></head><body><h1>お知らせ</h1><p>このページは比較のための、表も画像もない一枚の文書です。</p>
<p>サイバー保険の比較・申込ナビ。</p></body></html>"""


def pdf_times(client) -> dict[str, float | str]:
    """Each PDF rendered (the PDF cache off: WeasyPrint every time), then asked again with the cache on
    (what the next member with the same answers gets)."""
    from django.conf import settings
    from django.test import override_settings
    from weasyprint import HTML

    from config.gctune import tune

    tune()  # as in a gunicorn worker
    out: dict[str, float | str] = {}
    out["plain"] = timed(lambda: HTML(string=PLAIN_HTML).write_pdf())
    handout = "/compare/handout.pdf?" + ANSWERS + "".join(f"&plans={quote(p)}" for p in PLANS)

    def get_handout():
        response = client.get(handout)
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), response.status_code

    no_pdf_cache = {**settings.CACHES, "pdfs": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with override_settings(CACHES=no_pdf_cache):
        out["handout"] = timed(get_handout)
    out["handout, again"] = timed(get_handout)
    try:
        get_application = application_pdf(client)
        with override_settings(CACHES=no_pdf_cache):
            out["application"] = timed(get_application)
        out["application, again"] = timed(get_application)
    except Exception as exc:  # enrollment may still be in progress: report rather than fail
        out["application"] = f"n/a ({exc.__class__.__name__}: {str(exc)[:60]})"
    finally:
        client.logout()
    return out


def application_pdf(client) -> Callable[[], None]:
    """An agent's application, the agent logged in, and a function that gets its PDF."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from comparisons.catalogue.models import Plan
    from enrollment import services
    from enrollment.models import Agency, Agent

    agency = Agency.objects.create(name="ベンチ保険代理店", code="B001", phone="03-0000-0000")
    user = get_user_model().objects.create_user(username="bench-agent", password=secrets.token_urlsafe(20))
    Agent.objects.create(user=user, agency=agency)
    plan = Plan.objects.get(product__slug="jcci-leak-liability", code="standard-B")
    application = services.create_from_comparison(
        agency=agency,
        plan=plan,
        actor=user,
        desired_start=date(date.today().year + 1, 6, 1),
        risk_code="60",
        revenue=100_000_000,
        membership="jcci",
    )
    application = services.save_application(
        application=application,
        data={
            "applicant_name": "株式会社ベンチ商事",
            "applicant_kana": "カブシキガイシャベンチショウジ",
            "representative": "山田 太郎",
            "postal_code": "656-0025",
            "prefecture": "兵庫県",
            "city": "洲本市",
            "address_line": "本町3丁目3-25",
            "phone": "0799-22-2571",
            "email": "info@example.jp",
            "membership_body": "洲本商工会議所",
        },
        expected_version=application.version,
        actor=user,
    )
    client.force_login(user)
    url = reverse("enrollment:application_pdf", args=[application.public_id])

    def get():
        response = client.get(url)
        if response.status_code != 200 or not response.content.startswith(b"%PDF"):
            raise RuntimeError(f"HTTP {response.status_code}")

    return get


def grow_catalogue(factor: int) -> int:
    """Copy every product factor-1 times under new slugs, with everything that hangs off it (plans,
    options and their M2M links, coverages, rates, examples, rules, notes, risk categories). Returns
    the number of products afterwards."""
    from django.apps import apps
    from django.db import transaction

    from comparisons.catalogue.models import Product

    models = list(apps.get_app_config("comparisons").get_models())

    def refs(model, among) -> list:
        return [f for f in model._meta.concrete_fields if f.is_relation and f.related_model in among]

    dependent = {Product}  # every model reachable from Product by foreign keys pointing at it
    while extra := {m for m in models if m not in dependent and refs(m, dependent)}:
        dependent |= extra
    copied: list[type] = []  # in dependency order: a model after every copied model it points to
    while len(copied) < len(dependent):
        ready = [
            m for m in dependent - set(copied) if {f.related_model for f in refs(m, dependent)} <= set(copied)
        ]
        if not ready:
            raise RuntimeError(f"circular foreign keys among {dependent - set(copied)}")
        copied += sorted(ready, key=lambda m: m.__name__)
    fks = {model: refs(model, dependent) for model in copied}
    originals = {model: list(model.objects.all()) for model in copied}
    m2m = [
        (model, f)
        for model in copied
        for f in model._meta.many_to_many
        if f.remote_field.through._meta.auto_created
    ]
    links = {(model, f.name): list(f.remote_field.through.objects.all()) for model, f in m2m}
    with transaction.atomic():
        for k in range(1, factor):
            new_pk: dict[type, dict[int, int]] = {}
            for model in copied:
                rows = []
                for row in originals[model]:
                    clone = model(**{f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields})
                    clone.pk = None
                    for f in fks[model]:
                        value = getattr(row, f.attname)
                        if value is not None:
                            setattr(clone, f.attname, new_pk[f.related_model][value])
                    if model is Product:
                        clone.slug = f"{row.slug}-x{k}"
                        clone.name = f"{row.name}（複製{k}）"
                        clone.order = row.order + 100 * k
                    rows.append(clone)
                created = model.objects.bulk_create(rows)
                new_pk[model] = {old.pk: new.pk for old, new in zip(originals[model], created, strict=True)}
            for model, f in m2m:
                through = f.remote_field.through
                source, target = (
                    through._meta.get_field(f.m2m_field_name()),
                    through._meta.get_field(f.m2m_reverse_field_name()),
                )
                through.objects.bulk_create(
                    through(
                        **{
                            source.attname: new_pk[model][getattr(link, source.attname)],
                            target.attname: new_pk[target.related_model][getattr(link, target.attname)],
                        }
                    )
                    for link in links[(model, f.name)]
                )
    return Product.objects.count()


# --- running -----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_ready(port: int, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
        try:
            if fetch(port, "/bench/bare/", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 60 s")


T0 = time.monotonic()


def step(message: str) -> None:
    print(f"[bench {time.monotonic() - T0:5.0f} s] {message}", file=sys.stderr, flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def machine() -> str:
    mem_kib = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line
    )
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.machine(),
    )
    return (
        f"nproc {os.cpu_count()}, {mem_kib / 1024 / 1024:.0f} GiB RAM, {cpu}; "
        f"Python {platform.python_version()}, SQLite, gunicorn {WORKERS} sync workers"
    )


def latency_lines(series: list[Series]) -> list[str]:
    bare = series[0].median  # each list starts with the bare view, measured on the same server
    return [
        f"  {s.name:<60}{len(s.times):>5}{ms(s.median):>12}{ms(s.p95):>12}{s.median / bare:>8.1f}×"
        for s in series
    ]


def answers_url(revenue: str) -> str:
    return f"/compare/?membership=jcci&industry=60&revenue={revenue}"


def search_url(revenue: str) -> str:
    return f"/compare/?membership=jcci&industry_q={quote('飲食')}&industry=60&revenue={revenue}"


def serve(tmp: Path, *, cached: bool, redis_url: str = "") -> tuple[subprocess.Popen, int]:
    """gunicorn on a free port of 127.0.0.1, answering; with or without the page and fragment caches,
    in each worker's memory or (redis_url) in that Redis."""
    port = free_port()
    log = tmp / f"gunicorn-{port}.log"
    env = {**os.environ, "BENCH_NO_CACHE": "" if cached else "1", "REDIS_URL": redis_url}
    with log.open("w") as log_file:
        proc = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "--config", "config/gunicorn.conf.py", "--bind",
             f"{HOST}:{port}", "--workers", str(WORKERS), "--max-requests", "0"],
            cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT, env=env,
        )  # fmt: skip
    wait_ready(port, proc, log)
    return proc, port


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()


def shown(port: int, path: str) -> dict[str, str]:
    """The htmx headers a browser sends from the page of `path`: with the id of the matrix rows it shows
    (X-Compare-Matrix; the server leaves unchanged rows out and htmx keeps them, static/js/app.js)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path)
        body = conn.getresponse().read().decode()
    finally:
        conn.close()
    found = re.search(r'<tbody id="(matrix-rows-[0-9a-f]+)"', body)
    return {**HX, "X-Compare-Matrix": found.group(1)} if found else HX


def member_partials(port: int, *, matrices: tuple[int, ...] = (1, 2, 4)) -> list[Series]:
    """The bare view and the member's partials (seen before and new answers) through one server, each with
    the headers the member's browser sends from the page it shows."""
    series = [latency(port, "bare view (fixed string)", "/bench/bare/", BROWSER, count=2 * REQUESTS)]
    page = shown(port, "/compare/?" + ANSWERS)
    series.append(latency(port, "answering a question: answers seen before", "/compare/?" + ANSWERS, page))
    series.append(latency(port, "answering a question: new answers", fresh(answers_url), page))
    series.append(
        latency(port, "answering a question: new answers, no matrix on the page", fresh(answers_url), HX)
    )
    if len(matrices) > 1:
        series.append(
            latency(port, "industry search (form partial): new answers", fresh(search_url), HX_FORM)
        )
    for n in matrices:
        plans = f"{n} plan{'s' if n > 1 else ''}"
        page = shown(port, matrix_url(n))
        series.append(latency(port, f"matrix, {plans}: answers seen before", matrix_url(n), page))
        series.append(
            latency(port, f"matrix, {plans}: new answers", fresh(lambda r, n=n: matrix_url(n, r)), page)
        )
    return series


def main() -> int:
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="cyber-bench."))
    redis_url = os.environ.pop("REDIS_URL", "")  # only the two instances use it; the rest is one process
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.bench",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        BENCH_STATIC_ROOT=str(tmp / "static"),
        GUNICORN_ACCESSLOG="",
    )
    os.environ.pop("DJANGO_ALLOWED_HOSTS", None)
    procs: list[subprocess.Popen] = []
    with contextlib.ExitStack() as stack:
        try:
            step(f"setting up in {tmp}: migrate, load_catalogue, collectstatic")
            for args in (["migrate", "--noinput"], ["load_catalogue"], ["collectstatic", "--noinput"]):
                subprocess.run(
                    [sys.executable, "manage.py", *args, "--verbosity", "0"],
                    cwd=ROOT,
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
            step("gunicorn without the page and fragment caches: every partial rendered in full")
            proc, port = serve(tmp, cached=False)
            procs.append(proc)
            uncached = [
                latency(port, "bare view (fixed string)", "/bench/bare/", BROWSER, count=2 * REQUESTS),
                latency(port, "answering a question (results partial)", fresh(answers_url), HX),
                latency(port, "matrix, 4 plans (results partial)", fresh(lambda r: matrix_url(4, r)), HX),
            ]
            stop(procs.pop())

            proc, port = serve(tmp, cached=True)
            procs.append(proc)
            step(f"gunicorn, {WORKERS} workers, on {HOST}:{port}: latency, one request at a time")
            series = member_partials(port)

            if not redis_url:
                from tests.services import redis_server

                redis_url = stack.enter_context(redis_server()).url
            step(f"two instances sharing Redis ({redis_url}): latency through the second, then load")
            proc_a, port_a = serve(tmp, cached=True, redis_url=redis_url)
            proc_b, port_b = serve(tmp, cached=True, redis_url=redis_url)
            procs += [proc_a, proc_b]
            for path in ("/compare/?" + ANSWERS, matrix_url(4)):  # seen before: rendered by the first
                fetch(port_a, path, HX)
            shared = member_partials(port_b, matrices=(4,))
            step(f"load: {CLIENTS} clients for {LOAD_SECONDS:.0f} s over the two instances")
            loaded = load([port_a, port_b], CLIENTS, LOAD_SECONDS)
            peaks = peak_rss_mib(proc_a.pid, proc_b.pid)
            stop(procs.pop())
            stop(procs.pop())

            step("in process: SQL queries, PDFs")
            import django

            django.setup()
            from django.test import Client

            client = Client(HTTP_HOST=HOST)
            queries = {n: count_queries(client, n) for n in (1, 2, 4)}
            pdfs = pdf_times(client)

            step(f"growing the catalogue {GROWTH}×")
            products = grow_catalogue(GROWTH)
            queries_grown = {n: count_queries(client, n) for n in (1, 2, 4)}
            grown = latency(
                port,
                f"matrix, 4 plans, new answers, catalogue ×{GROWTH} ({products} products)",
                fresh(lambda r: matrix_url(4, r)),
                shown(port, matrix_url(4)),
                warmup=2,
            )
            series.append(grown)
        finally:
            for proc in procs:
                stop(proc)
            if os.environ.get("BENCH_KEEP") != "1":
                shutil.rmtree(tmp, ignore_errors=True)

    lines = [
        f"make bench — {date.today().isoformat()} ({time.strftime('%Z')}) — {machine()}",
        "",
        f"{'Latency through gunicorn, one client':<62}{'n':>5}{'median':>12}{'p95':>12}{'× bare':>9}",
    ]
    lines += latency_lines(series)
    lines += ["", "Two instances sharing one Redis, through the second (what the first stored, it serves)"]
    lines += latency_lines(shared)
    lines += ["", "The same, served without the page and fragment caches (CACHES dummy)"]
    lines += latency_lines(uncached)
    lines += [
        "",
        f"{'SQL queries per matrix page (in process)':<58}{'1 plan':>8}{'2 plans':>9}{'4 plans':>9}",
        f"  {'catalogue as loaded (4 products)':<56}" + "".join(f"{queries[n]:>9}" for n in (1, 2, 4)),
        f"  {f'catalogue ×{GROWTH} ({products} products)':<56}"
        + "".join(f"{queries_grown[n]:>9}" for n in (1, 2, 4)),
        "",
        f"{'PDF, in process (GC as in a worker), median of 5':<58}{'time':>12}{'× plain':>10}",
        f"  {'WeasyPrint, plain one-page HTML':<56}{ms(pdfs['plain']):>12}{1.0:>9.1f}×",
    ]
    for key, label in (
        ("handout", "handout, 4 plans (/compare/handout.pdf): rendered"),
        ("handout, again", "handout, 4 plans: the same answers again (PDF cache)"),
        ("application", "application PDF (agent): rendered"),
        ("application, again", "application PDF: asked again (PDF cache)"),
    ):
        value = pdfs.get(key, "n/a")
        if isinstance(value, float):
            lines.append(f"  {label:<56}{ms(value):>12}{value / pdfs['plain']:>9.1f}×")
        else:
            lines.append(f"  {label:<56}{value}")
    lines += [
        "",
        f"Load: {CLIENTS} concurrent clients for {loaded['elapsed']:.0f} s over the two instances "
        f"({WORKERS} workers each, one Redis), flow home → compare → 4 htmx steps "
        "(2 with the member's own revenue) → matrix → product",
        f"  requests {loaded['requests']}, {loaded['rps']:.1f} req/s, median {ms(loaded['median']).strip()}, "
        f"p95 {ms(loaded['p95']).strip()}, errors {loaded['errors']}",
        "  peak RSS per gunicorn worker after the load: " + ", ".join(f"{p:.0f} MiB" for p in peaks),
        "",
        f"(bench took {time.monotonic() - started:.0f} s)",
    ]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
