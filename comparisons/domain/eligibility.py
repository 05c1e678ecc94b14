"""Who can join which programme, and why not: the catalogue's rules evaluated for a member's answers."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import jaconv

from . import terms
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
IT_SERVICES_ITEM = "liability_it_services"  # the row of the IT-services liability cover (受託IT業務)


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


ELIGIBLE, NOT_ELIGIBLE, UNKNOWN = "eligible", "not_eligible", "unknown"
# What to ask when an organisation is one that some pamphlets exclude and this one says nothing about.
SILENT_ORGANISATION_QUESTIONS = {
    "public_body": (
        "官公庁・地方公共団体・独立行政法人が加入できるかは、この制度のパンフレットに書かれていません。"
        "加入できるかを代理店または保険会社にお尋ねください。"
    ),
}


@dataclass(frozen=True)
class Eligibility:
    """One programme's answer: state is "eligible", "not_eligible" (reasons say why) or "unknown" (pending
    names the answers the rules still need; questions say what to ask where the pamphlet is silent)."""

    product: str
    state: str
    reasons: tuple[Reason, ...] = ()  # why not (empty unless not_eligible)
    cautions: tuple[Reason, ...] = ()  # eligible, but: an option barred, a code read from a garbled table …
    pending: tuple[str, ...] = ()  # answers still missing for a final answer
    questions: tuple[str, ...] = ()  # what to ask the insurer: the pamphlet does not say

    @property
    def eligible(self) -> bool:
        return self.state == ELIGIBLE

    @property
    def unknown(self) -> bool:
        return self.state == UNKNOWN

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
    if answers.organisation is None:
        out.pending.append("事業の形態")
    elif answers.organisation in rule.params.get("organisations", []):
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


def it_services_options(product: ProductInfo, plan_code: str | None = None) -> tuple[str, ...]:
    """The codes of the options that add the IT-services liability cover (Mitsui's IT業務特約, Sompo's IT業務
    追加条項) to this plan, or to any plan of the programme when plan_code is None."""
    plans = [product.plan(plan_code)] if plan_code else list(product.plans)
    codes = (part.option for plan in plans if plan for part in plan.parts_of(IT_SERVICES_ITEM) if part.option)
    return tuple(dict.fromkeys(codes))


def it_services_refused(product: ProductInfo, risk_code: str) -> list[Reason]:
    """For a member who does IT services: the options adding that cover which the pamphlet refuses to the
    industry (Mitsui: 「※48~54(金融・保険)、5G(信用保証協会)の場合、IT業務特約はセットいただけません。」), as the
    terms engine states the rule (terms.option_problems), with its quote."""
    found: dict[str, Reason] = {}
    for plan in product.plans:
        for code in it_services_options(product, plan.code):
            for problem in terms.option_problems(product, plan.code, (code,), risk_code=risk_code):
                if problem.rule == "refused_for_industry":
                    message = problem.message + "IT業務に起因する事故は補償されません。"
                    found.setdefault(message, Reason(message, problem.source))
    return list(found.values())


RULES = {
    "membership_required": _membership,
    "organisation_excluded": _organisation,
    "revenue_max": _revenue,
    "risk_code_required": _risk_code,
}


def evaluate(
    product: ProductInfo, answers: Answers, *, risk_table: dict[str, RiskCategoryInfo] | None = None
) -> Eligibility:
    """Apply each of the programme's rules to the answers (the pamphlet's 加入条件).

    Not eligible when a rule is broken (reasons, each with its quote); unknown while an answer a rule needs
    is missing (pending) or the pamphlet is silent on the member's kind of organisation (questions);
    eligible otherwise.
    """
    out = _Findings()
    for rule in product.eligibility:
        RULES[rule.rule](rule, answers, risk_table or {}, out)
    if answers.wants_it_services and answers.risk_code:
        out.cautions += it_services_refused(product, answers.risk_code)
    questions = []
    stated = {
        o
        for r in product.eligibility
        if r.rule == "organisation_excluded"
        for o in r.params.get("organisations", [])
    }
    if answers.organisation in SILENT_ORGANISATION_QUESTIONS and answers.organisation not in stated:
        questions.append(SILENT_ORGANISATION_QUESTIONS[answers.organisation])
    pending = tuple(dict.fromkeys(out.pending))
    state = NOT_ELIGIBLE if out.reasons else UNKNOWN if pending or questions else ELIGIBLE
    return Eligibility(
        product=product.slug,
        state=state,
        reasons=tuple(out.reasons),
        cautions=tuple(out.cautions),
        pending=pending,
        questions=tuple(questions),
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


_SMALL_KANA = str.maketrans("ぁぃぅぇぉゃゅょっゎゕゖ", "あいうえおやゆよつわかけ")
_IGNORED = str.maketrans("", "", "ー・ 　、,()（）「」")


def fold(text: str) -> str:
    """A search key that writes the same word the same way: NFKC (half-width kana and full-width letters),
    lower case, katakana as hiragana (jaconv), small kana as large (ソフトウェア = ソフトウエア), and no
    long-vowel marks, dots, spaces or brackets (コンピューター = コンピュータ)."""
    plain = unicodedata.normalize("NFKC", text or "").lower()
    return jaconv.kata2hira(plain).translate(_SMALL_KANA).translate(_IGNORED)


@lru_cache(maxsize=4)
def _index(
    table: tuple[RiskCategoryInfo, ...],
) -> tuple[tuple[RiskCategoryInfo, str, str, tuple[str, ...]], ...]:
    """(row, folded name, folded major, folded search words) for each row, built once per catalogue."""
    return tuple(
        (row, fold(row.name), fold(row.major), tuple(fold(k) for k in row.keywords)) for row in table
    )


def search_industries(table: list[RiskCategoryInfo], query: str, *, limit: int = 12) -> list[IndustryMatch]:
    """Search-as-you-type over the リスク区分表: names, plain keywords and their kana readings, however the
    member writes the word (「レストラン」「れすとらん」「ﾚｽﾄﾗﾝ」 find 飲食店, 「いんしょく」 finds 飲食店 by its
    reading, 「ソフトウエア」 finds ソフトウェア業). Best matches first: the code itself, a name that starts
    with the query, a name that contains it, then a search word."""
    q = fold(query)
    if not q:
        return []
    found = []
    for row, name, major, words in _index(tuple(table)):
        score = 0
        hits = []
        if q in name:
            score = 3 if name.startswith(q) else 2
            hits.append(row.name)
        for kw, folded in zip(row.keywords, words, strict=True):
            if q in folded:
                score = max(score, 2 if folded.startswith(q) else 1)
                hits.append(kw)
        if q in major and not score:
            score = 1
        if q == row.code.lower():
            score = 4
        if score:
            found.append(IndustryMatch(row.code, row.name, row.major, score, row.code_inferred, hits))
    found.sort(key=lambda m: (-m.score, len(m.name)))
    return found[:limit]
