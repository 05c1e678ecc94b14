"""The catalogue data files, described once as pydantic models.

`comparisons/catalogue/data/*.yaml` are validated by these models (loader.parse_files); the JSON Schema they
generate is published as `data/catalogue.schema.json` (each YAML file names it in its first line, so an
editor with the YAML language server checks a file as it is typed), and the reference `data/SCHEMA.md` is
generated from them: `python manage.py catalogue_schema` writes both, and a test fails when the committed
files are out of date.

Every model forbids unknown fields. Money is a whole number of yen. paid_share is the share the insurer pays
(0.9 = 90% paid; AIG's 自己負担割合 10% is stored as 0.9). Every fact carries a verbatim `quote` of its seed.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Yen = Annotated[int, Field(ge=0, description="円（整数）")]
Quote = Annotated[str, Field(min_length=1, description="出典：シードの文言をそのまま（空白は無視して照合）")]

TRIGGERS = Literal[
    "leak",
    "leak_fear",
    "attack",
    "attack_no_leak",
    "attack_suspected",
    "it_use",
    "it_services",
    "content",
    "bodily_property",
    "regulatory",
    "system_outage",
    "voluntary_shutdown",
]
DISCOVERY = Literal["self", "public_body", "security_vendor", "third_party", "media"]
PUBLICATION = Literal[
    "authority_report", "published", "press", "apology_letters", "police_report", "public_body_report"
]
COUNTRY = Literal["JP", "US", "CA", "RU", "BY", "OTHER"]
GROUP = Literal["liability", "costs", "business_interruption", "services", "conditions"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Sourced(Model):
    quote: Quote
    seed: str | None = Field(None, description="出典のシード（省略時は制度の seed）")
    reading_note: str | None = Field(None, description="抽出テキストが崩れている箇所の読み方")


FACT = Literal[
    "web_or_email",
    "card_data",
    "emailed_program_defect",
    "insurer_consent",
    "notified_insurer_early",
    "dispatched_worker",
]
INFORMATION = Literal["personal", "corporate"]


class ConditionChange(Sourced):
    """What a rider changes in a condition (倍額支払特約: 90日 → 180日), with its own quote."""

    days: int | None = Field(None, gt=0)
    lifted: bool = Field(False, description="特約を付けると、この条件はなくなる（満たされたものとして扱う）")
    text: str = Field(description="変わった条件の文")


class Condition(Sourced):
    """A condition of a cover, evaluated by the terms engine, or (kind assume) shown as an assumption."""

    kind: Literal[
        "events",
        "not_events",
        "discovery",
        "publication",
        "territory",
        "perpetrator",
        "fact",
        "within_days",
        "option",
        "information",
        "assume",
    ]
    text: str = Field(description="条件の文（「〜の場合に限ります」）。画面・紙にそのまま表示")
    any_of: list[str] = Field(
        default_factory=list,
        description="events / not_events / discovery / publication / option（特約コード）/ information（personal・corporate）",
    )
    only_when_events: list[TRIGGERS] = Field(
        default_factory=list, description="この条件が要るのは、該当する事実がすべてこの中のときだけ"
    )
    unsettled: list[str] = Field(default_factory=list, description="パンフレットで決まらない値（結果は？）")
    only_when_fact: FACT | None = Field(
        None,
        description="assume：事故の事実（fact）が「はい」のときだけ前提として示す（答えがないときは示す）",
    )
    self_if_any: list[PUBLICATION] = Field(
        default_factory=list, description="discovery：自社で発見した場合にこれらのいずれかがあれば可"
    )
    claims: Literal["japan", "worldwide", "unknown"] | None = None
    except_countries: list[COUNTRY] = Field(default_factory=list)
    no_cover_countries: list[COUNTRY] = Field(
        default_factory=list,
        description="territory：この国での請求・この国にかかわる事由には、賠償も費用も一切支払われない（AIG の特定地域）",
    )
    abroad: Literal["yes", "no", "unknown"] | None = None
    excluded: list[Literal["outsider", "mistake", "employee", "officer"]] = Field(default_factory=list)
    fact: FACT | None = None
    equals: bool = True
    if_unknown: Literal["unknown", "assume"] = Field(
        "unknown",
        description="fact・information：答えがないとき。unknown＝？（確認が必要）、assume＝前提として表示し支払の計算に入れる",
    )
    if_not: Literal["no", "unknown"] = Field(
        "no",
        description="fact：答えが「いいえ」のとき。no＝支払われない、unknown＝全額または一部が支払われないことがある（？）",
    )
    days: int | None = Field(None, gt=0, description="within_days：パンフレットの日数")
    count: Literal["day_after", "same_day"] = Field(
        "day_after", description="within_days：翌日から数える（翌日からN日以内）か、その日を含めて数えるか"
    )
    from_event: Literal["discovery", "notice", "consulting_start"] = Field(
        "discovery", description="within_days：期間の起点（発見・保険会社への通知・コンサルティング着手）"
    )
    year: bool = Field(False, description="within_days：「1年」の期間（うるう年をまたぐと366日）")
    or_fact: FACT | None = Field(None, description="within_days：これが「はい」なら期間を過ぎても可")
    with_options: dict[str, ConditionChange] = Field(
        default_factory=dict, description="特約を付けたときに変わる条件（特約コード → 変わる値と文）"
    )
    groups: list[GROUP] = Field(default_factory=list, description="プランの条件を当てはめる区分（空は全部）")
    except_items: list[str] = Field(
        default_factory=list, description="プランの条件を当てはめない行（その行の補償が自分の条件を持つ）"
    )

    @model_validator(mode="after")
    def _params(self) -> Condition:
        need = {
            "events": self.any_of,
            "not_events": self.any_of,
            "discovery": self.any_of,
            "publication": self.any_of,
            "territory": self.claims or self.abroad,
            "perpetrator": self.excluded or self.unsettled,
            "fact": self.fact,
            "within_days": self.days,
            "option": self.any_of,
            "information": self.any_of,
        }
        if self.kind == "information" and not set(self.any_of) <= {"personal", "corporate"}:
            raise ValueError("an information condition names personal and/or corporate")
        if self.kind in need and not need[self.kind]:
            raise ValueError(f"a condition of kind {self.kind!r} needs its parameters")
        return self

    def params(self) -> dict[str, Any]:
        """The parameters the engine reads (everything but kind, text and the source)."""
        data = self.model_dump(
            exclude={"kind", "text", "quote", "seed", "reading_note"},
            exclude_defaults=True,
            exclude_none=True,
        )
        return data


class ApplicationTerm(Sourced):
    key: Literal["liability_limit", "cost_limit", "liability_deductible", "cost_deductible", "insured_share"]
    label: str
    choices: list[int] = Field(default_factory=list, description="選べる値（空は任意の額）")


class Effect(Sourced):
    """What an option does to the plan's covers, besides adding the parts that name it."""

    kind: Literal["narrow", "territory"]
    text: str
    events: list[TRIGGERS] = Field(default_factory=list, description="narrow：残す事故")
    basic_only: bool = True
    claims: Literal["japan", "worldwide"] | None = None
    except_countries: list[COUNTRY] = Field(default_factory=list)
    no_cover_countries: list[COUNTRY] = Field(
        default_factory=list,
        description="territory：この国での請求・この国にかかわる事由には、賠償も費用も一切支払われない（AIG の特定地域）",
    )
    abroad: Literal["yes", "no", "unknown"] | None = None
    not_for_options: list[str] = Field(default_factory=list)
    unsettled_for_options: list[str] = Field(
        default_factory=list,
        description="territory：この特約の補償に及ぶかパンフレットで決まらない特約（日本国外の業務・請求は？）",
    )
    unsettled_text: str | None = Field(None, description="territory：unsettled_for_options の補償に示す文")
    cause_unsettled_items: list[str] = Field(
        default_factory=list,
        description="narrow：残す事故と他の事故が一緒に起きたとき、どちらに起因するかで決まる行（結果は？）",
    )
    cause_unsettled_events: list[TRIGGERS] = Field(
        default_factory=list, description="narrow：cause_unsettled_items を？にする、一緒に起きた事故"
    )
    cause_unsettled_text: str | None = Field(None, description="narrow：？の理由の文")


