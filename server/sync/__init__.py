"""Results sync between files and the store: uploads in (one activity per run, whatever the
number of files it comes in), sessions and workouts out. The HTTP routes and the CLI are thin
layers over this package; the file formats themselves are `server.files`."""
