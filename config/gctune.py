"""The garbage collector's settings for a process that serves pages (gunicorn's workers, and the benchmark's
in-process PDF timings, so that they measure what a worker does)."""

import gc


def tune() -> None:
    """A page allocates a great many short-lived objects (catalogue rows, template nodes, WeasyPrint's
    boxes): with Python's default thresholds the cyclic garbage collector ran every few requests and
    doubled their p95, and took ~15% of a handout PDF (`make bench`). Freeze what the loaded app holds,
    so collections skip it, and collect less often."""
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