class Text(Sourced):
    text: str


class Period(Sourced):
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    text: str


class CostLimitRelation(Sourced):
    kind: Literal["inside_liability", "separate_capped", "per_item", "set_on_application"]
    text: str = ""


class ProductHead(Model):
    slug: str
    seed: str
    name: str
    short_name: str = Field(max_length=40)
    kind: Literal["group", "individual"]
    summary: str = ""
    policyholder: Text | None = None
    eligible_members: Text
    period: Period
    pamphlet_date: Text | None = None
    premium_kind: Literal["exact", "example", "quote_required"]
    premium_basis: Text
    cost_limit_relation: CostLimitRelation
    inquiries: Text | None = Field(
        None, description="パンフレットで決まらないことの確認先（パンフレットの「お問い合わせ先」）"
    )


class Insurer(Sourced):
    name: str
    role: str


class Ceiling(Sourced):
    """Whether a discount's printed rate is the most it gives, with the words that say so: false when the
    pamphlet says the rate can be exceeded (Sompo 「最大 60%以上 割引」), true when it is a maximum or a fixed
    rate (Mitsui 「最大60%割引」, 「団体割引20%」)."""

    is_ceiling: bool = Field(description="value が上限か（「最大60%以上」のように超えうるなら false）")


class Note(Sourced):
    kind: Literal[
        "hotline",
        "service",
        "quote_requirement",
        "discount",
        "document",
        "disclosure",
        "exclusion",
        "notice",
        "territory",
        "deductible",
        "insured",
        "payment",
        "other",
    ]
    title: str
    body: str = ""
    value: float | None = None
    ceiling: Ceiling | None = Field(
        None,
        description="discount：value が上限か（出典つき）。割引率のある discount には必須、ほかには書かない",
    )

    @model_validator(mode="after")
    def _a_rate_says_if_it_is_a_ceiling(self) -> Note:
        rated = self.kind == "discount" and self.value is not None
        if rated and self.ceiling is None:
            raise ValueError("a discount with a value must state its ceiling (is_ceiling and its quote)")
        if self.ceiling is not None and not rated:
            raise ValueError("only a discount with a value has a ceiling")
        return self


