package main

// analysisCommands lists the engine's analysis subcommands (routes, nexthop,
// trace, reach, lint, check, fmt, ...). Each lives in a file of its own.
func analysisCommands() []command {
	return nil
}
