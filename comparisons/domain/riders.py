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
    each). A rider counts only with the options it requires (a 倍額支払特約 without its 特約 is nothing). A
    row no rider touches comes back as it is, with no lines.

    A row with its own limit gets the new limit; a row inside a shared limit (formula.shared_limit, e.g.
    the サイバー攻撃対応費用特約's 内枠 rows) keeps no limit of its own, and the shared one in its formula
    changes; a limit the application sets gets its new ceiling (formula.limit_cap_yen)."""
    riders = (cell.formula or {}).get("with_options") or {}
    if not riders:
        return cell, ()
    formula = dict(cell.formula)
    changes: list[str] = []
    for code in options:
        change = riders.get(code)
        if not isinstance(change, dict) or not in_force(code, options, product=product, cell=cell):
            continue
        name = product.option(code).name
        if "limit_yen" in change:
            limit = int(change["limit_yen"])
            if "limit_yen" in formula:
                formula["limit_yen"] = limit
            if cell.limit is not None:
                cell = replace(cell, limit=limit)
                changes.append(f"{name}で支払限度額{format_yen(limit)}")
            else:
                changes.append(f"{name}で共用の支払限度額{format_yen(limit)}")
        if "insured_share" in change:
            insured = Decimal(str(change["insured_share"]))
            formula["insured_share"] = change["insured_share"]
            cell = replace(cell, paid_share=Decimal(1) - insured)
            changes.append(
                f"{name}で自己負担割合なし" if not insured else f"{name}で自己負担割合{int(insured * 100)}%"
            )
        if "limit_cap_yen" in change:
            formula["limit_cap_yen"] = int(change["limit_cap_yen"])
            if "limit_ratio_of_base_limit" in change:
                formula["limit_ratio_of_base_limit"] = change["limit_ratio_of_base_limit"]
            if cell.limit is None:
                changes.append(f"{name}で支払限度額は倍額（上限{format_yen(formula['limit_cap_yen'])}）")
    if changes:
        cell = replace(cell, formula=formula)
    return cell, tuple(changes)


def in_force(
    code: str, options: tuple[str, ...], *, product: ProductInfo, cell: CoverageCell | None = None
) -> bool:
    """An option counts when it exists and every option it requires is in force: added, set automatically,
    or — for the row at hand — included in the plan as it is (AIG's 危機管理実行費用特約 is part of the
    basic cover unless taken out)."""
    option = product.option(code)
    if option is None:
        return False
    for required in option.requires:
        needed = product.option(required)
        if required in options or (needed and needed.automatic):
            continue
        if cell is not None and cell.option == required and cell.status == "included":
            continue
        return False
    return True
