"""The catalogue's terms are closed and sourced: every condition is evaluated by the engine or shown as an
assumption, every quote supports the condition it is attached to (where that can be checked mechanically),
every option changes something, and the generated schema files are up to date."""

from __future__ import annotations

import copy
import re

import pytest
import yaml
from django.core.management import call_command

from comparisons.catalogue import quotes, schema
from comparisons.domain import terms
from comparisons.domain.payout import COST_TYPES

pytestmark = pytest.mark.django_db

# The words a quote must contain for each kind of condition (one of them).
KEY_WORDS = {
    "discovery": ("通報", "報道", "発見", "発覚"),
    "publication": ("届出", "報告", "報道", "公表", "詫び", "謝罪文", "公的機関"),
    "territory": ("国内", "国外", "全世界", "アメリカ", "適用地域"),
    # the per-insured rule (Silver 「被保険者ごとに個別に行います」, Sompo 「それらの行為を行った被保険者が被る損害のみ」)
    "perpetrator": ("犯罪", "故意", "被保険者による", "被保険者ごとに", "行為を行った被保険者"),
    "not_events": (
        "自主的",
        "身体",
        "停止",
        "除き",
        "除く",
        "除外",
        "対象外",
        "限ります",
        "お支払いできない",
    ),
    "events": ("攻撃", "漏えい", "停止", "情報"),
    "within_days": ("日以内", "日間", "1年"),
    "option": ("特約", "セット", "付帯", "オプション"),
    "information": ("個人情報", "企業情報", "第三者の情報"),
}
FACT_WORDS = {
    "web_or_email": ("ホームページ", "電子メール"),
    "card_data": ("クレジットカード",),
    "emailed_program_defect": ("電子メールで発信したプログラム",),
    "insurer_consent": ("同意", "承認"),
    "notified_insurer_early": ("ご連絡", "連絡"),
    "dispatched_worker": ("派遣",),
}
NUMBER = re.compile(r"\d[\d,]*(?:万円|円|日|年|%)")


def all_conditions(catalogue):
    """(where, condition) for every condition of every plan, part and option effect."""
    found = []
    for product in catalogue.values():
        for plan in product.plans:
            found += [(f"{product.slug}:{plan.code}", c) for c in plan.conditions]
            for item, parts in plan.parts.items():
                for part in parts:
                    found += [(f"{product.slug}:{plan.code}:{item}[{part.part}]", c) for c in part.conditions]
        for option in product.options:
            for effect in option.effects:
                found.append(
                    (
                        f"{product.slug}:{option.code}",
                        terms.Condition(effect["kind"], effect, effect["text"], effect.get("source")),
                    )
                )
    return found


def test_every_condition_is_evaluated_or_shown_only(catalogue):
    unknown_kinds = [
        (where, c.kind)
        for where, c in all_conditions(catalogue)
        if c.kind not in terms.EVALUATED | terms.SHOWN_ONLY | terms.OPTION_EFFECTS
    ]
    assert unknown_kinds == []
    # every evaluated condition runs against an incident without error (its parameters are the engine's)
    incident = terms.Incident(events=frozenset({"leak"}))
    for _where, c in all_conditions(catalogue):
        if c.kind in terms.EVALUATED:
            assert terms.check(c, incident, matched={"leak"}, group="liability").result in (
                "yes",
                "no",
                "unknown",
                "assumed",
            )
    # and there are conditions of every kind in the catalogue
    kinds = {c.kind for _w, c in all_conditions(catalogue)}
    assert terms.EVALUATED - {"events"} <= kinds and "assume" in kinds


# --- what stays a note is description, never a condition ------------------------------------------------

# Words that make a sentence a condition (when, or what, is paid): a note holding one must say why it is
# only description (a DescriptiveNote), or become a condition.
CONDITION_WORDS = re.compile(
    r"限(?:り|る|ら(?!ず))|(?<!漏えい)限定|のみ|除(?:き|く|外)|以内|同意|承認|事前|あらかじめ|対象外|含ま(?:ない|ず|れない)|含みません"
    r"|不払|免責(?!金額)|要件|経過|までに|場合に"
)


def condition_notes(name: str, data: dict) -> list[str]:
    """Every note of a programme file (as parsed) that words a condition and is not declared descriptive."""
    found = []
    for i, cov in enumerate(data.get("coverages") or []):
        cells = [
            ("", cov),
            *((f".by_plan.{code}", cell) for code, cell in (cov.get("by_plan") or {}).items()),
        ]
        for where, cell in cells:
            for j, note in enumerate(cell.get("notes") or []):
                words = CONDITION_WORDS.findall(note) if isinstance(note, str) else []
                if words:
                    found.append(f"{name}: coverages[{i}]{where}.notes[{j}] ({cov['item']}) {words}: {note}")
    return found


def programme_files() -> list[tuple[str, dict]]:
    return [
        (path.name, data)
        for path in sorted(quotes.CATALOGUE_DIR.glob("*.yaml"))
        if isinstance((data := yaml.safe_load(path.read_text(encoding="utf-8"))).get("product"), dict)
    ]


def test_no_note_holds_a_condition():
    """Whatever restricts when or what is paid is a typed condition (evaluated, or an assumption with its own
    quote); what remains a note describes, and a note that must use a condition's word says why."""
    problems = [p for name, data in programme_files() for p in condition_notes(name, data)]
    assert problems == []
    declared = [
        n
        for _name, data in programme_files()
        for cov in data.get("coverages") or []
        for cell in [cov, *(cov.get("by_plan") or {}).values()]
        for n in cell.get("notes") or []
        if isinstance(n, dict)
    ]
    assert all(n["descriptive"].strip() for n in declared)


