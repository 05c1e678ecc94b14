"""The terms engine: one pure evaluation of a plan's covers, conditions and options, for every surface.

The matrix, the simulator (domain.payout), the option rules of the compare form, the price, the API and
the agents' application all ask this module, so a status, a figure or an option rule cannot differ between
them. Its inputs and outputs are plain, serialisable dataclasses.

A plan's cover for one harmonised row is one or more *parts* (CoverageCell: a cover with its own name,
status, option, limit, share, deductible and conditions). Each part's conditions are data (types.Condition):

    events       the incident facts that trigger it (any of), from the part's `triggers`
    not_events   exclusions: facts that must not be part of the incident (他人の身体の障害 …)
    discovery    how the incident must have been found (an outside report …), possibly only for some facts
    publication  what must have made it known (公的機関への届出・報告, 報道, 詫び状 …)
    territory    where the business was done and where a claim was brought (country)
    perpetrator  who did it (an officer's crime is excluded …)
    fact         a yes/no fact the cover needs (ホームページ・メール業務, カード番号, 保険会社の同意 …)
    information  what kind of information leaked (個人情報 / 企業情報): AIG's 個人情報 and 企業情報 riders
    within_days  a time window: the costs arose within so many days of the discovery (or of a later day)
    option       another option must be in force (Mitsui: an IT job's costs only with the IT業務特約)
    assume       a condition no input settles: returned as an assumption to show, never dropped

Each is answered yes / no / unknown, or "assumed": a fact the member may leave unanswered (the insurer's
consent, the days since discovery) is then shown as an assumption the result depends on (「〜に限ります」),
and decides the result once it is answered. An option is a modifier with an explicit effect (OPTION_EFFECTS): it
adds the parts that name it, narrows cover (情報漏えい限定), widens the territory, changes a limit or a share
(riders in the part's formula.with_options), requires another option or is refused for an industry
(option_problems).

Public functions:
    option_problems(product, plan_code, options, *, risk_code=None) -> list[OptionProblem]
    respond(product, plan, part, options, incident) -> Response   one part against one incident
    cell_parts(product, plan, item, options) -> tuple[PartView, ...]  a row's covers with the options applied
    covers(product, plan_code, options, item, *, incident=None) -> CoverAnswer  ✓ / ✕ / ？ in words
    plan_conditions(product, plan, options) -> tuple[Condition, ...]  the plan's own, as the options give them
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from .money import format_yen
from .types import Condition, CoverageCell, OptionInfo, PlanInfo, ProductInfo, Source

# --- the incident ------------------------------------------------------------------------------------

EVENTS = {
    "leak": "情報の漏えい",
    "leak_fear": "情報漏えいのおそれ",
    "attack": "サイバー攻撃（不正アクセス・ウイルス・ランサムウェアなど、漏えいにつながるおそれのあるもの）",
    "attack_no_leak": "漏えいのおそれのないサイバー攻撃（DDoS攻撃など）",
    "attack_suspected": "サイバー攻撃の疑い（調べた結果、攻撃ではなかった）",
    "it_use": "自社のシステムの不具合・操作ミスで他人の業務を止めた・データを壊した",
    "it_services": "他人のために行うIT業務（受託開発・データ入力・クラウド提供など）の欠陥",
    "content": "公開した内容（写真・記事など）による著作権・人格権などの侵害",
    "bodily_property": "サイバー攻撃による他人のけが・物の損壊",
    "regulatory": "公的機関の調査・法令違反のおそれ",
    "system_outage": "自社のシステムが止まり営業できなかった",
    "voluntary_shutdown": "攻撃を受け、自社でシステムを自主的に止めた",
}
DISCOVERY = {
    "self": "自社で気づいた",
    "public_body": "公的機関からの通報",
    "security_vendor": "セキュリティ運用を委託している会社からの通報",
    "third_party": "取引先・カード会社・決済代行会社などからの通報",
    "media": "報道で知った",
    "external": "公的機関からの通報（以前の値。public_body と同じ扱い）",  # the simulator's earlier wording
}
PUBLICATION = {
    "authority_report": "公的機関への文書による届出・報告",
    "published": "自社での公表（ホームページ・記者会見・社告など）",
    "press": "新聞・テレビ・インターネットなどでの報道",
    "apology_letters": "被害者へのお詫び状・通知の送付",
    "police_report": "警察への被害届・不正アクセス禁止法に基づく援助の申出",
    "public_body_report": "公的機関からの通報",
}
PERPETRATORS = {
    "outsider": "外部の第三者（攻撃者など）",
    "mistake": "従業員などのうっかりミス（紛失・誤送信・設定ミスなど）",
    "employee": "従業員の不正行為（持ち出しなど）",
    "officer": "代表者・役員の故意または犯罪行為",
}
COUNTRIES = {
    "JP": "日本",
    "US": "アメリカ合衆国",
    "CA": "カナダ",
    "RU": "ロシア連邦",
    "BY": "ベラルーシ",
    "OTHER": "その他の国",
}
FACTS = {
    "web_or_email": "ホームページの運営・管理または電子メールの送受信の業務で起きた",
    "card_data": "クレジットカード番号等が第三者に知られた",
    "emailed_program_defect": "自社が電子メールで送ったプログラム・ファイルの欠陥（かし）が原因",
    "insurer_consent": "費用を出す前・賠償を約束する前に、保険会社の同意（承認）を得た",
    "notified_insurer_early": "攻撃が疑われる事象を見つけた日の翌日から30日以内、費用を負担する前に保険会社へ連絡した",
    "dispatched_worker": "労働者派遣事業で、派遣労働者が派遣先で起こした（漏えいなど）",
}
# What kind of information leaked (Incident.leaked_info): AIG's 個人情報漏洩特約 and its crisis riders answer a
# personal-information leak, 企業情報漏洩特約 a leak of another company's information.
INFORMATION = {
    "personal": "個人情報（顧客・従業員などの情報）",
    "corporate": "企業情報（取引先などの公開されていない情報。個人情報を除く）",
    "both": "個人情報と企業情報の両方",
}
# Where a time window starts when it does not start at the discovery (within_days.from_event).
WINDOW_STARTS = {
    "discovery": "事故を見つけた（知った）日",
    "notice": "保険会社が事故の通知を受け取った日",
    "consulting_start": "サイバー攻撃対応コンサルティングに着手した日",
}

EVALUATED = {
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
}
SHOWN_ONLY = {"assume"}
# A plan's conditions of these kinds give way to a part's own of the same kind (a rider's own territory);
# every other plan condition (a time window, a consent, an assumption) holds for the part as well.
OVERRIDABLE = {"territory", "perpetrator", "discovery", "publication"}
OPTION_EFFECTS = {"narrow", "territory"}  # besides adding parts and the riders of formula.with_options


@dataclass(frozen=True)
class Incident:
    """What happened, as the member tells it. None = not known (a condition on it answers "unknown").

    events: keys of EVENTS. discovered_by: a key of DISCOVERY. claim_country: where a claim was brought
    (COUNTRIES). abroad: the incident arose from business done outside Japan. amounts: cost type → yen
    (consolation: per person; corporate_consolation: per company). risk_code: the industry (Mitsui's
    リスク区分表), for the options refused to some industries. days_since_discovery: days from the day the
    incident was found (day 0) to the day the last cost arose (the day after discovery is day 1). The yes/no
    facts of FACTS: None = not known. leaked_info: a key of INFORMATION (None = not known)."""

    events: frozenset[str]
    discovered_by: str | None = "self"
    amounts: dict[str, int] = field(default_factory=dict)
    persons: int = 0
    companies: int = 0
    authority_report: bool | None = None
    published: bool | None = None
    press: bool | None = None
    apology_letters: bool | None = None
    police_report: bool | None = None
    claim_country: str = "JP"
    abroad: bool = False
    perpetrator: str | None = "outsider"
    web_or_email: bool | None = None
    card_data: bool | None = None
    emailed_program_defect: bool | None = None
    insurer_consent: bool | None = None
    notified_insurer_early: bool | None = None
    days_since_discovery: int | None = None
    risk_code: str | None = None
    leaked_info: str | None = None
    dispatched_worker: bool | None = None

    def publication_fact(self, key: str) -> bool | None:
        if key == "public_body_report":
            return self.discovered_by in ("public_body", "external")
        return getattr(self, key)


# --- option rules ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionProblem:
    """A plan + options combination the pamphlet forbids. rule: requires | excludes | only_plans |
    refused_for_industry | unknown_option. message: Japanese, naming the options. source: the quote."""

    option: str
    rule: str
    message: str
    source: Source | None = None

    @property
    def stated(self) -> str:
        """The rule as every surface states it: the message and the pamphlet's words
        (「…を付けられません。（パンフレット：「※48~54(金融・保険)…」）」)."""
        return self.message + (f"（パンフレット：「{self.source.quote}」）" if self.source else "")


def option_problems(
    product: ProductInfo,
    plan_code: str,
    options: tuple[str, ...] | list[str],
    *,
    risk_code: str | None = None,
) -> list[OptionProblem]:
    """Every rule of the pamphlet that the chosen options break on this plan (empty: allowed).

    The one check of option combinations for the compare form, the simulator, POST /api/simulate/, the
    price and the agents' application. Automatic options count as chosen. risk_code: the member's industry
    in Mitsui's リスク区分表 (IT業務特約 is refused for 48–54 and 5G)."""
    chosen = set(options) | {o.code for o in product.options if o.automatic and _for_plan(o, plan_code)}
    problems: list[OptionProblem] = []
    for code in options:
        option = product.option(code)
        if option is None:
            problems.append(OptionProblem(code, "unknown_option", f"「{code}」という特約はありません。"))
            continue
        src = option.rule_sources
        for needed in option.requires:
            if needed not in chosen:
                other = product.option(needed)
                problems.append(
                    OptionProblem(
                        code,
                        "requires",
                        f"「{option.name}」は「{other.name if other else needed}」を付けた場合にだけ付けられます。",
                        src.get("requires") or option.source,
                    )
                )
        for other_code in option.excludes:
            if other_code in chosen:
                other = product.option(other_code)
                problems.append(
                    OptionProblem(
                        code,
                        "excludes",
                        f"「{option.name}」と「{other.name if other else other_code}」は一緒に付けられません。",
                        src.get("excludes") or option.source,
                    )
                )
        if not _for_plan(option, plan_code):
            plan = product.plan(plan_code)
            problems.append(
                OptionProblem(
                    code,
                    "only_plans",
                    f"「{option.name}」は{plan.name if plan else plan_code}には付けられません。",
                    src.get("only_plans") or option.source,
                )
            )
        if risk_code and risk_code in option.excluded_risk_codes:
            problems.append(
                OptionProblem(
                    code,
                    "refused_for_industry",
                    f"リスク区分コード{risk_code}の業種には「{option.name}」を付けられません。",
                    src.get("excluded_risk_codes") or option.source,
                )
            )
    return problems


