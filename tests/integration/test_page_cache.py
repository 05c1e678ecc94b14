"""The compare page's htmx partials: which region a change re-renders, and the page / fragment caches.

A cached answer must be exactly what a fresh render would give, never another member's page, never a
stale catalogue or yesterday's dates.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
from collections import Counter
from urllib.parse import urlencode

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.utils import timezone

from comparisons.catalogue import selectors
from comparisons.catalogue.models import CatalogueVersion
from comparisons.compare import page_cache as caching
from comparisons.compare import results
from comparisons.compare import views as compare_views

pytestmark = pytest.mark.django_db
URL = "/compare/"
ANSWERS = {"membership": "jcci", "industry": "60", "revenue": "1億"}
RESULTS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}
WHOLE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "compare"}


@pytest.fixture
def builds(monkeypatch):
    """How many times the view really built a comparison (a page served from the cache builds none)."""
    calls = []
    real = compare_views.answer

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(compare_views, "answer", counting)
    return calls


def entries(alias: str) -> int:
    """How many entries a cache holds: in this process's memory, or in Redis (REDIS_URL set)."""
    cache = caches[alias]
    if isinstance(cache, LocMemCache):
        return len(cache._cache)
    return len(cache._cache.get_client().keys(cache.make_key("*")))


def get(client, params, **headers):
    response = client.get(URL + "?" + urlencode(params, doseq=True), **headers)
    assert response.status_code == 200
    return response


def test_a_change_re_renders_only_the_results(client):
    response = get(client, ANSWERS, **RESULTS)
    html = response.content.decode()
    assert (
        "加入条件を満たす制度（2件）" in html
    )  # Mitsui is still unknown: 事業の形態 and revenue are missing
    assert 'id="compare-form"' not in html  # the form stays as the member left it
    assert "HX-Retarget" not in response


def test_each_change_is_announced_in_the_pages_status_region(client):
    page = client.get(URL + "?" + urlencode(ANSWERS)).content.decode()
    assert page.count('id="compare-status"') == 1  # the full page: one empty region, outside the swaps
    assert '<p id="compare-status" class="visually-hidden" role="status" aria-live="polite"></p>' in page
    html = get(client, ANSWERS, **RESULTS).content.decode()
    assert (
        '<span id="compare-status" hx-swap-oob="innerHTML">結果を更新しました。'
        "加入条件を満たす制度は2件、まだ判定できない制度は1件です。</span>" in html
    )
    searched = get(client, {**ANSWERS, "industry_q": "飲食"}, **RESULTS).content.decode()
    assert '<span id="compare-status" hx-swap-oob="innerHTML">「飲食」で' in searched


def test_a_bad_answer_re_renders_the_form_with_the_message_and_the_typed_text(client):
    response = get(client, {**ANSWERS, "revenue": "たくさん"}, **RESULTS)
    html = response.content.decode()
    assert response["HX-Retarget"] == "#compare" and response["HX-Reswap"] == "outerHTML"
    assert 'id="compare-form"' in html
    assert 'value="たくさん"' in html and 'aria-invalid="true"' in html
    # while the form shows a message, its next change asks for the whole form again, to clear it
    assert "X-Compare-Form" in html


def test_after_a_message_the_next_good_answer_clears_it(client):
    response = get(client, ANSWERS, HTTP_X_COMPARE_FORM="refresh", **RESULTS)
    html = response.content.decode()
    assert response["HX-Retarget"] == "#compare"
    assert 'id="compare-form"' in html and 'aria-invalid="true"' not in html
    assert "X-Compare-Form" not in html


def test_the_first_answer_on_a_blank_page_brings_the_plan_picker(client):
    blank = client.get(URL).content.decode()
    assert 'id="plan-picker"' not in blank and "X-Compare-Form" in blank
    response = get(client, {"membership": "jcci"}, HTTP_X_COMPARE_FORM="refresh", **RESULTS)
    html = response.content.decode()
    assert response["HX-Retarget"] == "#compare"
    assert 'id="plan-picker"' in html and "X-Compare-Form" not in html


def test_a_new_search_re_renders_the_form_with_the_narrowed_list(client):
    response = get(client, {"membership": "jcci", "industry_q": "飲食"}, **RESULTS)
    html = response.content.decode()
    assert response["HX-Retarget"] == "#compare"
    assert "「飲食」で" in html and "件の業種が見つかりました" in html
    assert "建設業" not in html.split('id="id_industry"')[1].split("</select>")[0]
    # the form remembers what its list was narrowed by (percent-encoded: headers are ASCII)
    assert "X-Compare-Search&quot;: &quot;%E9%A3%B2%E9%A3%9F" in html


