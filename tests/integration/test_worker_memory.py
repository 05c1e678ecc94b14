"""A worker serving members' pages does not load what only PDFs and agents' bank fields need.

WeasyPrint (with Pango, fontconfig, HarfBuzz: ~26 MB) and zengin-code's bank data (~20 MB) are imported on
first use, not when the URLconf loads, so a gunicorn worker that serves the compare page, its htmx
partials and the product pages stays below 150 MiB (make bench measures the peak after the load walk).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

IMPORTS = """
import json, sys
import django
django.setup()
import config.urls  # every view module, as a worker loads them for its first request
before = {name: name in sys.modules for name in ("weasyprint", "zengin_code")}
from comparisons import pdf
from enrollment import validators
pdf.stylesheet("css/handout.css")
validators.bank_name("0001")
after = {name: name in sys.modules for name in ("weasyprint", "zengin_code")}
print(json.dumps({"before": before, "after": after}))
"""


def test_the_urlconf_loads_neither_weasyprint_nor_the_bank_data():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    out = subprocess.run(
        [sys.executable, "-c", IMPORTS], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["before"] == {"weasyprint": False, "zengin_code": False}
    assert seen["after"] == {"weasyprint": True, "zengin_code": True}  # a PDF and a bank code load them
