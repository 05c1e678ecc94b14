"""What the JSON API reads, declared once as typed schemas (pydantic, through django-ninja): each GET
endpoint's query parameters (a QueryParams subclass) and the body of ``POST /api/simulate/``. They parse and
check the request, and they are the parameters and request body of the OpenAPI document and of /api/docs/.

A field's ``title`` is its Japanese name: error messages use it (「年間売上高（revenue）：…」, errors.py); its
``description`` is what the docs show. Field order is the order faults are reported in.

To add a parameter: add the field to its schema with a type from fields.py or below, a default (``None`` when
it is optional), a ``title`` and a Japanese ``description``; read it in the view.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    create_model,
    field_validator,
)

from comparisons.catalogue import selectors
from comparisons.compare.forms import MAX_PLANS, SECURITY_RATES, plan_and_option_choices
from comparisons.domain import terms
from comparisons.domain.eligibility import MEMBERSHIPS, NOT_IN_TABLE, ORGANISATIONS, Answers
from comparisons.domain.payout import COST_TYPES, FACT_LABELS, SCENARIOS, Incident
from comparisons.simulator.forms import MAX_DAYS, MAX_PERSONS

from .fields import IsoDate, OneOf, PositiveYen, QueryParams, Unique, Yen, invalid

DISCOVERED_BY = terms.DISCOVERY
FLAGS = {
    "authority_report": "公的機関へ文書で届出・報告した",
    "police_report": "警察へ被害届を出した・不正アクセス禁止法に基づく援助を申し出た",
    "published": "自社で公表した（ホームページ・記者会見・社告など）",
    "press": "報道された",
    "apology_letters": "被害者にお詫び状・通知を送った",
    "web_or_email": "ホームページの運営・メールの送受信の業務で起きた",
    "card_data": "クレジットカード番号などが第三者に知られた",
    **{
        k: terms.FACTS[k]
        for k in ("emailed_program_defect", "insurer_consent", "notified_insurer_early", "dispatched_worker")
    },
}


def _labels(choices: dict[str, str]) -> str:
    return "、".join(f"{key}＝{label}" for key, label in choices.items())


# --- choices read from the catalogue at each request -------------------------------------------------


def _products() -> dict[str, str]:
    return {p.slug: p.name for p in selectors.products()}


def _risk_codes() -> dict[str, str]:
    return {row.code: row.name for row in selectors.risk_categories()}


def _risk_codes_or_none() -> dict[str, str]:
    return {**_risk_codes(), NOT_IN_TABLE: "リスク区分表に該当なし"}


def _plan_keys() -> dict[str, str]:
    return dict(plan_and_option_choices(selectors.products())[0])


def _option_keys() -> dict[str, str]:
    return dict(plan_and_option_choices(selectors.products())[1])


def _code_or_none(value: str) -> str:
    return NOT_IN_TABLE if value.lower() == NOT_IN_TABLE else value.upper()


_SEE_DOCS = "。一覧は /api/docs/ に）"

# --- the choices, as types -----------------------------------------------------------------------------

ProductSlug = Annotated[str, OneOf(_products)]
Membership = Annotated[str, OneOf(MEMBERSHIPS)]
Organisation = Annotated[str, OneOf(ORGANISATIONS)]
RiskCode = Annotated[
    str, OneOf(_risk_codes, normalise=str.upper, hint="リスク区分表のコード（例：14＝建設業" + _SEE_DOCS)
]
RiskCodeOrNone = Annotated[
    str,
    OneOf(
        _risk_codes_or_none,
        normalise=_code_or_none,
        hint="リスク区分表のコード（例：14＝建設業" + _SEE_DOCS + "か、表に該当がなければ none",
    ),
]
SecurityPercent = Annotated[str, OneOf({key: label for key, label in SECURITY_RATES if key != "0"})]
Scenario = Annotated[str, OneOf({key: s.label for key, s in SCENARIOS.items()})]
Fact = Annotated[str, OneOf(FACT_LABELS)]
DiscoveredBy = Annotated[str, OneOf(DISCOVERED_BY)]
Perpetrator = Annotated[str, OneOf(terms.PERPETRATORS)]
Country = Annotated[str, OneOf(terms.COUNTRIES)]
LeakedInfo = Annotated[str, OneOf(terms.INFORMATION)]
PlanKey = Annotated[str, OneOf(_plan_keys, hint="「制度:プラン」の形（例：silver-cyber:FII" + _SEE_DOCS)]
OptionKey = Annotated[str, OneOf(_option_keys, hint="「制度:特約」の形（例：sompo-jcci-cyber:bi" + _SEE_DOCS)]

# --- fields shared by several endpoints ------------------------------------------------------------------

Product = Annotated[
    ProductSlug,
    Field(
        title="制度",
        description="制度のスラッグ（sompo-jcci-cyber・jcci-leak-liability・silver-cyber・aig-personal-info）",
    ),
]
Revenue = Annotated[
    PositiveYen | None,
    Field(title="年間売上高", description="年間売上高（円）。「1億2,000万円」「120000000」、全角数字も可"),
]
ItOption = Annotated[
    bool, Field(title="IT業務特約", description="IT業務特約（ITサービス業務の補償）を希望するなら 1")
]


# --- GET parameters ---------------------------------------------------------------------------------


class EligibilityQuery(QueryParams):
    """GET /api/eligibility/: the member's answers, every one optional (an unanswered rule stays pending)."""

    membership: Membership | None = Field(
        None, title="会員の種類", description="会員の種類：" + _labels(MEMBERSHIPS)
    )
    organisation: Organisation | None = Field(
        None, title="事業者の種類", description="事業者の種類：" + _labels(ORGANISATIONS)
    )
    industry: RiskCodeOrNone | None = Field(
        None,
        title="業種のリスク区分コード",
        description="業種のリスク区分コード（三井住友海上のリスク区分表）。表に該当がなければ none",
    )
    revenue: Revenue = None
    it_option: ItOption = False

    def answers(self) -> Answers:
        return Answers(
            membership=self.membership,
            organisation=self.organisation,
            risk_code=self.industry,
            revenue=self.revenue,
            wants_it_services=self.it_option,
        )


