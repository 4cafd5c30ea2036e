"""The trackcue server side: workouts, the session engine, live sessions, storage and the API."""