class FreeSet(Sourced):
    liability_choices: list[Annotated[int, Field(gt=0)]] = Field(min_length=1)
    cost_choices: list[Annotated[int, Field(gt=0)]] = Field(min_length=1)
    liability_deductible_choices: list[Yen] = Field(default_factory=list)
    cost_deductible_choices: list[Yen] = Field(default_factory=list)
    cost_max_ratio_of_liability: float | None = None
    extra_quotes: list[str] = Field(default_factory=list)


class Plan(Sourced):
    code: str
    name: str
    family: str
    family_name: str
    level: str = ""
    description: str = ""
    territory: str = ""
    free_set: FreeSet | None = None
    conditions: list[Condition] = Field(default_factory=list, description="プランのすべての補償にかかる条件")
    application_terms: list[ApplicationTerm] = Field(default_factory=list)


class Option(Sourced):
    code: str
    name: str
    description: str = ""
    requires: list[str] = Field(default_factory=list)
    excludes: list[str] = Field(default_factory=list)
    only_plans: list[str] = Field(default_factory=list)
    excluded_risk_codes: list[str] = Field(default_factory=list)
    automatic: bool = False
    constraint_quotes: list[str] = Field(default_factory=list)
    rule_quotes: dict[Literal["requires", "excludes", "only_plans", "excluded_risk_codes"], str] = Field(
        default_factory=dict, description="各制約の出典（option_problems が表示）"
    )
    effects: list[Effect] = Field(default_factory=list)

    @model_validator(mode="after")
    def _each_rule_is_sourced(self) -> Option:
        for rule in ("requires", "excludes", "only_plans", "excluded_risk_codes"):
            if getattr(self, rule) and rule not in self.rule_quotes:
                raise ValueError(f"'{rule}' needs its quote in rule_quotes.{rule}")
        return self


class DescriptiveNote(Model):
    """A note that uses a word of a condition (限り, 除き, 以内 …) but states none: it says why."""

    text: str
    descriptive: str = Field(
        min_length=1, description="条件ではなく説明である理由（どこで評価・表示されるか）"
    )


CoverNote = Annotated[
    str | DescriptiveNote,
    Field(description="補償の内容の説明（条件は conditions に書く。条件の語を含む説明は理由を添える）"),
]


class CellFields(Model):
    """The fields of one cover (a plan × row part); by_plan overrides any of them."""

    own_name: str | None = None
    status: Literal["included", "optional", "not_covered", "not_stated"] | None = None
    option: str | None = None
    limit: Yen | None = None
    limit_text: str | None = None
    sublimit: Yen | None = None
    sublimit_text: str | None = None
    paid_share: Annotated[float, Field(gt=0, le=1)] | None = None
    deductible: Yen | None = None
    deductible_text: str | None = None
    per_person_limit: Yen | None = None
    per_entity_limit: Yen | None = None
    formula: dict[str, Any] | None = None
    triggers: list[TRIGGERS] | None = None
    conditions: list[Condition] | None = None
    notes: list[CoverNote] | None = None
    reason: str | None = Field(
        None,
        description="補償なし・記載なしの理由（パンフレットに基づく。出典はこの補償の quote）。画面・紙に表示",
    )
    pays: list[str] | None = Field(
        None,
        description="この補償が支払う費用の種類（payout.COST_TYPES のキー。省略時は行に対応する費用すべて）",
    )
    application_terms: dict[Literal["limit", "deductible", "insured_share", "base_limit"], str] | None = None
    quote: str | None = None
    seed: str | None = None
    reading_note: str | None = None