def test_the_same_search_again_re_renders_only_the_results(client):
    params = {"membership": "jcci", "industry_q": "飲食", "industry": "60"}
    response = get(client, params, HTTP_X_COMPARE_SEARCH="%E9%A3%B2%E9%A3%9F", **RESULTS)
    assert "HX-Retarget" not in response
    assert 'id="compare-form"' not in response.content.decode()
    # clearing the search widens the list again: the form is out of date
    response = get(
        client, {**params, "industry_q": ""}, HTTP_X_COMPARE_SEARCH="%E9%A3%B2%E9%A3%9F", **RESULTS
    )
    assert response["HX-Retarget"] == "#compare"
    assert "建設業" in response.content.decode()


def test_the_same_answers_again_are_served_from_the_page_cache(client, builds):
    first = get(client, ANSWERS, **RESULTS)
    second = get(client, ANSWERS, **RESULTS)
    assert len(builds) == 1
    assert second.content == first.content
    # another order of the same answers is another URL (the page's links repeat the query as given)
    get(client, dict(reversed(list(ANSWERS.items()))), **RESULTS)
    assert len(builds) == 2


def test_the_region_asked_for_is_part_of_the_key(client, builds):
    results = get(client, ANSWERS, **RESULTS)
    whole = get(client, ANSWERS, **WHOLE)
    assert len(builds) == 2
    assert 'id="compare-form"' in whole.content.decode()
    assert 'id="compare-form"' not in results.content.decode()
    assert {"HX-Target", "X-Compare-Form", "Accept-Encoding"} <= {
        h.strip() for h in results["Vary"].split(",")
    }


def test_a_new_catalogue_version_or_a_new_day_renders_afresh(client, builds, monkeypatch):
    get(client, ANSWERS, **RESULTS)
    CatalogueVersion.objects.filter(pk=1).update(token="edited-in-the-admin")
    get(client, ANSWERS, **RESULTS)
    assert len(builds) == 2
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: tomorrow)
    get(client, ANSWERS, **RESULTS)
    assert len(builds) == 3
    get(client, ANSWERS, **RESULTS)
    assert len(builds) == 3


def test_full_pages_are_never_cached(client, builds):
    get(client, ANSWERS)
    get(client, ANSWERS)
    assert len(builds) == 2


def test_gzip_for_browsers_that_accept_it(client):
    plain = get(client, ANSWERS, **RESULTS)
    packed = get(client, ANSWERS, HTTP_ACCEPT_ENCODING="gzip, deflate, br", **RESULTS)
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 4
    assert int(packed["Content-Length"]) == len(packed.content)


def test_gzip_refused_with_q_0_is_not_sent(client):
    response = get(client, ANSWERS, HTTP_ACCEPT_ENCODING="gzip;q=0, identity", **RESULTS)
    assert "Content-Encoding" not in response
    assert "加入条件を満たす制度" in response.content.decode()


def test_without_a_catalogue_version_nothing_is_cached(client, builds):
    CatalogueVersion.objects.all().delete()  # rows written by hand: no version to key on
    get(client, ANSWERS, **RESULTS)
    get(client, ANSWERS, **RESULTS)
    assert len(builds) == 2
    assert not entries("fragments") and not entries("pages")


def test_nothing_personal_is_cached():
    """A response that read the session (a logged-in agent) or holds a CSRF token is never stored."""
    rf = RequestFactory()
    calls = []

    def reads_session(request):
        calls.append("session")
        request.session.get("anything")
        return HttpResponse("for one person")

    def uses_csrf(request):
        calls.append("csrf")
        return HttpResponse(get_token(request))

    class Session(dict):
        accessed = False

        def get(self, key, default=None):
            self.accessed = True
            return super().get(key, default)

    def says_private(request):
        calls.append("private")
        response = HttpResponse("for one person")
        response["Cache-Control"] = "private"
        return response

    for view in (reads_session, uses_csrf, says_private):
        wrapped = caching.cache_htmx_partial(view)
        for _ in range(2):
            request = rf.get(URL, {"q": view.__name__}, HTTP_HX_REQUEST="true")
            request.session = Session()
            from django_htmx.middleware import HtmxDetails

            request.htmx = HtmxDetails(request)
            assert wrapped(request).status_code == 200
    assert calls == ["session", "session", "csrf", "csrf", "private", "private"]


