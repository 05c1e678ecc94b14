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
from pydantic import BaseModel, ValidationError

from . import quotes, schema
from .editions import record_editions
from .readings import readings

MONEY_FIELDS = ("limit", "sublimit", "deductible", "per_person_limit", "per_entity_limit")
TEXT_FIELDS = ("own_name", "limit_text", "sublimit_text", "deductible_text")


class CatalogueError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class ProductFile:
    path: Path
    data: dict[str, Any]
    fragments: list[tuple[Path, dict[str, Any]]] = field(default_factory=list)
    model: Any = None  # the schema.ProductFile it validated as

    @property
    def slug(self) -> str:
        return self.data["product"]["slug"]


@dataclass
class Catalogue:
    taxonomy: dict[str, Any]
    products: list[ProductFile]


def _where(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(file)"


def _validate(model: type[BaseModel], path: Path, data: Any) -> tuple[BaseModel | None, list[str]]:
    """The file's data as the schema's model, or every problem as 「file: entry path: message」."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(
                x
                for x in err["loc"]
                if not (isinstance(x, str) and x.startswith(("function-", "ProductFile")))
            )
            problems.append(f"{path.name}: {_where(loc)}: {err['msg']}")
        return None, problems


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
    """Read and validate every file (schema.py, references between entries, every quote against its seed);
    raise CatalogueError listing every problem found, each naming the file and the entry."""
    problems: list[str] = []
    taxonomy = read_yaml(taxonomy_path)
    _model, found = _validate(schema.Taxonomy, taxonomy_path, taxonomy)
    problems += found
    items = {i.get("key"): i.get("group") for i in (taxonomy or {}).get("items", []) if isinstance(i, dict)}

    products: dict[str, ProductFile] = {}
    fragments: list[tuple[Path, dict]] = []
    for path in paths:
        data = read_yaml(path)
        if not isinstance(data, dict):
            problems.append(f"{path.name}: the file must be a mapping")
        elif isinstance(data.get("product"), dict):
            model, found = _validate(schema.ProductFile, path, data)
            problems += found
            slug = data["product"].get("slug")
            if slug in products:
                problems.append(f"{path.name}: product.slug: {slug!r} is defined twice")
            products[slug] = ProductFile(path, data, model=model)
        elif isinstance(data.get("product"), str):
            _model, found = _validate(schema.Fragment, path, data)
            problems += found
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
        if pf.model is not None:
            problems += check_references(pf, items)
        problems += check_quotes(pf)
    if problems:
        raise CatalogueError(problems)
    return Catalogue(taxonomy=taxonomy, products=list(products.values()))


def check_quotes(pf: ProductFile) -> list[str]:
    """Every quote of the file (and its fragments) against its seed."""
    problems = []
    for path, data in [(pf.path, pf.data), *pf.fragments]:
        default = data["product"]["seed"] if isinstance(data.get("product"), dict) else data.get("seed", "")
        for ref in quotes.iter_quotes(data, default_seed=default):
            try:
                found = ref.found()
            except FileNotFoundError as exc:
                problems.append(f"{path.name}: {ref.path}: {exc}")
                continue
            if not found:
                problems.append(f"{path.name}: {ref.path}: quote not found in {ref.seed}: {ref.quote[:60]!r}")
    return problems


def check_references(pf: ProductFile, items: dict[str, str]) -> list[str]:  # noqa: C901 - one pass per kind
    """References between entries: plans, options and rows named must exist; codes are unique."""
    m: schema.ProductFile = pf.model
    name = pf.path.name
    problems: list[str] = []
    plan_codes = [p.code for p in m.plans]
    option_codes = [o.code for o in m.options]
    for label, codes in (("plan", plan_codes), ("option", option_codes)):
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            problems.append(f"{name}: {label}s: code {dupes} appears twice")
    for i, opt in enumerate(m.options):
        where = f"{name}: options[{i}] ({opt.code})"
        for ref in (
            opt.requires
            + opt.excludes
            + [o for e in opt.effects for o in e.not_for_options + e.unsettled_for_options]
        ):
            if ref not in option_codes:
                problems.append(f"{where}: unknown option {ref!r}")
        for ref in opt.only_plans:
            if ref not in plan_codes:
                problems.append(f"{where}: only_plans: unknown plan {ref!r}")
    for i, cov in enumerate(m.coverages):
        where = f"{name}: coverages[{i}] ({cov.item})"
        if cov.item not in items:
            problems.append(f"{where}: item {cov.item!r} is not in taxonomy.yaml")
        targets = plan_codes if cov.plans == "all" else cov.plans
        for code in targets:
            if code not in plan_codes:
                problems.append(f"{where}: unknown plan {code!r}")
        for code, override in cov.by_plan.items():
            if code not in targets:
                problems.append(f"{where}: by_plan: {code!r} is not among this entry's plans")
            option = override.option if override.option is not None else cov.option
            status = override.status or cov.status
            if status == "optional" and not option:
                problems.append(f"{where}.by_plan.{code}: an optional cover must name its option")
        for option in [cov.option] + [o.option for o in cov.by_plan.values()]:
            if option is not None and option not in option_codes:
                problems.append(f"{where}: unknown option {option!r}")
        for cell in [cov, *cov.by_plan.values()]:
            problems += _condition_references(where, cell.conditions or [], option_codes)
    for i, plan in enumerate(m.plans):
        problems += _condition_references(f"{name}: plans[{i}] ({plan.code})", plan.conditions, option_codes)
    for i, row in enumerate(m.premiums.table):
        if row.plan not in plan_codes:
            problems.append(f"{name}: premiums.table[{i}]: unknown plan {row.plan!r}")
    for i, row in enumerate(m.premiums.examples):
        if row.plan not in plan_codes:
            problems.append(f"{name}: premiums.examples[{i}]: unknown plan {row.plan!r}")
    if m.product.premium_kind == "exact" and not m.premiums.table:
        problems.append(f"{name}: premiums.table: premium_kind exact needs a premium table")
    if m.product.premium_kind == "quote_required" and not any(n.kind == "quote_requirement" for n in m.notes):
        problems.append(f"{name}: notes: premium_kind quote_required needs notes of kind quote_requirement")
    for i, rule in enumerate(m.eligibility):
        params = rule.params
        where = f"{name}: eligibility[{i}]"
        if rule.rule == "membership_required" and not params.get("any_of"):
            problems.append(f"{where}: params.any_of is required")
        if rule.rule == "organisation_excluded" and not params.get("organisations"):
            problems.append(f"{where}: params.organisations is required")
        if rule.rule == "revenue_max" and not isinstance(params.get("max_yen"), int):
            problems.append(f"{where}: params.max_yen must be a whole number of yen")
    for path, frag in pf.fragments:
        codes = [str(r.get("code")) for r in frag.get("risk_categories") or []]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            problems.append(f"{path.name}: risk_categories: code {dupes} appears twice")
    return problems


def _search_words(row: dict) -> list[str]:
    """A risk row's search words: the YAML's keywords plus the kana readings of its names and keywords."""
    keywords = [str(k) for k in row.get("keywords") or []]
    extra = readings(row["name"], row.get("major") or "", *keywords)
    return keywords + [r for r in extra if r not in keywords]


def _condition_references(where: str, conditions: list, option_codes: list[str]) -> list[str]:
    """The options a condition names (an `option` condition, a rider that changes it) must exist."""
    problems = []
    for cond in conditions:
        named = (cond.any_of if cond.kind == "option" else []) + list(cond.with_options)
        problems += [
            f"{where}: conditions: unknown option {code!r}" for code in named if code not in option_codes
        ]
    return problems


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
    record_editions()  # a programme whose content changed gets a new edition; applications keep theirs
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
            "inquiries": (p.get("inquiries") or {}).get("text", ""),
            "inquiries_quote": (p.get("inquiries") or {}).get("quote", ""),
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
                    "is_ceiling": (n.get("ceiling") or {}).get("is_ceiling"),
                    "ceiling_quote": (n.get("ceiling") or {}).get("quote", ""),
                    "ceiling_seed": (n.get("ceiling") or {}).get("seed") or n.get("seed", seed),
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
                "conditions": [_condition(c, seed) for c in plan.get("conditions") or []],
                "application_terms": [
                    {
                        "key": a["key"],
                        "label": a["label"],
                        "choices": a.get("choices") or [],
                        **_source(a, seed),
                    }
                    for a in plan.get("application_terms") or []
                ],
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
                "rule_quotes": {
                    k: {"seed": seed, "quote": q} for k, q in (opt.get("rule_quotes") or {}).items()
                },
                "effects": [
                    {
                        **{k: v for k, v in e.items() if k not in ("quote", "seed", "reading_note")},
                        **_source(e, seed),
                    }
                    for e in opt.get("effects") or []
                ],
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
    for (code, item_key, part), cell in cells.items():
        obj, _ = m.Coverage.objects.update_or_create(
            plan=plans[code],
            item=item_ids[item_key],
            part=part,
            defaults={
                "own_name": cell.get("own_name") or "",
                "status": cell["status"],
                "option": options.get(cell.get("option")) if cell.get("option") else None,
                **{k: cell.get(k) for k in MONEY_FIELDS},
                **{k: cell.get(k) or "" for k in TEXT_FIELDS if k != "own_name"},
                "paid_share": None if cell.get("paid_share") is None else Decimal(str(cell["paid_share"])),
                "formula": _jsonable(cell.get("formula")),
                "triggers": cell.get("triggers") or [],
                "conditions": [_condition(c, cell.get("seed", seed)) for c in cell.get("conditions") or []],
                "notes": [n["text"] if isinstance(n, dict) else n for n in cell.get("notes") or []],
                "reason": cell.get("reason") or "",
                "pays": cell.get("pays"),
                "application_terms": cell.get("application_terms"),
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
                    "carries_over": r["carries_over"]["applies"],
                    "carries_over_text": r["carries_over"]["text"],
                    "carries_over_quote": r["carries_over"]["quote"],
                    "carries_over_seed": r["carries_over"].get("seed") or r.get("seed", seed),
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
                        "keywords": _search_words(row),
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


def resolve_cells(d: dict, seed: str) -> dict[tuple[str, str, int], dict]:
    """Expand coverage entries (plans: all | list, by_plan overrides) into one dict per plan × item × part:
    the entries for the same plan × item are that row's parts, in file order."""
    plan_codes = [p["code"] for p in d["plans"]]
    cells: dict[tuple[str, str, int], dict] = {}
    counts: dict[tuple[str, str], int] = {}
    for cov in d.get("coverages") or []:
        targets = plan_codes if cov.get("plans", "all") == "all" else cov["plans"]
        base = {k: v for k, v in cov.items() if k not in ("plans", "by_plan", "item")}
        base.setdefault("seed", seed)
        for code in targets:
            cell = {**base, **(cov.get("by_plan") or {}).get(code, {})}
            part = counts.get((code, cov["item"]), 0)
            counts[(code, cov["item"])] = part + 1
            cells[(code, cov["item"], part)] = cell
    return cells


def _source(obj: dict, seed: str) -> dict:
    return {
        "seed": obj.get("seed", seed),
        "quote": obj.get("quote", ""),
        "reading_note": obj.get("reading_note") or "",
    }


def _condition(cond: dict, seed: str) -> dict:
    """A condition as stored: kind, text, the engine's parameters, and its source."""
    params = schema.Condition.model_validate(cond).params()
    return {"kind": cond["kind"], "text": cond["text"], "params": _jsonable(params), **_source(cond, seed)}
