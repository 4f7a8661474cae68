"""Reads of the client register, always through `Client.objects.visible_to(actor)`."""