def _for_plan(option: OptionInfo, plan_code: str) -> bool:
    return not option.only_plans or plan_code in option.only_plans


def in_force(
    code: str, options: tuple[str, ...], *, product: ProductInfo, part: CoverageCell | None = None
) -> bool:
    """An option counts when it exists and every option it requires is in force: added, set automatically,
    or — for the part at hand — the part's own cover (a rider of the cover it changes)."""
    option = product.option(code)
    if option is None:
        return False
    for required in option.requires:
        needed = product.option(required)
        if required in options or (needed and needed.automatic):
            continue
        if part is not None and part.option == required and part.status == "included":
            continue
        return False
    return True


# --- riders: options that change a part's limit or share ----------------------------------------------


def apply_riders(
    cell: CoverageCell, options: tuple[str, ...], *, product: ProductInfo
) -> tuple[CoverageCell, tuple[str, ...]]:
    """The part's terms with the riders among `options` (formula.with_options: {option: {"limit_yen": …} |
    {"insured_share": …} | {"limit_cap_yen": …}}), and what each changed (Japanese, one line each). A rider
    counts only when in force (倍額支払特約 without its 特約 changes nothing)."""
    riders = (cell.formula or {}).get("with_options") or {}
    if not riders:
        return cell, ()
    formula = dict(cell.formula)
    changes: list[str] = []
    for code in options:
        change = riders.get(code)
        if not isinstance(change, dict) or not in_force(code, options, product=product, part=cell):
            continue
        name = product.option(code).name
        if "limit_yen" in change:
            limit = int(change["limit_yen"])
            if "limit_yen" in formula:
                formula["limit_yen"] = limit
            if cell.limit is not None:
                cell = replace(cell, limit=limit)
                changes.append(f"{name}で支払限度額{format_yen(limit)}")
            else:
                changes.append(f"{name}で共用の支払限度額{format_yen(limit)}")
        if "insured_share" in change:
            insured = Decimal(str(change["insured_share"]))
            formula["insured_share"] = change["insured_share"]
            cell = replace(cell, paid_share=Decimal(1) - insured)
            changes.append(
                f"{name}で自己負担割合なし" if not insured else f"{name}で自己負担割合{int(insured * 100)}%"
            )
        if "limit_cap_yen" in change:
            formula["limit_cap_yen"] = int(change["limit_cap_yen"])
            if "limit_ratio_of_base_limit" in change:
                formula["limit_ratio_of_base_limit"] = change["limit_ratio_of_base_limit"]
            if cell.limit is None:
                changes.append(f"{name}で支払限度額は倍額（上限{format_yen(formula['limit_cap_yen'])}）")
    if changes:
        cell = replace(cell, formula=formula)
    return cell, tuple(changes)


