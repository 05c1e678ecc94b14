"""The reviewer's findings on the terms engine (engine-review-1), each as a whole kind, on the real catalogue.

Each expected amount is worked by hand from the pamphlet: the quote and the arithmetic sit beside the case.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from comparisons.domain import terms
from tests.integration.test_simulate_seeds import lines, pay

pytestmark = pytest.mark.django_db


def line_of(result, cost_type):
    return next(x for x in result.lines if x.cost_type == cost_type and not x.excess)


# --- 1. a refusal names the real rule, never "add an option" that would not pay --------------------------

REAL_RULE = [
    # AIG basic, claim abroad (overseas_claim: その他の国, 800万): 「④日本国外においてなされた…損害賠償請求（特約のセットにより、
    # 一部補償）」 — the territory, not 企業情報漏洩特約
    ("aig-personal-info:basic", "overseas_claim", (), {}, "damages", "日本国内"),
    # AIG + 海外担保特約, claim in the USA: 「アメリカ合衆国・カナダでなされた損害賠償請求は補償の対象となりません」
    (
        "aig-personal-info:basic",
        "overseas_claim",
        ("overseas",),
        {"claim_country": "US"},
        "damages",
        "アメリカ合衆国",
    ),
    # AIG, a leak by an officer: 「①被保険者の代表者、役員の故意または犯罪行為」
    ("aig-personal-info:basic", "card_leak", (), {"perpetrator": "officer"}, "damages", "代表者・役員"),
    # AIG + 危機管理実行費用特約, lost laptop (a leak fear): its 原因調査 only 「個人情報漏えい発生した場合」; the cyber rider
    # needs a セキュリティ事故 (不正アクセス…), which a lost laptop is not — so neither "add" advice
    ("aig-personal-info:basic", "lost_laptop", ("crisis_exec",), {}, "investigation", "情報の漏えい"),
    # Mitsui standard-B, claim abroad: 「保険適用地域は日本国内」 — not 「IT業務特約を付けると」
    ("jcci-leak-liability:standard-B", "overseas_claim", (), {}, "court_costs", "日本国内"),
    # Mitsui premium-B + IT業務特約 for risk code 48: 「…(リスク区分コード48～54)…はIT業務特約をセットできません」
    ("jcci-leak-liability:premium-B", "it_service_claim", ("it",), {"risk_code": "48"}, "damages", "48"),
]


@pytest.mark.parametrize(("plan", "scenario", "options", "changes", "cost", "words"), REAL_RULE)
def test_a_refusal_names_the_real_rule(catalogue, plan, scenario, options, changes, cost, words):
    line = line_of(pay(catalogue, plan, scenario, options=options, **changes), cost)
    assert line.outcome == "not_paid"
    assert "を付けると補償されます" not in line.reason
    assert words in line.reason


def test_add_option_advice_stays_where_the_option_would_pay(catalogue):
    # AIG ransomware investigation 300万 (police report): サイバー攻撃対応費用特約 pays it (「警察への被害届」 is a 発覚), so the
    # advice names that rider — and adding it pays 300万 (100%, no deductible)
    line = line_of(pay(catalogue, "aig-personal-info:basic", "ransomware"), "investigation")
    assert "サイバー攻撃対応費用特約" in line.reason and "を付けると補償されます" in line.reason
    with_it = pay(catalogue, "aig-personal-info:basic", "ransomware", options=("cyber_response",))
    assert lines(with_it)["investigation"] == ("paid", 3_000_000)


# --- 2. defence costs follow the claim ---------------------------------------------------------------------
# An attack injures a visitor: damages 300万, 争訟費用 50万, 訴訟対応費用 20万. 争訟費用 is paid for a claim the policy
# covers; when the claim is excluded, so are its costs: expected 0 in every row.

DEFENCE = {"damages": 3_000_000, "court_costs": 500_000, "litigation_support": 200_000}
EXCLUDED_CLAIMS = [
    # Sompo basic: 「④他人の身体の障害…」 excluded unless サイバー攻撃による対人・対物事故補償追加条項
    ("sompo-jcci-cyber:basic", terms.Incident(frozenset({"attack", "bodily_property"}), amounts=DEFENCE)),
    # Mitsui standard: 「身体の障害に対する損害賠償請求…⇒プレミアムプランでは免責事由の適用対象外です」
    (
        "jcci-leak-liability:standard-B",
        terms.Incident(frozenset({"attack", "bodily_property"}), amounts=DEFENCE),
    ),
    # Silver: 「・他人の身体の障害」
    ("silver-cyber:GI", terms.Incident(frozenset({"attack", "bodily_property"}), amounts=DEFENCE)),
    ("silver-cyber:FI", terms.Incident(frozenset({"attack", "bodily_property"}), amounts=DEFENCE)),
    # Silver 情報漏えい限定: an IT-use claim outside the web / e-mail work is none of its covers (限定 covers 「①情報の漏えい
    # またはそのおそれ」 and the mail rider 「ホームページの運営・管理業務または電子メールの送受信業務に伴い」)
    ("silver-cyber:GI", terms.Incident(frozenset({"it_use"}), amounts=DEFENCE, web_or_email=False)),
    ("silver-cyber:GI", terms.Incident(frozenset({"attack"}), amounts=DEFENCE, web_or_email=False)),
    # DDoS (漏えいのおそれのない攻撃) is none of the mail rider's ①②③
    ("silver-cyber:GI", terms.Incident(frozenset({"attack_no_leak"}), amounts=DEFENCE, web_or_email=True)),
]


@pytest.mark.parametrize(("plan", "incident"), EXCLUDED_CLAIMS)
def test_defence_costs_of_an_excluded_claim_are_not_paid(catalogue, plan, incident):
    result = pay(catalogue, plan, incident)
    assert result.paid == 0 and result.if_unknown_paid == 0
    if (
        "bodily_property" in incident.events
    ):  # the defence parts would answer the facts; the claim refuses them
        for cost in ("court_costs", "litigation_support"):
            reason = line_of(result, cost).reason
            # Sompo: the rider that covers the claim also pays its defence costs — the advice to add it is right
            assert (
                "補償される損害賠償請求についてだけ" in reason
                or "対人・対物事故補償追加条項」を付けると" in reason
            )


def test_defence_costs_follow_a_covered_claim(catalogue):
    # Sompo + 対人・対物 rider: the same claim is covered (amounts set on the application: no deductible entered) —
    # damages 300万 + 争訟費用 50万 = 350万 certain
    result = pay(
        catalogue,
        "sompo-jcci-cyber:basic",
        terms.Incident(
            frozenset({"attack", "bodily_property"}), amounts={"damages": 3_000_000, "court_costs": 500_000}
        ),
        options=("bodily_property",),
    )
    assert lines(result) == {"damages": ("paid", 3_000_000), "court_costs": ("paid", 500_000)}
    # Mitsui premium-B: 「プレミアムプランでは免責事由の適用対象外」: 300万 + 50万 = 350万 (賠償損害: no deductible in set B)
    premium = pay(
        catalogue,
        "jcci-leak-liability:premium-B",
        terms.Incident(
            frozenset({"attack", "bodily_property"}), amounts={"damages": 3_000_000, "court_costs": 500_000}
        ),
    )
    assert premium.paid == 3_500_000


# --- 3. a rider that pays its claims' 争訟費用 ----------------------------------------------------------------


def test_aig_riders_pay_their_own_defence_costs(catalogue):
    # セキュリティ賠償責任特約 and 特許等知的財産権特約: 「お支払いする保険金 ①損害賠償金 ②争訟費用」.
    # A 踏み台 claim (attack) 500万 + 争訟費用 100万; the security rider's deductible and 自己負担割合 are set on the
    # application (not entered here: computed without them) → 600万
    security = pay(
        catalogue,
        "aig-personal-info:basic",
        terms.Incident(frozenset({"attack"}), amounts={"damages": 5_000_000, "court_costs": 1_000_000}),
        options=("security_liability",),
    )
    assert lines(security)["court_costs"] == ("paid", 1_000_000)
    # IP rider, a copyright claim 100万 + 争訟費用 50万: 「免責金額・自己負担割合は適用しない」 → 150万
    ip = pay(catalogue, "aig-personal-info:basic", "content_claim", options=("ip",))
    assert lines(ip) == {"damages": ("paid", 1_000_000), "court_costs": ("paid", 500_000)}
    # without the rider, neither the claim nor its costs
    assert pay(catalogue, "aig-personal-info:basic", "content_claim").paid == 0


# --- 5. AIG: no corporate 見舞金 -------------------------------------------------------------------------------


def test_aig_pays_no_corporate_consolation(catalogue):
    # 危機管理実行費用特約 「『見舞金・見舞品費用』は1被害者につき500円を限度」 for 個人情報 leaks; 企業情報漏洩特約:
    # 「この特約では、危機管理コンサルティング費用特約および危機管理実行費用特約の適用はありません」.
    # A leak reported to the authority: 10 persons × 1,000円 → 500円 × 10 × (100% − 10%) = 4,500円; 10 companies × 8万 → 0
    incident = terms.Incident(
        frozenset({"leak"}),
        amounts={"consolation": 1_000, "corporate_consolation": 80_000},
        persons=10,
        companies=10,
        authority_report=True,
    )
    result = pay(catalogue, "aig-personal-info:basic", incident, options=("crisis_exec",))
    assert lines(result) == {"consolation": ("paid", 4_500), "corporate_consolation": ("not_paid", 0)}
    assert (
        "法人への見舞金を支払う特約はこのパンフレットになく"
        in line_of(result, "corporate_consolation").reason
    )


# --- 7. AIG: a security incident reported in the press counts as discovered --------------------------------


def test_aig_attack_found_in_house_and_reported_in_the_press(catalogue):
    # サイバー攻撃対応費用特約 (注2) 発覚 ①イ 「新聞、雑誌、テレビ、ラジオ、インターネットなどによる報道」, whoever found it;
    # データ復元費用特約 「(注2) サイバー攻撃対応費用特約におけるセキュリティ事故の発覚と同じです。」. Both 「免責金額（自己負担額）
    # および自己負担割合は適用しません」: 300万 + 100万 = 400万
    incident = terms.Incident(
        frozenset({"attack"}),
        amounts={"investigation": 3_000_000, "restoration": 1_000_000},
        discovered_by="self",
        press=True,
        published=False,
        police_report=False,
        authority_report=False,
    )
    options = ("cyber_response", "data_restore")
    assert pay(catalogue, "aig-personal-info:basic", incident, options=options).paid == 4_000_000
    # nothing made it known (no press, no 公表, no 被害届): ②'s actions are not met → 0
    quiet = terms.Incident(
        frozenset({"attack"}),
        amounts={"investigation": 3_000_000, "restoration": 1_000_000},
        discovered_by="self",
        press=False,
        published=False,
        police_report=False,
        authority_report=False,
    )
    assert pay(catalogue, "aig-personal-info:basic", quiet, options=options).paid == 0


# --- 13. a public investigation needs a security incident ---------------------------------------------------

REGULATORY = [
    # Silver ケ 「セキュリティ事故に起因して記名被保険者に対する公的調査が開始された場合」: no incident → 0
    ("silver-cyber:GI", {"regulatory"}, {}, 0),
    # with a leak: 100万 − 10万 (「免責金額:1事故…10万円」) = 90万
    ("silver-cyber:GI", {"regulatory", "leak"}, {}, 900_000),
    # 限定's セキュリティ事故 「イ. …サイバー攻撃。ただし、ア.を引き起こすおそれのあるものに限ります」: DDoS → 0; 充実 → 90万
    ("silver-cyber:GI", {"regulatory", "attack_no_leak"}, {}, 0),
    ("silver-cyber:FI", {"regulatory", "attack_no_leak"}, {}, 900_000),
    # Mitsui ⑫ 「情報セキュリティ事故に起因して…」: no incident → 0; a leak made public (公表要件) → 100万 (100%, set B no
    # cost deductible)
    ("jcci-leak-liability:premium-B", {"regulatory"}, {}, 0),
    ("jcci-leak-liability:premium-B", {"regulatory", "leak"}, {"authority_report": True}, 1_000_000),
]


@pytest.mark.parametrize(("plan", "events", "facts", "paid"), REGULATORY)
def test_public_investigation_needs_a_security_incident(catalogue, plan, events, facts, paid):
    incident = terms.Incident(frozenset(events), amounts={"public_investigation": 1_000_000}, **facts)
    assert pay(catalogue, plan, incident).paid == paid


# --- 17. an officer's own intent: the pamphlets judge it per insured ----------------------------------------


def test_an_officers_intent_is_unknown_under_silver_and_sompo(catalogue):
    # Silver 「保険金をお支払いするかどうかの判断は、被保険者ごとに個別に行います。」; Sompo 「それらの行為を行った被保険者が
    # 被る損害のみ補償対象外です」: whether the company is the one who acted is not settled → ？, never certain.
    # Silver GI card leak: damages 1,000万 − 10万 = 990万 if paid
    silver = pay(catalogue, "silver-cyber:GI", "card_leak", perpetrator="officer")
    assert silver.paid == 0
    assert lines(silver)["damages"] == ("unknown", 9_900_000)
    assert "会社（記名被保険者）" in line_of(silver, "damages").reason
    sompo = pay(catalogue, "sompo-jcci-cyber:basic", "card_leak", perpetrator="officer")
    assert sompo.paid == 0 and lines(sompo)["damages"] == ("unknown", 10_000_000)
    # an outsider's attack is unaffected: Sompo pays the claim 1,000万 for certain
    assert lines(pay(catalogue, "sompo-jcci-cyber:basic", "card_leak"))["damages"] == ("paid", 10_000_000)


# --- 15. Sompo's business interruption: 「サイバー攻撃などにより」 ----------------------------------------------


def test_sompo_business_interruption_without_an_attack_is_unknown(catalogue):
    # 「サイバー攻撃などにより自社システムが中断・停止し、業務が中断したことにより発生する、自社の喪失利益…」: an attack → the
    # lost profit 300万 (limits and deductible set on the application: none entered) for certain; a stop with no attack
    # (a fault, a mistake) may or may not be 「など」 → ？ 300万
    attack = terms.Incident(frozenset({"attack", "system_outage"}), amounts={"lost_profit": 3_000_000})
    assert pay(catalogue, "sompo-jcci-cyber:basic", attack, options=("bi",)).paid == 3_000_000
    for events in ({"system_outage"}, {"it_use", "system_outage"}):
        fault = terms.Incident(frozenset(events), amounts={"lost_profit": 3_000_000})
        result = pay(catalogue, "sompo-jcci-cyber:basic", fault, options=("bi",))
        assert (result.paid, result.if_unknown_paid) == (0, 3_000_000)
        assert "「など」" in line_of(result, "lost_profit").reason


# --- 16. AIG 海外担保特約: 特定地域 get no cover at all -----------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "damages", "costs"),
    [
        # 「③特定地域（注）においてなされた、提起されたまたは係属される請求、訴訟または手続」 — 「いかなる補償も提供されない」:
        # neither the claim nor the crisis costs
        ("RU", 0, 0),
        ("BY", 0, 0),
        # 「アメリカ合衆国、カナダ…においてなされた損害賠償請求…に起因する損害に対しては、保険金をお支払いできません」: the claim
        # is refused; the crisis costs of the leak are not a claim made there: consulting 100万 (no 自己負担) + お詫び状
        # 100万 × (100% − 10%) = 90万 → 190万
        ("US", 0, 1_900_000),
        # another country: the claim 800万 as well → 990万
        ("OTHER", 8_000_000, 1_900_000),
    ],
)
def test_aig_overseas_rider_and_the_specified_countries(catalogue, country, damages, costs):
    result = pay(
        catalogue,
        "aig-personal-info:basic",
        "overseas_claim",
        options=("overseas", "crisis_consulting", "crisis_exec"),
        claim_country=country,
        amounts={"damages": 8_000_000, "consulting": 1_000_000, "apology": 1_000_000},
    )
    assert lines(result)["damages"][1] == damages
    assert result.paid == damages + costs


# --- 4. an IT rider adds the costs of an IT job ---------------------------------------------------------------
# An IT-service incident (受託開発の不具合で取引先の業務が止まった): staff 50万, legal 30万, investigation 100万,
# consulting 40万, restoration 60万.

IT_JOB = terms.Incident(
    frozenset({"it_services"}),
    amounts={
        "staff": 500_000,
        "legal": 300_000,
        "investigation": 1_000_000,
        "consulting": 400_000,
        "restoration": 600_000,
    },
)


def test_sompo_it_rider_pays_the_costs_of_an_it_job(catalogue):
    # 000: 「ソフトウェアの開発やクラウドサービスの提供など、IT事業の遂行に起因した損害賠償請求および各種対応費用も補償します。」
    # Limits and deductible are set on the application (none entered): 50 + 30 + 100 + 40 + 60 = 280万, with the
    # reading (which costs, under which terms) shown as an assumption
    result = pay(catalogue, "sompo-jcci-cyber:basic", IT_JOB, options=("it_services",))
    assert lines(result) == {
        "staff": ("paid", 500_000),
        "legal": ("paid", 300_000),
        "investigation": ("paid", 1_000_000),
        "consulting": ("paid", 400_000),
        "restoration": ("paid", 600_000),
    }
    assert result.paid == 2_800_000
    assert any("ITサービス業務に起因する事故の各種対応費用" in a for a in result.assumptions)
    # without the rider: 「基本補償では…ソフトウェア・IT関連製品の開発やクラウドサービスを提供することに起因して発生した損害は
    # 補償されません」 → 0, and the reason names the rider's condition
    bare = pay(catalogue, "sompo-jcci-cyber:basic", IT_JOB)
    assert bare.paid == 0 and bare.if_unknown_paid == 0
    assert "ITサービス業務補償追加条項をセットしている場合に限ります" in line_of(bare, "staff").reason


@pytest.mark.parametrize(
    ("plan", "option", "item", "without", "with_it"),
    [
        # Mitsui 8: 「③ IT業務の遂行に起因する業務阻害等 (IT業務特約をセットしている場合)」
        (
            "jcci-leak-liability:standard-B",
            "it",
            "cost_forensic",
            "IT業務特約をセットしている場合に限ります",
            "IT業務特約をセットしているため",
        ),
        # Sompo: 「IT事業の遂行に起因した損害賠償請求および各種対応費用も補償します」
        (
            "sompo-jcci-cyber:basic",
            "it_services",
            "cost_forensic",
            "ITサービス業務補償追加条項をセットしている場合に限ります",
            "ITサービス業務補償追加条項をセットしているため",
        ),
    ],
)
def test_matrix_cost_rows_change_with_an_it_rider(catalogue, plan, option, item, without, with_it):
    from comparisons.domain.matrix import Column, effective

    slug, code = plan.split(":")
    product = catalogue[slug]
    bare = effective(product.plan(code).cells[item], Column(product, product.plan(code)))
    chosen = effective(product.plan(code).cells[item], Column(product, product.plan(code), (option,)))
    assert any(without in a for a in bare.assumptions)
    assert not any(without in a for a in chosen.assumptions)
    assert any(with_it in a for a in chosen.assumptions)
    assert bare.signature != chosen.signature


# --- 16 (rest). the column's territory follows 海外担保特約; the cyber riders abroad are not settled ---------------


def test_matrix_column_territory_follows_the_overseas_rider(catalogue):
    from comparisons.domain.matrix import Column, build_matrix

    product = catalogue["aig-personal-info"]
    plan = product.plan("basic")
    items = [("cond_territory", "conditions", "保険適用地域", "")]
    bare = dict(build_matrix([Column(product, plan)], items=items).plan_conditions)
    chosen = dict(build_matrix([Column(product, plan, ("overseas",))], items=items).plan_conditions)
    title = Column(product, plan).title
    # 「④日本国外においてなされた…損害賠償請求（特約のセットにより、一部補償の対象となります。）」 without the rider …
    assert any("日本国内で行う業務" in x for x in bare[title])
    # … and 「日本国外で行う業務もこの保険の対象業務とします」「アメリカ合衆国・カナダでなされた損害賠償請求は補償の対象となりません」
    assert not any("日本国内で行う業務" in x for x in chosen[title])
    assert any("海外担保特約により日本国外" in x and "アメリカ合衆国・カナダ" in x for x in chosen[title])


@pytest.mark.parametrize(
    ("country", "outcome", "paid", "if_unknown"),
    [
        # 「危機管理コンサルティングや危機管理実行費用の補償を含め、保険適用地域を…全世界と」 names the crisis riders only: whether
        # the rider reaches サイバー攻撃対応費用特約 / データ復元費用特約 is not stated → ？ (300万 + 100万 if it does: 「免責金額
        # （自己負担額）および自己負担割合は適用しません」)
        ("OTHER", "unknown", 0, 4_000_000),
        # 特定地域: 「次の事由については、いかなる補償も提供されないものとします。…③特定地域…においてなされた…請求」 → 0
        ("RU", "not_paid", 0, 0),
    ],
)
def test_aig_cyber_riders_abroad_are_unknown(catalogue, country, outcome, paid, if_unknown):
    incident = terms.Incident(
        frozenset({"attack"}),
        amounts={"investigation": 3_000_000, "restoration": 1_000_000},
        discovered_by="third_party",
        published=True,
        abroad=True,
        claim_country=country,
    )
    options = ("cyber_response", "data_restore", "overseas")
    result = pay(catalogue, "aig-personal-info:basic", incident, options=options)
    assert (result.paid, result.if_unknown_paid) == (paid, if_unknown)
    assert line_of(result, "investigation").outcome == outcome
    # in Japan the same riders pay 400万 for certain
    home = pay(
        catalogue,
        "aig-personal-info:basic",
        replace(incident, abroad=False, claim_country="JP"),
        options=options,
    )
    assert home.paid == 4_000_000


# --- 10. the deductible and 縮小支払割合: never on the order the costs were entered --------------------------------


@pytest.mark.parametrize(
    "amounts",
    [
        # legal (①エ(ア)弁護士報酬 / ④相談費用 90%) + restoration (⑤ 100%)
        {"legal": 1_000_000, "restoration": 1_000_000},
        # restoration + legal entered the other way round, and investigation (③ 100%) in place of restoration
        {"restoration": 1_000_000, "legal": 1_000_000},
        {"investigation": 1_000_000, "legal": 1_000_000},
    ],
)
def test_silver_deductible_comes_off_the_sum_after_the_shares(catalogue, amounts):
    # 002: 「各費用について、損害額に縮小支払割合を乗じた金額を…お支払いします」, 「免責金額は、各費用の合算に対して適用されますので、
    # それぞれの費用個別には適用されません。」: 100万 × 90% + 100万 × 100% − 10万 = 180万, whichever costs and order
    incident = terms.Incident(frozenset({"attack"}), amounts=amounts, insurer_consent=True)
    result = pay(catalogue, "silver-cyber:FI", incident)
    assert (result.paid, result.if_unknown_paid) == (1_800_000, 0)


def test_silver_example_is_shown_as_the_pamphlets_example(catalogue):
    # 「充実プランなら発生した緊急対応費用の90%をカバーできます」 (500万 → 450万) leaves the deductible out: the result is
    # 500万 × 90% − 10万 = 440万, and the 450万 example is named as the pamphlet's example, never as the result
    result = pay(catalogue, "silver-cyber:FI", "attack_suspected_self")
    assert result.paid == 4_400_000
    assert line_of(result, "investigation").arithmetic == "500万円 × 90% − 10万円 = 440万円"
    note = next(n for n in result.notes if "パンフレットの事例" in n)
    assert "免責金額を含めない例" in note and "440万円" in note


MITSUI_E = {"cost_limit": 10_000_000, "cost_deductible": 100_000, "liability_limit": 100_000_000}


def mitsui_free_set(catalogue, amounts):
    """Mitsui premium-E (free set: 費用 1,000万, 費用損害の免責金額 10万) after an attack and a leak reported in writing."""
    incident = terms.Incident(
        frozenset({"attack", "leak"}),
        amounts=amounts,
        authority_report=True,
        insurer_consent=True,
        days_since_discovery=10,
    )
    return pay(catalogue, "jcci-leak-liability:premium-E", incident, plan_terms=MITSUI_E)


@pytest.mark.parametrize(
    "amounts",
    [
        # ⑭被害拡大防止費用 (90%) + ⑬情報システム等復旧費用 (100%), and ⑥調査費用 (100%) + ⑭, in either order
        {"damage_prevention": 1_000_000, "restoration": 1_000_000},
        {"restoration": 1_000_000, "damage_prevention": 1_000_000},
        {"investigation": 1_000_000, "damage_prevention": 1_000_000},
    ],
)
def test_mitsui_deductible_on_lines_of_different_shares_is_a_range(catalogue, amounts):
    # 001: 「縮小支払割合（損害の額から免責金額を控除した後の金額に乘じる割合）」; which cost the free set's 費用損害 免責金額
    # 10万円 is taken from is not stated. From the 100% line: (100万 − 10万) + 100万 × 90% = 180万; from the 90% line:
    # 100万 + (100万 − 10万) × 90% = 181万 → 180万〜181万: 180万 certain, 1万 more depending on the reading
    result = mitsui_free_set(catalogue, amounts)
    assert (result.paid, result.if_unknown_paid) == (1_800_000, 10_000)
    note = next(n for n in result.notes if "免責金額をどの費用から差し引くか" in n)
    assert "180万円〜181万円" in note
    assert any("81万円〜90万円" in r for r in line_of(result, "damage_prevention").rules)


def test_mitsui_deductible_on_lines_of_one_share_is_one_figure(catalogue):
    # ⑭ + ⑮再発防止費用, both 90%: (100万 + 100万 − 10万) × 90% = 171万, whichever line bears it — no range
    result = mitsui_free_set(catalogue, {"damage_prevention": 1_000_000, "recurrence_prevention": 1_000_000})
    assert (result.paid, result.if_unknown_paid) == (1_710_000, 0)
    assert not any("免責金額をどの費用から" in n for n in result.notes)


# --- 5 (rest). AIG: personal or corporate information decides which rider pays ----------------------------------
# A leak reported in writing to the authority (危機管理実行費用特約 「①…公的機関…に対して文書により届出または報告されること」):
# damages 500万, crisis consulting 100万, apology letters 100万.

AIG_LEAK = terms.Incident(
    frozenset({"leak"}),
    amounts={"damages": 5_000_000, "consulting": 1_000_000, "apology": 1_000_000},
    authority_report=True,
)


@pytest.mark.parametrize(
    ("info", "options", "paid"),
    [
        # 個人情報漏洩特約 「…個人情報（注）を漏えいしたことにより、被保険者が損害賠償請求された場合」 (limit, deductible and
        # 自己負担割合 on the application: not entered, computed without them) 500万; 危機管理コンサルティング 100万 (「免責金額
        # （自己負担額）および自己負担割合は適用しません」); 危機管理実行費用 100万 × (100% − 10%) = 90万 → 690万
        ("personal", ("crisis_exec",), 6_900_000),
        ("personal", ("crisis_exec", "corp_info"), 6_900_000),
        # 企業情報 only: the base rider covers 個人情報 only, and 企業情報漏洩特約 「この特約では、危機管理コンサルティング費用特約
        # および危機管理実行費用特約の適用はありません」 → without the rider 0
        ("corporate", ("crisis_exec",), 0),
        # … with 企業情報漏洩特約 「一般に公開されていない第三者の情報（…個人情報を除きます。）」: the claim 500万 (「免責金額
        # （自己負担額）および自己負担割合は適用しません」), the crisis costs still 0 → 500万
        ("corporate", ("crisis_exec", "corp_info"), 5_000_000),
        # both kinds leaked: the personal-information leak brings the crisis riders → 690万
        ("both", ("crisis_exec",), 6_900_000),
    ],
)
def test_aig_kind_of_information_decides_the_riders(catalogue, info, options, paid):
    incident = replace(AIG_LEAK, leaked_info=info)
    assert pay(catalogue, "aig-personal-info:basic", incident, options=options).paid == paid


def test_aig_corporate_information_rider_changes_the_result(catalogue):
    corporate = replace(AIG_LEAK, leaked_info="corporate")
    bare = pay(catalogue, "aig-personal-info:basic", corporate, options=("crisis_exec",))
    assert "企業情報漏洩特約" in line_of(bare, "damages").reason
    assert "企業情報の漏えいには" in line_of(bare, "apology").reason
    # not told which kind: the result is computed for a personal-information leak and says it depends on it
    unknown = pay(catalogue, "aig-personal-info:basic", AIG_LEAK, options=("crisis_exec",))
    assert unknown.paid == 6_900_000
    assert any("個人情報の場合に限ります" in a for a in unknown.assumptions)


def test_aig_dispatch_rider_pays_a_leak_at_the_client_site(catalogue):
    # 「⑩被保険者が労働者派遣事業を行っている場合、派遣労働者が派遣先で行った行為（特約のセットにより、一部補償の対象となります。）」:
    # without 労働者派遣事業賠償責任特約 → 0; with it 「①派遣労働者が派遣先で個人情報を漏えいしたこと…危機管理コンサルティング費用
    # および危機管理実行費用、ならびに…損害賠償請求された場合に被る損害」 → 500万 + 100万 + 90万 = 690万
    incident = replace(AIG_LEAK, leaked_info="personal", dispatched_worker=True)
    bare = pay(catalogue, "aig-personal-info:basic", incident, options=("crisis_exec",))
    assert bare.paid == 0
    assert "労働者派遣事業賠償責任特約" in line_of(bare, "damages").reason
    rider = pay(catalogue, "aig-personal-info:basic", incident, options=("crisis_exec", "dispatch"))
    assert rider.paid == 6_900_000


def test_kind_of_information_on_the_page_and_the_api(client):
    import json

    from django.urls import reverse

    # the page: the question is asked, and 企業情報 takes AIG's crisis costs away (690万 → 500万 with 企業情報漏洩特約; see
    # test_aig_kind_of_information_decides_the_riders for the arithmetic)
    url = reverse("comparisons:simulate")
    query = (
        "?scenario=card_leak&loaded=card_leak&plans=aig-personal-info:basic&events=leak&authority_report=yes"
        "&options=aig-personal-info:crisis_exec&options=aig-personal-info:corp_info"
        "&damages=500万&consulting=100万&apology=100万"
    )
    page = client.get(url + query + "&leaked_info=personal")
    assert "漏えいした（おそれのある）情報の種類" in page.content.decode()
    assert page.context["payouts"][0].paid == 6_900_000
    assert client.get(url + query + "&leaked_info=corporate").context["payouts"][0].paid == 5_000_000
    # the API: the same answers, and an unknown kind is a 400 naming the field
    body = {
        "facts": ["leak"],
        "authority_report": True,
        "amounts": {"damages": 5_000_000, "consulting": 1_000_000, "apology": 1_000_000},
        "plans": ["aig-personal-info:basic"],
        "options": ["aig-personal-info:crisis_exec", "aig-personal-info:corp_info"],
    }

    def post(extra):
        return client.post(
            reverse("api:simulate"),
            data=json.dumps({**body, **extra}, ensure_ascii=False),
            content_type="application/json",
        )

    assert post({"leaked_info": "personal"}).json()["plans"][0]["paid"] == 6_900_000
    corporate = post({"leaked_info": "corporate"}).json()
    assert corporate["plans"][0]["paid"] == 5_000_000 and corporate["leaked_info"] == "corporate"
    bad = post({"leaked_info": "secret"})
    assert bad.status_code == 400 and bad.json()["error"]["param"] == "leaked_info"


# --- 11. figures set on the application are never assumed silently ----------------------------------------------


def test_aig_insured_share_not_entered_is_said(catalogue):
    # 003: 「○ご契約時に設定いただく支払限度額、免責金額（自己負担額）および自己負担割合（注）が適用されます。」 Not entered: the
    # card-leak claim 1,000万 is computed without a deductible and without a 自己負担割合, and the line says both
    line = line_of(pay(catalogue, "aig-personal-info:basic", "card_leak"), "damages")
    assert (line.outcome, line.paid) == ("paid", 10_000_000)
    assert any(r.startswith("自己負担割合は申込書で決まります") for r in line.rules)
    assert any(r.startswith("免責金額は申込書で決まります") for r in line.rules)
    # entered (10%): 1,000万 × (100% − 10%) = 900万, and the rule is no longer said
    entered = line_of(
        pay(catalogue, "aig-personal-info:basic", "card_leak", plan_terms={"insured_share": "0.1"}), "damages"
    )
    assert entered.paid == 9_000_000
    assert not any(r.startswith("自己負担割合は申込書で決まります") for r in entered.rules)


def test_sompo_consolation_caps_set_on_the_application_are_assumptions(catalogue):
    # 000: 「この費用に関しては、1名あたり個別の限度額が設定されます。」「…1法人あたり個別の限度額が設定されます。」 with no amount:
    # 1,000円 × 500名 = 50万 and 8万 × 10法人 = 80万 are computed without the caps, and each line says so
    incident = terms.Incident(
        frozenset({"leak"}),
        amounts={"consolation": 1_000, "corporate_consolation": 80_000},
        persons=500,
        companies=10,
        apology_letters=True,
    )
    result = pay(catalogue, "sompo-jcci-cyber:basic", incident)
    assert lines(result) == {"consolation": ("paid", 500_000), "corporate_consolation": ("paid", 800_000)}
    for cost in ("consolation", "corporate_consolation"):
        assert any("1名あたり" in a and "1法人あたり" in a for a in line_of(result, cost).assumptions)
    # an attack (法人謝罪対応費用, 「1法人あたり個別の限度額を設定します」): the same for the company's 見舞品
    attack = replace(incident, events=frozenset({"attack"}), amounts={"corporate_consolation": 80_000})
    line = line_of(pay(catalogue, "sompo-jcci-cyber:basic", attack), "corporate_consolation")
    assert line.paid == 800_000 and any("上限を設けずに計算" in a for a in line.assumptions)


# --- 20. a line a used-up limit cuts to nothing is not paid, and the allocation of the cut is said --------------


def test_a_line_cut_to_nothing_reads_as_limit_reached(catalogue):
    # Mitsui standard-B card leak: 費用損害 「B 5,000万円 500万円」 — ⑥調査 500万 uses the whole 500万; コールセンター 100万,
    # 詫び状 100万, 見舞金 1,000円 × 1,000名 = 100万 are cut to 0 (100%, no deductible); 賠償 1,000万 → 1,500万 in all
    result = pay(catalogue, "jcci-leak-liability:standard-B", "card_leak")
    assert result.paid == 15_000_000
    for cost in ("call_centre", "apology", "consolation"):
        line = line_of(result, cost)
        assert (line.outcome, line.paid) == ("not_paid", 0)
        assert line.reason.startswith("限度額に達したため支払なし") and "= 0円" in line.reason
    assert lines(result)["investigation"] == ("paid", 5_000_000)
    assert any("どの費用から差し引くかは、パンフレットに書かれていません" in n for n in result.notes)


# --- 18. condition rows are conditions, never 限度額 -------------------------------------------------------------


def test_condition_rows_say_their_condition_not_a_limit(client, catalogue):
    import re

    from django.urls import reverse

    from comparisons.domain.matrix import Column, effective

    # AIG's 免責金額・自己負担割合 row: its words (「ご契約時に設定いただく…免責金額（自己負担額）および自己負担割合」), not just 「条件」
    aig = catalogue["aig-personal-info"]
    plan = aig.plan("basic")
    deductible = effective(plan.cells["cond_deductible"], Column(aig, plan))
    assert deductible.status == "condition" and "申込書で決定" in deductible.condition_text
    # the territory row follows 海外担保特約 (「日本国外で行う業務もこの保険の対象業務とします」)
    territory = effective(plan.cells["cond_territory"], Column(aig, plan, ("overseas",)))
    assert "海外担保特約により日本国外" in territory.condition_text
    # rendered: no condition row of the four programmes is labelled 限度額
    plans = [
        "sompo-jcci-cyber:basic",
        "jcci-leak-liability:standard-B",
        "silver-cyber:FII",
        "aig-personal-info:basic",
    ]
    html = client.get(reverse("comparisons:compare"), {"membership": "jcci", "plans": plans}).content.decode()
    for label in (
        "補償される地域",
        "免責金額（自己負担額）",
    ):  # the taxonomy's labels of cond_territory, cond_deductible
        row = next(r for r in html.split("<tr") if f">{label}" in r)
        cells = re.findall(r"<td.*?</td>", row, re.S)
        assert len(cells) == 4
        # what a cell shows before its 「条件と出典」 details: the condition's words, never 限度額
        shown = [c.split("<details", 1)[0] for c in cells]
        assert not any("限度額" in c for c in shown), label
        assert all(re.sub(r"<[^>]+>|\s", "", c) not in ("", "▷条件", "条件") for c in shown), label


# --- 15 (rest). Sompo 情報漏えい限定: a cost the attack itself caused is not settled by the leak -------------------


def test_sompo_leak_only_restoration_after_an_attack_is_unknown(catalogue):
    # 000: 「基本補償のうち、情報漏えいに起因する損害のみを補償の対象とします。」 Ransomware that also leaked data (お詫び状 sent,
    # 「謝罪文の送付などによって…客観的に明らかになる場合」): the investigation 100万 and apology 30万 follow the leak → 130万;
    # restoring the encrypted data 200万 and shutting the system off 40万 may be the attack's own → ？ (240万 if they are)
    incident = terms.Incident(
        frozenset({"attack", "leak"}),
        amounts={
            "investigation": 1_000_000,
            "restoration": 2_000_000,
            "damage_prevention": 400_000,
            "apology": 300_000,
        },
        apology_letters=True,
    )
    narrowed = pay(catalogue, "sompo-jcci-cyber:basic", incident, options=("leak_only",))
    assert (narrowed.paid, narrowed.if_unknown_paid) == (1_300_000, 2_400_000)
    for cost in ("restoration", "damage_prevention"):
        line = line_of(narrowed, cost)
        assert line.outcome == "unknown" and "どちらに起因するか" in line.reason
    # a leak with no attack: nothing else could have caused them → 370万 (amounts set on the application)
    leak = pay(
        catalogue,
        "sompo-jcci-cyber:basic",
        replace(incident, events=frozenset({"leak"})),
        options=("leak_only",),
    )
    assert leak.paid == 3_700_000
    # without the narrowing: all of it → 370万
    assert pay(catalogue, "sompo-jcci-cyber:basic", incident).paid == 3_700_000


# --- 14 (rest). a refusal gives the pamphlet's own reason, never a generic one ----------------------------------


def test_mitsui_standard_refusals_name_the_premium_only_rule(catalogue):
    # 001 8: 「プレミアムのみ キ. クレジット情報モニタリング費用 ク. 公的調査対応費用 ケ. 情報システム等復旧費用 コ. 被害拡大防止費用
    # サ. 再発防止費用」: under standard-B each of these after a leak made public is 0, with that rule as the reason
    incident = terms.Incident(
        frozenset({"leak", "regulatory"}),
        amounts={
            "public_investigation": 1_000_000,
            "restoration": 100_000,
            "damage_prevention": 100_000,
            "recurrence_prevention": 100_000,
            "credit_monitoring": 100_000,
        },
        authority_report=True,
    )
    result = pay(catalogue, "jcci-leak-liability:standard-B", incident)
    assert result.paid == 0
    for line in result.lines:
        assert line.outcome == "not_paid" and "「プレミアムのみ」" in line.reason, line.cost_type
    # no part of any programme refuses with the generic words
    generic = [
        (slug, plan.code, item)
        for slug, product in catalogue.items()
        for plan in product.plans
        for item, parts in plan.parts.items()
        for part in parts
        if part.status == "not_covered" and not part.reason
    ]
    assert generic == []


def test_a_line_the_deductible_takes_whole_is_not_read_as_a_limit(catalogue):
    # Silver GI: ⑧訴訟対応費用 10万 alone, 「免責金額:1事故または1請求につき10万円」: 10万 − 10万 = 0 — within the deductible, not a
    # limit reached
    incident = terms.Incident(
        frozenset({"leak"}), amounts={"litigation_support": 100_000}, authority_report=True
    )
    line = line_of(pay(catalogue, "silver-cyber:GI", incident), "litigation_support")
    assert (line.outcome, line.paid) == ("not_paid", 0)
    assert line.reason.startswith("免責金額の範囲内のため支払なし")


# --- 19. smaller items ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plan", "words"),
    [
        # 000: 「※ただし、サイバー攻撃などの実行者に支払う身代金は含まれません。」
        ("sompo-jcci-cyber:basic", "サイバー攻撃などの実行者に支払う身代金は含まれ"),
        # 002: 「なお、セキュリティ事故を発生させた不正行為者に対して支払う金銭等を含みません。」
        ("silver-cyber:FII", "不正行為者に対して支払う金銭等を含みません"),
        # 003: 「⑯恐喝金または法令上保険が適用できない事項」
        ("aig-personal-info:basic", "恐喝金"),
        # 001/004 say nothing of a ransom: that no cover pays it, and that the pamphlet has none
        ("jcci-leak-liability:premium-B", "パンフレットに身代金を支払う補償の記載はありません"),
    ],
)
def test_ransom_refusal_gives_the_pamphlets_words(catalogue, plan, words):
    line = line_of(pay(catalogue, plan, "ransomware"), "ransom")
    assert (line.outcome, line.paid) == ("not_paid", 0)
    assert words in line.reason
    if not plan.startswith("jcci"):
        assert line.source is not None and words[:8] in line.source.quote


def test_sompo_attack_fear_found_in_house_is_unknown(catalogue):
    # 000 (2) 「(注)公的機関からの通報、貴社がセキュリティ運用を委託している会社からの通報などにより発見された場合にかぎります。」: the
    # 「など」 leaves a suspicion the firm found itself open → ？ 500万 (limits and deductible on the application), never ✕
    result = pay(catalogue, "sompo-jcci-cyber:basic", "attack_suspected_self")
    assert (result.paid, result.if_unknown_paid) == (0, 5_000_000)
    assert "見つけ方（自社で気づいた）" in line_of(result, "investigation").reason


def test_aig_crisis_consolation_on_a_leak_fear_is_unknown(catalogue):
    # 003 危機管理実行費用: 「⑥見舞金・見舞品費用（ただし、かつ、1被害者につき500円）」 is cut off in the text → for a fear ？,
    # 500円 × 10名 × (100% − 10%) = 4,500円 if it pays; a leak pays it (test_aig_pays_no_corporate_consolation)
    incident = terms.Incident(
        frozenset({"leak_fear"}), amounts={"consolation": 1_000}, persons=10, authority_report=True
    )
    result = pay(catalogue, "aig-personal-info:basic", incident, options=("crisis_exec",))
    assert lines(result) == {"consolation": ("unknown", 4_500)}
    assert "読み取れません" in line_of(result, "consolation").reason


def test_api_docs_list_every_discovery_value(client):
    from django.urls import reverse

    from comparisons.domain import terms as engine

    schema = client.get(reverse("api:openapi")).json()
    text = str(schema)
    for key, label in engine.DISCOVERY.items():
        assert f"{key}＝{label}" in text
    assert "public_body と同じ扱い" in engine.DISCOVERY["external"]


def test_police_report_as_a_notice_is_said_to_be_a_reading(catalogue):
    # Mitsui 公表要件 「a. 公的機関に対する届出または報告等。ただし、文書による届出または報告に限り」 and Silver (*5) 「ア. 公的機関に
    # 対する届出または報告等（文書によるものに限ります。）」 name no police: a 被害届 counts, and the condition says it is a reading
    for slug in ("jcci-leak-liability", "silver-cyber"):
        texts = [
            c.text
            for plan in catalogue[slug].plans
            for parts in plan.parts.values()
            for part in parts
            for c in part.conditions
            if c.kind == "publication" and "police_report" in (c.params.get("any_of") or ())
        ]
        assert texts and all("警察の明記がないための読み" in x for x in texts), slug


def test_quotes_support_their_fact(catalogue):
    # Silver 法人見舞費用 is quoted with its own cap 「(*6) 被害法人1法人につき5万円が限度です。」, never the personal 1,000円 sentence
    for plan in catalogue["silver-cyber"].plans:
        corporate = next(p for p in plan.parts_of("cost_consolation") if "法人見舞費用" in p.own_name)
        assert "5万円" in corporate.source.quote and "1,000円" not in corporate.source.quote
    # the advice to add AIG's 危機管理実行費用特約 is sourced to what it pays, not to 「セットせずに…こともできます」
    line = line_of(pay(catalogue, "aig-personal-info:basic", "lost_laptop"), "apology")
    assert "危機管理実行費用特約" in line.reason and "補償します" in line.source.quote


# --- 12 (rest). each condition a note held is applied or shown -----------------------------------------------------


def test_aig_card_numbers_the_insured_did_not_hold_are_an_assumption(catalogue):
    # 003: 「貴社が所有・使用・管理するクレジットカード番号…」, (注) 「…貴社が所有・使用・管理していない利用者のクレジットカード情報
    # などが不正に取得され利用された場合の…損害賠償責任については、「セキュリティ賠償責任特約」…がセットされた場合に補償の対象」:
    # the card leak's 1,000万 is paid on the assumption that the cards were the insured's own, and says so
    line = line_of(pay(catalogue, "aig-personal-info:basic", "card_leak"), "damages")
    assert line.paid == 10_000_000
    assert any("自社が所有・使用・管理していたカード番号等" in a for a in line.assumptions)
    # no card numbers: the assumption is not shown
    other = line_of(pay(catalogue, "aig-personal-info:basic", "card_leak", card_data=False), "damages")
    assert not any("カード番号等" in a for a in other.assumptions)


def test_aig_cyber_rider_windows_and_the_sixty_day_rule_are_shown(catalogue):
    # サイバー攻撃対応費用特約: 「発覚した日からその日を含めて30日以内に…発注されることを条件とし、…着手した日からその日を含めて90日
    # 以内に発生した」 and 「60日以内に発覚したすべてのセキュリティ事故は、…同日に発覚したものとみなします」: 300万 paid (100%),
    # with each shown; データ復元費用特約 carries the 60-day rule as well
    result = pay(
        catalogue, "aig-personal-info:basic", "ransomware", options=("cyber_response", "data_restore")
    )
    investigation = line_of(result, "investigation")
    assert investigation.paid == 3_000_000
    shown = " ".join(investigation.assumptions + investigation.rules)
    assert "30日以内に、サイバー攻撃対応コンサルティングを発注" in shown and "90日以内" in shown
    assert "60日以内に発覚したほかのセキュリティ事故" in shown
    assert any("60日以内" in a for a in line_of(result, "restoration").assumptions)


def test_aig_consulting_on_a_fear_needs_the_insurers_approval(catalogue):
    # 危機管理コンサルティング費用特約: 「個人情報の漏えいまたはそのおそれ（弊社がそのおそれがあることを承認した場合に限ります。）」,
    # 「弊社が事前に承認した危機管理コンサルティング機関」: a fear's consulting 300万 (100%) is paid under both, shown
    incident = terms.Incident(
        frozenset({"leak_fear"}), amounts={"consulting": 3_000_000}, leaked_info="personal"
    )
    line = line_of(pay(catalogue, "aig-personal-info:basic", incident), "consulting")
    assert line.paid == 3_000_000
    assert any("そのおそれがあることを承認した場合" in a for a in line.assumptions)
    assert any("事前に承認した危機管理コンサルティング機関" in a for a in line.assumptions)


def test_silver_corporate_consolation_is_goods_only_and_needs_no_written_consent(catalogue):
    # 002 キ: 「キ. 法人見舞費用(*6) …見舞品の購入費用」 — goods, not cash (unlike カ's 見舞金・金券); (*4) 「書面による同意」 is not
    # attached to キ. 10 companies × 5万 (「(*6) 被害法人1法人につき5万円が限度」) = 50万 − 10万 = 40万
    incident = terms.Incident(
        frozenset({"leak"}), amounts={"corporate_consolation": 80_000}, companies=10, authority_report=True
    )
    line = line_of(pay(catalogue, "silver-cyber:FII", incident), "corporate_consolation")
    assert line.paid == 400_000
    assert any("見舞品の購入費用に限ります" in a for a in line.assumptions)
    assert not any("書面による同意" in a for a in line.assumptions)


# --- 6. reading notes stay in the note fields --------------------------------------------------------------------


def test_member_facing_catalogue_texts_hold_no_reading_note(catalogue):
    # How a table was read (「…と読む」「…と読んだ」「原文で要確認」) belongs in reading_note, which a member sees only as the plain
    # sentence 「パンフレットの表の記載が不明瞭なため…推定」; the texts a member reads must not hold it
    reading = re.compile(r"と読(?:む|んだ)|原文で要確認|これは有効期間ではない")
    texts: list[tuple[str, str]] = []
    for p in catalogue.values():
        texts += [
            (p.slug, x) for x in (p.summary, p.period_text, p.premium_basis, p.cost_limit_relation_text)
        ]
        for plan in p.plans:
            texts += [(plan.code, c.text) for c in plan.conditions]
            for parts in plan.parts.values():
                for cell in parts:
                    fields = (
                        cell.own_name,
                        cell.limit_text,
                        cell.sublimit_text,
                        cell.deductible_text,
                        cell.reason,
                    )
                    texts += [
                        (cell.item, x) for x in (*fields, *(c.text for c in cell.conditions), *cell.notes)
                    ]
        texts += [(n.kind, x) for n in p.notes for x in (n.title, n.body)]
    assert [(where, x) for where, x in texts if x and reading.search(x)] == []
    # the Silver 内枠 reading is still said, as a reading, through its note
    silver = catalogue["silver-cyber"].plan("GI").parts_of("cost_cyber_investigation")[0]
    assert silver.source.reading_note and "計算しています" in silver.sublimit_text
