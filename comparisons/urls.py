from django.urls import path

from . import handout, simulator_views, views

app_name = "comparisons"

urlpatterns = [
    path("", views.home, name="home"),
    path("compare/", views.compare, name="compare"),
    path("compare/handout.pdf", handout.handout_pdf, name="handout"),
    path("simulate/", simulator_views.simulate, name="simulate"),
    path("products/<slug:slug>/", views.product_detail, name="product_detail"),
]
