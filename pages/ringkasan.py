"""Ringkasan Kabupaten: is coverage on track, which kecamatan lag, will we reach the target by 31 March?"""

from sensus.app.frame import frame_guard
from sensus.app.views import ringkasan

view = frame_guard()
ringkasan.render(view)
