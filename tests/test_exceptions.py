"""One base error, one subclass per kind of failure, each with a one-line docstring (as papermill's)."""

from __future__ import annotations

import inspect

import pytest

from ehp_analysis import exceptions
from ehp_analysis.exceptions import (ChapterUsageError, EhpError, FigureError, UnknownColourError,
                                     UnknownMeasureError)

CLASSES = [c for _, c in inspect.getmembers(exceptions, inspect.isclass) if c.__module__ == exceptions.__name__]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_error_is_an_ehp_error_with_a_one_line_docstring(cls):
    assert issubclass(cls, EhpError)
    doc = cls.__doc__ or ""
    assert doc.strip() and "\n" not in doc.strip()


@pytest.mark.parametrize("cls", [ChapterUsageError, FigureError, UnknownColourError, UnknownMeasureError])
def test_errors_that_replaced_a_value_error_are_still_value_errors(cls):
    # Code written before the hierarchy caught ValueError; it still does.
    assert issubclass(cls, ValueError)
