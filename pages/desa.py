"""Desa/kelurahan: how is this village doing against its kecamatan and the kabupaten, and how many are left?"""

from sensus.app.frame import frame_guard
from sensus.app.views import desa

view = frame_guard()
desa.render(view)
