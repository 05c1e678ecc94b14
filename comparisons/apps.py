from django.apps import AppConfig


class ComparisonsConfig(AppConfig):
    name = "comparisons"
    verbose_name = "保険の比較（カタログ）"