MATRIX_CASES = [
    {"plans": ["jcci-leak-liability:standard-B", "jcci-leak-liability:premium-B"]},
    {"plans": ["jcci-leak-liability:standard-B", "jcci-leak-liability:premium-B"], "diff": "on"},
    {"plans": ["jcci-leak-liability:premium-B", "jcci-leak-liability:standard-B"]},
    {
        "plans": ["jcci-leak-liability:standard-B", "jcci-leak-liability:premium-B"],
        "handles": ["personal_data"],
    },
    {"plans": ["jcci-leak-liability:standard-B", "jcci-leak-liability:premium-B"], "handles": ["card_data"]},
    {"plans": ["sompo-jcci-cyber:basic", "jcci-leak-liability:standard-B"]},
    {"plans": ["sompo-jcci-cyber:basic"], "options": ["sompo-jcci-cyber:it_services"]},
    {"plans": ["sompo-jcci-cyber:basic"], "options": ["sompo-jcci-cyber:bi"]},
    {"plans": ["sompo-jcci-cyber:basic"]},
    {"plans": ["silver-cyber:GI", "silver-cyber:FI"], "handles": ["ransomware"], "diff": "on"},
    {},  # the default plans
]


def _matrix(html: str) -> str:
    return html[html.index('id="h-matrix"') :]


def test_a_cached_matrix_is_exactly_the_one_a_fresh_render_gives(client):
    """Each case is rendered with the fragments of all the cases before it in the cache, then again with
    an empty cache: the two must be the same (so the fragment's key holds everything the table shows)."""
    catalogue = {f"{p.slug}:{pl.code}" for p in selectors.products() for pl in p.plans}
    for case in MATRIX_CASES:
        assert set(case.get("plans", [])) <= catalogue, case
    seen = set()
    for i, case in enumerate(MATRIX_CASES):
        params = {**ANSWERS, "revenue": str(100_000_000 + i), **case}
        warm = _matrix(get(client, params, **RESULTS).content.decode())
        caches["pages"].clear()
        caches["fragments"].clear()
        results.forget_built()
        cold = _matrix(get(client, params, **RESULTS).content.decode())
        assert warm == cold, case
        seen.add(cold)
        # the next case starts with this one's fragment cached
        get(client, params, **RESULTS)
    assert len(seen) == len(MATRIX_CASES)  # every case shows a different table


def test_new_answers_with_the_same_plans_reuse_the_rendered_matrix(client):
    plans = {"plans": ["jcci-leak-liability:standard-B", "jcci-leak-liability:premium-B"]}
    get(client, {**ANSWERS, **plans}, **RESULTS)
    assert entries("fragments") == 1
    other = get(client, {**ANSWERS, **plans, "revenue": "3億"}, **RESULTS).content.decode()
    assert entries("fragments") == 1  # the same table: no new fragment
    assert "プレミアムプラン" in _matrix(other)


def _forget_everything() -> None:
    """No page, fragment or section cached, no matrix kept: what comes next is rendered from nothing."""
    for alias in ("pages", "fragments", "sections"):
        caches[alias].clear()
    results.forget_built()


def _cold(client, params, headers: dict = RESULTS) -> str:
    """The results partial rendered from nothing."""
    _forget_everything()
    return get(client, params, **headers).content.decode()


# Answers whose programmes' results differ in every way a section shows: eligible or not, the price (a
# Silver rank, a Mitsui revenue and industry far from or equal to an example's), the dates (a start), the
# pamphlet's period, an option problem, a plan chosen or the default plans.
SECTION_CASES = [
    {"membership": "jcci", "industry": "60", "revenue": "1億"},
    {"membership": "jcci", "industry": "60", "revenue": "5000万"},  # the 飲食業 example's own revenue
    {"membership": "jcci", "industry": "60", "revenue": "5000万", "organisation": "corporation"},
    {"membership": "jcci", "industry": "11", "revenue": "10億", "organisation": "corporation"},
    {"membership": "jcci", "industry": "60", "revenue": "6000億"},  # over Mitsui's limit: cannot join
    {"membership": "silver", "rank": "A"},
    {"membership": "silver", "rank": "B"},
    {"membership": "silver", "rank": "B", "start": "2027-04-01"},
    {"membership": "jcci", "industry": "60", "revenue": "1億", "start": "2027-04-01"},
    {"membership": "jcci", "industry": "60", "revenue": "1億", "plans": ["jcci-leak-liability:premium-D"]},
    {
        "membership": "jcci",
        "industry": "60",
        "revenue": "1億",
        "plans": ["sompo-jcci-cyber:basic"],
        "options": ["sompo-jcci-cyber:voluntary_shutdown"],
    },
    {"membership": "jcci", "industry": "60", "revenue": "1億", "security": "20"},
]


