"""Every bound on the work one workout can cause, in one place, each with the reason for its number.

A workout is small to write and can be large to run: `10x` and `splits 1mtr` multiply. Without
bounds, 35 bytes of text (`- 100km 5:00/km Pace splits 1mtr`, repeated) made the server build
millions of split calls on its event loop while every live session waited. Each number below
keeps the worst accepted request to a few milliseconds of CPU and a few hundred KB, and is still
several times what the longest real session needs. Every limit is checked before the work it
bounds is done (split calls are counted from distance and interval, expanded steps from the repeat
counts, lines before any line is read), and the error names the limit and where it was crossed.

The longest real sessions these were measured against:
- a 100-mile race plan in one step with a split call every 400 m lap: 403 split calls;
- 40 x 200 m with recoveries: 80 expanded steps; a 10 x (5 x 400 m) session of sets: about 110;
- sets of reps of on/off efforts (`3x` of `5x` of `- 1m on - 1m off`): repeats 2 deep.
"""

from __future__ import annotations

__all__ = [
    "MAX_DISTANCE_M",
    "MAX_EXPANDED_STEPS",
    "MAX_EXPANDED_WORDS",
    "MAX_LINE_CHARS",
    "MAX_NOTES_CHARS",
    "MAX_REPEAT_COUNT",
    "MAX_REPEAT_DEPTH",
    "MAX_SPLIT_CALLS",
    "MAX_SPLIT_CALLS_PER_STEP",
    "MAX_TEXT_CHARS",
    "MAX_TEXT_LINES",
    "MAX_WORDS_CHARS",
]

MAX_SPLIT_CALLS_PER_STEP = 500
"""Split calls one step may make (its finish included).

A 100-mile race plan called every 400 m lap is 403 calls; a 24-hour track race is run lap by lap
with the lap button, not as one distance step. Past this, `splits 1mtr` on a long step is a typo.
"""

MAX_SPLIT_CALLS = 2_000
"""Split calls over the whole expanded workout, counting every repetition.

Each call is about 65 bytes of snapshot: 2,000 of them are 130 KB. The 100-mile plan above uses a
fifth of it; 10 x 1 km called every 100 m uses 100.
"""

MAX_EXPANDED_STEPS = 500
"""Steps a workout may expand to once every repeat is written out.

An expanded step is about 600 bytes of snapshot (1-2 KB with long cues, notes and names), so 500
keep a session's snapshot and its preview to a few hundred KB. The longest interval sessions
expand to about 100 steps; more than 500 is `100x` inside `100x`, not a session.
"""

MAX_EXPANDED_WORDS = 100_000
"""Characters of cues, notes and block names copied into the expanded steps, counting repeats.

Every expanded step carries its cue, its note and the names of its blocks (in its path), so a
200-character cue in `100x` is 20 KB of snapshot. A real session with a 30-character cue on each
of 100 steps, 2 blocks deep, copies about 10,000; at most 100 KB keeps the snapshot small.
"""

MAX_REPEAT_COUNT = 100
"""Times one repeat may run: 100 x 100 m strides is already more than anyone runs in a session."""

MAX_REPEAT_DEPTH = 4
"""Repeats nested inside each other. Sets of reps of on/off efforts is 2 deep; 3 is rare.

Each level lengthens every expanded step's path and multiplies its count; 4 leaves room for one
more level than any session we know of.
"""

MAX_TEXT_CHARS = 100_000
"""Characters of workout text read at all, checked before the text is split into lines.

Equal to the API's body limit for a text: 500 lines of 200 characters, far beyond a real plan.
"""

MAX_TEXT_LINES = 500
"""Lines of workout text, blank ones included, counted before any line is read.

A 100-mile plan written a step a mile is about 110 lines; 500 leaves room for notes and headers.
"""

MAX_LINE_CHARS = 1_000
"""Characters in one line of workout text, checked before the line is split into words.

The longest step line `format_workout` can write (a 200-character cue and note, a tag, every
target family, a ramp and split calls, indented 4 deep) is about 650 characters; the limit must
exceed it so that every workout the model accepts reads back from its own text.
"""

MAX_WORDS_CHARS = 200
"""Characters in a name, a cue or a note of a step: a sentence a runner hears, not a paragraph.

Cues and notes are copied into every expanded step, so this times `MAX_EXPANDED_STEPS` bounds them.
"""

MAX_NOTES_CHARS = 4_000
"""Characters in a workout's free-text notes: a page of a coach's explanation, stored once."""

MAX_DISTANCE_M = 250_000
"""The longest distance step, in metres: 100 miles (161 km) with margin, under 250 km."""