class QuoteQuery(QueryParams):
    """GET /api/quote/."""

    product: Product
    plan: str = Field(
        title="プラン",
        description=(
            "プランコード（シルバー：GI〜GIII・FI〜FIII、三井住友海上：standard-A〜E・premium-A〜E、"
            "損保ジャパン・AIG：basic）"
        ),
    )
    rank: Annotated[str, AfterValidator(str.upper)] | None = Field(
        None,
        title="ランク",
        description="国庫補助ランク（A・B・C）。保険料表がランク別の制度（シルバー）では必須",
    )
    industry: RiskCode | None = Field(
        None,
        title="業種のリスク区分コード",
        description="業種のリスク区分コード（最も近い保険料例を選ぶために使います）",
    )
    revenue: Revenue = None
    it_option: ItOption = False
    options: Annotated[list[OptionKey], Unique] = Field(
        default_factory=list,
        title="付けるオプション",
        description=(
            "付けるオプション（「制度:特約」、例：jcci-leak-liability:it。複数なら options を繰り返す）。"
            "product の制度のもの。パンフレットで選べない組み合わせは kind が not_available になり、"
            "reasons にその規則とパンフレットの原文が入ります（比較・シミュレーター・申込と同じ文）"
        ),
    )
    liability: Yen | None = Field(
        None,
        title="賠償損害の支払限度額",
        description="フリーセット（standard-E・premium-E）の賠償損害の支払限度額（円）。フリーセットでは必須",
    )
    costs: Yen | None = Field(
        None,
        title="費用損害の支払限度額",
        description="フリーセットの費用損害の支払限度額（円）。フリーセットでは必須で、賠償損害の支払限度額の50%以下",
    )
    start: IsoDate | None = Field(
        None,
        title="補償開始希望日",
        description=(
            "補償開始希望日（YYYY-MM-DD、1949〜2099年）。パンフレットの期間外や中途加入なら、表や例の金額は "
            "annual_premium になりません。省略すると、今日パンフレットが期間内かで判断します"
        ),
    )
    security: SecurityPercent | None = Field(
        None,
        title="セキュリティ割引の仮定",
        description="セキュリティ割引の仮定（%）。このプラン自身の金額に当てはめた目安を what_if に返します",
    )

    @field_validator("options")
    @classmethod
    def _options_of_the_product(cls, options: list[str], info: ValidationInfo) -> list[str]:
        product = info.data.get("product")
        for i, key in enumerate(options):
            if product and key.partition(":")[0] != product:
                raise invalid(f"「{key}」は product（{product}）の制度のオプションではありません。", at=(i,))
        return options


class ScheduleQuery(QueryParams):
    """GET /api/schedule/."""

    product: Product
    start: IsoDate = Field(title="補償開始希望日", description="補償開始希望日（YYYY-MM-DD、1949〜2099年）")


# --- POST /api/simulate/ body ---------------------------------------------------------------------------

Amounts = create_model(
    "Amounts",
    __config__=ConfigDict(extra="forbid"),
    __doc__="費用の種類ごとの金額（円）",
    **{
        key: (Yen | None, Field(None, title=cost.label, description=f"{cost.label}（{cost.help}）"))
        for key, cost in COST_TYPES.items()
    },
)


