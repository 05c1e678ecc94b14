"""(placeholder: being written)"""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("not yet", status=501)


application_pdf = blank_form_pdf = _todo
