"""The side-by-side coverage matrix: harmonised rows × chosen plans, with differences and worries marked."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from . import terms
from .money import format_yen
from .types import CoverageCell, PlanInfo, ProductInfo

GROUP_LABELS = {
    "liability": "損害賠償責任",
    "costs": "事故対応の費用",
    "business_interruption": "休業・営業損失",
    "services": "付帯サービス",
    "conditions": "条件・範囲",
}

# What a member says they handle or worry about → the rows that matter most to them.
WORRIES = {
    "personal_data": (
        "個人情報（顧客名簿など）を扱う",
        ("liability_leak", "cost_pr_apology", "cost_call_centre", "cost_consolation", "cost_forensic"),
    ),
    "lost_device": (
        "パソコン・USBメモリの紛失・盗難が心配",
        (
            "liability_leak",
            "cost_forensic",
            "cost_pr_apology",
            "cost_call_centre",
            "cost_consolation",
            "cost_legal",
        ),
    ),
    "card_data": (
        "クレジットカード情報を扱う",
        ("liability_leak", "cost_credit_monitoring", "cost_forensic"),
    ),
    "web_shop": (
        "ネットショップ・予約サイトを運営している",
        ("liability_cyber", "cost_cyber_investigation", "cost_system_restoration", "cost_damage_prevention"),
    ),
    "it_services": ("取引先のためにIT業務（開発・データ入力など）を行う", ("liability_it_services",)),
    "overseas": ("海外の取引先・海外での事業がある", ("cond_territory",)),
    "business_interruption": ("システムが止まると営業できない", ("bi_lost_profit", "bi_voluntary_shutdown")),
    "ransomware": (
        "ランサムウェア・ウイルスが心配",
        (
            "cost_cyber_investigation",
            "cost_forensic",
            "cost_system_restoration",
            "cost_recurrence_prevention",
        ),
    ),
}


@dataclass(frozen=True)
class Column:
    product: ProductInfo
    plan: PlanInfo
    options: tuple[str, ...] = ()  # option codes the member added
    terms: tuple[tuple[str, int], ...] = ()  # figures set on the application that the member entered

    @property
    def key(self) -> str:
        return f"{self.product.slug}:{self.plan.code}"

    @property
    def title(self) -> str:
        return f"{self.product.short_name} {self.plan.name}"


@dataclass(frozen=True)
class MatrixCell:
    """One plan's answer for one row, from the terms engine (terms.cell_parts): the main cover's terms
    after the member's options, the row's status, every other cover of the row (parts), what the options
    changed (riders) and every condition in words (assumptions). A row of the 条件・範囲 group is a
    condition, not a cover: its status is "condition"."""

    cell: CoverageCell
    status: str  # the effective status: optional becomes included when the option is added
    via_option: str | None = None
    column: str = ""  # the column's title, for screen readers inside the cell
    riders: tuple[str, ...] = ()  # what the riders the member added changed in this row's terms
    parts: tuple[terms.PartView, ...] = ()
    assumptions: tuple[str, ...] = ()
    narrowed_by: str | None = None
    sublimit_over_limit: str = ""  # a 内枠 larger than the limit it sits in, explained
    assumption_refs: tuple[int, ...] = ()  # the numbers of its assumptions in Matrix.condition_legend
    # a 条件・範囲 row's own words (the territory, how the deductible applies): never labelled 限度額
    condition_text: str = ""

    @property
    def other_parts(self) -> tuple[terms.PartView, ...]:
        return self.parts[1:]

    @property
    def signature(self) -> tuple:
        c = self.cell
        return (
            self.status,
            c.limit,
            c.sublimit,
            c.paid_share,
            c.deductible,
            c.per_person_limit,
            c.limit_text,
            c.sublimit_text,
            tuple((p.status, p.part.own_name, p.part.paid_share) for p in self.parts[1:]),
            self.assumptions,
        )


@dataclass(frozen=True)
class Row:
    item: str
    label: str
    help: str
    cells: tuple[MatrixCell, ...]
    differs: bool
    highlighted: bool


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Matrix:
    columns: tuple[Column, ...]
    groups: tuple[Group, ...]
    hidden_same_rows: int = 0
    worries: tuple[str, ...] = field(default_factory=tuple)
    # per programme: (heading, ((n, condition text), …)) — each condition of its cells once, numbered (paper)
    condition_legend: tuple[tuple[str, tuple[tuple[int, str], ...]], ...] = ()

    @cached_property
    def plan_conditions(self) -> list[tuple[str, tuple[str, ...]]]:
        """Each column's conditions that hold for all its covers (territory, who did it …), in words, as the
        column's options give them (海外担保特約's territory in place of the plan's): [(title, texts)].
        Two plans of one programme say what they share once, under the programme's name and both plans',
        then what each has of its own."""
        out: list[tuple[str, tuple[str, ...]]] = []
        for _product, columns in _by_product(self.columns):
            columns = [c for c in columns if c.plan.conditions]
            texts = [_plan_condition_texts(c) for c in columns]
            shared = (
                [t for t in texts[0] if all(t in other for other in texts[1:])] if len(columns) > 1 else []
            )
            if shared:
                out.append((_product_title(columns), tuple(shared)))
            for column, own in zip(columns, texts, strict=True):
                rest = tuple(t for t in own if t not in shared)
                if rest:
                    out.append((column.title, rest))
        return out

    @property
    def cache_key(self) -> str:
        """Everything the rendered table shows besides the catalogue itself: a key for caching it."""
        columns = ";".join(
            f"{c.key}+{','.join(sorted(c.options))}+{','.join(f'{k}={v}' for k, v in sorted(c.terms))}"
            for c in self.columns
        )
        rows = ",".join(f"{r.item}{'*' if r.highlighted else ''}" for g in self.groups for r in g.rows)
        return f"{columns}|{rows}|{self.hidden_same_rows}|{bool(self.worries)}"


def effective(cell: CoverageCell, column: Column) -> MatrixCell:
    """The row as the column's plan with its options gives it, from the terms engine: an optional cover
    added by its option becomes included, a narrowing option (情報漏えい限定) takes out what it excludes,
    riders change limits or shares (as in the simulator), and every condition is listed."""
    views = terms.cell_parts(column.product, column.plan, cell.item, column.options)
    if not views:
        return MatrixCell(cell=cell, status=cell.status, column=column.title)
    main = views[0]
    status = terms.row_status(views)
    if cell.group == "conditions" and status == "included":
        status = "condition"
    shared = set(_plan_condition_texts(column))  # shown once per column (Matrix.plan_conditions)
    assumptions = tuple(
        dict.fromkeys(
            c.text
            for v in views
            if v.status == "included"
            for c in v.conditions
            if c.kind != "events" and c.text not in shared
        )
    )
    return MatrixCell(
        cell=main.part,
        status=status,
        via_option=main.via_option,
        column=column.title,
        riders=tuple(dict.fromkeys(ch for v in views for ch in v.changes)),
        parts=views,
        assumptions=assumptions,
        narrowed_by=next((v.narrowed_by for v in views if v.narrowed_by), None),
        sublimit_over_limit=_sublimit_note(main.part),
        condition_text=_condition_text(main.part, column) if status == "condition" else "",
    )


def _condition_text(cell: CoverageCell, column: Column) -> str:
    """What a condition row says for the column: the deductible row its deductible's words, the territory row
    the territory an option sets (AIG's 海外担保特約) or the plan's, any other row its description (else its
    first note)."""
    if cell.item == "cond_territory":
        chosen = [
            e["text"]
            for code in terms.in_force_options(column.product, column.plan.code, column.options)
            for e in (column.product.option(code).effects if column.product.option(code) else ())
            if e.get("kind") == "territory"
        ]
        if chosen:
            return chosen[-1]
    first = (
        (cell.deductible_text, cell.limit_text)
        if cell.item == "cond_deductible"
        else (cell.limit_text, cell.deductible_text)
    )
    return next((x for x in (*first, *cell.notes[:1]) if x), "")


def _plan_condition_texts(column: Column) -> tuple[str, ...]:
    conds = terms.plan_conditions(column.product, column.plan, column.options)
    return tuple(dict.fromkeys(c.text for c in conds))


def _sublimit_note(cell: CoverageCell) -> str:
    if cell.sublimit is not None and cell.limit is not None and cell.sublimit > cell.limit:
        return (
            f"内枠は{format_yen(cell.sublimit)}ですが、このセットの支払限度額{format_yen(cell.limit)}が"
            "上限です（内枠は限度額を超えて支払うものではありません）。"
        )
    return ""


def build_matrix(
    columns: list[Column],
    *,
    items: list[tuple[str, str, str, str]],
    worries: tuple[str, ...] = (),
    differences_only: bool = False,
) -> Matrix:
    """items: (key, group, label, help) in display order, from the taxonomy."""
    watched = {key for w in worries if w in WORRIES for key in WORRIES[w][1]}
    groups: list[Group] = []
    hidden = 0
    for group_key, group_label in GROUP_LABELS.items():
        rows = []
        for key, group, label, help_text in items:
            if group != group_key:
                continue
            cells = tuple(effective(col.plan.cells[key], col) for col in columns)
            if all(c.status == "not_stated" for c in cells):
                continue
            differs = len({c.signature for c in cells}) > 1
            if differences_only and not differs and len(columns) > 1:
                hidden += 1
                continue
            rows.append(
                Row(
                    item=key,
                    label=label,
                    help=help_text,
                    cells=cells,
                    differs=differs,
                    highlighted=key in watched,
                )
            )
        if rows:
            groups.append(Group(key=group_key, label=group_label, rows=tuple(rows)))
    groups, legend = _number_conditions(groups, columns)
    return Matrix(
        columns=tuple(columns),
        groups=tuple(groups),
        hidden_same_rows=hidden,
        worries=worries,
        condition_legend=legend,
    )


def _by_product(columns) -> list[tuple[str, list]]:
    """The columns grouped by programme, in the order each programme first appears: [(slug, columns)]."""
    groups: dict[str, list] = {}
    for column in columns:
        groups.setdefault(column.product.slug, []).append(column)
    return list(groups.items())


def _product_title(columns: list[Column]) -> str:
    """A heading for what several plans of one programme share: 「商工会議所 情報漏えい賠償（A・B）」."""
    if len(columns) == 1:
        return columns[0].title
    return f"{columns[0].product.short_name}（{'・'.join(c.plan.name for c in columns)}）"


def _number_conditions(groups: list[Group], columns: list[Column]) -> tuple[list[Group], tuple]:
    """Number each programme's conditions once, in the order they first appear, so that paper can print
    each text once (two plans of one programme share their numbers) and a cell only its numbers.
    The legend: ((heading, ((n, text), …)), …), a programme at a time in the columns' order."""
    products = _by_product(columns)
    numbers: dict[str, dict[str, int]] = {slug: {} for slug, _ in products}
    for group in groups:
        for row in group.rows:
            for column, mc in zip(columns, row.cells, strict=True):
                mine = numbers[column.product.slug]
                for text in mc.assumptions:
                    mine.setdefault(text, len(mine) + 1)
    numbered = [
        replace(
            group,
            rows=tuple(
                replace(
                    row,
                    cells=tuple(
                        replace(
                            mc,
                            assumption_refs=tuple(numbers[column.product.slug][a] for a in mc.assumptions),
                        )
                        for column, mc in zip(columns, row.cells, strict=True)
                    ),
                )
                for row in group.rows
            ),
        )
        for group in groups
    ]
    legend = tuple(
        (_product_title(cols), tuple((n, text) for text, n in numbers[slug].items()))
        for slug, cols in products
        if numbers[slug]
    )
    return numbered, legend
