"""Read, validate and write the catalogue data files.

`parse_files` reads every file and checks it completely (shape, types, references between entries, every
quote against its seed) and returns the problems as a list, naming the file and the entry. Only when the
whole set is clean does `write_catalogue` write it, in one transaction, by natural keys, so loading twice
changes nothing and rows that other tables point at (plans, options) keep their ids.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from . import quotes

STATUSES = {"included", "optional", "not_covered", "not_stated"}
PREMIUM_KINDS = {"exact", "example", "quote_required"}
COST_RELATIONS = {"inside_liability", "separate_capped", "per_item", "set_on_application"}
NOTE_KINDS = {
    "hotline",
    "service",
    "quote_requirement",
    "discount",
    "document",
    "disclosure",
    "exclusion",
    "notice",
    "territory",
    "deductible",
    "insured",
    "payment",
    "other",
}
RULES = {"membership_required", "organisation_excluded", "revenue_max", "risk_code_required"}
MODES = {"monthly", "annual", "mid_term"}
DEADLINE_KINDS = {"day_in_month_before", "days_before_start", "fixed", "none"}
DEBIT_KINDS = {"day_in_month_after", "by_deadline_transfer", "none"}
TERM_KINDS = {"one_year", "common_expiry"}
SHIFTS = {"next", "previous", "none"}
# The incident facts a coverage cell can respond to, plus the qualifier only_external_report (SCHEMA.md).
TRIGGERS = {
    "leak",
    "leak_fear",
    "attack",
    "attack_no_leak",
    "attack_suspected",
    "it_use",
    "it_services",
    "content",
    "bodily_property",
    "regulatory",
    "system_outage",
    "voluntary_shutdown",
    "overseas",
    "only_external_report",
}
MONEY_FIELDS = ("limit", "sublimit", "deductible", "per_person_limit", "per_entity_limit")
TEXT_FIELDS = ("own_name", "limit_text", "sublimit_text", "deductible_text")
CELL_FIELDS = (
    set(MONEY_FIELDS)
    | set(TEXT_FIELDS)
    | {
        "status",
        "option",
        "paid_share",
        "formula",
        "triggers",
        "conditions",
        "quote",
        "seed",
        "reading_note",
    }
)


class CatalogueError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class ProductFile:
    path: Path
    data: dict[str, Any]
    fragments: list[tuple[Path, dict[str, Any]]] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.data["product"]["slug"]


@dataclass
class Catalogue:
    taxonomy: dict[str, Any]
    products: list[ProductFile]


class _Checker:
    """Collects problems, each prefixed with the file and the entry."""

    def __init__(self, path: Path, default_seed: str):
        self.path = path
        self.default_seed = default_seed
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{self.path.name}: {where}: {message}")

    def need(self, obj: dict, key: str, where: str, kinds: type | tuple = str) -> Any:
        if not isinstance(obj, dict) or key not in obj or obj[key] is None:
            self.fail(where, f"'{key}' is required")
            return None
        value = obj[key]
        if not isinstance(value, kinds) or isinstance(value, bool) and kinds is not bool:
            self.fail(where, f"'{key}' must be {kinds}, got {type(value).__name__}")
            return None
        if isinstance(value, str) and not value.strip():
            self.fail(where, f"'{key}' is empty")
            return None
        return value

    def money(self, obj: dict, key: str, where: str) -> None:
        value = obj.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            self.fail(where, f"'{key}' must be a whole number of yen or null, got {value!r}")

    def quote(self, obj: dict, where: str, *, required: bool = True) -> None:
        if not isinstance(obj, dict):
            self.fail(where, "must be a mapping")
            return
        q = obj.get("quote")
        if q is None:
            if required:
                self.fail(where, "'quote' is required: every fact needs its source")
            return
        if not isinstance(q, str) or not quotes.normalise(q):
            self.fail(where, "'quote' must be non-empty text")
            return
        seed = obj.get("seed", self.default_seed)
        self._check_seed_text(where, seed, q)

    def _check_seed_text(self, where: str, seed: str, q: str) -> None:
        try:
            text = quotes.seed_text(seed)
        except FileNotFoundError as exc:
            self.fail(where, str(exc))
            return
        if quotes.normalise(q) not in text:
            self.fail(where, f"quote not found in {seed}: {q[:60]!r}")

    def extra_quotes(self, obj: dict, key: str, where: str) -> None:
        for i, q in enumerate(obj.get(key) or []):
            if isinstance(q, str):
                self._check_seed_text(f"{where}.{key}[{i}]", obj.get("seed", self.default_seed), q)
            elif isinstance(q, dict):
                self.quote(q, f"{where}.{key}[{i}]")

    def date(self, obj: dict, key: str, where: str, *, required: bool = False) -> None:
        value = obj.get(key)
        if value is None:
            if required:
                self.fail(where, f"'{key}' is required")
            return
        if not isinstance(value, dt.date):
            self.fail(where, f"'{key}' must be an ISO date (YYYY-MM-DD), got {value!r}")

    def choice(self, value: Any, allowed: set[str], where: str, what: str) -> None:
        if value not in allowed:
            self.fail(where, f"{what} {value!r} is not one of {sorted(allowed)}")


def read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CatalogueError([f"{path.name}: not valid YAML: {exc}"]) from exc


def discover(directory: Path) -> tuple[Path, list[Path]]:
    """The taxonomy file and the programme files (fragments included) of a catalogue folder."""
    files = sorted(p for p in directory.glob("*.yaml") if p.name != "taxonomy.yaml")
    return directory / "taxonomy.yaml", files


def parse_files(taxonomy_path: Path, paths: list[Path]) -> Catalogue:
    """Read and validate; raise CatalogueError listing every problem found."""
    problems: list[str] = []
    taxonomy = read_yaml(taxonomy_path)
    problems += check_taxonomy(taxonomy_path, taxonomy)
    item_keys = {i["key"] for i in taxonomy.get("items", []) if isinstance(i, dict) and "key" in i}

    products: dict[str, ProductFile] = {}
    fragments: list[tuple[Path, dict]] = []
    for path in paths:
        data = read_yaml(path)
        if not isinstance(data, dict):
            problems.append(f"{path.name}: the file must be a mapping")
        elif isinstance(data.get("product"), dict):
            slug = data["product"].get("slug")
            if slug in products:
                problems.append(f"{path.name}: product.slug: {slug!r} is defined twice")
            products[slug] = ProductFile(path, data)
        elif isinstance(data.get("product"), str):
            fragments.append((path, data))
        else:
            problems.append(f"{path.name}: 'product' is required (a mapping, or a slug for a fragment)")
    for path, data in fragments:
        owner = products.get(data["product"])
        if owner is None:
            problems.append(f"{path.name}: product: no programme file has slug {data['product']!r}")
        else:
            owner.fragments.append((path, data))
    for pf in products.values():
        problems += check_product(pf, item_keys)
    if problems:
        raise CatalogueError(problems)
    return Catalogue(taxonomy=taxonomy, products=list(products.values()))


def check_taxonomy(path: Path, taxonomy: Any) -> list[str]:
    c = _Checker(path, "")
    if not isinstance(taxonomy, dict):
        return [f"{path.name}: must be a mapping with groups and items"]
    groups = {g.get("key") for g in taxonomy.get("groups", []) if isinstance(g, dict)}
    seen: set[str] = set()
    for i, item in enumerate(taxonomy.get("items", [])):
        where = f"items[{i}]"
        key = c.need(item, "key", where)
        c.need(item, "label", where)
        if item.get("group") not in groups:
            c.fail(where, f"group {item.get('group')!r} is not one of {sorted(groups)}")
        if key in seen:
            c.fail(where, f"key {key!r} appears twice")
        seen.add(key)
    return c.problems


def check_product(pf: ProductFile, item_keys: set[str]) -> list[str]:  # noqa: C901 - one pass per section
    d = pf.data
    p = d["product"]
    c = _Checker(pf.path, p.get("seed", ""))
    for key in ("slug", "seed", "name", "short_name", "kind", "premium_kind"):
        c.need(p, key, "product")
    c.choice(p.get("kind"), {"group", "individual"}, "product.kind", "kind")
    c.choice(p.get("premium_kind"), PREMIUM_KINDS, "product.premium_kind", "premium_kind")
    for key in ("eligible_members", "period", "premium_basis", "cost_limit_relation"):
        if c.need(p, key, "product", dict) is not None:
            c.quote(p[key], f"product.{key}")
    for key in ("policyholder", "pamphlet_date"):
        if p.get(key) is not None:
            c.quote(p[key], f"product.{key}")
    period = p.get("period") or {}
    c.need(period, "text", "product.period")
    c.date(period, "valid_from", "product.period")
    c.date(period, "valid_to", "product.period")
    relation = p.get("cost_limit_relation") or {}
    c.choice(relation.get("kind"), COST_RELATIONS, "product.cost_limit_relation", "kind")

    for i, ins in enumerate(d.get("insurers") or []):
        c.need(ins, "name", f"insurers[{i}]")
        c.need(ins, "role", f"insurers[{i}]")
        c.quote(ins, f"insurers[{i}]")
    if not d.get("insurers"):
        c.fail("insurers", "at least one insurer is required")

    for i, note in enumerate(d.get("notes") or []):
        where = f"notes[{i}] ({note.get('title', '?') if isinstance(note, dict) else '?'})"
        c.choice(note.get("kind"), NOTE_KINDS, where, "kind")
        c.need(note, "title", where)
        value = note.get("value")
        if value is not None and not isinstance(value, (int, float)):
            c.fail(where, f"'value' must be a number, got {value!r}")
        c.quote(note, where)

    plan_codes: list[str] = []
    for i, plan in enumerate(d.get("plans") or []):
        where = f"plans[{i}]"
        code = c.need(plan, "code", where)
        for key in ("name", "family", "family_name"):
            c.need(plan, key, where)
        if code in plan_codes:
            c.fail(where, f"plan code {code!r} appears twice")
        plan_codes.append(code)
        c.quote(plan, where)
        fs = plan.get("free_set")
        if fs is not None:
            for key in ("liability_choices", "cost_choices"):
                values = fs.get(key)
                if (
                    not isinstance(values, list)
                    or not values
                    or not all(isinstance(v, int) and v > 0 for v in values)
                ):
                    c.fail(f"{where}.free_set", f"'{key}' must be a non-empty list of yen amounts")
            c.quote(fs, f"{where}.free_set")
    if not plan_codes:
        c.fail("plans", "at least one plan is required")

    option_codes = [o.get("code") for o in d.get("options") or [] if isinstance(o, dict)]
    for i, opt in enumerate(d.get("options") or []):
        where = f"options[{i}] ({opt.get('code')})"
        c.need(opt, "code", where)
        c.need(opt, "name", where)
        c.quote(opt, where)
        c.extra_quotes(opt, "constraint_quotes", where)
        for key in ("requires", "excludes"):
            for ref in opt.get(key) or []:
                if ref not in option_codes:
                    c.fail(where, f"{key}: unknown option {ref!r}")
        for ref in opt.get("only_plans") or []:
            if ref not in plan_codes:
                c.fail(where, f"only_plans: unknown plan {ref!r}")
    if len(set(option_codes)) != len(option_codes):
        c.fail("options", "an option code appears twice")

    cells: dict[tuple[str, str], str] = {}
    for i, cov in enumerate(d.get("coverages") or []):
        where = f"coverages[{i}] ({cov.get('item')})"
        if cov.get("item") not in item_keys:
            c.fail(where, f"item {cov.get('item')!r} is not in taxonomy.yaml")
        plans = cov.get("plans", "all")
        targets = plan_codes if plans == "all" else plans
        if not isinstance(targets, list):
            c.fail(where, "'plans' must be 'all' or a list of plan codes")
            targets = []
        unknown_fields = set(cov) - CELL_FIELDS - {"item", "plans", "by_plan"}
        if unknown_fields:
            c.fail(where, f"unknown fields {sorted(unknown_fields)}")
        check_cell(c, cov, where, option_codes)
        c.quote(cov, where)
        by_plan = cov.get("by_plan") or {}
        for code, override in by_plan.items():
            if code not in targets:
                c.fail(where, f"by_plan: {code!r} is not among this entry's plans")
            if set(override) - CELL_FIELDS:
                c.fail(f"{where}.by_plan.{code}", f"unknown fields {sorted(set(override) - CELL_FIELDS)}")
            check_cell(c, {**cov, **override}, f"{where}.by_plan.{code}", option_codes)
            if "quote" in override:
                c.quote({**{"seed": cov.get("seed", c.default_seed)}, **override}, f"{where}.by_plan.{code}")
        for code in targets:
            if code not in plan_codes:
                c.fail(where, f"unknown plan {code!r}")
                continue
            key = (code, cov.get("item"))
            if key in cells:
                c.fail(where, f"plan {code} × {cov.get('item')} is already set by {cells[key]}")
            cells[key] = where

    premiums = d.get("premiums") or {}
    for i, row in enumerate(premiums.get("table") or []):
        where = f"premiums.table[{i}]"
        if row.get("plan") not in plan_codes:
            c.fail(where, f"unknown plan {row.get('plan')!r}")
        c.need(row, "rank", where)
        if c.need(row, "annual_premium", where, int) is not None and row["annual_premium"] <= 0:
            c.fail(where, "annual_premium must be positive")
        c.quote(row, where)
    for i, row in enumerate(premiums.get("examples") or []):
        where = f"premiums.examples[{i}]"
        if row.get("plan") not in plan_codes:
            c.fail(where, f"unknown plan {row.get('plan')!r}")
        c.need(row, "industry", where)
        c.need(row, "annual_revenue", where, int)
        c.need(row, "annual_premium", where, int)
        c.quote(row, where)
    if p.get("premium_kind") == "exact" and not premiums.get("table"):
        c.fail("premiums.table", "premium_kind exact needs a premium table")
    if p.get("premium_kind") == "quote_required" and not any(
        n.get("kind") == "quote_requirement" for n in d.get("notes") or []
    ):
        c.fail("notes", "premium_kind quote_required needs notes of kind quote_requirement")

    for i, rule in enumerate(d.get("eligibility") or []):
        where = f"eligibility[{i}]"
        c.choice(rule.get("rule"), RULES, where, "rule")
        c.need(rule, "message", where)
        params = rule.get("params") or {}
        if rule.get("rule") == "membership_required" and not params.get("any_of"):
            c.fail(where, "params.any_of is required")
        if rule.get("rule") == "organisation_excluded" and not params.get("organisations"):
            c.fail(where, "params.organisations is required")
        if rule.get("rule") == "revenue_max" and not isinstance(params.get("max_yen"), int):
            c.fail(where, "params.max_yen must be a whole number of yen")
        c.quote(rule, where)

    for i, rule in enumerate(d.get("schedule") or []):
        where = f"schedule[{i}]"
        c.choice(rule.get("mode"), MODES, where, "mode")
        check_schedule(c, rule, where)
        c.quote(rule, where)
        c.extra_quotes(rule, "extra_quotes", where)

    for i, ex in enumerate(d.get("worked_examples") or []):
        where = f"worked_examples[{i}]"
        c.choice(ex.get("kind"), {"payout", "schedule", "premium"}, where, "kind")
        c.need(ex, "title", where)
        c.quote(ex, where)
        c.extra_quotes(ex, "extra_quotes", where)

    for path, frag in pf.fragments:
        fc = _Checker(path, frag.get("seed", ""))
        codes: set[str] = set()
        excl = frag.get("it_option_exclusion")
        if excl is not None:
            fc.quote(excl, "it_option_exclusion")
        for i, row in enumerate(frag.get("risk_categories") or []):
            where = f"risk_categories[{i}] ({row.get('code')})"
            code = fc.need(row, "code", where)
            fc.need(row, "name", where)
            if code in codes:
                fc.fail(where, f"code {code!r} appears twice")
            codes.add(code)
            fc.quote(row, where)
        c.problems += fc.problems
    return c.problems


def check_cell(c: _Checker, cell: dict, where: str, option_codes: list) -> None:
    c.choice(cell.get("status"), STATUSES, where, "status")
    for key in MONEY_FIELDS:
        c.money(cell, key, where)
    share = cell.get("paid_share")
    if share is not None and (not isinstance(share, (int, float)) or not 0 < share <= 1):
        c.fail(where, f"paid_share must be a fraction in (0, 1], got {share!r}")
    if cell.get("option") is not None and cell.get("option") not in option_codes:
        c.fail(where, f"unknown option {cell.get('option')!r}")
    if cell.get("status") == "optional" and not cell.get("option"):
        c.fail(where, "an optional cover must name its option")
    if not isinstance(cell.get("conditions") or [], list):
        c.fail(where, "'conditions' must be a list of sentences")
    triggers = cell.get("triggers") or []
    if not isinstance(triggers, list):
        c.fail(where, "'triggers' must be a list")
    else:
        unknown = [t for t in triggers if not isinstance(t, str) or t not in TRIGGERS]
        if unknown:
            c.fail(where, f"unknown triggers {unknown}; allowed: {sorted(TRIGGERS)}")


def check_schedule(c: _Checker, rule: dict, where: str) -> None:
    deadline = rule.get("deadline") or {}
    debit = rule.get("debit") or {}
    term = rule.get("term") or {}
    c.choice(deadline.get("kind"), DEADLINE_KINDS, f"{where}.deadline", "kind")
    c.choice(debit.get("kind"), DEBIT_KINDS, f"{where}.debit", "kind")
    c.choice(term.get("kind"), TERM_KINDS, f"{where}.term", "kind")
    for part, name in ((deadline, "deadline"), (debit, "debit")):
        if part.get("kind") not in ("none", "by_deadline_transfer", "fixed", None):
            c.choice(part.get("shift", "none"), SHIFTS, f"{where}.{name}", "shift")
    if deadline.get("kind") == "fixed":
        c.date(deadline, "date", f"{where}.deadline", required=True)
    if term.get("kind") == "common_expiry":
        c.date(term, "date", f"{where}.term", required=True)
    c.date(rule, "first_start", where)
    c.date(rule, "last_start", where)


# ---------------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------------


def _src(obj: dict, default_seed: str) -> dict[str, str]:
    return {
        "source_seed": obj.get("seed", default_seed),
        "source_quote": obj.get("quote", ""),
        "reading_note": obj.get("reading_note") or "",
    }


def _jsonable(value: Any) -> Any:
    """YAML dates become ISO strings inside JSON fields."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_catalogue(catalogue: Catalogue) -> dict[str, int]:
    """Write a validated catalogue. Call inside transaction.atomic(). Returns row counts."""
    from . import models as m

    counts: dict[str, int] = {}
    item_ids = write_taxonomy(catalogue.taxonomy)
    counts["coverage_items"] = len(item_ids)
    slugs = []
    for order, pf in enumerate(sorted(catalogue.products, key=lambda pf: pf.path.name)):
        slugs.append(pf.slug)
        for key, n in write_product(pf, order=order, item_ids=item_ids).items():
            counts[key] = counts.get(key, 0) + n
    m.Product.objects.exclude(slug__in=slugs).delete()
    m.Insurer.objects.filter(roles__isnull=True).delete()
    counts["products"] = len(slugs)
    m.CatalogueVersion.objects.update_or_create(pk=1, defaults={"token": content_token(catalogue)})
    return counts


