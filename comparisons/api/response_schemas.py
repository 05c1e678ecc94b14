"""What the JSON API returns, declared once as typed schemas (ninja's Schema, pydantic): they shape each
response and are the response schemas of the OpenAPI document and of /api/docs/.

A schema reads the domain's dataclasses (or dicts) by attribute: a FromAttributes schema only by name; one
derived from ninja's Schema may compute a field in a ``resolve_<field>`` static method. Dates come out as ISO
strings, Decimals as numbers.

To add a field: add it to the schema with its type and a Japanese ``description`` (and a default when some
responses lack it). A field named like the domain attribute it shows needs nothing else; one that must be
computed needs a ``resolve_<field>`` method on a Schema (or a ``BeforeValidator`` on its type).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.urls import reverse
from django.utils import timezone
from ninja import Schema
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from comparisons.catalogue import selectors
from comparisons.domain import pricing, terms
from comparisons.domain import types as t
from comparisons.domain.payout import COST_TYPES
from comparisons.domain.period import PeriodStatus, period_status

from .request_schemas import EligibilityQuery


class FromAttributes(BaseModel):
    """A response schema whose every field is read from the attribute (or dict key) of the same name. pydantic
    reads them itself, much faster than ninja's Schema; a schema that needs ``resolve_<field>`` methods derives
    from ninja's Schema instead."""

    model_config = ConfigDict(from_attributes=True)


