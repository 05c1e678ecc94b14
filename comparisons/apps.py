from django.apps import AppConfig


class ComparisonsConfig(AppConfig):
    name = "comparisons"
    verbose_name = "保険の比較（カタログ）"

    def ready(self) -> None:
        # The catalogue's admin lives with the catalogue (comparisons/catalogue/admin.py), not at the app's top.
        from .catalogue import admin  # noqa: F401
