"""Django finds an app's models in `<app>.models`: the catalogue's models live in comparisons.catalogue.models."""

from comparisons.catalogue.models import *  # noqa: F403