# --- conditions --------------------------------------------------------------------------------------

YES, NO, UNKNOWN, ASSUMED = "yes", "no", "unknown", "assumed"


@dataclass(frozen=True)
class Check:
    result: str  # yes | no | unknown | assumed (a fact not answered, shown as an assumption)
    message: str = ""  # no: the rule; unknown: what it depends on
    condition: Condition | None = None


def _matched(part_events: set[str], incident: Incident) -> set[str]:
    return (part_events & set(incident.events)) if part_events else set(incident.events)


def check(
    cond: Condition, incident: Incident, *, matched: set[str], group: str, options: tuple[str, ...] = ()
) -> Check:
    """One evaluated condition against the incident. `matched`: the incident's facts the part responds to
    (a discovery or publication requirement may apply only to some of them, params.only_when_events).
    options: the options in force (for an `option` condition)."""
    bound = set(cond.params.get("only_when_events") or ())
    if bound and (not matched or not matched <= bound):
        return Check(YES, condition=cond)  # the requirement is for other facts (e.g. a mere suspicion)
    if cond.params.get("lifted"):
        return Check(
            YES, condition=cond
        )  # a chosen rider takes the condition away (労働者派遣事業賠償責任特約)
    if cond.kind == "option":
        return _option(cond, options)
    try:
        evaluate = _CHECKS[cond.kind]
    except KeyError:
        raise ValueError(f"not an evaluated condition: {cond.kind}") from None
    return evaluate(cond, incident, group)


