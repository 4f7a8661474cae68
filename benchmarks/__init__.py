"""Benchmarks of lvv at national scale: `python -m benchmarks` (`make bench`). See README.md."""
