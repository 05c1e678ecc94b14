from django.http import HttpResponse


def home(request):
    return HttpResponse("ok")


def product_detail(request, slug):
    return HttpResponse("ok")
