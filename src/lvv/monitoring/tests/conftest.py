"""The client register's scene (`world`) and reference data, shared with the monitor's tests."""

from lvv.cases.tests.conftest import _reference_data, world  # noqa: F401  (pytest fixtures)
