"""The overview of the region: is coverage on track, which kecamatan lag, will the target be reached in time?"""

from sensus.app.frame import frame_guard
from sensus.app.views import ringkasan

view = frame_guard()
ringkasan.render(view)