class Coverage(CellFields):
    """One cover of a harmonised row for some plans. Several entries for the same plan × row are the
    row's parts, in order (the first is the main cover)."""

    item: str
    plans: Literal["all"] | list[str] = "all"
    status: Literal["included", "optional", "not_covered", "not_stated"]
    quote: Quote
    by_plan: dict[str, CellFields] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _optional_names_its_option(self) -> Coverage:
        if self.status == "optional" and not self.option:
            raise ValueError("an optional cover must name its option")
        return self


class PremiumRate(Sourced):
    plan: str
    rank: str
    annual_premium: Annotated[int, Field(gt=0)]


class PremiumExample(Sourced):
    industry: str
    risk_code: str | None = None
    annual_revenue: Yen
    set: str
    it_option: bool = False
    plan: str
    annual_premium: Annotated[int, Field(gt=0)]
    approximate: bool = True
    assumptions: str = ""


class Premiums(Model):
    table: list[PremiumRate] = Field(default_factory=list)
    examples: list[PremiumExample] = Field(default_factory=list)


class EligibilityRule(Sourced):
    rule: Literal["membership_required", "organisation_excluded", "revenue_max", "risk_code_required"]
    params: dict[str, Any] = Field(default_factory=dict)
    message: str
    extra_quotes: list[str] = Field(default_factory=list)


class Deadline(Model):
    kind: Literal["day_in_month_before", "days_before_start", "fixed", "none"]
    months_before: int | None = None
    day: int | Literal["last"] | None = None
    days: int | None = None
    date: dt.date | None = None
    shift: Literal["next", "previous", "none"] = "none"
    text: str | None = None

    @model_validator(mode="after")
    def _fixed_has_a_date(self) -> Deadline:
        if self.kind == "fixed" and self.date is None:
            raise ValueError("a fixed deadline needs its date")
        return self


class Debit(Model):
    kind: Literal["day_in_month_after", "by_deadline_transfer", "none"]
    months_after: int | None = None
    day: int | None = None
    shift: Literal["next", "previous", "none"] = "none"


class Term(Model):
    kind: Literal["one_year", "common_expiry"]
    date: dt.date | None = None
    hour: int | None = None

    @model_validator(mode="after")
    def _common_expiry_has_a_date(self) -> Term:
        if self.kind == "common_expiry" and self.date is None:
            raise ValueError("a common expiry needs its date")
        return self


class CarriesOver(Sourced):
    """Whether a schedule rule holds for starts outside the pamphlet's period, so that its dates may be
    computed there and shown as 推定. true only when the pamphlet states the rule for every month (Sompo:
    「保険期間 毎月1日(午後4時)から1年間」); false when its dates are printed for one programme year (Mitsui's
    2019 table, Silver's 2026 year), which are never carried to another year."""

    applies: bool = Field(
        description="パンフレットの期間外の開始日にもこの規則を当てはめてよいか（推定として）"
    )
    text: str = Field(description="そう読む根拠を平易に（出典の文言にある日付・数字だけを使う）")


class ScheduleRule(Sourced):
    mode: Literal["monthly", "annual", "mid_term"]
    start: dict[str, Any] = Field(default_factory=dict)
    deadline: Deadline
    debit: Debit
    term: Term
    first_start: dt.date | None = None
    last_start: dt.date | None = None
    carries_over: CarriesOver = Field(description="パンフレットの期間外にも当てはまる規則か（出典つき）")
    extra_quotes: list[str] = Field(default_factory=list)
    worked_example: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _one_year_dates_do_not_carry_over(self) -> ScheduleRule:
        one_year = self.mode == "annual" or self.deadline.kind == "fixed" or self.term.kind == "common_expiry"
        if self.carries_over.applies and one_year:
            raise ValueError(
                "a rule resting on a date printed for one programme year (a yearly start, a fixed deadline, "
                "a common expiry) cannot carry over to other years"
            )
        return self


class WorkedExample(Sourced):
    kind: Literal["payout", "schedule", "premium"]
    title: str
    plans: Literal["all"] | list[str] = Field(default_factory=list)
    inputs: dict[str, Any] = Field(default_factory=dict)
    expected: dict[str, Any] = Field(default_factory=dict)
    expected_items: dict[str, list[str]] | None = None
    extra_quotes: list[str] = Field(default_factory=list)


