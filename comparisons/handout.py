"""The A4 handout PDF of a comparison (placeholder: being written)."""

from django.http import HttpResponse


def handout_pdf(request):
    return HttpResponse("not yet", status=501)
