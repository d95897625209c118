"""The [auth] section of the configuration (sensus.core.config.AuthSettings)."""

from sensus.core import config
from sensus.core.config import AuthSettings

__all__ = ["AuthSettings", "load"]


def load() -> AuthSettings:  # to be removed by the end of issue 21: callers take the object
    return config.load().auth


load.cache_clear = config.load.cache_clear  # type: ignore[attr-defined]
