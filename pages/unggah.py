"""Upload: the data officer imports an export from the browser, after a dry run; and takes a batch back."""

from sensus.app import access
from sensus.app.frame import frame_guard
from sensus.app.views import upload

view = frame_guard()
access.require_role("operator")
upload.render(view)
