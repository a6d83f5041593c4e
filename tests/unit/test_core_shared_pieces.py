"""The shared pieces that replaced code written several times: the topic names of the Kafka
settings, the one HTTP server start, the subcommand parser and switch helpers and the producer
state's rows.
Each test pins what the pieces they replaced did."""

from __future__ import annotations

import argparse

import aiohttp
import pytest
from aiohttp import web

from flashpoint.commands.parsers import add_command, add_switches
from flashpoint.core.httpserve import serve
from flashpoint.core.kafkaconf import KafkaSettings
from producers.state import FeedState, State, Subscription


def test_topic_names_follow_the_prefix_and_are_not_settings() -> None:
    kafka = KafkaSettings(topic_prefix="t1")
    assert (
        kafka.raw_topic,
        kafka.classified_topic,
        kafka.alerts_topic,
        kafka.deadletter_topic,
        kafka.items_deadletter_topic,
        kafka.events_topic,
        kafka.silences_topic,
    ) == (
        "t1.items.raw",
        "t1.items.classified",
        "t1.alerts",
        "t1.alerts.deadletter",
        "t1.items.deadletter",
        "t1.alerts.events",
        "t1.silences",
    )
    assert kafka.model_copy(update={"topic_prefix": "t2"}).alerts_topic == "t2.alerts"
    assert not any(name.endswith("_topic") for name in kafka.model_dump())


async def test_serve_on_port_zero_gives_the_bound_port() -> None:
    async def hello(_: web.Request) -> web.Response:
        return web.Response(text="hello")

    app = web.Application()
    app.router.add_get("/", hello)
    runner, port = await serve(app, "127.0.0.1", 0)
    try:
        assert port > 0
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://127.0.0.1:{port}/") as resp,
        ):
            assert (resp.status, await resp.text()) == (200, "hello")
    finally:
        await runner.cleanup()


def test_add_command_prints_the_description_as_written() -> None:
    parser = argparse.ArgumentParser(prog="flashpoint")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = add_command(
        sub,
        "probe",
        "a one-line summary for the command list",
        """
        A first line of prose that is long enough that argparse's default formatter would
        rewrap it into the next one.

        examples:
          flashpoint probe              aligned comment
          flashpoint probe --x 1        another
        """,
    )
    text = p.format_help()
    assert (
        "\n\nA first line of prose that is long enough that argparse's default formatter would\n"
        "rewrap it into the next one.\n\nexamples:\n"
        "  flashpoint probe              aligned comment\n"
        "  flashpoint probe --x 1        another\n\n"
    ) in text
    assert "a one-line summary for the command list" in parser.format_help()


def test_switches_are_off_unless_given_and_keep_their_order_and_help() -> None:
    parser = argparse.ArgumentParser(prog="probe")
    parser.add_argument("--before", help="an option declared first")
    add_switches(parser, {"--dry-run": "list what would be done", "--json": "print JSON"})
    assert vars(parser.parse_args([])) == {"before": None, "dry_run": False, "json": False}
    assert parser.parse_args(["--json"]).json is True
    assert parser.parse_args(["--dry-run"]).dry_run is True
    with pytest.raises(SystemExit):  # a switch takes no value
        parser.parse_args(["--json=yes"])
    text = parser.format_help()
    assert text.index("--before") < text.index("--dry-run") < text.index("--json"), text
    assert "list what would be done" in text and "print JSON" in text


def test_feed_and_subscription_rows_round_trip() -> None:
    state = State(":memory:")
    try:
        gone = FeedState(
            "f",
            "https://a.example/rss",
            etag='"e"',
            gone=True,
            errors=3,
            next_due=5,
            last_success=1.5,
            last_error="HTTP 410",
        )
        state.save_feed(gone)
        again = state.feed("f", "https://a.example/rss")
        assert again == gone  # next_due comes back as the float 5.0
        assert again.gone is True and isinstance(again.next_due, float)
        state.save_feed(FeedState("g", "https://b.example/rss"))
        assert state.feed("g", "https://b.example/rss").gone is False
        # a changed URL starts afresh
        assert state.feed("f", "https://c.example/rss") == FeedState("f", "https://c.example/rss")
        sub = Subscription(
            "f", "https://hub.example/", "https://a.example/rss", "s3", "active", 10.0
        )
        state.save_subscription(sub)
        assert state.subscriptions() == {"f": sub}
    finally:
        state.close()