class ApplicationTerms(BaseModel):
    """Figures set on the application, when the member knows them."""

    model_config = ConfigDict(extra="forbid")

    liability_limit: Yen | None = Field(None, title="賠償責任の支払限度額")
    cost_limit: Yen | None = Field(None, title="費用の支払限度額")
    liability_deductible: Yen | None = Field(None, title="賠償責任の免責金額")
    cost_deductible: Yen | None = Field(None, title="費用の免責金額")
    insured_share: float | None = Field(None, ge=0, le=1, title="自己負担割合（0.1＝10%）")


class SimulateRequest(BaseModel):
    """One incident and the plans to compare (POST /api/simulate/). Unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")

    scenario: Scenario | None = Field(
        None,
        title="事故の例",
        description=(
            "事故の例："
            + "、".join(f"{s.key}＝{s.label}" for s in SCENARIOS.values())
            + "。事故の内容・発見のきっかけ・人数・金額の既定値になります"
        ),
    )
    facts: Annotated[list[Fact], Field(min_length=1)] | None = Field(
        None,
        validate_default=True,
        title="事故の内容",
        description=(
            "事故の内容（scenario がなければ必須。あれば scenario の内容を置き換えます）："
            + _labels(FACT_LABELS)
        ),
    )
    discovered_by: DiscoveredBy | None = Field(
        None,
        title="発見のきっかけ",
        description=(
            "だれが見つけ・知らせたか："
            + _labels(DISCOVERED_BY)
            + "。既定値は scenario のもの、なければ self"
        ),
    )
    persons: int | None = Field(
        None,
        strict=True,
        ge=0,
        le=MAX_PERSONS,
        title="被害を受けた人数",
        description="被害を受けた人数（見舞金の対象）。既定値は scenario のもの、なければ0",
    )
    amounts: Amounts | None = Field(
        None,
        title="費用の金額",
        description=(
            "費用の種類ごとの金額（円）。整数か「1億2,000万円」のような文字列。見舞金（consolation）は"
            "1人あたり。指定のない種類は scenario の例の金額、scenario がなければ0"
        ),
    )
    companies: int | None = Field(
        None,
        strict=True,
        ge=0,
        le=MAX_PERSONS,
        title="被害を受けた法人の数",
        description="被害を受けた法人の数（法人への見舞金 corporate_consolation の対象）。既定値は scenario のもの",
    )
    authority_report: bool | None = Field(
        None,
        title=FLAGS["authority_report"],
        description=FLAGS["authority_report"] + "（true・false・null＝わからない。省略時は scenario のもの）",
    )
    police_report: bool | None = Field(
        None, title=FLAGS["police_report"], description=FLAGS["police_report"] + "（true・false・null）"
    )
    published: bool | None = Field(
        None, title=FLAGS["published"], description=FLAGS["published"] + "（true・false・null）"
    )
    press: bool | None = Field(
        None, title=FLAGS["press"], description=FLAGS["press"] + "（true・false・null）"
    )
    apology_letters: bool | None = Field(
        None, title=FLAGS["apology_letters"], description=FLAGS["apology_letters"] + "（true・false・null）"
    )
    web_or_email: bool | None = Field(
        None, title=FLAGS["web_or_email"], description=FLAGS["web_or_email"] + "（true・false・null）"
    )
    card_data: bool | None = Field(
        None, title=FLAGS["card_data"], description=FLAGS["card_data"] + "（true・false・null）"
    )
    emailed_program_defect: bool | None = Field(
        None,
        title=FLAGS["emailed_program_defect"],
        description=FLAGS["emailed_program_defect"]
        + "（true・false・null。シルバーのメール送受信等賠償責任担保特約の③）",
    )
    insurer_consent: bool | None = Field(
        None,
        title=FLAGS["insurer_consent"],
        description=FLAGS["insurer_consent"]
        + "（true・false・null。null または省略は「わからない」：同意の条件は前提として返します）",
    )
    notified_insurer_early: bool | None = Field(
        None,
        title=FLAGS["notified_insurer_early"],
        description=FLAGS["notified_insurer_early"] + "（true・false・null。シルバーの①緊急対応費用）",
    )
    dispatched_worker: bool | None = Field(
        None,
        title=FLAGS["dispatched_worker"],
        description=FLAGS["dispatched_worker"]
        + "（true・false・null。AIG の労働者派遣事業賠償責任特約。null または省略は前提として返します）",
    )
    leaked_info: LeakedInfo | None = Field(
        None,
        title="漏えいした情報の種類",
        description="漏えいした（おそれのある）情報の種類："
        + _labels(terms.INFORMATION)
        + "。AIG の個人情報漏洩特約・危機管理費用の特約は個人情報、企業情報漏洩特約は企業情報に支払います。"
        "省略または null は「わからない」（情報の種類の条件は前提として返します）。省略時は scenario のもの",
    )
    days_since_discovery: int | None = Field(
        None,
        strict=True,
        ge=0,
        le=MAX_DAYS,
        title="事故を見つけてからの日数",
        description=(
            "事故を見つけた日から最後に費用がかかった日までの日数（見つけた日の翌日を1日目とする）。"
            "省略すると期間の条件（発覚から180日以内など）は前提として返します"
        ),
    )
    perpetrator: Perpetrator | None = Field(
        None, title="だれの行為か", description="だれの行為か：" + _labels(terms.PERPETRATORS)
    )
    claim_country: Country | None = Field(
        None,
        title="損害賠償を請求された国",
        description="損害賠償を請求された国：" + _labels(terms.COUNTRIES),
    )
    abroad: bool | None = Field(
        None, title="海外での業務で起きた", description="海外での業務・海外拠点で起きた"
    )
    risk_code: RiskCode | None = Field(
        None,
        title="業種のリスク区分コード",
        description="業種のリスク区分コード（IT業務特約は48〜54・5Gの業種には付けられません）",
    )
    terms: dict[PlanKey, ApplicationTerms] | None = Field(
        None,
        title="申込書で決まる限度額など",
        description=(
            "申込書で決まる値（わかる場合）。キーは「制度:プラン」、値は liability_limit・cost_limit・"
            "liability_deductible・cost_deductible（円）と insured_share（自己負担割合、0.1＝10%）のうち"
            "そのプランにあるもの（フリーセットは選べる値のみ）。指定がなければ「申込書で決定」として計算"
        ),
    )
    plans: Annotated[list[PlanKey], Field(min_length=1, max_length=MAX_PLANS), Unique] = Field(
        title="比べるプラン",
        description=f"比べるプラン（「制度:プラン」、例：silver-cyber:FII）。1〜{MAX_PLANS}つ",
        json_schema_extra={"uniqueItems": True},
    )
    options: list[OptionKey] | None = Field(
        None,
        title="付けるオプション",
        description="付けるオプション（「制度:特約」、例：sompo-jcci-cyber:bi）。比べるプランの制度のもの",
    )

    @field_validator("facts")
    @classmethod
    def _facts_or_scenario(cls, facts: list[str] | None, info: ValidationInfo) -> list[str] | None:
        if facts is None and info.data.get("scenario") is None:
            raise invalid("事故の例（scenario）を指定しないときは必ず指定してください。")
        return facts

    @field_validator("options")
    @classmethod
    def _options_of_compared_products(
        cls, options: list[str] | None, info: ValidationInfo
    ) -> list[str] | None:
        chosen = {key.partition(":")[0] for key in info.data.get("plans") or []}
        for i, key in enumerate(options or []):
            if chosen and key.partition(":")[0] not in chosen:
                raise invalid(f"「{key}」の制度のプランが比べるプラン（plans）にありません。", at=(i,))
        return options

    def incident(self) -> Incident:
        """The incident described; each value not given is the scenario's (without one: no cost, nobody,
        found by the business itself, every fact unknown). Amounts are yen (consolation: per person)."""
        scenario = SCENARIOS.get(self.scenario or "")
        base = scenario.incident if scenario else Incident(events=frozenset())
        given = self.amounts.model_dump() if self.amounts else {}
        flags = {name: getattr(self, name) for name in FLAGS if name in self.model_fields_set}
        return replace(
            base,
            events=frozenset(self.facts) if self.facts is not None else base.events,
            discovered_by=self.discovered_by or (base.discovered_by if scenario else "self"),
            amounts={
                key: base.amounts.get(key, 0) if given.get(key) is None else given[key] for key in COST_TYPES
            },
            persons=self.persons if self.persons is not None else base.persons,
            companies=self.companies if self.companies is not None else base.companies,
            perpetrator=self.perpetrator or base.perpetrator,
            leaked_info=self.leaked_info if "leaked_info" in self.model_fields_set else base.leaked_info,
            claim_country=self.claim_country or base.claim_country,
            abroad=base.abroad if self.abroad is None else self.abroad,
            days_since_discovery=(
                base.days_since_discovery if self.days_since_discovery is None else self.days_since_discovery
            ),
            risk_code=self.risk_code,
            **flags,
        )

    def application_terms(self) -> dict[str, dict]:
        """ "制度:プラン" → the figures entered for it (insured_share as a Decimal fraction)."""
        out: dict[str, dict] = {}
        for key, entered in (self.terms or {}).items():
            values = entered.model_dump(exclude_none=True)
            if "insured_share" in values:
                values["insured_share"] = Decimal(str(values["insured_share"]))
            out[key] = values
        return out
