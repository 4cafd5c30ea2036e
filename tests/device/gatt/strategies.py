"""Hypothesis strategies for valid values of every characteristic.

Scaled fields are built from their raw wire steps with the same arithmetic the parsers use
(e.g. raw / 360 for 0.01 km/h in m/s), so a generated value is exactly representable and
`parse(serialize(value)) == value` can be asserted with `==`.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from device.gatt import (
    AlertCategory,
    AlertLevel,
    BodySensorLocation,
    Contact,
    ControlOpCode,
    ControlPermissionLost,
    ControlResponse,
    FitnessMachineFeature,
    HeartRateMeasurement,
    InclinationRange,
    MachineFeature,
    MachineReset,
    NewAlert,
    OtherMachineStatus,
    PaceEncoding,
    RequestControl,
    Reset,
    ResultCode,
    RscFeature,
    RscMeasurement,
    SetTargetInclination,
    SetTargetSpeed,
    SpeedRange,
    StartedOrResumedByUser,
    StartOrResume,
    StatusOpCode,
    StopOrPause,
    StopOrPauseAction,
    StoppedBySafetyKey,
    StoppedOrPausedByUser,
    TargetInclineChanged,
    TargetSettingFeature,
    TargetSpeedChanged,
    TrainingStatus,
    TrainingStatusCode,
    TreadmillData,
    UnsupportedRequest,
)

UINT8 = st.integers(0, 0xFF)
UINT16 = st.integers(0, 0xFFFF)
SINT16 = st.integers(-0x8000, 0x7FFF)
UINT32 = st.integers(0, 0xFFFF_FFFF)

KMH_SPEED = UINT16.map(lambda raw: raw / 360)
TENTHS_SIGNED = SINT16.map(lambda raw: raw / 10)
TENTHS_UNSIGNED = UINT16.map(lambda raw: raw / 10)


def _fit(text: str, max_bytes: int | None) -> str:
    while max_bytes is not None and len(text.encode("utf-8")) > max_bytes:
        text = text[:-1]
    return text


def _readable_text(max_bytes: int | None = None) -> st.SearchStrategy[str]:
    """Text that reads back as itself: no lone surrogates, no trailing NUL."""
    return (
        st.text(st.characters(codec="utf-8"), max_size=40)
        .map(lambda value: _fit(value, max_bytes))
        .filter(lambda value: not value.endswith("\x00"))
    )


TEXT = _readable_text()

heart_rate_measurements = st.builds(
    HeartRateMeasurement,
    bpm=UINT16,
    contact=st.sampled_from(Contact),
    energy_kj=st.none() | UINT16,
    rr_ms=st.lists(UINT16.map(lambda ticks: ticks * 1000 / 1024), max_size=9).map(tuple),
)

rsc_measurements = st.builds(
    RscMeasurement,
    speed_mps=UINT16.map(lambda raw: raw / 256),
    cadence_spm=UINT8,
    stride_m=st.none() | UINT16.map(lambda raw: raw / 100),
    distance_m=st.none() | UINT32.map(lambda raw: raw / 10),
    running=st.booleans(),
)

rsc_features = st.integers(0, 0xFFFF).map(RscFeature)


def _maybe(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | values


@st.composite
def treadmill_data(draw: st.DrawFn, *, quirks: bool = False) -> TreadmillData:
    """A valid notification; with `quirks`, reserved flag bits and a vendor tail too."""
    more_data = draw(st.booleans())
    encoding = draw(st.sampled_from(PaceEncoding))
    if encoding is PaceEncoding.KM_PER_MIN_UINT8:
        pace = st.integers(1, 0xFF).map(lambda raw: 600 / raw)
    else:
        pace = st.integers(1, 0xFFFF).map(lambda raw: raw * 2.0)
    not_available_7fff = st.integers(-0x8000, 0x7FFE)
    values: dict[str, Any] = {
        "speed_mps": None if more_data else draw(KMH_SPEED),
        "average_speed_mps": draw(_maybe(KMH_SPEED)),
        "distance_m": draw(_maybe(st.integers(0, 0xFF_FFFF))),
        "incline_pct": draw(_maybe(not_available_7fff.map(lambda raw: raw / 10))),
        "ramp_angle_deg": draw(_maybe(not_available_7fff.map(lambda raw: raw / 10))),
        "instantaneous_pace_s_per_km": draw(_maybe(pace)),
        "average_pace_s_per_km": draw(_maybe(pace)),
        "energy_kcal": draw(_maybe(st.integers(0, 0xFFFE))),
        "energy_per_hour_kcal": draw(_maybe(st.integers(0, 0xFFFE))),
        "energy_per_minute_kcal": draw(_maybe(st.integers(0, 0xFE))),
        "heart_rate": draw(_maybe(st.integers(1, 0xFF))),
        "metabolic_equivalent": draw(_maybe(UINT8.map(lambda raw: raw / 10))),
        "elapsed_s": draw(_maybe(UINT16)),
        "remaining_s": draw(_maybe(UINT16)),
        "force_n": draw(_maybe(not_available_7fff)),
        "power_w": draw(_maybe(not_available_7fff)),
    }
    if draw(st.booleans()):  # the elevation pair has no "not available" marker: both or none
        values["elevation_gain_m"] = draw(TENTHS_UNSIGNED)
        values["elevation_loss_m"] = draw(TENTHS_UNSIGNED)
    has_pace = (
        values["instantaneous_pace_s_per_km"] is not None
        or values["average_pace_s_per_km"] is not None
    )
    extras: dict[str, Any] = {}
    if quirks:
        extras["unknown_flags"] = draw(st.sampled_from([0x2000, 0x4000, 0x8000, 0xE000]))
        if not has_pace:
            extras["trailing"] = draw(st.binary(min_size=1, max_size=6))
    return TreadmillData(
        more_data=more_data,
        pace_encoding=encoding if has_pace else PaceEncoding.KM_PER_MIN_UINT8,
        **values,
        **extras,
    )


fitness_machine_features = st.builds(
    FitnessMachineFeature,
    machine=UINT32.map(MachineFeature),
    target_setting=UINT32.map(TargetSettingFeature),
)

speed_ranges = st.builds(
    SpeedRange, minimum_mps=KMH_SPEED, maximum_mps=KMH_SPEED, increment_mps=KMH_SPEED
)

inclination_ranges = st.builds(
    InclinationRange,
    minimum_pct=TENTHS_SIGNED,
    maximum_pct=TENTHS_SIGNED,
    increment_pct=TENTHS_UNSIGNED,
)

training_statuses = st.builds(
    TrainingStatus,
    status=st.sampled_from(TrainingStatusCode) | st.integers(0x10, 0xFF),
    text=st.none() | TEXT,
    extended_string=st.booleans(),
)

_DECODED_REQUESTS = {0x00, 0x01, 0x02, 0x03, 0x07, 0x08}

control_requests = st.one_of(
    st.just(RequestControl()),
    st.just(Reset()),
    st.builds(SetTargetSpeed, speed_mps=KMH_SPEED),
    st.builds(SetTargetInclination, incline_pct=TENTHS_SIGNED),
    st.just(StartOrResume()),
    st.builds(StopOrPause, action=st.sampled_from(StopOrPauseAction)),
    st.builds(
        UnsupportedRequest,
        op_code=UINT8.filter(lambda code: code not in _DECODED_REQUESTS),
        parameter=st.binary(max_size=18),
    ),
)

control_responses = st.builds(
    ControlResponse,
    request_op_code=st.sampled_from(ControlOpCode) | UINT8,
    result=st.sampled_from(ResultCode),
    parameter=st.binary(max_size=17),
)

_DECODED_STATUSES = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0xFF}

machine_statuses = st.one_of(
    st.just(MachineReset()),
    st.builds(StoppedOrPausedByUser, action=st.none() | st.sampled_from(StopOrPauseAction)),
    st.just(StoppedBySafetyKey()),
    st.just(StartedOrResumedByUser()),
    st.builds(TargetSpeedChanged, speed_mps=KMH_SPEED),
    st.builds(TargetInclineChanged, incline_pct=TENTHS_SIGNED),
    st.just(ControlPermissionLost()),
    st.builds(
        OtherMachineStatus,
        op_code=(st.sampled_from(StatusOpCode) | UINT8).filter(
            lambda code: code not in _DECODED_STATUSES
        ),
        parameter=st.binary(max_size=18),
    ),
)

battery_levels = st.integers(0, 100)
body_sensor_locations = st.sampled_from(BodySensorLocation)
alert_levels = st.sampled_from(AlertLevel)
new_alerts = st.builds(
    NewAlert,
    category=st.sampled_from(AlertCategory),
    count=UINT8,
    text=_readable_text(max_bytes=18),
)
