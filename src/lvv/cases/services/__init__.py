"""Writes of the client register, one module per subject. Import the module you need:
`from lvv.cases.services import clients, placements`."""
