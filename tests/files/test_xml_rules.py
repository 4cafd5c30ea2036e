"""TCX and GPX oddities real exporters write, each with its rule; hostile XML refused."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from server.files.activity import Sport
from server.files.errors import RefusalCode
from server.files.limits import FileLimits
from server.files.read import read_activity
from tests.files.conftest import refusal

GPX_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<gpx version="1.1" creator="StravaGPX" xmlns="http://www.topografix.com/GPX/1/1"{ns}>\n'
)
TPX = ' xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"'


def gpx(kind: str = "9", *, declare: bool = True, points: int = 5) -> str:
    rows = "".join(
        f'<trkpt lat="46.0{i:02d}" lon="14.5"><ele>300</ele>'
        f"<time>2026-05-01T07:00:{i:02d}Z</time>"
        f"<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{140 + i}</gpxtpx:hr>"
        "<gpxtpx:cad>88</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>"
        for i in range(points)
    )
    head = GPX_HEAD.format(ns=TPX if declare else "")
    return (
        f"{head}<trk><name>Morning Run</name><type>{kind}</type><trkseg>{rows}</trkseg></trk></gpx>"
    )


def tcx(body: str = "", sport: str = "Running") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f'<Activities><Activity Sport="{sport}"><Id>2026-05-01T07:00:00Z</Id>'
        '<Lap StartTime="2026-05-01T07:00:00Z"><TotalTimeSeconds>120</TotalTimeSeconds>'
        "<DistanceMeters>400</DistanceMeters><Intensity>Active</Intensity>"
        "<TriggerMethod>Manual</TriggerMethod><Track>"
        "<Trackpoint><Time>2026-05-01T07:00:00Z</Time><HeartRateBpm><Value>0</Value></HeartRateBpm></Trackpoint>"
        "<Trackpoint><Time>2026-05-01T07:02:00Z</Time><HeartRateBpm><Value>150</Value></HeartRateBpm></Trackpoint>"
        f"</Track></Lap></Activity></Activities>{body}</TrainingCenterDatabase>"
    )


@pytest.mark.parametrize(
    ("kind", "sport"),
    [("9", Sport.RUNNING), ("1", Sport.CYCLING), ("10", Sport.WALKING), ("4", Sport.HIKING),
     ("16", Sport.SWIMMING), ("running", Sport.RUNNING), ("Ride", Sport.CYCLING)],
)  # fmt: skip
def test_strava_numeric_activity_types_in_gpx_name_the_sport(kind: str, sport: Sport) -> None:
    assert read_activity(gpx(kind).encode()).sport is sport


def test_an_unknown_strava_number_is_other_and_keeps_its_number() -> None:
    activity = read_activity(gpx("77").encode())
    assert (activity.sport, activity.sub_sport) == (Sport.OTHER, "strava_type_77")


def test_a_gpx_track_with_heart_rate_and_cadence_from_garmin_extensions() -> None:
    run = read_activity(gpx().encode())
    assert [r.heart_rate for r in run.records] == [140, 141, 142, 143, 144]
    assert run.records[0].cadence_spm == 176  # one leg's 88 strides: 176 steps a minute
    assert read_activity(gpx("1").encode()).records[0].cadence_spm == 88  # a ride's rpm
    assert run.avg_hr == 142.0 and run.max_hr == 144
    assert run.name == "Morning Run" and run.elapsed_s == 4.0
    # 0.001° of latitude a second: about 111.2 m each.
    assert run.distance_m == pytest.approx(4 * 111.19, abs=0.1)


def test_a_namespace_prefix_used_but_never_declared_is_recovered_with_a_warning() -> None:
    run = read_activity(gpx(declare=False).encode())
    assert [r.heart_rate for r in run.records] == [140, 141, 142, 143, 144]
    warning = next(w for w in run.warnings if w.code == "xml_undeclared_prefix")
    assert "gpxtpx" in warning.message


@pytest.mark.parametrize("prefix", [b"\xef\xbb\xbf", b"\n\n  ", b"\xef\xbb\xbf\r\n"])
def test_whitespace_or_a_byte_order_mark_before_the_xml_declaration_is_forgiven(
    prefix: bytes,
) -> None:
    run = read_activity(prefix + tcx().encode())
    assert run.distance_m == 400.0
    spaced = prefix.strip(b"\xef\xbb\xbf") != b""
    assert ("xml_leading_whitespace" in {w.code for w in run.warnings}) is spaced


def test_tcx_heart_rate_0_is_none_and_the_lap_trigger_and_intensity_are_kept() -> None:
    run = read_activity(tcx().encode())
    assert [r.heart_rate for r in run.records] == [None, 150]
    assert run.avg_hr == 150.0
    lap = run.laps[0]
    assert (lap.trigger.value, lap.intensity, lap.avg_speed_mps) == ("manual", "active", 3.333)


def test_a_tcx_that_is_not_a_run_keeps_its_sport() -> None:
    assert read_activity(tcx(sport="Biking").encode()).sport is Sport.CYCLING


def test_billion_laughs_is_refused_without_expanding_anything() -> None:
    lol = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    doc = f'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY lol0 "lol">{lol}]><gpx>&lol9;</gpx>'
    started = time.process_time()
    refused = refusal(doc.encode())
    assert refused.code is RefusalCode.XML_ENTITIES
    assert time.process_time() - started < 5, "no expansion took place"


def test_an_external_entity_is_refused_and_never_read() -> None:
    doc = '<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY x SYSTEM "file:///etc/passwd">]><gpx>&x;</gpx>'
    assert refusal(doc.encode()).code is RefusalCode.XML_ENTITIES


def test_xml_nested_deeper_than_the_limit_is_refused_with_its_line() -> None:
    deep = "<gpx>" + "<a>" * 100 + "</a>" * 100 + "</gpx>"
    refused = refusal(deep.encode())
    assert refused.code is RefusalCode.XML_TOO_DEEP and refused.line == 1


def test_xml_deeper_than_the_parser_allows_is_refused_as_too_deep() -> None:
    deep = "<gpx>" + "<a>" * 300 + "</a>" * 300 + "</gpx>"
    assert refusal(deep.encode(), limits=FileLimits(max_xml_depth=400)).code is (
        RefusalCode.XML_TOO_DEEP
    )


def test_broken_xml_is_refused_with_its_line() -> None:
    refused = refusal(b'<?xml version="1.0"?>\n<gpx>\n<trk>\n</gpx>', filename="run.gpx")
    assert refused.code is RefusalCode.NOT_XML and refused.line == 4


def test_xml_that_is_neither_tcx_nor_gpx_is_an_unknown_format() -> None:
    assert refusal(b"<kml></kml>").code is RefusalCode.UNKNOWN_FORMAT


def test_a_gpx_with_only_waypoints_has_no_data() -> None:
    doc = (
        GPX_HEAD.format(ns="")
        + '<wpt lat="1" lon="2"><time>2026-05-01T07:00:00Z</time></wpt></gpx>'
    )
    assert refusal(doc.encode()).code is RefusalCode.NO_DATA


def test_too_many_trackpoints_are_refused() -> None:
    refused = refusal(gpx(points=20).encode(), limits=FileLimits(max_records=10))
    assert refused.code is RefusalCode.TOO_MANY_RECORDS


def test_an_xml_reader_failure_of_any_kind_is_a_typed_refusal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from server.files import read

    def explode(*args: object) -> object:
        raise KeyError("a reader bug")

    monkeypatch.setattr(read, "read_gpx", explode)
    assert refusal(gpx().encode()).code is RefusalCode.NOT_XML


def test_a_gpx_track_of_27_days_is_refused_as_implausible() -> None:
    doc = gpx().replace("2026-05-01T07:00:04Z", "2026-05-28T07:00:04Z")
    refused = refusal(doc.encode())
    assert refused.code is RefusalCode.IMPLAUSIBLE and "27.0 days" in refused.message


def test_a_tcx_dated_before_1990_is_refused_as_implausible() -> None:
    refused = refusal(tcx().replace("2026-05-01", "1970-01-01").encode())
    assert refused.code is RefusalCode.IMPLAUSIBLE


def test_an_earlier_broken_file_does_not_change_how_an_undeclared_prefix_is_judged() -> None:
    """lxml keeps a thread-wide log of errors; only this parse's own errors may count."""
    refusal(b"<gpx><trk></gpx>")
    run = read_activity(gpx(declare=False).encode())
    assert "xml_undeclared_prefix" in {w.code for w in run.warnings}


def test_times_without_a_zone_are_read_as_utc_with_a_warning() -> None:
    run = read_activity(gpx().replace(":00Z<", ":00<").encode())
    assert "time_without_zone" in {w.code for w in run.warnings}
    assert run.start.utcoffset() == dt.timedelta(0)


def test_gpx_points_without_a_time_are_left_out_with_a_warning() -> None:
    doc = gpx().replace("<time>2026-05-01T07:00:02Z</time>", "")
    run = read_activity(doc.encode())
    assert len(run.records) == 4
    assert "gpx_points_without_time" in {w.code for w in run.warnings}


def test_a_tcx_with_several_activities_gives_the_first_with_a_warning() -> None:
    one = tcx()
    start = one.index("<Activity ")
    end = one.index("</Activity>") + len("</Activity>")
    doc = one[:end] + one[start:end].replace('Sport="Running"', 'Sport="Biking"') + one[end:]
    run = read_activity(doc.encode())
    assert run.sport is Sport.RUNNING
    assert "tcx_several_activities" in {w.code for w in run.warnings}
