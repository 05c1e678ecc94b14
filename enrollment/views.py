"""(placeholder: being written)"""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("not yet", status=501)


dashboard = application_create = application_detail = application_autosave = application_transition = _todo
