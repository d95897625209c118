"""One module per page: what the page shows, as functions the thin files in pages/ call."""
