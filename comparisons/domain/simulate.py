""" "What would it pay?": one incident run through each compared plan's terms, line by line.

The terms (status, triggers, limit, sublimit, coinsurance, deductible, per-person caps) come from the
catalogue cells; this module only applies them. The rules it applies, in order:

1. A cost line goes to the first of its candidate coverage rows that responds to the incident (the cover
   is in force, the incident's facts are among the row's triggers, an outside report where the row needs
   one, the territory).
2. Per-person caps (見舞金) apply to each person's amount.
3. The deductible applies once per section (賠償 / 費用 / 休業), to the sum of the section's covered lines
   (Silver: 「免責金額は、各費用の合算に対して適用」; Mitsui: 損害の額から免責金額を控除した後).
4. The coinsurance (paid_share, the insurer's share) applies to what is left of each line.
5. Each line is capped by its own limit and sublimit, a shared sublimit (Mitsui ⑭+⑮), then the section's
   limit (AIG, whose riders each have a limit: the rider's limit), then — where costs are paid inside the
   liability limit (Silver), or all riders together are capped by it (AIG) — the plan's liability limit.
Where a limit is set on the application (Sompo, AIG's base cover), the line is computed without a cap and
says so: it is never given an invented figure.
Riders that change a row's terms (AIG's 倍額支払特約 and 自己負担割合不適用特約, recorded in the row's
formula.with_options) apply when the member added them: a new limit, a new share, or — where the doubled
limit depends on the base limit set on the application — a note that it is doubled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from .matrix import Column
from .money import format_yen
from .riders import apply_riders
from .types import CoverageCell, Source

FACT_LABELS = {
    "leak": "情報の漏えい",
    "leak_fear": "情報漏えいのおそれ",
    "attack": "漏えいにつながるおそれのあるサイバー攻撃",
    "attack_no_leak": "漏えいのおそれのないサイバー攻撃",
    "attack_suspected": "サイバー攻撃の疑い",
    "it_use": "自社のIT利用による他人の業務阻害",
    "it_services": "他人のためのIT業務",
    "content": "公開した内容による権利侵害",
    "bodily_property": "サイバー攻撃による対人・対物事故",
    "regulatory": "公的機関の調査",
    "system_outage": "自社システムの停止",
    "voluntary_shutdown": "自主的なシステム停止",
    "overseas": "海外での事故・請求",
}
QUALIFIERS = {"only_external_report", "overseas"}
REPORT_BOUND = {"attack_suspected", "attack_no_leak"}  # the facts `only_external_report` restricts


@dataclass(frozen=True)
class CostType:
    key: str
    label: str
    help: str
    candidates: tuple[str, ...]  # coverage rows, in order of preference
    section: str  # liability | costs | business_interruption
    per_person: bool = False


COST_TYPES: dict[str, CostType] = {
    c.key: c
    for c in (
        CostType("damages", "損害賠償金", "裁判・示談で支払う賠償金", (), "liability"),
        CostType(
            "court_costs",
            "争訟費用（弁護士・訴訟費用）",
            "賠償請求への対応費用",
            ("liability_defence_costs",),
            "liability",
        ),
        CostType(
            "investigation",
            "原因・被害範囲の調査費用",
            "フォレンジック調査など",
            ("cost_forensic", "cost_cyber_investigation", "cost_damage_prevention"),
            "costs",
        ),
        CostType("legal", "法律相談費用", "弁護士への相談", ("cost_legal",), "costs"),
        CostType("call_centre", "コールセンター費用", "問い合わせ窓口", ("cost_call_centre",), "costs"),
        CostType(
            "apology",
            "お詫び状・謝罪広告の費用",
            "お詫び状の送付、新聞社告など",
            ("cost_pr_apology",),
            "costs",
        ),
        CostType(
            "consolation",
            "見舞金（1人あたり）",
            "被害者1人に渡す見舞金・金券",
            ("cost_consolation",),
            "costs",
            per_person=True,
        ),
        CostType(
            "credit_monitoring",
            "クレジット情報モニタリング費用",
            "カードの不正利用の監視",
            ("cost_credit_monitoring",),
            "costs",
        ),
        CostType(
            "restoration",
            "システム・データの復旧費用",
            "暗号化・破損したデータやシステムの復旧",
            ("cost_system_restoration",),
            "costs",
        ),
        CostType(
            "lost_profit",
            "休業中の利益の減少・営業継続費用",
            "システム停止で失った利益",
            ("bi_lost_profit",),
            "business_interruption",
        ),
    )
}
DAMAGES_ROWS = {
    "leak": ("liability_leak",),
    "leak_fear": ("liability_leak",),
    "attack": ("liability_cyber", "liability_leak"),
    "attack_no_leak": ("liability_cyber", "liability_it_use"),
    "it_use": ("liability_it_use", "liability_cyber"),
    "it_services": ("liability_it_services",),
    "content": ("liability_content",),
    "bodily_property": ("liability_bodily_property",),
}


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    description: str
    facts: frozenset[str]
    discovered_by: str  # self | external
    amounts: dict[str, int]
    persons: int = 0


SCENARIOS: dict[str, Scenario] = {
    s.key: s
    for s in (
        Scenario(
            "ransomware",
            "ランサムウェアで業務が止まった",
            "ウイルスでデータが暗号化され、数日間営業できなかった。情報が漏れた形跡はない。",
            frozenset({"attack_no_leak", "system_outage"}),
            "self",
            {
                "investigation": 3_000_000,
                "restoration": 2_000_000,
                "lost_profit": 1_500_000,
                "legal": 300_000,
            },
        ),
        Scenario(
            "lost_laptop",
            "顧客名簿の入ったノートPCを紛失した",
            "社員が顧客1,000人分の個人情報の入ったノートPCを電車に置き忘れた。",
            frozenset({"leak_fear"}),
            "self",
            {
                "investigation": 1_000_000,
                "apology": 500_000,
                "call_centre": 800_000,
                "consolation": 500,
                "legal": 300_000,
            },
            persons=1000,
        ),
        Scenario(
            "attack_suspected_self",
            "攻撃の疑いを自社で発見（結果は攻撃なし）",
            "動作が急に遅くなり、専門業者にPC5台を調べてもらったが攻撃ではなかった。調査費用500万円。",
            frozenset({"attack_suspected"}),
            "self",
            {"investigation": 5_000_000},
        ),
        Scenario(
            "attack_suspected_reported",
            "外部からの通報で攻撃の疑いが判明",
            "公的機関・セキュリティ会社から不審な通信の通報を受け、調査した。",
            frozenset({"attack_suspected"}),
            "external",
            {"investigation": 5_000_000},
        ),
        Scenario(
            "ddos",
            "DDoS攻撃でサイトが止まった（漏えいなし）",
            "大量のデータを送りつけられサーバーが使えなくなった。調査費用300万円。",
            frozenset({"attack_no_leak", "system_outage"}),
            "self",
            {"investigation": 3_000_000},
        ),
        Scenario(
            "card_leak",
            "ネットショップからカード情報が漏えい",
            "ECサイトが不正アクセスを受け、顧客のクレジットカード情報が流出した。",
            frozenset({"attack", "leak"}),
            "external",
            {
                "investigation": 5_000_000,
                "damages": 10_000_000,
                "credit_monitoring": 1_000_000,
                "consolation": 1_000,
                "call_centre": 1_000_000,
                "apology": 1_000_000,
            },
            persons=1000,
        ),
        Scenario(
            "it_service_claim",
            "納めたシステムの不具合で取引先から賠償請求",
            "受託したソフトウェア開発の不具合で取引先の業務が止まり、損害賠償を求められた。",
            frozenset({"it_services"}),
            "external",
            {"damages": 5_000_000, "court_costs": 1_000_000},
        ),
        Scenario(
            "overseas_claim",
            "海外の取引先から情報漏えいで賠償請求",
            "海外の取引先から預かった情報が漏えいし、現地で損害賠償を求められた。",
            frozenset({"leak", "overseas"}),
            "external",
            {"damages": 8_000_000, "court_costs": 2_000_000},
        ),
        Scenario(
            "content_claim",
            "ホームページの写真・記事で著作権侵害の請求",
            "自社サイトに載せた写真が著作権を侵害しているとして、使用料と損害賠償を求められた。",
            frozenset({"content"}),
            "external",
            {"damages": 1_000_000, "court_costs": 500_000},
        ),
    )
}


@dataclass(frozen=True)
class Incident:
    facts: frozenset[str]
    discovered_by: str = "self"
    amounts: dict[str, int] = field(default_factory=dict)  # cost type → yen (consolation: per person)
    persons: int = 0


@dataclass(frozen=True)
class Line:
    cost_type: str
    label: str
    claimed: int
    covered: bool
    paid: int
    item: str | None = None
    own_name: str = ""
    rules: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()  # why not paid, or why less
    limit_unknown: bool = False
    source: Source | None = None


@dataclass(frozen=True)
class PlanPayout:
    key: str
    title: str
    lines: tuple[Line, ...]
    claimed: int
    paid: int
    notes: tuple[str, ...] = ()
    limit_unknown: bool = False


def _share(cell: CoverageCell) -> Decimal:
    return Decimal(str(cell.paid_share)) if cell.paid_share is not None else Decimal(1)


def _effective_status(cell: CoverageCell, options: tuple[str, ...]) -> str:
    if cell.status == "optional" and cell.option in options:
        return "included"
    return cell.status


def _territory_ok(column: Column) -> bool:
    territory = column.plan.cells.get("cond_territory")
    if (
        territory
        and "overseas" in territory.triggers
        and _effective_status(territory, column.options) == "included"
    ):
        return True
    return "全世界" in (column.plan.territory or "")


def refusal(cell: CoverageCell, column: Column, incident: Incident) -> tuple[int, str] | None:
    """Why this row does not pay for this incident (with a rank: lower is the more telling reason),
    or None when it responds."""
    status = _effective_status(cell, column.options)
    if status == "optional":
        return (
            0,
            f"オプション「{cell.option_name or cell.option}」を付けると補償されます（今回は付けていません）。",
        )
    if status == "not_covered":
        return 3, "このプランでは補償されません。"
    if status == "not_stated":
        return 4, "パンフレットに記載がないため、支払われるかわかりません。"
    facts = set(cell.triggers) - QUALIFIERS
    if facts and not facts & incident.facts:
        wanted = "・".join(FACT_LABELS.get(f, f) for f in sorted(facts))
        return 5, f"この補償は「{wanted}」の場合に支払われます。今回の事故は対象外です。"
    # An outside report is needed for a mere suspicion or an attack with no leak; a row that also answers
    # to an actual attack or leak (Silver ②) pays for those however they were found.
    matched = facts & incident.facts if facts else set(incident.facts)
    if (
        "only_external_report" in cell.triggers
        and incident.discovered_by != "external"
        and matched <= REPORT_BOUND
    ):
        return 1, "公的機関やセキュリティ会社など外部からの通報で発見された場合に限り支払われます。"
    if "overseas" in incident.facts and not _territory_ok(column):
        return (
            2,
            f"補償される地域は{column.plan.territory or '日本国内'}です。海外での事故・請求は対象外です。",
        )
    return None


def _candidates(cost: CostType, incident: Incident) -> tuple[str, ...]:
    if cost.key != "damages":
        return cost.candidates
    rows: list[str] = []
    for fact in sorted(incident.facts):
        rows += [r for r in DAMAGES_ROWS.get(fact, ()) if r not in rows]
    return tuple(rows)


@dataclass
class _Draft:
    cost: CostType
    claimed: int
    cell: CoverageCell | None = None
    reasons: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    base: int = 0  # the amount the terms start from (after per-person caps)
    paid: int = 0
    limit_unknown: bool = False
    refused_by: CoverageCell | None = None  # the row whose terms explain a refusal


def _match(draft: _Draft, column: Column, incident: Incident) -> None:
    """Give the line to the first candidate row that responds — unless another responding row's rider is
    paid first (formula.pays_before: AIG's サイバー攻撃対応費用特約 「この特約で支払われる保険金を優先して
    お支払いします」); else keep the most telling refusal."""
    refusals = []
    responding: list[CoverageCell] = []
    for key in _candidates(draft.cost, incident):
        cell = column.plan.cells.get(key)
        if cell is None:
            continue
        why = refusal(cell, column, incident)
        if why is None:
            responding.append(cell)
        else:
            refusals.append((why, cell))
    if responding:
        first = responding[0]
        draft.cell = next(
            (
                c
                for c in responding[1:]
                if first.option and first.option in ((c.formula or {}).get("pays_before") or ())
            ),
            first,
        )
        return
    if refusals:
        (_rank, message), cell = min(refusals, key=lambda r: r[0][0])
        draft.reasons.append(message)
        draft.refused_by = cell
    else:
        draft.reasons.append("この費用に当たる補償がありません。")


def _cap(value: int, limit: int | None, label: str, draft: _Draft) -> int:
    if limit is not None and value > limit:
        draft.rules.append(f"{label}{format_yen(limit)}まで")
        return limit
    return value


def simulate_plan(column: Column, incident: Incident, *, cost_limit_relation: str) -> PlanPayout:
    drafts: list[_Draft] = []
    for key, cost in COST_TYPES.items():
        amount = int(incident.amounts.get(key) or 0)
        if amount <= 0:
            continue
        claimed = amount * incident.persons if cost.per_person else amount
        if cost.per_person and not incident.persons:
            continue
        draft = _Draft(cost=cost, claimed=claimed)
        _match(draft, column, incident)
        drafts.append(draft)

    notes: list[str] = []
    for draft in drafts:
        cell = draft.cell
        if cell is None:
            continue
        cell, changes = apply_riders(cell, column.options, product=column.product)
        draft.cell = cell
        draft.rules.extend(changes)
        draft.base = draft.claimed
        if draft.cost.per_person and cell.per_person_limit is not None:
            per = min(incident.amounts[draft.cost.key], cell.per_person_limit)
            if per < incident.amounts[draft.cost.key]:
                draft.rules.append(f"1名あたり{format_yen(cell.per_person_limit)}まで")
            draft.base = per * incident.persons

    for section in ("liability", "costs", "business_interruption"):
        _apply_section(
            section,
            [d for d in drafts if d.cell and d.cost.section == section],
            notes,
            per_item=cost_limit_relation == "per_item",
        )

    _apply_shared_sublimits([d for d in drafts if d.cell], notes)
    if cost_limit_relation in ("inside_liability", "per_item"):
        # Silver: every payment inside the liability limit; AIG: the riders' payments added together are
        # capped by the 個人情報漏洩特約's limit.
        cap = _liability_limit(column)
        total = sum(d.paid for d in drafts)
        if cap is not None and total > cap:
            _scale_down([d for d in drafts if d.paid], total - cap)
            notes.append(f"すべての保険金の合計は賠償責任の支払限度額{format_yen(cap)}までです。")
        elif cap is None and total and cost_limit_relation == "per_item":
            notes.append("すべての保険金の合計は個人情報漏洩特約の支払限度額（申込書で決まります）までです。")

    lines = tuple(
        Line(
            cost_type=d.cost.key,
            label=d.cost.label,
            claimed=d.claimed,
            covered=d.cell is not None,
            paid=d.paid,
            item=d.cell.item if d.cell else None,
            own_name=d.cell.own_name if d.cell else "",
            rules=tuple(d.rules),
            reasons=tuple(d.reasons),
            limit_unknown=d.limit_unknown,
            source=(d.cell or d.refused_by).source if (d.cell or d.refused_by) else None,
        )
        for d in drafts
    )
    return PlanPayout(
        key=column.key,
        title=column.title,
        lines=lines,
        claimed=sum(d.claimed for d in drafts),
        paid=sum(d.paid for d in drafts),
        notes=tuple(notes),
        limit_unknown=any(d.limit_unknown for d in drafts),
    )


def _apply_section(section: str, drafts: list[_Draft], notes: list[str], *, per_item: bool) -> None:
    if not drafts:
        return
    # 3. one deductible for the section, taken from its lines in order
    deductible = max((d.cell.deductible or 0 for d in drafts), default=0)
    remaining = deductible
    for d in drafts:
        take = min(remaining, d.base)
        remaining -= take
        d.paid = d.base - take
        if take:
            d.rules.append(f"免責金額{format_yen(deductible)}を差し引き")
    # 4. coinsurance, 5. line limits
    for d in drafts:
        _apply_line_terms(d, per_item=per_item)
    # A shared limit: the largest limit among the rows that share it. Rows share the section's 支払限度額 of
    # 賠償 / 費用 (Silver, Mitsui), or — where each rider has its own limit (AIG, per_item) — only the rows
    # of one rider (formula.shared_limit), each other row standing alone under its own limit.
    groups: dict[str, list[_Draft]] = {}
    for d in drafts:
        shared = (d.cell.formula or {}).get("shared_limit")
        groups.setdefault((shared or d.cell.item) if per_item else section, []).append(d)
    for key, group in groups.items():
        label = SECTION_LABELS[section] if key == section else group[0].cell.own_name.split("：")[0]
        _cap_group(label, group, notes, per_item=per_item)


def _apply_line_terms(d: _Draft, *, per_item: bool) -> None:
    share = _share(d.cell)
    if share < 1:
        d.paid = int((Decimal(d.paid) * share).to_integral_value(ROUND_DOWN))
        d.rules.append(f"縮小支払割合{int(share * 100)}%（保険会社が支払う割合）")
    d.paid = _cap(d.paid, d.cell.sublimit, "内枠", d)
    d.paid = _cap(d.paid, d.cell.limit, "支払限度額", d)
    if d.cell.limit is None and d.cell.sublimit is None:
        kind, amount = _rider_limit(d.cell, per_item=per_item) or ("", 0)
        if kind == "shared":
            # a 内枠 of the rider's shared limit (AIG サイバー攻撃対応費用特約): capped with its group
            d.rules.append(f"共用の支払限度額{format_yen(amount)}の内枠")
        elif kind == "ceiling":
            d.limit_unknown = True
            d.rules.append(
                f"支払限度額は申込書の基本の支払限度額で決まります（多くとも{format_yen(amount)}）"
            )
        else:
            d.limit_unknown = True
            d.rules.append("支払限度額は申込書で決まります（ここでは上限を設けずに計算）")
    if not d.rules:
        d.rules.append("全額（パンフレットの条件の範囲内）")


SECTION_LABELS = {"liability": "賠償責任", "costs": "費用", "business_interruption": "休業損失"}


def _rider_limit(cell: CoverageCell, *, per_item: bool) -> tuple[str, int] | None:
    """For a row without a limit of its own where each rider has its own limit (AIG): ("shared", the
    rider's shared limit it is a 内枠 of) or ("ceiling", the most that the limit set on the application
    can be); else None."""
    formula = cell.formula or {}
    if not per_item or cell.limit is not None:
        return None
    if formula.get("shared_limit") and formula.get("limit_yen"):
        return "shared", int(formula["limit_yen"])
    if formula.get("limit_cap_yen"):
        return "ceiling", int(formula["limit_cap_yen"])
    return None


def _cap_group(label: str, group: list[_Draft], notes: list[str], *, per_item: bool) -> None:
    """Cap a group of lines by the limit they share, or — where the application sets it (AIG's 危機管理
    実行費用) — by its ceiling, saying that the real limit may be lower."""
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
    _scale_down(group, total - cap)
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


def _scale_down(drafts: list[_Draft], excess: int) -> None:
    """Take an excess off the last lines first, so each line shows what is really paid."""
    for d in reversed(drafts):
        take = min(excess, d.paid)
        d.paid -= take
        excess -= take
        if take:
            d.rules.append(f"合計の限度を超える{format_yen(take)}は支払われません")
        if not excess:
            return


def _liability_limit(column: Column) -> int | None:
    cell = column.plan.cells.get("liability_leak")
    return cell.limit if cell else None


def simulate(columns: list[Column], incident: Incident) -> list[PlanPayout]:
    return [
        simulate_plan(col, incident, cost_limit_relation=col.product.cost_limit_relation) for col in columns
    ]
