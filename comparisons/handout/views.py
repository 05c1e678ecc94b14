"""The A4 handout PDF of a comparison: what the member takes to a meeting.

`GET /compare/handout.pdf?<the query string of /compare/>` → the same answers, the same `comparison.build`
result as the page, laid out for paper (WeasyPrint), with a QR code that opens the comparison online.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import segno
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from comparisons.catalogue import selectors
from comparisons.compare.forms import CompareForm, plan_and_option_choices
from comparisons.compare.results import Result
from comparisons.compare.summary import Summary, answer, links_for
from comparisons.domain.eligibility import MEMBERSHIPS, NOT_IN_TABLE, ORGANISATIONS
from comparisons.domain.matrix import WORRIES, Matrix
from comparisons.domain.money import format_yen
from comparisons.domain.types import ProductInfo, RiskCategoryInfo
from comparisons.pdf import pdf_response, render
from comparisons.simulator.views import simulation_from_query

STATUS_SYMBOLS = {"included": "◯", "optional": "△", "not_covered": "✕", "not_stated": "？", "condition": "▷"}
OUTCOME_SYMBOLS = {"paid": "◯", "not_paid": "✕", "unknown": "？"}
NOT_ANSWERED = "未回答"
# The matrix's texts longer than these (characters) are printed once under the table (TableNotes); a
# shorter one stays whole in its cell (「申込書で決定（パンフレットに記載なし）」, 19, in every Sompo cell).
LONG_REASON = 40
LONG_LIMIT = 20
LONG_CONDITION = 120  # a ▷ row's text is the row's whole content (the territory, the deductible)
SHORT_HEAD = 30  # a note's words before its trailing parenthesis stay in the cell when no longer than this


def _form_and_result(
    request: HttpRequest, products, risk_rows, today: dt.date
) -> tuple[CompareForm, Result, Summary]:
    """The compare view's parsing, result and summary (the answer first), for paper.

    The same CompareForm → `summary.answer` as `views.compare`; the industry choices are the whole
    risk table (the page narrows them by its search box but keeps the chosen one valid).
    """
    industries = [("業種", [(r.code, f"{r.name}（{r.code}）") for r in risk_rows])]
    plan_choices, option_choices = plan_and_option_choices(products)
    form = CompareForm(
        request.GET,
        industries=industries,
        plan_choices=plan_choices,
        option_choices=option_choices,
        products=products,
    )
    result, summary = answer(
        form, products=products, risk_rows=risk_rows, today=today, links=links_for(request)
    )
    return form, result, summary


def _answers(form: CompareForm, result: Result, risk_rows: list[RiskCategoryInfo]) -> list[tuple[str, str]]:
    """The member's answers as (question, answer) lines, in the order of the form."""
    data = form.cleaned_data
    rows = {r.code: r for r in risk_rows}
    industry = data.get("industry") or ""
    if industry == NOT_IN_TABLE:
        industry_text = "リスク区分表の中にない"
    elif industry in rows:
        row = rows[industry]
        industry_text = (
            f"{row.name}（リスク区分コード {row.code}{'・表から推定' if row.code_inferred else ''}）"
        )
    else:
        industry_text = NOT_ANSWERED
    start = data.get("start")
    columns = [
        c.title + (f"（＋{'・'.join(c.product.option(o).name for o in c.options)}）" if c.options else "")
        for c in result.matrix.columns
    ]
    lines = [
        ("会員", MEMBERSHIPS.get(data.get("membership") or "", NOT_ANSWERED)),
        ("事業の形態", ORGANISATIONS.get(data.get("organisation") or "", NOT_ANSWERED)),
        ("業種", industry_text),
        ("年間売上高", format_yen(data["revenue"]) if data.get("revenue") else NOT_ANSWERED),
        ("国庫補助ランク", f"ランク{data['rank']}" if data.get("rank") else "わからない・該当しない"),
        (
            "扱っているもの・心配なこと",
            "、".join(WORRIES[w][0] for w in data.get("handles") or () if w in WORRIES) or "とくになし",
        ),
        ("補償を始めたい日", f"{start:%Y年%-m月%-d日}" if start else NOT_ANSWERED),
        (
            "比べたプラン",
            "、".join(columns)
            + ("（代表的なプランを自動で選びました）" if result.default_plans_used else ""),
        ),
    ]
    if data.get("security") and data["security"] != "0":
        lines.append(("セキュリティ割引（仮定）", f"{data['security']}%"))
    return lines


def _documents(product: ProductInfo) -> list[str]:
    """Every document a fact of this programme was taken from, by title and edition (usually one pamphlet;
    Mitsui's also has a flyer)."""
    sources = [*product.sources.values()]
    sources += [p.source for p in product.plans]
    sources += [c.source for p in product.plans for c in p.cells.values()]
    sources += [x.source for x in (*product.notes, *product.eligibility, *product.schedule)]
    sources += [x.source for x in (*product.premium_rates, *product.premium_examples, *product.options)]
    return sorted({s.document for s in sources if s and s.document}, key=lambda d: ("案内資料" in d, d))


