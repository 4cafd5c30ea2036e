"""Live sessions: the hub, one scheduler per process, the event log, clients' outboxes."""

from server.live.event_writer import EventWriter
from server.live.hub import Hub
from server.live.outbox import Outbox
from server.live.scheduler import Scheduler
from server.live.session import Client, LiveSession

__all__ = ["Client", "EventWriter", "Hub", "LiveSession", "Outbox", "Scheduler"]
