"""The producer's text helpers; what the producer tests share is in tests/support/producer.py."""

from __future__ import annotations


def test_control_characters_never_reach_items() -> None:
    from producers.htmltext import html_to_text

    assert html_to_text("a\x00b\x07c") == "abc"
    assert html_to_text("<p>x\x1fy</p><p>z\x85w\x7f</p>") == "xy\nzw"
    assert html_to_text("tab\tand\nnewline") == "tab and\nnewline"
