from __future__ import annotations

import io

import pytest

from litellm_doctor.errors import InputError
from litellm_doctor.diagnosis.textinput import MAX_ANALYSED_BYTES, read_bounded_stream, read_error_text


def test_ansi_and_escaped_newlines_are_normalised():
    raw = "\x1b[31mlitellm.APIError\x1b[0m: boom\\nReceived Model Group=gpt-4o"
    text = read_error_text(raw).text
    assert "\x1b" not in text and "[31m" not in text
    assert "\nReceived Model Group=gpt-4o" in text


def test_bare_colour_codes_left_by_copy_paste_are_removed():
    text = read_error_text("litellm.acompletion(model=vertex_ai/gemini)[31m Exception VertexAIException - x[0m").text
    assert "[31m" not in text and "[0m" not in text


def test_json_body_fields_are_read():
    err = read_error_text('{"error": {"message": "Budget has been exceeded!", "type": "budget_exceeded", "param": null, "code": "429"}}')
    assert err.json_fields["code"] == "429"
    assert err.json_fields["type"] == "budget_exceeded"


def test_nested_json_message_dict_is_flattened():
    err = read_error_text('{"error": {"message": {"error": "/chat/completions: Invalid model name passed in model=x"}, "code": "400"}}')
    assert err.json_fields["message"].startswith("/chat/completions: Invalid model name")


@pytest.mark.parametrize("data", ["", "   \n\t  ", b"", b"\n\n"])
def test_empty_input_is_refused(data):
    with pytest.raises(InputError, match="empty"):
        read_error_text(data)


def test_binary_input_is_refused():
    with pytest.raises(InputError, match="binary"):
        read_error_text(bytes(range(256)) * 100)


def test_nul_bytes_inside_text_are_dropped():
    assert "\x00" not in read_error_text(b"litellm.Timeout:\x00 boom").text


def test_non_utf8_text_is_read_best_effort():
    err = read_error_text("Caf\xe9 litellm.APIConnectionError: Connection error.".encode("latin-1"))
    assert "Connection error." in err.text
    assert any("UTF-8" in n for n in err.notes)


def test_huge_input_keeps_head_and_tail():
    data = "litellm.AuthenticationError: first\n" + "x" * (5 * MAX_ANALYSED_BYTES) + "\nlast line"
    err = read_error_text(data)
    assert err.text.startswith("litellm.AuthenticationError")
    assert err.text.endswith("last line")
    assert len(err.text) < 2 * MAX_ANALYSED_BYTES


def test_long_line_is_shortened():
    err = read_error_text("a" * 200_000 + " litellm.Timeout")
    assert len(err.text) < 40_000
    assert any("shortened" in n for n in err.notes)


def test_stream_reading_is_bounded():
    payload = b"head\n" + b"y" * (10 * MAX_ANALYSED_BYTES) + b"\ntail"
    got, notes = read_bounded_stream(io.BytesIO(payload))
    assert notes
    assert got.startswith(b"head") and got.endswith(b"tail")
    assert len(got) <= MAX_ANALYSED_BYTES + 16


def test_secrets_are_masked_on_read():
    assert "sk-abcdefghijklmnop1234" not in read_error_text("key sk-abcdefghijklmnop1234").text


def test_an_error_in_a_terminal_box_is_read_whole():
    """Rich panels (crewAI, aider, nanobot) soft-wrap a message across bordered lines."""
    boxed = (
        "╭─ Error ───────────────────────────────────────────────╮\n"
        "│ Error calling LLM: litellm.BadRequestError: LLM        │\n"
        "│ Provider NOT provided. Pass in the LLM provider you    │\n"
        "╰────────────────────────────────────────────────────────╯\n"
        "after the box"
    )
    text = read_error_text(boxed).text
    assert "litellm.BadRequestError: LLM Provider NOT provided. Pass in" in text
    assert text.endswith("after the box")
    # a markdown table is not a box
    table = "| a | b |\n| c | d |"
    assert read_error_text(table).text == table
