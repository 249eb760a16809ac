"""The depth check reads JSON as a decoder does: brackets inside strings do not count, escapes do not
end a string, and the deepest point counts, not the number of brackets."""

import json

import pytest

from entrypoints.http.guarded_request import MAX_JSON_DEPTH, NotJsonError, TooDeepError, deeper_than, ensure_json


def nested(depth: int) -> bytes:
    return ("[" * depth + "]" * depth).encode()


@pytest.mark.parametrize(
    ("body", "depth"),
    [
        (b"{}", 1),
        (nested(5000), 5000),
        (b"[" + b"[]," * 100 + b"[]]", 2),  # many brackets, shallow
        (b'["' + b"[" * 100 + b'"]', 1),  # brackets inside a string do not count
        (b'[{"a": "' + b"[" * 100 + b'"}, ' + nested(40) + b"]", 41),
        (b'["\\"' + b"[" * 100 + b'"]', 1),  # an escaped quote does not end the string
        (b'["\\\\", ' + nested(40) + b"]", 41),  # an escaped backslash does not escape the quote
    ],
)
def test_the_depth_is_that_of_the_arrays_and_objects_outside_strings(body: bytes, depth: int) -> None:
    assert deeper_than(body, depth - 1)
    assert not deeper_than(body, depth)


def test_the_depth_agrees_with_a_decoder_on_what_is_a_string() -> None:
    body = json.dumps({"text": "[[[{{{" * 20 + '\\"\\\\', "deep": json.loads(nested(40))}).encode()

    assert deeper_than(body, 40)
    assert not deeper_than(body, 41)


def test_a_body_is_refused_one_level_past_the_limit() -> None:
    ensure_json("application/json", nested(MAX_JSON_DEPTH))
    ensure_json("application/json", b'["' + b"[" * 1000 + b'"]')

    with pytest.raises(TooDeepError):
        ensure_json("application/json", nested(MAX_JSON_DEPTH + 1))


@pytest.mark.parametrize("content_type", ["", "application/json", "application/merge-patch+json"])
def test_a_body_that_says_it_is_json_or_says_nothing_is_read(content_type: str) -> None:
    ensure_json(content_type, b"{}")


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_a_body_of_a_type_a_page_may_send_without_asking_is_refused(content_type: str) -> None:
    with pytest.raises(NotJsonError):
        ensure_json(content_type, b"{}")
