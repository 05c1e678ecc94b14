"""The incident simulator page: one incident run through every compared plan's terms."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from comparisons.catalogue import selectors
from comparisons.compare.forms import plan_and_option_choices
from comparisons.compare.results import default_plan
from comparisons.domain.matrix import Column
from comparisons.domain.money import format_yen
from comparisons.domain.payout import COST_TYPES, SCENARIOS, Incident, PlanPayout, Scenario
from comparisons.domain.payout import simulate as run_simulation

from .forms import SimulateForm


def columns_for(products, plan_keys, option_keys) -> list[Column]:
    by_slug = {p.slug: p for p in products}
    columns = []
    for key in plan_keys:
        slug, _, code = key.partition(":")
        product = by_slug.get(slug)
        plan = product.plan(code) if product else None
        if plan is None:
            continue
        opts = tuple(o.partition(":")[2] for o in option_keys if o.startswith(slug + ":"))
        columns.append(Column(product=product, plan=plan, options=opts))
    if not columns:  # a representative plan of each programme
        columns = [Column(product=p, plan=default_plan(p)) for p in products][:4]
    return columns


def scenario_data(query):
    """The form data with the chosen scenario's example amounts filled in when the scenario changed."""
    data = query.copy()
    key = data.get("scenario") if data.get("scenario") in SCENARIOS else "ransomware"
    if data.get("loaded") != key:
        scenario = SCENARIOS[key]
        data["scenario"] = key
        data["loaded"] = key
        data["discovered_by"] = scenario.discovered_by
        data["persons"] = str(scenario.persons)
        for cost in COST_TYPES:
            amount = scenario.amounts.get(cost, 0)
            data[cost] = format_yen(amount) if amount else ""
    return data


@dataclass(frozen=True)
class Simulation:
    form: SimulateForm
    scenario: Scenario
    incident: Incident
    columns: list[Column]
    payouts: list[PlanPayout]


def simulation_from_query(query, products) -> Simulation:
    """Parse the simulator's answers (invalid ones are dropped, with their errors on the form) and run it."""
    plan_choices, option_choices = plan_and_option_choices(products)
    form = SimulateForm(scenario_data(query), plan_choices=plan_choices, option_choices=option_choices)
    form.is_valid()
    data = form.cleaned_data
    scenario = SCENARIOS.get(data.get("scenario") or "ransomware", SCENARIOS["ransomware"])
    incident = Incident(
        facts=scenario.facts,
        discovered_by=data.get("discovered_by") or scenario.discovered_by,
        amounts={k: data.get(k) or 0 for k in COST_TYPES},
        persons=data.get("persons") if data.get("persons") is not None else scenario.persons,
    )
    columns = columns_for(products, data.get("plans") or [], data.get("options") or [])
    return Simulation(form, scenario, incident, columns, run_simulation(columns, incident))


@require_GET
def simulate(request: HttpRequest) -> HttpResponse:
    sim = simulation_from_query(request.GET, selectors.products())
    context = {
        "form": sim.form,
        "scenario": sim.scenario,
        "incident": sim.incident,
        "payouts": sim.payouts,
        "columns": sim.columns,
        "scenarios": SCENARIOS.values(),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "comparisons/simulate.html#simulator" if partial else "comparisons/simulate.html"
    return render(request, template, context)