def test_cached_sections_are_exactly_what_a_fresh_render_gives(client):
    """Each case is rendered with every earlier case's sections, fragments and matrices kept, then from
    nothing: the two must be the same, so a fragment's key parts (ProductResult.price_section and the rank,
    .eligibility_section, Result.dates_section, the summary) hold everything the fragment shows."""
    _each_after_the_one_before(client, SECTION_CASES)


def _each_after_the_one_before(client, cases: list[dict], headers_of=lambda _case: RESULTS) -> None:
    """Each case rendered with the earlier cases' fragments kept equals its render from nothing, and every
    case shows something different. `headers_of(case)`: the request's headers (htmx's, by default)."""
    seen = set()
    for case in cases:
        headers = headers_of(case)
        warm = get(client, case, **headers).content.decode()
        if "HTTP_X_COMPARE_MATRIX" in headers:
            assert _rows(warm)[1], case  # the rows left out: the region is the enclosing fragment
        cold = _cold(client, case, headers)  # which keeps this case's fragments for the next case
        assert warm == cold, case
        seen.add(cold)
    assert len(seen) == len(cases)


def _kept_fragments() -> Counter:
    """The names of the fragments this process keeps ("sections"), counted: key ':1:fragment:<name>:…'."""
    return Counter(key.split(":")[3] for key in caches["sections"]._cache)


def test_a_programme_whose_result_did_not_change_is_not_rendered_again(client):
    """A later start changes some programmes' results (a pamphlet's period, Mitsui's timing) and not the
    others': only the fragments of what changed are rendered anew."""
    later = {**ANSWERS, "start": "2027-04-01"}
    get(client, ANSWERS, **RESULTS)
    kept = _kept_fragments()
    # a price block and an eligibility card for each programme (Silver folded), and once each the plans'
    # conditions, the summary, the matrix's header and the dates table
    assert kept == {"results-price": 4, "results-eligibility": 4, "compare-plan-conditions": 1,
                    "results-summary": 1, "compare-matrix-head": 1, "results-dates": 1}  # fmt: skip
    get(client, later, **RESULTS)
    new = _kept_fragments() - kept
    before, after = _built(ANSWERS).products, _built(later).products
    prices = sum(a.price_section != b.price_section for a, b in zip(before, after, strict=True))
    cards = sum(a.eligibility_section != b.eligibility_section for a, b in zip(before, after, strict=True))
    assert 0 < prices < 4 and 0 < cards < 4  # some programmes changed, some did not
    assert new["results-price"] == prices and new["results-eligibility"] == cards
    assert new["results-dates"] == 1 and new["compare-plan-conditions"] == 0


# A member's revenue in every way it is typed, and amounts that hold another's words (「1億円」 in 「11億円」,
# 「2,000万円」 in 「1億2,000万円」): each is rendered after the one before it, with that one's fragments kept.
REVENUE_CASES = [
    "1億",
    "100000000",
    "１億",
    "一億",
    "11億",
    "1億2,000万円",
    "2,000万円",
    "2000万",
    "5000万",  # the 飲食業 example's own revenue: no difference line
    "5,000万円",
    "23,456,789",
    "1",
    "10",
    "6000億",  # over Mitsui's limit: cannot join
    "三億",
    "3億",
]


def test_fragments_kept_for_one_revenue_serve_another_exactly(client):
    """Each revenue after the one before it (its fragments kept, the revenue a hole in them) gives exactly
    what a render from nothing gives, with its own revenue in the links and sentences."""
    _each_after_the_one_before(client, [{**ANSWERS, "revenue": revenue} for revenue in REVENUE_CASES])


