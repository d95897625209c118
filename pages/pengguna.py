"""Users: who may sign in, with which roles and kecamatan. Managed with `python -m sensus users` (admin)."""

from sensus.app import access
from sensus.app.frame import frame_guard
from sensus.app.views import users

view = frame_guard()
access.require_role("admin", kabupaten=True)
users.render(view)
