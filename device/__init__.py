"""The BLE bridge: sensors in, cues out; installable without the server (`bridge` extra)."""
