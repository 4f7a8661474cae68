"""Pages of the client register, one module per subject."""
