"""The logic of `manage.py check_pamphlet` on small hand-made texts: which quotes are stale, where the passage
that replaced one stands, what changed in it, and the errors a user can meet. The command on the real seeds is
tested in tests/integration/test_check_pamphlet.py."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from comparisons.catalogue import pamphlet_check as pc
from comparisons.catalogue import quotes


def text(raw: str, name: str = "new.txt") -> pc.Text:
    return pc.Text.of(name, textwrap.dedent(raw))


# A premium table in the style of the Silver pamphlet: every row alike but for its label and figures, so a
# row is told apart only by the rows around it.
OLD_TABLE = """\
年間保険料（国庫補助ランク別）
タイプ	ランクA	ランクB	ランクC
G I	2億円	141,150円	81,330円	29,070円
G II	1億円	128,080円	73,810円	26,010円
G III	5千万円	103,610円	59,710円	22,950円
(※)Cランクは新規設立センターを含みます。
"""


# --- changes: what differs between a quote and its passage, a figure compared whole --------------------


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("保険料81,330円", "保険料83,120円", [("81,330", "83,120")]),
        # one digit changed inside a figure: the whole figure is named, not the digit
        ("支払限度額1,000万円", "支払限度額1,500万円", [("1,000", "1,500")]),
        ("2026年3月16日(月)", "2027年3月15日(月)", [("2026", "2027"), ("16", "15")]),
        ("１，０００円が限度", "２，０００円が限度", [("１，０００", "２，０００")]),
        ("90%", "80%", [("90", "80")]),
        ("書面による同意を得て", "同意を得て", [("書面による", "")]),
        ("同意を得て", "事前に同意を得て", [("", "事前に")]),
        ("同じ文", "同じ文", []),
    ],
)
def test_changes_name_the_runs_that_differ(old, new, expected):
    assert pc.changes(old, new) == expected


# --- closest_passage --------------------------------------------------------------------------------------


def test_a_changed_figure_is_found_by_searching_the_new_text():
    new = text("""\
        はじめに
        モニタリングの対象としてご登録いただけるドメインは、1社につき、3つまでとなります。
        """)
    quote = "モニタリングの対象としてご登録いただけるドメインは、1社につき、5つまでとなります。"
    passage = pc.closest_passage(quote, new)
    assert (
        passage.text == "モニタリングの対象としてご登録いただけるドメインは、1社につき、3つまでとなります。"
    )
    assert passage.line == 2
    assert passage.changes == (("5", "3"),)
    assert passage.at_place is False
    # 42 characters each, 41 alike: difflib's ratio 2·41/84
    assert passage.similarity == pytest.approx(82 / 84)


def test_nothing_alike_gives_no_passage():
    new = text("保険期間は1年間です。事故のご連絡は24時間受け付けます。")
    assert pc.closest_passage("引受保険会社の書面による同意を得て支出するものに限ります。", new) is None


def test_a_row_whose_figures_all_changed_is_found_at_its_place_by_the_rows_around_it():
    old = quotes.normalise(OLD_TABLE)
    new = text(OLD_TABLE.replace("141,150円	81,330円	29,070円", "150,000円	90,000円	31,000円"))
    quote = "141,150円	81,330円	29,070円"
    passage = pc.closest_passage(quote, new, old=old)
    assert passage.text == "150,000円 90,000円 31,000円"
    assert passage.line == 3
    assert passage.at_place is True
    assert passage.changes == (("141,150", "150,000"), ("81,330", "90,000"), ("29,070", "31,000"))
    # Without the old text the most similar row is another one: the place is what tells them apart.
    searched = pc.closest_passage(quote, new)
    assert searched is None or searched.text != "150,000円 90,000円 31,000円"


def test_when_every_row_changed_each_row_is_still_found_at_its_own_place():
    old = quotes.normalise(OLD_TABLE)
    edited = (
        OLD_TABLE.replace("141,150円	81,330円	29,070円", "142,000円	82,000円	30,000円")
        .replace("128,080円	73,810円	26,010円", "129,000円	74,000円	27,000円")
        .replace("103,610円	59,710円	22,950円", "104,000円	60,000円	23,000円")
    )
    new = text(edited)
    found = {
        quote: pc.closest_passage(quote, new, old=old).text
        for quote in (
            "141,150円	81,330円	29,070円",
            "128,080円	73,810円	26,010円",
            "103,610円	59,710円	22,950円",
        )
    }
    assert found == {
        "141,150円	81,330円	29,070円": "142,000円 82,000円 30,000円",
        "128,080円	73,810円	26,010円": "129,000円 74,000円 27,000円",
        "103,610円	59,710円	22,950円": "104,000円 60,000円 23,000円",
    }


def test_a_deleted_sentence_has_no_passage_even_with_the_old_text():
    old_raw = "（＊3）保険金は後払いです。\n（＊4）引受保険会社の書面による同意を得て支出するものに限ります。\n（＊5）詳しくは約款をご覧ください。\n"
    new = text(old_raw.replace("（＊4）引受保険会社の書面による同意を得て支出するものに限ります。\n", ""))
    quote = "（＊4）引受保険会社の書面による同意を得て支出するものに限ります。"
    assert pc.closest_passage(quote, new, old=quotes.normalise(old_raw)) is None


def test_a_longer_replacement_at_the_end_of_a_quote_is_shown_whole():
    new = text("保険適用地域は日本国内\n\n保険適用地域は日本国内および米国（IT業務の場合は日本国内）\n")
    passage = pc.closest_passage("保険適用地域は日本国内 保険適用地域は全世界", new)
    assert passage.text == "保険適用地域は日本国内 保険適用地域は日本国内および米国"
    assert passage.changes == (("全世界", "日本国内および米国"),)


def test_changed_place_names_the_occurrence_that_changed():
    old_raw = "〈限定プラン〉\n④相談費用 (*2)\t\t90%\n⑤復旧費用\t\t100%\n〈充実プラン〉\n④相談費用 (*2)\t\t90%\n⑤復旧費用\t\t100%\n"
    edited = "〈限定プラン〉\n④相談費用 (*2)\t\t90%\n⑤復旧費用\t\t100%\n〈充実プラン〉\n④相談費用 (*2)\t\t80%\n⑤復旧費用\t\t100%\n"
    passage = pc.changed_place("④相談費用 (*2)\t\t90%", text(edited), old=quotes.normalise(old_raw))
    assert passage.text == "④相談費用 (*2) 80%"
    assert passage.line == 5
    assert passage.changes == (("90", "80"),)


# --- Text ---------------------------------------------------------------------------------------------------


def test_text_matches_without_whitespace_and_prints_with_it():
    t = text("保険料\n1,000 万円\t(税込)\n")
    assert t.count("保険料 1,000万円") == 1
    assert t.count("1,000 万円 (税込)") == 1
    start = t.flat.index("1,000")
    assert t.printed(start, len(t.flat)) == "1,000 万円 (税込)"
    assert t.line_of(0) == 1 and t.line_of(start) == 2


# --- read_text: a clear message for every file that cannot be read -----------------------------------------


def test_read_text_accepts_utf8_with_a_bom(tmp_path):
    path = tmp_path / "new.txt"
    path.write_bytes("\ufeff保険期間 2027年4月1日".encode())
    assert pc.read_text(path).flat == "保険期間2027年4月1日"


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: d / "missing.txt", "ファイルが見つかりません"),
        (lambda d: d, "フォルダが指定されました"),
        (lambda d: _write(d / "new.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), "PDF が指定されました"),
        (
            lambda d: _write(d / "sjis.txt", "保険期間".encode("shift_jis")),
            "UTF-8 のテキストとして読めません",
        ),
        (lambda d: _write(d / "empty.txt", b" \n\t\n"), "ファイルが空です"),
    ],
    ids=["missing", "directory", "pdf", "shift-jis", "empty"],
)
def test_read_text_refuses_with_a_japanese_and_english_message(tmp_path, make, message):
    with pytest.raises(pc.PamphletCheckError) as caught:
        pc.read_text(make(tmp_path))
    assert message in str(caught.value)
    assert "（" in str(caught.value) and str(caught.value).endswith("）")  # the English after the Japanese


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_an_unreadable_file_is_refused(tmp_path, monkeypatch):
    path = _write(tmp_path / "locked.txt", "保険".encode())

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(pc.PamphletCheckError, match="ファイルを読めません.*Permission denied"):
        pc.read_text(path)


# --- labels, seeds, products --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "node, expected",
    [
        (
            {"item": "cost_forensic", "own_name": "③原因・被害範囲調査費用", "plans": ["FI", "FII"]},
            "cost_forensic ③原因・被害範囲調査費用 (plans: FI,FII)",
        ),
        ({"plan": "GI", "rank": "B", "annual_premium": 81330}, "GI rank B"),
        ({"rule": "membership_required", "message": "会員であることが必要です"}, "membership_required"),
        ({"kind": "hotline", "title": "事故受付窓口"}, "hotline 事故受付窓口"),
        ({"code": "48", "name": "ソフトウェア業" * 5}, "48 " + ("ソフトウェア業" * 5)[:29] + "…"),
        ({"item": "liability_leak", "plans": "all"}, "liability_leak (plans: all)"),
        ({"text": "a condition of a kind not yet known", "quote": "…"}, ""),
        (None, ""),
    ],
)
def test_label_of_describes_any_entry(node, expected):
    assert pc.label_of(node) == expected


def test_seed_choice_takes_a_name_or_a_unique_prefix():
    seeds = ["004_f9a230ec5007b52a.txt", "005_aaaa.txt", "005_bbbb.txt"]
    assert pc.seed_choice("004_f9a230ec5007b52a.txt", seeds) == "004_f9a230ec5007b52a.txt"
    assert pc.seed_choice("004", seeds) == "004_f9a230ec5007b52a.txt"
    with pytest.raises(pc.PamphletCheckError, match="複数"):
        pc.seed_choice("005", seeds)
    with pytest.raises(pc.PamphletCheckError, match="引用元ではありません"):
        pc.seed_choice("009", seeds)


# --- check on a catalogue of its own: any kind of entry that carries a quote is checked ---------------------

DEMO_YAML = """\
product:
  slug: demo
  seed: demo-old.txt
  period: {text: 2026年4月1日～2027年4月1日, quote: '保険期間 2026年4月1日～2027年4月1日'}
