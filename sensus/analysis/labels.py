"""Text keys (sensus/core/texts) of the codes analysis results carry, written out so every key is a literal."""

from sensus.analysis import forecast

# forecast.perkiraan's `status`
FORECAST_STATUS = {
    forecast.SESUAI: "status_sesuai",
    forecast.RISIKO: "status_berisiko",
    forecast.MELESET: "status_meleset",
}