def test_another_revenue_renders_no_fragment_anew(client):
    """A revenue whose result differs from another's only in its own words (Mitsui's example is the same,
    its difference line names the member's revenue; the links carry it) renders no fragment anew."""
    get(client, ANSWERS, **RESULTS)
    kept = entries("sections")
    html = get(client, {**ANSWERS, "revenue": "1億2,000万円"}, **RESULTS).content.decode()
    assert entries("sections") == kept
    assert "あなたは1億2,000万円" in html  # Mitsui's difference line, in the card and the price block
    assert html.count("revenue=1%E5%84%842%2C000%E4%B8%87%E5%86%86") >= 3  # the links carry it as typed
    assert "revenue=1%E5%84%84&" not in html and "あなたは1億円" not in html  # nothing of the first member's


def _built(answers: dict, *, valid: bool = True):
    """The comparison the compare form builds for `answers` (the matrix as kept in this process); with
    valid=False, the answers may hold a bad one, dropped as the page drops it."""
    from comparisons.compare.forms import CompareForm, compare_request, plan_and_option_choices

    products = selectors.products()
    plan_choices, option_choices = plan_and_option_choices(products)
    industries = [("業種", [(r.code, r.name) for r in selectors.risk_categories()])]
    form = CompareForm(
        answers,
        industries=industries,
        plan_choices=plan_choices,
        option_choices=option_choices,
        products=products,
    )
    assert form.is_valid() or not valid, form.errors
    risk_table = {r.code: r for r in selectors.risk_categories()}
    return results.build(
        products,
        risk_table,
        compare_request(form.cleaned_data),
        today=timezone.localdate(),
        items=selectors.taxonomy_rows(),
    )


def test_a_matrix_is_built_once_for_the_same_plans_and_again_for_a_new_catalogue(client):
    plans = {"plans": ["sompo-jcci-cyber:basic", "jcci-leak-liability:premium-B"]}
    first = _built({**ANSWERS, **plans})
    assert _built({**ANSWERS, **plans, "revenue": "3億"}).matrix is first.matrix  # another revenue
    other = [
        {**ANSWERS, **plans, "options": ["sompo-jcci-cyber:leak_only"]},
        {**ANSWERS, **plans, "handles": ["ransomware"]},
        {**ANSWERS, **plans, "diff": "on"},
        {**ANSWERS, "plans": ["sompo-jcci-cyber:basic"]},
    ]
    for answers in other:
        assert _built(answers).matrix is not first.matrix, answers
    CatalogueVersion.objects.filter(pk=1).update(token="edited-in-the-admin")  # new catalogue objects
    again = _built({**ANSWERS, **plans})
    assert again.matrix is not first.matrix
    assert again.matrix.columns[0].product is not first.matrix.columns[0].product


def test_kept_sections_follow_an_admin_edit_and_a_new_day(client, monkeypatch):
    """A programme's kept price block and eligibility card are never served after the catalogue changed
    (its version is in their key) or on another day (the earliest start and the pamphlet's period are in
    the digest): each equals a render from nothing."""
    from comparisons.catalogue.admin import touch_catalogue
    from comparisons.catalogue.models import Product

    get(client, ANSWERS, **RESULTS)
    Product.objects.filter(slug="aig-personal-info").update(short_name="AIG 編集済みの名前")
    touch_catalogue()
    caches["pages"].clear()  # only the kept sections and matrices could still hold the old name
    edited = get(client, ANSWERS, **RESULTS).content.decode()
    assert "AIG 編集済みの名前" in edited.split('id="h-price"')[1]
    assert edited == _cold(client, ANSWERS)
    for days in (1, 200, 800):
        get(client, ANSWERS, **RESULTS)
        later = timezone.localdate() + dt.timedelta(days=days)
        with monkeypatch.context() as m:
            m.setattr(timezone, "localdate", lambda *a, later=later, **k: later)
            warm = get(client, ANSWERS, **RESULTS).content.decode()
            assert warm == _cold(client, ANSWERS), days


ROWS_ID = re.compile(r'<tbody id="(matrix-rows-[0-9a-f]{20})" hx-preserve="true"( data-matrix-placeholder)?>')


def _rows(html: str) -> tuple[str, bool, int]:
    """The matrix rows' id, whether they were left out (a placeholder), and how many rows were sent."""
    found = ROWS_ID.search(html)
    assert found, "no matrix rows id"
    return found.group(1), bool(found.group(2)), html.count('data-item="')