def _events(cond: Condition, incident: Incident, _group: str) -> Check:
    """events: any of the facts; facts in params.unsettled may or may not be what the pamphlet names (its
    「など」) and answer unknown; params.cause_unsettled: the facts kept, with one of these beside them, leave the
    cause open (unknown). not_events: none of the facts."""
    hit = bool(set(cond.params.get("any_of") or ()) & set(incident.events))
    ok = hit if cond.kind == "events" else not hit
    cause = cond.params.get("cause_unsettled")
    if ok and cause and set(cause["events"]) & set(incident.events):
        # a narrowing kept the fact, but the cost may follow from the other one (restoring what an attack
        # encrypted when data also leaked): which of them caused it decides
        return Check(UNKNOWN, cause["text"], cond)
    if not ok and cond.kind == "events" and set(cond.params.get("unsettled") or ()) & set(incident.events):
        return Check(UNKNOWN, cond.text, cond)
    return Check(YES if ok else NO, cond.text, cond)


def _discovery(cond: Condition, incident: Incident, _group: str) -> Check:
    p = cond.params
    how = incident.discovered_by
    if how is None:
        return Check(UNKNOWN, f"どうやって見つかったか：{cond.text}", cond)
    how = "public_body" if how == "external" else how
    if how in set(p.get("any_of") or ()):
        return Check(YES, condition=cond)
    if how == "self" and p.get("self_if_any"):
        answers = [incident.publication_fact(k) for k in p["self_if_any"]]
        if any(a is True for a in answers):
            return Check(YES, condition=cond)
        if any(a is None for a in answers):
            return Check(UNKNOWN, cond.text, cond)
    if how in set(p.get("unsettled") or ()):
        return Check(
            UNKNOWN,
            f"見つけ方（{DISCOVERY[how]}）がこの条件に当たるか、パンフレットでは決まりません：{cond.text}",
            cond,
        )
    return Check(NO, cond.text, cond)


def _publication(cond: Condition, incident: Incident, _group: str) -> Check:
    p = cond.params
    answers = [incident.publication_fact(k) for k in p.get("any_of") or ()]
    if any(a is True for a in answers):
        return Check(YES, condition=cond)
    if any(a is None for a in answers):
        return Check(UNKNOWN, cond.text, cond)
    others = [k for k in p.get("unsettled") or () if incident.publication_fact(k) is not False]
    if others:
        named = "・".join(PUBLICATION[k] for k in others)
        return Check(UNKNOWN, f"{named}で明らかになった場合に当たるか、パンフレットでは決まりません。", cond)
    return Check(NO, cond.text, cond)


def _perpetrator(cond: Condition, incident: Incident, _group: str) -> Check:
    who = incident.perpetrator or "outsider"
    if who in set(cond.params.get("excluded") or ()):
        return Check(NO, cond.text, cond)
    if who in set(cond.params.get("unsettled") or ()):
        return Check(UNKNOWN, f"{PERPETRATORS[who]}による場合：{cond.text}", cond)
    return Check(YES, condition=cond)


def _fact(cond: Condition, incident: Incident, _group: str) -> Check:
    """if_unknown "assume": an unanswered fact is an assumption; if_not "unknown": the pamphlet says the
    payment may be refused or reduced when the fact does not hold (「…お支払いできない場合があります」)."""
    value = getattr(incident, cond.params["fact"])
    if value is None:
        return Check(ASSUMED if cond.params.get("if_unknown") == "assume" else UNKNOWN, cond.text, cond)
    if value == cond.params.get("equals", True):
        return Check(YES, condition=cond)
    if cond.params.get("if_not") == "unknown":
        return Check(
            UNKNOWN, f"{cond.text}（そうでない場合は、全額または一部が支払われないことがあります）", cond
        )
    return Check(NO, cond.text, cond)


