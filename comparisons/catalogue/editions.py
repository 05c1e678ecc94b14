"""Editions of each programme: what the catalogue said when an application was made, kept for good.

Insurers reissue their pamphlets every year. Loading a new edition changes the catalogue's rows, but an
application made under the old edition must keep its terms (plan, options, limits, premium, dates rule,
the pamphlet it cites). So every distinct content of a programme is stored once as a `ProductEdition`: the
pamphlet's title and edition, its period, a hash of the content and a plain snapshot of the programme
(`ProductInfo` as JSON). An application points at its edition and reads the programme from it, never from
the live rows.

- `record_editions()`: called by the loader's write step (one line); stores an edition for each programme
  whose content is new. Idempotent: loading the same files again adds nothing.
- `current_edition(slug)`: the edition of the programme as the catalogue says now (recorded on demand, so
  an edit in the admin also gets its edition before an application uses it).
- `product_of(edition)`: the programme of an edition as `ProductInfo`, rebuilt from the snapshot (cached:
  an edition never changes).
- `citation(product)`: how a document cites the pamphlet: its title and edition, never a file name or a
  reading note.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import threading

from pydantic import TypeAdapter

from comparisons.domain.types import ProductInfo, Source

from . import models as m

_cache: dict[int, ProductInfo] = {}
_lock = threading.Lock()


# ───── snapshot ⇄ ProductInfo (pydantic, from the dataclasses' own type hints) ─────

_ADAPTER = TypeAdapter(ProductInfo)


def snapshot(product: ProductInfo) -> dict:
    """ProductInfo → plain JSON-able dict (dates as ISO strings, Decimals as strings)."""
    return _ADAPTER.dump_python(product, mode="json")


def from_snapshot(data: dict) -> ProductInfo:
    """The inverse of `snapshot`. Raises pydantic.ValidationError on a snapshot that does not fit the types."""
    product = _ADAPTER.validate_python(data)
    # An option's effects are plain dicts typed `dict`, but the selectors put a Source in each (the one piece
    # of typed data inside them); give it back its type so the terms engine reads it the same way.
    options = tuple(
        dataclasses.replace(o, effects=tuple(_with_source(e) for e in o.effects)) if o.effects else o
        for o in product.options
    )
    return dataclasses.replace(product, options=options)


def _with_source(effect: dict) -> dict:
    source = effect.get("source")
    return {**effect, "source": Source(**source)} if isinstance(source, dict) else effect


def content_hash(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


# ───── how documents cite the pamphlet ─────


def edition_label(product: ProductInfo) -> str:
    """The pamphlet's edition in plain words: its printed date, else its period of validity."""
    if product.sources.get("pamphlet_date") and product.sources["pamphlet_date"].quote:
        printed = _pamphlet_date(product)
        if printed:
            return printed
    if product.valid_from and product.valid_to:
        return f"{_day(product.valid_from)}～{_day(product.valid_to)}"
    if product.valid_from:
        return f"{_day(product.valid_from)}から"
    return "版・作成日の記載なし"


def _pamphlet_date(product: ProductInfo) -> str:
    row = m.Product.objects.filter(slug=product.slug).values_list("pamphlet_date", flat=True).first()
    return row or ""


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def citation(product: ProductInfo, label: str | None = None) -> str:
    """「<title>」パンフレット（<edition>）: how an application or a PDF names its source."""
    return f"「{product.name}」パンフレット（{label or edition_label(product)}）"


# ───── recording and reading editions ─────


def _ensure(product: ProductInfo, *, token: str) -> m.ProductEdition:
    data = snapshot(product)
    digest = content_hash(data)
    edition = m.ProductEdition.objects.filter(product_slug=product.slug, content_hash=digest).first()
    if edition is None:
        edition, _ = m.ProductEdition.objects.get_or_create(
            product_slug=product.slug,
            content_hash=digest,
            defaults={
                "title": product.name,
                "edition_label": edition_label(product),
                "valid_from": product.valid_from,
                "valid_to": product.valid_to,
                "catalogue_token": token,
                "snapshot": data,
            },
        )
    return edition


def record_editions() -> list[m.ProductEdition]:
    """Store an edition for each programme in the database whose content is new; returns every programme's
    current edition. Call inside the loader's transaction, after the rows are written."""
    from .selectors import build_products  # the one builder of ProductInfo from rows

    token = m.CatalogueVersion.objects.filter(pk=1).values_list("token", flat=True).first() or ""
    return [_ensure(product, token=token) for product in build_products()]


def current_edition(slug: str) -> m.ProductEdition | None:
    """The edition of the programme as the catalogue says now (recorded now if it is new); None when the
    programme is not in the catalogue."""
    from .selectors import catalogue_token, product

    live = product(slug)
    if live is None:
        return None
    return _ensure(live, token=catalogue_token())


def product_of(edition_id: int) -> ProductInfo:
    """The programme as the edition recorded it (read once per process: an edition never changes).
    Raises ProductEdition.DoesNotExist."""
    found = _cache.get(edition_id)
    if found is None:
        data = m.ProductEdition.objects.values_list("snapshot", flat=True).get(pk=edition_id)
        found = from_snapshot(data)
        with _lock:
            _cache[edition_id] = found
    return found
