"""Simulated athletes and sensors, for tests, the demo and the BLE simulator. No hardware."""

from device.simulation.athlete import Aim, aim_for
from device.simulation.backend import SimulatedAir, SimulatedBleakClient, SimulatedBleakScanner
from device.simulation.network import SimulatedNetwork
from device.simulation.peripheral import (
    AttFault,
    SimulatedCharacteristic,
    SimulatedPeripheral,
    SimulatedService,
)
from device.simulation.runner import RunnerProfile, RunnerReading, SimulatedRunner
from device.simulation.sensors import (
    Footpod,
    HeartRateStrap,
    SimulatedTreadmill,
    SimulatedWatch,
    WatchAlert,
    footpod,
    heart_rate_strap,
)
from device.simulation.world import SessionTime, SimulatedWorld, StepTruth

__all__ = [
    "Aim",
    "AttFault",
    "Footpod",
    "HeartRateStrap",
    "RunnerProfile",
    "RunnerReading",
    "SessionTime",
    "SimulatedAir",
    "SimulatedBleakClient",
    "SimulatedBleakScanner",
    "SimulatedCharacteristic",
    "SimulatedNetwork",
    "SimulatedPeripheral",
    "SimulatedRunner",
    "SimulatedService",
    "SimulatedTreadmill",
    "SimulatedWatch",
    "SimulatedWorld",
    "StepTruth",
    "WatchAlert",
    "aim_for",
    "footpod",
    "heart_rate_strap",
]
