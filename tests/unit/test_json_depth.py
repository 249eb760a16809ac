"""The depth check reads JSON as a decoder does: brackets inside strings do not count, escapes do not
end a string, and the deepest point counts, not the number of brackets."""

import json

import pytest

from entrypoints.http.json_depth import MAX_JSON_DEPTH, TooDeepError, ensure_shallow, nesting_depth


def nested(depth: int) -> bytes:
    return ("[" * depth + "]" * depth).encode()


@pytest.mark.parametrize(
    ("body", "depth"),
    [
        (b"{}", 1),
        (b'"text"', 0),
        (nested(5000), 5000),
        (b"[" + b"[]," * 100 + b"[]]", 2),  # many brackets, shallow
        (b'["' + b"[" * 100 + b'"]', 1),  # brackets inside a string do not count
        (b'[{"a": "' + b"[" * 100 + b'"}, ' + nested(40) + b"]", 41),
        (b'["\\"' + b"[" * 100 + b'"]', 1),  # an escaped quote does not end the string
        (b'["\\\\", ' + nested(40) + b"]", 41),  # an escaped backslash does not escape the quote
    ],
)
def test_the_depth_is_that_of_the_arrays_and_objects_outside_strings(body: bytes, depth: int) -> None:
    assert nesting_depth(body) == depth


def test_the_depth_agrees_with_a_decoder_on_what_is_a_string() -> None:
    body = json.dumps({"text": "[[[{{{" * 20 + '\\"\\\\', "deep": json.loads(nested(40))}).encode()

    assert nesting_depth(body) == 41


def test_a_body_is_refused_one_level_past_the_limit() -> None:
    ensure_shallow(nested(MAX_JSON_DEPTH))
    ensure_shallow(b'["' + b"[" * 1000 + b'"]')

    with pytest.raises(TooDeepError):
        ensure_shallow(nested(MAX_JSON_DEPTH + 1))
