""" "What would it pay?": one incident run through each compared plan's terms, line by line.

Which cover answers a cost, and whether it pays, is the terms engine's (domain.terms.respond): every
condition of the pamphlet is evaluated there, or returned as an assumption. This module does the arithmetic,
in this order:

1. A cost line goes to the first part of its candidate rows that pays (a rider marked formula.pays_before
   is paid first: AIG's サイバー攻撃対応費用特約); else to the first whose answer is unknown; else it is not
   paid, with the most telling rule and its quote. What a rider paid first cannot pay above its own limit
   is a line of its own ("excess"): the pamphlet says only that the rider pays first, not whether the other
   rider pays the rest, so that line is unknown, with what the other rider would pay and whom to ask.
2. Per-person and per-company caps (見舞金) apply to each victim's amount.
3. The deductible applies once per section (賠償 / 費用 / 休業), to the sum of the section's lines, never to the
   order they were entered in. Silver (cond_deductible formula.deductible_order: after_share): 「各費用について、
   損害額に縮小支払割合を乗じた金額」, then 「免責金額は、各費用の合算に対して適用」 → Σ(損害額 × 割合) − 免責金額.
4. Elsewhere the insurer's share (縮小支払割合) applies to what is left of each line after the deductible (Mitsui:
   「損害の額から免責金額を控除した後の金額に乘じる割合」); where the lines' shares differ, the pamphlet does not say
   which line the deductible comes off: the lower figure is certain, the higher one counted among the "if" amounts,
   and the plan's notes say so in plain words.
5. Each line is capped by its own limit and sublimit, a shared sublimit (Mitsui ⑭+⑮), the section's limit
   (AIG: each rider's own), then — where costs are paid inside the liability limit (Silver) or all riders
   together are capped by it (AIG) — the liability limit.

Each line says paid (with the arithmetic, e.g. 「(500万円 − 10万円) × 90% = 441万円」), not paid (the rule
and its quote) or unknown (what it depends on and whom to ask, with what it would pay if it does). Unknown
lines are computed in a second pass as if their conditions held, and never counted in the certain total.
A limit or deductible set on the application is taken from the member's `terms` when given; otherwise the
line is computed without it and says so — never with an invented figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import ROUND_DOWN, Decimal

from . import terms as t
from .matrix import Column
from .money import format_yen
from .types import CoverageCell, Source

FACT_LABELS = t.EVENTS


@dataclass(frozen=True)
class CostType:
    key: str
    label: str
    help: str
    candidates: tuple[str, ...]  # coverage rows, in order of preference
    per_person: bool = False
    per_company: bool = False


COST_TYPES: dict[str, CostType] = {
    c.key: c
    for c in (
        CostType("damages", "損害賠償金", "裁判・示談で支払う賠償金", ()),
        CostType(
            "court_costs",
            "争訟費用（弁護士・訴訟費用）",
            "賠償請求への対応費用",
            ("liability_defence_costs",),
        ),
        CostType(
            "litigation_support",
            "訴訟対応費用（社内の人件費・文書作成など）",
            "訴えられたときの社員の超過勤務・資料作成・再現実験など",
            ("liability_defence_costs", "cost_other"),
        ),
        CostType(
            "investigation",
            "原因・被害範囲の調査費用（攻撃の有無の調査を含む）",
            "フォレンジック調査など",
            ("cost_forensic", "cost_cyber_investigation"),
        ),
        CostType(
            "damage_prevention",
            "被害拡大防止費用（ネットワーク遮断など）",
            "システムの遮断・隔離を外部に頼んだ費用など",
            ("cost_damage_prevention",),
        ),
        CostType(
            "recurrence_prevention",
            "再発防止費用",
            "再発防止のためのセキュリティ対策・認証取得など",
            ("cost_recurrence_prevention",),
        ),
        CostType("legal", "法律相談費用（弁護士）", "弁護士への相談", ("cost_legal",)),
        CostType(
            "consulting",
            "コンサルティング費用（危機管理コンサルティングを含む）",
            "事故対応・公表の助言を受ける費用",
            ("cost_consulting",),
        ),
        CostType(
            "staff",
            "事故対応の人件費・交通費",
            "社員の超過勤務・臨時雇用・出張など",
            ("cost_incident_response",),
        ),
        CostType("call_centre", "コールセンター費用", "問い合わせ窓口", ("cost_call_centre",)),
        CostType(
            "apology",
            "お詫び状・謝罪広告の費用",
            "お詫び状の送付、新聞社告など",
            ("cost_pr_apology", "cost_incident_response"),
        ),
        CostType(
            "consolation",
            "見舞金（個人1人あたり）",
            "被害者1人に渡す見舞金・金券",
            ("cost_consolation",),
            per_person=True,
        ),
        CostType(
            "corporate_consolation",
            "法人への見舞金・見舞品（1法人あたり）",
            "被害を受けた取引先などの法人へのお詫び",
            ("cost_consolation",),
            per_company=True,
        ),
        CostType(
            "credit_monitoring",
            "クレジット情報モニタリング費用",
            "カードの不正利用の監視",
            ("cost_credit_monitoring",),
        ),
        CostType(
            "public_investigation",
            "公的機関の調査・報告への対応費用",
            "個人情報保護委員会などへの報告・調査対応",
            ("cost_public_investigation", "cost_regulatory"),
        ),
        CostType(
            "restoration",
            "システム・データの復旧費用",
            "暗号化・破損したデータやシステムの復旧",
            ("cost_system_restoration",),
        ),
        CostType(
            "lost_profit",
            "休業中の利益の減少・営業継続費用",
            "システム停止で失った利益",
            ("bi_lost_profit", "bi_voluntary_shutdown"),
        ),
        CostType("ransom", "身代金", "攻撃者に支払う身代金（どのプランも支払いません）", ()),
    )
}
# What a third party's claim is for, in order: the rows that answer damages for it.
CLAIM_ROWS = (
    ("it_services", ("liability_it_services",)),
    ("content", ("liability_content",)),
    ("leak", ("liability_leak", "liability_cyber")),
    ("leak_fear", ("liability_leak",)),
    ("attack", ("liability_cyber", "liability_it_use")),
    ("attack_no_leak", ("liability_cyber", "liability_it_use")),
    ("it_use", ("liability_it_use", "liability_cyber")),
)
SECTION_LABELS = {"liability": "賠償責任", "costs": "費用", "business_interruption": "休業損失"}


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    description: str
    incident: t.Incident


def _scenario(key, label, description, events, amounts, **facts) -> Scenario:
    return Scenario(key, label, description, t.Incident(events=frozenset(events), amounts=amounts, **facts))


SCENARIOS: dict[str, Scenario] = {
    s.key: s
    for s in (
        _scenario(
            "ransomware",
            "ランサムウェアで業務が止まった",
            "不正アクセスでデータが暗号化され、数日間営業できなかった。情報が漏れた形跡はない。",
            {"attack", "system_outage"},
            {
                "investigation": 3_000_000,
                "restoration": 2_000_000,
                "lost_profit": 1_500_000,
                "legal": 300_000,
                "ransom": 5_000_000,
            },
            authority_report=False,
            published=False,
            press=False,
            apology_letters=False,
            police_report=True,
        ),
        _scenario(
            "lost_laptop",
            "顧客名簿の入ったノートPCを紛失した",
            "社員が顧客1,000人分の個人情報の入ったノートPCを電車に置き忘れた。",
            {"leak_fear"},
            {
                "investigation": 1_000_000,
                "apology": 500_000,
                "call_centre": 800_000,
                "consolation": 500,
                "legal": 300_000,
            },
            persons=1000,
            authority_report=True,
            published=False,
            press=False,
            apology_letters=True,
            perpetrator="mistake",
            leaked_info="personal",
        ),
        _scenario(
            "attack_suspected_self",
            "攻撃の疑いを自社で発見（結果は攻撃なし）",
            "動作が急に遅くなり、専門業者にPC5台を調べてもらったが攻撃ではなかった。調査費用500万円。",
            {"attack_suspected"},
            {"investigation": 5_000_000},
            authority_report=False,
            published=False,
            press=False,
            apology_letters=False,
            police_report=False,
        ),
        _scenario(
            "attack_suspected_reported",
            "外部からの通報で攻撃の疑いが判明",
            "公的機関から不審な通信の通報を受け、調査した。攻撃は確認されなかった。",
            {"attack_suspected"},
            {"investigation": 5_000_000, "legal": 500_000},
            discovered_by="public_body",
            authority_report=False,
            published=False,
            press=False,
            apology_letters=False,
            police_report=False,
        ),
        _scenario(
            "ddos",
            "DDoS攻撃でサイトが止まった（漏えいなし）",
            "大量のデータを送りつけられサーバーが使えなくなった。調査費用300万円。",
            {"attack_no_leak", "system_outage"},
            {"investigation": 3_000_000, "damage_prevention": 500_000},
            authority_report=False,
            published=False,
            press=False,
            apology_letters=False,
            police_report=False,
        ),
        _scenario(
            "voluntary_shutdown",
            "攻撃を受けて自主的にシステムを止めた",
            "ECサイトが攻撃を受け、調査と復旧のため自社でサイトを止めた。止めている間の売上を失った。",
            {"attack", "voluntary_shutdown"},
            {"investigation": 2_000_000, "lost_profit": 3_000_000},
            authority_report=False,
            published=True,
            press=False,
            apology_letters=False,
            police_report=True,
        ),
        _scenario(
            "card_leak",
            "ネットショップからカード情報が漏えい",
            "ECサイトが不正アクセスを受け、顧客のクレジットカード情報が流出した。カード会社からの通報で発覚した。",
            {"attack", "leak"},
            {
                "investigation": 5_000_000,
                "damages": 10_000_000,
                "credit_monitoring": 1_000_000,
                "consolation": 1_000,
                "call_centre": 1_000_000,
                "apology": 1_000_000,
            },
            persons=1000,
            discovered_by="third_party",
            authority_report=True,
            published=True,
            press=True,
            apology_letters=True,
            card_data=True,
            leaked_info="personal",
        ),
        _scenario(
            "it_service_claim",
            "納めたシステムの不具合で取引先から賠償請求",
            "受託したソフトウェア開発の不具合で取引先の業務が止まり、損害賠償を求められた。",
            {"it_services"},
            {"damages": 5_000_000, "court_costs": 1_000_000},
        ),
        _scenario(
            "overseas_claim",
            "海外の取引先から情報漏えいで賠償請求",
            "海外の取引先から預かった情報が漏えいし、現地（その他の国）で損害賠償を求められた。",
            {"leak"},
            {"damages": 8_000_000, "court_costs": 2_000_000},
            claim_country="OTHER",
            abroad=True,
            authority_report=True,
            apology_letters=True,
        ),
        _scenario(
            "content_claim",
            "ホームページの写真・記事で著作権侵害の請求",
            "自社サイトに載せた写真が著作権を侵害しているとして、使用料と損害賠償を求められた。",
            {"content"},
            {"damages": 1_000_000, "court_costs": 500_000},
            web_or_email=True,
        ),
        _scenario(
            "bodily_injury",
            "攻撃で設備が誤作動し来客がけが",
            "不正アクセスで自社施設のエレベーターが誤作動し、来客がけがをして損害賠償を求められた。",
            {"attack", "bodily_property"},
            {"damages": 3_000_000},
        ),
    )
}
Incident = t.Incident


@dataclass(frozen=True)
class Line:
    """One cost line of one plan. outcome: paid | not_paid | unknown. paid: the amount paid — for an
    unknown line, what it would pay if its conditions hold (never counted in the certain total).
    arithmetic: e.g. 「(500万円 − 10万円) × 90% = 441万円」. rules: the terms applied, in words. reason:
    the rule that refuses it, or what an unknown line depends on; ask: whom to ask."""

    cost_type: str
    label: str
    claimed: int
    outcome: str
    paid: int
    item: str | None = None
    own_name: str = ""
    arithmetic: str = ""
    rules: tuple[str, ...] = ()
    reason: str = ""
    ask: str = ""
    assumptions: tuple[str, ...] = ()
    limit_unknown: bool = False
    source: Source | None = None
    excess: bool = False  # the part of the line above that a rider paid first could not pay (its limit)
    # the numbers of its assumptions in PlanPayout.assumptions (1-based), and those every line does not share
    assumption_refs: tuple[int, ...] = ()
    own_assumptions: tuple[str, ...] = ()

    @property
    def covered(self) -> bool:
        return self.outcome == t.PAID

    @property
    def reasons(self) -> tuple[str, ...]:
        return (self.reason,) if self.reason and self.outcome != t.PAID else ()


@dataclass(frozen=True)
class PlanPayout:
    """paid: the certain total. if_unknown_paid: what the unknown lines would add if their conditions
    hold. assumptions: every assumption the result depends on (each line's too)."""

    key: str
    title: str
    lines: tuple[Line, ...]
    claimed: int
    paid: int
    if_unknown_paid: int = 0
    notes: tuple[str, ...] = ()
    limit_unknown: bool = False
    assumptions: tuple[str, ...] = ()
    shared_assumptions: tuple[str, ...] = ()  # the assumptions of every line it pays or may pay (shown once)


@dataclass
class _Draft:
    cost: CostType
    claimed: int
    response: t.Response | None = None
    refusal: t.Response | None = None
    cell: CoverageCell | None = None
    rules: list[str] = field(default_factory=list)
    base: int = 0
    base_text: str = ""
    deducted: int = 0
    deductible: int = 0
    share: Decimal = Decimal(1)
    after_share: int = 0
    caps: list[str] = field(default_factory=list)
    paid: int = 0
    limit_unknown: bool = False
    cut: int = 0  # what the part's own limits took off (an excess another rider may pay)
    alternative: t.Response | None = None  # the other rider's answer, when this part pays first
    excess_of: _Draft | None = None  # this draft is the excess of that one
    deduct_after_share: bool = False  # Silver: the deductible comes off Σ(損害額 × 縮小支払割合)

    @property
    def section(self) -> str:
        return self.cell.group if self.cell else "costs"


def _candidates(cost: CostType, incident: t.Incident) -> tuple[str, ...]:
    if cost.key not in ("damages",):
        return cost.candidates
    if "bodily_property" in incident.events:  # the claim is for the injury or the damaged property
        return ("liability_bodily_property",)
    rows: list[str] = []
    for fact, items in CLAIM_ROWS:
        if fact in incident.events:
            rows += [r for r in items if r not in rows]
    return tuple(rows)


# Costs of defending a claim: they follow the claim (争訟費用 is paid for a claim the policy covers).
DEFENCE_COSTS = ("court_costs", "litigation_support")


def _responses(cost: CostType, column: Column, incident: t.Incident) -> list[t.Response]:
    product, plan, options = column.product, column.plan, column.options
    parts = [
        part
        for item in _candidates(cost, incident)
        for part in plan.parts_of(item)
        if part.pays is None or cost.key in part.pays
    ]
    if cost.key in DEFENCE_COSTS:
        # a rider that pays its own claims' defence costs (AIG: 「お支払いする保険金 ①損害賠償金 ②争訟費用」) says so in
        # `pays` on its claim row; a claim row without it pays no defence cost
        claim_rows = _candidates(COST_TYPES["damages"], incident)
        parts += [p for item in claim_rows for p in plan.parts_of(item) if p.pays and cost.key in p.pays]
    return [t.respond(product, plan, part, options, incident) for part in parts]


def _claim_answer(column: Column, incident: t.Incident) -> t.Response | None:
    """How the plan answers the claim itself (the damages rows of the incident): the first that pays, else the
    first unknown, else the most telling refusal; None when the incident brings no claim row."""
    responses = _responses(COST_TYPES["damages"], column, incident)
    for outcome in (t.PAID, t.UNKNOWN):
        found = [r for r in responses if r.outcome == outcome]
        if found:
            return found[0]
    return min(responses, key=lambda r: r.rank) if responses else None


def _follow_claim(draft: _Draft, column: Column, incident: t.Incident) -> None:
    """A defence cost is paid only as far as the claim is: a claim the plan refuses refuses its defence costs
    with the claim's own rule; a claim that is unknown makes a paid defence cost unknown."""
    claim = _claim_answer(column, incident)
    if claim is None or claim.outcome == t.PAID:
        return
    prefix = (
        "争訟費用・訴訟対応費用は、補償される損害賠償請求についてだけ支払われます。この請求は補償されません："
    )
    if claim.outcome == t.NOT_PAID:
        if draft.response is not None or draft.refusal is None or draft.refusal.rank > claim.rank:
            part = (draft.response or draft.refusal or claim).part
            draft.refusal = replace(claim, part=part, reason=prefix + claim.reason, changes=())
            draft.response = draft.alternative = None
        return
    if draft.response is not None and draft.response.outcome == t.PAID:
        draft.response = replace(
            draft.response,
            outcome=t.UNKNOWN,
            reason="賠償請求そのものが支払われるかによります：" + claim.reason,
            ask=claim.ask,
            source=claim.source,
        )


def _match(draft: _Draft, column: Column, incident: t.Incident) -> None:
    _match_parts(draft, column, incident)
    if draft.cost.key in DEFENCE_COSTS:
        _follow_claim(draft, column, incident)


def _match_parts(draft: _Draft, column: Column, incident: t.Incident) -> None:
    responses = _responses(draft.cost, column, incident)
    paid = [r for r in responses if r.outcome == t.PAID]
    if paid:
        draft.response = _first_to_pay(paid)
        before = _pays_before(draft.response)
        draft.alternative = next(
            (
                r
                for r in responses
                if r is not draft.response and r.outcome != t.NOT_PAID and r.part.option in before
            ),
            None,
        )
        return
    unknown = [r for r in responses if r.outcome == t.UNKNOWN and r.part.status != "not_stated"]
    unknown = unknown or [r for r in responses if r.outcome == t.UNKNOWN]
    if unknown:
        draft.response = unknown[0]
        return
    if responses:
        draft.refusal = min(responses, key=lambda r: r.rank)


def _pays_before(response: t.Response) -> set[str]:
    return set((response.part.formula or {}).get("pays_before") or ())


def _first_to_pay(paid: list[t.Response]) -> t.Response:
    """A rider that the pamphlet has pay before the other riders that also pay (formula.pays_before)."""
    for r in paid:
        before = _pays_before(r)
        if before and any(o.part.option in before for o in paid if o is not r):
            return r
    return paid[0]


def with_application_terms(cell: CoverageCell, terms: dict) -> tuple[CoverageCell, list[str]]:
    """Fill the figures the application sets from the member's entries (when given): `terms` maps the
    cell's `application_terms` names (liability_limit …) to yen or a share; returns the cell with its
    limit, deductible, paid share or `formula["limit_yen"]` filled, and each computed limit in words."""
    mapping = cell.application_terms or {}
    said: list[str] = []
    if not mapping or not terms:
        return cell, said
    changes: dict = {}
    if "limit" in mapping and cell.limit is None and mapping["limit"] in terms:
        changes["limit"] = int(terms[mapping["limit"]])
        said.append(f"支払限度額{format_yen(changes['limit'])}（申込書の内容として入力）")
    if "deductible" in mapping and cell.deductible is None and mapping["deductible"] in terms:
        changes["deductible"] = int(terms[mapping["deductible"]])
    if "insured_share" in mapping and cell.paid_share is None and mapping["insured_share"] in terms:
        changes["paid_share"] = Decimal(1) - Decimal(str(terms[mapping["insured_share"]]))
    formula = dict(cell.formula or {})
    if "base_limit" in mapping and mapping["base_limit"] in terms and formula.get("limit_cap_yen"):
        base = int(terms[mapping["base_limit"]])
        ratio = Decimal(str(formula.get("limit_ratio_of_base_limit", 1)))
        cap = min(int(formula["limit_cap_yen"]), int(Decimal(base) * ratio))
        formula["limit_yen"] = cap
        formula.pop("limit_cap_yen")
        changes["formula"] = formula
        said.append(
            f"支払限度額{format_yen(cap)}（{format_yen(int(formula_cap(cell)))}と基本の支払限度額"
            f"{format_yen(base)}の{_fraction(ratio)}の低い方）"
        )
    return (replace(cell, **changes) if changes else cell), said


def formula_cap(cell: CoverageCell) -> int:
    return int((cell.formula or {}).get("limit_cap_yen") or 0)


def _fraction(ratio: Decimal) -> str:
    return f"{int(ratio * 10)}/10" if ratio < 1 else "全額"


def simulate_plan(column: Column, incident: t.Incident, *, cost_limit_relation: str) -> PlanPayout:
    """The incident's cost lines against one plan (with its options and application terms)."""
    terms = dict(column.terms)
    drafts: list[_Draft] = []
    for key, cost in COST_TYPES.items():
        amount = int(incident.amounts.get(key) or 0)
        if amount <= 0:
            continue
        count = incident.persons if cost.per_person else incident.companies if cost.per_company else 1
        if (cost.per_person or cost.per_company) and not count:
            continue
        draft = _Draft(cost=cost, claimed=amount * count)
        _match(draft, column, incident)
        if draft.response is not None:
            cell, said = with_application_terms(draft.response.part, terms)
            draft.cell = cell
            draft.rules += list(draft.response.changes) + said
        drafts.append(draft)

    paid = [d for d in drafts if d.response is not None and d.response.outcome == t.PAID]
    maybe = [d for d in drafts if d.response is not None and d.response.outcome == t.UNKNOWN]
    notes: list[str] = []
    _compute(paid, column, incident, cost_limit_relation, notes)
    certain = {id(d): (d.paid, list(d.rules), d.arith()) for d in paid} if paid else {}
    # the deductible taken from the other lines: where that changes the figure, the pamphlet leaves a range
    _recompute(paid, column, incident, cost_limit_relation, highest=True)
    _deductible_range(paid, certain, notes)
    # second pass: as if every unknown condition held (the unknown lines' "if it pays" amounts) …
    _recompute(paid + maybe, column, incident, cost_limit_relation, highest=True)
    # … and as if another rider paid what a rider that pays first could not (its excess)
    excess = [_excess(d, terms) for d in paid + maybe if d.alternative is not None and d.cut > 0]
    if excess:
        _recompute(paid + maybe + excess, column, incident, cost_limit_relation, highest=True)
    optimistic_total = sum(d.paid for d in paid + maybe + excess)

    lines = []
    for d in drafts:
        if d.response is not None and d.response.outcome == t.PAID:
            amount, rules, arith = certain[id(d)]
            if amount == 0 and d.claimed > 0:  # cut to nothing: by a limit used up, or by the deductible
                line = _line(d, t.PAID, 0, rules, arith)
                words = LIMIT_REACHED if "→" in arith else WITHIN_DEDUCTIBLE
                lines.append(
                    replace(line, outcome=t.NOT_PAID, reason=f"{words}（{arith}）" if arith else words)
                )
            else:
                lines.append(_line(d, t.PAID, amount, rules, arith))
        elif d.response is not None:
            lines.append(_line(d, t.UNKNOWN, d.paid, list(d.rules), d.arith()))
        else:
            lines.append(_refused_line(d, column.product))
        lines += [_excess_line(x, column) for x in excess if x.excess_of is d]
    certain_total = sum(x.paid for x in lines if x.outcome == t.PAID)
    if any(r.startswith("合計の限度を超える") for x in lines for r in x.rules):
        notes.append(CUT_ALLOCATION)
    assumptions = tuple(dict.fromkeys(a for x in lines for a in x.assumptions))
    number = {a: i + 1 for i, a in enumerate(assumptions)}
    answering = [x for x in lines if x.outcome != t.NOT_PAID]
    shared = (
        tuple(a for a in assumptions if all(a in x.assumptions for x in answering))
        if len(answering) > 1
        else ()
    )
    lines = [
        replace(
            x,
            assumption_refs=tuple(number[a] for a in x.assumptions),
            own_assumptions=tuple(a for a in x.assumptions if a not in shared),
        )
        for x in lines
    ]
    return PlanPayout(
        key=column.key,
        title=column.title,
        lines=tuple(lines),
        claimed=sum(d.claimed for d in drafts),
        paid=certain_total,
        if_unknown_paid=max(0, optimistic_total - certain_total),
        notes=tuple(dict.fromkeys(notes)),
        limit_unknown=any(x.limit_unknown for x in lines if x.outcome == t.PAID),
        assumptions=assumptions,
        shared_assumptions=shared,
    )


def _recompute(
    drafts: list[_Draft], column: Column, incident: t.Incident, relation: str, *, highest: bool = False
) -> None:
    for d in drafts:
        _reset(d)
    _compute(drafts, column, incident, relation, [], highest=highest)


def _deductible_range(paid: list[_Draft], certain: dict, notes: list[str]) -> None:
    """Lines whose figure depends on which of them the deductible is taken from (Mitsui: the share applies after
    the deductible, and the pamphlet does not say which cost it is taken from): each says its range, and the
    plan's notes say it in plain words. The certain figures are the lower ones."""
    low = sum(certain[id(d)][0] for d in paid)
    high = sum(d.paid for d in paid)
    if high == low:
        return
    for d in paid:
        amount, rules, arith = certain[id(d)]
        if d.paid != amount:
            rules.append(
                f"免責金額をこの費用から差し引くかどうかで、支払額は{format_yen(min(amount, d.paid))}〜"
                f"{format_yen(max(amount, d.paid))}です（ここでは少ない方）"
            )
    notes.append(
        "パンフレットには、免責金額をどの費用から差し引くかが書かれていません。縮小支払割合の異なる費用があるため、"
        f"合計は{format_yen(low)}〜{format_yen(high)}になります（確定額は少ない方、差額は条件しだいの額に含めています）。"
    )


def _excess(d: _Draft, terms: dict) -> _Draft:
    """The part of a line above the limit of the rider that paid it first, for the other rider."""
    cell, said = with_application_terms(d.alternative.part, terms)
    return _Draft(
        cost=d.cost,
        claimed=d.cut,
        response=d.alternative,
        cell=cell,
        rules=list(d.alternative.changes) + said,
        excess_of=d,
    )


def _excess_line(x: _Draft, column: Column) -> Line:
    """The excess as a line: unknown, with what the other rider would pay, the rule and whom to ask."""
    first = x.excess_of.response.part
    rule = (first.formula or {}).get("pays_before_rule") or {}
    other = x.response
    reason = (
        f"{first.option_name or first.own_name}の支払限度額を超える{format_yen(x.claimed)}が"
        f"{other.part.option_name or other.part.own_name}で支払われるかは、パンフレットでは決まりません"
        f"（{rule.get('text') or '先に支払う特約が優先して支払うとだけ書かれています'}）。"
    )
    if other.outcome == t.UNKNOWN and other.reason:
        reason += f"／{other.reason}"
    return Line(
        cost_type=x.cost.key,
        label=f"{x.cost.label}（{first.option_name or first.own_name}の支払限度額を超える分）",
        claimed=x.claimed,
        outcome=t.UNKNOWN,
        paid=x.paid,
        item=x.cell.item,
        own_name=x.cell.own_name,
        arithmetic=x.arith(),
        rules=tuple(dict.fromkeys(x.rules)) or ("全額（パンフレットの条件の範囲内）",),
        reason=reason,
        ask=other.ask or t.ask_of(column.product),
        assumptions=tuple(dict.fromkeys(c.text for c in other.assumptions)),
        limit_unknown=x.limit_unknown,
        source=Source(first.source.seed if first.source else "", rule["quote"])
        if rule.get("quote")
        else None,
        excess=True,
    )


def _line(d: _Draft, outcome: str, amount: int, rules: list[str], arith: str) -> Line:
    r = d.response
    return Line(
        cost_type=d.cost.key,
        label=d.cost.label,
        claimed=d.claimed,
        outcome=outcome,
        paid=amount,
        item=d.cell.item,
        own_name=d.cell.own_name,
        arithmetic=arith,
        rules=tuple(dict.fromkeys(rules)) or ("全額（パンフレットの条件の範囲内）",),
        reason=r.reason if outcome == t.UNKNOWN else "",
        ask=r.ask if outcome == t.UNKNOWN else "",
        assumptions=tuple(dict.fromkeys(c.text for c in r.assumptions)),
        limit_unknown=d.limit_unknown,
        source=r.source,
    )


def _refused_line(d: _Draft, product) -> Line:
    r = d.refusal
    if r is None:
        if d.cost.key != "ransom":
            return Line(
                d.cost.key,
                d.cost.label,
                d.claimed,
                t.NOT_PAID,
                0,
                reason="この費用に当たる補償がありません。",
            )
        # the pamphlet's own words where it has them (an exclusion note titled 身代金), else that none pays it
        said = next((n for n in product.notes_of("exclusion") if n.title.startswith("身代金")), None)
        reason = (
            f"身代金（攻撃者に支払う金銭）を支払う補償はありません（{said.body}）。"
            if said
            else "身代金（攻撃者に支払う金銭）を支払う補償はありません（パンフレットに身代金を支払う補償の記載はありません）。"
        )
        return Line(
            d.cost.key,
            d.cost.label,
            d.claimed,
            t.NOT_PAID,
            0,
            reason=reason,
            source=said.source if said else None,
        )
    return Line(
        cost_type=d.cost.key,
        label=d.cost.label,
        claimed=d.claimed,
        outcome=t.NOT_PAID,
        paid=0,
        item=r.part.item,
        own_name=r.part.own_name,
        reason=r.reason,
        source=r.source,
    )


def _reset(d: _Draft) -> None:
    d.rules = [
        x
        for x in d.rules
        if not x.startswith(
            ("免責金額", "縮小支払割合", "合計の限度", "内枠", "支払限度額は", "共用の", "自己負担割合は")
        )
    ]
    d.caps = []
    d.deducted = d.deductible = 0
    d.limit_unknown = False
    d.cut = 0


def _arith(self: _Draft) -> str:
    if self.cell is None:
        return ""
    expr = self.base_text or format_yen(self.base)
    if self.deduct_after_share:
        if self.share < 1:
            expr = f"{expr} × {_pct(self.share)}"
        if self.deducted:
            expr = f"{expr} − {format_yen(self.deducted)}"
    else:
        if self.deducted:
            expr = f"{expr} − {format_yen(self.deducted)}"
            if self.share < 1:
                expr = f"({expr})"
        if self.share < 1:
            expr = f"{expr} × {_pct(self.share)}"
    if expr == format_yen(self.base) and not self.caps:
        return f"{format_yen(self.paid)}"
    # 「2,000万円 → 支払限度額1,500万円まで = 1,500万円」: no 「= 2,000万円」 when nothing was taken off before the caps
    text = expr if expr == format_yen(self.after_share) else f"{expr} = {format_yen(self.after_share)}"
    for cap in self.caps:
        text += f" → {cap}"
    if self.caps:
        text += f" = {format_yen(self.paid)}"
    return text


_Draft.arith = _arith


def _pct(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


def _compute(
    drafts: list[_Draft],
    column: Column,
    incident: t.Incident,
    relation: str,
    notes: list[str],
    *,
    highest: bool = False,
) -> None:
    """The arithmetic of the drafts (steps 2–5). highest: where the figure depends on which line a section's
    deductible is taken from (lines with different 縮小支払割合, the deductible taken before it), take it from
    the lines the insurer pays the smallest share of (the higher figure); otherwise from those it pays the
    largest share of (the lower figure, the one counted as certain)."""
    for d in drafts:
        cell = d.cell
        d.base = d.claimed
        d.base_text = ""
        if d.cost.per_person or d.cost.per_company:
            unit = incident.amounts[d.cost.key]
            count = incident.persons if d.cost.per_person else incident.companies
            cap = cell.per_person_limit if d.cost.per_person else cell.per_entity_limit
            who = "名" if d.cost.per_person else "法人"
            if cap is not None and unit > cap:
                d.rules.append(f"1{who}あたり{format_yen(cap)}まで")
                unit = cap
            d.base = unit * count
            d.base_text = f"{format_yen(unit)} × {count:,}{who}"
    per_item = relation == "per_item"
    for section in dict.fromkeys(d.section for d in drafts):
        _apply_section(
            section,
            [d for d in drafts if d.section == section],
            notes,
            per_item=per_item,
            order=_deductible_order(column, section),
            highest=highest,
        )
    _apply_shared_sublimits(drafts, notes)
    example = _deductible_rule(column).get("example_note")
    if example and any(d.deduct_after_share and d.deducted and d.share < 1 for d in drafts):
        notes.append(example)  # the pamphlet's example leaves the deductible out: shown as its example
    if relation in ("inside_liability", "per_item"):
        cap = _liability_limit(column, drafts)
        total = sum(d.paid for d in drafts)
        if cap is not None and total > cap:
            _scale_down([d for d in drafts if d.paid], total - cap)
            notes.append(f"すべての保険金の合計は賠償責任の支払限度額{format_yen(cap)}までです。")
        elif cap is None and total and per_item:
            notes.append("すべての保険金の合計は個人情報漏洩特約の支払限度額（申込書で決まります）までです。")


def _deductible_order(column: Column, section: str) -> str:
    """after_share: the deductible comes off the sum of each line × its 縮小支払割合 (Silver: 「各費用について、損害額に
    縮小支払割合を乗じた金額」, 「免責金額は、各費用の合算に対して適用」); before_share: the share applies to what is left
    after the deductible (Mitsui: 「損害の額から免責金額を控除した後の金額に乘じる割合」). From the plan's cond_deductible
    row (formula.deductible_order: {section: order}); before_share where it says nothing."""
    return _deductible_rule(column).get("deductible_order", {}).get(section) or "before_share"


def _deductible_rule(column: Column) -> dict:
    cell = column.plan.cells.get("cond_deductible")
    return (cell.formula or {}) if cell else {}


def _apply_section(
    section: str,
    drafts: list[_Draft],
    notes: list[str],
    *,
    per_item: bool,
    order: str = "before_share",
    highest: bool = False,
) -> None:
    if not drafts:
        return
    # 3. one deductible for the section, on the sum of its lines — never on the order they were entered in
    deductible = max((d.cell.deductible or 0 for d in drafts), default=0)
    after = order == "after_share"
    for d in drafts:
        d.deduct_after_share = after
        d.share = _share(d)
        d.paid = _times(d.base, d.share) if after else d.base
        d.deducted = 0
        if d.cell.deductible is None and (d.cell.deductible_text or "").startswith("申込書"):
            d.rules.append("免責金額は申込書で決まります（ここでは差し引かずに計算）")
    bearing = [d for d in drafts if d.cell.deductible]
    if not after:  # the lines the insurer pays the largest share of first (the lower figure) or the smallest
        bearing.sort(key=lambda d: d.share, reverse=not highest)
    remaining = deductible
    for d in bearing:
        take = min(remaining, d.paid)
        remaining -= take
        d.deducted = take
        d.paid -= take
        if take:
            d.rules.append(
                f"免責金額{format_yen(deductible)}を費用の合計から差し引き"
                + ("（縮小支払割合を掛けた後）" if after else "")
                if len(drafts) > 1
                else f"免責金額{format_yen(deductible)}を差し引き"
            )
    for d in drafts:
        _apply_line_terms(d, per_item=per_item, after=after)
    groups: dict[str, list[_Draft]] = {}
    for d in drafts:
        shared = (d.cell.formula or {}).get("shared_limit")
        groups.setdefault((shared or d.cell.item) if per_item else section, []).append(d)
    for key, group in groups.items():
        label = SECTION_LABELS.get(section, "") if key == section else group[0].cell.own_name.split("：")[0]
        _cap_group(label, group, notes, per_item=per_item)


def _share(d: _Draft) -> Decimal:
    return Decimal(str(d.cell.paid_share)) if d.cell.paid_share is not None else Decimal(1)


def _times(amount: int, share: Decimal) -> int:
    return int((Decimal(amount) * share).to_integral_value(ROUND_DOWN)) if share < 1 else amount


LIMIT_REACHED = "限度額に達したため支払なし：この費用を含む支払限度額を、ほかの費用の支払で使い切りました"
WITHIN_DEDUCTIBLE = "免責金額の範囲内のため支払なし"
CUT_ALLOCATION = (
    "支払限度額を超えた分をどの費用から差し引くかは、パンフレットに書かれていません。ここでは表の下の費用から"
    "順に差し引いて表示しています（どの費用から差し引いても、支払の合計額は変わりません）。"
)
SHARE_ON_APPLICATION = (
    "自己負担割合は申込書で決まります（ここでは掛けずに計算。実際の支払額はこれより少なくなることがあります）"
)


def _apply_line_terms(d: _Draft, *, per_item: bool, after: bool = False) -> None:
    share = d.share
    if share < 1:
        if not after:
            d.paid = _times(d.paid, share)
        d.rules.append(f"縮小支払割合{_pct(share)}（保険会社が支払う割合）")
    if d.cell.paid_share is None and "insured_share" in (d.cell.application_terms or {}):
        d.rules.append(SHARE_ON_APPLICATION)
    d.after_share = d.paid
    d.paid = _cap(d.paid, d.cell.sublimit, "内枠", d)
    d.paid = _cap(d.paid, d.cell.limit, "支払限度額", d)
    if d.cell.limit is None and d.cell.sublimit is None:
        kind, amount = _rider_limit(d.cell, per_item=per_item) or ("", 0)
        if kind == "shared":
            d.rules.append(f"共用の支払限度額{format_yen(amount)}の内枠")
        elif kind == "ceiling":
            d.limit_unknown = True
            d.rules.append(
                f"支払限度額は申込書の基本の支払限度額で決まります（多くとも{format_yen(amount)}）"
            )
        else:
            d.limit_unknown = True
            d.rules.append("支払限度額は申込書で決まります（ここでは上限を設けずに計算）")


def _cap(value: int, limit: int | None, label: str, draft: _Draft) -> int:
    if limit is not None and value > limit:
        draft.rules.append(f"{label}{format_yen(limit)}まで")
        draft.caps.append(f"{label}{format_yen(limit)}まで")
        draft.cut += value - limit
        return limit
    return value


def _rider_limit(cell: CoverageCell, *, per_item: bool) -> tuple[str, int] | None:
    formula = cell.formula or {}
    if not per_item or cell.limit is not None:
        return None
    if formula.get("limit_yen") and (formula.get("shared_limit") or formula.get("limit_cap_yen") is None):
        if formula.get("shared_limit"):
            return "shared", int(formula["limit_yen"])
    if formula.get("limit_cap_yen"):
        return "ceiling", int(formula["limit_cap_yen"])
    return None


def _cap_group(label: str, group: list[_Draft], notes: list[str], *, per_item: bool) -> None:
    limits = [d.cell.limit for d in group if d.cell.limit is not None]
    ceilings: list[int] = []
    for d in group:
        kind, amount = _rider_limit(d.cell, per_item=per_item) or ("", 0)
        if kind == "shared":
            limits.append(amount)
        elif kind == "ceiling":
            ceilings.append(amount)
    if not limits and not ceilings:
        return
    cap = max(limits or ceilings)
    total = sum(d.paid for d in group)
    if total <= cap:
        return
    _scale_down(group, total - cap, own_limit=True)
    notes.append(
        f"{label}の保険金の合計は支払限度額{format_yen(cap)}までです。"
        if limits
        else f"{label}の保険金の合計は多くとも{format_yen(cap)}までです"
        "（申込書の基本の支払限度額によっては、それより低くなります）。"
    )


def _apply_shared_sublimits(drafts: list[_Draft], notes: list[str]) -> None:
    seen: set[tuple] = set()
    for d in drafts:
        formula = d.cell.formula or {}
        if formula.get("kind") != "shared_sublimit":
            continue
        items = tuple(formula.get("items") or ())
        if items in seen:
            continue
        seen.add(items)
        group = [x for x in drafts if x.cell.item in items]
        total = sum(x.paid for x in group)
        amount = int(formula["amount"])
        if total > amount:
            _scale_down(group, total - amount)
            notes.append(f"{'と'.join(x.cost.label for x in group)}は合計{format_yen(amount)}までです。")


def _scale_down(drafts: list[_Draft], excess: int, *, own_limit: bool = False) -> None:
    """Take an excess off the last lines first, so each line shows what is really paid. own_limit: the
    excess is over the parts' own (shared) limit, which another rider may pay (_Draft.cut)."""
    for d in reversed(drafts):
        take = min(excess, d.paid)
        d.paid -= take
        if own_limit:
            d.cut += take
        excess -= take
        if take:
            d.rules.append(f"合計の限度を超える{format_yen(take)}は支払われません")
            d.caps.append(f"合計の限度を超える{format_yen(take)}を除く")
        if not excess:
            return


def _liability_limit(column: Column, drafts: list[_Draft]) -> int | None:
    cell = column.plan.cells.get("liability_leak")
    if cell is None:
        return None
    if cell.limit is not None:
        return cell.limit
    mapping = cell.application_terms or {}
    terms = dict(column.terms)
    return int(terms[mapping["limit"]]) if mapping.get("limit") in terms else None


def simulate(columns: list[Column], incident: t.Incident) -> list[PlanPayout]:
    """Each column's payout for the incident (Column: product, plan, options, application terms)."""
    return [
        simulate_plan(col, incident, cost_limit_relation=col.product.cost_limit_relation) for col in columns
    ]