def _within_days(cond: Condition, incident: Incident, _group: str) -> Check:
    """days: the pamphlet's number; count: "day_after" (翌日から N日以内: day N is in) or "same_day" (その日を
    含めてN日以内: day N − 1 is the last); from_event: where the window starts (a later start than the
    discovery leaves a longer stay unknown); year: a window of 1年 (366 days across a 29 February);
    or_fact: a fact that allows the longer stay (Silver's early notice)."""
    p = cond.params
    elapsed = incident.days_since_discovery
    if elapsed is None:
        return Check(ASSUMED, cond.text, cond)
    last = int(p["days"]) - (1 if p.get("count") == "same_day" else 0)
    if elapsed <= last:
        return Check(YES, condition=cond)
    if p.get("year") and elapsed == last + 1:
        return Check(UNKNOWN, f"うるう年の2月29日をまたぐかによります：{cond.text}", cond)
    start = p.get("from_event") or "discovery"
    if start != "discovery":
        return Check(UNKNOWN, f"{cond.text}（{WINDOW_STARTS[start]}から数えるため、その日によります）", cond)
    if p.get("or_fact"):
        value = getattr(incident, p["or_fact"])
        if value is None:
            return Check(UNKNOWN, f"{FACTS[p['or_fact']]}かによります：{cond.text}", cond)
        if value:
            return Check(YES, condition=cond)
    return Check(NO, f"{cond.text}（{elapsed}日後の費用です）", cond)


def _information(cond: Condition, incident: Incident, _group: str) -> Check:
    """What kind of information leaked: personal, corporate or both (any_of: the kinds the cover answers).
    Not known: an assumption (if_unknown "assume") or unknown."""
    if incident.leaked_info is None:
        return Check(ASSUMED if cond.params.get("if_unknown") == "assume" else UNKNOWN, cond.text, cond)
    kinds = {"personal", "corporate"} if incident.leaked_info == "both" else {incident.leaked_info}
    return Check(YES if kinds & set(cond.params.get("any_of") or ()) else NO, cond.text, cond)


def _option(cond: Condition, options: tuple[str, ...]) -> Check:
    return Check(YES if set(cond.params.get("any_of") or ()) & set(options) else NO, cond.text, cond)


def _territory(cond: Condition, incident: Incident, group: str) -> Check:
    p = cond.params
    country = incident.claim_country or "JP"
    if country in set(p.get("no_cover_countries") or ()):
        return Check(NO, cond.text, cond)  # 「いかなる補償も提供されない」: costs as well as the claim
    if incident.abroad:
        abroad = p.get("abroad", "no")
        if abroad == "no":
            return Check(NO, cond.text, cond)
        if abroad == "unknown":
            return Check(UNKNOWN, cond.text, cond)
    if group != "liability" or country == "JP":
        return Check(YES, condition=cond)
    claims = p.get("claims", "japan")
    if claims == "japan":
        return Check(NO, cond.text, cond)
    if claims == "unknown":
        return Check(UNKNOWN, cond.text, cond)
    if country in set(p.get("except_countries") or ()):
        return Check(NO, cond.text, cond)
    return Check(YES, condition=cond)


_CHECKS = {
    "events": _events,
    "not_events": _events,
    "discovery": _discovery,
    "publication": _publication,
    "territory": _territory,
    "perpetrator": _perpetrator,
    "fact": _fact,
    "within_days": _within_days,
    "information": _information,
}


# --- a part against an incident ----------------------------------------------------------------------

PAID, NOT_PAID = "paid", "not_paid"
ASK_INSURER = "保険会社または取扱代理店"


@dataclass(frozen=True)
class Response:
    """How one part answers an incident. outcome: paid | not_paid | unknown. reason: for not_paid the rule,
    for unknown what it depends on. ask: whom to ask (unknown). source: the quote behind the reason (or the
    part's own). assumptions: shown-only conditions the payment depends on. changes: what the options
    changed in the part's terms. rank: lower is the more telling refusal."""

    part: CoverageCell
    outcome: str
    reason: str = ""
    ask: str = ""
    source: Source | None = None
    assumptions: tuple[Condition, ...] = ()
    changes: tuple[str, ...] = ()
    rank: int = 9


def effective_status(part: CoverageCell, options: tuple[str, ...], product: ProductInfo) -> str:
    """included | optional | not_covered | not_stated, with the member's options: an optional part whose
    option is chosen and in force is included."""
    if (
        part.status == "optional"
        and part.option in options
        and in_force(part.option, options, product=product)
    ):
        return "included"
    return part.status


def conditions_of(
    product: ProductInfo, plan: PlanInfo, part: CoverageCell, options: tuple[str, ...]
) -> tuple[Condition, ...]:
    """Every condition that applies to the part: the part's trigger facts, the plan's conditions (unless
    the part has its own of the same kind for all its facts), the part's own, and those the chosen options
    add or replace; a condition whose terms a chosen rider changes (params.with_options) as changed."""
    own_kinds = {
        c.kind for c in part.conditions if c.kind in OVERRIDABLE and not c.params.get("only_when_events")
    }
    conds: list[Condition] = []
    facts = [t for t in part.triggers if t in EVENTS]
    if facts:
        text = "・".join(EVENTS[f] for f in facts)
        conds.append(Condition("events", {"any_of": facts}, f"「{text}」の場合に支払われます。", part.source))
    for c in plan.conditions:
        groups = c.params.get("groups")
        if c.kind in own_kinds or (groups and part.group not in groups):
            continue
        if part.item in (c.params.get("except_items") or ()):
            continue
        if c.kind == "not_events" and set(c.params.get("any_of") or ()) <= set(part.triggers):
            continue  # the part that answers the excluded facts is the rider that covers them
        conds.append(c)
    conds += part.conditions
    for code in options:
        option = product.option(code)
        if option is None or not in_force(code, options, product=product):
            continue
        for effect in option.effects:
            cond = _effect_condition(effect, option, part)
            if cond is None:
                continue
            if cond.kind == "territory":
                conds = [c for c in conds if c.kind != "territory"]
            conds.append(cond)
    return tuple(_with_riders(c, options, product) for c in conds)


