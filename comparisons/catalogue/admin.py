"""Admin for the catalogue: an insurer's staff can search, filter and see each value beside its source."""

from __future__ import annotations

import uuid

from django.contrib import admin
from django.utils.html import format_html

from . import models as m

SOURCE_FIELDS = ("source_seed", "source_quote", "reading_note")


def touch_catalogue() -> None:
    """An edit by hand: every process rebuilds its catalogue on its next request."""
    m.CatalogueVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


class CatalogueAdmin(admin.ModelAdmin):
    """Any change made here is a change of the catalogue."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        touch_catalogue()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        touch_catalogue()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        touch_catalogue()


@admin.display(description="出典（原文）")
def source_excerpt(obj) -> str:
    quote = obj.source_quote or ""
    short = quote if len(quote) <= 60 else quote[:60] + "…"
    return format_html("<span title='{}'>「{}」<br><small>{}</small></span>", quote, short, obj.source_seed)


class SourcedInline(admin.TabularInline):
    extra = 0
    show_change_link = True


class ProductInsurerInline(SourcedInline):
    model = m.ProductInsurer
    fields = ("insurer", "role", "order", *SOURCE_FIELDS)


class PlanInline(SourcedInline):
    model = m.Plan
    fields = ("code", "name", "family_name", "level", "territory", "source_quote")


class OptionInline(SourcedInline):
    model = m.Option
    fields = ("code", "name", "automatic", "excluded_risk_codes", "source_quote")


class NoteInline(SourcedInline):
    model = m.ProductNote
    fields = ("kind", "title", "body", "value", "is_ceiling", "ceiling_quote", "source_quote")


class EligibilityInline(SourcedInline):
    model = m.EligibilityRule
    fields = ("rule", "params", "message", "source_quote")


class ScheduleInline(SourcedInline):
    model = m.ScheduleRule
    fields = (
        "mode",
        "start",
        "deadline",
        "debit",
        "term",
        "first_start",
        "last_start",
        "carries_over",
        "carries_over_text",
        "carries_over_quote",
        "source_quote",
    )


@admin.register(m.Product)
class ProductAdmin(CatalogueAdmin):
    list_display = ("name", "slug", "kind", "premium_kind", "valid_from", "valid_to")
    list_filter = ("kind", "premium_kind")
    search_fields = ("name", "slug", "eligible_members")
    inlines = [ProductInsurerInline, PlanInline, OptionInline, EligibilityInline, ScheduleInline, NoteInline]
    fieldsets = (
        (None, {"fields": ("slug", "name", "short_name", "kind", "summary", "seed", "order")}),
        (
            "加入できる方",
            {"fields": ("policyholder", "policyholder_quote", "eligible_members", "eligible_members_quote")},
        ),
        (
            "パンフレットの期間",
            {
                "fields": (
                    "valid_from",
                    "valid_to",
                    "period_text",
                    "period_quote",
                    "period_seed",
                    "pamphlet_date",
                    "pamphlet_date_quote",
                )
            },
        ),
        ("保険料", {"fields": ("premium_kind", "premium_basis", "premium_basis_quote")}),
        (
            "費用の限度額",
            {"fields": ("cost_limit_relation", "cost_limit_relation_text", "cost_limit_relation_quote")},
        ),
        ("確認先", {"fields": ("inquiries", "inquiries_quote")}),
    )


# The values of a matrix cell, shown alike in the plan's inline and the coverage list.
COVERAGE_VALUES = ("status", "own_name", "limit", "sublimit", "paid_share", "deductible")


class CoverageInline(SourcedInline):
    model = m.Coverage
    fields = ("item", *COVERAGE_VALUES, "option", "reason", "source_quote", "reading_note")
    autocomplete_fields = ("item",)


class PremiumRateInline(SourcedInline):
    model = m.PremiumRate
    fields = ("rank", "annual_premium", "source_quote")


@admin.register(m.Plan)
class PlanAdmin(CatalogueAdmin):
    list_display = ("name", "code", "product", "family_name", "level", source_excerpt)
    list_filter = ("product", "family_name")
    search_fields = ("name", "code", "product__name")
    inlines = [CoverageInline, PremiumRateInline]


@admin.register(m.Coverage)
class CoverageAdmin(CatalogueAdmin):
    list_display = ("plan", "item", *COVERAGE_VALUES, source_excerpt)
    list_filter = ("plan__product", "status", "item__group", "item")
    search_fields = ("own_name", "source_quote", "plan__name", "item__label")
    list_select_related = ("plan__product", "item")


@admin.register(m.CoverageItem)
class CoverageItemAdmin(CatalogueAdmin):
    list_display = ("label", "key", "group", "order")
    list_filter = ("group",)
    search_fields = ("label", "key")


@admin.register(m.Option)
class OptionAdmin(CatalogueAdmin):
    list_display = ("name", "code", "product", "automatic", source_excerpt)
    list_filter = ("product", "automatic")
    search_fields = ("name", "code", "description")
    filter_horizontal = ("requires", "only_plans")


@admin.register(m.RiskCategory)
class RiskCategoryAdmin(CatalogueAdmin):
    list_display = ("code", "name", "major", "it_option_excluded", "code_inferred", source_excerpt)
    list_filter = ("major", "it_option_excluded", "code_inferred")
    search_fields = ("code", "name", "major", "keywords")


@admin.register(m.PremiumRate)
class PremiumRateAdmin(CatalogueAdmin):
    list_display = ("plan", "rank", "annual_premium", source_excerpt)
    list_filter = ("plan__product", "rank")


@admin.register(m.PremiumExample)
class PremiumExampleAdmin(CatalogueAdmin):
    list_display = (
        "industry",
        "plan",
        "annual_revenue",
        "set_name",
        "it_option",
        "annual_premium",
        source_excerpt,
    )
    list_filter = ("plan__product", "it_option")


@admin.register(m.ProductNote)
class ProductNoteAdmin(CatalogueAdmin):
    list_display = ("title", "product", "kind", source_excerpt)
    list_filter = ("product", "kind")
    search_fields = ("title", "body", "source_quote")


@admin.register(m.EligibilityRule, m.ScheduleRule, m.WorkedExample)
class RuleAdmin(CatalogueAdmin):
    list_display = ("__str__", "product", source_excerpt)
    list_filter = ("product",)


admin.site.register(m.Insurer, CatalogueAdmin)


@admin.register(m.ProductEdition)
class ProductEditionAdmin(admin.ModelAdmin):
    """Editions are a record: listed and read, never edited (applications made under them keep their terms)."""

    list_display = ("title", "edition_label", "product_slug", "valid_from", "valid_to", "loaded_at")
    list_filter = ("product_slug",)
    readonly_fields = [f.name for f in m.ProductEdition._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
