"""The HTTP API: REST endpoints under /v1, problem details, auth."""

from server.api.app import create_app

__all__ = ["create_app"]
