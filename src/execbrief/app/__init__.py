"""The use cases behind every command, shared by the command line and the coming web server.

Each function takes plain values (paths, moments, formats), reads files and the store
through sources/ and store/, lets the core compose, renders through render/, and returns
what it made: a Brief, rendered text or bytes, the paths it wrote, rows. Nothing here
prints to stdout or reads argv; a user's mistake or an outside failure is raised as an
ExecbriefError (execbrief.errors) for the caller to report.

Keep the top-level imports of these modules light: the command line imports them to
declare its options, on every run, including `execbrief --help`.
"""
