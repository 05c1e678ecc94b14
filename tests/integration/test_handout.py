"""The A4 handout PDF: the same answers as /compare/, on paper."""

from __future__ import annotations

import io
import re
from urllib.parse import quote

import pytest
from django.utils import timezone
from pypdf import PdfReader

pytestmark = pytest.mark.django_db
URL = "/compare/handout.pdf"

SILVER = (
    "membership=silver&organisation=silver_center&rank=B"
    "&plans=silver-cyber:FII&plans=silver-cyber:GII&start=2026-06-15"
)
JCCI_FOUR = (
    "membership=jcci&organisation=company&industry=60&revenue=5000万円&start=2026-06-15"
    "&handles=personal_data&handles=business_interruption"
    "&plans=sompo-jcci-cyber:basic&plans=jcci-leak-liability:standard-B"
    "&plans=jcci-leak-liability:premium-B&plans=aig-personal-info:basic"
    "&options=sompo-jcci-cyber:bi"
)


def fetch(client, query: str = ""):
    response = client.get(f"{URL}?{query}" if query else URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    return response


def read(response) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    return reader, re.sub(r"\s+", "", text)  # extraction may put spaces between Japanese characters


def font_names(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object().get("/BaseFont", "")))
    return names


def test_silver_handout_has_the_exact_premiums_and_dates(client):
    response = fetch(client, SILVER)
    name = f"サイバー保険比較_{timezone.localdate():%Y-%m-%d}.pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;")
    assert f"filename*=UTF-8''{quote(name)}" in disposition
    reader, text = read(response)
    assert len(reader.pages) >= 1
    assert "サイバー保険比較資料" in text
    assert "81,190" in text and "73,810" in text  # rank B, 充実 II型 and 限定 II型
    assert "2026年6月12日" in text  # the mid-term deadline: the day before, moved over the weekend
    assert "充実プラン" in text
    assert "ランクB" in text
    assert f"作成日{timezone.localdate():%Y年%-m月%-d日}" in text
    assert "1/" in text and "ページ" in text  # page numbers in the margin
    # the pamphlet the figures come from, by title and edition (never the extracted text's file name)
    assert (
        "『シルバー人材センター向けサイバー・情報漏えい保険』パンフレット（有効期間2026年4月1日～2027年4月1日）"
        in text
    )
    assert "0120-269-318" in text  # Silver's hotline
    assert "パンフレットおよび保険約款・特約の記載が優先します" in text


def test_jcci_four_plans(client):
    reader, text = read(fetch(client, JCCI_FOUR))
    assert len(reader.pages) >= 3
    assert "要見積" in text
    assert "見積に必要な情報" in text
    assert "例" in text and "約3万円" in text  # Mitsui's nearest worked example, labelled as one
    assert "飲食店（リスク区分コード60）" in text
    assert "5,000万円" in text
    for plan in ("基本補償", "スタンダードプランセットB", "プレミアムプランセットB", "個人情報漏洩保険"):
        assert plan in text
    assert "★" in text  # the member's worries are marked without colour
    assert "◯補償あり" in text and "✕補償なし" in text
    assert "0120-318-258" in text  # Sompo's incident desk


def test_matrix_header_repeats_on_each_page(client):
    reader, _text = read(fetch(client, JCCI_FOUR))
    pages = [re.sub(r"\s+", "", p.extract_text() or "") for p in reader.pages]
    matrix_pages = [p for p in pages if "補償項目" in p]
    assert len(matrix_pages) >= 2  # the four-plan matrix runs over several pages, each with its header


def test_fonts_are_embedded(client):
    reader, _text = read(fetch(client, SILVER))
    names = font_names(reader)
    assert any("IPAex" in n for n in names), names
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_qr_code_and_online_link(client):
    response = fetch(client, SILVER)
    online = "http://testserver/compare/?" + SILVER.replace(":", "%3A")
    assert response.context["online_url"] == online
    assert response.context["qr"].startswith("data:image/svg+xml")
    reader, _text = read(response)
    links = [
        annot.get_object()["/A"]["/URI"]
        for annot in reader.pages[0].get("/Annots", [])
        if "/URI" in annot.get_object().get("/A", {})
    ]
    assert online in links