def content_token(catalogue: Catalogue) -> str:
    """A hash of everything loaded: the same files give the same token."""
    import hashlib
    import json

    content = [catalogue.taxonomy] + [
        [pf.data, [frag for _path, frag in pf.fragments]]
        for pf in sorted(catalogue.products, key=lambda p: p.slug)
    ]
    return hashlib.sha256(json.dumps(content, default=str).encode()).hexdigest()


def write_taxonomy(taxonomy: dict) -> dict[str, Any]:
    from .models import CoverageItem

    items = {}
    for order, item in enumerate(taxonomy["items"]):
        obj, _ = CoverageItem.objects.update_or_create(
            key=item["key"],
            defaults={
                "group": item["group"],
                "label": item["label"],
                "help_text": item.get("help", ""),
                "order": order,
            },
        )
        items[item["key"]] = obj
    CoverageItem.objects.exclude(key__in=list(items)).delete()
    return items


def _sync(model, parent_filter: dict, rows: list[tuple[dict, dict]]) -> list:
    """Upsert rows by their natural key and delete the parent's rows that are no longer in the file."""
    kept = []
    for key, defaults in rows:
        obj, _ = model.objects.update_or_create(**parent_filter, **key, defaults=defaults)
        kept.append(obj.pk)
    model.objects.filter(**parent_filter).exclude(pk__in=kept).delete()
    return kept