def test_rows_the_page_already_shows_are_not_sent_again(client):
    first_id, left_out, rows = _rows(get(client, ANSWERS, **RESULTS).content.decode())
    assert not left_out and rows > 10
    # another revenue: the same rows, so the same id; sent in full to a page that does not say it has them
    other = {**ANSWERS, "revenue": "3億"}
    assert _rows(get(client, other, **RESULTS).content.decode()) == (first_id, False, rows)
    # …and left out (an empty body with the same id, kept by htmx's hx-preserve) for one that does
    known = get(client, other, HTTP_X_COMPARE_MATRIX=first_id, **RESULTS)
    assert _rows(known.content.decode()) == (first_id, True, 0)
    assert "X-Compare-Matrix" in known["Vary"]
    # the whole form re-rendered (a message beside a field) leaves them out too
    whole = get(client, {**other, "start": "2026-13-01"}, HTTP_X_COMPARE_MATRIX=first_id, **RESULTS)
    assert 'id="compare-form"' in whole.content.decode()
    assert _rows(whole.content.decode()) == (first_id, True, 0)
    # a page showing other rows (or none) gets these in full
    stale = get(client, other, HTTP_X_COMPARE_MATRIX="matrix-rows-" + "0" * 20, **RESULTS)
    assert _rows(stale.content.decode()) == (first_id, False, rows)
    # a full page is always complete, whatever the request says
    page = client.get(URL + "?" + urlencode(other), HTTP_X_COMPARE_MATRIX=first_id).content.decode()
    assert _rows(page) == (first_id, False, rows)


def test_the_rows_id_changes_with_what_they_show_and_with_the_catalogue(client):
    base_id = _rows(get(client, ANSWERS, **RESULTS).content.decode())[0]
    ids = {base_id}
    for change in (
        {"plans": ["sompo-jcci-cyber:basic"]},
        {"plans": ["sompo-jcci-cyber:basic"], "options": ["sompo-jcci-cyber:leak_only"]},
        {"handles": ["ransomware"]},
    ):
        ids.add(_rows(get(client, {**ANSWERS, **change}, **RESULTS).content.decode())[0])
    assert len(ids) == 4
    CatalogueVersion.objects.filter(pk=1).update(token="edited-in-the-admin")
    edited = get(client, ANSWERS, HTTP_X_COMPARE_MATRIX=base_id, **RESULTS).content.decode()
    new_id, left_out, rows = _rows(edited)
    assert new_id != base_id and not left_out and rows > 10


def test_without_a_catalogue_version_the_rows_are_always_sent(client):
    CatalogueVersion.objects.all().delete()
    html = get(client, ANSWERS, HTTP_X_COMPARE_MATRIX="matrix-rows-" + "0" * 20, **RESULTS).content.decode()
    assert "matrix-rows-" not in html and "hx-preserve" not in html.split('id="h-matrix"')[1]
    assert html.count('data-item="') > 10


def test_a_revenue_equal_to_an_examples_is_kept_for_the_members_who_type_it(client):
    """5,000万円 is the 飲食業 example's own revenue: Mitsui's price block quotes the pamphlet's example line
    (「…5,000万円…」, a catalogue text, never masked), so its render keeps the member's words; it is kept
    with them and served again to the next member who types the same (found by a review: it was rendered
    on every request)."""
    answers = {**ANSWERS, "revenue": "5000万"}
    first = get(client, answers, **RESULTS)
    kept = _kept_fragments()
    assert kept["results-price"] == 4 and kept["results-summary"] == 1  # every fragment kept
    caches["pages"].clear()
    again = get(client, answers, **RESULTS)
    assert _kept_fragments() == kept and again.content == first.content
    assert again.content.decode() == _cold(client, answers)


# --- the whole results region as one fragment, on a page that already shows the matrix's rows ----------


def _shown(answers: dict) -> dict:
    """The headers of a browser whose page shows these answers' matrix rows (what htmx sends after the
    first result): X-Compare-Matrix with the rows' id, so the region is one {% fragment … enclosing %}."""
    token = selectors.catalogue_token()
    return {
        **RESULTS,
        "HTTP_X_COMPARE_MATRIX": compare_views._matrix_rows_id(_built(answers, valid=False), token),
    }


