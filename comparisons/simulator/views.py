"""The incident simulator page: one incident run through every compared plan's terms (domain.terms / payout)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from comparisons.catalogue import selectors
from comparisons.compare.forms import plan_and_option_choices
from comparisons.compare.history import SIMULATOR_ANSWERS, history_entry
from comparisons.compare.results import chosen_options, default_plan
from comparisons.domain import pricing, terms
from comparisons.domain.matrix import Column
from comparisons.domain.money import format_yen
from comparisons.domain.payout import COST_TYPES, SCENARIOS, PlanPayout, Scenario
from comparisons.domain.payout import simulate as run_simulation

from .forms import TRI_FACTS, SimulateForm, term_field_name

TRI = {"yes": True, "no": False, "": None}


def _plans(products, plan_keys):
    """(key, product, plan) for each "slug:code" that names a plan of the catalogue."""
    by_slug = {p.slug: p for p in products}
    for key in plan_keys:
        slug, _, code = key.partition(":")
        product = by_slug.get(slug)
        plan = product.plan(code) if product else None
        if plan is not None:
            yield key, product, plan


def columns_for(products, plan_keys, option_keys, terms_by_plan=None) -> list[Column]:
    columns = []
    for key, product, plan in _plans(products, plan_keys):
        opts = chosen_options(option_keys, product.slug)
        entered = tuple(sorted((terms_by_plan or {}).get(key, {}).items()))
        columns.append(Column(product=product, plan=plan, options=opts, terms=entered))
    if not columns:  # a representative plan of each programme
        columns = [Column(product=p, plan=default_plan(p)) for p in products][:4]
    return columns


def forbidden(columns: list[Column], risk_code: str | None) -> list[tuple[Column, list[terms.OptionProblem]]]:
    """The columns whose options the pamphlet forbids (terms.option_problems), with the rules broken."""
    found = []
    for col in columns:
        problems = terms.option_problems(col.product, col.plan.code, col.options, risk_code=risk_code)
        if problems:
            found.append((col, problems))
    return found


def problem_message(col: Column, problem: terms.OptionProblem) -> str:
    return f"{col.title}：{problem.stated}"


def free_set_problems(columns: list[Column]) -> list[tuple[Column, str]]:
    """A free set's limits entered on the simulator must be a combination the pamphlet allows."""
    out = []
    for col in columns:
        values = dict(col.terms)
        if col.plan.free_set and "liability_limit" in values and "cost_limit" in values:
            try:
                pricing.check_free_set(
                    col.plan.free_set, liability=values["liability_limit"], costs=values["cost_limit"]
                )
            except pricing.QuoteError as exc:
                out.append((col, str(exc)))
    return out


def scenario_data(query):
    """The form data with the chosen scenario's example facts and amounts filled in when it changed."""
    data = query.copy()
    key = data.get("scenario") if data.get("scenario") in SCENARIOS else "ransomware"
    if data.get("loaded") != key:
        incident = SCENARIOS[key].incident
        data["scenario"] = key
        data["loaded"] = key
        data.setlist("events", sorted(incident.events))
        data["discovered_by"] = incident.discovered_by or "self"
        data["perpetrator"] = incident.perpetrator or "outsider"
        data["leaked_info"] = incident.leaked_info or ""
        data["claim_country"] = incident.claim_country
        data["abroad"] = "on" if incident.abroad else ""
        days = incident.days_since_discovery
        data["days_since_discovery"] = "" if days is None else str(days)
        data["persons"] = str(incident.persons)
        data["companies"] = str(incident.companies)
        for fact in TRI_FACTS:
            value = getattr(incident, fact)
            data[fact] = "" if value is None else ("yes" if value else "no")
        for cost in COST_TYPES:
            amount = incident.amounts.get(cost, 0)
            data[cost] = format_yen(amount) if amount else ""
    return data


@dataclass(frozen=True)
class Simulation:
    form: SimulateForm
    scenario: Scenario
    incident: terms.Incident
    columns: list[Column]
    payouts: list[PlanPayout]
    # forbidden option combinations, each with its rule and quote
    refused: list[str] = field(default_factory=list)


def _term_specs(products, plan_keys):
    return [
        (key, f"{product.short_name} {plan.name}", t)
        for key, product, plan in _plans(products, plan_keys)
        for t in plan.application_terms
    ]


def simulation_from_query(query, products) -> Simulation:
    """Parse the simulator's answers (invalid ones are dropped, with their errors on the form) and run it.
    A forbidden option combination is refused: its plan is computed without the options that break a rule,
    and the rule with its quote is returned (`refused`) and shown beside the options."""
    plan_choices, option_choices = plan_and_option_choices(products)
    data = scenario_data(query)
    industries = [(r.code, f"{r.code} {r.name}") for r in selectors.risk_categories()]
    form = SimulateForm(
        data,
        plan_choices=plan_choices,
        option_choices=option_choices,
        industries=industries,
        term_specs=_term_specs(products, data.getlist("plans")[:4]),
    )
    form.is_valid()
    cd = form.cleaned_data
    scenario = SCENARIOS.get(cd.get("scenario") or "ransomware", SCENARIOS["ransomware"])
    base = scenario.incident
    incident = replace(
        base,
        events=frozenset(cd.get("events") or base.events),
        discovered_by=cd.get("discovered_by") or base.discovered_by,
        perpetrator=cd.get("perpetrator") or base.perpetrator,
        leaked_info=cd.get("leaked_info") or None,
        claim_country=cd.get("claim_country") or base.claim_country,
        abroad=bool(cd.get("abroad")),
        days_since_discovery=cd.get("days_since_discovery"),
        risk_code=cd.get("risk_code") or None,
        amounts={k: cd.get(k) or 0 for k in COST_TYPES},
        persons=cd.get("persons") if cd.get("persons") is not None else base.persons,
        companies=cd.get("companies") if cd.get("companies") is not None else base.companies,
        **{fact: TRI.get(cd.get(fact) or "", None) for fact in TRI_FACTS},
    )
    columns = columns_for(products, cd.get("plans") or [], cd.get("options") or [], cd.get("terms"))
    refused = []
    for col, problems in forbidden(columns, incident.risk_code):
        refused += [problem_message(col, p) for p in problems]
    if refused:
        form.add_error("options", refused)
        bad = {(c.key, p.option) for c, ps in forbidden(columns, incident.risk_code) for p in ps}
        columns = [replace(c, options=tuple(o for o in c.options if (c.key, o) not in bad)) for c in columns]
    for col, message in free_set_problems(columns):
        form.add_error(term_field_name(col.key, "cost_limit"), message)
        columns = [replace(c, terms=()) if c.key == col.key else c for c in columns]
    return Simulation(form, scenario, incident, columns, run_simulation(columns, incident), refused)


@require_GET
@history_entry(answers=SIMULATOR_ANSWERS)
def simulate(request: HttpRequest) -> HttpResponse:
    sim = simulation_from_query(request.GET, selectors.products())
    context = {
        "form": sim.form,
        "scenario": sim.scenario,
        "incident": sim.incident,
        "payouts": sim.payouts,
        "columns": sim.columns,
        "refused": sim.refused,
        "scenarios": SCENARIOS.values(),
        "discovery": terms.DISCOVERY,
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "comparisons/simulate.html#simulator" if partial else "comparisons/simulate.html"
    return render(request, template, context)
