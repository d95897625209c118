"""Data: are the exports loaded, complete and clean? For the data officer."""

from sensus.app.frame import frame_guard
from sensus.app.views import data

view = frame_guard()
data.render(view)