def test_a_kept_region_serves_another_revenue_exactly(client):
    """The region kept for one revenue, with the revenue a hole in it, gives every other revenue (however
    typed; amounts inside another's words; the example's own revenue, kept with its words) exactly what a
    render from nothing gives."""
    revenues = [{**ANSWERS, "revenue": revenue} for revenue in REVENUE_CASES]
    _each_after_the_one_before(client, revenues, headers_of=_shown)


def test_a_kept_region_is_exactly_what_a_fresh_render_gives_whatever_the_answers(client):
    """…and so do answers that change only what the form's own values show (a rank bolds a column of
    Silver's table, even for a member who cannot join it; a start; options)."""
    cases = [*SECTION_CASES, {**ANSWERS, "rank": "B"}, {**ANSWERS, "rank": "C"}]
    _each_after_the_one_before(client, cases, headers_of=_shown)


def test_another_revenue_is_served_the_kept_region_with_its_own_words(client):
    """A second member whose answers differ only in the revenue's words renders nothing: not the region,
    not a fragment in it; the region shows the second member's revenue (its links, Mitsui's difference
    line, the read-back beside the field), never the first's."""
    headers = _shown(ANSWERS)
    get(client, ANSWERS, **headers)
    kept = _kept_fragments()
    assert kept["results"] == 1 and kept["results-price"] == 4
    other = {**ANSWERS, "revenue": "1億2,000万円"}
    html = get(client, other, **_shown(other)).content.decode()
    assert _kept_fragments() == kept  # nothing rendered anew
    assert "あなたは1億2,000万円" in html
    assert html.count("revenue=1%E5%84%842%2C000%E4%B8%87%E5%86%86") >= 3
    assert ">1億2,000万円（120,000,000円）として読みました<" in html  # the read-back, outside the region
    assert "revenue=1%E5%84%84&" not in html and "あなたは1億円" not in html and "100,000,000円" not in html


def test_a_region_whose_results_differ_is_rendered_from_its_kept_fragments(client):
    """A later start changes some programmes' results: the region is rendered again (its parts differ),
    only the changed programmes' fragments with it; the earlier region is still served to its answers."""
    get(client, ANSWERS, **_shown(ANSWERS))
    kept = _kept_fragments()
    later = {**ANSWERS, "start": "2027-04-01"}
    get(client, later, **_shown(later))
    new = _kept_fragments() - kept
    assert new["results"] == 1 and 0 < new["results-price"] < 4 and new["compare-plan-conditions"] == 0
    caches["pages"].clear()
    again = _kept_fragments()
    get(client, ANSWERS, **_shown(ANSWERS))
    assert _kept_fragments() == again


def test_a_template_edited_under_the_development_server_is_shown_at_once(client, tmp_path):
    """runserver's autoreloader signals a changed file (`file_changed`); a template or stylesheet edit
    empties this process's in-memory caches (they are keyed by the answers, not by the templates), a
    Python edit leaves them (the process restarts), and the receiver never decides the reload."""
    from django.utils.autoreload import file_changed

    from config.cache import forget_local_html

    get(client, ANSWERS, **_shown(ANSWERS))
    assert entries("sections") > 0
    file_changed.send(sender=None, file_path=tmp_path / "views.py")
    assert entries("sections") > 0
    answers = file_changed.send(
        sender=None, file_path=tmp_path / "templates" / "comparisons" / "_results.html"
    )
    assert entries("sections") == 0
    assert all(not caches[alias]._cache for alias in caches if isinstance(caches[alias], LocMemCache))
    assert dict(answers)[forget_local_html] is None


def test_a_search_that_reads_like_a_revenue_hole_is_never_anothers(client):
    """The industry search's words are the member's own, printed in the status line when the search
    changed, which is sent outside the kept region: a search typed like the links' revenue (found by a
    review: 「revenue=1億」 was masked in the region's key while printed unmasked) is shown as typed, to
    its member only."""
    from urllib.parse import quote

    def ask(revenue: str) -> str:
        answers = {**ANSWERS, "revenue": revenue, "industry_q": f"revenue={quote(revenue)}"}
        return get(client, answers, **_shown(answers)).content.decode()  # a new search: the whole form

    first = ask("1億")
    assert f"「revenue={quote('1億')}」で" in first and 'id="compare-form"' in first
    assert _rows(first)[1]  # the rows left out: the region is the kept fragment
    second = ask("2億")
    assert f"「revenue={quote('2億')}」で" in second and quote("1億") not in second
    _forget_everything()
    assert ask("2億") == second
