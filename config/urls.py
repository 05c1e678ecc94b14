from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "サイバー保険比較 管理画面"
admin.site.site_title = "サイバー保険比較 管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("agents/", include("enrollment.urls")),
    path("api/", include("comparisons.api.urls")),
    path("", include("comparisons.urls")),
]
