"""The conditions that were text before (issue 11, second stop), through the terms engine on the real catalogue.

Each expected amount is worked by hand from the pamphlet: the quote and the arithmetic sit beside the case.
The scenarios' amounts are repeated in the comments (comparisons.domain.payout.SCENARIOS). A fact left
unanswered (None) is an assumption the result is computed under; answered, it decides the line.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from django.urls import reverse

from comparisons.catalogue import quotes
from comparisons.domain import terms
from tests.integration.test_simulate_seeds import lines, pay

pytestmark = pytest.mark.django_db


def line_of(result, cost_type, *, excess=False):
    return next(x for x in result.lines if x.cost_type == cost_type and x.excess == excess)


# --- Silver's mail rider: its three cases ---------------------------------------------------------------
# 「被保険者が日本国内において行うホームページの運営・管理業務または電子メールの送受信業務に伴い、次の事由により発生した
# 他人の事業の休止もしくは阻害 … ① コンピュータ・ウィルスの感染 ② 他者による不正アクセス ③ 被保険者が電子メールで発信した
# プログラム等のかし」; 「(*1)基本契約(賠償責任部分)、メール送受信等賠償責任担保特約の限度・免責金額が共有となります。」 →
# 1請求につき10万円: damages 200万 − 10万 = 190万 (G II: 1億円 limit).

ATTACK = terms.Incident(events=frozenset({"attack"}), amounts={"damages": 2_000_000}, web_or_email=True)
IT_USE = terms.Incident(events=frozenset({"it_use"}), amounts={"damages": 2_000_000}, web_or_email=True)

MAIL_RIDER = [
    # ① ウイルス感染 and ② 他者による不正アクセス are a cyber attack (the simulator's 「サイバー攻撃」): 190万
    ("① virus / ② unauthorised access", ATTACK, "paid", 1_900_000),
    # ③ a defect of a program the member sent by e-mail: 190万
    ("③ emailed program defect", replace(IT_USE, emailed_program_defect=True), "paid", 1_900_000),
    # an IT accident that is none of ①②③ (a system failure of its own): not the rider's
    ("IT accident, no emailed program", replace(IT_USE, emailed_program_defect=False), "not_paid", 0),
    # not told whether it was a program sent by e-mail: ？, 190万 if it was
    ("IT accident, unknown cause", IT_USE, "unknown", 1_900_000),
    # ③ but outside the web / e-mail work: 「ホームページの運営・管理業務または電子メールの送受信業務に伴い」
    (
        "③ outside web or e-mail work",
        replace(IT_USE, emailed_program_defect=True, web_or_email=False),
        "not_paid",
        0,
    ),
    # ① abroad: 「日本国内において行う」
    ("① abroad", replace(ATTACK, abroad=True), "not_paid", 0),
    # a DDoS attack is none of ①②③
    ("DDoS", replace(ATTACK, events=frozenset({"attack_no_leak"})), "not_paid", 0),
]


@pytest.mark.parametrize(("case", "incident", "outcome", "paid"), MAIL_RIDER, ids=[c[0] for c in MAIL_RIDER])
def test_silver_mail_rider_evaluates_its_three_cases(catalogue, case, incident, outcome, paid):
    result = pay(catalogue, "silver-cyber:GII", incident)
    assert lines(result)["damages"] == (outcome, paid)
    if outcome != "paid":
        assert result.paid == 0


def test_silver_mail_rider_case_three_says_what_it_depends_on(catalogue):
    line = line_of(pay(catalogue, "silver-cyber:GII", IT_USE), "damages")
    assert "電子メールで発信したプログラム等のかし" in line.reason
    assert line.ask.startswith("取扱代理店 株式会社 全福サービス")  # Silver's own contact, not a generic one
    refused = line_of(
        pay(catalogue, "silver-cyber:GII", replace(IT_USE, emailed_program_defect=False)), "damages"
    )
    assert (
        "③" in refused.reason and refused.source.quote == "③ 被保険者が電子メールで発信したプログラム等のかし"
    )


def test_silver_mail_rider_defence_costs_follow_its_cases(catalogue):
    # 争訟費用 of a ③ claim: 「②争訟費用・③協力費用 合計額に対して、保険金をお支払いします。」 (no deductible) 50万;
    # damages 200万 − 10万 = 190万 → 240万. Not the rider's case: neither is paid.
    claim = replace(
        IT_USE, amounts={"damages": 2_000_000, "court_costs": 500_000}, emailed_program_defect=True
    )
    assert pay(catalogue, "silver-cyber:GII", claim).paid == 2_400_000
    assert pay(catalogue, "silver-cyber:GII", replace(claim, emailed_program_defect=False)).paid == 0
    # 充実: a general IT-use accident is its ③ITユーザー行為 cover (no web / e-mail, no program needed): 240万
    assert pay(catalogue, "silver-cyber:FII", replace(claim, emailed_program_defect=None)).paid == 2_400_000


# --- the insurer's consent: an assumption until answered -------------------------------------------------


def test_silver_written_consent(catalogue):
    # lost laptop (GII): ③ 100万 − 10万 = 90万, ④相談費用 30万 × 90% = 27万, ⑥ウ コールセンター 80万, ⑥エ 通知 50万,
    # ⑥カ 見舞金 500円 × 1,000名 = 50万 → 297万. ④ and ⑥カ need 「(*4) 引受保険会社の書面による同意を得て支出するものに
    # 限ります。」: without it 297万 − 27万 − 50万 = 220万.
    assumed = pay(catalogue, "silver-cyber:GII", "lost_laptop")
    assert assumed.paid == 2_970_000
    assert (
        "引受保険会社の書面による同意を得て支出した費用に限ります。" in line_of(assumed, "legal").assumptions
    )
    refused = pay(catalogue, "silver-cyber:GII", "lost_laptop", insurer_consent=False)
    assert refused.paid == 2_200_000
    assert lines(refused)["legal"] == ("not_paid", 0) and lines(refused)["consolation"] == ("not_paid", 0)
    assert "同意" in line_of(refused, "legal").reason
    given = pay(catalogue, "silver-cyber:GII", "lost_laptop", insurer_consent=True)
    assert given.paid == 2_970_000
    assert not any(
        "同意" in a for a in line_of(given, "legal").assumptions
    )  # answered: no longer an assumption


def test_silver_liability_needs_the_insurers_consent(catalogue):
    # 「※賠償責任の承認または賠償金額の決定前に引受保険会社の同意が必要となります。」 and 争訟費用 「引受保険会社の同意を得て
    # 支出した弁護士費用」: 著作権 (FII) 100万 − 10万 + 50万 = 140万 with it, 0 without
    assert pay(catalogue, "silver-cyber:FII", "content_claim").paid == 1_400_000
    assert pay(catalogue, "silver-cyber:FII", "content_claim", insurer_consent=False).paid == 0


def test_mitsui_approval_and_settlement_consent(catalogue):
    # premium-C card leak: 1,000万 + ⑥ 500万 + ⑤イ 100万 + ⑦ 100万 + ⑩ 100万 + ⑪ 100万 = 1,900万.
    # Without the insurer's approval: ⑥⑩⑪ 「ただし、あらかじめ引受保険会社の承認を得て支出した費用に限り」 → 0;
    # the damages 「あらかじめ引受保険会社の同意を得ないで損害賠償責任を認めたり…損害賠償責任がないと認められる額等が保険金から
    # 差引かれることがあります」 → ？ (1,000万 if nothing is taken off); ⑤イ and ⑦ need no approval: 200万 certain
    result = pay(catalogue, "jcci-leak-liability:premium-C", "card_leak", insurer_consent=False)
    assert result.paid == 2_000_000 and result.if_unknown_paid == 10_000_000
    assert lines(result)["damages"] == ("unknown", 10_000_000)
    assert lines(result)["investigation"] == ("not_paid", 0)
    assert (
        pay(catalogue, "jcci-leak-liability:premium-C", "card_leak", insurer_consent=True).paid == 19_000_000
    )


def test_sompo_and_aig_settlement_without_consent_is_unknown(catalogue):
    # Sompo: 「事前に損保ジャパンの承認を得ることなく損害賠償責任を認めたり…その全額または一部について保険金をお支払いできなくなる
    # 場合があります」: damages 1,000万 ？; the costs (900万) need no approval
    sompo = pay(catalogue, "sompo-jcci-cyber:basic", "card_leak", insurer_consent=False)
    assert (sompo.paid, sompo.if_unknown_paid) == (9_000_000, 10_000_000)
    # AIG: 「その他費用を支出される場合には、事前に弊社の書面による同意が必要です。」 and 「正当な理由がなくこれらの手続きを
    # 怠った場合には、…差し引いて保険金をお支払いします」: the lines the crisis rider would pay are ？ (法律相談 30万 × 90% = 27万,
    # コールセンター 80万 × 90% = 72万, お詫び状 50万 × 90% = 45万); the investigation needs the cyber rider; the 見舞金 on a
    # mere fear is ？ in any case (「⑥見舞金・見舞品費用（ただし、かつ、1被害者につき500円）」 is cut off in the text):
    # 500円 × 1,000名 × 90% = 45万
    aig = pay(
        catalogue, "aig-personal-info:basic", "lost_laptop", options=("crisis_exec",), insurer_consent=False
    )
    assert aig.paid == 0 and aig.if_unknown_paid == 270_000 + 720_000 + 450_000 + 450_000
    assert {x.cost_type: x.outcome for x in aig.lines if x.outcome == "unknown"} == {
        "legal": "unknown",
        "call_centre": "unknown",
        "apology": "unknown",
        "consolation": "unknown",
    }
    assert "書面による同意" in line_of(aig, "legal").reason


# --- time windows -----------------------------------------------------------------------------------------


SILVER_EMERGENCY = [
    # ①緊急対応費用 (FII), 500万: 500万 × 90% − 10万 = 440万 (免責金額 on the sum of 損害額 × 縮小支払割合) within 30 days of
    # the discovery
    # 「ご連絡がない場合は、その事象を最初に発見した日の翌日から30日以内に生じた費用のみ補償対象となります。」
    (30, None, "paid"),
    (31, None, "unknown"),  # after 30 days: only if the insurer was told in time
    (31, True, "paid"),
    (31, False, "not_paid"),
    # 事故対応期間 「最初に…発見した時から、その翌日以降1年が経過するまでの期間」: 365 days in; day 366 only across a 29 February
    (365, True, "paid"),
    (366, True, "unknown"),
    (400, True, "not_paid"),
]


@pytest.mark.parametrize(("days", "notified", "outcome"), SILVER_EMERGENCY)
def test_silver_emergency_costs_window(catalogue, days, notified, outcome):
    result = pay(
        catalogue,
        "silver-cyber:FII",
        "attack_suspected_self",
        days_since_discovery=days,
        notified_insurer_early=notified,
    )
    line = line_of(result, "investigation")
    assert line.outcome == outcome
    assert result.paid == (4_400_000 if outcome == "paid" else 0)
    if outcome == "unknown":
        assert line.paid == 4_400_000  # what it pays if the condition holds


def test_aig_crisis_execution_window_counts_the_day_of_discovery(catalogue):
    # 「個人情報漏えいまたはそのおそれが発覚した日からその日を含めて180日以内に生じた危機管理実行費用」: the day of discovery is
    # day 1, so 179 days after it is day 180 (in) and 180 days after it is day 181 (out). 500万 × (100% − 10%) = 450万
    kwargs = {"options": ("crisis_exec",), "amounts": {"apology": 5_000_000}}
    assert (
        pay(catalogue, "aig-personal-info:basic", "lost_laptop", days_since_discovery=179, **kwargs).paid
        == 4_500_000
    )
    late = pay(catalogue, "aig-personal-info:basic", "lost_laptop", days_since_discovery=180, **kwargs)
    assert late.paid == 0 and "180日以内" in line_of(late, "apology").reason


def test_mitsui_window_runs_from_the_insurers_receipt_of_the_notice(catalogue):
    # 「事故の通知…を受領した日の翌日から起算して一定期間(スタンダードプラン:180日間、プレミアムプラン:1年間)が経過するまで」:
    # within 180 days of the discovery it is surely in; later it depends on when the notice was received (？).
    # standard-C card leak: 1,000万 + ⑥ 500万 + ⑤イ 100万 + ⑦ 100万 + ⑩ 100万 = 1,800万
    assert (
        pay(catalogue, "jcci-leak-liability:standard-C", "card_leak", days_since_discovery=180).paid
        == 18_000_000
    )
    late = pay(catalogue, "jcci-leak-liability:standard-C", "card_leak", days_since_discovery=181)
    assert (late.paid, late.if_unknown_paid) == (10_000_000, 8_000_000)
    assert "通知を受け取った日から数える" in line_of(late, "investigation").reason
    # プレミアム: 1年間 → 365 days surely in: 1,900万
    assert (
        pay(catalogue, "jcci-leak-liability:premium-C", "card_leak", days_since_discovery=365).paid
        == 19_000_000
    )


def test_aig_cyber_window_and_its_double_rider(catalogue):
    # 「サイバー攻撃対応コンサルティングに着手した日からその日を含めて90日以内」 (倍額支払特約: 180日以内), counted from the start
    # of the consulting, which is on or after the discovery: 89 days after the discovery is surely in (300万, 100%)
    base = {"police_report": True, "amounts": {"investigation": 3_000_000}}
    assert (
        pay(
            catalogue,
            "aig-personal-info:basic",
            "ransomware",
            options=("cyber_response",),
            days_since_discovery=89,
            **base,
        ).paid
        == 3_000_000
    )
    later = pay(
        catalogue,
        "aig-personal-info:basic",
        "ransomware",
        options=("cyber_response",),
        days_since_discovery=120,
        **base,
    )
    assert later.paid == 0 and later.if_unknown_paid == 3_000_000
    double = pay(
        catalogue,
        "aig-personal-info:basic",
        "ransomware",
        options=("cyber_response", "cyber_double"),
        days_since_discovery=120,
        **base,
    )
    assert double.paid == 3_000_000
    assert not any(
        "日以内に発生した費用" in a for a in line_of(double, "investigation").assumptions
    )  # answered


# --- Mitsui: an IT job's costs only with the IT rider, and in Japan --------------------------------------


def test_mitsui_it_job_costs(catalogue):
    # 「③ IT業務の遂行に起因する業務阻害等 (IT業務特約をセットしている場合)」 → ア～カ; 「IT業務の遂行に起因する事故の場合には、
    # 保険適用地域は日本国内」. A delivered system's defect: damages 500万 + 争訟費用 100万 + ⑥ 原因調査 200万 = 800万
    claim = "it_service_claim"
    amounts = {"damages": 5_000_000, "court_costs": 1_000_000, "investigation": 2_000_000}
    for plan in ("premium-C", "standard-C"):
        assert (
            pay(catalogue, f"jcci-leak-liability:{plan}", claim, options=("it",), amounts=amounts).paid
            == 8_000_000
        )
    without = pay(catalogue, "jcci-leak-liability:premium-C", claim, amounts=amounts)
    assert without.paid == 0
    assert "IT業務特約をセットしている場合" in line_of(without, "investigation").reason
    abroad = pay(
        catalogue, "jcci-leak-liability:premium-C", claim, options=("it",), amounts=amounts, abroad=True
    )
    assert abroad.paid == 0


# --- rows that are ✕ now, with the pamphlet's words -------------------------------------------------------

NOT_COVERED = {
    # 「事故対応期間内に生じたP.8-9記載の以下の費用（…）を被保険者が負担することによって生じた損害を補償します。」
    "silver-cyber": {"bi_lost_profit", "bi_voluntary_shutdown"},
    # 「9 お支払いの対象となる損害」 ①～⑯; 費用損害の対象となる費用 ア～サ
    "jcci-leak-liability": {"bi_lost_profit", "bi_voluntary_shutdown", "cost_regulatory"},
    # 危機管理実行費用 「…発覚後180日以内に要した次の費用を補償します。」 (a closed list); 「被保険者自身の内部諸経費および時間費用は
    # 除きます」; セキュリティ事故 = 不正アクセス・不正使用、DoS攻撃または悪性コードの送付
    "aig-personal-info": {
        "bi_lost_profit",
        "bi_voluntary_shutdown",
        "cost_credit_monitoring",
        "cost_public_investigation",
        "cost_other",
        "liability_it_use",
        "liability_it_services",
    },
}


def test_rows_the_pamphlet_excludes_are_not_covered_with_its_words(catalogue):
    for slug, items in NOT_COVERED.items():
        product = catalogue[slug]
        for plan in product.plans:
            for item in items:
                answer = terms.covers(product, plan.code, (), item)
                assert answer.outcome == "not_covered", (slug, plan.code, item)
                assert answer.reason and answer.reason != "このプランでは補償されません。", (slug, item)
                assert quotes.normalise(answer.source.quote) in quotes.seed_text(answer.source.seed)


def test_only_what_the_pamphlet_leaves_open_stays_unknown(catalogue):
    """Every row still 「？」 is one the pamphlet does not settle, with whom to ask: Sompo prints no relation of
    the cost limit to the liability limit (「保険金額やオプション補償を決定し、取扱代理店からお見積りを提示します。」)."""
    open_rows = {
        (slug, item)
        for slug, product in catalogue.items()
        for plan in product.plans
        for item, cell in plan.cells.items()
        if any(p.status == "not_stated" for p in plan.parts_of(item)) or cell.status == "not_stated"
    }
    assert open_rows == {("sompo-jcci-cyber", "cond_limit_structure")}
    sompo = catalogue["sompo-jcci-cyber"]
    answer = terms.covers(sompo, "basic", (), "cond_limit_structure")
    assert answer.outcome == "unknown" and "内枠か別枠か" in answer.reason
    assert terms.ask_of(sompo).startswith("取扱代理店または損保ジャパン")


def test_simulator_refuses_what_no_cover_pays(catalogue):
    # AIG: lost profit and card monitoring are paid by no rider of the pamphlet (✕, no longer ？)
    result = pay(catalogue, "aig-personal-info:basic", "ransomware", options=("cyber_response",))
    assert lines(result)["lost_profit"] == ("not_paid", 0)
    assert "4つのステップ" in line_of(result, "lost_profit").reason
    card = pay(catalogue, "aig-personal-info:basic", "card_leak", options=("crisis_exec",))
    assert lines(card)["credit_monitoring"] == ("not_paid", 0)
    assert "クレジット情報のモニタリング費用" in line_of(card, "credit_monitoring").reason


def test_aig_regulatory_consulting_shares_the_crisis_consulting_limit(catalogue):
    # 「行政対応 行政機関に対する報告書作成をサポートします。」 is crisis consulting: 「この特約の支払限度額は、500万円です。」
    # consulting 400万 + report support 300万 = 700万 → 500万 (the report support line gives up 200万);
    # 倍額支払特約 「支払限度額を倍額（1,000万円）とします」: 700万
    amounts = {"consulting": 4_000_000, "public_investigation": 3_000_000}
    result = pay(catalogue, "aig-personal-info:basic", "lost_laptop", amounts=amounts)
    assert lines(result) == {"consulting": ("paid", 4_000_000), "public_investigation": ("paid", 1_000_000)}
    assert (
        pay(catalogue, "aig-personal-info:basic", "lost_laptop", amounts=amounts, options=("cc_double",)).paid
        == 7_000_000
    )


# --- AIG: what the cyber rider cannot pay above its limit -------------------------------------------------
# 「この特約の支払対象となるサイバー攻撃対応費用が、危機管理コンサルティング費用特約または危機管理実行費用特約など、この保険契約に
# セットされる他の特約においても支払対象となる場合は、この特約で支払われる保険金を優先してお支払いします。」 The pamphlet says the
# rider pays first; it does not say that the other rider pays what is above the first one's limit. So the excess is its own line,
# ？, with what 危機管理実行費用 would pay: 「○10%の自己負担割合が適用されます。」 and 「5,000万円または個人情報漏洩特約の
# 支払限度額の10分の1のいずれか低い金額」.

PRIORITY_QUOTE = (
    "この特約の支払対象となるサイバー攻撃対応費用が、危機管理コンサルティング費用特約または危機管理実行費用特約など、この保険契約に"
    "セットされる他の特約においても支払対象となる場合は、この特約で支払われる保険金を優先してお支払いします。"
)
INVESTIGATION = {"amounts": {"investigation": 20_000_000}}

EXCESS = [
    # 2,000万: cyber rider 1,500万 (100%) certain; excess 500万 × 90% = 450万 ？ (limit at most 5,000万)
    (("crisis_exec", "cyber_response"), {}, None, 15_000_000, 4_500_000),
    # base limit 3,000万 → 危機管理実行費用 min(5,000万, 3,000万 ÷ 10) = 300万: 450万 → 300万
    (("crisis_exec", "cyber_response"), {}, {"liability_limit": 30_000_000}, 15_000_000, 3_000_000),
    # 自己負担割合不適用特約: 500万 × 100% = 500万
    (("crisis_exec", "ce_no_copay", "cyber_response"), {}, None, 15_000_000, 5_000_000),
    # 倍額支払特約: 3,000万 → all 2,000万 paid, no excess
    (("crisis_exec", "cyber_response", "cyber_double"), {}, None, 20_000_000, 0),
    # 危機管理実行費用特約 not set: the excess is simply not paid
    (("cyber_response",), {}, None, 15_000_000, 0),
    # its 発動の要件 not met (no report to an authority, no press): no excess line
    (("crisis_exec", "cyber_response"), {"authority_report": False, "press": False}, None, 15_000_000, 0),
]


@pytest.mark.parametrize(("options", "changes", "plan_terms", "certain", "if_unknown"), EXCESS)
def test_aig_cyber_rider_excess(catalogue, options, changes, plan_terms, certain, if_unknown):
    result = pay(
        catalogue,
        "aig-personal-info:basic",
        "card_leak",
        options=options,
        plan_terms=plan_terms,
        **INVESTIGATION,
        **changes,
    )
    assert (result.paid, result.if_unknown_paid) == (certain, if_unknown)
    first = line_of(result, "investigation")
    assert first.item == "cost_cyber_investigation" and first.outcome == "paid"
    excess = [x for x in result.lines if x.excess]
    assert len(excess) == (1 if if_unknown else 0)
    if excess:
        (line,) = excess
        assert line.outcome == "unknown" and line.claimed == 5_000_000 and line.paid == if_unknown
        assert line.item == "cost_forensic"  # 危機管理実行費用特約：原因調査費用
        assert "パンフレットでは決まりません" in line.reason and line.ask.startswith(
            "取扱代理店・扱者またはAIG損保"
        )
        assert line.source.quote == PRIORITY_QUOTE


def test_aig_excess_when_the_other_riders_requirement_is_unknown(catalogue):
    # 発動の要件 unanswered: the excess line says both things it depends on
    result = pay(
        catalogue,
        "aig-personal-info:basic",
        "card_leak",
        options=("crisis_exec", "cyber_response"),
        authority_report=None,
        press=None,
        **INVESTIGATION,
    )
    (line,) = [x for x in result.lines if x.excess]
    assert "パンフレットでは決まりません" in line.reason and "公的機関へ文書で届出・報告" in line.reason
    assert result.paid == 15_000_000 and result.if_unknown_paid == 4_500_000


# --- every surface asks for the facts and shows the assumptions ------------------------------------------


def test_simulator_page_asks_the_new_facts_and_shows_assumptions(client):
    url = reverse("comparisons:simulate")
    base = "?scenario=lost_laptop&loaded=lost_laptop&plans=silver-cyber:GII&events=leak_fear&legal=30万"
    page = client.get(url + base).content.decode()
    for label in (
        "保険会社の同意（承認）を得た",
        "自社が電子メールで送ったプログラム",
        "事故を見つけた日から、最後に費用がかかった日までの日数",
    ):
        assert label in page
    assert "前提" in page and "引受保険会社の書面による同意を得て支出した費用に限ります。" in page
    refused = client.get(url + base + "&insurer_consent=no")
    sim = refused.context["payouts"][0]
    legal = next(x for x in sim.lines if x.cost_type == "legal")
    assert legal.outcome == "not_paid" and "書面による同意" in legal.reason
    late = client.get(url + base + "&days_since_discovery=400").context["payouts"][0]
    assert late.paid == 0  # 事故対応期間 (1年) is over for every cost
    bad = client.get(url + base + "&days_since_discovery=abc")
    assert bad.status_code == 200 and "日数は数字で入力してください。" in bad.content.decode()


def test_api_takes_the_new_facts(client):
    def post(body):
        return client.post(
            reverse("api:simulate"),
            data=json.dumps(body, ensure_ascii=False),
            content_type="application/json",
        )

    # Silver's mail rider ③ through the API: 190万 with the fact, 0 without, ？ when not said
    body = {
        "facts": ["it_use"],
        "amounts": {"damages": 2_000_000},
        "web_or_email": True,
        "plans": ["silver-cyber:GII"],
    }
    assert post({**body, "emailed_program_defect": True}).json()["plans"][0]["paid"] == 1_900_000
    assert post({**body, "emailed_program_defect": False}).json()["plans"][0]["paid"] == 0
    (line,) = post(body).json()["plans"][0]["lines"]
    assert line["outcome"] == "unknown" and line["paid"] == 1_900_000
    # AIG's excess line
    data = post(
        {
            "scenario": "card_leak",
            "amounts": {"investigation": 20_000_000},
            "plans": ["aig-personal-info:basic"],
            "options": ["aig-personal-info:crisis_exec", "aig-personal-info:cyber_response"],
            "insurer_consent": True,
            "days_since_discovery": 10,
        }
    ).json()["plans"][0]
    (cyber,) = [x for x in data["lines"] if x["cost_type"] == "investigation" and not x["excess"]]
    (excess,) = [x for x in data["lines"] if x["excess"]]
    assert (cyber["outcome"], cyber["paid"]) == ("paid", 15_000_000)
    assert (excess["outcome"], excess["claimed"], excess["paid"]) == ("unknown", 5_000_000, 4_500_000)
    bad = post({**body, "days_since_discovery": -1})
    assert bad.status_code == 400 and bad.json()["error"]["param"] == "days_since_discovery"


def test_product_api_returns_every_part_with_typed_conditions(client):
    data = client.get(reverse("api:product", args=["silver-cyber"])).json()
    gi = next(p for p in data["plans"] if p["code"] == "GI")
    row = next(c for c in gi["coverages"] if c["item"] == "cost_cyber_investigation")
    assert [p["own_name"] for p in row["parts"]] == [
        "②サイバー攻撃対応費用（コンピュータシステム遮断費用・サイバー攻撃の有無確認費用）",
        "①緊急対応費用",
    ]
    assert (
        row["parts"][1]["status"] == "not_covered" and "情報漏えい限定プランでは" in row["parts"][1]["reason"]
    )
    kinds = {c["kind"]: c for c in row["parts"][0]["conditions"]}
    assert kinds["discovery"]["evaluated"] and kinds["discovery"]["params"]["any_of"] == [
        "public_body",
        "security_vendor",
    ]
    assert kinds["assume"]["evaluated"] is False and kinds["assume"]["source"]["quote"]
    assert kinds["within_days"]["params"]["days"] == 365  # 事故対応期間, a plan condition that applies here
    assert data["inquiries"].startswith("取扱代理店 株式会社 全福サービス")
    fii = next(p for p in data["plans"] if p["code"] == "FII")
    legal = next(c for c in fii["coverages"] if c["item"] == "cost_legal")
    assert len(legal["parts"]) == 2 and legal["parts"][1]["own_name"] == "①緊急対応費用 エ.(ア)弁護士報酬"
    mitsui = client.get(reverse("api:product", args=["jcci-leak-liability"])).json()
    forensic = next(
        c
        for c in next(p for p in mitsui["plans"] if p["code"] == "premium-C")["coverages"]
        if c["item"] == "cost_forensic"
    )
    assert {"publication", "option", "territory", "fact", "within_days"} <= {
        c["kind"] for c in forensic["conditions"]
    }


def test_handout_prints_each_condition_once_per_programme(client):
    import io
    import re

    from pypdf import PdfReader

    query = "scenario=lost_laptop&plans=silver-cyber:GII&plans=jcci-leak-liability:premium-C"
    pdf = client.get(reverse("comparisons:handout") + "?" + query)
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages))
    assert "引受保険会社の書面による同意を得て支出した費用に限ります。" in text
    assert "の条件（表の※の番号）" in text and "前提（表の※の番号" in text
    assert (
        ".txt" not in text.split("補償の比較")[1].split("事故が起きたときの試算")[0]
    )  # no file name in the matrix


def test_matrix_cell_shows_the_reason_and_the_conditions(client):
    """The compare page's cell: a row the pamphlet excludes says why (「・他人の身体の障害 - ・他人の財物の損壊…」),
    and a cover with a condition lists it (Silver ④相談費用: 「(*4) 引受保険会社の書面による同意を得て支出するものに
    限ります。」) — the same texts the simulator uses as assumptions."""
    html = client.get("/compare/", {"membership": "silver", "plans": ["silver-cyber:GII"]}).content.decode()
    assert (
        "「他人の身体の障害」「他人の財物の損壊、紛失、盗取または詐取」は保険金をお支払いできない場合に"
        in html
    )
    assert "引受保険会社の書面による同意を得て支出した費用に限ります。" in html
    assert "条件あり（" in html


def test_simulator_page_shows_a_plans_shared_assumptions_once(client):
    # Silver GII lost laptop: every line it may pay shares the 事故対応期間 window (days not given), shown once above
    # the lines; the consent condition belongs only to ④ and ⑥カ and stays under those lines
    url = reverse("comparisons:simulate") + "?scenario=lost_laptop&plans=silver-cyber:GII"
    response = client.get(url)
    sim = response.context["payouts"][0]
    assert sim.shared_assumptions
    html = response.content.decode()
    assert "このプランで支払われる額は、次の前提によります" in html
    legal = line_of(sim, "legal")
    assert "引受保険会社の書面による同意を得て支出した費用に限ります。" in legal.own_assumptions
    assert not set(sim.shared_assumptions) & set(legal.own_assumptions)
    for shared in sim.shared_assumptions:
        assert html.count(shared) == 1