def plan_conditions(
    product: ProductInfo, plan: PlanInfo, options: tuple[str, ...] | list[str]
) -> tuple[Condition, ...]:
    """The plan's own conditions (those of every cover: territory, who did it …) as the chosen options give
    them: a rider's change (params.with_options) applied, and an option's territory (AIG's 海外担保特約)
    in place of the plan's. What the matrix prints once per column; a part may still carry its own."""
    options = tuple(options)
    conds = [_with_riders(c, options, product) for c in plan.conditions]
    for code in options:
        option = product.option(code)
        if option is None or not in_force(code, options, product=product):
            continue
        for effect in option.effects:
            if effect.get("kind") == "territory":
                cond = _effect_condition(effect, option, None)
                conds = [c for c in conds if c.kind != "territory"] + [cond]
    return tuple(conds)


def _with_riders(cond: Condition, options: tuple[str, ...], product: ProductInfo) -> Condition:
    """A condition as a chosen rider changes it (倍額支払特約: 90日 → 180日): params.with_options maps an
    option to the parameters and text it sets."""
    riders = cond.params.get("with_options") or {}
    for code in options:
        change = riders.get(code)
        if change and in_force(code, options, product=product):
            params = {k: v for k, v in cond.params.items() if k != "with_options"}
            params.update(
                {k: v for k, v in change.items() if k not in ("text", "quote", "seed", "reading_note")}
            )
            source = cond.source
            if change.get("quote"):
                source = Source(change.get("seed") or (source.seed if source else ""), change["quote"])
            return replace(cond, params=params, text=change.get("text") or cond.text, source=source)
    return cond


def _effect_condition(effect: dict, option: OptionInfo, part: CoverageCell | None) -> Condition | None:
    """The condition an option's effect puts on a part (None: the effect leaves the part alone); part None:
    the plan as a whole. A territory effect for a rider the pamphlet does not say it reaches
    (unsettled_for_options) leaves business and claims abroad unknown, the countries of no cover still none."""
    kind = effect.get("kind")
    own = part.option if part is not None else None
    if own and own in (effect.get("not_for_options") or ()):
        return None
    source = effect.get("source") or option.source
    if kind == "narrow":
        if own and effect.get("basic_only", True):
            return None  # narrows the basic cover only (「基本補償のうち…」)
        params = {"any_of": list(effect["events"]), "narrowed_by": option.name}
        if part is not None and part.item in (effect.get("cause_unsettled_items") or ()):
            params["cause_unsettled"] = {
                "events": list(effect.get("cause_unsettled_events") or ()),
                "text": effect.get("cause_unsettled_text") or effect["text"],
            }
        return Condition("events", params, effect["text"], source)
    if kind == "territory":
        keys = ("claims", "except_countries", "no_cover_countries", "abroad")
        params = {k: effect[k] for k in keys if k in effect}
        if own and own in (effect.get("unsettled_for_options") or ()):
            params.update(claims="unknown", abroad="unknown")
            return Condition("territory", params, effect.get("unsettled_text") or effect["text"], source)
        return Condition("territory", params, effect["text"], source)
    return None


RANK = {
    "events": 5,
    "not_events": 4,
    "territory": 2,
    "discovery": 1,
    "publication": 1,
    "perpetrator": 2,
    "fact": 5,
    "within_days": 3,
    "option": 0,
    "information": 5,
}


def ask_of(product: ProductInfo) -> str:
    """Whom to ask about what the pamphlet leaves open: the programme's own contact, as its pamphlet names it."""
    return product.inquiries or ASK_INSURER


