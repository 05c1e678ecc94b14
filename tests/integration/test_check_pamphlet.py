"""`manage.py check_pamphlet` on the real catalogue and seeds.

The edited copies below change a few passages of a seed by hand; the facts each edit must bring up were found by
reading the data files (grep for the edited passage in comparisons/catalogue/data/), not by running the command.
"""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from comparisons.catalogue import quotes

ROOT = Path(__file__).resolve().parents[2]
SOMPO, MITSUI, SILVER, AIG, FLYER = (
    "000_5e1d44bf16253f64.txt",
    "001_2c0c958d2657dea0.txt",
    "002_4340c91da37dd191.txt",
    "003_b97a62a0f69314e3.txt",
    "004_f9a230ec5007b52a.txt",
)


def seed(name: str) -> Path:
    return quotes.seeds_dir() / name


def run(*args: str) -> tuple[int, str, str]:
    """Run the command in-process: (exit status, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("check_pamphlet", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue(), err.getvalue()


def edited(tmp_path: Path, name: str, edits: list[tuple[str, str, int]]) -> Path:
    """A copy of a seed with each (old, new, n): the old passage, which must occur n times, replaced."""
    text = seed(name).read_text(encoding="utf-8")
    for old, new, n in edits:
        assert text.count(old) == n, f"the seed changed: {old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    path = tmp_path / f"new-{name}"
    path.write_text(text, encoding="utf-8")
    return path


def stale_blocks(out: str) -> dict[str, str]:
    """The report's stale facts: {entry line: the lines under it}."""
    blocks: dict[str, str] = {}
    part = out.split("Stale:", 1)[1].split("\nFound, but fewer", 1)[0].split("\nNot checked", 1)[0]
    current = None
    for line in part.splitlines():
        if line.startswith("  ") and not line.startswith("    "):
            current = line.strip()
            blocks[current] = ""
        elif line.startswith("    ") and current:
            blocks[current] += line.strip() + "\n"
    return blocks


@pytest.mark.parametrize(
    "product, name",
    [
        ("sompo-jcci-cyber", SOMPO),
        ("jcci-leak-liability", MITSUI),
        ("silver-cyber", SILVER),
        ("aig-personal-info", AIG),
    ],
)
def test_an_unchanged_seed_leaves_nothing_stale(product, name):
    status, out, err = run(product, str(seed(name)))
    assert status == 0
    assert "Stale:" not in out and "fewer times than" not in out
    summary = out.strip().splitlines()[-1]
    assert summary.startswith(f"{product}: ") and ", 0 stale, 0 found fewer times" in summary
    assert "要確認 0件" in summary
    assert err == ""


# The flyer 004 gives the スタンダード plans' territory: each plan's condition (plans[0] anchors the list, plans[1–4]
# are YAML aliases of it), the cond_territory row and a note quote 「保険適用地域は日本国内 保険適用地域は全世界」.
FLYER_FACTS = [
    "plans[0].conditions[0]",
    "plans[1].conditions[0]",
    "plans[2].conditions[0]",
    "plans[3].conditions[0]",
    "plans[4].conditions[0]",
    "coverages[35]",
    "notes[33]",
]


def test_the_mitsui_flyer_quotes_are_listed_as_not_checked_unless_its_text_is_given():
    status, out, _err = run("jcci-leak-liability", str(seed(MITSUI)))
    assert status == 0
    not_checked = out.split("Not checked (other seed: ", 1)[1]
    assert not_checked.startswith(f"{FLYER}): give its new text with --seed {FLYER}=FILE")
    listed = [line.split(" › ", 1)[1].split("  ")[0] for line in not_checked.splitlines() if " › " in line]
    assert listed == FLYER_FACTS
    assert (
        f"jcci-leak-liability.yaml › notes[33]  territory 保険適用地域（スタンダードプラン）  [{FLYER}]"
        in out
    )
    assert "7 not checked (other seed)" in out.splitlines()[-1]

    status, out, _err = run("jcci-leak-liability", str(seed(MITSUI)), "--seed", f"{FLYER}={seed(FLYER)}")
    assert status == 0
    assert "Not checked" not in out and "0 not checked (other seed)" in out.splitlines()[-1]


