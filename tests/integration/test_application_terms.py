"""What each pamphlet leaves to the application (enrollment/application_terms.py) and how each asks its 告知事項
(enrollment/disclosures.py): tables worked from the pamphlets, every plan of every programme."""

from __future__ import annotations

import pytest

from enrollment import application_terms, disclosures

pytestmark = pytest.mark.django_db
M = 10_000  # 万円

# Mitsui 001 「6 支払限度額・免責金額・縮小支払割合の設定」: the free set's lists —
# 賠償 「■1,000万円～5,000万円 (1,000万円単位) ■1億円～10億円 (1億円単位)」,
# 費用 「■100万円～900万円 (100万円単位) ■1,000万円～5,000万円 (1,000万円単位) ■1億円～5億円 (1億円単位)」,
# 免責 「なし、1、3、5、10、20、30、50、100、150、300、500、1,000万円 なし、10万円」.
MITSUI_FREE = [
    (
        "liability_limit",
        "choice",
        tuple([n * 1000 * M for n in range(1, 6)] + [n * 10000 * M for n in range(1, 11)]),
    ),
    (
        "cost_limit",
        "choice",
        tuple(
            [n * 100 * M for n in range(1, 10)]
            + [n * 1000 * M for n in range(1, 6)]
            + [n * 10000 * M for n in range(1, 6)]
        ),
    ),
    (
        "liability_deductible",
        "choice",
        tuple(n * M for n in (0, 1, 3, 5, 10, 20, 30, 50, 100, 150, 300, 500, 1000)),
    ),
    ("cost_deductible", "choice", (0, 10 * M)),
]
# Sompo 000: 「引受条件(保険金額等)、保険料はご加入時の保険契約申込書をご確認ください。」 — no figure printed:
# the limits and deductibles are amounts agreed with the insurer; 利益・営業継続費用 has its own 保険金額.
SOMPO = [
    ("liability_limit", "amount", ()),
    ("liability_deductible", "amount", ()),
    ("cost_limit", "amount", ()),
    ("cost_deductible", "amount", ()),
    ("option_limit:bi", "amount", ()),
    ("option_limit:voluntary_shutdown", "amount", ()),
]
# AIG 003: 「ご契約時に設定いただく支払限度額、免責金額（自己負担額）および自己負担割合が適用されます。」;
# 企業情報漏洩特約 「①1,000万円 ②3,000万円 ③個人情報漏洩特約の支払限度額と同額」; 特許等知的財産権特約 「①1,000万円 ②3,000万円」.
AIG = [
    ("liability_limit", "amount", ()),
    ("liability_deductible", "amount", ()),
    ("copay_percent", "percent", ()),
    ("option_limit:corp_info", "choice", (1000 * M, 3000 * M, application_terms.SAME)),
    ("option_limit:ip", "choice", (1000 * M, 3000 * M)),
]

EXPECTED = {
    ("sompo-jcci-cyber", "basic"): SOMPO,
    ("aig-personal-info", "basic"): AIG,
    **{("jcci-leak-liability", f"{family}-E"): MITSUI_FREE for family in ("standard", "premium")},
}


def test_every_plan_asks_what_its_pamphlet_leaves_to_the_application(catalogue):
    for slug, product in catalogue.items():
        for plan in product.plans:
            found = [(t.name, t.kind, t.choices) for t in application_terms.terms_for(product, plan.code)]
            # Silver's table and Mitsui's sets A–D print every figure: nothing is left to the application
            assert found == EXPECTED.get((slug, plan.code), []), (slug, plan.code)


def test_a_riders_term_is_asked_only_when_the_rider_is_chosen(catalogue):
    terms = application_terms.terms_for(catalogue["aig-personal-info"], "basic")
    assert [t.name for t in application_terms.needed(terms, set())] == [
        "liability_limit",
        "liability_deductible",
        "copay_percent",
    ]
    assert "option_limit:ip" in [t.name for t in application_terms.needed(terms, {"ip"})]


@pytest.mark.parametrize(
    ("value", "words"),
    [(1000 * M, "1,000万円"), (application_terms.SAME, "個人情報漏洩特約の支払限度額と同額")],
)
def test_choice_labels(value, words):
    assert application_terms.choice_label(value) == words


# 告知事項 as each pamphlet asks them (the kinds are read from the wording; every note has one).
DISCLOSURES = {
    # AIG 「主な告知事項 ①保険の対象業務の内容 ②保険料の算出基礎（売上高、生徒数・児童数、病床数 など）
    # ③同様の補償を提供する他の保険契約（共済を含みます。）の有無およびその内容 ④過去3年間における…事故の有無およびその内容」
    "aig-personal-info": ["text", "basis", "yes_no", "yes_no"],
    # Mitsui 「次の①~③の事項について記載いただいた引受保険会社所定の告知事項申告書」: ①売上高 ②③…の有無
    "jcci-leak-liability": ["basis", "yes_no", "yes_no"],
    # Sompo 「＜告知事項＞保険契約申込書等および付属書類の記載事項全て」, then ①記名被保険者 ②業務内容
    # ③…申込書以外の書面で告知を求めた事項 ④…記載する場合はその内容, and 「⑤ 記載事項の確認」
    "sompo-jcci-cyber": ["statement", "applicant", "text", "optional_text", "optional_text", "confirm"],
    # Silver: the pamphlet prints no 告知事項
    "silver-cyber": [],
}


def test_every_disclosure_is_asked_the_way_its_pamphlet_asks_it(catalogue):
    for slug, product in catalogue.items():
        assert [q.kind for q in disclosures.questions(product)] == DISCLOSURES[slug], slug


def test_a_yes_needs_its_content_and_a_description_is_required(catalogue):
    questions = disclosures.questions(catalogue["aig-personal-info"])
    missing = disclosures.problems(questions, {}, revenue=None)
    assert len(missing) == 4  # 業務の内容, 売上高, ③ and ④ unanswered
    answers = {
        "0": {"answer": "", "detail": "ソフトウェア開発"},
        "2": {"answer": "yes", "detail": ""},
        "3": {"answer": "no", "detail": ""},
    }
    assert disclosures.problems(questions, answers, revenue=1) == [
        "告知事項「告知事項③ 他の保険契約」が「あり」のときは、その内容を記入してください。"
    ]
    answers["2"]["detail"] = "○○損保 1億円"
    assert disclosures.problems(questions, answers, revenue=1) == []
    assert disclosures.display(questions[2], answers["2"]) == "あり（○○損保 1億円）"
    assert disclosures.answer_of({"3": "no"}, questions[3]) == {"answer": "no", "detail": ""}  # old shape
