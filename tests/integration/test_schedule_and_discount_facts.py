"""Rules that are data: whether a schedule rule carries over to other years (ScheduleRule.carries_over) and
whether a discount's rate is a ceiling (Note.ceiling) are stated in the catalogue, each with a quote that
supports it, and the domain reads them instead of working them out from a rule's shape or a quote's words.

Closed and sourced, like the terms engine's conditions (test_terms_catalogue.py): every schedule rule and
every discount with a rate states its answer; each answer is the one read from the pamphlet by hand (the
tables below, with the quote beside each); each quote is in its seed and supports the answer, mechanically
checked; and the checks are shown to catch a wrong quote.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from decimal import Decimal

import pytest

from comparisons.catalogue import quotes, schema
from comparisons.domain import pricing
from comparisons.domain.schedule import compute_schedule, earliest_start
from comparisons.domain.types import NoteInfo, ScheduleSpec, Source

pytestmark = pytest.mark.django_db
D = dt.date

# Read by hand from the pamphlets.
CARRIES_OVER = {
    # 000 「保険期間 毎月1日(午後4時)から1年間」: a rule for every month
    ("sompo-jcci-cyber", "monthly"): True,
    # 001 「新規・更改 加入申込期間 2018年11月1日～12月31日 … 2019年3月1日午後4時～ 2020年3月1日午後4時」
    ("jcci-leak-liability", "annual"): False,
    # 001 「中途加入 加入申込期間 毎月1日～末日(2019年1月以降) … 申込月の3ヵ月後の月の1日午後4時～ 2020年3月1日午後4時」:
    # monthly applications, but every one ends at the 2019 year's common expiry
    ("jcci-leak-liability", "mid_term"): False,
    # 002 「保険期間 2026年4月1日午後4時～ 2027年4月1日午後4時 募集締切日 2026年3月16日(月)」
    ("silver-cyber", "annual"): False,
    # 002 the same 2026 year, 「※中途加入も可能です。」: a mid-term join ends at its expiry
    ("silver-cyber", "mid_term"): False,
}
CEILINGS = {
    # 000 「最大 60%以上 割引」: 60% can be exceeded
    ("sompo-jcci-cyber", Decimal("0.6")): False,
    # 001 「団体割引20%+「割引確認シート」のご回答に応じ最大60%割引=最大68%割引まで適用可能」
    ("jcci-leak-liability", Decimal("0.2")): True,
    ("jcci-leak-liability", Decimal("0.6")): True,
    ("jcci-leak-liability", Decimal("0.68")): True,
}
NUMBER = re.compile(r"\d[\d,]*(?:万円|円|日|年|%)")
YEAR = re.compile(r"(\d{4})年")


# --- what a quote must say ----------------------------------------------------------------------------


def _years_of(spec: ScheduleSpec) -> set[int]:
    """The years of the dates a rule rests on (its starts, a fixed deadline, a common expiry)."""
    dates = [
        spec.first_start,
        spec.last_start,
        (spec.deadline or {}).get("date"),
        (spec.term or {}).get("date"),
    ]
    return {D.fromisoformat(str(d)).year for d in dates if d}


def _in_seed(where: str, src: Source | None) -> list[str]:
    if src is None or not src.quote:
        return [f"{where}: no quote"]
    if quotes.normalise(src.quote) not in quotes.seed_text(src.seed):
        return [f"{where}: the quote is not in {src.seed}"]
    return []


def carry_problems(where: str, spec: ScheduleSpec, text: str = "") -> list[str]:
    """What a rule's carries_over quote fails to support: a rule for other years must be stated for every
    month (毎月) without a year; a rule that does not carry over must print a year its dates rest on. The
    numbers of the explanation must be in the quote."""
    src = spec.carries_over_source
    problems = _in_seed(where, src)
    if problems:
        return problems
    quote = quotes.normalise(src.quote)
    years = {int(y) for y in YEAR.findall(quote)}
    if spec.carries_over and ("毎月" not in quote or years):
        problems.append(f"{where}: carries over, but the quote states no rule for every month: {src.quote}")
    if not spec.carries_over and not years & _years_of(spec):
        problems.append(f"{where}: one year's rule, but the quote prints none of its years {_years_of(spec)}")
    for number in NUMBER.findall(text):
        if quotes.normalise(number) not in quote:
            problems.append(f"{where}: {number} in 「{text}」 is not in its quote")
    return problems


def ceiling_problems(where: str, note: NoteInfo) -> list[str]:
    """What a discount's ceiling quote fails to support: the rate must be in it, followed by 以上 exactly when
    the rate can be exceeded; a ceiling is said as 最大 … or … まで."""
    src = note.ceiling_source
    problems = _in_seed(where, src)
    if problems:
        return problems
    quote = quotes.normalise(src.quote)
    figure = f"{(note.value * 100).normalize():f}%"
    if figure not in quote:
        return [f"{where}: the rate {figure} is not in its quote"]
    open_ended = f"{figure}以上" in quote
    if note.is_ceiling and (open_ended or not ("最大" in quote or "まで" in quote)):
        problems.append(f"{where}: a ceiling, but the quote does not say {figure} is the most")
    if not note.is_ceiling and not open_ended:
        problems.append(f"{where}: not a ceiling, but the quote does not say {figure}以上")
    return problems


def discounts(catalogue):
    return [(p.slug, n) for p in catalogue.values() for n in p.notes_of("discount") if n.value is not None]


# --- the catalogue -------------------------------------------------------------------------------------


def test_every_schedule_rule_says_whether_it_carries_over_as_read_from_the_pamphlet(catalogue):
    stated = {(p.slug, s.mode): s.carries_over for p in catalogue.values() for s in p.schedule}
    assert stated == CARRIES_OVER


def test_every_carries_over_keeps_a_quote_that_supports_it(catalogue):
    from comparisons.catalogue.models import ScheduleRule

    texts = {
        (r.product.slug, r.mode): r.carries_over_text for r in ScheduleRule.objects.select_related("product")
    }
    problems = [
        problem
        for p in catalogue.values()
        for s in p.schedule
        for problem in carry_problems(f"{p.slug}:{s.mode}", s, texts[(p.slug, s.mode)])
    ]
    assert problems == []
    assert all(texts.values())


def test_every_discount_rate_says_whether_it_is_a_ceiling_as_read_from_the_pamphlet(catalogue):
    assert {(slug, n.value): n.is_ceiling for slug, n in discounts(catalogue)} == CEILINGS


def test_every_ceiling_keeps_a_quote_that_supports_it(catalogue):
    problems = [p for slug, n in discounts(catalogue) for p in ceiling_problems(f"{slug}:{n.title}", n)]
    assert problems == []


def test_the_support_checks_catch_a_wrong_quote():
    sompo, silver, mitsui = "000_5e1d44bf16253f64.txt", "002_4340c91da37dd191.txt", "001_2c0c958d2657dea0.txt"
    monthly = ScheduleSpec(
        "monthly",
        {},
        {"kind": "day_in_month_before"},
        {},
        {},
        D(2025, 3, 1),
        D(2026, 2, 1),
        Source(sompo, "x"),
    )
    # a rule said to carry over on a quote that prints one year's dates
    wrong = replace(
        monthly, carries_over=True, carries_over_source=Source(silver, "募集締切日 2026年3月16日(月)")
    )
    assert carry_problems("x", wrong)
    # a one-year rule whose quote prints no year of its dates
    one_year = replace(
        monthly, carries_over=False, carries_over_source=Source(sompo, "保険期間 毎月1日(午後4時)から1年間")
    )
    assert carry_problems("x", one_year)
    # an explanation with a date its quote does not have
    right = replace(
        monthly, carries_over=True, carries_over_source=Source(sompo, "保険期間 毎月1日(午後4時)から1年間")
    )
    assert carry_problems("x", right, "毎月1日から1年間") == []
    assert carry_problems("x", right, "毎月15日から1年間")
    # 「最大 60%以上」 read as a ceiling, and 「最大60%割引」 read as open-ended
    sheet = NoteInfo(
        "discount", "t", "", Decimal("0.6"), Source(sompo, "x"), True, Source(sompo, "最大 60%以上 割引")
    )
    assert ceiling_problems("x", sheet)
    capped = replace(
        sheet, is_ceiling=False, ceiling_source=Source(mitsui, "「割引確認シート」のご回答に応じ最大60%割引")
    )
    assert ceiling_problems("x", capped)
    assert ceiling_problems("x", replace(capped, is_ceiling=True)) == []
    # a quote without the rate
    assert ceiling_problems("x", replace(capped, value=Decimal("0.5"), is_ceiling=True))


def test_the_quote_check_of_the_data_files_reads_these_quotes():
    """test_quotes.py checks every quote iter_quotes finds: it finds these."""
    for name, key, count in (
        ("sompo-jcci-cyber.yaml", ".carries_over", 1),
        ("jcci-leak-liability.yaml", ".carries_over", 2),
        ("silver-cyber.yaml", ".carries_over", 2),
        ("sompo-jcci-cyber.yaml", ".ceiling", 1),
        ("jcci-leak-liability.yaml", ".ceiling", 3),
    ):
        found = [r for r in quotes.quotes_in_file(quotes.CATALOGUE_DIR / name) if r.path.endswith(key)]
        assert len(found) == count and all(r.found() for r in found), name


# --- the schema ----------------------------------------------------------------------------------------

RULE = {
    "mode": "monthly",
    "start": {"day_of_month": 1},
    "deadline": {"kind": "day_in_month_before", "months_before": 1, "day": 15},
    "debit": {"kind": "none"},
    "term": {"kind": "one_year"},
    "quote": "q",
}


def test_the_schema_needs_each_rule_to_say_and_refuses_what_cannot_be():
    with pytest.raises(ValueError, match="carries_over"):
        schema.ScheduleRule.model_validate(RULE)
    schema.ScheduleRule.model_validate({**RULE, "carries_over": {"applies": True, "text": "t", "quote": "q"}})
    for one_year in (
        {"mode": "annual"},
        {"deadline": {"kind": "fixed", "date": "2026-03-16"}},
        {"term": {"kind": "common_expiry", "date": "2027-04-01"}},
    ):
        with pytest.raises(ValueError, match="cannot carry over"):
            schema.ScheduleRule.model_validate(
                {**RULE, **one_year, "carries_over": {"applies": True, "text": "t", "quote": "q"}}
            )
    with pytest.raises(ValueError, match="ceiling"):
        schema.Note.model_validate({"kind": "discount", "title": "t", "value": 0.6, "quote": "q"})
    with pytest.raises(ValueError, match="ceiling"):
        schema.Note.model_validate(
            {"kind": "other", "title": "t", "ceiling": {"is_ceiling": True, "quote": "q"}, "quote": "q"}
        )
    schema.Note.model_validate({"kind": "discount", "title": "t", "quote": "q"})  # no rate, nothing to say


# --- the domain reads the fields -----------------------------------------------------------------------


def test_the_schedule_carries_a_rule_over_because_the_catalogue_says_so(catalogue):
    sompo = catalogue["sompo-jcci-cyber"]
    window = {"valid_from": sompo.valid_from, "valid_to": sompo.valid_to}
    later = {"requested_start": D(2026, 12, 1), "today": D(2026, 1, 1), **window}
    # as the pamphlet states it: outside 2025-03-01…2026-02-01 by the monthly rule, 推定
    assert compute_schedule(sompo.schedule, **later).basis == "estimate"
    # the same rule stated as one year's: nothing is computed outside the period
    kept = tuple(replace(s, carries_over=False) for s in sompo.schedule)
    assert compute_schedule(kept, **later).basis == "unknown"
    assert earliest_start(kept, today=D(2026, 6, 1), **window).start is None
    # and a Mitsui mid-term rule, were it stated as carrying over, would be applied (推定) outside 2019
    mitsui = catalogue["jcci-leak-liability"]
    told = tuple(replace(s, carries_over=s.mode == "mid_term") for s in mitsui.schedule)
    moved = compute_schedule(
        told,
        requested_start=D(2024, 6, 1),
        today=D(2024, 1, 1),
        valid_from=mitsui.valid_from,
        valid_to=mitsui.valid_to,
    )
    assert moved.basis == "estimate"


def test_a_discount_is_a_ceiling_because_the_catalogue_says_so(catalogue):
    sompo = catalogue["sompo-jcci-cyber"]
    (sheet,) = [d for d in pricing.discounts(sompo) if d.rate is not None]
    assert (sheet.is_ceiling, sheet.max_rate) == (False, None)
    # the same words, stated as a ceiling: the rate is the cap (the words 「以上」 are not read)
    notes = tuple(replace(n, is_ceiling=True) if n.kind == "discount" else n for n in sompo.notes)
    (told,) = [d for d in pricing.discounts(replace(sompo, notes=notes)) if d.rate is not None]
    assert "以上" in told.wording and (told.is_ceiling, told.max_rate) == (True, Decimal("0.6"))


# --- every surface states the catalogue's reason --------------------------------------------------------

SOMPO_MONTHLY = "保険期間 毎月1日(午後4時)から1年間"
MITSUI_ANNUAL_TEXT = "2019年3月1日始期の募集（申込期間2018年11月1日～12月31日）の日付で"


def test_the_schedule_says_why_it_carries_a_rule_over_or_not(catalogue):
    sompo, mitsui = catalogue["sompo-jcci-cyber"], catalogue["jcci-leak-liability"]
    # Sompo, start 2026-12-01 (after the last start 2026-02-01): 「補償開始月の前月15日(休日の場合は翌営業日)」
    # → 2026-11-15 is a Sunday → Monday 2026-11-16, by the monthly rule, so 推定, with the rule's reason
    later = compute_schedule(
        sompo.schedule,
        requested_start=D(2026, 12, 1),
        today=D(2026, 1, 1),
        valid_from=sompo.valid_from,
        valid_to=sompo.valid_to,
    )
    assert (later.basis, later.application_deadline) == ("estimate", D(2026, 11, 16))
    assert "毎月の規則として書かれています" in later.basis_reason
    assert [s.quote for s in later.basis_sources] == [SOMPO_MONTHLY]
    assert any("規則を当てはめた理由：" in w and later.basis_reason in w for w in later.warnings)
    # inside the period (2025-06-01): the pamphlet's own dates, nothing to explain
    inside = compute_schedule(sompo.schedule, requested_start=D(2025, 6, 1), today=D(2025, 1, 1))
    assert (inside.basis, inside.basis_reason, inside.basis_sources) == ("pamphlet", "", ())
    # Mitsui, start 2027-01-01: neither 2019 rule carries over; both reasons, both quotes
    unknown = compute_schedule(
        mitsui.schedule,
        requested_start=D(2027, 1, 1),
        today=D(2026, 12, 1),
        valid_from=mitsui.valid_from,
        valid_to=mitsui.valid_to,
    )
    assert unknown.basis == "unknown" and unknown.application_deadline is None
    assert MITSUI_ANNUAL_TEXT in unknown.basis_reason and "2020年3月1日午後4時" in unknown.basis_reason
    assert len(unknown.basis_sources) == 2
    assert any(w.startswith("ほかの年に当てはめない理由：") for w in unknown.warnings)


def test_the_api_states_the_facts_and_the_reason(client):
    data = client.get("/api/products/sompo-jcci-cyber/").json()
    (rule,) = data["schedule"]
    assert rule["carries_over"] is True and rule["carries_over_source"]["quote"] == SOMPO_MONTHLY
    (sheet,) = [n for n in data["notes"] if n["kind"] == "discount" and n["value"] is not None]
    assert sheet["is_ceiling"] is False and sheet["ceiling_source"]["quote"] == "最大 60%以上 割引"
    mitsui = client.get("/api/products/jcci-leak-liability/").json()
    assert {r["mode"]: r["carries_over"] for r in mitsui["schedule"]} == {"annual": False, "mid_term": False}
    assert {n["value"]: n["is_ceiling"] for n in mitsui["notes"] if n["kind"] == "discount"} == {
        0.2: True,
        0.6: True,
        0.68: True,
    }
    # the schedule of a start outside the period carries the reason (Sompo 2030-05-01: 推定)
    estimate = client.get("/api/schedule/", {"product": "sompo-jcci-cyber", "start": "2030-05-01"}).json()
    assert estimate["basis"] == "estimate" and "毎月の規則" in estimate["basis_reason"]
    assert [s["quote"] for s in estimate["basis_sources"]] == [SOMPO_MONTHLY]
    unknown = client.get("/api/schedule/", {"product": "silver-cyber", "start": "2027-06-01"}).json()
    assert unknown["basis"] == "unknown" and "2026年度の募集の日付" in unknown["basis_reason"]


def test_the_compare_page_and_the_agent_state_the_reason(client, monkeypatch):
    from django.utils import timezone

    from comparisons.catalogue.models import Plan
    from enrollment import services
    from enrollment.models import Agency

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 12, 1))
    html = client.get("/compare/", {"membership": "jcci", "start": "2027-01-01"}).content.decode()
    assert (
        "規則を当てはめた理由：保険期間は「毎月1日(午後4時)から1年間」と毎月の規則として書かれています"
        in html
    )
    assert "ほかの年に当てはめない理由：" + MITSUI_ANNUAL_TEXT in html
    app = services.create_from_comparison(
        agency=Agency.objects.create(name="みなと保険サービス", code="A1"),
        plan=Plan.objects.get(product__slug="silver-cyber", code="GI"),
        options=[],
        membership="silver",
        actor=None,
        desired_start=D(2027, 6, 1),
    )
    checks = [c.message for c in services.application_checks(app, today=D(2026, 12, 1))]
    assert any(m.startswith("ほかの年に当てはめない理由：保険期間（2026年4月1日午後4時") for m in checks)


@pytest.mark.parametrize(
    ("slug", "plan", "top_label", "help_words"),
    [
        # 000 「最大 60%以上 割引」: 60% is not a cap, so the top choice is 「60%以上」 and no maximum is stated
        ("sompo-jcci-cyber", "basic", "60%以上", "「最大60%以上」で、60%は上限ではありません"),
        # 001 「「割引確認シート」のご回答に応じ最大60%割引」: a cap
        ("jcci-leak-liability", "premium-D", "60%", "（最大60%）"),
    ],
)
def test_the_agents_security_discount_follows_the_ceiling(catalogue, slug, plan, top_label, help_words):
    from enrollment.forms import ApplicationForm

    form = ApplicationForm(product=catalogue[slug], plan_code=plan, risk_rows=[])
    field = form.fields["security_rate"]
    assert field.choices[-1] == ("60", top_label)
    assert help_words in field.help_text and ("以上" in field.help_text) is (top_label == "60%以上")


def test_the_page_and_the_handout_say_which_rate_is_no_cap(client):
    """000 「最大 60%以上 割引」: the page and the handout say 60% is not the cap, beside Sompo's discount only;
    Mitsui's 「最大60%割引」 / 「団体割引20%」 are caps and carry no such line."""
    import io

    from pypdf import PdfReader

    query = {"membership": "jcci", "organisation": "company", "industry": "60", "revenue": "5000万"}
    html = client.get("/compare/", query).content.decode()
    price = html.split('id="h-price"', 1)[1].split('id="h-dates"', 1)[0]
    sompo = price.split("損保ジャパン", 1)[1]
    mitsui = price.split("商工会議所 情報漏えい賠償", 1)[1].split("損保ジャパン", 1)[0]
    assert "※60%は上限ではありません。" in sompo
    assert "上限ではありません" not in mitsui and "最大60%割引" in mitsui
    pdf = client.get("/compare/handout.pdf", query).content
    text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages))
    assert text.count("60%は上限ではありません") == 1