def test_a_planted_condition_note_is_caught():
    name, data = next((n, d) for n, d in programme_files() if n == "silver-cyber.yaml")
    planted = copy.deepcopy(data)
    legal = next(c for c in planted["coverages"] if c["item"] == "cost_legal")
    legal.setdefault("notes", []).append("引受保険会社の書面による同意を得て支出するものに限ります")
    assert condition_notes(name, data) == []
    (problem,) = condition_notes(name, planted)
    assert "cost_legal" in problem and "同意" in problem
    for sentence in (
        "発見した日の翌日から30日以内に生じた費用",
        "顧問弁護士への定期的な報酬を除く",
        "事前に連絡が必要",
    ):
        legal["notes"] = [sentence]
        assert condition_notes(name, planted), sentence
    # declared as description with a reason, it passes; the schema refuses a declaration without one
    legal["notes"] = [
        {"text": "個人情報保護委員会への報告を目的とする弁護士報酬を含み、顧問料を除く", "descriptive": "x"}
    ]
    assert condition_notes(name, planted) == []
    with pytest.raises(ValueError):
        schema.DescriptiveNote.model_validate({"text": "…に限る", "descriptive": ""})


def support_problems(where: str, c: terms.Condition) -> list[str]:
    """What a condition's quote fails to support: no quote, a quote not in the seed, none of the kind's key
    words, or an amount, a period or a rate of the condition's text missing from the quote."""
    if c.source is None or not c.source.quote:
        return [f"{where}: {c.kind} has no quote"]
    quote = quotes.normalise(c.source.quote)
    problems = []
    if quote not in quotes.seed_text(c.source.seed):
        problems.append(f"{where}: the quote is not in {c.source.seed}")
    words = FACT_WORDS.get(c.params.get("fact")) if c.kind == "fact" else KEY_WORDS.get(c.kind)
    if words and not any(w in quote for w in words):
        problems.append(f"{where}: the quote of a {c.kind} condition names none of {words}")
    for number in NUMBER.findall(c.text):
        if quotes.normalise(number) not in quote:
            problems.append(f"{where}: {number} in 「{c.text}」 is not in its quote")
    return problems


def test_every_condition_keeps_a_quote_that_supports_it(catalogue):
    problems = [p for where, c in all_conditions(catalogue) for p in support_problems(where, c)]
    assert problems == []


def test_the_support_check_catches_a_wrong_quote():
    seed = "002_4340c91da37dd191.txt"
    wrong_days = terms.Condition(
        "assume",
        {},
        "発見日の翌日から60日以内に限ります。",
        terms.Source(
            seed, "(\\*2) サイバー攻撃が疑われる突発的な事象を被保険者が最初に発見した日の翌日から30日以内"
        ),
    )
    assert support_problems("x", wrong_days)
    wrong_kind = terms.Condition(
        "discovery", {"any_of": ["public_body"]}, "通報に限ります。", terms.Source(seed, "・他人の身体の障害")
    )
    assert support_problems("x", wrong_kind)


def test_every_part_pays_a_cost_type_that_exists(catalogue):
    for product in catalogue.values():
        for plan in product.plans:
            for parts in plan.parts.values():
                for part in parts:
                    assert set(part.pays or ()) <= set(COST_TYPES), (product.slug, part.item)


def test_every_cost_row_can_be_claimed(catalogue):
    """A cost type for every cost row the catalogue has (and the ransom, which no plan pays)."""
    rows = {
        item
        for p in catalogue.values()
        for plan in p.plans
        for item in plan.parts
        if item.startswith("cost_")
    }
    claimed = {item for cost in COST_TYPES.values() for item in cost.candidates}
    assert rows - claimed == {"cost_other"} or rows <= claimed | {"cost_other"}
    assert {
        "damage_prevention",
        "recurrence_prevention",
        "consulting",
        "corporate_consolation",
        "ransom",
    } <= set(COST_TYPES)


def test_every_option_changes_something(catalogue):
    """An option is an add-on that pays (a part names it), a modifier (effects, riders), or a rider's rule."""
    for product in catalogue.values():
        for option in product.options:
            if option.automatic:
                continue
            named = any(
                part.option == option.code
                for plan in product.plans
                for parts in plan.parts.values()
                for part in parts
            )
            rider = any(
                option.code in ((part.formula or {}).get("with_options") or {})
                for plan in product.plans
                for parts in plan.parts.values()
                for part in parts
            )
            assert named or option.effects or rider, f"{product.slug}:{option.code} changes nothing"


def test_generated_schema_files_are_up_to_date():
    for name, text in (
        (schema.SCHEMA_FILE, schema.json_schema_text()),
        (schema.REFERENCE_FILE, schema.reference_markdown()),
    ):
        path = quotes.CATALOGUE_DIR / name
        assert path.read_text(encoding="utf-8") == text, (
            f"{name} is out of date: run manage.py catalogue_schema"
        )
    call_command("catalogue_schema", check=True, verbosity=0)


def test_every_data_file_names_the_schema():
    for path in sorted(quotes.CATALOGUE_DIR.glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=./{schema.SCHEMA_FILE}", path.name


def test_the_schema_rejects_a_bad_condition():
    with pytest.raises(ValueError):
        schema.Condition.model_validate({"kind": "discovery", "text": "x", "quote": "y"})  # no any_of
    with pytest.raises(ValueError):
        schema.Condition.model_validate({"kind": "no_such_kind", "text": "x", "quote": "y"})
