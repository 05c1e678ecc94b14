from django.contrib import admin

from .models import Agency, Agent, Application, ApplicationEvent


class AgentInline(admin.TabularInline):
    model = Agent
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "phone", "accepts_member_requests")
    search_fields = ("name", "code")
    inlines = [AgentInline]


@admin.register(Agent)
class AgentAdmin(admin.ModelAdmin):
    list_display = ("user", "agency")
    list_filter = ("agency",)
    search_fields = ("user__username", "user__last_name", "agency__name")


class EventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ("at", "actor", "action", "from_status", "to_status", "changes", "comment")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = (
        "reference",
        "applicant_name",
        "agency",
        "product",
        "plan",
        "status",
        "desired_start",
        "updated_at",
    )
    list_filter = ("status", "product", "agency")
    search_fields = ("applicant_name", "applicant_kana", "public_id")
    readonly_fields = ("public_id", "version", "created_at", "updated_at", "updated_by")
    inlines = [EventInline]