def write_product(pf: ProductFile, *, order: int, item_ids: dict) -> dict[str, int]:  # noqa: C901
    from . import models as m

    d = pf.data
    p = d["product"]
    seed = p["seed"]
    period = p["period"]
    product, _ = m.Product.objects.update_or_create(
        slug=p["slug"],
        defaults={
            "name": p["name"],
            "short_name": p["short_name"],
            "kind": p["kind"],
            "summary": p.get("summary", ""),
            "seed": seed,
            "order": order,
            "policyholder": (p.get("policyholder") or {}).get("text", ""),
            "policyholder_quote": (p.get("policyholder") or {}).get("quote", ""),
            "eligible_members": p["eligible_members"]["text"],
            "eligible_members_quote": p["eligible_members"]["quote"],
            "valid_from": period.get("valid_from"),
            "valid_to": period.get("valid_to"),
            "period_text": period["text"],
            "period_quote": period["quote"],
            "period_seed": period.get("seed", seed),
            "pamphlet_date": (p.get("pamphlet_date") or {}).get("text", ""),
            "pamphlet_date_quote": (p.get("pamphlet_date") or {}).get("quote", ""),
            "premium_kind": p["premium_kind"],
            "premium_basis": p["premium_basis"]["text"],
            "premium_basis_quote": p["premium_basis"]["quote"],
            "cost_limit_relation": p["cost_limit_relation"]["kind"],
            "cost_limit_relation_text": p["cost_limit_relation"].get("text", ""),
            "cost_limit_relation_quote": p["cost_limit_relation"]["quote"],
        },
    )
    pk = {"product": product}

    insurer_rows = []
    for i, ins in enumerate(d["insurers"]):
        insurer, _ = m.Insurer.objects.get_or_create(name=ins["name"])
        insurer_rows.append(({"insurer": insurer}, {"role": ins["role"], "order": i, **_src(ins, seed)}))
    _sync(m.ProductInsurer, pk, insurer_rows)

    _sync(
        m.ProductNote,
        pk,
        [
            (
                {"order": i},
                {
                    "kind": n["kind"],
                    "title": n["title"],
                    "body": n.get("body") or "",
                    "value": None if n.get("value") is None else Decimal(str(n["value"])),
                    **_src(n, seed),
                },
            )
            for i, n in enumerate(d.get("notes") or [])
        ],
    )

    plans = {}
    for i, plan in enumerate(d["plans"]):
        obj, _ = m.Plan.objects.update_or_create(
            product=product,
            code=plan["code"],
            defaults={
                "name": plan["name"],
                "family": plan["family"],
                "family_name": plan["family_name"],
                "level": str(plan.get("level") or ""),
                "description": plan.get("description") or "",
                "territory": plan.get("territory") or "",
                "free_set": _jsonable(plan.get("free_set")),
                "order": i,
                **_src(plan, seed),
            },
        )
        plans[plan["code"]] = obj
    m.Plan.objects.filter(product=product).exclude(code__in=list(plans)).delete()

    options = {}
    for i, opt in enumerate(d.get("options") or []):
        obj, _ = m.Option.objects.update_or_create(
            product=product,
            code=opt["code"],
            defaults={
                "name": opt["name"],
                "description": opt.get("description") or "",
                "excluded_risk_codes": [str(x) for x in opt.get("excluded_risk_codes") or []],
                "automatic": bool(opt.get("automatic")),
                "constraint_quotes": _jsonable(opt.get("constraint_quotes") or []),
                "order": i,
                **_src(opt, seed),
            },
        )
        options[opt["code"]] = obj
    m.Option.objects.filter(product=product).exclude(code__in=list(options)).delete()
    for opt in d.get("options") or []:
        obj = options[opt["code"]]
        obj.requires.set([options[c] for c in opt.get("requires") or []])
        obj.excludes.set([options[c] for c in opt.get("excludes") or []])
        obj.only_plans.set([plans[c] for c in opt.get("only_plans") or []])

    cells = resolve_cells(d, seed)
    kept = []
    for (code, item_key), cell in cells.items():
        obj, _ = m.Coverage.objects.update_or_create(
            plan=plans[code],
            item=item_ids[item_key],
            defaults={
                "own_name": cell.get("own_name") or "",
                "status": cell["status"],
                "option": options.get(cell.get("option")) if cell.get("option") else None,
                **{k: cell.get(k) for k in MONEY_FIELDS},
                **{k: cell.get(k) or "" for k in TEXT_FIELDS if k != "own_name"},
                "paid_share": None if cell.get("paid_share") is None else Decimal(str(cell["paid_share"])),
                "formula": _jsonable(cell.get("formula")),
                "triggers": cell.get("triggers") or [],
                "conditions": cell.get("conditions") or [],
                **_src(cell, seed),
            },
        )
        kept.append(obj.pk)
    m.Coverage.objects.filter(plan__product=product).exclude(pk__in=kept).delete()

    premiums = d.get("premiums") or {}
    rate_ids = []
    for row in premiums.get("table") or []:
        obj, _ = m.PremiumRate.objects.update_or_create(
            plan=plans[row["plan"]],
            rank=str(row["rank"]),
            defaults={"annual_premium": row["annual_premium"], **_src(row, seed)},
        )
        rate_ids.append(obj.pk)
    m.PremiumRate.objects.filter(plan__product=product).exclude(pk__in=rate_ids).delete()
    example_ids = []
    for i, row in enumerate(premiums.get("examples") or []):
        obj, _ = m.PremiumExample.objects.update_or_create(
            plan=plans[row["plan"]],
            order=i,
            defaults={
                "industry": row["industry"],
                "risk_code": str(row.get("risk_code") or ""),
                "annual_revenue": row["annual_revenue"],
                "set_name": str(row.get("set") or ""),
                "it_option": bool(row.get("it_option")),
                "annual_premium": row["annual_premium"],
                "approximate": bool(row.get("approximate", True)),
                "assumptions": row.get("assumptions") or "",
                **_src(row, seed),
            },
        )
        example_ids.append(obj.pk)
    m.PremiumExample.objects.filter(plan__product=product).exclude(pk__in=example_ids).delete()

    _sync(
        m.EligibilityRule,
        pk,
        [
            (
                {"order": i},
                {
                    "rule": r["rule"],
                    "params": _jsonable(r.get("params") or {}),
                    "message": r["message"],
                    **_src(r, seed),
                },
            )
            for i, r in enumerate(d.get("eligibility") or [])
        ],
    )
    _sync(
        m.ScheduleRule,
        pk,
        [
            (
                {"order": i},
                {
                    "mode": r["mode"],
                    "start": _jsonable(r.get("start") or {}),
                    "deadline": _jsonable(r.get("deadline") or {}),
                    "debit": _jsonable(r.get("debit") or {}),
                    "term": _jsonable(r.get("term") or {}),
                    "first_start": r.get("first_start"),
                    "last_start": r.get("last_start"),
                    "extra_quotes": _jsonable(r.get("extra_quotes") or []),
                    **_src(r, seed),
                },
            )
            for i, r in enumerate(d.get("schedule") or [])
        ],
    )
    _sync(
        m.WorkedExample,
        pk,
        [
            (
                {"order": i},
                {
                    "kind": ex["kind"],
                    "title": ex["title"],
                    "plans": ex.get("plans") or [],
                    "inputs": _jsonable(ex.get("inputs") or {}),
                    "expected": _jsonable(ex.get("expected") or {}),
                    "extra_quotes": _jsonable(ex.get("extra_quotes") or []),
                    **_src(ex, seed),
                },
            )
            for i, ex in enumerate(d.get("worked_examples") or [])
        ],
    )

    risk_rows = []
    for _path, frag in pf.fragments:
        frag_seed = frag.get("seed", seed)
        for row in frag.get("risk_categories") or []:
            risk_rows.append(
                (
                    {"code": str(row["code"])},
                    {
                        "major": row.get("major") or "",
                        "name": row["name"],
                        "keywords": row.get("keywords") or [],
                        "code_inferred": bool(row.get("code_inferred")),
                        "it_option_excluded": bool(row.get("it_option_excluded")),
                        "order": len(risk_rows),
                        **_src(row, frag_seed),
                    },
                )
            )
    _sync(m.RiskCategory, pk, risk_rows)

    return {
        "plans": len(plans),
        "options": len(options),
        "coverages": len(cells),
        "premium_rates": len(rate_ids),
        "premium_examples": len(example_ids),
        "risk_categories": len(risk_rows),
    }


def resolve_cells(d: dict, seed: str) -> dict[tuple[str, str], dict]:
    """Expand coverage entries (plans: all | list, by_plan overrides) into one dict per plan × item."""
    plan_codes = [p["code"] for p in d["plans"]]
    cells: dict[tuple[str, str], dict] = {}
    for cov in d.get("coverages") or []:
        targets = plan_codes if cov.get("plans", "all") == "all" else cov["plans"]
        base = {k: v for k, v in cov.items() if k not in ("plans", "by_plan", "item")}
        base.setdefault("seed", seed)
        for code in targets:
            cell = {**base, **(cov.get("by_plan") or {}).get(code, {})}
            cells[(code, cov["item"])] = cell
    return cells
