"""Structured logging for production: one JSON object per line, on stderr.

Used by `config.settings.production` (Django's loggers) and `config/gunicorn.conf.py` (gunicorn's own
and its access log), so a log shipper reads a single format.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has; anything else was passed with `extra=` and is worth keeping.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
# Gunicorn's access-log atoms worth a field of their own (the request line is in "message").
_ACCESS_ATOMS = {"h": "remote", "m": "method", "U": "path", "s": "status", "B": "bytes", "D": "duration_us"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            for atom, field in _ACCESS_ATOMS.items():
                if atom in record.args:
                    entry[field] = record.args[atom]
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            entry["method"] = request.method
            entry["path"] = request.path
        for key, value in vars(record).items():
            if key in _STANDARD or key in entry or key == "request":
                continue
            entry[key] = value if isinstance(value, str | int | float | bool | type(None)) else repr(value)
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