def respond(
    product: ProductInfo, plan: PlanInfo, part: CoverageCell, options: tuple[str, ...], incident: Incident
) -> Response:
    """The part against the incident: paid (its conditions hold), not paid (a rule, with its quote) or
    unknown (what it depends on, whom to ask). Riders among the options are applied to its terms; a fact
    left unanswered that the pamphlet's condition needs is returned among the assumptions."""
    refused = tuple(o for o in options if _refused_here(product, o, incident))
    options = tuple(o for o in options if o not in refused)
    status = effective_status(part, options, product)
    if status == "optional":
        return _optional(product, plan, part, options, incident, refused=refused)
    if status == "not_covered":
        reason = part.reason or "このプランでは補償されません。"
        return Response(part, NOT_PAID, reason, source=part.source, rank=3)
    if status == "not_stated":
        return Response(
            part,
            UNKNOWN,
            part.reason or "パンフレットに記載がないため、支払われるかわかりません。",
            ask=ask_of(product),
            source=part.source,
            rank=6,
        )
    part, changes = apply_riders(part, options, product=product)
    conds = conditions_of(product, plan, part, options)
    events = next((set(c.params["any_of"]) for c in conds if c.kind == "events"), set())
    matched = _matched(events, incident)
    active = in_force_options(product, plan.code, options)
    unknown: list[Check] = []
    refusals: list[Check] = []
    assumptions: list[Condition] = []
    for cond in conds:
        if cond.kind in SHOWN_ONLY:
            if _applies(cond, matched, incident):
                assumptions.append(cond)
            continue
        result = check(cond, incident, matched=matched, group=part.group, options=active)
        if result.result == NO:
            refusals.append(result)
        elif result.result == UNKNOWN:
            unknown.append(result)
        elif result.result == ASSUMED:
            assumptions.append(cond)
    if refusals:
        worst = min(refusals, key=lambda r: RANK.get(r.condition.kind, 5))
        return Response(
            part,
            NOT_PAID,
            worst.message,
            source=worst.condition.source or part.source,
            changes=changes,
            rank=RANK.get(worst.condition.kind, 5),
        )
    if unknown:
        return Response(
            part,
            UNKNOWN,
            "／".join(u.message for u in unknown),
            ask=ask_of(product),
            source=unknown[0].condition.source or part.source,
            assumptions=tuple(assumptions),
            changes=changes,
            rank=7,
        )
    return Response(part, PAID, source=part.source, assumptions=tuple(assumptions), changes=changes)


def _optional(
    product: ProductInfo,
    plan: PlanInfo,
    part: CoverageCell,
    options: tuple[str, ...],
    incident: Incident,
    *,
    refused: tuple[str, ...],
) -> Response:
    """An optional part not in force: refused for the industry, or the rule its option would still meet
    (the most telling refusal), or the advice to add the option — only when the option would pay."""
    option = product.option(part.option) if part.option else None
    name = part.option_name or part.option
    if part.option in refused:
        return Response(
            part,
            NOT_PAID,
            f"リスク区分コード{incident.risk_code}の業種には「{name}」を付けられません。",
            source=(option.rule_sources.get("excluded_risk_codes") or option.source) if option else None,
            rank=0,
        )
    if option is not None and part.option not in options:
        # would the option pay here? If its own conditions refuse the incident, that rule is the
        # reason — never the advice to add an option that would not pay (a claim abroad, an officer's act)
        with_it = tuple(dict.fromkeys((*options, part.option, *option.requires)))
        hypothetical = respond(product, plan, part, with_it, incident)
        if hypothetical.outcome == NOT_PAID:
            return replace(hypothetical, changes=())
    if part.option in options:
        return Response(
            part,
            NOT_PAID,
            f"「{name}」は必要な特約と一緒に付けたときだけ効力があります。",
            source=option.rule_sources.get("requires") if option else None,
            rank=0,
        )
    return Response(
        part,
        NOT_PAID,
        f"オプション「{name}」を付けると補償されます（今回は付けていません）。",
        source=option.source if option else part.source,
        rank=0,
    )


def _applies(cond: Condition, matched: set[str], incident: Incident | None = None) -> bool:
    """An assumption bound to some facts (params.only_when_events) is shown only when the incident is one; one
    bound to a yes/no fact (params.only_when_fact: AIG's card numbers) only when that fact is not 「いいえ」."""
    bound = set(cond.params.get("only_when_events") or ())
    fact = cond.params.get("only_when_fact")
    if fact and incident is not None and getattr(incident, fact) is False:
        return False
    return not bound or bool(matched) and matched <= bound


def in_force_options(product: ProductInfo, plan_code: str, options: tuple[str, ...]) -> tuple[str, ...]:
    """The options that count: those chosen and in force, and the automatic ones of the plan."""
    chosen = [o for o in options if in_force(o, options, product=product)]
    auto = [o.code for o in product.options if o.automatic and _for_plan(o, plan_code)]
    return tuple(dict.fromkeys(chosen + auto))


def _refused_here(product: ProductInfo, code: str, incident: Incident) -> bool:
    option = product.option(code)
    return bool(option and incident.risk_code and incident.risk_code in option.excluded_risk_codes)


# --- the matrix and the summary cards: a row's covers without an incident -----------------------------


@dataclass(frozen=True)
class PartView:
    """A part as the member's plan + options give it: status, the terms after riders, what the options
    changed, and every condition in words (evaluated ones are asked in the simulator; here all are shown)."""

    part: CoverageCell
    status: str
    via_option: str | None = None
    changes: tuple[str, ...] = ()
    conditions: tuple[Condition, ...] = ()
    narrowed_by: str | None = None