def test_a_changed_flyer_is_checked_when_given_by_prefix(tmp_path):
    # 004: 「保険適用地域は日本国内 / 保険適用地域は全世界（IT業務…）」, the スタンダード and プレミアム columns
    flyer = edited(tmp_path, FLYER, [("保険適用地域は全世界（IT", "保険適用地域は日本国内および米国（IT", 1)])
    status, out, _err = run("jcci-leak-liability", str(seed(MITSUI)), "--seed", f"004={flyer}")
    assert status == 1
    same = "the same quote as plans[0].conditions[0] (see above)\n"
    assert stale_blocks(out) == {
        "plans[0]  standard-A スタンダードプラン セットA": (
            "at plans[0].conditions[0]\n"
            "old: 保険適用地域は日本国内 保険適用地域は全世界\n"
            "new: 保険適用地域は日本国内 保険適用地域は日本国内および米国  (line 105, where the quote stood, 75% similar)\n"
            "changed: 全世界 → 日本国内および米国\n"
        ),
        "plans[1]  standard-B スタンダードプラン セットB": "at plans[1].conditions[0]\n" + same,
        "plans[2]  standard-C スタンダードプラン セットC": "at plans[2].conditions[0]\n" + same,
        "plans[3]  standard-D スタンダードプラン セットD": "at plans[3].conditions[0]\n" + same,
        "plans[4]  standard-E スタンダードプラン セットE（フリーセット）": "at plans[4].conditions[0]\n"
        + same,
        "coverages[35]  cond_territory 保険適用地域 (plans: standard-A,standard-B,standard-C,standard-D,standard-E)": same,
        "notes[33]  territory 保険適用地域（スタンダードプラン）": same,
    }
    assert "7 stale (plans 5, coverages 1, notes 1)" in out.splitlines()[-1]


SILVER_EDITS = [
    # the GI row of the premium table: rank B 81,330円 → 83,120円 (premiums.table[1] and [2] quote the B/C cells)
    ("141,150円\t81,330円\t29,070円", "141,150円\t83,120円\t29,070円", 1),
    # the application deadline on the cover (schedule[0].quote)
    ("2026年3月16日(月)", "2027年3月15日(月)", 1),
    # domains for the monitoring service (notes[7])
    ("1社につき、5つまで", "1社につき、3つまで", 1),
    # a note deleted (notes[19], and the written-consent condition of seven cost covers: coverages[16], [18],
    # [21], [25], [26], [27], [29] .conditions[0])
    ("(\\*4) 引受保険会社の書面による同意を得て支出するものに限ります。", "", 1),
    # a sentence reworded (product.eligible_members and eligibility[0] quote it)
    (
        "(公社)全国シルバー人材センター事業協会会員以外の方は、この保険に加入することができませんのでご注意ください。",
        "(公社)全国シルバー人材センター事業協会の会員でない方は、この保険にご加入いただけません。",
        1,
    ),
]
# Every cover whose condition quotes Silver's (*4) consent note (grep 「(\\*4)」 in silver-cyber.yaml): 法人見舞費用 キ carries
# (*6), not (*4); ケ.公的調査対応費用 repeats it in the 充実 plans' own conditions (by_plan FI–FIII).
CONSENT_COVERS = {
    "coverages[16]  cost_legal ④相談費用 ア.弁護士費用 (plans: all)": ("coverages[16].conditions[0]",),
    "coverages[18]  cost_consulting ④相談費用 イ.コンサルティング費用・ウ.風評被害拡大防止… (plans: all)": (
        "coverages[18].conditions[0]",
    ),
    "coverages[20]  cost_regulatory ④相談費用（個人情報保護委員会その他の行政機関への報告を目… (plans: all)": (
        "coverages[20].conditions[0]",
    ),
    "coverages[21]  cost_system_restoration ⑤コンピュータシステム復旧費用（データ等復旧費用・コンピュ… (plans: all)": (
        "coverages[21].conditions[0]",
    ),
    "coverages[25]  cost_consolation ⑥その他事故対応費用 カ.個人情報漏えい見舞費用 (plans: all)": (
        "coverages[25].conditions[0]",
    ),
    "coverages[27]  cost_credit_monitoring ⑥その他事故対応費用 ク.クレジット情報モニタリング費用 (plans: all)": (
        "coverages[27].conditions[0]",
    ),
    "coverages[28]  cost_public_investigation ⑥その他事故対応費用 ケ.公的調査対応費用 (plans: all)": (
        "coverages[28].conditions[0]",
        "coverages[28].by_plan.FI.conditions[0]",
        "coverages[28].by_plan.FII.conditions[0]",
        "coverages[28].by_plan.FIII.conditions[0]",
    ),
    "coverages[29]  cost_recurrence_prevention ⑦再発防止費用 (plans: all)": ("coverages[29].conditions[0]",),
}
# schedule 3: the deadline (schedule[0].quote) and the two carries_over quotes that print the 2026 year's dates
STALE_BY_SECTION = "20 stale (product 1, notes 2, coverages 11, premiums 2, eligibility 1, schedule 3)"
SILVER_YEAR = "保険期間 2026年4月1日午後4時～ 2027年4月1日午後4時"


