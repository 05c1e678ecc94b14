"""The incident simulator page (placeholder: being written)."""

from django.http import HttpResponse


def simulate(request):
    return HttpResponse("not yet", status=501)