def cell_parts(
    product: ProductInfo, plan: PlanInfo, item: str, options: tuple[str, ...]
) -> tuple[PartView, ...]:
    """The row's covers with the member's options applied: an option adds its parts, narrows (a part the
    narrowing option leaves with no fact becomes not covered), and riders change limits and shares."""
    views = []
    for part in plan.parts_of(item):
        status = effective_status(part, options, product)
        via = part.option_name or part.option if status == "included" and part.status == "optional" else None
        changed, changes = (
            apply_riders(part, options, product=product) if status == "included" else (part, ())
        )
        conds = conditions_of(product, plan, changed, options)
        narrowed = None
        causes = set(changed.triggers) - CONSEQUENCES
        if status == "included" and causes:
            for cond in conds:
                if cond.params.get("narrowed_by") and not causes & set(cond.params["any_of"]):
                    narrowed, status = cond.params["narrowed_by"], "not_covered"
        views.append(PartView(changed, status, via, changes, conds, narrowed))
    return tuple(views)


STATUS_ORDER = ("included", "optional", "not_stated", "not_covered")
# Facts that follow from a cause (a leak, an attack …) rather than being one: a narrowing option leaves a
# part that answers only to these in force, for when they follow from the cause it keeps.
CONSEQUENCES = {"regulatory", "system_outage", "voluntary_shutdown"}


def row_status(views: tuple[PartView, ...]) -> str:
    """The row's status: the best of its parts (included > optional > not stated > not covered)."""
    if not views:
        return "not_stated"
    return min((v.status for v in views), key=STATUS_ORDER.index)


@dataclass(frozen=True)
class CoverAnswer:
    """Does this plan with these options cover this row? outcome: covered | not_covered | unknown.
    assumptions: the conditions it is paid under, in words; parts: the pamphlet's names of the covers
    that respond; reason: why not / what it depends on; source: the quote."""

    item: str
    outcome: str
    parts: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()
    reason: str = ""
    source: Source | None = None


def covers(
    product: ProductInfo,
    plan_code: str,
    options: tuple[str, ...],
    item: str,
    *,
    incident: Incident | None = None,
) -> CoverAnswer:
    """✓ / ✕ / ？ for one row of one plan with these options. Without an incident, every condition of the
    covering parts is returned as an assumption (「〜の場合に限ります」); with one, the conditions are
    evaluated (respond) and only the shown-only ones remain assumptions."""
    plan = product.plan(plan_code)
    if plan is None:
        return CoverAnswer(item, UNKNOWN, reason="このプランは見つかりません。")
    options = tuple(options)
    if incident is not None:
        responses = [respond(product, plan, p, options, incident) for p in plan.parts_of(item)]
        paid = [r for r in responses if r.outcome == PAID]
        if paid:
            return CoverAnswer(
                item,
                "covered",
                tuple(r.part.own_name for r in paid),
                tuple(dict.fromkeys(c.text for r in paid for c in r.assumptions)),
                source=paid[0].source,
            )
        unknown = [r for r in responses if r.outcome == UNKNOWN]
        if unknown:
            return CoverAnswer(item, UNKNOWN, reason=unknown[0].reason, source=unknown[0].source)
        worst = min(responses, key=lambda r: r.rank, default=None)
        return CoverAnswer(
            item, "not_covered", reason=worst.reason if worst else "", source=worst.source if worst else None
        )
    views = cell_parts(product, plan, item, options)
    status = row_status(views)
    if status == "included":
        covering = [v for v in views if v.status == "included"]
        texts = [c.text for v in covering for c in v.conditions]
        return CoverAnswer(
            item,
            "covered",
            tuple(v.part.own_name for v in covering),
            tuple(dict.fromkeys(texts)),
            source=covering[0].part.source,
        )
    if status == "not_stated":
        stated = next((v.part for v in views if v.status == "not_stated" and v.part.reason), None)
        return CoverAnswer(
            item,
            UNKNOWN,
            reason=stated.reason if stated else "パンフレットに記載がありません。",
            source=stated.source if stated else None,
        )
    first = views[0] if views else None
    if status == "optional" and first:
        name = next((v.part.option_name for v in views if v.status == "optional"), "") or ""
        return CoverAnswer(
            item,
            "not_covered",
            reason=f"オプション「{name}」を付けると補償されます。",
            source=first.part.source,
        )
    narrowed = next((v for v in views if v.narrowed_by), None)
    if narrowed:
        return CoverAnswer(
            item,
            "not_covered",
            reason=f"「{narrowed.narrowed_by}」により対象外です。",
            source=narrowed.part.source,
        )
    return CoverAnswer(
        item,
        "not_covered",
        reason=(first.part.reason if first else "") or "このプランでは補償されません。",
        source=first.part.source if first else None,
    )
