"""Page forms of the client register, one module per subject. They turn what a person types
into what the services expect (a partial date of birth into a date and its precision, an
inclusive day into the stored one) and put the services' errors at the matching field; the
rules stay in the services.

`fields` holds the parsing the forms share, `identity` the client's own details, `records`
what is recorded in the file (intake, consent, journal), `changes` status, transfer, merge and
household, `filters` the filter form above the client list.
"""
