"""What a view draws for: the configuration, the viewer's language, measure, as-of day and scope, built once per
run by the page frame (sensus.app.state.view_context) and handed to the page's `render`."""

import string
from dataclasses import dataclass
from datetime import date

from sensus.app.charts.base import ChartContext
from sensus.core import config, i18n, sebutan, wilayah_indonesia
from sensus.core.scope import Scope


def region_values(cfg: config.Config, bahasa: str) -> dict[str, str]:
    """The region's placeholders ({wilayah}, {kab}, {sebutan_desa}, …) for the configured region."""
    return sebutan.region_values(cfg.wilayah, bahasa)


short_name = sebutan.short_name


class _KeepMissing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def text(key: str, bahasa: str, cfg: config.Config, **values) -> str:
    """The text for `key` with the region's placeholders filled as well as `values`; a text whose other
    placeholders are not given keeps them as written, as i18n.t does without values."""
    raw = i18n.t(key, bahasa)
    if "{" not in raw:
        return raw
    fields = {name for _, name, _, _ in string.Formatter().parse(raw) if name}
    filled = region_values(cfg, bahasa) | values
    if fields <= filled.keys():
        return raw.format(**filled)
    return raw.format_map(_KeepMissing(filled))


@dataclass(frozen=True)
class ViewContext:
    """One run's settings, for every view and panel: what used to be read piecemeal from the session."""

    cfg: config.Config
    bahasa: str
    ukuran: str
    tanggal: date
    scope: Scope

    def t(self, key: str, **values) -> str:
        return text(key, self.bahasa, self.cfg, **values)

    @property
    def kab(self) -> str:
        """The region's word for itself in the viewer's language: 'kabupaten'/'regency' or 'kota'/'city'."""
        return region_values(self.cfg, self.bahasa)["kab"]

    @property
    def chart(self) -> ChartContext:
        """The window, the as-of day, the measure and the language every chart of this run draws for."""
        return ChartContext.of(self.tanggal, self.ukuran, self.bahasa, self.cfg)

    @property
    def wilayah(self) -> wilayah_indonesia.Kabupaten:
        return self.cfg.wilayah