@dataclass(frozen=True)
class TableNotes:
    """The matrix's long texts, each printed once under the table as a numbered note (表の注): in a column
    a quarter of the page wide one would take a dozen lines, and several cells often give the same one.

    numbers: {text: note number}, in the order the texts first appear (row by row, left to right).
    heads: {text: the words its cell keeps} for a limit or ▷ condition whose only words left out are one
      trailing parenthesis (「申込書で決定（パンフレットに記載なし）。1名…」 is not such a text, 「個人情報漏洩特約の
      支払限度額の内枠（申込書で決定）」 is: its cell reads 「…の内枠（表の注8）」); a text without one shows
      the number alone, never words that would say less than the text.
    programmes: {note number: the programmes whose cells refer to it}, so a note that says 「この保険」
      names whose it is."""

    numbers: dict[str, int]
    heads: dict[str, str]
    programmes: dict[int, tuple[str, ...]]

    @property
    def listed(self) -> list[tuple[int, str, tuple[str, ...]]]:
        """[(n, text, programmes)] in number order, for the list under the table."""
        return [(n, text, self.programmes[n]) for text, n in self.numbers.items()]


_TRAILING_PARENTHESIS = re.compile(
    r"^(?P<head>[^（(]+)[（(][^（）()]*(?:[（(][^（）()]*[）)][^（）()]*)*[）)]$"
)


def table_notes(matrix: Matrix) -> TableNotes:
    """Which of the matrix's texts are notes: a reason (why ✕, ？ or △) longer than LONG_REASON
    characters, a limit in words longer than LONG_LIMIT, a ▷ condition longer than LONG_CONDITION.
    Shorter ones stay whole in their cells; none is ever cut."""
    numbers: dict[str, int] = {}
    heads: dict[str, str] = {}
    programmes: dict[int, dict[str, None]] = {}

    def note(text: str, programme: str, *, keep_head: bool) -> None:
        n = numbers.setdefault(text, len(numbers) + 1)
        programmes.setdefault(n, {})[programme] = None
        found = _TRAILING_PARENTHESIS.match(text) if keep_head else None
        if found and len(found["head"].strip()) <= SHORT_HEAD:
            heads[text] = found["head"].strip()

    for group in matrix.groups:
        for row in group.rows:
            for column, mc in zip(matrix.columns, row.cells, strict=True):
                programme = column.product.short_name
                if mc.status == "condition":
                    if len(mc.condition_text) > LONG_CONDITION:
                        note(mc.condition_text, programme, keep_head=True)
                    continue
                reason = mc.cell.reason if mc.status != "included" else ""
                if len(reason) > LONG_REASON:
                    note(reason, programme, keep_head=False)
                if mc.cell.limit is None and len(mc.cell.limit_text or "") > LONG_LIMIT:
                    note(mc.cell.limit_text, programme, keep_head=True)
    return TableNotes(numbers=numbers, heads=heads, programmes={n: tuple(p) for n, p in programmes.items()})


def _qr(url: str) -> str | None:
    """The QR code as an SVG data URI, or None when the URL is too long for one."""
    try:
        return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2)
    except segno.DataOverflowError:
        return None


def filename(day: dt.date) -> str:
    return f"サイバー保険比較_{day:%Y-%m-%d}.pdf"


@require_GET
def handout_pdf(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    products = selectors.products()
    risk_rows = selectors.risk_categories()
    form, result, summary = _form_and_result(request, products, risk_rows, today)
    query = request.GET.urlencode()
    online_url = request.build_absolute_uri(reverse("comparisons:compare") + (f"?{query}" if query else ""))
    programmes = [
        {"r": r, "documents": _documents(r.product), "hotlines": r.product.notes_of("hotline")}
        for r in result.products
    ]
    context = {
        "form": form,
        "result": result,
        "summary": summary,
        "answers": _answers(form, result, risk_rows),
        "invalid_fields": [form.fields[name].label for name in form.errors if name in form.fields],
        "programmes": programmes,
        "rank": form.cleaned_data.get("rank") or "",
        "start": form.cleaned_data.get("start"),
        "security": form.cleaned_data.get("security") or "0",
        "symbols": STATUS_SYMBOLS,
        "outcomes": OUTCOME_SYMBOLS,
        "made": today,
        "online_url": online_url,
        "qr": _qr(online_url),
        "matrix_notes": table_notes(result.matrix),
        # the simulator's result, when the query carries an incident (from the simulator's PDF link)
        "simulation": simulation_from_query(request.GET, products) if "scenario" in request.GET else None,
    }
    html = render_to_string("comparisons/handout.html", context, request=request)
    # Tagged (PDF/UA-1): headings, tables and the reading order reach a screen reader.
    pdf = render(
        html, css="css/handout.css", base_url=request.build_absolute_uri("/"), pdf_variant="pdf/ua-1"
    )
    return pdf_response(
        pdf, filename=filename(today), ascii_filename=f"cyber-hoken-hikaku_{today:%Y-%m-%d}.pdf"
    )
