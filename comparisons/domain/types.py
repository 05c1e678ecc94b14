"""Plain snapshots of the catalogue that the domain functions work on (built by comparisons.selectors)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Source:
    seed: str
    quote: str
    reading_note: str = ""
    # How a member page cites it (never the seed file's name): the pamphlet's title and edition, and the
    # heading of the pamphlet's section the quote sits under ("" when the text has no heading there).
    document: str = ""
    section: str = ""


@dataclass(frozen=True)
class Condition:
    """One condition of a cover, as data the terms engine evaluates (comparisons.domain.terms).

    kind: what is tested (terms.EVALUATED) or, for kind "assume", a condition no input settles: shown to the
    member as an assumption the result depends on. params: the kind's parameters. text: the condition in
    plain Japanese (「〜の場合に限ります」). source: the seed and quote it comes from."""

    kind: str
    params: dict
    text: str
    source: Source | None = None


@dataclass(frozen=True)
class ApplicationTerm:
    """A figure of the plan set on the application (申込書で決定), which the member may enter when known.

    key: liability_limit | cost_limit | liability_deductible | cost_deductible | insured_share.
    choices: the values the pamphlet allows (Mitsui's free set), () = any amount."""

    key: str
    label: str
    choices: tuple[int, ...] = ()
    source: Source | None = None


@dataclass(frozen=True)
class CoverageCell:
    item: str
    label: str
    group: str
    own_name: str
    status: str  # included | optional | not_covered | not_stated
    option: str | None = None
    option_name: str | None = None
    limit: int | None = None
    limit_text: str = ""
    sublimit: int | None = None
    sublimit_text: str = ""
    paid_share: Decimal | None = None
    deductible: int | None = None
    deductible_text: str = ""
    per_person_limit: int | None = None
    per_entity_limit: int | None = None
    formula: dict | None = None
    triggers: tuple[str, ...] = ()
    conditions: tuple[Condition, ...] = ()
    notes: tuple[str, ...] = ()  # what the cover includes, in words (never a condition: shown in the details)
    application_terms: dict | None = None  # figure → ApplicationTerm key that fills it when entered
    pays: tuple[str, ...] | None = None  # the simulator's cost types it pays (None: every type of its row)
    source: Source | None = None
    part: int = 0  # 0: the cell's main cover; 1…: another cover of the same row with its own terms
    reason: str = ""  # not covered / not stated: why, in the pamphlet's terms (its quote is the source)


@dataclass(frozen=True)
class OptionInfo:
    code: str
    name: str
    description: str
    requires: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    only_plans: tuple[str, ...] = ()
    excluded_risk_codes: tuple[str, ...] = ()
    automatic: bool = False
    source: Source | None = None
    effects: tuple[dict, ...] = ()  # terms.OPTION_EFFECTS: what the option does to the plan's covers
    rule_sources: dict[str, Source] = field(default_factory=dict)  # requires | excludes | … → its quote


@dataclass(frozen=True)
class PlanInfo:
    code: str
    name: str
    family: str
    family_name: str
    level: str
    description: str
    territory: str
    free_set: dict | None
    cells: dict[str, CoverageCell] = field(default_factory=dict)  # item → the row's main cover
    source: Source | None = None
    parts: dict[str, tuple[CoverageCell, ...]] = field(default_factory=dict)  # item → every cover of the row
    conditions: tuple[Condition, ...] = ()  # conditions of every cover of the plan (territory, who did it)
    application_terms: tuple[ApplicationTerm, ...] = ()

    def parts_of(self, item: str) -> tuple[CoverageCell, ...]:
        return self.parts.get(item) or ((self.cells[item],) if item in self.cells else ())


@dataclass(frozen=True)
class EligibilitySpec:
    rule: str
    params: dict
    message: str
    source: Source


@dataclass(frozen=True)
class ScheduleSpec:
    """One schedule rule of a pamphlet (comparisons.domain.schedule evaluates it). carries_over: the pamphlet
    states the rule for every month, so it may be applied outside its period (推定); False for dates printed
    for one programme year, and by default. carries_over_text: why, in plain Japanese (shown beside a date
    computed by the rule outside the period, or left unknown); carries_over_source: the quote that says so."""

    mode: str
    start: dict
    deadline: dict
    debit: dict
    term: dict
    first_start: dt.date | None
    last_start: dt.date | None
    source: Source
    carries_over: bool = False
    carries_over_text: str = ""
    carries_over_source: Source | None = None


@dataclass(frozen=True)
class PremiumRateRow:
    plan: str
    rank: str
    annual_premium: int
    source: Source


@dataclass(frozen=True)
class PremiumExampleRow:
    plan: str
    industry: str
    risk_code: str
    annual_revenue: int
    set_name: str
    it_option: bool
    annual_premium: int
    approximate: bool
    assumptions: str
    source: Source


@dataclass(frozen=True)
class NoteInfo:
    """A note of the pamphlet. For a discount with a rate (value), is_ceiling says whether the rate is the
    most it gives (False: 「最大60%以上」, it can be exceeded), ceiling_source the words that say so."""

    kind: str
    title: str
    body: str
    value: Decimal | None
    source: Source
    is_ceiling: bool | None = None
    ceiling_source: Source | None = None


@dataclass(frozen=True)
class WorkedExampleInfo:
    """An example the pamphlet prints (kind: payout | schedule | premium), with its inputs and results as
    the catalogue records them (free mappings; amounts in yen, dates as ISO strings)."""

    kind: str
    title: str
    plans: tuple[str, ...]
    inputs: dict
    expected: dict
    source: Source
    extra_quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RiskCategoryInfo:
    code: str
    major: str
    name: str
    keywords: tuple[str, ...]
    it_option_excluded: bool
    code_inferred: bool
    source: Source


@dataclass(frozen=True)
class ProductInfo:
    slug: str
    name: str
    short_name: str
    kind: str
    summary: str
    insurers: tuple[tuple[str, str], ...]  # (name, role)
    eligible_members: str
    policyholder: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    period_text: str
    premium_kind: str
    premium_basis: str
    cost_limit_relation: str
    cost_limit_relation_text: str
    plans: tuple[PlanInfo, ...]
    options: tuple[OptionInfo, ...]
    notes: tuple[NoteInfo, ...]
    eligibility: tuple[EligibilitySpec, ...]
    schedule: tuple[ScheduleSpec, ...]
    premium_rates: tuple[PremiumRateRow, ...]
    premium_examples: tuple[PremiumExampleRow, ...]
    sources: dict[str, Source] = field(default_factory=dict)  # product-level facts by field name
    inquiries: str = ""  # whom to ask what the pamphlet leaves open (its お問い合わせ先), in words
    pamphlet_date: str = ""  # the pamphlet's own edition line, when it prints one (「2019年3月始期契約」)
    worked_examples: tuple[WorkedExampleInfo, ...] = ()

    def plan(self, code: str) -> PlanInfo | None:
        return next((p for p in self.plans if p.code == code), None)

    def option(self, code: str) -> OptionInfo | None:
        return next((o for o in self.options if o.code == code), None)

    def notes_of(self, kind: str) -> list[NoteInfo]:
        return [n for n in self.notes if n.kind == kind]