@pytest.fixture
def new_silver(tmp_path):
    path = edited(tmp_path, SILVER, SILVER_EDITS)
    # ④相談費用 90% is printed in both plans' tables; only the 充実プラン one (the second) changes.
    text = path.read_text(encoding="utf-8")
    cell = "④相談費用 (*2)\t\t90%"
    assert text.count(cell) == 2
    at = text.rindex(cell)
    path.write_text(text[:at] + "④相談費用 (*2)\t\t80%" + text[at + len(cell) :], encoding="utf-8")
    return path


def test_an_edited_seed_lists_exactly_the_facts_that_quote_the_edits(new_silver):
    status, out, _err = run("silver-cyber", str(new_silver))
    assert status == 1
    reworded = (
        "old: (公社)全国シルバー人材センター事業協会会員以外の方は、この保険に加入することができませんのでご注意ください。\n"
        "new: (公社)全国シルバー人材センター事業協会の会員でない方は、この保険にご加入いただけません。"
        "  (line 65, where the quote stood, 72% similar)\n"
        "changed: added 「の」; 以外の → でない; added 「ご」; することができ → いただけ; removed 「のでご注意ください」\n"
    )
    premium = (
        "old: 141,150円 81,330円 29,070円\n"
        "new: 141,150円 83,120円 29,070円  (line 211, where the quote stood, 86% similar)\n"
        "changed: 81,330 → 83,120\n"
    )
    consent = "old: (\\*4) 引受保険会社の書面による同意を得て支出するものに限ります。\n"
    assert stale_blocks(out) == {
        "product.eligible_members": reworded,
        "notes[7]  service サイバーリスク・モニタリングサービス（無料・充実プランのみ）": (
            "old: モニタリングの対象としてご登録いただけるドメインは、ご契約者または記名被保険者1社につき、5つまでとなります。\n"
            "new: モニタリングの対象としてご登録いただけるドメインは、ご契約者または記名被保険者1社につき、3つまでとなります。"
            "  (line 589, where the quote stood, 98% similar)\n"
            "changed: 5 → 3\n"
        ),
        "notes[19]  notice 書面による同意が必要な費用": (
            consent + "new: no similar passage (removed, or rewritten beyond recognition)\n"
        ),
        **{
            entry: "".join(f"at {at}\nthe same quote as notes[19] (see above)\n" for at in places)
            for entry, places in CONSENT_COVERS.items()
        },
        "premiums.table[1]  GI rank B": premium,
        "premiums.table[2]  GI rank C": "the same quote as premiums.table[1] (see above)\n",
        "eligibility[0]  membership_required": "the same quote as product.eligible_members (see above)\n",
        # the deadline edit also touches the quotes that say the 2026 year's dates do not carry over
        "schedule[0]  annual": (
            "at schedule[0].carries_over\n"
            f"old: {SILVER_YEAR} 募集締切日 2026年3月16日(月)\n"
            f"new: {SILVER_YEAR} 募集締切日 2027年3月15日(月)  (line 24, where the quote stood, 96% similar)\n"
            "changed: 2026 → 2027; 16 → 15\n"
            "old: 募集締切日 2026年3月16日(月)\n"
            "new: 募集締切日 2027年3月15日(月)  (line 29, where the quote stood, 89% similar)\n"
            "changed: 2026 → 2027; 16 → 15\n"
        ),
        "schedule[1]  mid_term": (
            "at schedule[1].carries_over\n"
            f"old: {SILVER_YEAR} 募集締切日 2026年3月16日(月) ※中途加入も可能です。\n"
            f"new: {SILVER_YEAR} 募集締切日 2027年3月15日(月) ※中途加入も可能です。"
            "  (line 24, where the quote stood, 97% similar)\n"
            "changed: 2026 → 2027; 16 → 15\n"
        ),
    }
    # grouped by where they sit: file › section, in the order of the file
    sections = [line for line in out.splitlines() if line.startswith("silver-cyber.yaml › ")]
    assert sections[:6] == [
        "silver-cyber.yaml › product",
        "silver-cyber.yaml › notes",
        "silver-cyber.yaml › coverages",
        "silver-cyber.yaml › premiums",
        "silver-cyber.yaml › eligibility",
        "silver-cyber.yaml › schedule",
    ]
    # the 90% cell still occurs once, so its facts are not stale, but the changed place is shown
    fewer = out.split("\nFound, but fewer times", 1)[1]
    assert (
        "silver-cyber.yaml › coverages[16]  cost_legal ④相談費用 ア.弁護士費用 (plans: all)  (2 → 1 times)"
        in fewer
    )
    assert "silver-cyber.yaml › coverages[18].by_plan.GI  cost_consulting" in fewer
    assert (
        fewer.count("changed place: ④相談費用 (*2) 80%  (line 242, where the quote stood, 92% similar)") == 2
    )
    summary = out.strip().splitlines()[-1]
    assert summary.startswith("silver-cyber: ")
    assert summary.endswith(
        f"{STALE_BY_SECTION}, 2 found fewer times, 0 not checked (other seed) / 要確認 20件"
    )


