"""Who can join which programme, and why not: the catalogue's rules evaluated for a member's answers."""

from __future__ import annotations

from dataclasses import dataclass, field

from .money import format_yen
from .types import ProductInfo, RiskCategoryInfo, Source

MEMBERSHIPS = {
    "jcci": "商工会議所の会員",
    "silver": "シルバー人材センター（事業協会の会員）",
    "none": "どちらでもない",
}
ORGANISATIONS = {
    "company": "会社などの法人",
    "sole_proprietor": "個人事業主",
    "npo": "NPO・組合などの団体",
    "silver_center": "シルバー人材センター",
    "public_body": "官公庁・地方公共団体・独立行政法人",
    "consumer_lender_unlisted": "株式を公開していない消費者向け貸金業者",
    "mutual_aid_ceremony": "冠婚葬祭互助会",
    "other": "その他",
}
NOT_IN_TABLE = "none"  # the industry choice "none of these"


@dataclass(frozen=True)
class Answers:
    membership: str | None = None
    organisation: str | None = None
    risk_code: str | None = None
    revenue: int | None = None
    wants_it_services: bool = False


@dataclass(frozen=True)
class Reason:
    message: str
    source: Source | None = None


@dataclass(frozen=True)
class Eligibility:
    product: str
    eligible: bool
    reasons: tuple[Reason, ...] = ()  # why not (empty when eligible)
    cautions: tuple[Reason, ...] = ()  # eligible, but: an option barred, a code read from a garbled table …
    pending: tuple[str, ...] = ()  # what is still unknown for a final answer

    @property
    def reason_texts(self) -> list[str]:
        return [r.message for r in self.reasons]


@dataclass
class _Findings:
    reasons: list[Reason] = field(default_factory=list)
    cautions: list[Reason] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)


def _membership(rule, answers: Answers, risk_table, out: _Findings) -> None:
    if answers.membership is None:
        out.pending.append("会員かどうか")
    elif answers.membership not in rule.params.get("any_of", []):
        out.reasons.append(Reason(rule.message, rule.source))


def _organisation(rule, answers: Answers, risk_table, out: _Findings) -> None:
    if answers.organisation in rule.params.get("organisations", []):
        out.reasons.append(Reason(rule.message, rule.source))


def _revenue(rule, answers: Answers, risk_table, out: _Findings) -> None:
    if answers.revenue is None:
        out.pending.append("年間売上高")
    elif answers.revenue > int(rule.params["max_yen"]):
        out.reasons.append(
            Reason(f"{rule.message}（入力された売上高：{format_yen(answers.revenue)}）", rule.source)
        )


def _risk_code(rule, answers: Answers, risk_table, out: _Findings) -> None:
    if answers.risk_code is None:
        out.pending.append("業種")
    elif answers.risk_code == NOT_IN_TABLE or answers.risk_code not in risk_table:
        out.reasons.append(Reason(rule.message, rule.source))
    elif risk_table[answers.risk_code].code_inferred:
        row = risk_table[answers.risk_code]
        out.cautions.append(
            Reason(
                f"業種「{row.name}」のリスク区分コード（{row.code}）はパンフレットの表から推定したものです。"
                "引受保険会社にご確認ください。",
                row.source,
            )
        )


RULES = {
    "membership_required": _membership,
    "organisation_excluded": _organisation,
    "revenue_max": _revenue,
    "risk_code_required": _risk_code,
}


def evaluate(
    product: ProductInfo, answers: Answers, *, risk_table: dict[str, RiskCategoryInfo] | None = None
) -> Eligibility:
    """Apply each of the programme's rules to the answers; unknown answers leave the rule pending."""
    out = _Findings()
    for rule in product.eligibility:
        RULES[rule.rule](rule, answers, risk_table or {}, out)
    if answers.wants_it_services and answers.risk_code:
        for option in product.options:
            if answers.risk_code in option.excluded_risk_codes:
                out.cautions.append(
                    Reason(
                        f"この業種（リスク区分コード {answers.risk_code}）では「{option.name}」を付帯できません。"
                        "IT業務に起因する事故は補償されません。",
                        option.source,
                    )
                )
    return Eligibility(
        product=product.slug,
        eligible=not out.reasons,
        reasons=tuple(out.reasons),
        cautions=tuple(out.cautions),
        pending=tuple(dict.fromkeys(out.pending)),
    )


def evaluate_all(products, answers: Answers, *, risk_table=None) -> list[Eligibility]:
    return [evaluate(p, answers, risk_table=risk_table) for p in products]


@dataclass(frozen=True)
class IndustryMatch:
    code: str
    name: str
    major: str
    score: int
    code_inferred: bool = False
    matched: list[str] = field(default_factory=list)


def search_industries(table: list[RiskCategoryInfo], query: str, *, limit: int = 12) -> list[IndustryMatch]:
    """Search-as-you-type over the industry names and plain keywords (「レストラン」 finds 飲食店)."""
    import unicodedata

    q = unicodedata.normalize("NFKC", query or "").strip().lower()
    if not q:
        return []
    found = []
    for row in table:
        score = 0
        hits = []
        if q in row.name.lower():
            score = 3 if row.name.lower().startswith(q) else 2
            hits.append(row.name)
        for kw in row.keywords:
            if q in kw.lower():
                score = max(score, 2 if kw.lower().startswith(q) else 1)
                hits.append(kw)
        if q in row.major.lower() and not score:
            score = 1
        if q == row.code.lower():
            score = 4
        if score:
            found.append(IndustryMatch(row.code, row.name, row.major, score, row.code_inferred, hits))
    found.sort(key=lambda m: (-m.score, len(m.name)))
    return found[:limit]
