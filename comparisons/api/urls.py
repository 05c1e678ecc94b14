from django.urls import path

from . import views as api

app_name = "api"

urlpatterns = [
    path("products/", api.products, name="products"),
    path("products/<slug:slug>/", api.product, name="product"),
    path("eligibility/", api.eligibility, name="eligibility"),
    path("quote/", api.quote, name="quote"),
    path("schedule/", api.schedule, name="schedule"),
    path("simulate/", api.simulate, name="simulate"),
    path("openapi.json", api.openapi, name="openapi"),
    path("docs/", api.docs, name="docs"),
]
