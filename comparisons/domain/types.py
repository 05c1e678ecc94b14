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
    conditions: tuple[str, ...] = ()
    source: Source | None = None


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
    cells: dict[str, CoverageCell] = field(default_factory=dict)
    source: Source | None = None


@dataclass(frozen=True)
class EligibilitySpec:
    rule: str
    params: dict
    message: str
    source: Source


@dataclass(frozen=True)
class ScheduleSpec:
    mode: str
    start: dict
    deadline: dict
    debit: dict
    term: dict
    first_start: dt.date | None
    last_start: dt.date | None
    source: Source


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
    kind: str
    title: str
    body: str
    value: Decimal | None
    source: Source


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

    def plan(self, code: str) -> PlanInfo | None:
        return next((p for p in self.plans if p.code == code), None)

    def option(self, code: str) -> OptionInfo | None:
        return next((o for o in self.options if o.code == code), None)

    def notes_of(self, kind: str) -> list[NoteInfo]:
        return [n for n in self.notes if n.kind == kind]