def test_too_long_a_query_gives_no_qr_but_a_pdf(client):
    response = fetch(client, "membership=jcci&industry_q=" + "あ" * 2000)
    assert response.context["qr"] is None
    _reader, text = read(response)
    assert "QRコードにできません" in text


def test_no_simulation_without_an_incident(client):
    response = fetch(client, SILVER)
    assert response.context["simulation"] is None
    assert "事故が起きたときの試算" not in read(response)[1]


def test_simulation_from_the_simulator_is_printed(client):
    # 002: self-discovered suspected attack, 500万円: 0 under 情報漏えい限定, 500万 × 90% − 10万 = 440万 under 充実
    query = "scenario=attack_suspected_self&plans=silver-cyber:GII&plans=silver-cyber:FII"
    _reader, text = read(fetch(client, query))
    flat = re.sub(r"\s+", "", text)
    assert "事故が起きたときの試算" in flat
    assert "440万円" in flat and "外部通報" in flat


@pytest.mark.parametrize(
    "query",
    [
        "revenue=%3Cscript%3Ealert(1)%3C%2Fscript%3E&membership=jcci",
        "membership=%3Cscript%3E&industry=ZZ&rank=Z&start=2026-02-30&security=99",
        "plans=no-such:plan&options=x:y&start=1900-01-01",
        "plans=silver-cyber:GI&plans=silver-cyber:GII&plans=silver-cyber:GIII"
        "&plans=silver-cyber:FI&plans=silver-cyber:FII",
        "revenue=" + "9" * 500,
        "",
    ],
)
def test_bad_answers_still_give_a_pdf(client, query):
    reader, text = read(fetch(client, query))
    assert len(reader.pages) >= 1
    assert "<script>" not in text
    assert "サイバー保険比較資料" in text


def test_bad_answer_is_named_not_echoed(client):
    _reader, text = read(fetch(client, "membership=jcci&revenue=たくさん"))
    assert "読み取れなかった回答（年間売上高）" in text
    assert "たくさん" not in text


def test_results_link_to_the_handout(client):
    html = client.get("/compare/", {"membership": "silver", "rank": "B"}).content.decode()
    assert 'href="/compare/handout.pdf?membership=silver&amp;rank=B"' in html
    assert "PDFで保存・印刷" in html


def test_the_handout_is_a_tagged_pdf_ua(client):
    """Screen readers read the handout: a PDF/UA-1 document with a structure tree, marked content, its
    title shown and its language (WeasyPrint's pdf/ua-1 variant)."""
    reader, _text = read(fetch(client, SILVER))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root.get("/Lang", "")).startswith("ja")
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    metadata = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfuaid:part(="1"|>1<)', metadata)
    assert "サイバー保険 比較資料" in (reader.metadata.title or "")


def test_the_handout_answers_first_like_the_page(client, monkeypatch):
    """Page 1 carries the summary's cards (price as what it is, dates with 【推定】, the next step) before the
    detail, for the issue's restaurant (1億2,000万円, card data, business interruption)."""
    import datetime as dt

    from django.utils import timezone as tz

    monkeypatch.setattr(tz, "localdate", lambda *a, **k: dt.date(2026, 12, 1))
    response = fetch(
        client,
        "membership=jcci&organisation=company&industry=60&revenue=1億2,000万円"
        "&handles=card_data&handles=business_interruption&start=2027-01-01",
    )
    reader, _ = read(response)
    first = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in reader.pages[:2]))
    assert "まとめ：加入条件を満たす制度" in first
    summary = first.split("まとめ：加入条件を満たす制度", 1)[1]
    assert "参考：パンフレットの保険料例（飲食業・売上高5,000万円・セットA）" in summary
    assert "セット：例はセットA、お選びはプレミアムプランセットB" in summary
    # Sompo: 「補償開始月の前月15日(休日の場合は翌営業日)」 for 2027-01-01 → 12/15 (火), outside the pamphlet: 推定
    assert "締切2026年12月15日（火）【推定】" in summary
    assert "次の一歩：見積を依頼する" in summary
    assert "「シルバー人材センター（事業協会の会員）」であれば、さらに1つの制度" in summary
    _, text = read(response)
    assert text.index("まとめ：加入条件を満たす制度") < text.index("加入条件を満たす制度（3件/4件）")


