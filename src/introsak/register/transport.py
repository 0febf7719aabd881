"""How an export reaches NIR. IMDi's web service for municipal case systems (WS4) is not
public, so the only transport here keeps the file in Introsak for a person to upload in NIR.
A WS4 client is added later as another class with the same `send`, named in the setting
`INTROSAK_NIR_TRANSPORT` (a dotted path; default `introsak.register.transport.FileTransport`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from .models import RegisterExport

DEFAULT_TRANSPORT = "introsak.register.transport.FileTransport"


@dataclass(frozen=True)
class Receipt:
    """What the register (or the file store) answered."""

    transport: str
    reference: str
    sent_at: datetime.datetime


class Transport(Protocol):
    name: str

    def send(self, export: RegisterExport) -> Receipt:
        """Deliver the export's stored files; raise on failure (the export is rolled back)."""
        ...


class FileTransport:
    """Stores only: the files stay in Introsak, to be downloaded and uploaded in NIR."""

    name = "file"

    def send(self, export: RegisterExport) -> Receipt:
        json_file = export.files.get(kind="json")
        return Receipt(self.name, f"sha256:{json_file.sha256}", timezone.now())


def get_transport() -> Transport:
    path = getattr(settings, "INTROSAK_NIR_TRANSPORT", "") or DEFAULT_TRANSPORT
    return import_string(path)()
