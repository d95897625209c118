"""Sosialisasi & Rencana: where should the next rakor go, did the last ones lift responses, will we make it?"""

from sensus.app.frame import frame_guard
from sensus.app.views import planning

view = frame_guard()
planning.render(view)