def _plain(value: Any) -> Any:
    """JSON-ready copy of catalogue data: dates as ISO strings, Decimals as numbers."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _some_source(src: t.Source | None) -> t.Source | None:
    return src if src is not None and (src.seed or src.quote) else None


Data = Annotated[dict[str, Any], AfterValidator(_plain)]
"""Structured catalogue data (a rule's parameters, a formula) passed on as it is."""

# Fields that several responses share.
Slug = Annotated[str, Field(description="制度のスラッグ")]
ProductName = Annotated[str, Field(description="制度名")]
PlanCode = Annotated[str, Field(description="プランコード")]
PlanName = Annotated[str, Field(description="プラン名")]
AnnualPremium = Annotated[int, Field(description="年間保険料（円）")]


class ErrorDetail(FromAttributes):
    param: str = Field(
        description="誤っているパラメータの名前（本文では amounts.investigation・plans[2] など）"
    )
    message: str = Field(description="日本語の説明")


class Error(FromAttributes):
    """The API's one error shape."""

    error: ErrorDetail = Field(description="誤り")


class Source(FromAttributes):
    """出典：パンフレットのファイル名と原文"""

    seed: str = Field(description="パンフレットのテキストファイル")
    quote: str = Field(description="原文（そのまま）")
    reading_note: str = Field(
        "", description="抽出テキストの読み方の注記（あれば）", exclude_if=lambda note: not note
    )


SourceOrNone = Annotated[Source | None, BeforeValidator(_some_source), Field(description="出典")]


class Insurer(FromAttributes):
    name: str = Field(description="保険会社名")
    role: str = Field(description="役割（幹事・非幹事・引受など）")


class PlanRef(FromAttributes):
    code: PlanCode
    name: PlanName


class ProductSummary(Schema):
    slug: Slug
    name: ProductName
    short_name: str = Field(description="略称")
    kind: str = Field(description="団体制度か個別契約か（group・individual）")
    summary: str = Field(description="概要")
    insurers: list[Insurer] = Field(description="保険会社と役割")
    plans: list[PlanRef] = Field(description="プラン")
    valid_from: dt.date | None = Field(description="パンフレットの期間の開始")
    valid_to: dt.date | None = Field(description="パンフレットの期間の終了")
    period_text: str = Field(description="パンフレットの期間の表示")
    within_period_today: bool = Field(description="今日がパンフレットの期間内か")
    period_label: str = Field(description="期間内・期間外などの表示")
    premium_kind: str = Field(
        description="保険料の示し方（exact＝保険料表・example＝保険料例・quote_required＝要見積）"
    )
    url: str = Field(description="この制度の詳細API")
    page_url: str = Field(description="この制度のページ")

    @staticmethod
    def resolve_insurers(product: t.ProductInfo) -> list[dict[str, str]]:
        return [{"name": name, "role": role} for name, role in product.insurers]

    @staticmethod
    def resolve_within_period_today(product: t.ProductInfo) -> bool:
        return _period(product).inside

    @staticmethod
    def resolve_period_label(product: t.ProductInfo) -> str:
        return _period(product).label

    @staticmethod
    def resolve_url(product: t.ProductInfo) -> str:
        return reverse("api:product", args=[product.slug])

    @staticmethod
    def resolve_page_url(product: t.ProductInfo) -> str:
        return reverse("comparisons:product_detail", args=[product.slug])


def _period(product: t.ProductInfo) -> PeriodStatus:
    return period_status(valid_from=product.valid_from, valid_to=product.valid_to, on=timezone.localdate())


class ProductList(FromAttributes):
    products: list[ProductSummary] = Field(description="制度")


CONDITION_KINDS = {
    "events": "対象となる事故",
    "not_events": "除かれる事故",
    "discovery": "発見のされ方",
    "publication": "公表・届出など",
    "territory": "地域",
    "perpetrator": "だれの行為か",
    "fact": "事故の事実（同意・カード番号など）",
    "within_days": "期間",
    "option": "必要な特約",
    "information": "漏えいした情報の種類（個人情報・企業情報）",
    "assume": "前提（シミュレーターでは判定せず、前提として表示）",
}


class Condition(FromAttributes):
    """A condition of a cover: evaluated by the terms engine, or (assume) shown as an assumption."""

    kind: str = Field(description="条件の種類：" + "、".join(f"{k}＝{v}" for k, v in CONDITION_KINDS.items()))
    evaluated: bool = Field(
        description="シミュレーターが事故の内容から判定する条件か（false は支払の前提として表示する条件）"
    )
    text: str = Field(description="条件の文（「〜の場合に限ります」。画面・紙に表示する文）")
    params: Data = Field(
        description="条件のパラメータ（種類ごと。例：events の any_of、within_days の days）"
    )
    source: SourceOrNone


class CoveragePart(FromAttributes):
    """One cover of a row: a row may have several (an option's cover, another section's cost item)."""

    part: int = Field(description="同じ項目の中の補償の順番（0が主な補償）")
    own_name: str = Field(description="パンフレットでの名称")
    status: str = Field(
        description="補償あり・オプション・補償なし・記載なし（included・optional・not_covered・not_stated）"
    )
    option: str | None = Field(description="オプションの特約コード")
    option_name: str | None = Field(description="オプションの特約名")
    limit: int | None = Field(description="支払限度額（円）")
    limit_text: str = Field(description="限度額の説明")
    sublimit: int | None = Field(description="内枠の限度額（円）")
    sublimit_text: str = Field(description="内枠の説明")
    paid_share: float | None = Field(description="支払割合（1.0 = 100%）")
    deductible: int | None = Field(description="免責金額（円）")
    deductible_text: str = Field(description="免責の説明")
    per_person_limit: int | None = Field(description="1名あたりの限度額（円）")
    per_entity_limit: int | None = Field(description="1法人あたりの限度額（円）")
    formula: Data | None = Field(description="算式")
    triggers: list[str] = Field(description="支払の契機（事故の種類）")
    pays: list[str] | None = Field(
        description="シミュレーターの費用の種類のうち、この補償が支払うもの（null は項目どおりすべて）"
    )
    conditions: list[Condition] = Field(
        description="この補償が支払われるための条件（プラン全体の条件・対象となる事故を含む。オプションなしの場合）"
    )
    notes: list[str] = Field(description="補償の内容の説明（条件ではない）")
    reason: str = Field(description="補償なし・記載なしの理由（パンフレットに基づく。それ以外は空）")
    source: SourceOrNone


class Coverage(CoveragePart):
    """A row of the harmonised table for one plan: its main cover's fields, and every cover of the row."""

    item: str = Field(description="補償の分類キー（例：liability_leak）")
    label: str = Field(description="分類の名前")
    group: str = Field(description="分類のグループ")
    parts: list[CoveragePart] = Field(description="この項目のすべての補償（最初が主な補償）")


def _condition(cond: t.Condition) -> dict[str, Any]:
    return {
        "kind": cond.kind,
        "evaluated": cond.kind in terms.EVALUATED,
        "text": cond.text,
        "params": cond.params,
        "source": cond.source,
    }


def _part(product: t.ProductInfo, plan: t.PlanInfo, cell: t.CoverageCell) -> dict[str, Any]:
    fields = {name: getattr(cell, name) for name in CoveragePart.model_fields if hasattr(cell, name)}
    fields["conditions"] = [_condition(c) for c in terms.conditions_of(product, plan, cell, ())]
    return fields


def coverages(product: t.ProductInfo, plan: t.PlanInfo) -> list[dict[str, Any]]:
    """Every row of the plan: the main cover's fields, the row's names and all its parts with their
    conditions as the terms engine applies them."""
    rows = []
    for cell in plan.cells.values():
        parts = [_part(product, plan, p) for p in plan.parts_of(cell.item)]
        rows.append({**parts[0], "item": cell.item, "label": cell.label, "group": cell.group, "parts": parts})
    return rows


class Plan(FromAttributes):
    code: PlanCode
    name: PlanName
    family: str = Field(description="系統")
    family_name: str = Field(description="系統名")
    level: str = Field(description="型・セット")
    description: str = Field(description="説明")
    territory: str = Field(description="補償地域")
    free_set: Data | None = Field(description="フリーセットで選べる支払限度額・免責金額")
    source: SourceOrNone
    conditions: list[Condition] = Field(
        description="プランのすべての補償にかかる条件（地域・だれの行為か・期間など）"
    )
    coverages: list[Coverage] = Field(description="分類表の全項目の補償（各項目のすべての補償と条件）")


class Option(FromAttributes):
    code: str = Field(description="特約コード")
    name: str = Field(description="特約名")
    description: str = Field(description="説明")
    requires: list[str] = Field(description="付帯に必要な特約")
    excludes: list[str] = Field(description="併用できない特約")
    only_plans: list[str] = Field(description="付帯できるプラン（空ならすべて）")
    excluded_risk_codes: list[str] = Field(description="付帯できないリスク区分コード")
    automatic: bool = Field(description="自動セット")
    source: SourceOrNone


class Note(FromAttributes):
    kind: str = Field(description="種類（hotline・discount・exclusion など）")
    title: str = Field(description="見出し")
    body: str = Field(description="内容")
    value: float | None = Field(description="数値（割引率など）")
    is_ceiling: bool | None = Field(
        description="割引率のある割引：value が上限か（「最大60%以上」のように超えうるなら false）。ほかは null"
    )
    ceiling_source: SourceOrNone = Field(None, description="is_ceiling の出典")
    source: SourceOrNone


class EligibilityRule(FromAttributes):
    rule: str = Field(description="規則の種類")
    params: Data = Field(description="規則のパラメータ")
    message: str = Field(description="該当しないときの説明")
    source: SourceOrNone


class ScheduleRule(FromAttributes):
    mode: str = Field(description="規則の種類（annual・monthly・mid_term）")
    start: Data = Field(description="補償開始の規則")
    deadline: Data = Field(description="申込締切の規則")
    debit: Data = Field(description="保険料の払込の規則")
    term: Data = Field(description="保険期間の規則")
    first_start: dt.date | None = Field(description="パンフレットの最初の開始日")
    last_start: dt.date | None = Field(description="パンフレットの最後の開始日")
    carries_over: bool = Field(
        description="パンフレットの期間外の開始日にも当てはめる規則か（毎月の規則として書かれているときだけ true。"
        "当てはめた日付は推定）"
    )
    carries_over_text: str = Field(description="そう読む理由（日本語）")
    carries_over_source: SourceOrNone = Field(None, description="carries_over の出典")
    source: SourceOrNone


class PremiumRate(FromAttributes):
    plan: PlanCode
    rank: str = Field(description="ランク")
    annual_premium: AnnualPremium
    source: SourceOrNone


class PremiumExample(FromAttributes):
    plan: PlanCode
    industry: str = Field(description="業種")
    risk_code: Annotated[str | None, BeforeValidator(lambda code: code or None)] = Field(
        description="リスク区分コード"
    )
    annual_revenue: int = Field(description="年間売上高（円）")
    set_name: str = Field(description="セット")
    it_option: bool = Field(description="IT業務特約あり")
    annual_premium: AnnualPremium
    approximate: bool = Field(description="「約」つきの目安")
    assumptions: str = Field(description="前提")
    source: SourceOrNone


class Product(ProductSummary):
    eligible_members: str = Field(description="加入できる方")
    inquiries: str = Field(description="パンフレットで決まらないことの確認先（パンフレットのお問い合わせ先）")
    policyholder: str = Field(description="保険契約者")
    premium_basis: str = Field(description="保険料の算出基礎")
    cost_limit_relation: str = Field(description="費用と賠償の限度額の関係")
    cost_limit_relation_text: str = Field(description="その説明")
    plans: list[Plan] = Field(description="プランと補償")
    options: list[Option] = Field(description="特約")
    notes: list[Note] = Field(description="注記（連絡先・割引・免責事項など）")
    eligibility: list[EligibilityRule] = Field(description="加入条件")
    schedule: list[ScheduleRule] = Field(description="日程の規則")
    premium_rates: list[PremiumRate] = Field(description="保険料表")
    premium_examples: list[PremiumExample] = Field(description="保険料例")
    field_sources: dict[str, SourceOrNone] = Field(description="制度全体の事実の出典")
    sources: list[Source] = Field(description="この制度で使うすべての出典（重複なし）")

    @staticmethod
    def resolve_plans(product: t.ProductInfo) -> list[dict[str, Any]]:
        return [
            {
                **{name: getattr(plan, name) for name in Plan.model_fields if hasattr(plan, name)},
                "conditions": [_condition(c) for c in plan.conditions],
                "coverages": coverages(product, plan),
            }
            for plan in product.plans
        ]

    @staticmethod
    def resolve_field_sources(product: t.ProductInfo) -> dict[str, t.Source]:
        return dict(product.sources)

    @staticmethod
    def resolve_sources(product: t.ProductInfo) -> list[t.Source]:
        """Every (seed, quote) the product's facts rest on, once each, in order of first use."""
        found: list[t.Source | None] = list(product.sources.values())
        for plan in product.plans:
            found.append(plan.source)
            found += [c.source for c in plan.conditions]
            for cell in plan.cells.values():
                for part in plan.parts_of(cell.item):
                    found += [part.source, *(c.source for c in part.conditions)]
        for rows in (product.options, product.notes, product.eligibility, product.schedule):
            found += [row.source for row in rows]
        found += [row.source for row in product.premium_rates]
        found += [row.source for row in product.premium_examples]
        seen: dict[tuple[str, str], t.Source] = {}
        for src in filter(_some_source, found):
            seen.setdefault((src.seed, src.quote), t.Source(src.seed, src.quote))
        return list(seen.values())


class Reason(FromAttributes):
    message: str = Field(description="理由")
    source: SourceOrNone


class Pamphlet(FromAttributes):
    """The pamphlet's period, and whether it is current today."""

    valid_from: dt.date | None = Field(description="パンフレットの期間の初日")
    valid_to: dt.date | None = Field(description="パンフレットの期間の最終日")
    current: bool | None = Field(description="今日がパンフレットの期間内か（期間の記載がなければ null）")
    label: str = Field(description="期間内・期間外・期間外（開始前）・期間の記載なし")
    message: str = Field(description="期間内でないときの説明（日本語）")


def pamphlet(slug: str) -> dict[str, Any]:
    product = selectors.product(slug)
    status = period_status(
        valid_from=product.valid_from,
        valid_to=product.valid_to,
        on=timezone.localdate(),
        period_text=product.period_text,
    )
    return {
        "valid_from": product.valid_from,
        "valid_to": product.valid_to,
        "current": status.current,
        "label": status.label,
        "message": status.message,
    }


class EligibilityResult(Schema):
    product: Slug
    name: ProductName
    state: Literal["eligible", "not_eligible", "unknown"] = Field(
        description=(
            "加入条件を満たす（eligible）・満たさない（not_eligible、reasons に理由）・まだ判定できない"
            "（unknown：判定に必要な回答が pending に、パンフレットに記載がなく尋ねることが questions に）"
        )
    )
    eligible: bool = Field(
        description="state が eligible のときだけ true（会員が条件の制度は membership がなければ false）"
    )
    reasons: list[str] = Field(description="加入できない理由")
    cautions: list[str] = Field(description="加入できるが注意すること")
    pending: list[str] = Field(description="判定に足りない回答")
    questions: list[str] = Field(description="パンフレットに記載がなく、代理店・保険会社に尋ねること")
    reason_details: list[Reason] = Field(description="理由と出典")
    caution_details: list[Reason] = Field(description="注意と出典")
    pamphlet: Pamphlet = Field(description="パンフレットの期間（今日の時点で期間内か）")

    @staticmethod
    def resolve_name(result: Any) -> str:
        return selectors.product(result.product).name

    @staticmethod
    def resolve_pamphlet(result: Any) -> dict[str, Any]:
        return pamphlet(result.product)

    @staticmethod
    def resolve_reasons(result: Any) -> list[str]:
        return [reason.message for reason in result.reasons]

    @staticmethod
    def resolve_cautions(result: Any) -> list[str]:
        return [caution.message for caution in result.cautions]

    @staticmethod
    def resolve_reason_details(result: Any) -> tuple:
        return result.reasons

    @staticmethod
    def resolve_caution_details(result: Any) -> tuple:
        return result.cautions


class EligibilityResponse(FromAttributes):
    answers: EligibilityQuery = Field(description="解釈した回答")
    results: list[EligibilityResult] = Field(description="制度ごとの判定")


class Discount(FromAttributes):
    title: str = Field(description="割引名")
    rate: float | None = Field(description="パンフレットの割引率の数字（0.2 = 20%）")
    is_ceiling: bool = Field(description="rate が上限か（「最大60%以上」のように上限でなければ false）")
    max_rate: float | None = Field(description="上限の割引率（上限でなければ null）")
    wording: str = Field(description="パンフレットの言い方（「最大60%以上割引」など）")
    body: str = Field(description="説明")
    source: SourceOrNone


class Reference(Schema):
    """The figure the pamphlet prints nearest to the member's case, and how the case differs from it."""

    title: str = Field(description="「パンフレットの保険料例（製造業・売上高10億円・セットC）」など")
    plan: PlanCode
    set: str | None = Field(description="例のセット（三井住友海上）")
    rank: str | None = Field(description="保険料表の国庫補助ランク（シルバー）")
    industry: str | None = Field(description="例の業種（パンフレットの表記）")
    risk_code: str | None = Field(description="例のリスク区分コード（記載があれば）")
    revenue: int | None = Field(description="例の年間売上高（円）")
    it_option: bool = Field(description="例に IT業務特約がセットされているか")
    annual_premium: AnnualPremium
    approximate: bool = Field(description="「約」つきの目安")
    assumptions: str = Field(description="例の前提（団体割引20%のみ など）")
    differences: list[str] = Field(description="あなたの場合との違い（空なら、この例があなたの場合の金額）")
    source: SourceOrNone

    @staticmethod
    def resolve_set(example: pricing.Example) -> str | None:
        return example.set_name


class WhatIf(Schema):
    rate: float = Field(description="仮定したセキュリティ割引（0.3 = 30%）")
    annual_premium: int = Field(description="割引を当てはめた目安（円）")
    of_example: bool = Field(
        description="このプランの参考の保険料例に当てはめた（true）か、このプランの金額に当てはめた（false）か"
    )
    note: str = Field(description="説明")

    @staticmethod
    def resolve_annual_premium(what_if: pricing.WhatIf) -> int:
        return what_if.premium


QuoteKind = Literal[tuple(pricing.KIND_LABELS)]  # type: ignore[valid-type]


class Quote(Schema):
    product: Slug
    plan: PlanCode
    plan_name: PlanName
    kind: QuoteKind = Field(
        description="annual_premium の意味、または null の理由："
        + "、".join(f"{k}＝{v}" for k, v in pricing.KIND_LABELS.items())
    )
    kind_label: str = Field(description="kind の日本語")
    annual_premium: int | None = Field(
        description="このプランのこの条件の年間保険料（円）。パンフレットにその金額がなければ null"
    )
    approximate: bool = Field(description="「約」つきの目安（保険料例）")
    notes: list[str] = Field(description="この金額の意味")
    reasons: list[str] = Field(description="パンフレットで選べない組み合わせの理由（not_available）")
    requirements: list[str] = Field(description="見積に必要な情報")
    discounts: list[Discount] = Field(description="割引")
    example: Reference | None = Field(description="パンフレットにある最も近い金額と、あなたの場合との違い")
    what_if: WhatIf | None = Field(
        description="security を指定したときの、このプラン自身の金額への割引の目安"
    )
    sources: list[SourceOrNone] = Field(description="出典")

    @staticmethod
    def resolve_plan_name(result: Any) -> str:
        plan = selectors.product(result.product).plan(result.plan)
        return plan.name if plan else ""


class EarliestStart(FromAttributes):
    start: dt.date | None = Field(description="開始日（なければ null）")
    estimated: bool = Field(description="パンフレットの期間外で、規則による推定か")
    message: str = Field(description="説明（日本語）")


class Schedule(FromAttributes):
    """The dates for a requested start. A programme whose pamphlet gives no schedule has every date null and
    the reason in warnings."""

    product: Slug
    requested_start: dt.date = Field(description="指定した補償開始希望日")
    coverage_start: dt.date | None = Field(None, description="補償開始日（規則に合わせた日）")
    coverage_end: dt.date | None = Field(None, description="保険期間の終了日")
    application_deadline: dt.date | None = Field(None, description="申込締切日（休日の繰り上げ・繰り下げ後）")
    first_debit: dt.date | None = Field(None, description="初回の保険料引落日（引落の規則がなければ null）")
    within_pamphlet_period: bool = Field(False, description="開始日がパンフレットの期間内か")
    start_hour: int | None = Field(None, description="補償開始の時刻（時）")
    end_hour: int | None = Field(None, description="保険期間終了の時刻（時）")
    mode: str | None = Field(None, description="使った規則（annual・monthly・mid_term）")
    debit_kind: str | None = Field(
        None, description="払込の方法（day_in_month_after・by_deadline_transfer など）"
    )
    deadline_unshifted: dt.date | None = Field(None, description="休日で動かす前の締切日")
    debit_unshifted: dt.date | None = Field(None, description="休日で動かす前の引落日")
    deadline_passed: bool = Field(False, description="今日の時点で締切を過ぎたか")
    next_possible_start: dt.date | None = Field(
        None, description="締切を過ぎたとき、今から間に合う最も早い開始日"
    )
    next_start_estimated: bool = Field(
        False, description="next_possible_start がパンフレットの期間外で、規則による推定か"
    )
    basis: Literal["pamphlet", "estimate", "unknown"] = Field(
        "unknown",
        description=(
            "pamphlet（パンフレットの日付）・estimate（期間外を、パンフレットが毎月の規則として書いているもので推定）・"
            "unknown（パンフレットに記載なし：日付は null。表や特定の年度の日付はほかの年に当てはめません）"
        ),
    )
    estimated: bool = Field(False, description="推定の日付を含むか")
    estimated_fields: list[str] = Field(
        [], description="推定の日付（coverage_start・application_deadline・first_debit・coverage_end）"
    )
    assumptions: list[str] = Field([], description="日付が読み方による場合の説明（日本語）")
    basis_reason: str = Field(
        "",
        description="期間外の開始日で、規則を当てはめた（estimate）・当てはめない（unknown）理由（日本語）。期間内は空",
    )
    basis_sources: list[Source] = Field([], description="basis_reason の出典")
    earliest_start: EarliestStart | None = Field(
        None, description="今日から申し込んで間に合う最も早い開始日（日程の規則がなければ null）"
    )
    pamphlet: Pamphlet = Field(description="パンフレットの期間（今日の時点で期間内か）")
    warnings: list[str] = Field([], description="注意（日本語）")
    source: SourceOrNone = None


class SimulateLine(FromAttributes):
    cost_type: str = Field(description="費用の種類（" + "・".join(COST_TYPES) + "）")
    label: str = Field(description="費用の種類の名前")
    claimed: int = Field(description="かかった額（円。見舞金は人数を掛けた額）")
    outcome: str = Field(
        description="paid＝支払われる、not_paid＝支払われない（reasons と source に規定）、unknown＝パンフレット"
        "では決まらない・条件しだい（reasons に何しだいか、ask に確認先、paid に条件を満たした場合の額）"
    )
    covered: bool = Field(description="支払われる（outcome が paid）")
    paid: int = Field(description="支払われる額（円）。unknown のときは条件を満たした場合の額")
    arithmetic: str = Field(description="計算式（例：(500万円 − 10万円) × 90% = 441万円）")
    ask: str = Field(description="unknown のときの確認先")
    assumptions: list[str] = Field(description="支払がその前提によるもの（「〜に限ります」）")
    item: str | None = Field(description="当てはめた補償の分類キー（例：cost_forensic）")
    own_name: str = Field(description="パンフレットでの補償の名称")
    rules: list[str] = Field(description="当てはめた条件（限度額・免責・縮小支払割合など）")
    reasons: list[str] = Field(description="支払われない、または減る理由")
    limit_unknown: bool = Field(description="支払限度額が申込書で決まるため上限を設けずに計算した")
    excess: bool = Field(
        description="前の行の特約（先に支払う特約）の支払限度額を超えた分の行（他の特約で支払われるかは unknown）"
    )
    source: SourceOrNone


class SimulatePlan(FromAttributes):
    key: str = Field(description="プラン（「制度:プラン」）")
    title: str = Field(description="制度とプランの名前")
    options: list[str] = Field(description="付けたオプションの特約コード")
    claimed: int = Field(description="かかった額の合計（円）")
    paid: int = Field(description="支払われる額の合計（円。unknown の行は含まない）")
    if_unknown_paid: int = Field(
        description=(
            "unknown の行の条件を満たした場合、またはパンフレットで決まらない点（免責金額をどの費用から差し引くか）が"
            "多い方になった場合に、さらに支払われる額（円）"
        )
    )
    limit_unknown: bool = Field(description="上限を設けずに計算した費用がある（限度額は申込書で決まる）")
    notes: list[str] = Field(description="合計にかかる限度などの注記")
    lines: list[SimulateLine] = Field(description="費用ごとの支払額")


class SimulateResponse(FromAttributes):
    scenario: str | None = Field(description="使った事故の例")
    facts: list[str] = Field(description="事故の内容")
    discovered_by: str = Field(description="だれが見つけ・知らせたか")
    leaked_info: str | None = Field(
        None,
        description="漏えいした情報の種類（personal・corporate・both。null はわからない：前提として計算）",
    )
    companies: int = Field(0, description="被害を受けた法人の数")
    persons: int = Field(description="被害を受けた人数")
    amounts: dict[str, int] = Field(description="計算に使った費用の種類ごとの金額（円。既定値を補ったもの）")
    plans: list[SimulatePlan] = Field(description="プランごとの支払額")