class ProductFile(Model):
    """A programme file `<slug>.yaml`."""

    product: ProductHead
    insurers: list[Insurer] = Field(min_length=1)
    notes: list[Note] = Field(default_factory=list)
    plans: list[Plan] = Field(min_length=1)
    options: list[Option] = Field(default_factory=list)
    coverages: list[Coverage] = Field(default_factory=list)
    premiums: Premiums = Field(default_factory=Premiums)
    eligibility: list[EligibilityRule] = Field(default_factory=list)
    schedule: list[ScheduleRule] = Field(default_factory=list)
    worked_examples: list[WorkedExample] = Field(default_factory=list)


class RiskCategory(Sourced):
    code: str
    major: str = ""
    name: str
    keywords: list[str] = Field(default_factory=list)
    it_option_excluded: bool = False
    code_inferred: bool = False


class CodeList(Sourced):
    codes: list[str]


class Fragment(Model):
    """A fragment file (`jcci-leak-liability.risk.yaml`): rows that belong to a programme file."""

    product: str = Field(description="the slug of the programme it belongs to")
    seed: str
    it_option_exclusion: CodeList | None = None
    risk_categories: list[RiskCategory] = Field(default_factory=list)


class TaxonomyGroup(Model):
    key: GROUP
    label: str


class TaxonomyItem(Model):
    key: str
    group: GROUP
    label: str
    help: str = ""


class Taxonomy(Model):
    """`taxonomy.yaml`: the harmonised rows (no product facts)."""

    groups: list[TaxonomyGroup]
    items: list[TaxonomyItem]


def json_schema() -> dict[str, Any]:
    """The JSON Schema an editor checks a data file against (any of the three kinds of file)."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(ProductFile | Fragment | Taxonomy).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "サイバー保険 比較・申込ナビ：カタログのデータファイル"
    return schema


# --- the generated reference ---------------------------------------------------------------------------

SCHEMA_FILE = "catalogue.schema.json"
REFERENCE_FILE = "SCHEMA.md"
_DOC_MODELS = (
    ProductFile,
    ProductHead,
    Plan,
    Option,
    Effect,
    Coverage,
    CellFields,
    Condition,
    ConditionChange,
    DescriptiveNote,
    ApplicationTerm,
    Note,
    Ceiling,
    FreeSet,
    EligibilityRule,
    ScheduleRule,
    CarriesOver,
    WorkedExample,
    Premiums,
    PremiumRate,
    PremiumExample,
    Fragment,
    RiskCategory,
    Taxonomy,
)


def _type_name(annotation: Any) -> str:
    text = str(annotation).replace("typing.", "").replace("datetime.", "")
    for prefix in ("comparisons.catalogue.schema.",):
        text = text.replace(prefix, "")
    return text.replace("Annotated[", "").replace("<class '", "").replace("'>", "")


def reference_markdown() -> str:
    """SCHEMA.md: every model of the data files, field by field, generated from the models above."""
    out = [
        "# Catalogue data files (generated)",
        "",
        "Generated by `python manage.py catalogue_schema` from `comparisons/catalogue/schema.py`; do not edit by",
        "hand (a test fails when this file is out of date). An editor with the YAML language server checks each file",
        f"against `{SCHEMA_FILE}` as it is typed (the first line of each file names it).",
        "",
        (__doc__ or "").strip(),
        "",
        "Conditions (`Condition.kind`): `events` — the incident facts that trigger a cover (any of); `not_events` —",
        "exclusions; `discovery` — how the incident must have been found; `publication` — what must have made it",
        "known; `territory` — where the business was done and where a claim was brought; `perpetrator` — who did it;",
        "`fact` — a yes/no fact (with `if_unknown: assume`, an unanswered fact is shown as an assumption);",
        "`within_days` — a time window counted from the discovery (or a later day); `option` — another option must",
        "be in force; `assume` — a condition no input settles, shown as an assumption. Every kind but `assume` is",
        "evaluated by `comparisons/domain/terms.py`. A coverage's `notes` describe; they never hold a condition.",
        "",
    ]
    for model in _DOC_MODELS:
        out += [
            f"## {model.__name__}",
            "",
            (model.__doc__ or "").strip(),
            "",
            "| field | type | required | description |",
            "|---|---|---|---|",
        ]
        for name, info in model.model_fields.items():
            kind = _type_name(info.annotation).replace("|", "\\|")
            out.append(
                f"| `{name}` | `{kind}` | {'yes' if info.is_required() else ''} | {info.description or ''} |"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def json_schema_text() -> str:
    import json

    return json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
