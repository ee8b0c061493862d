// Reads each .env file named on the command line with docker compose's own parser (the
// dotenv package of compose-spec/compose-go, copied beside this file by
// tests/support/loader_readings.py) and prints {file: {"vars": {...}, "error": "..."}} as JSON.
// GetEnvFromFile is the path docker compose takes for a project's .env file; the lookup
// environment is empty, as in the other loaders' readings.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"envguardloaders/dotenv"
)

type reading struct {
	Vars  map[string]string `json:"vars"`
	Error *string           `json:"error"`
}

func main() {
	out := map[string]reading{}
	for _, name := range os.Args[1:] {
		vars, err := dotenv.GetEnvFromFile(map[string]string{}, []string{name})
		r := reading{Vars: vars}
		if err != nil {
			msg := err.Error()
			r.Error = &msg
		}
		out[name] = r
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
