"""What a page rendered under AppTest: its tables by their columns, its plotly figures by their key."""

import json


def dataframe(app, *columns: str):
    """The first table on the page with these columns (only selectable tables carry their key in AppTest)."""
    return next(
        (frame.value for frame in app.dataframe if set(columns) <= set(frame.value.columns)),
        None,
    )


def plotly_spec(app, key: str) -> dict:
    """The figure a page sent for a chart key (AppTest does not model plotly charts as objects)."""
    for element in app.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        if key in element.proto.id:
            return spec
    raise AssertionError(f"no plotly chart {key}")
