import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from kokous.preparation.codes import (
    code_ancestors,
    code_join,
    code_normalise,
    code_parts,
    code_sort_key,
)


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("A2.1.", "A2.1"),
        ("B.1.", "B1"),
        ("b1.3", "B1.3"),
        (" F ", "F"),
        ("1.10.", "1.10"),
        ("A3.", "A3"),
        ("C 2.5", "C2.5"),
    ],
)
def test_codes_are_stored_in_one_form(written, stored):
    assert code_normalise(written) == stored


@pytest.mark.parametrize("written", ["", ".", "1..2", "A-2", "2A", "1.x", "A" * 31])
def test_what_is_not_a_code_is_refused(written):
    with pytest.raises(ValidationError):
        code_normalise(written)


def test_codes_have_levels_and_ancestors():
    assert code_parts("A2.1") == ("A", "2", "1")
    assert code_parts("1.10") == ("1", "10")
    assert code_parts("F") == ("F",)
    assert code_ancestors("A2.1") == ["A2", "A"]
    assert code_ancestors("1.10") == ["1"]
    assert code_ancestors("F") == []


def test_codes_sort_as_they_are_read():
    codes = ["1.10", "1.9", "1", "A2.1", "A10", "A2", "A", "B1.3"]
    assert sorted(codes, key=code_sort_key) == [
        "1",
        "1.9",
        "1.10",
        "A",
        "A2",
        "A2.1",
        "A10",
        "B1.3",
    ]


@given(
    st.one_of(
        st.tuples(st.sampled_from(["A", "B", "ÖK"]), st.lists(st.integers(0, 999), max_size=3)),
        st.tuples(st.just(""), st.lists(st.integers(0, 999), min_size=1, max_size=4)),
    )
)
def test_a_code_is_its_parts_joined(spec):
    letters, numbers = spec
    parts = ((letters,) if letters else ()) + tuple(str(n) for n in numbers)
    code = code_join(parts)
    assert code_normalise(code) == code
    assert code_parts(code) == parts
    for ancestor in code_ancestors(code):
        assert code_sort_key(ancestor) < code_sort_key(code)
