from django.urls import path

from .compare import views as compare
from .handout import views as handout
from .products import views as products
from .simulator import views as simulator

app_name = "comparisons"

urlpatterns = [
    path("", products.home, name="home"),
    path("compare/", compare.compare, name="compare"),
    path("compare/handout.pdf", handout.handout_pdf, name="handout"),
    path("simulate/", simulator.simulate, name="simulate"),
    path("products/<slug:slug>/", products.product_detail, name="product_detail"),
]
