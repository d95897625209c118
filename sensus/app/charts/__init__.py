"""Pure plotly builders: polars frames in, figures out; no Streamlit.

Plotly draws a subset of HTML (<b>, <a href>, <br>, <span style>) in every text it renders, so any text
that comes from a user or a file (event notes, event kinds, area names) goes through `plain` first.
"""

import polars as pl

# & first, or the entities written for < and > would be escaped again
_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))


def plain(text) -> str:
    """A text plotly shows as written: its markup characters as entities."""
    text = str(text)
    for char, entity in _ENTITIES:
        text = text.replace(char, entity)
    return text


def plain_col(name: str) -> pl.Expr:
    """`plain` for a string column."""
    expr = pl.col(name)
    for char, entity in _ENTITIES:
        expr = expr.str.replace_all(char, entity, literal=True)
    return expr
