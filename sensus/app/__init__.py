"""App: the Streamlit layer. Caches and URL state (ui), one view per page (views/), charts/, tables and exports.

Nothing outside the pages and dashboard.py imports it.
"""
