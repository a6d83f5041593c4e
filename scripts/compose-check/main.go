// compose-check validates a Compose file the way `docker compose config` does (compose-go's
// loader with the Compose Specification's JSON schema), without a Docker engine.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-check FILE")
		os.Exit(2)
	}
	path, _ := filepath.Abs(os.Args[1])
	opts, err := cli.NewProjectOptions([]string{path},
		cli.WithWorkingDirectory(filepath.Dir(path)), cli.WithOsEnv, cli.WithDotEnv)
	if err == nil {
		var p interface{ ServiceNames() []string }
		p, err = opts.LoadProject(context.Background())
		if err == nil {
			fmt.Printf("%s: valid, services: %v\n", path, p.ServiceNames())
			return
		}
	}
	fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
	os.Exit(1)
}
