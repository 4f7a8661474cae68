"""API shapes of clients and their files, input and output kept apart, one module per resource.

`client` holds the client itself and the one choice of which fields an actor receives;
`client_actions` the shapes of the client's writes and actions (registration, change, status,
transfer, merge, duplicate check); `journal`, `consents`, `intakes` and `access_log` the parts
of the file under /clients/{client_uuid}/... . References go by public keys: a municipality by
CBS code, an organisation or client by uuid.
"""
