"""Simulated athletes and sensors, for tests, the demo and the BLE simulator. No hardware."""

from device.simulation.runner import RunnerProfile, RunnerReading, SimulatedRunner

__all__ = ["RunnerProfile", "RunnerReading", "SimulatedRunner"]
