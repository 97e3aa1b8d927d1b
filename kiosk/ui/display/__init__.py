"""The lobby display in Kivy: `board` decides what to show and say (plain Python), `feed`
follows the server's events, `screen` draws the board and `app` wires them together."""
