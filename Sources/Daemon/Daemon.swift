// Daemon: see DESIGN in README. Contents arrive with their issues.
