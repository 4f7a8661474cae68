"""Pages of the monitor (mounted at /monitor/). Each module keeps its own url patterns."""
