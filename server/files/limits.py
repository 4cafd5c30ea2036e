"""How much work one file may cost, decided before the work is done.

An upload is untrusted: a few kilobytes of gzip can expand to gigabytes, an XML file can nest
or declare entities without end, and a FIT file can claim millions of records. Every reader
checks these limits as it goes and stops at the first one crossed, so a hostile file costs no
more than a large honest one.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

MIB = 1024 * 1024
DAY_S = 86_400.0


class FileLimits(BaseModel):
    """The limits one import runs under; the defaults suit a watch's activity file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # Bytes as received (a gzip file's compressed size). The largest real activity files
    # (a day-long multisport race at one record a second) are a few megabytes.
    max_file_bytes: int = Field(default=32 * MIB, gt=0)
    # Bytes after gzip expansion, checked while expanding so a gzip bomb stops early.
    max_expanded_bytes: int = Field(default=64 * MIB, gt=0)
    # Records (FIT record messages, TCX trackpoints, GPX track points): 250,000 is about
    # 69 hours at one a second.
    max_records: int = Field(default=250_000, gt=0)
    # FIT data messages of every kind (records, heart-rate variability, events, unknown ones),
    # so a file of millions of tiny messages stops early too.
    max_messages: int = Field(default=750_000, gt=0)
    # Laps and sessions together; a watch writes one per lap press or auto-lap.
    max_laps: int = Field(default=10_000, gt=0)
    # Samples of buffered strap heart rate in chained FIT files.
    max_hr_samples: int = Field(default=500_000, gt=0)
    # XML nesting; TCX and GPX need about a dozen levels, extensions included.
    max_xml_depth: int = Field(default=64, gt=0)
    # Longer than any race a runner records in one file (multi-day ultras included).
    max_duration_s: float = Field(default=7 * DAY_S, gt=0)
    # How far the clock may step back between records before the file is implausible;
    # a few seconds happen (GPS time corrections), an hour does not.
    max_clock_step_back_s: float = Field(default=600.0, ge=0)


DEFAULT_LIMITS = FileLimits()