coverages:
  - item: cost_forensic
    plans: [A]
    quote: '③原因調査費用 1,000万円'
    conditions:                      # a kind of entry the loader does not know yet
      - text: 公的機関からの通報による発見に限る
        quote: '公的機関からの通報により発見した場合に限ります。'
    by_plan:
      A: {limit: 10000000, quote: '③原因調査費用 1,000万円'}
notes:
  - kind: service
    title: 相談窓口
    quote: '相談窓口 0120-000-000'
    seed: demo-flyer.txt
"""
DEMO_FRAGMENT = """\
product: demo
seed: demo-old.txt
table:
  - {code: "10", quote: '10 食料品製造業'}
"""
DEMO_OLD = """\
保険期間 2026年4月1日～2027年4月1日
③原因調査費用 1,000万円
公的機関からの通報により発見した場合に限ります。
10 食料品製造業
"""


@pytest.fixture
def demo(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    (data / "demo.yaml").write_text(DEMO_YAML, encoding="utf-8")
    (data / "demo.risk.yaml").write_text(DEMO_FRAGMENT, encoding="utf-8")
    (data / "other.yaml").write_text("product: {slug: other, seed: x.txt}\n", encoding="utf-8")
    (data / "taxonomy.yaml").write_text("items: []\n", encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "demo-old.txt").write_text(DEMO_OLD, encoding="utf-8")
    monkeypatch.setenv("SEEDS_DIR", str(seeds))
    quotes.seed_text.cache_clear()
    yield data
    quotes.seed_text.cache_clear()


def test_check_reads_every_quote_of_the_programme_whatever_entry_holds_it(demo):
    new = text(
        DEMO_OLD.replace("2026年4月1日～2027年4月1日", "2027年4月1日～2028年4月1日")
        .replace("公的機関からの通報", "公的機関またはカード会社からの通報")
        .replace("10 食料品製造業", "10 食料品・飲料製造業")
    )
    report = pc.check("demo", text=new, directory=demo)
    by_path = {f.path: f for f in report.facts}
    assert {path: f.status for path, f in by_path.items()} == {
        "product.period": "stale",
        "coverages[0]": "current",
        "coverages[0].conditions[0]": "stale",
        "coverages[0].by_plan.A": "current",
        "notes[0]": "unchecked",
        "table[0]": "stale",
    }
    condition = by_path["coverages[0].conditions[0]"]
    assert (condition.file, condition.entry, condition.label) == (
        "demo.yaml",
        "coverages[0]",
        "cost_forensic (plans: A)",
    )
    assert condition.closest.changes == (("", "またはカード会社"),)
    assert by_path["table[0]"].file == "demo.risk.yaml"
    assert by_path["table[0]"].closest.text == "10 食料品・飲料製造業"
    assert by_path["product.period"].closest.changes == (("2026", "2027"), ("2027", "2028"))
    assert report.stale_by_section() == {"product": 1, "coverages": 1, "table": 1}
    assert report.without_old_text == ()


def test_check_takes_the_other_seed_by_prefix_and_refuses_one_not_cited(demo):
    report = pc.check(
        "demo", text=text(DEMO_OLD), others={"demo-fl": text("相談窓口 0120-111-111")}, directory=demo
    )
    (note,) = [f for f in report.facts if f.path == "notes[0]"]
    assert note.status == "stale" and note.closest.changes == (("000", "111"), ("000", "111"))
    assert report.without_old_text == ("demo-flyer.txt",)  # its old text is not in the seeds folder
    with pytest.raises(pc.PamphletCheckError, match="引用元ではありません"):
        pc.check("demo", text=text(DEMO_OLD), others={"zzz": text("x")}, directory=demo)
    with pytest.raises(pc.PamphletCheckError, match="主な引用元"):
        pc.check("demo", text=text(DEMO_OLD), others={"demo-old.txt": text("x")}, directory=demo)


def test_an_unknown_product_names_the_known_ones(demo):
    with pytest.raises(pc.PamphletCheckError) as caught:
        pc.check("demox", text=text(DEMO_OLD), directory=demo)
    assert "「demox」という商品はカタログにありません" in str(caught.value)
    assert "demo, other" in str(caught.value)


def test_a_broken_data_file_is_named(demo):
    (demo / "demo.yaml").write_text("product: {slug: demo}\n", encoding="utf-8")  # no seed
    with pytest.raises(pc.PamphletCheckError, match="カタログのファイルを読めません: demo.yaml"):
        pc.check("demo", text=text(DEMO_OLD), directory=demo)
