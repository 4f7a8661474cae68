"""API shapes of placements, trajectory, case meetings, outflow and occupancy; input and
output kept apart, one module per resource (mirroring the viewsets in `api.trajectory`).

References go by public key: locations, organisations, clients, meetings by uuid, a
municipality by CBS code, an outflow reason by its code. Periods are `start` and `end` with
`end` exclusive. Chain partners get the `Shared...` output shapes: which one an actor gets is
decided in one place, `shapes.output_serializer_for`.
"""