def body_text(response) -> str:
    """The PDF's text without the page margins (title, date, page number, the reminder), so that a text
    running over a page break reads whole; whitespace removed."""
    reader = PdfReader(io.BytesIO(response.content))
    pages = []
    for page in reader.pages:
        text = re.sub(r"\s+", "", page.extract_text() or "")
        text = re.sub(r"\d+/\d+ページ|パンフレット・約款の記載が優先します|作成日\d{4}年\d+月\d+日", "", text)
        pages.append(text.replace("サイバー保険比較資料", ""))
    return "".join(pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_matrix_prints_every_long_text_whole_and_once(client):
    """Paper cannot fold a cell open, and a column is a quarter of the page: a long reason (why ✕ / ？ / △),
    limit in words or ▷ condition is printed once, whole, under the table as 表の注n with the programmes
    whose cells refer to it, and its cells say 「表の注n」; nothing in a cell is cut with 「…」. Shared texts:
    AIG gives the same reason for its two IT liability rows (neither is among the four liabilities its riders
    cover), Mitsui's standard set gives the same 「プレミアムのみ」 reason for five cost rows."""
    from comparisons.handout.views import LONG_CONDITION, LONG_LIMIT, LONG_REASON

    matrix = client.get(f"/compare/?{JCCI_FOUR}").context["result"].matrix
    text = body_text(fetch(client, JCCI_FOUR))
    long_texts, short_texts, part_names = set(), set(), set()
    for group in matrix.groups:
        for row in group.rows:
            for mc in row.cells:
                part_names |= {v.part.own_name for v in mc.other_parts}
                if mc.status == "condition":
                    limit = LONG_CONDITION
                    (long_texts if len(mc.condition_text) > limit else short_texts).add(mc.condition_text)
                    continue
                if mc.status != "included" and mc.cell.reason:
                    (long_texts if len(mc.cell.reason) > LONG_REASON else short_texts).add(mc.cell.reason)
                if mc.cell.limit is None and mc.cell.limit_text:
                    limit = LONG_LIMIT
                    (long_texts if len(mc.cell.limit_text) > limit else short_texts).add(mc.cell.limit_text)
    notes_text = text.split("表の注：表の中の「表の注」の番号の全文です。", 1)[1].split(
        "の条件（表の※の番号）", 1
    )[0]
    notes, n, rest = {}, 1, notes_text.removeprefix("表の注1")  # 表の注1（programmes）text 表の注2…
    while rest:
        body, _, rest = rest.partition(f"表の注{n + 1}（")
        notes[n] = body.split("）", 1)[1]  # without （the programmes）
        rest = "（" + rest if rest else rest
        n += 1
    assert len(set(notes.values())) == len(notes)  # no text twice
    noted = {t for t in long_texts if any(body.startswith(flat(t)) for body in notes.values())}
    assert len(noted) >= 10  # the four plans have many long texts: the test is not vacuous
    for whole in (long_texts - noted) | short_texts | part_names - {""}:
        assert flat(whole) in text, whole  # in its cells, whole
    matrix_text = text.split("補償の比較", 1)[1].split("表の注：", 1)[0]
    assert "…" not in matrix_text
    # Sompo's limit is short enough to stay whole in each of its covers' cells
    assert matrix_text.count("限度額：申込書で決定（パンフレットに記載なし）") >= 10
    assert matrix_text.count("理由：表の注") >= 8
    aig_it = (
        next(r for g in matrix.groups for r in g.rows if r.item == "liability_it_use").cells[3].cell.reason
    )
    credit = next(r for g in matrix.groups for r in g.rows if r.item == "cost_credit_monitoring")
    for shared in (aig_it, credit.cells[1].cell.reason):
        number = next(n for n, body in notes.items() if body.startswith(flat(shared)))
        assert matrix_text.count(f"理由：表の注{number}") >= 2, shared
    assert (
        "表の注3（AIG個人情報漏洩保険）" in text
        or "（AIG個人情報漏洩保険）損害賠償責任を補償するのは" in text
    )


def test_a_cell_never_keeps_words_that_say_less_than_its_note(client):
    """A cell keeps the words before a note only when all that is left out is one parenthesis at the end:
    AIG's 危機管理実行費用 limit 「危機管理実行費用特約の支払限度額（…）の内枠。…」 is a share inside that
    limit, so its cell shows the note's number alone, never 「危機管理実行費用特約の支払限度額（表の注n）」;
    「個人情報漏洩特約の支払限度額の内枠（申込書で決定）」 keeps 「…の内枠」. A 内枠 larger than the set's limit
    (Mitsui premium: 内枠 1,000万円 in a 500万円 set, 「※内枠は限度額を超えて支払うものではありません」) says so
    on its own line."""
    text = body_text(fetch(client, JCCI_FOUR))
    matrix_text = text.split("補償の比較", 1)[1].split("表の注：", 1)[0]
    assert "危機管理実行費用特約の支払限度額（表の注" not in matrix_text
    assert "限度額：個人情報漏洩特約の支払限度額の内枠（表の注" in matrix_text
    assert "内枠1,000万円（このセットでは限度額500万円が上限）" in matrix_text
    assert "限度額：サービス（保険金の限度額ではない）" in matrix_text  # short: whole in its cell


def test_two_plans_of_one_programme_share_their_condition_numbers(client):
    """Mitsui's standard and premium sets print each condition once, numbered for the programme; the
    condition both carry on 争訟費用 (「争訟費用は、引受保険会社の同意を得て支出したもの」, the pamphlet's
    賠償損害 ② note) is one number in both columns, and the conditions every cover of both plans has are said
    once for both (the 180日 / 1年間 windows and the territories differ, so each plan keeps its own)."""
    text = body_text(fetch(client, JCCI_FOUR))
    heading = "商工会議所情報漏えい賠償（スタンダードプランセットB・プレミアムプランセットB）の条件"
    assert heading in text
    assert text.count("争訟費用は、引受保険会社の同意を得て支出したものに限ります。") == 1
    plan_wide = text.split("プラン全体の条件", 1)[1]
    assert (
        plan_wide.count(
            "被保険者（記名被保険者・その役員）の犯罪行為（過失犯を除く）による損害は対象外です。"
        )
        == 1
    )
    assert "180日間が経過するまでに" in plan_wide and "1年間が経過するまでに" in plan_wide
    assert "保険適用地域は日本国内です" in plan_wide and "保険適用地域は全世界です" in plan_wide


def test_a_page_that_begins_inside_a_list_of_notes_names_it(client):
    """The notes under the matrix run over several pages: a page that begins inside a list says in its
    header which list it continues (「表の注（つづき）」); the page where a list starts, and the pages after
    the last list, say nothing of the kind."""
    response = fetch(client, JCCI_FOUR)
    reader, _text = read(response)
    pages = [re.sub(r"\s+", "", p.extract_text() or "") for p in reader.pages]
    squeeze = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    titles = {  # each list's continuation label: its title, as printed where the list starts
        "表の注（つづき）": "表の注：表の中の「表の注」の番号の全文です。",
        "プラン全体の条件（つづき）": "プラン全体の条件（すべての補償に共通）",
    }
    for title, _numbered in response.context["result"].matrix.condition_legend:
        titles[squeeze(f"{title}の条件（つづき）")] = squeeze(f"{title}の条件（表の※の番号）")
    assert len(titles) >= 5  # 表の注, three programmes' ※ conditions, the plans' common conditions
    continued = {i: [label for label in titles if label in p] for i, p in enumerate(pages)}
    assert sum(map(bool, continued.values())) >= 2, "the four-plan notes need a longer list for this test"
    for i, labels in continued.items():
        assert len(labels) <= 1, labels  # one header a page
        for label in labels:
            title = titles[label]
            assert title not in pages[i], (i, label)  # a list's first page is not its continuation
            started = [j for j in range(i) if title in pages[j]]
            assert started, (i, label)  # the list started on an earlier page
            assert all(continued[j] == [label] for j in range(started[-1] + 1, i)), (i, label)
    start = next(i for i, p in enumerate(pages) if titles["表の注（つづき）"] in p)
    assert not continued[start]
    after = next(i for i, p in enumerate(pages) if "出典：各制度のパンフレット（末尾の「出典」の表）" in p)
    assert all(not continued[i] for i in range(after + 1, len(pages)))  # the pages after the notes
    assert "（つづき）" not in "".join(pages[:start])  # nothing before the notes