def test_without_the_old_seed_text_the_counts_are_not_compared(new_silver, tmp_path, monkeypatch):
    monkeypatch.setenv("SEEDS_DIR", str(tmp_path / "no-seeds"))
    quotes.seed_text.cache_clear()
    try:
        status, out, _err = run("silver-cyber", str(new_silver))
    finally:
        quotes.seed_text.cache_clear()
    assert status == 1
    assert f"(The old text of {SILVER} is not in the seeds folder: counts not compared.)" in out
    # still found by searching the new text for the most similar passage
    assert "new: 141,150円 83,120円 29,070円  (line 211, the most similar passage, 86% similar)" in out
    assert f", {STALE_BY_SECTION}, 0 found fewer times" in out


def test_quiet_prints_only_the_summary(new_silver):
    status, out, _err = run("silver-cyber", str(new_silver), "--verbosity", "0")
    assert status == 1
    (line,) = out.strip().splitlines()
    assert line.startswith("silver-cyber: ") and line.endswith(" / 要確認 20件")


def test_another_programmes_pamphlet_is_pointed_out():
    status, _out, err = run("silver-cyber", str(seed(FLYER)), "-v", "0")
    assert status == 1
    assert "半数以上の引用が見つかりません。silver-cyber のパンフレットか確認してください" in err


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["silver", "{seed}"],
            "「silver」という商品はカタログにありません。指定できる商品: aig-personal-info, "
            "jcci-leak-liability, silver-cyber, sompo-jcci-cyber",
        ),
        (
            ["silver-cyber", "{tmp}/missing.txt"],
            "ファイルが見つかりません: {tmp}/missing.txt（file not found）",
        ),
        (["silver-cyber", "{tmp}"], "フォルダが指定されました"),
        (
            ["silver-cyber", "{seed}", "--seed", "004={seed}"],
            "silver-cyber の引用はすべて 002_4340c91da37dd191.txt からのものです",
        ),
        (["jcci-leak-liability", "{seed}", "--seed", "009={seed}"], "009 はこの商品の引用元ではありません"),
        (
            ["jcci-leak-liability", "{seed}", "--seed", "004"],
            "--seed は「引用元=ファイル」の形で指定してください",
        ),
        (["jcci-leak-liability", "{seed}", "--seed", "004={tmp}/missing.txt"], "ファイルが見つかりません"),
    ],
    ids=[
        "unknown-product",
        "missing-file",
        "directory",
        "seed-not-needed",
        "seed-not-cited",
        "seed-no-file",
        "seed-missing-file",
    ],
)
def test_bad_input_gives_a_clear_message_and_status_2(tmp_path, args, message):
    args = [a.format(seed=seed(SILVER), tmp=tmp_path) for a in args]
    with pytest.raises(CommandError) as caught:
        call_command("check_pamphlet", *args, stdout=StringIO(), stderr=StringIO())
    assert message.format(tmp=tmp_path) in str(caught.value)
    assert caught.value.returncode == 2


def test_exit_status_from_the_shell(new_silver):
    """What a script sees: 1 when facts are stale (2 when the check cannot run: CommandError.returncode above)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check_pamphlet", "silver-cyber", str(new_silver), "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert "要確認 20件" in result.stdout
