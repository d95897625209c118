"""Upload: the data officer imports an export from the browser, after a dry run; and takes a batch back."""

from sensus.app import ui
from sensus.app.views import upload

ui.frame_guard()
ui.require_role("operator")
upload.render()
