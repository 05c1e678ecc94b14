"""Riders that change a coverage row's terms when the member adds them.

AIG's 倍額支払特約 and 自己負担割合不適用特約 do not add a row of their own: they change the limit or the share
of rows that exist. The catalogue records them on each row they change, in formula.with_options:
{option code: {"limit_yen": new limit} | {"insured_share": the insured's new share} | {"limit_cap_yen": the
doubled cap of a limit that depends on the base limit set on the application}}. Other keys there describe
the rider in words and change no amount.

Both the matrix and the simulator apply riders through this one function, so they always agree.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from .money import format_yen
from .types import CoverageCell, ProductInfo


def apply_riders(
    cell: CoverageCell, options: tuple[str, ...], *, product: ProductInfo
) -> tuple[CoverageCell, tuple[str, ...]]:
    """The row's terms with the riders among `options`, and what each rider changed (Japanese, one line
    each). A row no rider touches comes back as it is, with no lines."""
    riders = (cell.formula or {}).get("with_options") or {}
    changes: list[str] = []
    for code in options:
        change = riders.get(code)
        if not isinstance(change, dict):
            continue
        option = product.option(code)
        name = option.name if option else code
        if "limit_yen" in change:
            cell = replace(cell, limit=int(change["limit_yen"]))
            changes.append(f"{name}で支払限度額{format_yen(cell.limit)}")
        if "insured_share" in change:
            insured = Decimal(str(change["insured_share"]))
            cell = replace(cell, paid_share=Decimal(1) - insured)
            changes.append(
                f"{name}で自己負担割合なし" if not insured else f"{name}で自己負担割合{int(insured * 100)}%"
            )
        if "limit_cap_yen" in change and cell.limit is None:
            changes.append(f"{name}で支払限度額は倍額（上限{format_yen(int(change['limit_cap_yen']))}）")
    return cell, tuple(changes)
