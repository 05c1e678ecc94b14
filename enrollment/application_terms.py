"""What each pamphlet leaves to the application form: limits, deductibles, 自己負担割合, riders' limits.

Read from the catalogue's data, never from a programme's name:
- the plan's figures set on the application, as the catalogue declares them (`PlanInfo.application_terms`, the
  declaration the terms engine reads too): Mitsui's free set, its limits and both deductibles from the
  pamphlet's lists; Sompo's limits and deductibles (it prints none) and AIG's base 個人情報漏洩特約 limit,
  deductible and 自己負担割合 as amounts agreed with the insurer;
- a rider whose cell offers a list of limits (`formula.limit_choices_yen`, also inside another cell's
  `formula.with_options`; 「同額」 with `limit_same_as_base_choice`) → one of them (AIG 企業情報漏洩 1,000万・
  3,000万・個人情報漏洩同額, 特許等知的財産権 1,000万・3,000万);
- a rider with its own section (not liability or costs) whose amount is 「申込書で決定」 (Sompo's 利益・営業継続
  費用) → its amount.
The premium for such choices stays what the pamphlet says (要見積 where it prints none): pricing is not here.
"""

from __future__ import annotations

from dataclasses import dataclass

from comparisons.domain.money import format_yen
from comparisons.domain.types import PlanInfo, ProductInfo, Source

SET_ON_APPLICATION = "申込書で決定"
SAME = "same"  # a rider's limit 「個人情報漏洩特約の支払限度額と同額」
BASE_GROUPS = ("liability", "costs")  # a rider in these sections shares the base limits


@dataclass(frozen=True)
class Term:
    """One thing decided on the application.

    name: the Application field ("liability_limit" …) or "option_limit:<code>";
    kind: "choice" (one of `choices`, yen or SAME), "amount" (yen, agreed with the insurer) or "percent";
    option: the rider it belongs to (asked only when that rider is chosen), else ""."""

    name: str
    label: str
    kind: str
    choices: tuple = ()
    option: str = ""
    help_text: str = ""
    source: Source | None = None

    @property
    def form_field(self) -> str:
        return self.name.replace(":", "_")


def _set_on_application(text: str) -> bool:
    return (text or "").startswith(SET_ON_APPLICATION)


# The catalogue's name of a figure set on the application (PlanInfo.application_terms) → the Application field.
FIELDS = {"insured_share": "copay_percent"}


def _base_terms(plan: PlanInfo) -> list[Term]:
    """The plan's figures set on the application, as the catalogue declares them (the terms engine reads the
    same declaration): a list of allowed values (Mitsui's free set) or an amount; 自己負担割合 in %."""
    out = []
    for declared in plan.application_terms:
        name = FIELDS.get(declared.key, declared.key)
        if declared.choices:
            kind, help_text = "choice", "パンフレットの選択肢から選びます。"
        elif name == "copay_percent":
            kind, help_text = "percent", "契約時に設定する割合（%）。保険会社と決めた割合を入力してください。"
        else:
            kind, help_text = (
                "amount",
                "パンフレットに金額の記載はありません。保険会社と決めた金額を入力してください。",
            )
        out.append(
            Term(
                name,
                declared.label,
                kind,
                tuple(declared.choices),
                help_text=help_text,
                source=declared.source,
            )
        )
    return out


def _rider_terms(product: ProductInfo, plan: PlanInfo) -> list[Term]:
    terms: dict[str, Term] = {}
    for cell in plan.cells.values():
        formula = cell.formula or {}
        if cell.option and formula.get("limit_choices_yen"):
            terms[cell.option] = _choice_term(product, cell.option, formula, cell.source)
        for code, effect in (formula.get("with_options") or {}).items():
            if isinstance(effect, dict) and effect.get("limit_choices_yen") and code not in terms:
                terms[code] = _choice_term(product, code, effect, cell.source)
    for cell in plan.cells.values():
        if (
            cell.option
            and cell.option not in terms
            and cell.status == "optional"
            and cell.group not in BASE_GROUPS
            and cell.limit is None
            and _set_on_application(cell.limit_text)
        ):
            option = product.option(cell.option)
            terms[cell.option] = Term(
                f"option_limit:{cell.option}",
                f"{option.name if option else cell.own_name}の保険金額",
                "amount",
                option=cell.option,
                help_text="パンフレットに金額の記載はありません。保険会社と決めた金額を入力してください。",
                source=cell.source,
            )
    order = [o.code for o in product.options]
    return [terms[c] for c in sorted(terms, key=lambda c: order.index(c) if c in order else len(order))]


def _choice_term(product: ProductInfo, code: str, formula: dict, source) -> Term:
    option = product.option(code)
    choices = tuple(formula["limit_choices_yen"]) + (
        (SAME,) if formula.get("limit_same_as_base_choice") else ()
    )
    return Term(
        f"option_limit:{code}",
        f"{option.name if option else code}の支払限度額",
        "choice",
        choices,
        option=code,
        help_text="パンフレットの選択肢から、加入者の希望で選びます。",
        source=source,
    )


def terms_for(product: ProductInfo, plan_code: str) -> list[Term]:
    """Everything the application must state for this plan: base terms first, then riders' (each asked only
    when its rider is chosen). An empty list when the pamphlet fixes every figure (Silver, Mitsui's sets A–D)."""
    plan = product.plan(plan_code)
    if plan is None:
        return []
    return _base_terms(plan) + _rider_terms(product, plan)


def choice_label(value, *, base_label: str = "個人情報漏洩特約の支払限度額") -> str:
    """How a choice reads: 1,000万円, or 「<base>と同額」."""
    if value == SAME:
        return f"{base_label}と同額"
    return format_yen(int(value))


def value_of(application, term: Term):
    """The application's value for a term (None when not given)."""
    if term.name.startswith("option_limit:"):
        return (application.option_limits or {}).get(term.option)
    return getattr(application, term.name)


def display(term: Term, value) -> str:
    """A term's value in words for the page, the PDF and the audit trail."""
    if value in (None, ""):
        return "未入力"
    if term.kind == "percent":
        return f"{value}%"
    if value == SAME:
        return choice_label(value)
    return "なし" if int(value) == 0 and "免責" in term.label else format_yen(int(value))


def needed(terms: list[Term], chosen_options: set[str]) -> list[Term]:
    """The terms that apply: base ones always, a rider's only when it is chosen."""
    return [t for t in terms if not t.option or t.option in chosen_options]
