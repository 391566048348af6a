"""The build steps, each a pure function on arrays that also returns its log entry."""
