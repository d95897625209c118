"""A fragment's own rerun runs outside the page frame's run_in_scope: frame.fragment gives it the same rule, so a
request outside a bound viewer's scope inside a fragment is the one clear message, never a traceback."""

import pytest
from streamlit.testing.v1 import AppTest

from sensus.app import access
from sensus.core.scope import Scope

pytestmark = pytest.mark.slow  # every test renders pages with AppTest


def _page_with_a_refusing_fragment():
    import streamlit as st

    from sensus.app import frame
    from sensus.core.scope import OutOfScope

    @frame.fragment
    def part():
        raise OutOfScope("33.16.01 is outside the bound kecamatan 33.16.05")

    part()
    st.write("the rest of the page")


def test_a_refusal_inside_a_fragment_is_the_frames_message_not_a_traceback(monkeypatch):
    monkeypatch.setattr(access, "viewer_scope", lambda: Scope("33.16.05"))
    app = AppTest.from_function(_page_with_a_refusing_fragment).run()
    assert not app.exception
    assert [e.value for e in app.error] == [
        "Permintaan ini di luar cakupan Anda (Kecamatan Cepu, 33.16.05); tidak ada yang ditampilkan atau diubah."
    ]
    # the refusal ends the fragment, not the page
    assert "the rest of the page" in [m.value for m in app.markdown]
