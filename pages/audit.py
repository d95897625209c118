"""Audit log: who signed in, imported, undid, changed events or downloaded, and when. For pimpinan, operator and
the province head (of the kabupaten the run serves)."""

from sensus.app import access
from sensus.app.frame import frame_guard
from sensus.app.views import audit

view = frame_guard()
access.require_role("pimpinan", "operator", "kepala_provinsi", kabupaten=True)
audit.render(view)
