"""Every scenario × plan × relevant option of each programme, through the terms engine on the real catalogue.

Each expected amount is worked by hand from the pamphlet: the quote and the arithmetic sit beside the case.
Amounts of the scenarios (comparisons.domain.payout.SCENARIOS) are repeated in the comments so each case reads
on its own. The seeds' own worked examples are marked 【例】.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from comparisons.domain import terms
from comparisons.domain.matrix import Column
from comparisons.domain.payout import SCENARIOS, simulate_plan

pytestmark = pytest.mark.django_db


def pay(catalogue, key, scenario, *, options=(), plan_terms=None, **changes):
    slug, code = key.split(":")
    product = catalogue[slug]
    col = Column(
        product=product,
        plan=product.plan(code),
        options=tuple(options),
        terms=tuple(sorted((plan_terms or {}).items())),
    )
    incident = replace(SCENARIOS[scenario].incident, **changes) if isinstance(scenario, str) else scenario
    return simulate_plan(col, incident, cost_limit_relation=product.cost_limit_relation)


def lines(result):
    return {
        line.cost_type: (line.outcome, line.paid if line.outcome != "not_paid" else 0)
        for line in result.lines
    }


# --- シルバー (002) ------------------------------------------------------------------------------------
# Limits 「G I 2億円 … 1千万円」「G II 1億円 … 1千万円」「G III 5千万円 … 5百万円」 (F the same); deductible
# 「免責金額:1事故または1請求につき10万円」, 「免責金額は、各費用の合算に対して適用されますので、それぞれの費用個別には
# 適用されません。」; costs inside the liability limit 「すべての保険金を合算して、…賠償責任部分支払限度額が限度」.

SILVER = [
    # 【例】 自社で発見、攻撃なし、調査費用500万円: 「調査にかかった費用500万円は情報漏えい限定プランでは補償対象外」
    # 「充実プランなら発生した緊急対応費用の90%」 (the example leaves the deductible out: 450万); read literally,
    # 「各費用について、損害額に縮小支払割合を乗じた金額」 then 「免責金額は、各費用の合算に対して適用」: 500万 × 90% − 10万 = 440万
    ("GI", "attack_suspected_self", (), {}, 0),
    ("GIII", "attack_suspected_self", (), {}, 0),
    ("FI", "attack_suspected_self", (), {}, 4_400_000),
    ("FIII", "attack_suspected_self", (), {}, 4_400_000),
    # 公的機関からの通報、攻撃なし: ②サイバー攻撃対応費用 100% 「…外部通報(*3)によって発見されていたときに支出する費用に限ります」
    # investigation 500万 − 10万 = 490万; legal 50万: 限定 — ④相談費用 needs a セキュリティ事故 and 「ウ.は、サイバー攻撃対応費用に
    # ついてのみ」 → 0; 充実 — ①緊急対応費用 エ(ア)弁護士報酬 90%: 50万 × 90% = 45万 → 535万
    ("GII", "attack_suspected_reported", (), {}, 4_900_000),
    ("FII", "attack_suspected_reported", (), {}, 5_350_000),
    # ランサムウェア (不正アクセスで暗号化, 「情報漏えい限定プラン、充実プラン共通」の例: ②③⑤): investigation ③ 300万 − 10万 = 290万;
    # legal ④ 90%: 30万 × 90% = 27万; restoration ⑤ 100%: 200万 → 517万; GIII/FIII 費用5百万円: 517万 → 500万
    ("GII", "ransomware", (), {}, 5_170_000),
    ("FII", "ransomware", (), {}, 5_170_000),
    ("GIII", "ransomware", (), {}, 5_000_000),
    ("FIII", "ransomware", (), {}, 5_000_000),
    # DDoS: 「情報漏えい限定プランでは補償対象外」; 充実: ③ 300万 − 10万 = 290万 + ②ア遮断 50万 = 340万
    ("GII", "ddos", (), {}, 0),
    ("FII", "ddos", (), {}, 3_400_000),
    # 著作権: 「充実プランでは、人格権、著作権等の…損害賠償請求も補償対象です。情報漏えい限定プランでは補償対象外」
    # damages 100万 − 10万 = 90万; 争訟費用 「合計額に対して、保険金をお支払いします」 50万 → 140万
    ("GII", "content_claim", (), {}, 0),
    ("FII", "content_claim", (), {}, 1_400_000),
    # 他人の身体の障害: 「・他人の身体の障害」 (お支払いできない場合), the mail rider included
    ("GII", "bodily_injury", (), {}, 0),
    ("FII", "bodily_injury", (), {}, 0),
    # 他人のためのコンピュータシステム: 「ただし、他人のためのコンピュータシステムの所有・使用・管理を除きます」
    ("FII", "it_service_claim", (), {}, 0),
    # 海外での請求: 「日本国外での損害賠償請求、日本国外の裁判所に提起された損害賠償請求訴訟も補償対象」
    # damages 800万 − 10万 = 790万 + 争訟費用 200万 = 990万
    ("GII", "overseas_claim", (), {}, 9_900_000),
    ("FIII", "overseas_claim", (), {}, 9_900_000),
    # カード情報の漏えい: damages 1,000万 − 10万 = 990万; costs ③ 500万 − 10万 = 490万, コールセンター 100万, 社告 100万,
    # 見舞金 「被害者1名につき、1,000円が限度」 1,000円 × 1,000名 = 100万 (公表等の措置あり), モニタリング 100万 (カード番号) → 890万;
    # II: 990万 + 890万 = 1,880万; III: 費用5百万円 → 890万 − 390万 = 500万, 990万 + 500万 = 1,490万
    ("GII", "card_leak", (), {}, 18_800_000),
    ("FII", "card_leak", (), {}, 18_800_000),
    ("GIII", "card_leak", (), {}, 14_900_000),
    # 見舞金 needs 公表等の措置: none of them → 見舞金 100万 not paid: 1,880万 − 100万 = 1,780万
    (
        "GII",
        "card_leak",
        (),
        {
            "authority_report": False,
            "published": False,
            "press": False,
            "apology_letters": False,
            "police_report": False,
            "discovered_by": "self",
        },
        17_800_000,
    ),
    # ノートPC紛失 (漏えいのおそれ): ③ 100万 − 10万 = 90万, 相談費用 30万 × 90% = 27万, コールセンター 80万, 通知・詫び状 50万,
    # 見舞金 500円 × 1,000名 = 50万 → 297万
    ("GII", "lost_laptop", (), {}, 2_970_000),
]


@pytest.mark.parametrize(("plan", "scenario", "options", "changes", "paid"), SILVER)
def test_silver(catalogue, plan, scenario, options, changes, paid):
    assert pay(catalogue, f"silver-cyber:{plan}", scenario, options=options, **changes).paid == paid


def test_silver_example_shows_its_arithmetic(catalogue):
    line = pay(catalogue, "silver-cyber:FII", "attack_suspected_self").lines[0]
    assert line.arithmetic == "500万円 × 90% − 10万円 = 440万円"
    assert "30日以内" in " ".join(line.assumptions)  # ①'s notice condition, shown as an assumption
    refused = pay(catalogue, "silver-cyber:GII", "attack_suspected_self").lines[0]
    assert refused.outcome == "not_paid" and "外部通報" in refused.reason and refused.source.quote


def test_silver_pays_no_lost_profit_and_no_ransom(catalogue):
    # the cost section pays only the listed costs: 「事故対応期間内に生じたP.8-9記載の以下の費用（…）を被保険者が負担することに
    # よって生じた損害を補償します。」 — lost profit is none of ①～⑧: ✕ with that quote (no longer ？); no plan pays a ransom
    result = pay(catalogue, "silver-cyber:FII", "ransomware")
    line = next(x for x in result.lines if x.cost_type == "lost_profit")
    assert (line.outcome, line.paid) == ("not_paid", 0)
    assert "P.8-9に記載の費用" in line.reason and "P.8-9記載の以下の費用" in line.source.quote
    assert lines(result)["ransom"] == ("not_paid", 0)


def test_silver_mail_rider_only_for_web_or_email_work(catalogue):
    # 「被保険者が日本国内において行うホームページの運営・管理業務または電子メールの送受信業務に伴い」
    attack = terms.Incident(events=frozenset({"attack"}), amounts={"damages": 2_000_000})
    assert pay(catalogue, "silver-cyber:GII", replace(attack, web_or_email=True)).paid == 1_900_000  # − 10万
    assert pay(catalogue, "silver-cyber:GII", replace(attack, web_or_email=False)).paid == 0
    assert (
        pay(catalogue, "silver-cyber:GII", replace(attack, web_or_email=None)).lines[0].outcome == "unknown"
    )
    # a general IT-use accident (no virus, no unauthorised access) is not the mail rider's
    it_use = terms.Incident(events=frozenset({"it_use"}), amounts={"damages": 2_000_000}, web_or_email=True)
    assert pay(catalogue, "silver-cyber:GII", it_use).paid == 0
    assert pay(catalogue, "silver-cyber:FII", it_use).paid == 1_900_000


# --- 商工会議所 情報漏えい賠償責任保険 (001/004) ----------------------------------------------------------
# Sets 「C 1億円 1,000万円」「A 1,000万円 100万円」, deductible 「なし」; 縮小支払割合 ⑭⑮ 90%, ⑯ 80%; ⑬ 「1,000万円（費用損害の
# 基本支払限度額の内枠）」; costs for ① and ④ only with 「公表要件」; ⑤ only with e/f (公的機関・運用委託先からの通報).

MITSUI = [
    # card leak: damages 1,000万 + ⑥ 500万 + ⑤イ 100万 + ⑦ 100万 + ⑩ 1,000円 × 1,000名 = 100万 + ⑪ 100万 (プレミアムのみ) = 1,900万
    ("premium-C", "card_leak", (), {}, None, 19_000_000),
    ("standard-C", "card_leak", (), {}, None, 18_000_000),
    # set A: 費用損害 100万円 → 1,000万 + 100万 = 1,100万
    ("premium-A", "card_leak", (), {}, None, 11_000_000),
    # ransomware (④ 漏えいを引き起こすおそれのあるサイバー攻撃, プレミアムのみ): 警察への被害届 (公表要件 a) →
    # ⑥ 300万 + ⑧ 30万 + ⑬ 200万 = 530万; スタンダード: 0
    ("premium-C", "ransomware", (), {}, None, 5_300_000),
    ("standard-C", "ransomware", (), {}, None, 0),
    # no 公表要件 met at all → 0
    ("premium-C", "ransomware", (), {"police_report": False}, None, 0),
    # 海外での請求: 「保険適用地域は日本国内」(スタンダード) / 全世界 (プレミアム): 800万 + 200万 = 1,000万
    ("premium-C", "overseas_claim", (), {}, None, 10_000_000),
    ("standard-C", "overseas_claim", (), {}, None, 0),
    # IT業務特約: 500万 + 争訟費用 100万 = 600万 with the option; 0 without; 「IT業務の遂行に起因する事故の場合には、保険適用地域は
    # 日本国内」: a claim abroad 0 even under プレミアム
    ("premium-C", "it_service_claim", ("it",), {}, None, 6_000_000),
    ("premium-C", "it_service_claim", (), {}, None, 0),
    ("premium-C", "it_service_claim", ("it",), {"claim_country": "OTHER", "abroad": True}, None, 0),
    ("standard-C", "it_service_claim", ("it",), {}, None, 6_000_000),
    # 公的機関からの通報、攻撃なし (⑤): ⑯ 「80%」 500万 × 80% = 400万; ⑧法律相談 is not for ⑤ → 0; スタンダード: 0
    ("premium-C", "attack_suspected_reported", (), {}, None, 4_000_000),
    ("standard-C", "attack_suspected_reported", (), {}, None, 0),
    ("premium-C", "attack_suspected_self", (), {}, None, 0),
    # DDoS found in-house (⑤ without e/f): 0
    ("premium-C", "ddos", (), {}, None, 0),
    # サイバー攻撃による身体障害: 「プレミアムプランでは免責事由の適用対象外」 300万; スタンダード 0
    ("premium-C", "bodily_injury", (), {}, None, 3_000_000),
    ("standard-C", "bodily_injury", (), {}, None, 0),
    # 役員の犯罪行為: 「被保険者の犯罪行為(過失犯を除きます。)」 → 0
    ("premium-C", "card_leak", (), {"perpetrator": "officer"}, None, 0),
    # フリーセット (プレミアム): 賠償1,000万円・費用500万円・費用の免責10万円 (「なし、10万円」):
    # damages 1,000万; costs 900万 − 10万 = 890万 → 500万 → 1,500万
    (
        "premium-E",
        "card_leak",
        (),
        {},
        {"liability_limit": 10_000_000, "cost_limit": 5_000_000, "cost_deductible": 100_000},
        15_000_000,
    ),
]


@pytest.mark.parametrize(("plan", "scenario", "options", "changes", "plan_terms", "paid"), MITSUI)
def test_mitsui(catalogue, plan, scenario, options, changes, plan_terms, paid):
    result = pay(
        catalogue, f"jcci-leak-liability:{plan}", scenario, options=options, plan_terms=plan_terms, **changes
    )
    assert result.paid == paid


def test_mitsui_it_option_is_refused_for_finance(catalogue):
    # 「※48~54(金融・保険)、5G(信用保証協会)の場合、IT業務特約はセットいただけません。」
    mitsui = catalogue["jcci-leak-liability"]
    for code in ("48", "51", "54", "5G"):
        (problem,) = terms.option_problems(mitsui, "premium-C", ["it"], risk_code=code)
        assert problem.rule == "refused_for_industry" and "48~54" in problem.source.quote
    assert terms.option_problems(mitsui, "premium-C", ["it"], risk_code="22") == []
    # and the engine does not let a refused option pay
    assert (
        pay(
            catalogue, "jcci-leak-liability:premium-C", "it_service_claim", options=("it",), risk_code="51"
        ).paid
        == 0
    )


# --- 損保ジャパン (000): limits and deductibles are set on the application ----------------------------------

SOMPO = [
    # 【例】 カード情報約1,000件: 賠償金1,000万円・見舞金1,000万円・調査費用500万円・ネットワーク復旧費用100万円 「合計：約2,600万円」
    # (no limit printed: computed without one, and said so)
    (
        terms.Incident(
            events=frozenset({"attack", "leak"}),
            amounts={
                "damages": 10_000_000,
                "consolation": 10_000,
                "investigation": 5_000_000,
                "restoration": 1_000_000,
            },
            persons=1000,
            apology_letters=True,
        ),
        (),
        None,
        26_000_000,
    ),
    # 【例】 Emotet、漏えいなし、損害調査費用約700万円 (事故対応特別費用: サイバー攻撃の発生が客観的に明らか)
    (terms.Incident(events=frozenset({"attack"}), amounts={"investigation": 7_000_000}), (), None, 7_000_000),
    # 自主的停止: 「※利益・営業継続費用補償追加条項が付帯されている場合のみ セットすることができます。」
    ("voluntary_shutdown", (), None, 2_000_000),  # investigation only
    ("voluntary_shutdown", ("bi",), None, 2_000_000),  # a voluntary shutdown is not the 利益 rider's
    ("voluntary_shutdown", ("bi", "voluntary_shutdown"), None, 5_000_000),
    # 情報漏えい限定: 「基本補償のうち、情報漏えいに起因する損害のみを補償の対象とします。」 ransomware without a leak → 0
    ("ransomware", (), None, 5_300_000),  # 300万 + 30万 + 200万; 利益 (option not set) and 身代金 not paid
    ("ransomware", ("leak_only",), None, 0),
    ("card_leak", ("leak_only",), None, 19_000_000),
    # 対人・対物: 「オプションを付帯しなければ補償されません」
    ("bodily_injury", (), None, 0),
    ("bodily_injury", ("bodily_property",), None, 3_000_000),
    # サイバー攻撃のおそれ: 「(注)公的機関からの通報、…通報などにより発見された場合にかぎります。」; ③シ 弁護士等への相談費用 too
    ("attack_suspected_self", (), None, 0),
    ("attack_suspected_reported", (), None, 5_500_000),
    # terms from the application: 賠償の支払限度額500万円 → damages 1,000万 → 500万; costs 900万 unchanged
    ("card_leak", (), {"liability_limit": 5_000_000}, 14_000_000),
]


@pytest.mark.parametrize(("scenario", "options", "plan_terms", "paid"), SOMPO)
def test_sompo(catalogue, scenario, options, plan_terms, paid):
    assert (
        pay(catalogue, "sompo-jcci-cyber:basic", scenario, options=options, plan_terms=plan_terms).paid
        == paid
    )


def test_sompo_voluntary_shutdown_needs_its_rider_and_the_bi_rider(catalogue):
    sompo = catalogue["sompo-jcci-cyber"]
    (problem,) = terms.option_problems(sompo, "basic", ["voluntary_shutdown"])
    assert problem.rule == "requires" and "付帯されている場合のみ" in problem.source.quote
    result = lines(pay(catalogue, "sompo-jcci-cyber:basic", "voluntary_shutdown", options=("bi",)))
    assert result["lost_profit"] == ("not_paid", 0)


# --- AIG (003) --------------------------------------------------------------------------------------
# 危機管理実行費用: 「○10%の自己負担割合が適用されます。」, 発動の要件 (公的機関への文書での届出・報告、または報道);
# サイバー攻撃対応費用: 1,500万円, 発覚 = 通報・報道、または自社で認識して公表・援助の申出・被害届.

AIG = [
    # 【例】 「支払保険金=500万円×（100%-10%）=450万円」
    ("lost_laptop", ("crisis_exec",), {"amounts": {"apology": 5_000_000}}, 4_500_000),
    ("lost_laptop", ("crisis_exec", "ce_no_copay"), {"amounts": {"apology": 5_000_000}}, 5_000_000),
    # the 特約 not set: nothing (「この特約をセットせずにご契約いただくこともできます」)
    ("lost_laptop", (), {"amounts": {"apology": 5_000_000}}, 0),
    # 発動の要件 not met
    (
        "lost_laptop",
        ("crisis_exec",),
        {"amounts": {"apology": 5_000_000}, "authority_report": False, "press": False},
        0,
    ),
    # self-found attack, nothing done: not 発覚; with a 被害届: 100% (no 自己負担), within 1,500万円
    ("ransomware", ("cyber_response",), {"police_report": False, "amounts": {"investigation": 3_000_000}}, 0),
    (
        "ransomware",
        ("cyber_response",),
        {"police_report": True, "amounts": {"investigation": 3_000_000}},
        3_000_000,
    ),
    # reported by a card company (「クレジットカード会社…から通報または報告があった場合」): 2,000万 → 1,500万; 倍額 3,000万: 2,000万
    ("card_leak", ("cyber_response",), {"amounts": {"investigation": 20_000_000}}, 15_000_000),
    ("card_leak", ("cyber_response", "cyber_double"), {"amounts": {"investigation": 20_000_000}}, 20_000_000),
    # overseas: 「日本国外においてなされた…損害賠償請求」 not paid; 海外担保特約: paid, but 「アメリカ合衆国・カナダでなされた損害賠償請求は
    # 補償の対象となりません」
    ("overseas_claim", (), {}, 0),
    ("overseas_claim", ("overseas",), {}, 10_000_000),
    ("overseas_claim", ("overseas",), {"claim_country": "US"}, 0),
    # 他人の身体の障害: 「①身体の障害」
    ("bodily_injury", ("security_liability",), {}, 0),
    # 役員の犯罪行為: 「①被保険者の代表者、役員の故意または犯罪行為」
    ("lost_laptop", ("crisis_exec",), {"amounts": {"apology": 5_000_000}, "perpetrator": "officer"}, 0),
]


@pytest.mark.parametrize(("scenario", "options", "changes", "paid"), AIG)
def test_aig(catalogue, scenario, options, changes, paid):
    assert pay(catalogue, "aig-personal-info:basic", scenario, options=options, **changes).paid == paid


def test_aig_employee_misconduct_is_unknown(catalogue):
    # 特長7 covers 従業員による…不正な持ち出し and its note says 「従業員の不正行為による漏洩は補償の対象となりません」: ？
    result = pay(
        catalogue, "aig-personal-info:basic", "lost_laptop", options=("crisis_exec",), perpetrator="employee"
    )
    assert result.paid == 0 and result.if_unknown_paid > 0
    assert all(line.outcome == "unknown" for line in result.lines if line.cost_type == "apology")


def test_aig_crisis_execution_limit_from_the_base_limit(catalogue):
    # 「5,000万円または個人情報漏洩特約の支払限度額の10分の1のいずれか低い金額」: base 1億円 → 1,000万円;
    # 8,000万 × 90% = 7,200万 → 1,000万
    result = pay(
        catalogue,
        "aig-personal-info:basic",
        "lost_laptop",
        options=("crisis_exec",),
        plan_terms={"liability_limit": 100_000_000},
        amounts={"call_centre": 80_000_000},
        perpetrator="outsider",
    )
    assert result.paid == 10_000_000
    # without the base limit: at most 5,000万円, and said so
    unknown = pay(
        catalogue,
        "aig-personal-info:basic",
        "lost_laptop",
        options=("crisis_exec",),
        amounts={"call_centre": 80_000_000},
        perpetrator="outsider",
    )
    assert unknown.paid == 50_000_000 and unknown.limit_unknown


def test_aig_cyber_response_is_paid_first(catalogue):
    # 「…他の特約においても支払対象となる場合は、この特約で支払われる保険金を優先してお支払いします。」
    line = {
        x.cost_type: x
        for x in pay(
            catalogue, "aig-personal-info:basic", "card_leak", options=("crisis_exec", "cyber_response")
        ).lines
    }["investigation"]
    assert line.item == "cost_cyber_investigation" and line.paid == 5_000_000  # 100%, not 90%


def test_a_rider_without_its_cover_changes_nothing(catalogue):
    aig = catalogue["aig-personal-info"]
    assert [p.rule for p in terms.option_problems(aig, "basic", ["cyber_double"])] == ["requires"]
    assert (
        pay(catalogue, "aig-personal-info:basic", "card_leak", options=("cyber_double",)).paid == 10_000_000
    )
