"""The answer first: the summary's cards for four members, worked out by hand from the pamphlets.

Each expected value has the pamphlet's words (or the rule) beside it. `today` is fixed at 2026-12-01 (JST), so
the dates do not move with the clock.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict

from comparisons.catalogue import selectors
from comparisons.compare.forms import CompareForm, compare_request, plan_and_option_choices
from comparisons.compare.results import build
from comparisons.compare.summary import Links, build_summary

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)

RESTAURANT = (
    "membership=jcci&organisation=company&industry=60&revenue=1億2,000万円"
    "&handles=card_data&handles=business_interruption&start=2026-12-01"
)
SILVER = "membership=silver&organisation=silver_center&rank=B&handles=lost_device"
SOFTWARE = "membership=jcci&organisation=company&industry=22&revenue=３億&handles=it_services"
NON_MEMBER = "membership=none"


def summarise(query: str):
    products = selectors.products()
    risk = selectors.risk_categories()
    plan_choices, option_choices = plan_and_option_choices(products)
    industries = [("業種", [(r.code, r.name) for r in risk])]
    data = QueryDict(query)
    form = CompareForm(data, industries=industries, plan_choices=plan_choices, option_choices=option_choices)
    form.is_valid()
    req = compare_request(form.cleaned_data)
    items = selectors.taxonomy_rows()
    table = {r.code: r for r in risk}
    result = build(products, table, req, today=TODAY, items=items)
    links = Links(
        query=tuple((k, v) for k, vs in data.lists() for v in vs),
        compare="/compare/",
        request="/agents/request/",
        product="/products/{slug}/",
    )
    return build_summary(
        result,
        req,
        today=TODAY,
        risk_table=table,
        item_labels={key: label for key, _g, label, _h in items},
        links=links,
    )


def card(summary, slug):
    return next(c for c in summary.cards if c.slug == slug)


def test_restaurant_with_card_data_worried_about_an_outage():
    s = summarise(RESTAURANT)
    # cards: the three programmes a chamber member can join; Silver is for silver centres only
    assert [c.slug for c in s.cards] == ["jcci-leak-liability", "aig-personal-info", "sompo-jcci-cyber"]
    # order: each covers the card worry (1 ★ each); then how well the price is known: Mitsui's reference
    # example before the two 要見積, which keep the catalogue's order
    assert [c.covered for c in s.cards] == [1, 1, 1]

    mitsui = card(s, "jcci-leak-liability")
    # no figure for セットB of a 1億2,000万円 restaurant: the nearest example of the premium family is shown as
    # 参考 — 「飲食業 5,000万円 A 約3万円 約3万円」 (プレミアム first) — with how the case differs
    assert mitsui.price.kind == "reference"
    assert mitsui.price.headline == "約3万円"
    assert mitsui.price.label == "参考：パンフレットの保険料例（飲食業・売上高5,000万円・セットA）"
    assert "年間売上高：例は5,000万円、あなたは1億2,000万円" in mitsui.price.differences
    assert "セット：例はセットA、お選びはプレミアムプラン セットB" in mitsui.price.differences
    assert mitsui.action.label == "見積を依頼する"
    # the 2019 table is not carried to another year: no date, and whom to ask
    assert mitsui.dates.deadline is None and mitsui.dates.start is None
    assert "代理店または保険会社にご確認ください" in mitsui.dates.words
    # the pamphlet ran 2019-03 to 2020-03: said in the verdict itself
    assert mitsui.verdict == "△ パンフレットの加入条件は満たしています（パンフレットは期間外）"
    assert not mitsui.pamphlet.current and "期間は過ぎています" in mitsui.pamphlet.label

    sompo = card(s, "sompo-jcci-cyber")
    # 利益・営業継続費用 is an option of Sompo's policy: offered, and it changes the price (要見積)
    worry = {w.label: w for w in sompo.worries}["システムが止まると営業できない"]
    assert (worry.symbol, worry.words) == ("＋", "オプションを付けると補償")
    assert [o.name for o in sompo.offered] == ["利益・営業継続費用補償追加条項"]  # 自主的停止 needs it first
    assert "options=sompo-jcci-cyber%3Abi" in sompo.offered[0].url
    assert (
        "handles=card_data" in sompo.offered[0].url
        and "handles=business_interruption" in sompo.offered[0].url
    )
    assert (sompo.price.kind, sompo.price.headline) == ("quote_required", "要見積")
    # 「補償開始月の前月15日(休日の場合は翌営業日)」: 12/1's deadline 11/16 has passed; 1/1's is 12/15 (火)
    assert (sompo.dates.start, sompo.dates.deadline) == (dt.date(2027, 1, 1), dt.date(2026, 12, 15))
    assert sompo.dates.estimated  # the pamphlet covers starts up to 2026-02-01

    aig = card(s, "aig-personal-info")
    assert aig.price.headline == "要見積" and aig.dates.deadline is None
    assert "申込締切の記載がありません" in aig.dates.words

    assert [x.slug for x in s.excluded] == ["silver-cyber"]
    assert s.excluded[0].would_change == ("「シルバー人材センター（事業協会の会員）」であれば加入できます。",)


def test_silver_centre_at_rank_b_worried_about_a_lost_laptop():
    s = summarise(SILVER)
    assert [c.slug for c in s.cards] == ["silver-cyber", "aig-personal-info"]  # a figure before 要見積
    silver = card(s, "silver-cyber")
    # 「F II 1億円 … 140,890円 81,190円 28,610円」 (ranks A, B, C): 充実プラン II型 at rank B
    assert silver.plan_name == "充実プラン II型"
    assert (silver.price.kind, silver.price.headline) == ("exact", "年間 81,190円")
    assert "ランクB" in silver.price.label
    assert silver.action.label == "この制度を代理店に申し込む"
    # 「加入希望日の前日（前日が休祝日の場合はその前日）まで」: a 12/1 start's deadline 11/30 has passed, so the
    # earliest start is 12/2, deadline 12/1 (火); inside the pamphlet's period
    assert (silver.dates.start, silver.dates.deadline, silver.dates.estimated) == (
        dt.date(2026, 12, 2),
        dt.date(2026, 12, 1),
        False,
    )
    assert silver.pamphlet.current
    # the pamphlet's year runs from 2026-04-01: a 12/2 start is a mid-term join, whose premium the table does not
    # give (「中途加入の保険料は代理店…へ照会」): the annual figure is said to be the annual join's
    assert silver.dates.mid_term
    assert silver.price.note.startswith("この額は年間加入の保険料です。12月2日開始は中途加入で、")
    assert "全福サービス（03-3252-2012）" in silver.price.note
    [worry] = silver.worries
    assert (worry.label, worry.symbol, worry.words) == (
        "パソコン・USBメモリの紛失・盗難が心配",
        "✓",
        "補償あり",
    )
    assert s.opens_more == (
        "「商工会議所の会員」であれば、さらに2つの制度（商工会議所 情報漏えい賠償、損保ジャパン サイバー）に加入できます。",
    )


def test_software_house_doing_it_work_with_revenue_typed_full_width():
    s = summarise(SOFTWARE)
    mitsui = card(s, "jcci-leak-liability")
    # IT業務特約 covers 「④IT業務の遂行に起因する業務阻害等」 and code 22 may take it (48–54, 5G may not)
    assert [o.name for o in mitsui.offered] == ["IT業務特約"]
    # 「インターネットサービス業 3億円 B 約84万円 約81万円」, IT業務特約をセット: the example with IT work
    assert mitsui.price.headline == "約84万円"
    assert (
        mitsui.price.label
        == "参考：パンフレットの保険料例（インターネットサービス業・売上高3億円・セットB・IT業務特約あり）"
    )
    assert (
        mitsui.price.differences[0]
        == "業種：例は「インターネットサービス業」、あなたは「ソフトウェア業」（リスク区分22）"
    )
    assert not any("売上高" in d for d in mitsui.price.differences)  # ３億 = 3億円, as the example
    sompo = card(s, "sompo-jcci-cyber")
    assert [o.name for o in sompo.offered] == ["ITサービス業務補償追加条項"]


def test_software_house_with_the_option_added_is_covered():
    s = summarise(SOFTWARE + "&options=jcci-leak-liability:it&plans=jcci-leak-liability:premium-B")
    mitsui = card(s, "jcci-leak-liability")
    assert mitsui.offered == () and mitsui.options == ("IT業務特約",)
    assert [(w.symbol, w.words) for w in mitsui.worries] == [("✓", "補償あり")]
    assert s.cards[0].slug == "jcci-leak-liability"  # now it covers the worry: first


def test_no_it_option_offered_to_a_bank():
    """「48~54(金融・保険)、5G(信用保証協会)の場合、IT業務特約はセットいただけません」"""
    s = summarise("membership=jcci&organisation=company&industry=48&revenue=3億&handles=it_services")
    assert card(s, "jcci-leak-liability").offered == ()
    assert any("付けられません" in c for c in card(s, "jcci-leak-liability").cautions)


def test_a_non_member_can_join_only_aig_and_learns_what_would_open_the_others():
    s = summarise(NON_MEMBER)
    assert [c.slug for c in s.cards] == ["aig-personal-info"]
    assert {x.slug for x in s.excluded} == {"sompo-jcci-cyber", "jcci-leak-liability", "silver-cyber"}
    assert s.opens_more == (
        "「商工会議所の会員」であれば、さらに2つの制度（商工会議所 情報漏えい賠償、損保ジャパン サイバー）に加入できます。",
        "「シルバー人材センター（事業協会の会員）」であれば、さらに1つの制度（シルバー サイバー保険）に加入できます。",
    )


def test_what_would_change_is_asked_of_the_eligibility_rules():
    """Mitsui refuses a revenue over 5,000億円 and an industry outside its table: each is named."""
    s = summarise("membership=jcci&organisation=company&industry=none&revenue=6000億")
    mitsui = next(x for x in s.excluded if x.slug == "jcci-leak-liability")
    assert mitsui.would_change == (
        "年間売上高が上限を超えています。",
        "業種がリスク区分表にありません（表にある業種なら加入できます）。",
    )
    assert len(mitsui.reasons) == 2


def test_the_matrix_headers_carry_the_cards_price_and_deadline(client):
    html = client.get(
        "/compare/?" + SILVER + "&plans=silver-cyber:FII&plans=silver-cyber:GII&plans=aig-personal-info:basic"
    ).content.decode()
    head = html[html.index('id="h-matrix"') :].split("</thead>")[0]
    # the card's figure for FII, and GII's own: 「G II 1億円 … 128,080円 73,810円 26,010円」
    assert "年間 81,190円（確定額）" in head and "年間 73,810円（確定額）" in head
    assert "ランクで決まる額" not in head
    assert head.count("締切：") == 3 and "要見積" in head


def test_the_summary_comes_first_on_the_page(client):
    html = client.get("/compare/?" + RESTAURANT).content.decode()
    assert html.index('id="summary"') < html.index('id="h-matrix"') < html.index('id="h-price"')
    assert html.index('id="h-price"') < html.index('id="h-dates"')
    assert "並び順：★の心配ごとを補償する数が多い制度を先に" in html


def test_a_worry_partly_covered_names_what_is_left_out():
    """Mitsui's スタンダードプラン pays ⑥事故原因・被害範囲調査費用 but not the premium-only costs: 「プレミアムのみ
    … ケ. 情報システム等復旧費用 … サ. 再発防止費用」 and サイバー攻撃調査費用 (read as premium only)."""
    s = summarise("membership=jcci&handles=ransomware&plans=jcci-leak-liability:standard-B")
    [worry] = card(s, "jcci-leak-liability").worries
    assert (worry.symbol, worry.words) == ("✓", "一部を補償")
    assert worry.detail == "サイバー攻撃の疑いの調査費用・システム・データの復旧費用・再発防止費用は対象外"


def test_without_a_rank_silvers_price_is_the_range_of_its_table():
    """No rank: the card gives the plan's row of the table (「F II … 140,890円 81,190円 28,610円」) as a range,
    and says the rank decides it."""
    s = summarise("membership=silver")
    silver = card(s, "silver-cyber")
    assert silver.price.headline == "年間 28,610円～140,890円"
    assert silver.price.short == "年間 28,610円～140,890円（ランクで決まる額）"


def test_a_card_waiting_for_an_answer_asks_for_it():
    # no 事業の形態: Mitsui's exclusions (「次の①~④に該当する事業者…は対象となりません」: 官公庁、地方公共団体、
    # 独立行政法人 …) cannot be applied yet (three-state eligibility), so its card says so, comes after the programmes the member can join, and its one action is to answer
    s = summarise(RESTAURANT.replace("organisation=company&", ""))
    assert [c.slug for c in s.cards][-1] == "jcci-leak-liability"
    mitsui = card(s, "jcci-leak-liability")
    assert (mitsui.joinable, mitsui.verdict) == ("unknown", "？ まだ判定できません")
    assert mitsui.verdict_details == ("判定には次の回答が必要です：事業の形態",)
    assert (mitsui.action.label, mitsui.action.url) == ("「事業の形態」に答える", "#id_organisation")
    # the others keep their usual action
    assert card(s, "sompo-jcci-cyber").action.label == "見積を依頼する"


def test_a_quote_required_card_reads_as_one_sentence():
    sompo = card(summarise(RESTAURANT), "sompo-jcci-cyber")
    assert sompo.price.label.startswith("この制度のパンフレットには保険料の表がありません。")
    assert "。）" not in sompo.price.label


def test_mitsui_example_of_exactly_the_members_case():
    # 「製造業 10億円 C 約9万円 約6万円」 (上段プレミアム): a 製造業 その他 (18) with 10億円 and プレミアムプラン セットC,
    # starting inside the pamphlet's period (2019-04-01), is exactly the example: its figure is shown as the
    # example of the same case, never as a table price
    s = summarise(
        "membership=jcci&organisation=company&industry=18&revenue=10億"
        "&plans=jcci-leak-liability:premium-C&start=2019-04-01"
    )
    mitsui = card(s, "jcci-leak-liability")
    assert (mitsui.price.kind, mitsui.price.headline) == ("same_case", "約9万円")
    assert (
        mitsui.price.label
        == "パンフレットの保険料例（製造業・売上高10億円・セットC）：あなたと同じ条件の例です"
    )
    assert mitsui.price.differences == ()
    assert mitsui.action.label == "見積を依頼する"


def test_silver_mid_term_start_shows_the_table_as_reference():
    # a 2027-01-01 start is a 中途加入 in the 2026-04-01 year: 「中途加入の保険料は…照会」, so the table's 81,190円
    # (「F II 1億円 … 140,890円 81,190円 28,610円」, rank B) is 参考 only, and the card's action asks the agent
    silver = card(summarise(SILVER + "&start=2027-01-01"), "silver-cyber")
    assert (silver.price.kind, silver.price.headline) == ("reference", "81,190円")
    assert silver.price.note.startswith("表の額は年間加入の保険料で、あなたの保険料ではありません。")
    assert "全福サービス（03-3252-2012）" in silver.price.note
    assert silver.action.label == "代理店に保険料を確認する"
    # 「加入希望日の前日（前日が休祝日の場合はその前日）まで」: 12/31 read as a holiday → 12/30, 推定 and why
    assert (silver.dates.deadline, silver.dates.deadline_estimated) == (dt.date(2026, 12, 30), True)
    assert silver.dates.mid_term and not silver.dates.start_estimated
    assert any("12月31日〜1月3日を休日として数えました" in w for w in silver.dates.why_estimated)
