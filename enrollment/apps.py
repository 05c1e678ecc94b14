from django.apps import AppConfig


class EnrollmentConfig(AppConfig):
    name = "enrollment"
    verbose_name = "加入申込"
