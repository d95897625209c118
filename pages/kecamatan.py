"""Kecamatan: how are the villages of my district doing, and which kades/lurah need a push?"""

from sensus.app.frame import frame_guard
from sensus.app.views import kecamatan

view = frame_guard()
kecamatan.render(view)
