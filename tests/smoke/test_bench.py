"""`make bench` still runs end to end: bench/run.py with tiny counts (a few seconds of load, a catalogue grown
2×, one gunicorn worker). No timing is asserted here; the figures live in the README's Benchmark section.
It runs in the SQLite pass only: the bench makes its own SQLite database whatever DATABASE_URL says."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_runs_and_prints_every_table():
    env = {
        **os.environ,
        "BENCH_LOAD_SECONDS": "2",
        "BENCH_CLIENTS": "4",
        "BENCH_WORKERS": "1",
        "BENCH_REQUESTS": "12",
        "BENCH_GROWTH": "2",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # its own process group, so that on a timeout gunicorn (which the bench started) goes too
    bench = subprocess.Popen(
        [sys.executable, "bench/run.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = bench.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        os.killpg(bench.pid, signal.SIGKILL)
        bench.communicate()
        raise
    assert bench.returncode == 0, err[-3000:]
    for heading in (
        "Latency through gunicorn, one client",
        "answering a question: answers seen before",
        "answering a question: new answers",
        "industry search (form partial): new answers",
        "matrix, 4 plans: new answers",
        "catalogue ×2 (8 products)",
        "The same, served without the page and fragment caches",
        "Two instances sharing one Redis",
        "SQL queries per matrix page",
        "handout, 4 plans (/compare/handout.pdf): rendered",
        "handout, 4 plans: the same answers again (PDF cache)",
        "application PDF (agent): rendered",
        "application PDF: asked again (PDF cache)",
    ):
        assert heading in out, heading
    assert "n/a" not in out  # a PDF that failed is reported as n/a
    assert "over the two instances" in out
    load = next(line for line in out.splitlines() if line.strip().startswith("requests "))
    assert int(load.split()[1].rstrip(",")) > 0 and "errors 0" in load, load
    # a page rendered afresh reads the catalogue's version and nothing else, however large the catalogue
    sql = out[out.index("SQL queries per matrix page") :].splitlines()[1:3]
    assert [line.split()[-3:] for line in sql] == [["1", "1", "1"], ["1", "1", "1"]], sql
