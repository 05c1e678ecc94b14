from django.apps import AppConfig


class ComparisonsConfig(AppConfig):
    name = "comparisons"
    verbose_name = "保険の比較（カタログ）"

    def ready(self) -> None:
        # The catalogue's admin lives with the catalogue (comparisons/catalogue/admin.py), not at the app's top.
        # The development server: a template edited while it runs is shown at once, not an hour later.
        from django.utils.autoreload import file_changed

        from config.cache import forget_local_html

        from .catalogue import admin  # noqa: F401

        file_changed.connect(forget_local_html, dispatch_uid="comparisons_forget_local_html")
