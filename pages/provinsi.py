"""The province overview: which kabupaten/kota are on track, from what each published; a drill into any of them."""

from sensus.app.frame import frame_guard
from sensus.app.views import provinsi

view = frame_guard()
provinsi.render(view)
