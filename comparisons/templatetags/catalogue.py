"""Presentation helpers: yen amounts, coverage status labels, percentages, the pamphlet's words."""

from __future__ import annotations

import re
from decimal import Decimal

from django import template

from comparisons.domain.money import format_yen

register = template.Library()

# What a member reads where the catalogue recorded a reading of an unclear passage (a misaligned table, a
# lost cell): the reading itself is an internal note, this sentence is its plain-language face.
UNCLEAR_READING = "パンフレットの表や記載が不明瞭なため、この内容は読み取りによる推定を含みます。"
_MARKUP = re.compile(r"<[^>]*>|\*\*|\^(?=\()")
_SPACES = re.compile(r"[ \t\u3000]*\n[ \t\u3000\n]*|[\t ]{2,}|\t")

STATUS_LABELS = {
    "condition": "条件",
    "included": "補償あり",
    "optional": "オプション",
    "not_covered": "補償なし",
    "not_stated": "記載なし",
}
PREMIUM_KIND_LABELS = {
    "exact": "保険料表あり",
    "example": "保険料例のみ（目安）",
    "quote_required": "要見積",
}


@register.filter
def yen(value, approximate=False):
    if value is None or value == "":
        return ""
    return format_yen(int(value), approximate=bool(approximate))


@register.filter
def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


@register.filter
def premium_kind_label(kind: str) -> str:
    return PREMIUM_KIND_LABELS.get(kind, kind)


@register.filter
def percent(value) -> str:
    if value is None or value == "":
        return ""
    pct = (Decimal(str(value)) * 100).normalize()
    return f"{pct:f}%"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def hotlines(product):
    return product.notes_of("hotline")[:3]


@register.filter
def option_name(product, code):
    opt = product.option(code)
    return opt.name if opt else code


@register.filter
def plan_name(product, code):
    plan = product.plan(code)
    return plan.name if plan else code


@register.filter
def discount_notes(product):
    return product.notes_of("discount")


@register.filter
def premium_grid(product):
    """Plans × ranks for an exact premium table: (ranks, [(plan, [row or None per rank])])."""
    ranks = sorted({r.rank for r in product.premium_rates})
    by_key = {(r.plan, r.rank): r for r in product.premium_rates}
    rows = [
        (plan, [by_key.get((plan.code, rank)) for rank in ranks])
        for plan in product.plans
        if any((plan.code, rank) in by_key for rank in ranks)
    ]
    return {"ranks": ranks, "rows": rows}


@register.filter
def pamphlet_words(quote: str) -> str:
    """A quote as the pamphlet prints it: without the markup its extracted text carries (HTML tags such as
    <sup> and <li>, markdown bold, the ^ of a superscript) and with runs of tabs and spaces made one."""
    if not quote:
        return ""
    return _SPACES.sub(" ", _MARKUP.sub("", str(quote))).strip()


@register.simple_tag
def unclear_reading() -> str:
    return UNCLEAR_READING
